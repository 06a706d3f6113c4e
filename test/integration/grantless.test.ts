// Grantless profiles (client_credentials) end to end against the emulator: no browser, the same
// status bar, refresh, every copy command and sign-out; a missing client secret is explained with
// the way to set it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { TokenInspection } from '../../src/vscode/inspect/tokenInspector';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile, TokenSummary } from './support/lwaTestKit';
import {
	addProfile, assertSameSecretText, emulatorProfile, extensionApi, noticesSince, removeProfiles,
	startEmulator, waitFor,
} from './support/lwaTestKit';

suite('Grantless profiles', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let profile: TestProfile;
	const added: string[] = [];

	/** What the emulator's tokeninfo says about a token. */
	async function tokenInfo(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
		const response = await fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(token)}`);
		return { status: response.status, body: await response.json() as Record<string, unknown> };
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		profile = emulatorProfile(emulator, { name: 'grantless', redirectUri: '', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications', 'alexa:skill_messaging'] });
		await addProfile(profile);
		added.push(profile.name);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await removeProfiles(added);
		await emulator.close();
	});

	test('signing in gets a client credentials token without a browser or a refresh-token warning', async () => {
		const opened = testing.openedUrls.length;
		const before = testing.notices().length;
		emulator.resetStats();
		const summary = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.signIn', { profile: profile.name });
		assert.equal(summary?.profile, profile.name);
		assert.equal(summary?.hasRefreshToken, false);
		assert.equal(testing.openedUrls.length, opened, 'no browser was opened');
		assert.equal(emulator.stats.authorizeRequests, 0);
		assert.equal(emulator.stats.byGrant.client_credentials, 1);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes(`Signed in to "${profile.name}"`)), notices.join('\n'));
		assert.ok(!notices.some((notice) => notice.includes('refresh token')), 'no refresh-token warning for a grantless profile');
	});

	test('the status bar shows the grantless profile\'s remaining life', async () => {
		await waitFor(async () => /LWA grantless \d/.test((await testing.statusBar()).text), 'the status bar to show the profile\'s countdown');
		const status = await testing.statusBar();
		assert.match(status.text, /^\$\([a-z-]+\) LWA grantless (59m|60m)$/);
		assert.equal(status.background, undefined);
		assert.match(status.tooltip, /Grant: client\\_credentials/);
		assert.match(status.tooltip, /Refresh token: not needed/);
	});

	test('lwa.refresh fetches a new client credentials token', async () => {
		const before = emulator.stats.byGrant.client_credentials ?? 0;
		const old = await testing.accessToken(profile.name);
		const summary = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: profile.name });
		assert.equal(summary?.profile, profile.name);
		assert.equal(emulator.stats.byGrant.client_credentials, before + 1);
		assert.notEqual(await testing.accessToken(profile.name), old);
	});

	test('every copy command copies a token that tokeninfo accepts for the client, without a user', async () => {
		const token = await testing.accessToken(profile.name);
		const info = await tokenInfo(token);
		assert.equal(info.status, 200);
		assert.equal(info.body.aud, profile.clientId);
		assert.equal(info.body.user_id, undefined);
		const expected: Record<string, string> = {
			raw: token,
			bearer: `Bearer ${token}`,
			authorizationHeader: `Authorization: Bearer ${token}`,
			amzAccessTokenHeader: `x-amz-access-token: ${token}`,
			dotenv: `LWA_ACCESS_TOKEN=${token}`,
			restClientVariable: `@lwaToken = ${token}`,
		};
		for (const [format, text] of Object.entries(expected)) {
			assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format }), true, format);
			assertSameSecretText(await vscode.env.clipboard.readText(), text, format);
		}
		assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format: 'curl' }), true);
		assert.ok((await vscode.env.clipboard.readText()).includes(`Bearer ${token}`));
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), token, 'lwa.copyAccessToken');
		assert.equal(await vscode.commands.executeCommand('lwa.copyAuthorizationHeader', { profile: profile.name }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), `Authorization: Bearer ${token}`, 'lwa.copyAuthorizationHeader');
	});

	test('Inspect Access Token shows the client\'s token with no user and no Fetch Profile', async () => {
		const model = await vscode.commands.executeCommand<TokenInspection | undefined>('lwa.inspectToken', { profile: profile.name });
		assert.equal(model?.tokeninfo?.audienceMatches, true);
		assert.equal(model?.tokeninfo?.userId, undefined);
		assert.deepEqual(model?.scopes.granted, ['sellingpartnerapi::notifications', 'alexa:skill_messaging']);
		assert.doesNotMatch(testing.panel('inspectToken')?.html ?? '', /data-action="fetchProfile"/);
		assert.match(testing.panel('inspectToken')?.html ?? '', /not needed: a new token is fetched/);
	});

	test('sign-out removes the token; the next copy fetches a new one by itself', async () => {
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: profile.name, removeClientSecret: false }), true);
		assert.equal(await testing.hasCredential(profile.name), false);
		await waitFor(async () => (await testing.statusBar()).text.endsWith(`${profile.name}: Sign in`), 'the status bar to ask for a sign-in');
		const before = emulator.stats.byGrant.client_credentials ?? 0;
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }), true);
		assert.equal(emulator.stats.byGrant.client_credentials, before + 1);
		assert.equal((await tokenInfo(await vscode.env.clipboard.readText())).status, 200);
	});

	test('without a client secret, sign-in, refresh and copy say so and offer to set it; setting it fixes them', async () => {
		const secretless = emulatorProfile(emulator, { name: 'grantless-nosecret', redirectUri: '', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications'] });
		await addProfile(secretless, { withSecret: false });
		added.push(secretless.name);
		const before = testing.notices().length;
		const requests = emulator.stats.tokenRequests;
		assert.equal(await vscode.commands.executeCommand('lwa.signIn', { profile: secretless.name }), undefined);
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: secretless.name }), undefined);
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: secretless.name }), false);
		assert.equal(emulator.stats.tokenRequests, requests, 'no request was sent without a secret');
		const notices = testing.notices().slice(before).filter((notice) => notice.level === 'error');
		assert.equal(notices.length, 3, notices.map((notice) => notice.text).join('\n'));
		for (const notice of notices) {
			assert.match(notice.text, /needs a client secret, and none is stored/);
			assert.deepEqual(notice.actions, ['Set Client Secret'], `the buttons of: ${notice.text}`);
		}
		await assert.rejects(testing.accessToken(secretless.name), /client secret/);

		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: secretless.name, clientSecret: secretless.clientSecret }), true);
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: secretless.name }), true);
		assert.equal((await tokenInfo(await vscode.env.clipboard.readText())).body.aud, secretless.clientId);
	});

	test('a wrong client secret is reported as refused client credentials', async () => {
		const wrong = emulatorProfile(emulator, { name: 'grantless-wrong', redirectUri: '', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications'] });
		await addProfile({ ...wrong, clientSecret: 'not-the-secret' });
		added.push(wrong.name);
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: wrong.name }), false);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes('refused the client credentials')), notices.join('\n'));
		assert.ok(!notices.some((notice) => notice.includes('not-the-secret')), 'the secret is never shown');
	});
});
