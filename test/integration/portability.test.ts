// "LWA: New Data Portability Request": an untitled http document with createDataQuery and
// listDataQueryRecords for the profile's region, holding a fresh token the emulator accepts.
// (Named portability, not dataPortability: files run in name order, and extension.test.ts must run
// before any suite that makes an HTTP request.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { DataPortabilityRequestResult } from '../../src/vscode/portability/dataPortabilityRequests';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, setSetting, signInWithLoopback,
	startEmulator,
} from './support/lwaTestKit';

suite('New Data Portability Request', () => {
	let testing: LwaTestingApi;
	const emulators: LwaEmulator[] = [];
	const added: string[] = [];
	const opened: string[] = [];

	/** An EU profile with the customer profile portability scope, signed in. */
	async function portabilityProfile(name: string, options: { accessTokenLifetimeSeconds?: number; scopes?: string[]; dataPortabilityOverride?: boolean } = {}): Promise<{ profile: TestProfile; emulator: LwaEmulator }> {
		const emulator = await startEmulator(options.accessTokenLifetimeSeconds ? { accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds } : {});
		emulators.push(emulator);
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes: options.scopes ?? ['profile', 'portability::customer_profile'] });
		profile.raw.region = 'EU';
		if (options.dataPortabilityOverride) {
			profile.raw.endpoints = { ...(profile.raw.endpoints as Record<string, string>), dataPortability: emulator.dataPortability.endpoints['intake.us-east-1.portability.data.amazon'] };
		}
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
		return { profile, emulator };
	}

	function newRequest(arg: Record<string, unknown>): Thenable<DataPortabilityRequestResult | undefined> {
		return vscode.commands.executeCommand<DataPortabilityRequestResult | undefined>('lwa.newDataPortabilityRequest', arg).then((result) => {
			if (result) {
				opened.push(result.uri);
			}
			return result;
		});
	}

	function openDocument(uri: string): vscode.TextDocument {
		const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
		assert.ok(document, 'the document is open');
		return document;
	}

	function bearerTokens(text: string): string[] {
		return [...text.matchAll(/^Authorization: Bearer (\S+)$/gm)].map((match) => match[1]);
	}

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
	});

	suiteTeardown(async () => {
		// Untitled documents with text would ask to be saved: revert each, then close it.
		for (const uri of opened) {
			const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
			if (document && !document.isClosed) {
				await vscode.window.showTextDocument(document);
				await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
			}
		}
		await removeProfiles(added);
		for (const each of emulators) {
			await each.close();
		}
	});

	test('opens an untitled http document with both requests and a token the emulator accepts, and warns that the open document holds a token', async () => {
		const { profile, emulator } = await portabilityProfile('adp');
		const noticesBefore = testing.notices().length;
		const result = await newRequest({ profile: profile.name, host: 'eu-west-1' });
		const warnings = noticesSince(testing, noticesBefore).filter((notice) => notice.includes('holds a bearer token'));
		assert.equal(warnings.length, 1, 'one warning about the token in the open document');
		assert.match(warnings[0], /other extensions can read open documents and the editor may back it up to disk/);
		assert.ok(result, 'the command resolves to the document');
		assert.equal(result.scopeId, 'portability-customer-profile', 'the confirmed scope is mapped without asking');
		assert.equal(result.host, 'intake.eu-west-1.portability.data.amazon');
		const document = openDocument(result.uri);
		assert.equal(document.isUntitled, true);
		assert.equal(document.languageId, 'http');
		assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), result.uri, 'the document is shown');
		const text = document.getText();
		assert.match(text, /^@host = intake\.eu-west-1\.portability\.data\.amazon$/m);
		assert.match(text, /^@scopeId = portability-customer-profile$/m);
		assert.match(text, /^@queryId = /m);
		assert.match(text, /^POST https:\/\/\{\{host\}\}\/\{\{scopeId\}\}\/data-queries$/m);
		assert.match(text, /^GET https:\/\/\{\{host\}\}\/\{\{scopeId\}\}\/data-queries\/\{\{queryId\}\}\/records\?maxResults=10$/m);
		assert.ok(text.indexOf('@queryId') < text.indexOf('POST '), 'the variables come first');
		const tokens = bearerTokens(text);
		assert.equal(tokens.length, 2);
		assert.equal(tokens[0], tokens[1]);
		const response = await fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(tokens[0])}`);
		assert.equal(response.status, 200);
		assert.equal(((await response.json()) as { aud?: string }).aud, profile.clientId);
	});

	test('a stale token is refreshed before it goes into the document, when the profile is not taken for a one-time transfer', async () => {
		// With lwa.dataPortability.assumeOneTimeTransfer on (the default) a portability:: token is never
		// renewed ahead of time (test/integration/oneTimeTransfer.test.ts); this is the recurring case.
		await setSetting('dataPortability.assumeOneTimeTransfer', false);
		try {
			const { profile, emulator } = await portabilityProfile('adp-stale', { accessTokenLifetimeSeconds: 100 });
			const before = emulator.stats.byGrant.refresh_token ?? 0;
			const result = await newRequest({ profile: profile.name, host: 'intake.us-east-1.portability.data.amazon' });
			assert.ok(result);
			assert.equal(emulator.stats.byGrant.refresh_token, before + 1);
			const token = bearerTokens(openDocument(result.uri).getText())[0];
			const response = await fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(token)}`);
			const info = await response.json() as { exp?: number };
			assert.equal(response.status, 200);
			assert.ok((info.exp ?? 0) > 90, 'the token in the document is the new one');
		} finally {
			await setSetting('dataPortability.assumeOneTimeTransfer', undefined);
		}
	});

	test('with endpoints.dataPortability set, the document sends both requests there (no host asked) and its createDataQuery is answered by the emulator', async () => {
		const { profile, emulator } = await portabilityProfile('adp-override', { dataPortabilityOverride: true });
		const override = emulator.dataPortability.endpoints['intake.us-east-1.portability.data.amazon'];
		const result = await newRequest({ profile: profile.name });
		assert.ok(result, 'the command resolves without asking for a host');
		assert.equal(result.baseUrl, override);
		assert.equal(result.host, new URL(override).host);
		const text = openDocument(result.uri).getText();
		assert.ok(text.split('\n').includes(`@baseUrl = ${override}`), 'the override is the @baseUrl variable');
		assert.doesNotMatch(text, /^@host = /m);
		assert.match(text, /^POST \{\{baseUrl\}\}\/\{\{scopeId\}\}\/data-queries$/m);
		assert.match(text, /^GET \{\{baseUrl\}\}\/\{\{scopeId\}\}\/data-queries\/\{\{queryId\}\}\/records\?maxResults=10$/m);
		// The document's createDataQuery, sent as a REST client would resolve its variables.
		const create = /^POST (.+)$/m.exec(text)![1].replace('{{baseUrl}}', override).replace('{{scopeId}}', result.scopeId);
		const response = await fetch(create, { method: 'POST', headers: { authorization: `Bearer ${bearerTokens(text)[0]}`, accept: 'application/json' } });
		assert.equal(response.status, 201, 'the emulator accepts the document\'s request and token');
		assert.deepEqual(emulator.dataPortability.queryIds(result.scopeId), [((await response.json()) as { id: string }).id]);
	});

	test('takes a typed scope id for other portability scopes and refuses malformed ones', async () => {
		const { profile } = await portabilityProfile('adp-orders', { scopes: ['portability::physical_orders'] });
		const result = await newRequest({ profile: profile.name, host: 'us-west-2', scopeId: 'portability-physical-orders' });
		assert.match(openDocument(result?.uri ?? '').getText(), /^@scopeId = portability-physical-orders$/m);
		assert.match(openDocument(result?.uri ?? '').getText(), /^@host = intake\.us-west-2\.portability\.data\.amazon$/m);

		const before = testing.notices().length;
		assert.equal(await newRequest({ profile: profile.name, host: 'us-west-2', scopeId: 'portability::physical_orders' }), undefined);
		assert.equal(await newRequest({ profile: profile.name, host: 'intake.example.com', scopeId: 'portability-physical-orders' }), undefined);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes('is not a Data Portability scope id')), notices.join('\n'));
		assert.ok(notices.some((notice) => notice.includes('Unknown Data Portability host')), notices.join('\n'));
	});

	test('a grantless profile is refused: Data Portability needs a customer', async () => {
		const emulator = await startEmulator();
		emulators.push(emulator);
		const grantless = emulatorProfile(emulator, { name: 'adp-grantless', redirectUri: '', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications'] });
		await addProfile(grantless);
		added.push(grantless.name);
		const before = testing.notices().length;
		assert.equal(await newRequest({ profile: grantless.name, host: 'eu-west-1', scopeId: 'portability-customer-profile' }), undefined);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('needs a customer\'s consent')));
	});
});
