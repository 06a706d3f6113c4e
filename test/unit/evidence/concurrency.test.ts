// Concurrency: many token requests on one stale token, two sign-ins waiting at once, and a refresh
// racing a sign-out in every ordering we can force. Real HTTP throughout (the LWA emulator, or a
// scripted loopback server that holds a response until the test lets it go).
import * as assert from 'node:assert/strict';
import { decodeState, createAuthorizationRequest } from '../../../src/core/lwa/authorize';
import type { AuthorizationRequest } from '../../../src/core/lwa/authorize';
import { validateCallback } from '../../../src/core/lwa/callback';
import { isLwaError } from '../../../src/core/lwa/errors';
import type { Profile } from '../../../src/core/profiles';
import { LwaEmulator, SANDBOX_CLIENT } from '../../../src/emulator/lwaEmulator';
import { replyJson, startServer, tokenBody } from '../core/support/servers';
import type { TestServer } from '../core/support/servers';
import type { Rig } from './support';
import { createRig, profileAt, rawStoredCredential, seededCredential, storedState, formatTable } from './support';

const SANDBOX_SECRET = 'sandbox-secret';

function sandboxProfile(emulator: LwaEmulator, grant: Profile['grant'] = 'authorization_code', name = 'sandbox'): Profile {
	const profile = profileAt(emulator.url, grant, name);
	profile.clientId = SANDBOX_CLIENT.clientId;
	profile.redirectUri = grant === 'authorization_code' ? SANDBOX_CLIENT.redirectUris[0] : '';
	return profile;
}

function authorizationRequest(profile: Profile): AuthorizationRequest {
	return createAuthorizationRequest({
		authorizationEndpoint: profile.endpoints.authorization, clientId: profile.clientId, scopes: profile.scopes,
		redirectUri: profile.redirectUri, pkce: true,
	});
}

/** Follows the authorization URL on the (auto-approving) emulator and returns the redirect's parameters. */
async function redirectFor(request: AuthorizationRequest): Promise<URLSearchParams> {
	const response = await fetch(request.url, { redirect: 'manual' });
	const location = response.headers.get('location');
	assert.equal(response.status, 302, 'the emulator redirects back');
	assert.ok(location);
	return new URL(location).searchParams;
}

function paramsOf(query: URLSearchParams): { code?: string; state?: string; scope?: string } {
	return { code: query.get('code') ?? undefined, state: query.get('state') ?? undefined, scope: query.get('scope') ?? undefined };
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
	try {
		return { value: await promise };
	} catch (error) {
		return { error };
	}
}

