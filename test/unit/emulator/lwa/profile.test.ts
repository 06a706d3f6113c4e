import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { SANDBOX_USER } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock, TokenBody } from '../support';
import { CLIENT_ID, CLIENT_SECRET, postToken, signIn, startEmulator } from '../support';

describe('LWA emulator /user/profile', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true }));
	});

	afterEach(async () => {
		await emulator.close();
	});

	async function profileWith(scope: string): Promise<Record<string, unknown>> {
		const { access_token } = await signIn(emulator, scope);
		const response = await fetch(emulator.endpoints.profile, { headers: { authorization: `Bearer ${access_token}` } });
		assert.equal(response.status, 200);
		assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
		return await response.json() as Record<string, unknown>;
	}

	it('returns user_id, name and email for the profile scope', async () => {
		assert.deepEqual(await profileWith('profile'), { user_id: SANDBOX_USER.userId, name: SANDBOX_USER.name, email: SANDBOX_USER.email });
	});

	it('adds postal_code when that scope was granted', async () => {
		assert.deepEqual(await profileWith('profile postal_code'), {
			user_id: SANDBOX_USER.userId, name: SANDBOX_USER.name, email: SANDBOX_USER.email, postal_code: SANDBOX_USER.postalCode,
		});
	});

	it('returns only user_id for profile:user_id', async () => {
		assert.deepEqual(await profileWith('profile:user_id'), { user_id: SANDBOX_USER.userId });
	});

	it('uses the configured user', async () => {
		await emulator.close();
		({ emulator, clock } = await startEmulator({ autoApprove: true, user: { userId: 'amzn1.account.OTHER', name: 'Jane', email: 'jane@example.com', postalCode: '10115' } }));
		assert.deepEqual(await profileWith('profile:user_id postal_code'), { user_id: 'amzn1.account.OTHER', postal_code: '10115' });
	});

	it('accepts the token in x-amz-access-token and in the query', async () => {
		const { access_token } = await signIn(emulator);
		const viaHeader = await fetch(emulator.endpoints.profile, { headers: { 'x-amz-access-token': access_token } });
		assert.equal(viaHeader.status, 200);
		const viaQuery = await fetch(`${emulator.endpoints.profile}?access_token=${encodeURIComponent(access_token)}`);
		assert.equal(viaQuery.status, 200);
	});

	it('refuses an invalid or expired token with 401 invalid_token', async () => {
		const invalid = await fetch(emulator.endpoints.profile, { headers: { authorization: 'Bearer Atza|made-up' } });
		assert.equal(invalid.status, 401);
		assert.equal((await invalid.json() as Record<string, unknown>).error, 'invalid_token');
		const { access_token } = await signIn(emulator);
		clock.advanceSeconds(3601);
		const expired = await fetch(emulator.endpoints.profile, { headers: { authorization: `Bearer ${access_token}` } });
		assert.equal(expired.status, 401);
		assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
	});

	it('refuses a token without a profile scope with 403 insufficient_scope', async () => {
		const response = await postToken(emulator, { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		const { access_token } = await response.json() as TokenBody;
		const profile = await fetch(emulator.endpoints.profile, { headers: { authorization: `Bearer ${access_token}` } });
		assert.equal(profile.status, 403);
		assert.equal((await profile.json() as Record<string, unknown>).error, 'insufficient_scope');
	});

	it('refuses a request without a token with invalid_request', async () => {
		const response = await fetch(emulator.endpoints.profile);
		assert.equal(response.status, 400);
		assert.equal((await response.json() as Record<string, unknown>).error, 'invalid_request');
	});

	it('keeps accepting an access token obtained by refresh', async () => {
		const first = await signIn(emulator);
		const refreshed = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		const { access_token } = await refreshed.json() as TokenBody;
		const response = await fetch(emulator.endpoints.profile, { headers: { authorization: `Bearer ${access_token}` } });
		assert.equal(response.status, 200);
	});
});
