// Restricted Data Tokens, the SP-API request document and the error doctor in the real extension host
// against the emulator's Tokens API and marketplaceParticipations: an RDT works only for its own method
// and path, refused paths never reach the Tokens API, its refusals are worded, it never reaches the
// secret storage, globalState or the log, the clipboard is cleared after it whatever the setting says,
// and its countdown runs on the extension's clock.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { RestrictedDataTokenSummary } from '../../src/vscode/sellingPartner/restrictedDataTokens';
import type { ApiRequestResult } from '../../src/vscode/commands/apiRequests';
import type { ExplainedError } from '../../src/vscode/sellingPartner/errorDoctor';
import { extensionApi, noticesSince, removeProfiles, setProfiles, setSetting, startEmulator, uniqueClientId, waitFor } from './support/lwaTestKit';

const APP_ID = 'amzn1.sp.solution.integration-rdt-1';
const PROFILE = 'sp-rdt';
const PARTICIPATIONS = '/sellers/v1/marketplaceParticipations';
const ORDER_ID = '902-7654321-1234567';
const TOKENS_PATH = '/tokens/2021-03-01/restrictedDataToken';

suite('Selling Partner API: Restricted Data Tokens, requests, error doctor', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let partner: string;
	const clientId = uniqueClientId('sprdt');
	const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
	const copiedRdts: string[] = [];

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator();
		emulator.registerClient({ clientId, clientSecret, redirectUris: [] });
		emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId, redirectUris: ['https://relay.example.test/sp/relay.html'], draft: false });
		await setProfiles([{
			name: PROFILE, api: 'sp-api', applicationId: APP_ID, region: 'NA', clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: 'https://relay.example.test/sp/relay.html',
			endpoints: { token: emulator.endpoints.token, tokeninfo: emulator.endpoints.tokeninfo, sellerCentral: emulator.sellingPartner.endpoints.sellerCentral, sellingPartnerApi: emulator.sellingPartner.endpoints.sellingPartnerApi },
		}], PROFILE);
		await vscode.commands.executeCommand('lwa.setClientSecret', { profile: PROFILE, clientSecret });
		partner = emulator.sellingPartner.sellingPartnerId('seller');
		const refreshToken = emulator.sellingPartner.selfAuthorize(APP_ID, 'seller');
		assert.ok(await vscode.commands.executeCommand('lwa.setRefreshToken', { profile: PROFILE, partner, refreshToken }), 'the selling partner is signed in');
	});

	suiteTeardown(async () => {
		emulator?.setFault(undefined);
		await setSetting('clipboard.clearAfterSeconds', undefined);
		await removeProfiles([PROFILE]);
		await emulator?.close();
	});

	async function getRdt(fields: Record<string, unknown>): Promise<RestrictedDataTokenSummary | undefined> {
		return vscode.commands.executeCommand<RestrictedDataTokenSummary | undefined>('lwa.getRestrictedDataToken', { profile: PROFILE, partner, format: 'raw', ...fields });
	}

	async function call(path: string, token: string, method = 'GET'): Promise<number> {
		return (await fetch(`${emulator.sellingPartner.endpoints.sellingPartnerApi}${path}`, { method, headers: { 'x-amz-access-token': token, 'user-agent': 'integration-test' } })).status;
	}

	test('an RDT for GET /sellers/v1/marketplaceParticipations is accepted there, and an RDT for an order path is refused there', async () => {
		const summary = await getRdt({ method: 'GET', path: PARTICIPATIONS });
		assert.equal(summary?.template, PARTICIPATIONS);
		assert.equal(summary?.reused, false);
		const rdt = await vscode.env.clipboard.readText();
		copiedRdts.push(rdt);
		assert.ok(rdt.startsWith('Atz.sprdt|'), 'an RDT was copied (not shown)');
		assert.equal(await call(PARTICIPATIONS, rdt), 200);

		const order = await getRdt({ method: 'GET', path: `/orders/v0/orders/${ORDER_ID}`, dataElements: ['buyerInfo', 'shippingAddress'] });
		assert.equal(order?.template, '/orders/v0/orders/{orderId}');
		const orderRdt = await vscode.env.clipboard.readText();
		copiedRdts.push(orderRdt);
		assert.equal(await call(PARTICIPATIONS, orderRdt), 403, 'an RDT works only for its own method and path');
		assert.ok(noticesSince(testing, 0).some((notice) => notice.includes('the clipboard is cleared in 30 seconds whatever lwa.clipboard.clearAfterSeconds says')));
	});

	test('the same path again copies the RDT kept in memory without a Tokens API call', async () => {
		emulator.setFault({ kind: 'status500' }, { times: 1, paths: [TOKENS_PATH] });
		try {
			const summary = await getRdt({ method: 'GET', path: PARTICIPATIONS });
			assert.equal(summary?.reused, true);
		} finally {
			emulator.setFault(undefined);
		}
	});

	test('a trailing slash, "..", an encoded slash, a query, control characters, a huge path or a wrong method are refused before the Tokens API is called', async () => {
		// A fault armed for the next Tokens API request: it is still armed afterwards only if no request arrived.
		emulator.setFault({ kind: 'status500' }, { times: 1, paths: [TOKENS_PATH] });
		const hostile: [string, string][] = [
			['GET', '/orders/v0/orders/'],
			['GET', '/orders/v0/orders/1/../2'],
			['GET', '/orders/v0/orders/1%2F2'],
			['GET', '/orders/v0/orders/1?x=1'],
			['GET', '/orders/v0/orders/1\u0000\r\n'],
			['GET', `/orders/v0/${'a'.repeat(100_000)}`],
			['DELETE', '/orders/v0/orders/1'],
			['GET', '/reports/2021-06-30/documents/{reportDocumentId}'],
			['TRACE', '/orders/v0/orders/1'],
		];
		const before = testing.notices().length;
		for (const [method, path] of hostile) {
			assert.equal(await getRdt({ method, path }), undefined, `${method} ${path.slice(0, 40)}`);
		}
		const refused = noticesSince(testing, before).filter((notice) => notice.startsWith('error: No Restricted Data Token was asked for'));
		assert.equal(refused.length, hostile.length);
		assert.ok(refused[0].includes('Remove the "/" at the end'));
		assert.equal(await getRdt({ method: 'GET', path: `/orders/v0/orders/${ORDER_ID}/address` }), undefined, 'the armed fault answers the first request that arrives');
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('server error (500)')));
		assert.equal(testing.logLines().some((line) => line.includes('aaaaaaaaaa')), false, 'the typed path is not logged');
	});

	test('the Tokens API\'s 403 and 400 are worded with their likely causes', async () => {
		const before = testing.notices().length;
		// Another client for the same app: the partner's token is no longer the app's, and the Tokens API answers 403 Unauthorized.
		emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId: SANDBOX_CLIENT_ID, redirectUris: [], draft: false });
		try {
			assert.equal(await getRdt({ method: 'GET', path: `/orders/v0/orders/${ORDER_ID}/buyerInfo` }), undefined);
		} finally {
			emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId, redirectUris: [], draft: false });
		}
		emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId, redirectUris: [], draft: false, restrictedRole: false });
		try {
			assert.equal(await getRdt({ method: 'GET', path: `/orders/v0/orders/${ORDER_ID}/buyerInfo` }), undefined);
		} finally {
			emulator.sellingPartner.registerApp({ applicationId: APP_ID, clientId, redirectUris: [], draft: false });
		}
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes('(403 Unauthorized). Most likely the method or path does not match')), notices.join('\n'));
		assert.ok(notices.some((notice) => notice.includes('(400 InvalidInput). Most often the app does not have the restricted role')), notices.join('\n'));
		assert.ok(notices.every((notice) => !notice.includes(ORDER_ID)), 'the order id is not shown');
	});

	test('the SP-API .http document\'s request is accepted by marketplaceParticipations with the token in it', async () => {
		const before = testing.notices().length;
		const result = await vscode.commands.executeCommand<ApiRequestResult | undefined>('lwa.newApiRequest', { profile: PROFILE, partner });
		assert.equal(result?.kind, 'sellingPartner');
		const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === result?.uri);
		assert.ok(document);
		const text = document.getText();
		const variable = (name: string): string => new RegExp(`^@${name} = (.+)$`, 'm').exec(text)?.[1] ?? '';
		assert.equal(variable('host'), emulator.sellingPartner.endpoints.sellingPartnerApi);
		assert.match(text, /^GET \{\{host\}\}\/sellers\/v1\/marketplaceParticipations\nx-amz-access-token: \{\{accessToken\}\}\nuser-agent: \{\{userAgent\}\}$/m);
		const response = await fetch(`${variable('host')}${PARTICIPATIONS}`, { headers: { 'x-amz-access-token': variable('accessToken'), 'user-agent': variable('userAgent') } });
		assert.equal(response.status, 200);
		assert.equal(((await response.json()) as { payload: unknown[] }).payload.length, 1);
		assert.ok(noticesSince(testing, before).some((notice) => notice.startsWith('warning:') && notice.includes('holds the selling partner\'s access token')));
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});

	test('Copy As "SP-API request" gives a curl command with the SP-API host and x-amz-access-token', async () => {
		assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: PROFILE, partner, format: 'spApiRequest' }), true);
		const curl = await vscode.env.clipboard.readText();
		assert.ok(curl.startsWith('curl -H \'x-amz-access-token: Atza|'), 'curl with the header (not shown)');
		assert.ok(curl.endsWith(`'${emulator.sellingPartner.endpoints.sellingPartnerApi}${PARTICIPATIONS}'`));
	});

	test('Explain an Amazon Error Code words MD5101, MD9100 and invalid_client with cause, fix and the buttons that help', async () => {
		const before = testing.notices().length;
		const md5101 = await vscode.commands.executeCommand<ExplainedError | undefined>('lwa.explainSellingPartnerError', { code: 'md5101', profile: PROFILE });
		assert.deepEqual(md5101, { code: 'MD5101', kind: 'md', actions: ['Show Redirect Setup', 'Open Settings'] });
		const md9100 = await vscode.commands.executeCommand<ExplainedError | undefined>('lwa.explainSellingPartnerError', { code: 'MD9100' });
		assert.equal(md9100?.code, 'MD9100');
		const client = await vscode.commands.executeCommand<ExplainedError | undefined>('lwa.explainSellingPartnerError', { code: '{"error":"invalid_client"}', profile: PROFILE });
		assert.deepEqual(client?.actions, ['Set Client Secret', 'Open Settings']);
		assert.equal(await vscode.commands.executeCommand('lwa.explainSellingPartnerError', { code: 'MD4242' }), undefined);
		const notices = noticesSince(testing, before);
		assert.ok(notices[0].includes('MD5101: The redirect_uri of the consent address is not one of the app\'s OAuth redirect URIs'), notices[0]);
		assert.ok(notices[1].includes('reports'), 'MD9100 is said to come from others\' reports');
		assert.ok(notices[2].includes('rotated every 180 days'));
		assert.ok(notices[3].startsWith('warning: Not a code the extension knows'));
	});

	test('the RDT never reaches the secret storage, globalState or the log, and the log names the path template, never the order id', () => {
		assert.ok(copiedRdts.length >= 2);
		const state = JSON.stringify(testing.globalState());
		for (const rdt of copiedRdts) {
			assert.equal(testing.secretStorageHolds(rdt), false, 'an RDT in the secret storage');
			assert.equal(state.includes(rdt), false, 'an RDT in globalState');
			assert.equal(testing.logLines().some((line) => line.includes(rdt)), false, 'an RDT in the log');
		}
		assert.equal(testing.secretStorageHolds('Atz.sprdt|'), false);
		assert.equal(testing.logLines().some((line) => line.includes(ORDER_ID)), false, 'the order id in the log');
		assert.ok(testing.logLines().some((line) => line.includes('Got a Restricted Data Token for GET /orders/v0/orders/{orderId} of profile "sp-rdt"')));
	});

	test('the clipboard holding an RDT is cleared after 30 seconds even with lwa.clipboard.clearAfterSeconds at 0 (never)', async () => {
		await setSetting('clipboard.clearAfterSeconds', 0);
		await getRdt({ method: 'GET', path: `/mfn/v0/shipments/SHIP-1` });
		assert.ok((await vscode.env.clipboard.readText()).startsWith('Atz.sprdt|'));
		testing.advanceClock(29_000);
		assert.notEqual(await vscode.env.clipboard.readText(), '', 'not yet cleared after 29 s');
		testing.advanceClock(1_000);
		await waitFor(async () => (await vscode.env.clipboard.readText()) === '', 'the clipboard to be cleared');
	});

	test('the RDT countdown shows the hour in the status bar and disappears when the last RDT expires (fake clock)', async () => {
		const shown = testing.restrictedDataTokenCountdown();
		assert.equal(shown?.visible, true);
		assert.match(shown?.text ?? '', /RDT (59m|60m|1h 0m)$/);
		assert.ok(shown?.tooltip.includes('GET /orders/v0/orders/{orderId}'));
		assert.equal(shown?.tooltip.includes(ORDER_ID), false);
		testing.advanceClock(3_600_000);
		await waitFor(() => testing.restrictedDataTokenCountdown()?.visible === false, 'the countdown to hide');
	});
});

/** The emulator's demo SP-API client (registered by default): a client that is not this test app's. */
const SANDBOX_CLIENT_ID = 'amzn1.application-oa2-client.spsandbox';
