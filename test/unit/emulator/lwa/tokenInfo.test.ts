import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { SANDBOX_USER } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock, TokenBody } from '../support';
import { CLIENT_ID, REDIRECT_URI, postToken, signIn, startEmulator } from '../support';

function tokenInfo(emulator: LwaEmulator, accessToken: string): Promise<Response> {
	return fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(accessToken)}`);
}

describe('LWA emulator /auth/o2/tokeninfo', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true }));
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('describes a valid token in the LWA shape with exp as seconds remaining', async () => {
		const issuedAt = clock.current;
		const { access_token } = await signIn(emulator);
		clock.advanceSeconds(100);
		const response = await tokenInfo(emulator, access_token);
		assert.equal(response.status, 200);
		assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
		const body = await response.json() as Record<string, unknown>;
		assert.deepEqual(body, {
			iss: 'https://www.amazon.com',
			user_id: SANDBOX_USER.userId,
			aud: CLIENT_ID,
			app_id: 'amzn1.application.sandbox',
			exp: 3500,
			iat: Math.floor(issuedAt / 1000),
		});
	});

	it('derives an app id for clients registered without one', async () => {
		emulator.registerClient({ clientId: 'amzn1.application-oa2-client.noapp', clientSecret: 's', redirectUris: [REDIRECT_URI] });
		const response = await postToken(emulator, { grant_type: 'client_credentials', scope: 'a::b', client_id: 'amzn1.application-oa2-client.noapp', client_secret: 's' });
		const { access_token } = await response.json() as TokenBody;
		const body = await (await tokenInfo(emulator, access_token)).json() as Record<string, unknown>;
		assert.match(String(body.app_id), /^amzn1\.application\.[0-9a-f]{32}$/);
		assert.equal(body.aud, 'amzn1.application-oa2-client.noapp');
		assert.equal('user_id' in body, false, 'a client_credentials token has no user');
	});

	it('refuses an expired token with invalid_token', async () => {
		const { access_token } = await signIn(emulator);
		clock.advanceSeconds(3600);
		const response = await tokenInfo(emulator, access_token);
		assert.equal(response.status, 400);
		const body = await response.json() as Record<string, unknown>;
		assert.equal(body.error, 'invalid_token');
		assert.equal(body.error_description, 'The request has an invalid parameter : access_token');
	});

	it('refuses an unknown token with invalid_token and a missing one with invalid_request', async () => {
		const unknown = await tokenInfo(emulator, 'Atza|made-up');
		assert.equal(unknown.status, 400);
		assert.equal((await unknown.json() as Record<string, unknown>).error, 'invalid_token');
		const missing = await fetch(emulator.endpoints.tokeninfo);
		assert.equal(missing.status, 400);
		assert.equal((await missing.json() as Record<string, unknown>).error, 'invalid_request');
	});

	it('answers the older /auth/O2/tokeninfo spelling too', async () => {
		const { access_token } = await signIn(emulator);
		const response = await fetch(`${emulator.url}/auth/O2/tokeninfo?access_token=${encodeURIComponent(access_token)}`);
		assert.equal(response.status, 200);
	});
});
