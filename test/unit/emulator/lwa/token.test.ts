import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import type { ErrorBody, ManualClock, TokenBody } from '../support';
import {
	CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, basic, challengeS256, createVerifier, exchangeCode, obtainCode, postToken, signIn, startEmulator,
} from '../support';

async function expectError(response: Response, status: number, error: string, description?: string): Promise<ErrorBody> {
	assert.equal(response.status, status);
	assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
	const body = await response.json() as ErrorBody;
	assert.equal(body.error, error);
	assert.equal(typeof body.error_description, 'string');
	assert.ok(body.error_index, 'error_index is present');
	assert.ok(body.request_id, 'request_id is present');
	assert.deepEqual(Object.keys(body), ['error_description', 'error', 'error_index', 'request_id']);
	if (description !== undefined) {
		assert.equal(body.error_description, description);
	}
	return body;
}

describe('LWA emulator /auth/o2/token', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true }));
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('remembers every code, token and PKCE verifier that crossed it, for leak scans', async () => {
		const verifier = createVerifier();
		const code = await obtainCode(emulator, { code_challenge: challengeS256(verifier), code_challenge_method: 'S256' });
		const body = await (await exchangeCode(emulator, code, { code_verifier: verifier })).json() as TokenBody;
		assert.deepEqual(
			new Set(emulator.secretsSeen()),
			new Set([code, verifier, body.access_token, body.refresh_token]),
		);
	});

	describe('authorization_code', () => {
		it('issues an Atza| access token and an Atzr| refresh token with LWA headers', async () => {
			const code = await obtainCode(emulator);
			const response = await exchangeCode(emulator, code);
			assert.equal(response.status, 200);
			assert.equal(response.headers.get('content-type'), 'application/json;charset=UTF-8');
			assert.equal(response.headers.get('cache-control'), 'no-store');
			assert.equal(response.headers.get('pragma'), 'no-cache');
			const body = await response.json() as TokenBody;
			assert.match(body.access_token, /^Atza\|[A-Za-z0-9_-]+$/);
			assert.ok(body.access_token.length >= 350);
			assert.match(body.refresh_token ?? '', /^Atzr\|[A-Za-z0-9_-]+$/);
			assert.equal(body.token_type, 'bearer');
			assert.equal(body.expires_in, 3600);
		});

		it('uses the configured access token lifetime', async () => {
			await emulator.close();
			({ emulator, clock } = await startEmulator({ autoApprove: true, accessTokenLifetimeSeconds: 120 }));
			const body = await signIn(emulator);
			assert.equal(body.expires_in, 120);
		});

		it('returns no refresh token when no client secret is sent', async () => {
			const code = await obtainCode(emulator);
			const response = await exchangeCode(emulator, code, { client_secret: undefined });
			assert.equal(response.status, 200);
			const body = await response.json() as TokenBody;
			assert.ok(body.access_token);
			assert.equal('refresh_token' in body, false);
		});

		it('accepts HTTP Basic client authentication', async () => {
			const code = await obtainCode(emulator);
			const response = await postToken(emulator, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, { authorization: basic(CLIENT_ID, CLIENT_SECRET) });
			assert.equal(response.status, 200);
			const body = await response.json() as TokenBody;
			assert.ok(body.refresh_token);
		});

		it('refuses a wrong Basic secret with 401 invalid_client', async () => {
			const code = await obtainCode(emulator);
			const response = await postToken(emulator, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, { authorization: basic(CLIENT_ID, 'wrong') });
			await expectError(response, 401, 'invalid_client', 'Client authentication failed');
		});

		it('refuses a wrong client secret with 401 invalid_client without consuming the code', async () => {
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { client_secret: 'wrong' }), 401, 'invalid_client', 'Client authentication failed');
			assert.equal((await exchangeCode(emulator, code)).status, 200);
		});

		it('refuses an unknown client with 401 invalid_client', async () => {
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { client_id: 'amzn1.application-oa2-client.other', client_secret: undefined }), 401, 'invalid_client');
		});

		it('refuses a missing client id with invalid_request', async () => {
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { client_id: undefined, client_secret: undefined }), 400, 'invalid_request');
		});

		it('accepts a code only once', async () => {
			const code = await obtainCode(emulator);
			assert.equal((await exchangeCode(emulator, code)).status, 200);
			await expectError(await exchangeCode(emulator, code), 400, 'invalid_grant', 'The request has an invalid grant parameter : code');
		});

		it('refuses a code after its lifetime and accepts it just before', async () => {
			const fresh = await obtainCode(emulator);
			const stale = await obtainCode(emulator);
			clock.advanceSeconds(299);
			assert.equal((await exchangeCode(emulator, fresh)).status, 200);
			clock.advanceSeconds(1);
			await expectError(await exchangeCode(emulator, stale), 400, 'invalid_grant', 'The request has an invalid grant parameter : code');
		});

		it('uses the configured code lifetime', async () => {
			await emulator.close();
			({ emulator, clock } = await startEmulator({ autoApprove: true, codeLifetimeSeconds: 10 }));
			const code = await obtainCode(emulator);
			clock.advanceSeconds(10);
			await expectError(await exchangeCode(emulator, code), 400, 'invalid_grant');
		});

		it('refuses a redirect URI that differs from the one used at /ap/oa', async () => {
			emulator.registerClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI, 'http://127.0.0.1:9090/cb'] });
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { redirect_uri: 'http://127.0.0.1:9090/cb' }), 400, 'invalid_grant');
		});

		it('refuses a code issued to another client', async () => {
			emulator.registerClient({ clientId: 'amzn1.application-oa2-client.other', clientSecret: 'other-secret', redirectUris: [REDIRECT_URI] });
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { client_id: 'amzn1.application-oa2-client.other', client_secret: 'other-secret' }), 400, 'invalid_grant');
		});

		it('refuses an unknown code and requires code and redirect_uri', async () => {
			await expectError(await exchangeCode(emulator, 'ANnotacode'), 400, 'invalid_grant');
			await expectError(await exchangeCode(emulator, ''), 400, 'invalid_request');
			const code = await obtainCode(emulator);
			await expectError(await exchangeCode(emulator, code, { redirect_uri: undefined }), 400, 'invalid_request');
		});

		describe('PKCE', () => {
			it('accepts the right S256 verifier', async () => {
				const verifier = createVerifier();
				const code = await obtainCode(emulator, { code_challenge: challengeS256(verifier), code_challenge_method: 'S256' });
				assert.equal((await exchangeCode(emulator, code, { code_verifier: verifier, client_secret: undefined })).status, 200);
			});

			it('refuses a wrong S256 verifier', async () => {
				const code = await obtainCode(emulator, { code_challenge: challengeS256(createVerifier()), code_challenge_method: 'S256' });
				await expectError(await exchangeCode(emulator, code, { code_verifier: createVerifier() }), 400, 'invalid_grant');
			});

			it('refuses a missing verifier when a challenge was sent', async () => {
				const code = await obtainCode(emulator, { code_challenge: challengeS256(createVerifier()), code_challenge_method: 'S256' });
				await expectError(await exchangeCode(emulator, code), 400, 'invalid_grant');
			});

			it('accepts the RFC 7636 appendix B example with S256', async () => {
				const code = await obtainCode(emulator, { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
				assert.equal((await exchangeCode(emulator, code, { code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' })).status, 200);
			});

			it('checks a plain challenge by equality', async () => {
				const verifier = createVerifier();
				const code = await obtainCode(emulator, { code_challenge: verifier, code_challenge_method: 'plain' });
				assert.equal((await exchangeCode(emulator, code, { code_verifier: verifier })).status, 200);
				const other = await obtainCode(emulator, { code_challenge: verifier, code_challenge_method: 'plain' });
				await expectError(await exchangeCode(emulator, other, { code_verifier: challengeS256(verifier) }), 400, 'invalid_grant');
			});

			it('treats a challenge without a method as plain', async () => {
				const verifier = createVerifier();
				const plainCode = await obtainCode(emulator, { code_challenge: verifier });
				assert.equal((await exchangeCode(emulator, plainCode, { code_verifier: verifier })).status, 200);
				const other = await obtainCode(emulator, { code_challenge: challengeS256(verifier) });
				await expectError(await exchangeCode(emulator, other, { code_verifier: verifier }), 400, 'invalid_grant');
			});
		});
	});

	describe('refresh_token', () => {
		it('returns a new access token and the same refresh token', async () => {
			const first = await signIn(emulator);
			const response = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			assert.equal(response.status, 200);
			const body = await response.json() as TokenBody;
			assert.match(body.access_token, /^Atza\|/);
			assert.notEqual(body.access_token, first.access_token);
			assert.equal(body.refresh_token, first.refresh_token);
			assert.equal(body.expires_in, 3600);
		});

		it('returns no refresh token when no client secret is sent', async () => {
			const first = await signIn(emulator);
			const response = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID });
			assert.equal(response.status, 200);
			assert.equal('refresh_token' in (await response.json() as TokenBody), false);
		});

		it('refuses a revoked refresh token with the real description', async () => {
			const first = await signIn(emulator);
			emulator.revokeRefreshTokens();
			const response = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			await expectError(response, 400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token. User may have revoked or didn\'t grant the permission.');
		});

		it('keeps refresh tokens issued after a revocation valid', async () => {
			await signIn(emulator);
			emulator.revokeRefreshTokens();
			const later = await signIn(emulator);
			const response = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: later.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			assert.equal(response.status, 200);
		});

		it('refuses an unknown refresh token and one of another client', async () => {
			await expectError(await postToken(emulator, { grant_type: 'refresh_token', refresh_token: 'Atzr|nope', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 400, 'invalid_grant');
			const first = await signIn(emulator);
			emulator.registerClient({ clientId: 'amzn1.application-oa2-client.other', clientSecret: 'other-secret', redirectUris: [REDIRECT_URI] });
			await expectError(await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'amzn1.application-oa2-client.other', client_secret: 'other-secret' }), 400, 'invalid_grant');
		});

		it('refuses a wrong client secret with 401 invalid_client', async () => {
			const first = await signIn(emulator);
			await expectError(await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: 'wrong' }), 401, 'invalid_client');
		});

		it('requires the refresh_token parameter', async () => {
			await expectError(await postToken(emulator, { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 400, 'invalid_request');
		});
	});

	describe('client_credentials', () => {
		it('issues an access token with the scope and no refresh token', async () => {
			const response = await postToken(emulator, { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			assert.equal(response.status, 200);
			const body = await response.json() as TokenBody;
			assert.match(body.access_token, /^Atza\|/);
			assert.equal(body.scope, 'sellingpartnerapi::notifications');
			assert.equal(body.token_type, 'bearer');
			assert.equal('refresh_token' in body, false);
		});

		it('requires the client secret', async () => {
			await expectError(await postToken(emulator, { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: CLIENT_ID }), 401, 'invalid_client');
		});

		it('answers a public client with unauthorized_client', async () => {
			emulator.registerClient({ clientId: 'amzn1.application-oa2-client.public', redirectUris: [REDIRECT_URI] });
			await expectError(await postToken(emulator, { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: 'amzn1.application-oa2-client.public' }), 400, 'unauthorized_client');
		});

		it('requires a scope and refuses customer profile scopes', async () => {
			await expectError(await postToken(emulator, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 400, 'invalid_scope');
			await expectError(await postToken(emulator, { grant_type: 'client_credentials', scope: 'profile', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 400, 'invalid_scope');
		});

		it('accepts Basic client authentication', async () => {
			const response = await postToken(emulator, { grant_type: 'client_credentials', scope: 'alexa:skill_messaging' }, { authorization: basic(CLIENT_ID, CLIENT_SECRET) });
			assert.equal(response.status, 200);
		});
	});

	describe('request format', () => {
		it('answers an unknown grant type with unsupported_grant_type', async () => {
			await expectError(await postToken(emulator, { grant_type: 'password', client_id: CLIENT_ID }), 400, 'unsupported_grant_type');
		});

		it('answers a missing grant type with invalid_request', async () => {
			await expectError(await postToken(emulator, { client_id: CLIENT_ID }), 400, 'invalid_request');
		});

		it('refuses a JSON body with invalid_request', async () => {
			const response = await fetch(emulator.endpoints.token, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'a::b' }),
			});
			await expectError(response, 400, 'invalid_request');
		});

		it('refuses a GET with 405', async () => {
			const response = await fetch(emulator.endpoints.token);
			assert.equal(response.status, 405);
		});

		it('refuses repeated parameters with invalid_request', async () => {
			const response = await fetch(emulator.endpoints.token, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=' + encodeURIComponent(CLIENT_ID),
			});
			await expectError(response, 400, 'invalid_request');
		});

		it('refuses Basic authentication combined with a client_secret in the body', async () => {
			const code = await obtainCode(emulator);
			const response = await postToken(emulator, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_secret: CLIENT_SECRET }, { authorization: basic(CLIENT_ID, CLIENT_SECRET) });
			await expectError(response, 400, 'invalid_request');
		});
	});

	describe('stats', () => {
		it('counts token requests by grant and outcome and never holds secrets', async () => {
			const first = await signIn(emulator);
			await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: 'wrong' });
			const stats = emulator.stats;
			assert.equal(stats.tokenRequests, 2);
			assert.deepEqual(stats.byGrant, { authorization_code: 1, refresh_token: 1 });
			assert.deepEqual(stats.byOutcome, { success: 1, invalid_client: 1 });
			const text = JSON.stringify(stats);
			assert.ok(!text.includes(CLIENT_SECRET) && !text.includes('Atza|') && !text.includes('Atzr|'));
			emulator.resetStats();
			assert.deepEqual(emulator.stats, { tokenRequests: 0, byGrant: {}, byOutcome: {}, authorizeRequests: 0 });
		});
	});
});
