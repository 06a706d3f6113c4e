import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../support';
import { postToken, signIn, startEmulator } from '../support';
import { errorCode, postRdt, sellerAccessToken, SP_CLIENT_ID } from './support';

const ORDER = { method: 'GET', path: '/orders/v0/orders/902-3159896-1390916', dataElements: ['buyerInfo'] };

describe('SP-API emulator: Tokens API (createRestrictedDataToken)', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;
	let token: string;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true }));
		token = await sellerAccessToken(emulator);
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('issues an RDT at the top level with expiresIn 3600 for a selling partner\'s access token', async () => {
		const response = await postRdt(emulator, token, { restrictedResources: [ORDER, { method: 'GET', path: '/mfn/v0/shipments/{shipmentId}' }] });
		assert.equal(response.status, 200);
		const body = await response.json() as Record<string, unknown>;
		assert.deepEqual(Object.keys(body).sort(), ['expiresIn', 'restrictedDataToken']);
		assert.match(String(body.restrictedDataToken), /^Atz\.sprdt\|/);
		assert.equal(body.expiresIn, 3600);
		assert.ok(emulator.secretsSeen().includes(String(body.restrictedDataToken)));
	});

	it('accepts up to 50 resources and refuses 51 and none', async () => {
		const resource = { method: 'GET', path: '/orders/v0/orders/{orderId}/address' };
		assert.equal((await postRdt(emulator, token, { restrictedResources: Array(50).fill(resource) })).status, 200);
		const tooMany = await postRdt(emulator, token, { restrictedResources: Array(51).fill(resource) });
		assert.equal(tooMany.status, 400);
		assert.equal(await errorCode(tooMany), 'InvalidInput');
		assert.equal((await postRdt(emulator, token, { restrictedResources: [] })).status, 400);
		assert.equal((await postRdt(emulator, token, {})).status, 400);
	});

	const refused: [string, unknown][] = [
		['a trailing slash', { method: 'GET', path: '/orders/v0/orders/' }],
		['a generic path for getReportDocument', { method: 'GET', path: '/reports/2021-06-30/documents/{reportDocumentId}' }],
		['a path that is no restricted operation', { method: 'GET', path: '/catalog/2022-04-01/items' }],
		['a listed path with another method', { method: 'POST', path: '/orders/v0/orders/1' }],
		['an unknown method', { method: 'PATCH', path: '/orders/v0/orders' }],
		['dataElements on getOrderAddress', { method: 'GET', path: '/orders/v0/orders/1/address', dataElements: ['buyerInfo'] }],
		['an unknown data element', { method: 'GET', path: '/orders/v0/orders', dataElements: ['email'] }],
		['an encoded slash in the id', { method: 'GET', path: '/orders/v0/orders/1%2F2' }],
		['a backslash', { method: 'GET', path: '/orders\\v0/orders' }],
		['a dot segment', { method: 'GET', path: '/orders/v0/orders/..' }],
		['another case', { method: 'GET', path: '/Orders/v0/orders' }],
		['a path that is no string', { method: 'GET', path: 42 }],
	];
	for (const [what, resource] of refused) {
		it(`refuses ${what} with 400 InvalidInput`, async () => {
			const response = await postRdt(emulator, token, { restrictedResources: [resource] });
			assert.equal(response.status, 400);
			assert.equal(await errorCode(response), 'InvalidInput');
		});
	}

	it('accepts getReportDocument with a specific path and dataElements on getOrders', async () => {
		assert.equal((await postRdt(emulator, token, { restrictedResources: [{ method: 'GET', path: '/reports/2021-06-30/documents/amzn1.spdoc.1.4.na.abc' }] })).status, 200);
		assert.equal((await postRdt(emulator, token, { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'] }] })).status, 200);
	});

	it('refuses a targetApplication that is not an app ID', async () => {
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER], targetApplication: 'amzn1.application-oa2-client.x' })).status, 400);
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER], targetApplication: 'amzn1.sellerapps.app.target' })).status, 200);
	});

	it('answers 400 "do not have access" for an app without the restricted role', async () => {
		emulator.sellingPartner.registerApp({ applicationId: 'amzn1.sp.solution.00000000-0000-4000-8000-emulator0001', clientId: SP_CLIENT_ID, redirectUris: ['http://127.0.0.1:53682/sp/callback'], draft: true, restrictedRole: false });
		const response = await postRdt(emulator, token, { restrictedResources: [ORDER] });
		assert.equal(response.status, 400);
		assert.equal(await errorCode(response), 'InvalidInput');
	});

	it('refuses with 403 Unauthorized: no token, an unknown token, an expired one, a grantless one, a plain LWA profile\'s and an RDT', async () => {
		const rdt = (await (await postRdt(emulator, token, { restrictedResources: [ORDER] })).json() as { restrictedDataToken: string }).restrictedDataToken;
		const grantless = await postToken(emulator, { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: SP_CLIENT_ID, client_secret: 'sandbox-sp-secret' });
		const grantlessToken = (await grantless.json() as { access_token: string }).access_token;
		const profileToken = (await signIn(emulator)).access_token;
		for (const [what, candidate] of [['none', undefined], ['unknown', 'Atza|nope'], ['grantless', grantlessToken], ['profile', profileToken], ['rdt', rdt]] as const) {
			const response = await postRdt(emulator, candidate, { restrictedResources: [ORDER] });
			assert.equal(response.status, 403, what);
			assert.equal(await errorCode(response), 'Unauthorized', what);
		}
		clock.advanceSeconds(3600);
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER] })).status, 403);
	});

	it('refuses a body that is not JSON, another content type, and other methods', async () => {
		assert.equal((await postRdt(emulator, token, '{"restrictedResources":', 'application/json')).status, 400);
		assert.equal((await postRdt(emulator, token, '[]', 'application/json')).status, 400);
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER] }, 'text/plain')).status, 415);
		assert.equal((await fetch(`${emulator.url}/tokens/2021-03-01/restrictedDataToken`, { headers: { 'x-amz-access-token': token } })).status, 405);
	});

	it('answers 404 at the path with a trailing slash or in another case', async () => {
		for (const path of ['/tokens/2021-03-01/restrictedDataToken/', '/tokens/2021-03-01/restricteddatatoken']) {
			const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-access-token': token }, body: JSON.stringify({ restrictedResources: [ORDER] }) });
			assert.equal(response.status, 404, path);
		}
	});

	it('takes a fault like any other path', async () => {
		emulator.setFault({ kind: 'status503' }, { paths: ['/tokens/2021-03-01/restrictedDataToken'], times: 1 });
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER] })).status, 503);
		assert.equal((await postRdt(emulator, token, { restrictedResources: [ORDER] })).status, 200);
	});
});
