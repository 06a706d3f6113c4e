// Amazon Ads in the real extension host, against the emulator's regional consent, token and Ads
// hosts: sign in an Ads profile, choose an advertiser profile in the real quick pick (its id above
// 2^53 kept as exact text in settings), copy the three headers and read them back from the
// clipboard, the Ads .http document, and the words for an empty list and a refused token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import { SANDBOX_ADS_PROFILES } from '../../src/emulator/lwaEmulator';
import type { AdvertisingProfileChoice } from '../../src/vscode/ads/advertisingProfiles';
import type { ApiRequestResult } from '../../src/vscode/commands/apiRequests';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, assertSameSecretText, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles,
	signInWithLoopback, startEmulator,
} from './support/lwaTestKit';

suite('Amazon Ads', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	const added: string[] = [];
	const opened: string[] = [];

	/** An NA Ads profile at the emulator's regional hosts, signed in. */
	async function adsProfile(name: string, scopes = ['advertising::campaign_management']): Promise<TestProfile> {
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes });
		const regional = emulator.ads.endpoints('NA');
		profile.raw.api = 'ads';
		profile.raw.endpoints = { ...emulator.endpoints, authorization: regional.authorization, token: regional.token, advertisingApi: regional.advertisingApi };
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
		return profile;
	}

	function storedEntry(name: string): Record<string, unknown> | undefined {
		const entries = vscode.workspace.getConfiguration('lwa').inspect<unknown[]>('profiles')?.globalValue ?? [];
		return entries.find((entry) => (entry as { name?: unknown }).name === name) as Record<string, unknown> | undefined;
	}

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator();
	});

	suiteTeardown(async () => {
		for (const uri of opened) {
			const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
			if (document && !document.isClosed) {
				await vscode.window.showTextDocument(document);
				await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
			}
		}
		await removeProfiles(added);
		await emulator.close();
	});

	test('signs in at the regional consent and token hosts, picks an advertiser profile in the quick pick and keeps its id above 2^53 as exact text in settings', async () => {
		const profile = await adsProfile('ads-choose');
		const choice = vscode.commands.executeCommand<AdvertisingProfileChoice | undefined>('lwa.chooseAdvertisingProfile', { profile: profile.name });
		const shown = await testing.nextQuickPick();
		assert.deepEqual(shown.items.map((item) => [item.label, item.description]), [
			['Sandbox Vendor CA', 'CA · CAD · vendor'],
			['Sandbox Seller US', 'US · USD · seller'],
			['Sandbox Agency', 'US · USD · agency'],
		], 'the NA profiles only, with country, currency and type; advertisers by country, the agency last');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		// JSON.parse would have read this id as 1234567890123456800.
		assert.deepEqual(await choice, { profile: profile.name, advertisingProfileId: '1234567890123456789' });
		assert.equal(storedEntry(profile.name)?.advertisingProfileId, '1234567890123456789', 'kept as the exact digits, as a string');
	});

	test('copies the three Ads headers together, which the clipboard then holds with the current token, the client id and the chosen scope', async () => {
		const profile = await adsProfile('ads-copy');
		const choice = vscode.commands.executeCommand<AdvertisingProfileChoice | undefined>('lwa.chooseAdvertisingProfile', { profile: profile.name });
		await testing.nextQuickPick();
		await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		assert.equal((await choice)?.advertisingProfileId, '18446744073709551615', 'the third item, the agency, whose id is 2^64 - 1');
		assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format: 'adsHeaders' }), true);
		const lines = (await vscode.env.clipboard.readText()).split('\n');
		assert.equal(lines.length, 3);
		assertSameSecretText(lines[0], `Authorization: Bearer ${await testing.accessToken(profile.name)}`, 'the Authorization header');
		assert.equal(lines[1], `Amazon-Advertising-API-ClientId: ${profile.clientId}`);
		assert.equal(lines[2], 'Amazon-Advertising-API-Scope: 18446744073709551615');
		await vscode.env.clipboard.writeText('');
	});

	test('opens an Ads .http document whose profiles request the emulator answers, and warns that it holds a token', async () => {
		const profile = await adsProfile('ads-document');
		const before = testing.notices().length;
		const result = await vscode.commands.executeCommand<ApiRequestResult | undefined>('lwa.newApiRequest', { profile: profile.name });
		assert.ok(result, 'the command resolves to the document');
		opened.push(result.uri);
		assert.deepEqual([result.kind, result.languageId], ['ads', 'http']);
		const text = vscode.workspace.textDocuments.find((document) => document.uri.toString() === result.uri)?.getText() ?? '';
		const host = /^@host = (.+)$/m.exec(text)?.[1];
		assert.equal(host, emulator.ads.endpoints('NA').advertisingApi);
		assert.ok(text.includes(`@clientId = ${profile.clientId}`));
		assert.ok(text.includes('GET {{host}}/v2/profiles'));
		const token = /^@accessToken = (.+)$/m.exec(text)?.[1] ?? '';
		const answer = await fetch(`${host}/v2/profiles`, { headers: { 'authorization': `Bearer ${token}`, 'amazon-advertising-api-clientid': profile.clientId } });
		assert.equal(answer.status, 200, 'the document\'s token and client id work');
		const warnings = noticesSince(testing, before).filter((notice) => notice.includes('holds a bearer token'));
		assert.equal(warnings.length, 1);
		assert.match(warnings[0], /No advertiser profile is chosen yet/);
	});

	test('explains an empty list with the region\'s countries and the likely fixes, and keeps no id', async () => {
		const profile = await adsProfile('ads-empty');
		emulator.ads.setProfiles([]);
		try {
			const before = testing.notices().length;
			assert.equal(await vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }), undefined);
			const notices = testing.notices().slice(before);
			const explanation = notices.find((notice) => notice.text.startsWith('No advertiser profiles at'));
			assert.ok(explanation, `an explanation, among: ${notices.map((notice) => notice.text).join(' | ')}`);
			assert.match(explanation.text, /standing for region NA: US, CA, MX, BR\) for this sign-in\. Each Ads host lists only its own region's profiles\. If the advertising account is in EU or FE, change the profile's region/);
			assert.deepEqual(explanation.actions, ['Open Settings', 'Sign In Again']);
			assert.equal(storedEntry(profile.name)?.advertisingProfileId, undefined);
		} finally {
			emulator.ads.setProfiles(SANDBOX_ADS_PROFILES);
		}
	});

	test('says a 401 means the token lacks the Ads scope or the client is not approved, and offers Sign In Again', async () => {
		const profile = await adsProfile('ads-401', ['profile']);
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }), undefined);
		const refused = testing.notices().slice(before).find((notice) => notice.level === 'error');
		assert.ok(refused, 'an error is shown');
		assert.match(refused.text, /refused the access token \(HTTP 401\): the token was not granted advertising::campaign_management/);
		assert.deepEqual(refused.actions, ['Sign In Again']);
	});

	test('says a grantless SP-API profile gets no document (its tokens call only grantless operations), and opens the customer profile request for a plain LWA profile', async () => {
		const lwa = emulatorProfile(emulator, { name: 'ads-lwa-plain', redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes: ['profile'] });
		await addProfile(lwa);
		added.push(lwa.name);
		await signInWithLoopback(testing, lwa.name);
		const result = await vscode.commands.executeCommand<ApiRequestResult | undefined>('lwa.newApiRequest', { profile: lwa.name });
		assert.ok(result);
		opened.push(result.uri);
		assert.equal(result.kind, 'customerProfile');
		const spApi = { name: 'ads-spapi', region: 'NA', api: 'sp-api', applicationId: 'amzn1.sp.solution.00000000-0000-4000-8000-emulator0001', clientId: 'amzn1.application-oa2-client.x', scopes: ['sellingpartnerapi::notifications'], grant: 'client_credentials' };
		assert.deepEqual(await vscode.commands.executeCommand('lwa.addProfile', { profile: spApi }), { profile: 'ads-spapi' });
		added.push('ads-spapi');
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.newApiRequest', { profile: 'ads-spapi' }), undefined);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('is a grantless SP-API profile')));
	});
});
