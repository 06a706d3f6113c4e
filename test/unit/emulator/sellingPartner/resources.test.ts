import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../support';
import { startEmulator } from '../support';
import { APP_ID, errorCode, getParticipations, postRdt, sellerAccessToken } from './support';

async function rdtFor(emulator: LwaEmulator, token: string, resources: unknown[]): Promise<string> {
	const response = await postRdt(emulator, token, { restrictedResources: resources });
	assert.equal(response.status, 200);
	return (await response.json() as { restrictedDataToken: string }).restrictedDataToken;
}

describe('SP-API emulator: GET /sellers/v1/marketplaceParticipations', () => {
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

	it('answers a selling partner\'s access token in x-amz-access-token with the payload of participations', async () => {
		const response = await getParticipations(emulator, token);
		assert.equal(response.status, 200);
		const body = await response.json() as { payload: { marketplace: { id: string }; participation: { isParticipating: boolean } }[] };
		assert.equal(body.payload[0].marketplace.id, 'ATVPDKIKX0DER');
		assert.equal(body.payload[0].participation.isParticipating, true);
	});

	it('takes the token only from x-amz-access-token, not from Authorization: Bearer', async () => {
		const response = await fetch(`${emulator.url}/sellers/v1/marketplaceParticipations`, { headers: { authorization: `Bearer ${token}` } });
		assert.equal(response.status, 403);
		assert.equal(await errorCode(response), 'Unauthorized');
	});

	it('answers a self-authorized refresh token\'s access token', async () => {
		const refreshToken = emulator.sellingPartner.selfAuthorize(APP_ID, 'seller');
		const refreshed = await fetch(emulator.endpoints.token, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'amzn1.application-oa2-client.spsandbox', client_secret: 'sandbox-sp-secret' }).toString(),
		});
		const accessToken = (await refreshed.json() as { access_token: string }).access_token;
		assert.equal((await getParticipations(emulator, accessToken)).status, 200);
	});

	it('accepts an RDT issued for exactly GET and this path', async () => {
		const rdt = await rdtFor(emulator, token, [{ method: 'GET', path: '/sellers/v1/marketplaceParticipations' }]);
		assert.equal((await getParticipations(emulator, rdt)).status, 200);
	});

	it('refuses an RDT issued for other resources', async () => {
		const rdt = await rdtFor(emulator, token, [{ method: 'GET', path: '/orders/v0/orders/{orderId}/address' }]);
		const response = await getParticipations(emulator, rdt);
		assert.equal(response.status, 403);
		assert.equal(await errorCode(response), 'Unauthorized');
	});

	it('refuses an RDT after its hour', async () => {
		const rdt = await rdtFor(emulator, token, [{ method: 'GET', path: '/sellers/v1/marketplaceParticipations' }]);
		clock.advanceSeconds(3600);
		assert.equal((await getParticipations(emulator, rdt)).status, 403);
	});

	it('answers 404 for the path with a trailing slash or in another case, whatever the token', async () => {
		const rdt = await rdtFor(emulator, token, [{ method: 'GET', path: '/sellers/v1/marketplaceParticipations' }]);
		for (const path of ['/sellers/v1/marketplaceParticipations/', '/sellers/v1/marketplaceparticipations']) {
			assert.equal((await getParticipations(emulator, rdt, path)).status, 404, path);
			assert.equal((await getParticipations(emulator, token, path)).status, 404, path);
		}
	});

	it('refuses no token, an unknown one, and an expired access token with 403 Unauthorized', async () => {
		for (const candidate of [undefined, 'Atza|nope']) {
			const response = await getParticipations(emulator, candidate);
			assert.equal(response.status, 403);
			assert.equal(await errorCode(response), 'Unauthorized');
		}
		clock.advanceSeconds(3600);
		assert.equal((await getParticipations(emulator, token)).status, 403);
	});

	it('refuses other methods with 405', async () => {
		const response = await fetch(`${emulator.url}/sellers/v1/marketplaceParticipations`, { method: 'POST', headers: { 'x-amz-access-token': token } });
		assert.equal(response.status, 405);
		assert.equal(response.headers.get('allow'), 'GET');
	});
});
