import * as assert from 'node:assert/strict';
import { parseCredential, serializeCredential } from '../../../src/core/credentials/model';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { CredentialService } from '../../../src/core/credentials/service';
import { clientSecretKey, credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { regionalEndpoints } from '../../../src/core/lwa/endpoints';
import { isLwaError } from '../../../src/core/lwa/errors';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../src/core/profiles';
import { rejection } from './support/assertions';
import { ManualClock, MemorySecretStore, recordingSleep, RecordingLogger } from './support/fakes';
import type { Handler, TestServer } from './support/servers';
import { reply, replyJson, startServer, tokenBody } from './support/servers';

const clock = new ManualClock();

function credential(overrides: Partial<StoredCredential> = {}): StoredCredential {
	return { v: 1, profile: 'adp', grant: 'authorization_code', accessToken: 'Atza|old', tokenType: 'bearer', expiresAt: clock.now() + 3600_000, obtainedAt: clock.now(), refreshToken: 'Atzr|old', scopes: ['profile'], ...overrides };
}

describe('credential model', () => {
	it('round-trips a credential and drops unknown fields', () => {
		const value = credential();
		assert.deepEqual(parseCredential(serializeCredential(value)), value);
		const withoutRefresh = credential({ refreshToken: undefined });
		delete withoutRefresh.refreshToken;
		assert.deepEqual(parseCredential(serializeCredential(withoutRefresh)), withoutRefresh);
		assert.ok(!('extra' in parseCredential(JSON.stringify({ ...value, extra: 1 }))));
	});

	const corrupt: [string, string][] = [
		['not JSON', '{"v":1,'],
		['an array', '[]'],
		['an unknown version', JSON.stringify({ ...credential(), v: 2 })],
		['no version', JSON.stringify({ ...credential(), v: undefined })],
		['no access token', JSON.stringify({ ...credential(), accessToken: '' })],
		['a bad grant', JSON.stringify({ ...credential(), grant: 'password' })],
		['a bad token type', JSON.stringify({ ...credential(), tokenType: 'mac' })],
		['a bad expiry', JSON.stringify({ ...credential(), expiresAt: 'soon' })],
		['a bad refresh token', JSON.stringify({ ...credential(), refreshToken: 5 })],
		['bad scopes', JSON.stringify({ ...credential(), scopes: 'profile' })],
		['no profile', JSON.stringify({ ...credential(), profile: '' })],
	];
	for (const [what, json] of corrupt) {
		it(`refuses ${what} without quoting the value`, () => {
			assert.throws(() => parseCredential(json), (error: unknown) => error instanceof Error && !error.message.includes('Atz'));
		});
	}
});

describe('CredentialStore', () => {
	it('stores credentials and client secrets under per-profile keys', async () => {
		const secrets = new MemorySecretStore();
		const store = new CredentialStore(secrets, new RecordingLogger());
		await store.setCredential(credential());
		await store.setClientSecret('adp', 'secret-1');
		assert.ok(secrets.values.has(credentialKey('adp')));
		assert.equal(secrets.values.get(clientSecretKey('adp')), 'secret-1');
		assert.deepEqual(await store.getCredential('adp'), credential());
		assert.equal(await store.getClientSecret('adp'), 'secret-1');
		await store.deleteClientSecret('adp');
		await store.deleteCredential('adp');
		assert.equal(secrets.values.size, 0);
		assert.equal(await store.getCredential('adp'), undefined);
	});

	for (const [what, value] of [['corrupt', '{"v":1,"accessToken":"Atza|SENTINEL"'], ['an unknown version', JSON.stringify({ ...credential({ accessToken: 'Atza|SENTINEL' }), v: 9 })], ['another profile', serializeCredential(credential({ profile: 'other', accessToken: 'Atza|SENTINEL' }))]]) {
		it(`removes ${what} entry, logs the event without the value, and returns undefined`, async () => {
			const secrets = new MemorySecretStore();
			const logger = new RecordingLogger();
			secrets.values.set(credentialKey('adp'), value);
			const store = new CredentialStore(secrets, logger);
			assert.equal(await store.getCredential('adp'), undefined);
			assert.equal(secrets.values.has(credentialKey('adp')), false);
			assert.match(logger.text, /warn .*"adp".*removed/);
			assert.ok(!logger.text.includes('SENTINEL'));
		});
	}

	it('returns undefined and logs when the secret store cannot be read', async () => {
		const secrets = new MemorySecretStore();
		secrets.failGet = true;
		const logger = new RecordingLogger();
		assert.equal(await new CredentialStore(secrets, logger).getCredential('adp'), undefined);
		assert.match(logger.text, /^error /);
	});
});

describe('CredentialService against a real token server', () => {
	let server: TestServer;
	let handler: Handler;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000 });
	let secrets: MemorySecretStore;
	let store: CredentialStore;
	let service: CredentialService;
	let logger: RecordingLogger;
	let changes: string[];

	before(async () => {
		server = await startServer((request, response, index) => handler(request, response, index));
	});
	after(async () => {
		await server.close();
		await http.close();
	});

	beforeEach(() => {
		server.requests.length = 0;
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|new', refresh_token: undefined }));
		secrets = new MemorySecretStore();
		logger = new RecordingLogger();
		store = new CredentialStore(secrets, logger);
		const tokenClient = new TokenClient({ http, clock, logger, sleep: recordingSleep().sleep });
		service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds: () => 120 });
		changes = [];
		service.onDidChange((profile) => changes.push(profile));
	});

	function profile(overrides: Partial<Profile> = {}): Profile {
		return {
			name: 'adp', region: 'NA', clientId: 'client-1', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback',
			grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: { ...regionalEndpoints('NA'), token: `${server.url}/auth/o2/token` }, ...overrides,
		};
	}

	it('returns a fresh stored credential without any request', async () => {
		await store.setCredential(credential());
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|old');
		assert.equal(server.requests.length, 0);
	});

	it('refuses when there is no credential: not_signed_in', async () => {
		assert.equal((await rejection(service.getValidCredential(profile()))).code, 'not_signed_in');
	});

	it('makes exactly one token request for 100 concurrent calls on a stale token', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		await store.setClientSecret('adp', 'secret-1');
		handler = (_request, response) => {
			setTimeout(() => replyJson(response, 200, tokenBody({ access_token: 'Atza|new', refresh_token: undefined })), 50);
		};
		const results = await Promise.all(Array.from({ length: 100 }, () => service.getValidCredential(profile())));
		assert.equal(server.requests.length, 1);
		assert.ok(results.every((result) => result.accessToken === 'Atza|new'));
		assert.equal(server.requests[0].form.get('client_secret'), 'secret-1');
		// The old refresh token is kept when the response carries none.
		assert.equal((await store.getCredential('adp'))?.refreshToken, 'Atzr|old');
		assert.deepEqual(changes, ['adp']);
		// Once refreshed, later calls make no request.
		await service.getValidCredential(profile());
		assert.equal(server.requests.length, 1);
	});

	it('stores a rotated refresh token when the response has one', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() - 1 }));
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|new', refresh_token: 'Atzr|rotated', scope: 'profile postal_code' }));
		const result = await service.refresh(profile());
		assert.equal(result.refreshToken, 'Atzr|rotated');
		assert.deepEqual(result.scopes, ['profile', 'postal_code']);
		assert.equal(result.expiresAt, clock.now() + 3600_000);
	});

	it('deletes the tokens and rethrows when the refresh token is refused (invalid_grant)', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() - 1 }));
		handler = (_request, response) => replyJson(response, 400, { error: 'invalid_grant', error_description: 'revoked' });
		assert.equal((await rejection(service.getValidCredential(profile()))).code, 'invalid_grant');
		assert.equal(await store.getCredential('adp'), undefined);
		assert.deepEqual(changes, ['adp']);
	});

	it('keeps the tokens after server errors, and hands out the old token while it still works', async () => {
		handler = (_request, response) => reply(response, 500, '');
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|old');
		assert.equal(server.requests.length, 3);
		assert.equal((await rejection(service.refresh(profile()))).code, 'server_error');
		assert.equal((await store.getCredential('adp'))?.accessToken, 'Atza|old');
		assert.deepEqual(changes, []);
	});

	it('keeps the tokens after a network failure and reports it when the token has expired', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() - 1 }));
		const offline = profile({ endpoints: { ...regionalEndpoints('NA'), token: 'http://lwa-credentials-test.invalid/auth/o2/token' } });
		assert.equal((await rejection(service.getValidCredential(offline))).code, 'network');
		assert.ok(await store.getCredential('adp'));
	});

	it('reports no_refresh_token for an expired token without a refresh token, and returns a stale but working one', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000, refreshToken: undefined }));
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|old');
		assert.equal((await rejection(service.refresh(profile()))).code, 'no_refresh_token');
		await store.setCredential(credential({ expiresAt: clock.now() - 1, refreshToken: undefined }));
		assert.equal((await rejection(service.getValidCredential(profile()))).code, 'no_refresh_token');
		assert.equal(server.requests.length, 0);
	});

	it('completes an authorization with the code, verifier and client secret, and fires a change', async () => {
		await store.setClientSecret('adp', 'secret-1');
		handler = (_request, response) => replyJson(response, 200, tokenBody());
		const result = await service.completeAuthorization(profile(), { code: 'code-1', codeVerifier: 'verifier-1', redirectUri: 'http://127.0.0.1:53682/lwa/callback' });
		assert.equal(result.refreshToken, 'Atzr|test-refresh');
		assert.equal(server.requests[0].form.get('code_verifier'), 'verifier-1');
		assert.equal(server.requests[0].form.get('client_secret'), 'secret-1');
		assert.deepEqual(await store.getCredential('adp'), result);
		assert.deepEqual(changes, ['adp']);
	});

	it('drops the tokens of an exchange the user cancelled while it ran, and keeps the stored credential', async () => {
		await store.setCredential(credential());
		let cancelled = false;
		handler = (_request, response) => {
			// The user cancels while the token request is on its way.
			cancelled = true;
			replyJson(response, 200, tokenBody({ access_token: 'Atza|SENTINEL-cancelled' }));
		};
		const error = await rejection(service.completeAuthorization(profile(), { code: 'code-1', codeVerifier: 'verifier-1', redirectUri: 'http://127.0.0.1:53682/lwa/callback', cancelled: () => cancelled }));
		assert.equal(error.code, 'cancelled');
		assert.equal(server.requests.length, 1, 'the code was exchanged');
		assert.deepEqual(await store.getCredential('adp'), credential(), 'the earlier sign-in is kept');
		assert.deepEqual(changes, []);
		assert.match(logger.text, /cancelled during the code exchange; the tokens LWA issued were not stored/);
		assert.ok(!logger.text.includes('SENTINEL'));
	});

	it('stores a sign-in without a client secret with no refresh token and says why in the log', async () => {
		const result = await service.completeAuthorization(profile(), { code: 'code-1', redirectUri: 'http://127.0.0.1:53682/lwa/callback' });
		assert.equal(result.refreshToken, undefined);
		assert.equal(server.requests[0].form.has('client_secret'), false);
		assert.match(logger.text, /without a refresh token \(no client secret is set\)/);
		assert.ok(!logger.text.includes('Atza|'));
	});

	it('gets client_credentials tokens when absent or stale, and needs a client secret', async () => {
		const grantless = profile({ name: 'sp', grant: 'client_credentials', redirectUri: '', scopes: ['sellingpartnerapi::notifications'] });
		assert.equal((await rejection(service.getValidCredential(grantless))).code, 'missing_client_secret');
		await store.setClientSecret('sp', 'secret-2');
		const first = await service.getValidCredential(grantless);
		assert.equal(first.grant, 'client_credentials');
		assert.equal(server.requests[0].form.get('grant_type'), 'client_credentials');
		assert.equal(server.requests[0].form.get('scope'), 'sellingpartnerapi::notifications');
		await service.getValidCredential(grantless);
		assert.equal(server.requests.length, 1);
		clock.advance(3600_000);
		try {
			await service.getValidCredential(grantless);
			assert.equal(server.requests.length, 2);
		} finally {
			clock.advance(-3600_000);
		}
	});

	it('signs out by deleting the tokens but not the client secret, and listeners can be disposed', async () => {
		await store.setCredential(credential());
		await store.setClientSecret('adp', 'secret-1');
		const later: string[] = [];
		const subscription = service.onDidChange((name) => later.push(name));
		await service.signOut('adp');
		subscription.dispose();
		await service.signOut('adp');
		assert.equal(await store.getCredential('adp'), undefined);
		assert.equal(await store.getClientSecret('adp'), 'secret-1');
		assert.deepEqual(later, ['adp']);
		assert.deepEqual(changes, ['adp', 'adp']);
	});

	it('treats a client_credentials token as not signed in for an authorization_code profile', async () => {
		await store.setCredential(credential({ grant: 'client_credentials' }));
		assert.ok(isLwaError(await rejection(service.getValidCredential(profile())), 'not_signed_in'));
	});
});
