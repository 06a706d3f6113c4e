// Secret storage that fails (Linux without a usable keyring: VS Code's SecretStorage rejects get,
// store and delete). Tokens and client secrets are then kept in this window's memory for the session
// and nowhere else, reads fall back to that copy, a failed read deletes nothing and is never taken
// for "signed out", the outage is reported once with what failed and how to fix it, and a later
// successful write saves what memory holds. Token requests go to a real HTTP server on loopback.
import * as assert from 'node:assert/strict';
import { leaseKey, RefreshLeases } from '../../../src/core/credentials/lease';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { serializeCredential } from '../../../src/core/credentials/model';
import { CredentialService } from '../../../src/core/credentials/service';
import { clientSecretKey, credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { regionalEndpoints } from '../../../src/core/lwa/endpoints';
import type { LwaError } from '../../../src/core/lwa/errors';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../src/core/profiles';
import { rejection } from './support/assertions';
import { FailingSecretStore } from './support/failingSecretStore';
import { ManualClock, recordingSleep, RecordingLogger } from './support/fakes';
import type { Handler, TestServer } from './support/servers';
import { replyJson, startServer, tokenBody } from './support/servers';

const clock = new ManualClock();
const REDIRECT_URI = 'http://127.0.0.1:53682/lwa/callback';

/** Every secret the tests plant or the server issues; none may appear in a message or log line. */
const SECRETS = ['Atza|stored-SECRET', 'Atzr|stored-SECRET', 'Atza|issued-SECRET', 'Atzr|issued-SECRET', 'client-SECRET', 'code-SECRET', 'verifier-SECRET'];

function credential(overrides: Partial<StoredCredential> = {}): StoredCredential {
	return {
		v: 1, profile: 'adp', grant: 'authorization_code', accessToken: 'Atza|stored-SECRET', tokenType: 'bearer',
		expiresAt: clock.now() + 3600_000, obtainedAt: clock.now(), refreshToken: 'Atzr|stored-SECRET', scopes: ['profile'], ...overrides,
	};
}

/** Fails (without printing the text, which may hold a secret) when `text` contains a planted secret. */
function assertNoSecretIn(text: string, where: string): void {
	const leaked = SECRETS.filter((secret) => text.includes(secret));
	assert.equal(leaked.length, 0, `${leaked.length} planted secret(s) appear in ${where}`);
}

describe('Secret storage that fails: the credential store', () => {
	let secrets: FailingSecretStore;
	let logger: RecordingLogger;
	let store: CredentialStore;
	let outages: LwaError[];
	let changes: string[];

	beforeEach(() => {
		secrets = new FailingSecretStore();
		logger = new RecordingLogger();
		store = new CredentialStore(secrets, logger);
		outages = [];
		store.onStorageUnavailable((error) => outages.push(error));
		changes = [];
		store.onDidChangeCredential((profile) => changes.push(profile));
	});

	afterEach(() => {
		assertNoSecretIn(logger.text, 'the log');
		assertNoSecretIn(outages.map((error) => `${error.message} ${JSON.stringify(error.facts)}`).join('\n'), 'the outage messages');
	});

	it('keeps a credential it cannot save in this window\'s memory, reads it back and tells change listeners', async () => {
		secrets.fail('store');
		assert.equal(await store.setCredential(credential()), 'kept in memory');
		assert.equal(secrets.values.size, 0, 'nothing reached the store');
		assert.deepEqual(await store.getCredential('adp'), credential());
		assert.deepEqual(await store.readCredential('adp'), credential());
		assert.deepEqual(changes, ['adp']);
		assert.equal(store.hasUnsavedChanges(), true);
	});

	it('reads the memory copy while reads fail too', async () => {
		secrets.fail();
		await store.setCredential(credential());
		assert.deepEqual(await store.readCredential('adp'), credential());
		assert.deepEqual(secrets.callsOf('get'), [], 'the memory copy is newer than anything the store holds');
	});

	it('does not take an unreadable store for "nothing stored": displays see none, actions get secret_storage_unavailable, nothing is deleted', async () => {
		secrets.values.set(credentialKey('adp'), serializeCredential(credential()));
		secrets.fail('get');
		assert.equal(await store.getCredential('adp'), undefined);
		const error = await rejection(store.readCredential('adp'));
		assert.equal(error.code, 'secret_storage_unavailable');
		assert.equal(error.retryable, true);
		assert.deepEqual({ ...error.facts }, { operation: 'read', entry: 'tokens', profile: 'adp' });
		assert.equal((await rejection(store.readClientSecret('adp'))).code, 'secret_storage_unavailable');
		assert.equal(await store.getClientSecret('adp'), undefined);
		assert.deepEqual(secrets.callsOf('delete'), []);
		assert.ok(secrets.values.has(credentialKey('adp')));
		secrets.recover();
		assert.deepEqual(await store.getCredential('adp'), credential(), 'the credential is there once the store can be read');
	});

	it('still deletes a corrupt entry it can read', async () => {
		secrets.values.set(credentialKey('adp'), '{"v":1,"accessToken":"Atza|stored-SECRET"');
		assert.equal(await store.readCredential('adp'), undefined);
		assert.equal(secrets.values.has(credentialKey('adp')), false);
		assert.match(logger.text, /warn .*"adp".*unusable/);
	});

	it('reports the first failure of an outage once, with the operation, the entry and the profile as facts', async () => {
		secrets.fail();
		await store.setCredential(credential());
		await store.setClientSecret('adp', 'client-SECRET');
		await store.getCredential('other');
		assert.equal(outages.length, 1);
		const [outage] = outages;
		assert.equal(outage.code, 'secret_storage_unavailable');
		assert.deepEqual({ ...outage.facts }, { operation: 'save', entry: 'tokens', profile: 'adp' });
		assert.equal(logger.lines.filter((line) => line.startsWith('error ')).length, 1, 'one error line per outage; the rest are debug');
	});

	it('writes the memory copies through at the next successful write, then reports a new outage again', async () => {
		secrets.fail('store');
		await store.setCredential(credential());
		await store.setClientSecret('adp', 'client-SECRET');
		secrets.recover();
		assert.equal(await store.setCredential(credential({ profile: 'other' })), 'saved');
		assert.equal(secrets.values.get(clientSecretKey('adp')), 'client-SECRET');
		assert.equal(secrets.values.get(credentialKey('adp')), serializeCredential(credential()));
		assert.equal(store.hasUnsavedChanges(), false);
		assert.match(logger.text, /info Saved the tokens of profile "adp", kept in memory until now/);
		secrets.fail('store');
		await store.setCredential(credential({ accessToken: 'Atza|issued-SECRET' }));
		assert.equal(outages.length, 2);
	});

	it('signs out in this window when the store cannot delete, and deletes from the store once it works', async () => {
		secrets.values.set(credentialKey('adp'), serializeCredential(credential()));
		secrets.fail('delete');
		assert.equal(await store.deleteCredential('adp'), 'kept in memory');
		assert.equal(await store.readCredential('adp'), undefined, 'signed out here although the store still holds it');
		assert.deepEqual(changes, ['adp']);
		assert.deepEqual({ ...outages[0].facts }, { operation: 'delete', entry: 'tokens', profile: 'adp' });
		secrets.recover();
		await store.setClientSecret('adp', 'client-SECRET');
		assert.equal(secrets.values.has(credentialKey('adp')), false);
	});

	it('keeps a client secret it cannot save in memory for the session, and reports the save that failed', async () => {
		secrets.fail();
		assert.equal(await store.setClientSecret('adp', 'client-SECRET'), 'kept in memory');
		assert.equal(await store.readClientSecret('adp'), 'client-SECRET');
		assert.deepEqual({ ...outages[0].facts }, { operation: 'save', entry: 'client_secret', profile: 'adp' });
		assert.equal(await store.deleteClientSecret('adp'), 'kept in memory');
		assert.equal(await store.readClientSecret('adp'), undefined);
		assert.deepEqual(changes, [], 'a client secret is not a credential change');
	});

	it('with intermittent failures, the latest change wins in memory and ends up in the store', async () => {
		secrets.upcoming.push('fails');
		await store.setCredential(credential({ accessToken: 'Atza|first' }));
		await store.setCredential(credential({ accessToken: 'Atza|second' }));
		assert.equal(store.hasUnsavedChanges(), false);
		assert.equal((await store.readCredential('adp'))?.accessToken, 'Atza|second');
		secrets.upcoming.push('fails');
		await store.setCredential(credential({ accessToken: 'Atza|third' }));
		assert.equal((await store.readCredential('adp'))?.accessToken, 'Atza|third');
		await store.setClientSecret('adp', 'client-SECRET');
		assert.equal(JSON.parse(secrets.values.get(credentialKey('adp')) ?? '{}').accessToken, 'Atza|third');
		assert.equal(store.hasUnsavedChanges(), false);
	});

	it('never lets a memory copy being written through land after a newer write of the same key', async () => {
		secrets.fail('store');
		await store.setCredential(credential({ accessToken: 'Atza|older' }));
		secrets.recover();
		let newer: Promise<unknown> | undefined;
		secrets.beforeStore = async (key) => {
			if (key === credentialKey('adp') && newer === undefined) {
				// The older copy is on its way to the store when a newer sign-in is saved.
				newer = store.setCredential(credential({ accessToken: 'Atza|newer' }));
				await new Promise((resolve) => setImmediate(resolve));
			}
		};
		await store.setClientSecret('adp', 'client-SECRET');
		await newer;
		assert.equal(JSON.parse(secrets.values.get(credentialKey('adp')) ?? '{}').accessToken, 'Atza|newer');
		assert.equal((await store.readCredential('adp'))?.accessToken, 'Atza|newer');
	});
});

describe('Secret storage that fails: signing in and refreshing', () => {
	let server: TestServer;
	let handler: Handler;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000 });
	let secrets: FailingSecretStore;
	let logger: RecordingLogger;
	let store: CredentialStore;
	let service: CredentialService;
	let outages: LwaError[];
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
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|issued-SECRET', refresh_token: 'Atzr|issued-SECRET' }));
		secrets = new FailingSecretStore();
		logger = new RecordingLogger();
		store = new CredentialStore(secrets, logger);
		outages = [];
		store.onStorageUnavailable((error) => outages.push(error));
		service = newService();
		changes = [];
		service.onDidChange((profile) => changes.push(profile));
	});

	afterEach(() => {
		service.dispose();
		assertNoSecretIn(logger.text, 'the log');
		assertNoSecretIn(outages.map((error) => `${error.message} ${JSON.stringify(error.facts)}`).join('\n'), 'the outage messages');
	});

	function newService(leases?: RefreshLeases): CredentialService {
		const tokenClient = new TokenClient({ http, clock, logger, sleep: recordingSleep().sleep });
		return new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds: () => 120, ...(leases ? { leases } : {}) });
	}

	function profile(overrides: Partial<Profile> = {}): Profile {
		return {
			name: 'adp', region: 'NA', clientId: 'client-1', scopes: ['profile'], redirectUri: REDIRECT_URI,
			grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: { ...regionalEndpoints('NA'), token: `${server.url}/auth/o2/token` }, ...overrides,
		};
	}

	function signIn(): Promise<StoredCredential> {
		return service.completeAuthorization(profile(), { code: 'code-SECRET', codeVerifier: 'verifier-SECRET', redirectUri: REDIRECT_URI });
	}

	it('a sign-in whose tokens cannot be saved works for the session, and nothing reaches the store', async () => {
		secrets.fail();
		await store.setClientSecret('adp', 'client-SECRET');
		const signedIn = await signIn();
		assert.equal(server.requests[0].form.get('client_secret'), 'client-SECRET', 'the client secret kept in memory was used');
		assert.deepEqual(changes, ['adp']);
		assert.deepEqual(await service.getValidCredential(profile()), signedIn);
		assert.deepEqual(await store.getCredential('adp'), signedIn, 'the status bar and the views see it');
		assert.equal(secrets.values.size, 0);
		assert.equal(outages.length, 1);
	});

	it('refreshes tokens kept in memory and keeps the new ones in memory', async () => {
		secrets.fail();
		await store.setClientSecret('adp', 'client-SECRET');
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		const refreshed = await service.getValidCredential(profile());
		assert.equal(refreshed.accessToken, 'Atza|issued-SECRET');
		assert.equal(server.requests.length, 1);
		assert.equal(server.requests[0].form.get('refresh_token'), 'Atzr|stored-SECRET');
		assert.equal((await store.readCredential('adp'))?.accessToken, 'Atza|issued-SECRET');
		assert.equal(secrets.values.size, 0);
	});

	it('reports a failed read as secret_storage_unavailable, not as a sign-out, and deletes nothing', async () => {
		secrets.values.set(credentialKey('adp'), serializeCredential(credential({ expiresAt: clock.now() - 1 })));
		secrets.fail('get');
		assert.equal((await rejection(service.getValidCredential(profile()))).code, 'secret_storage_unavailable');
		assert.equal((await rejection(service.refresh(profile()))).code, 'secret_storage_unavailable');
		assert.equal(server.requests.length, 0);
		assert.deepEqual(secrets.callsOf('delete'), []);
		assert.deepEqual(changes, []);
	});

	it('a store change that cannot be read is not taken for a sign-out', async () => {
		await store.setCredential(credential());
		await service.getValidCredential(profile());
		// The echo of that write is noticed as another window's change; start counting after it.
		await new Promise((resolve) => setImmediate(resolve));
		changes.length = 0;
		secrets.fail('get');
		const noticed = new Promise<void>((resolve) => secrets.onDidChange(() => queueMicrotask(resolve)));
		secrets.notify(credentialKey('adp'));
		await noticed;
		// The service's handling is promise work only: it is done once the microtask queue is empty.
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(changes, []);
		assert.match(logger.text, /debug A change of profile "adp" in the secret storage could not be read/);
	});

	it('signs in without the client secret when it cannot be read, rather than not at all', async () => {
		secrets.fail('get');
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|issued-SECRET', refresh_token: undefined }));
		const signedIn = await signIn();
		assert.equal(server.requests[0].form.has('client_secret'), false);
		assert.equal(signedIn.refreshToken, undefined);
		assert.match(logger.text, /client secret of profile "adp" could not be read from the secret storage; signing in without it/);
		assert.match(logger.text, /without a refresh token \(the client secret could not be read\)/);
	});

	it('keeps a working token when the client secret cannot be read for a refresh, and a forced refresh says why', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		secrets.fail('get');
		secrets.failsFor = (key) => key === clientSecretKey('adp');
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|stored-SECRET');
		const error = await rejection(service.refresh(profile()));
		assert.equal(error.code, 'secret_storage_unavailable');
		assert.deepEqual({ ...error.facts }, { operation: 'read', entry: 'client_secret', profile: 'adp' });
		assert.equal(server.requests.length, 0, 'no refresh without a client secret that may exist');
		assert.equal((await store.readCredential('adp'))?.accessToken, 'Atza|stored-SECRET');
	});

	it('gets client_credentials tokens with a client secret kept in memory while nothing can be read', async () => {
		secrets.fail();
		const grantless = profile({ name: 'sp', grant: 'client_credentials', redirectUri: '', scopes: ['sellingpartnerapi::notifications'] });
		assert.equal((await rejection(service.getValidCredential(grantless))).code, 'secret_storage_unavailable', 'unreadable, not "missing"');
		await store.setClientSecret('sp', 'client-SECRET');
		assert.equal((await service.getValidCredential(grantless)).accessToken, 'Atza|issued-SECRET');
		await service.getValidCredential(grantless);
		assert.equal(server.requests.length, 1, 'the token kept in memory is reused');
	});

	it('signs out in memory when the store cannot delete, and the sign-out is not undone by a later refresh', async () => {
		await store.setCredential(credential());
		secrets.fail('delete');
		await service.signOut('adp');
		assert.equal((await rejection(service.getValidCredential(profile()))).code, 'not_signed_in');
		assert.equal((await rejection(service.refresh(profile()))).code, 'not_signed_in');
		assert.equal(server.requests.length, 0);
	});

	it('saves the tokens kept in memory once the store works again', async () => {
		secrets.fail('store');
		await signIn();
		assert.equal(secrets.values.size, 0);
		secrets.recover();
		clock.advance(3600_000);
		try {
			const refreshed = await service.getValidCredential(profile());
			assert.equal(JSON.parse(secrets.values.get(credentialKey('adp')) ?? '{}').accessToken, refreshed.accessToken);
			assert.equal(store.hasUnsavedChanges(), false);
		} finally {
			clock.advance(-3600_000);
		}
	});

	describe('with the refresh lease over the same failing store', () => {
		it('renews once without a lease when every call fails, without waiting or spinning', async () => {
			const sleep = recordingSleep();
			service.dispose();
			service = newService(new RefreshLeases({ secrets, clock, logger, sleep: sleep.sleep }));
			secrets.fail();
			await store.setClientSecret('adp', 'client-SECRET');
			await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
			const results = await Promise.all(Array.from({ length: 20 }, () => service.getValidCredential(profile())));
			assert.ok(results.every((result) => result.accessToken === 'Atza|issued-SECRET'));
			assert.equal(server.requests.length, 1);
			assert.deepEqual(sleep.delays, [], 'no settle delay and no polling without a store');
			assert.match(logger.text, /refresh lease of profile "adp" could not be read or written; renewing without it/);
		});

		it('releases a lease it wrote but could not read back, once the renewal is done', async () => {
			const sleep = recordingSleep();
			const leases = new RefreshLeases({ secrets, clock, logger, sleep: sleep.sleep });
			// Reading for a live lease works, writing it works, reading it back fails.
			secrets.upcoming.push('works', 'works', 'fails');
			const result = await leases.run('adp', { doneElsewhere: async () => undefined, renew: async () => 'renewed', gaveUp: async () => 'gave up' });
			assert.equal(result, 'renewed');
			assert.equal(secrets.values.has(leaseKey('adp')), false);
		});

		it('hands out the renewed token when the lease cannot be released; the lease then expires by itself', async () => {
			const sleep = recordingSleep();
			service.dispose();
			service = newService(new RefreshLeases({ secrets, clock, logger, sleep: sleep.sleep }));
			await store.setCredential(credential({ expiresAt: clock.now() - 1 }));
			secrets.fail('delete');
			assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|issued-SECRET');
			assert.match(logger.text, /refresh lease of profile "adp" could not be released; it expires by itself/);
		});
	});
});