describe('Evidence: concurrency', function () {
	this.timeout(20_000);

	describe('many callers, one stale token', () => {
		let emulator: LwaEmulator;
		let rig: Rig | undefined;

		beforeEach(async () => {
			emulator = await LwaEmulator.start({ autoApprove: true });
		});

		afterEach(async () => {
			await rig?.close();
			rig = undefined;
			await emulator.close();
		});

		it('100 concurrent token requests on a stale token cause exactly one refresh request at the emulator', async () => {
			const profile = sandboxProfile(emulator);
			rig = await createRig();
			await rig.store.setClientSecret(profile.name, SANDBOX_SECRET);
			const request = authorizationRequest(profile);
			const { code } = validateCallback(paramsOf(await redirectFor(request)), request.state);
			const signedIn = await rig.service.completeAuthorization(profile, { code, codeVerifier: request.codeVerifier, redirectUri: request.redirectUri });
			assert.ok(signedIn.refreshToken);

			rig.clock.advance(3500 * 1000);
			emulator.resetStats();
			// Hold the one refresh at the server a little, so that every caller arrives while it is in flight.
			emulator.setFault({ kind: 'slow', delayMs: 150 }, { times: 1 });
			const results = await Promise.all(Array.from({ length: 100 }, () => rig!.service.getValidCredential(profile)));

			assert.equal(emulator.stats.tokenRequests, 1);
			assert.deepEqual(emulator.stats.byGrant, { refresh_token: 1 });
			const tokens = new Set(results.map((credential) => credential.accessToken));
			assert.equal(tokens.size, 1, 'every caller got the same refreshed token');
			assert.notEqual([...tokens][0], signedIn.accessToken);
			assert.equal(rawStoredCredential(rig.secrets, profile.name)?.accessToken, [...tokens][0]);
		});

		it('100 concurrent token requests on a client_credentials profile without a token cause exactly one token request', async () => {
			const profile = sandboxProfile(emulator, 'client_credentials', 'machine');
			rig = await createRig();
			await rig.store.setClientSecret(profile.name, SANDBOX_SECRET);
			emulator.setFault({ kind: 'slow', delayMs: 150 }, { times: 1 });
			const results = await Promise.all(Array.from({ length: 100 }, () => rig!.service.getValidCredential(profile)));
			assert.deepEqual(emulator.stats.byGrant, { client_credentials: 1 });
			assert.equal(new Set(results.map((credential) => credential.accessToken)).size, 1);
		});
	});

	describe('two sign-ins waiting at once', () => {
		let emulator: LwaEmulator;
		let rig: Rig;

		beforeEach(async () => {
			emulator = await LwaEmulator.start({ autoApprove: true });
			rig = await createRig();
			await rig.store.setClientSecret('sandbox', SANDBOX_SECRET);
		});

		afterEach(async () => {
			await rig.close();
			await emulator.close();
		});

		it('each redirect completes only the sign-in whose state it carries', async () => {
			const profile = sandboxProfile(emulator);
			const first = authorizationRequest(profile);
			const second = authorizationRequest(profile);
			assert.notEqual(first.state, second.state);
			assert.notEqual(first.codeVerifier, second.codeVerifier);
			// The browser comes back for the second sign-in first.
			const secondRedirect = paramsOf(await redirectFor(second));
			const firstRedirect = paramsOf(await redirectFor(first));

			// Routing by nonce finds the right waiting sign-in, and each state validates only its own redirect.
			assert.equal(decodeState(secondRedirect.state ?? '')?.nonce, second.nonce);
			assert.equal(decodeState(firstRedirect.state ?? '')?.nonce, first.nonce);
			assert.throws(() => validateCallback(secondRedirect, first.state), (error: unknown) => isLwaError(error, 'state_mismatch'));
			assert.throws(() => validateCallback(firstRedirect, second.state), (error: unknown) => isLwaError(error, 'state_mismatch'));

			// A code exchanged with the other sign-in's PKCE verifier is refused by the server, and stores nothing.
			const crossed = await settle(rig.service.completeAuthorization(profile, {
				code: validateCallback(secondRedirect, second.state).code, codeVerifier: first.codeVerifier, redirectUri: profile.redirectUri,
			}));
			assert.ok(isLwaError(crossed.error, 'invalid_grant'), 'the other verifier does not fit');
			assert.equal(rawStoredCredential(rig.secrets, profile.name), undefined);

			// Each with its own code and verifier, both at once: both succeed.
			const [a, b] = await Promise.all([
				rig.service.completeAuthorization(profile, { code: validateCallback(firstRedirect, first.state).code, codeVerifier: first.codeVerifier, redirectUri: profile.redirectUri }),
				settle(rig.service.completeAuthorization(profile, { code: validateCallback(secondRedirect, second.state).code, codeVerifier: second.codeVerifier, redirectUri: profile.redirectUri })),
			]);
			assert.ok(a.accessToken);
			// The second code was already spent by the crossed attempt (codes are single-use, as on LWA).
			assert.ok(isLwaError(b.error, 'invalid_grant'));
			assert.equal(rawStoredCredential(rig.secrets, profile.name)?.accessToken, a.accessToken, 'the failed exchange did not touch the stored sign-in');
		});
	});

	describe('a refresh racing a sign-out', () => {
		const rows: string[][] = [];
		let server: TestServer;
		let rig: Rig;
		let profile: Profile;
		let release: () => void;
		let arrived: Promise<void>;
		let answered: Promise<void>;
		/** What the held token request gets once released (default: new tokens). */
		let heldAnswer: 'tokens' | 'invalid_grant';

		beforeEach(async () => {
			let markArrived!: () => void;
			let markAnswered!: () => void;
			arrived = new Promise((resolve) => { markArrived = resolve; });
			answered = new Promise((resolve) => { markAnswered = resolve; });
			const gate = new Promise<void>((resolve) => { release = resolve; });
			let issued = 0;
			heldAnswer = 'tokens';
			server = await startServer(async (request, response) => {
				if (request.form.get('grant_type') === 'authorization_code') {
					// A new sign-in is answered at once; only refresh and client_credentials requests are held.
					replyJson(response, 200, tokenBody({ access_token: 'Atza|signed-in-again', refresh_token: 'Atzr|signed-in-again' }));
					return;
				}
				markArrived();
				await gate;
				issued++;
				if (heldAnswer === 'invalid_grant') {
					replyJson(response, 400, { error: 'invalid_grant', error_description: 'revoked' });
					response.on('finish', () => markAnswered());
					return;
				}
				replyJson(response, 200, tokenBody({ access_token: `Atza|refreshed-${issued}`, refresh_token: `Atzr|rotated-${issued}` }));
				response.on('finish', () => markAnswered());
			});
			profile = profileAt(server.url);
			rig = await createRig({ profile });
			// Stale, so that getValidCredential refreshes too.
			rig.clock.advance(3550 * 1000);
		});

		afterEach(async () => {
			release();
			await rig.close();
			await server.close();
		});

		after(() => {
			console.log(`\n${formatTable(['ordering', 'refresh result', 'stored afterwards', 'requests'], rows)}\n`);
		});

		/** The invariant for every ordering: signed out means no credential, and the refresh did not bring it back. */
		function assertSignedOut(ordering: string, refresh: { value?: unknown; error?: unknown }): void {
			const stored = rawStoredCredential(rig.secrets, profile.name);
			rows.push([ordering, refresh.error ? (isLwaError(refresh.error) ? refresh.error.code : 'uncoded') : 'credential', stored ? 'CREDENTIAL' : 'none', String(server.requests.length)]);
			assert.equal(stored, undefined, 'the sign-out stands: no credential was resurrected');
			if (refresh.error) {
				assert.ok(isLwaError(refresh.error, 'not_signed_in'), `a refresh that lost the race says not_signed_in, not ${String(refresh.error)}`);
			}
		}

		it('sign-out before the refresh starts: the refresh finds nothing to refresh', async () => {
			await rig.service.signOut(profile.name);
			const refresh = await settle(rig.service.refresh(profile));
			assertSignedOut('sign-out, then refresh', refresh);
			assert.equal(server.requests.length, 0);
		});

		it('sign-out while the refresh request waits at the server: the refreshed tokens are not stored', async () => {
			const refreshing = settle(rig.service.refresh(profile));
			await arrived;
			await rig.service.signOut(profile.name);
			release();
			assertSignedOut('refresh at server, sign-out, response', await refreshing);
		});

		it('sign-out while token requests wait on a refresh: no waiter brings the credential back', async () => {
			const waiters = Array.from({ length: 10 }, () => settle(rig.service.getValidCredential(profile)));
			await arrived;
			await rig.service.signOut(profile.name);
			release();
			const results = await Promise.all(waiters);
			assertSignedOut('10 waiters on refresh, sign-out, response', results.find((result) => result.error) ?? results[0]);
			assert.equal(server.requests.length, 1);
		});

		for (const delayMs of [0, 1, 5]) {
			it(`sign-out ${delayMs} ms after the server answered: whichever finishes first, the sign-out stands`, async () => {
				const refreshing = settle(rig.service.refresh(profile));
				await arrived;
				release();
				await answered;
				await new Promise((resolve) => setTimeout(resolve, delayMs));
				await rig.service.signOut(profile.name);
				assertSignedOut(`response, ${delayMs} ms, sign-out`, await refreshing);
			});
		}

		it('sign-out after the refresh finished: signed out', async () => {
			release();
			const refresh = await settle(rig.service.refresh(profile));
			assert.ok(refresh.value, 'the refresh succeeded');
			await rig.service.signOut(profile.name);
			assertSignedOut('refresh done, sign-out', refresh);
		});

		it('sign-out and a new sign-in while an old refresh waits: the old refresh neither overwrites nor deletes the new sign-in', async () => {
			const refreshing = settle(rig.service.refresh(profile));
			await arrived;
			await rig.service.signOut(profile.name);
			// A new sign-in (say, another Amazon account) stored while the old refresh is still out.
			const fresh = seededCredential(profile, rig.clock, { accessToken: 'Atza|new-account', refreshToken: 'Atzr|new-account' });
			await rig.store.setCredential(fresh);
			release();
			const refresh = await refreshing;
			const stored = rawStoredCredential(rig.secrets, profile.name);
			rows.push(['refresh at server, sign-out, new sign-in, response', refresh.error ? (isLwaError(refresh.error) ? refresh.error.code : 'uncoded') : 'credential', stored ? `credential ${stored.accessToken}` : 'none', String(server.requests.length)]);
			assert.equal(stored?.accessToken, 'Atza|new-account', 'the new sign-in is kept');
			assert.equal(stored?.refreshToken, 'Atzr|new-account');
			if (refresh.value) {
				assert.equal((refresh.value as { accessToken: string }).accessToken, 'Atza|new-account', 'the caller gets the credential that is stored');
			}
		});

		it('a new sign-in while an old refresh waits: the new sign-in is kept and handed to the refresh\'s callers', async () => {
			const refreshing = settle(rig.service.refresh(profile));
			await arrived;
			const signedIn = await rig.service.completeAuthorization(profile, { code: 'ANnewcode', codeVerifier: 'v'.repeat(43), redirectUri: profile.redirectUri });
			release();
			const refresh = await refreshing;
			const stored = rawStoredCredential(rig.secrets, profile.name);
			rows.push(['refresh at server, new sign-in, response', refresh.error ? 'error' : 'credential', stored ? `credential ${stored.accessToken}` : 'none', String(server.requests.length)]);
			assert.equal(stored?.accessToken, 'Atza|signed-in-again');
			assert.equal((refresh.value as { accessToken: string } | undefined)?.accessToken, signedIn.accessToken);
		});

		it('sign-out and a new sign-in while a refresh that will be refused waits: the refusal does not delete the new sign-in', async () => {
			heldAnswer = 'invalid_grant';
			const refreshing = settle(rig.service.refresh(profile));
			await arrived;
			await rig.service.signOut(profile.name);
			const signedIn = await rig.service.completeAuthorization(profile, { code: 'ANnewcode', codeVerifier: 'v'.repeat(43), redirectUri: profile.redirectUri });
			release();
			const refresh = await refreshing;
			const stored = rawStoredCredential(rig.secrets, profile.name);
			rows.push(['refresh at server, sign-out, sign-in, invalid_grant', refresh.error ? (isLwaError(refresh.error) ? refresh.error.code : 'uncoded') : 'credential', stored ? `credential ${stored.accessToken}` : 'none', String(server.requests.length)]);
			assert.equal(stored?.accessToken, signedIn.accessToken, 'the new sign-in survives the old refresh token being refused');
		});

		it('sign-out while a client_credentials token request waits: the token is not stored', async () => {
			const machine = profileAt(server.url, 'client_credentials', 'machine');
			await rig.store.setClientSecret(machine.name, 'machine-secret');
			const fetching = settle(rig.service.getValidCredential(machine));
			await arrived;
			await rig.service.signOut(machine.name);
			release();
			const result = await fetching;
			const stored = rawStoredCredential(rig.secrets, machine.name);
			rows.push(['client_credentials at server, sign-out, response', result.error ? (isLwaError(result.error) ? result.error.code : 'uncoded') : 'credential', stored ? 'CREDENTIAL' : 'none', String(server.requests.length)]);
			assert.equal(stored, undefined);
			assert.ok(isLwaError(result.error, 'not_signed_in'));
		});

		it('a refresh that completes with no sign-out leaves one complete credential', async () => {
			release();
			const refresh = await settle(rig.service.refresh(profile));
			const stored = rawStoredCredential(rig.secrets, profile.name);
			rows.push(['refresh only', refresh.error ? 'error' : 'credential', stored ? `credential ${stored.accessToken}` : 'none', String(server.requests.length)]);
			assert.equal(storedState(rig, profile.name), 'changed');
			assert.equal(stored?.accessToken, 'Atza|refreshed-1');
			assert.equal(stored?.refreshToken, 'Atzr|rotated-1');
			assert.ok(stored && stored.expiresAt > rig.clock.now());
		});
	});
});
