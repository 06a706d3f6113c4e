// The core's protocol client against the LWA emulator (a separately written server speaking LWA's wire
// format), in the unit tier over real HTTP on loopback: authorization URL -> consent (auto-approved) ->
// redirect -> callback validation -> code exchange -> refresh -> tokeninfo and profile ->
// client_credentials, all through the real undici client, plus retries and fault mapping.
import * as assert from 'node:assert/strict';
import { CredentialService } from '../../../src/core/credentials/service';
import { CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { createAuthorizationRequest } from '../../../src/core/lwa/authorize';
import { parseCallbackInput, validateCallback } from '../../../src/core/lwa/callback';
import { LwaError } from '../../../src/core/lwa/errors';
import { checkAudience, fetchTokenInfo, fetchUserProfile } from '../../../src/core/lwa/tokeninfo';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import { systemClock } from '../../../src/core/ports';
import type { Profile } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import { LwaEmulator, SANDBOX_CLIENT } from '../../../src/emulator/lwaEmulator';
import { MemorySecretStore, recordingSleep, RecordingLogger } from '../core/support/fakes';

describe('core against the LWA emulator', () => {
	let emulator: LwaEmulator;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 2000 });
	let store: CredentialStore;
	let service: CredentialService;
	let profile: Profile;
	let grantless: Profile;
	let delays: number[];

	before(async () => {
		emulator = await LwaEmulator.start({ autoApprove: true });
	});
	after(async () => {
		await emulator.close();
		await http.close();
	});

	beforeEach(async () => {
		emulator.setFault(undefined);
		emulator.resetStats();
		const { profiles, problems } = parseProfiles([
			{ name: 'sandbox', region: 'NA', clientId: SANDBOX_CLIENT.clientId, scopes: ['profile', 'postal_code'], redirectUri: SANDBOX_CLIENT.redirectUris[0], endpoints: emulator.endpoints },
			{ name: 'grantless', region: 'NA', clientId: SANDBOX_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], grant: 'client_credentials', redirectUri: '', endpoints: { token: emulator.endpoints.token } },
		]);
		assert.deepEqual(problems, []);
		[profile, grantless] = profiles;
		store = new CredentialStore(new MemorySecretStore(), new RecordingLogger());
		await store.setClientSecret('sandbox', SANDBOX_CLIENT.clientSecret ?? '');
		await store.setClientSecret('grantless', SANDBOX_CLIENT.clientSecret ?? '');
		const sleeper = recordingSleep();
		delays = sleeper.delays;
		service = new CredentialService({
			store, clock: systemClock, logger: new RecordingLogger(), refreshAheadSeconds: () => 120,
			tokenClient: new TokenClient({ http, sleep: sleeper.sleep }),
		});
	});

	async function signIn(): Promise<void> {
		const request = createAuthorizationRequest({ authorizationEndpoint: profile.endpoints.authorization, clientId: profile.clientId, scopes: profile.scopes, redirectUri: profile.redirectUri, pkce: true });
		const consent = await http.send({ method: 'GET', url: request.url, headers: {} });
		assert.equal(consent.status, 302);
		const { code } = validateCallback(parseCallbackInput(consent.headers.location).params, request.state);
		await service.completeAuthorization(profile, { code, redirectUri: request.redirectUri, ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}) });
	}

	it('signs in with PKCE, refreshes, and looks the token up in tokeninfo and profile', async () => {
		await signIn();
		const signedIn = await service.getValidCredential(profile);
		assert.ok(signedIn.refreshToken);
		const refreshed = await service.refresh(profile);
		assert.notEqual(refreshed.accessToken, signedIn.accessToken);
		assert.deepEqual(emulator.stats.byGrant, { authorization_code: 1, refresh_token: 1 });

		const info = await fetchTokenInfo(http, profile.endpoints.tokeninfo, refreshed.accessToken);
		checkAudience(info, profile.clientId);
		assert.ok(info.expiresInSeconds > 3500 && info.expiresInSeconds <= 3600);
		assert.throws(() => checkAudience(info, 'amzn1.application-oa2-client.other'), (error: unknown) => error instanceof LwaError && error.code === 'audience_mismatch');
		const user = await fetchUserProfile(http, profile.endpoints.profile, refreshed.accessToken);
		assert.ok(user.userId.startsWith('amzn1.account.'));
	});

	it('gets a client_credentials token that tokeninfo accepts', async () => {
		const credential = await service.getValidCredential(grantless);
		assert.equal(credential.refreshToken, undefined);
		assert.deepEqual(emulator.stats.byGrant, { client_credentials: 1 });
		const info = await fetchTokenInfo(http, emulator.endpoints.tokeninfo, credential.accessToken);
		checkAudience(info, SANDBOX_CLIENT.clientId);
	});

	it('retries a refresh through two 500s and counts three requests at the server', async () => {
		await signIn();
		emulator.resetStats();
		emulator.setFault({ kind: 'status500' }, { times: 2 });
		await service.refresh(profile);
		assert.equal(emulator.stats.tokenRequests, 3);
		assert.equal(delays.length, 2);
	});

	it('does not retry a code exchange after a 500', async () => {
		emulator.setFault({ kind: 'status500' }, { times: 1 });
		await assert.rejects(signIn(), (error: unknown) => error instanceof LwaError && error.code === 'server_error');
		assert.equal(emulator.stats.byGrant.authorization_code, 1);
	});

	it('honours the emulator\'s Retry-After on 429', async () => {
		emulator.setFault({ kind: 'rateLimit', retryAfterSeconds: 2 }, { times: 1 });
		await service.getValidCredential(grantless);
		assert.deepEqual(delays, [2000]);
	});

	it('deletes the tokens when the emulator revokes the refresh token', async () => {
		await signIn();
		emulator.revokeRefreshTokens();
		await assert.rejects(service.refresh(profile), (error: unknown) => error instanceof LwaError && error.code === 'invalid_grant');
		assert.equal(await store.getCredential('sandbox'), undefined);
	});

	for (const [fault, code] of [[{ kind: 'html' }, 'malformed_response'], [{ kind: 'truncatedJson' }, 'malformed_response'], [{ kind: 'oversized', bytes: 2 * 1024 * 1024 }, 'malformed_response'], [{ kind: 'resetMidBody' }, 'network']] as const) {
		it(`maps the emulator fault ${fault.kind} to ${code}`, async () => {
			emulator.setFault(fault);
			await assert.rejects(service.getValidCredential(grantless), (error: unknown) => error instanceof LwaError && error.code === code);
		});
	}
});
