import * as assert from 'node:assert/strict';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { mayBeOneTimeTransfer } from '../../../src/core/credentials/oneTimeTransfer';
import { CredentialService } from '../../../src/core/credentials/service';
import { CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { regionalEndpoints } from '../../../src/core/lwa/endpoints';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../src/core/profiles';
import { rejection } from './support/assertions';
import { ManualClock, MemorySecretStore, recordingSleep, RecordingLogger } from './support/fakes';
import type { Handler, TestServer } from './support/servers';
import { replyJson, startServer, tokenBody } from './support/servers';

const clock = new ManualClock();
const PORTABILITY = ['portability::customer_profile'];

function credential(overrides: Partial<StoredCredential> = {}): StoredCredential {
	return { v: 1, profile: 'adp', grant: 'authorization_code', accessToken: 'Atza|only', tokenType: 'bearer', expiresAt: clock.now() + 3600_000, obtainedAt: clock.now(), refreshToken: 'Atzr|once', scopes: PORTABILITY, ...overrides };
}

describe('mayBeOneTimeTransfer', () => {
	const base: Profile = {
		name: 'adp', region: 'EU', clientId: 'client-1', scopes: PORTABILITY, redirectUri: 'http://127.0.0.1:53682/lwa/callback',
		grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: regionalEndpoints('EU'),
	};

	it('counts a code-grant profile asking for a portability:: scope while the setting is on', () => {
		assert.equal(mayBeOneTimeTransfer(base, undefined, true), true);
	});

	it('counts a profile whose stored credential was granted a portability:: scope it does not list', () => {
		assert.equal(mayBeOneTimeTransfer({ ...base, scopes: ['profile'] }, credential(), true), true);
	});

	it('does not count any profile while the setting is off', () => {
		assert.equal(mayBeOneTimeTransfer(base, credential(), false), false);
	});

	it('does not count a profile without portability:: scopes, nor a client_credentials profile', () => {
		assert.equal(mayBeOneTimeTransfer({ ...base, scopes: ['profile'] }, credential({ scopes: ['profile'] }), true), false);
		assert.equal(mayBeOneTimeTransfer({ ...base, grant: 'client_credentials' }, undefined, true), false);
	});
});

describe('CredentialService with a possible one-time Data Portability transfer', () => {
	let server: TestServer;
	let handler: Handler;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000 });
	let store: CredentialStore;
	let logger: RecordingLogger;
	let changes: string[];
	let assume: boolean;
	let service: CredentialService;

	before(async () => {
		server = await startServer((request, response, index) => handler(request, response, index));
	});
	after(async () => {
		await server.close();
		await http.close();
	});

	beforeEach(async () => {
		server.requests.length = 0;
		handler = (_request, response) => replyJson(response, 400, { error: 'invalid_grant', error_description: 'one time' });
		logger = new RecordingLogger();
		store = new CredentialStore(new MemorySecretStore(), logger);
		await store.setClientSecret('adp', 'secret-1');
		assume = true;
		const tokenClient = new TokenClient({ http, clock, logger, sleep: recordingSleep().sleep });
		service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds: () => 120, assumeOneTimeTransfer: () => assume });
		changes = [];
		service.onDidChange((profile) => changes.push(profile));
	});

	function profile(overrides: Partial<Profile> = {}): Profile {
		return {
			name: 'adp', region: 'EU', clientId: 'client-1', scopes: PORTABILITY, redirectUri: 'http://127.0.0.1:53682/lwa/callback',
			grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: { ...regionalEndpoints('EU'), token: `${server.url}/auth/o2/token` }, ...overrides,
		};
	}

	it('a refused forced refresh keeps the still-valid access token, drops the refresh token and rejects with access_token_kept', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 30 * 60_000 }));
		const error = await rejection(service.refresh(profile()));
		assert.equal(error.code, 'invalid_grant');
		assert.equal(error.reason, 'access_token_kept');
		assert.equal(error.facts.expiresAt, clock.now() + 30 * 60_000);
		assert.equal(server.requests.length, 1);
		const stored = await store.getCredential('adp');
		assert.equal(stored?.accessToken, 'Atza|only');
		assert.equal(stored?.refreshToken, undefined);
		assert.deepEqual(changes, ['adp']);
		// The kept token is handed out for a copy without another token request.
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|only');
		assert.equal(server.requests.length, 1);
		assert.ok(!logger.text.includes('Atza|only') && !logger.text.includes('Atzr|once'));
	});

	it('a refused refresh of an expired one-time token deletes the credential, as before', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() - 1 }));
		const error = await rejection(service.getValidCredential(profile()));
		assert.equal(error.code, 'invalid_grant');
		assert.equal(error.reason, undefined);
		assert.equal(await store.getCredential('adp'), undefined);
		assert.deepEqual(changes, ['adp']);
	});

	it('a stale but valid one-time token is handed out without a token request (never renewed ahead of time)', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|only');
		assert.equal(server.requests.length, 0);
		assert.equal((await store.getCredential('adp'))?.refreshToken, 'Atzr|once');
	});

	it('a normal profile (no portability:: scope) still loses its tokens when the refresh token is refused, though the access token is valid', async () => {
		await store.setCredential(credential({ scopes: ['profile'], expiresAt: clock.now() + 30 * 60_000 }));
		const error = await rejection(service.refresh(profile({ scopes: ['profile'] })));
		assert.equal(error.code, 'invalid_grant');
		assert.equal(error.reason, undefined);
		assert.equal(await store.getCredential('adp'), undefined);
	});

	it('with lwa.dataPortability.assumeOneTimeTransfer off, a portability:: profile behaves like a normal one', async () => {
		assume = false;
		await store.setCredential(credential({ expiresAt: clock.now() + 60_000 }));
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|renewed', refresh_token: undefined }));
		assert.equal((await service.getValidCredential(profile())).accessToken, 'Atza|renewed');
		assert.equal(server.requests.length, 1);
		handler = (_request, response) => replyJson(response, 400, { error: 'invalid_grant', error_description: 'revoked' });
		assert.equal((await rejection(service.refresh(profile()))).reason, undefined);
		assert.equal(await store.getCredential('adp'), undefined);
	});

	it('a working refresh of a one-time profile the user asks for stores the new token as usual', async () => {
		await store.setCredential(credential({ expiresAt: clock.now() + 30 * 60_000 }));
		handler = (_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|second', refresh_token: undefined }));
		assert.equal((await service.refresh(profile())).accessToken, 'Atza|second');
		assert.equal((await store.getCredential('adp'))?.refreshToken, 'Atzr|once');
	});
});
