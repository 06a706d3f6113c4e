// SP-API in the real extension host against the emulator's Seller Central: consent sign-in through the
// relay page's URI handler path and through paste, two selling partners in one profile with distinct
// tokens, self-authorization accepted and refused, grantless tokens per scope.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relayRouteFromExternalUri } from '../../src/core/lwa/authorize';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import { assertSameSecretText, extensionApi, noticesSince, removeProfiles, setProfiles, startEmulator, uniqueClientId } from './support/lwaTestKit';

interface RelayModule {
	buildForwardUrl(search: string, editorBase?: string): { ok: true; url: string } | { ok: false; reason: string; paste: boolean };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const relay = require(path.join(__dirname, '..', '..', '..', 'media', 'relay.js')) as RelayModule;

const RELAY_URI = 'https://relay.example.test/sp/relay.html';
const APP_ID = 'amzn1.sp.solution.integration-app-1';
const SELLER_A = 'A1EMULATORSELLER0';
const SELLER_B = 'A2SECONDSELLER9';

interface Summary { profile: string; partner?: string; scope?: string; expiresAt: number }

suite('Selling Partner API', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	const clientId = uniqueClientId('spapi');
	const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
	const names = ['sp-consent', 'sp-grantless'];

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator();
		emulator.registerClient({ clientId, clientSecret, redirectUris: [] });
		emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId, redirectUris: [RELAY_URI], draft: true });
		await setProfiles([
			{
				name: 'sp-consent', api: 'sp-api', applicationId: APP_ID, draft: true, region: 'NA', clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: RELAY_URI,
				endpoints: { token: emulator.endpoints.token, tokeninfo: emulator.endpoints.tokeninfo, sellerCentral: emulator.sellingPartner.endpoints.sellerCentral },
			},
			{
				name: 'sp-grantless', api: 'sp-api', applicationId: APP_ID, grant: 'client_credentials', region: 'NA', clientId,
				scopes: ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'], endpoints: { token: emulator.endpoints.token },
			},
		], 'sp-consent');
		for (const name of names) {
			await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret });
		}
	});

	suiteTeardown(async () => {
		await removeProfiles(names);
		await emulator?.close();
	});

	/** Starts the consent sign-in and returns the redirect Seller Central (auto-approving) sends back. */
	async function consent(): Promise<{ result: Thenable<Summary | undefined>; redirect: URL; consentUrl: URL }> {
		emulator.autoApprove = true;
		const result = vscode.commands.executeCommand<Summary | undefined>('lwa.signIn', { profile: 'sp-consent' });
		const consentUrl = new URL(await testing.nextOpenedUrl());
		const response = await fetch(consentUrl, { redirect: 'manual' });
		const location = response.headers.get('location');
		assert.ok(location, `Seller Central redirects (status ${response.status})`);
		return { result, redirect: new URL(location), consentUrl };
	}

	async function partnerOf(accessToken: string): Promise<string> {
		const response = await fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(accessToken)}`);
		return ((await response.json()) as { user_id: string }).user_id;
	}

	test('a consent sign-in opens Seller Central with the app ID and version=beta, and completes through the relay page and the URI handler', async () => {
		const { result, redirect, consentUrl } = await consent();
		assert.equal(consentUrl.origin + consentUrl.pathname, `${emulator.sellingPartner.endpoints.sellerCentral}/apps/authorize/consent`);
		assert.equal(consentUrl.searchParams.get('application_id'), APP_ID);
		assert.equal(consentUrl.searchParams.get('version'), 'beta');
		assert.equal(consentUrl.searchParams.get('redirect_uri'), RELAY_URI);
		assert.equal(consentUrl.searchParams.get('code_challenge'), null, 'PKCE is off for SP-API unless the profile asks');
		assert.equal(redirect.searchParams.get('selling_partner_id'), SELLER_A);
		const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback`));
		const forwarded = relay.buildForwardUrl(redirect.search, relayRouteFromExternalUri(external.toString(true))?.base);
		assert.ok(forwarded.ok, forwarded.ok ? '' : forwarded.reason);
		const target = new URL(forwarded.url);
		const editorUri = target.searchParams.has('vscode-scheme')
			? vscode.Uri.from({ scheme: target.searchParams.get('vscode-scheme') ?? '', authority: target.searchParams.get('vscode-authority') ?? '', path: target.searchParams.get('vscode-path') ?? '', query: target.searchParams.get('vscode-query') ?? '' })
			: vscode.Uri.parse(forwarded.url);
		const before = testing.notices().length;
		await vscode.commands.executeCommand('vscode.open', editorUri);
		const summary = await result;
		assert.equal(summary?.partner, SELLER_A);
		assert.equal(await partnerOf(await testing.accessToken('sp-consent', { partner: SELLER_A })), SELLER_A);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes(`Selling partner ${SELLER_A} authorized "sp-consent"`)));
		assert.equal(testing.logLines().some((line) => line.includes(redirect.searchParams.get('spapi_oauth_code') ?? '<none>')), false, 'the code is never logged');
	});

	test('a second selling partner signs in by paste into the same profile; each partner keeps its own token, and the status bar shows the active one', async () => {
		emulator.sellingPartner.setSellingPartnerId('seller', SELLER_B);
		try {
			const { result, redirect } = await consent();
			assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: redirect.toString() }), true);
			assert.equal((await result)?.partner, SELLER_B);
		} finally {
			emulator.sellingPartner.setSellingPartnerId('seller', SELLER_A);
		}
		const a = await testing.accessToken('sp-consent', { partner: SELLER_A });
		const b = await testing.accessToken('sp-consent', { partner: SELLER_B });
		assert.ok(a !== b, 'the partners have different tokens');
		assert.deepEqual([await partnerOf(a), await partnerOf(b)], [SELLER_A, SELLER_B]);
		assert.match((await testing.statusBar()).text, new RegExp(`LWA sp-consent ${SELLER_B} \\d+m`));
		const children = await (await testing.profilesTree()).getChildren({ profile: 'sp-consent' });
		assert.deepEqual(children, [{ profile: 'sp-consent', partner: SELLER_A }, { profile: 'sp-consent', partner: SELLER_B }]);
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'sp-consent', partner: SELLER_A }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), a, 'the copied token of partner A');
	});

	test('a pasted consent redirect at another host is refused and the sign-in keeps waiting', async () => {
		const { result, redirect } = await consent();
		const before = testing.notices().length;
		const elsewhere = `https://evil.example.test/sp/relay.html${redirect.search}`;
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: elsewhere }), false);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('not at the profile\'s redirect URI')));
		assert.equal(testing.pendingSignIns(), 1);
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: redirect.toString() }), true);
		assert.equal((await result)?.partner, SELLER_A);
	});

	test('signing out one selling partner keeps the other', async () => {
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: 'sp-consent', partner: SELLER_B }), true);
		assert.equal(await testing.hasCredential('sp-consent', { partner: SELLER_B }), false);
		assert.equal(await testing.hasCredential('sp-consent', { partner: SELLER_A }), true);
	});

	test('Set Refresh Token stores a self-authorized token after one refresh that works', async () => {
		const refreshToken = emulator.sellingPartner.selfAuthorize(APP_ID, 'vendor');
		const vendor = emulator.sellingPartner.sellingPartnerId('vendor');
		emulator.resetStats();
		const summary = await vscode.commands.executeCommand<Summary | undefined>('lwa.setRefreshToken', { profile: 'sp-consent', partner: vendor, refreshToken });
		assert.equal(summary?.partner, vendor);
		assert.equal(emulator.stats.byGrant.refresh_token, 1, 'checked with one refresh');
		assert.equal(await partnerOf(await testing.accessToken('sp-consent', { partner: vendor })), vendor);
	});

	test('Set Refresh Token refuses a token Amazon refuses, stores nothing and says why', async () => {
		const before = testing.notices().length;
		const summary = await vscode.commands.executeCommand('lwa.setRefreshToken', { profile: 'sp-consent', partner: 'A3REFUSEDSELLER', refreshToken: 'Atzr|not-issued-by-the-emulator' });
		assert.equal(summary, undefined);
		assert.equal(await testing.hasCredential('sp-consent', { partner: 'A3REFUSEDSELLER' }), false);
		assert.ok(noticesSince(testing, before).some((notice) => /^error: .*refused the pasted refresh token .*Nothing was stored/.test(notice)), noticesSince(testing, before).join('\n'));
	});

	test('a grantless profile with two scopes keeps one token per scope, and the copy commands take { scope }', async () => {
		emulator.resetStats();
		const summary = await vscode.commands.executeCommand<Summary | undefined>('lwa.signIn', { profile: 'sp-grantless' });
		assert.equal(summary?.scope, 'sellingpartnerapi::notifications');
		assert.equal(emulator.stats.byGrant.client_credentials, 2, 'one token request per scope');
		const notifications = await testing.accessToken('sp-grantless', { scope: 'sellingpartnerapi::notifications' });
		const rotation = await testing.accessToken('sp-grantless', { scope: 'sellingpartnerapi::client_credential:rotation' });
		assert.ok(notifications !== rotation, 'each scope has its own token');
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'sp-grantless', scope: 'sellingpartnerapi::client_credential:rotation' }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), rotation, 'the copied token of the rotation scope');
		assert.equal(emulator.stats.byGrant.client_credentials, 2, 'cached per scope');
	});
});
