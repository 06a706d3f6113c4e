// Several windows over one secret store: the refresh lease lets exactly one of them spend the
// refresh token, the others use its result; a crashed window's lease expires and is taken over;
// sign-outs and refreshes made in one window are reported in the others. Each "window" is its own
// CredentialService over ONE shared in-memory store that, like VS Code's SecretStorage, reports
// every change to every window. Token requests go to the real LWA emulator.
import * as assert from 'node:assert/strict';
import { leaseKey, parseLease, parseRoster, RefreshLeases, ROSTER_KEY } from '../../../src/core/credentials/lease';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { PreviousClientSecrets } from '../../../src/core/credentials/previousClientSecret';
import { CredentialService } from '../../../src/core/credentials/service';
import { credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { createAuthorizationRequest } from '../../../src/core/lwa/authorize';
import { parseCallbackInput, validateCallback } from '../../../src/core/lwa/callback';
import { isLwaError } from '../../../src/core/lwa/errors';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Clock, Disposable, HttpClient, HttpRequest, HttpResponse, SecretStore } from '../../../src/core/ports';
import type { Profile } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import { LwaEmulator, SANDBOX_CLIENT } from '../../../src/emulator/lwaEmulator';
import { SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../../src/emulator/sellingPartner/service';
import { rejection } from './support/assertions';
import { ManualClock, recordingSleep, RecordingLogger } from './support/fakes';
import { DelayedSharedStore } from './support/delayedSharedStore';
import { SharedSecretStore } from './support/sharedSecretStore';
import { VirtualTime } from './support/virtualTime';


/** Passes requests through; can hold the next response back (received, not yet handed over) until the test releases it. */
class HoldingHttpClient implements HttpClient {
	private hold?: { received: () => void; released: Promise<void> };

	constructor(private readonly inner: HttpClient) {}

	holdNextResponse(): { received: Promise<void>; release: () => void } {
		let received!: () => void;
		let release!: () => void;
		const receivedPromise = new Promise<void>((resolve) => { received = resolve; });
		this.hold = { received, released: new Promise<void>((resolve) => { release = resolve; }) };
		return { received: receivedPromise, release };
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const response = await this.inner.send(request);
		const hold = this.hold;
		if (hold !== undefined) {
			this.hold = undefined;
			hold.received();
			await hold.released;
		}
		return response;
	}
}

/** `inner` with reads that can be held back or made to fail, to test what a renewal reads when. */
class FaultyReads implements SecretStore {
	/** Keys whose reads fail (the keyring locked), until cleared. */
	failing: ((key: string) => boolean) | undefined;
	private held: { key: string; reached: () => void; released: Promise<void> } | undefined;

	constructor(private readonly inner: SharedSecretStore) {}

	/** The next read of `key` is answered only once `release` is called; `reached` resolves when it is asked. */
	holdNextRead(key: string): { reached: Promise<void>; release: () => void } {
		let reached!: () => void;
		let release!: () => void;
		const reachedPromise = new Promise<void>((resolve) => { reached = resolve; });
		this.held = { key, reached, released: new Promise<void>((resolve) => { release = resolve; }) };
		return { reached: reachedPromise, release };
	}

	async get(key: string): Promise<string | undefined> {
		const held = this.held;
		if (held?.key === key) {
			this.held = undefined;
			const value = await this.inner.get(key);
			held.reached();
			await held.released;
			return value;
		}
		if (this.failing?.(key)) {
			throw new Error('Cannot get password');
		}
		return this.inner.get(key);
	}

	store(key: string, value: string): Promise<void> {
		return this.inner.store(key, value);
	}

	delete(key: string): Promise<void> {
		return this.inner.delete(key);
	}

	onDidChange(listener: (key: string) => void): Disposable {
		return this.inner.onDidChange(listener);
	}
}

describe('refresh lease across windows', function () {
	this.timeout(20_000);
	let emulator: LwaEmulator;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 2000 });
	/** What the windows' token clients send through. */
	const tokenHttp = new HoldingHttpClient(http);
	let shared: SharedSecretStore;
	let clock: ManualClock;
	let profile: Profile;
	let windows: { service: CredentialService; store: CredentialStore; leases: RefreshLeases; logger: RecordingLogger; changes: string[]; clock: Clock; http: HttpClient }[];

	before(async () => {
		emulator = await LwaEmulator.start({ autoApprove: true });
	});
	after(async () => {
		await emulator.close();
		await http.close();
	});

	beforeEach(() => {
		emulator.setFault(undefined);
		emulator.resetStats();
		shared = new SharedSecretStore();
		clock = new ManualClock(Date.now());
		const { profiles } = parseProfiles([
			{ name: 'sandbox', region: 'NA', clientId: SANDBOX_CLIENT.clientId, scopes: ['profile'], redirectUri: SANDBOX_CLIENT.redirectUris[0], endpoints: emulator.endpoints },
		]);
		profile = profiles[0];
		windows = [];
	});

	afterEach(() => {
		for (const window of windows) {
			window.service.dispose();
		}
	});

	/** A window over `secrets` (default: the shared store); with `time`, its clock, waits and token requests run on that test time. */
	function openWindow(options: { waitMs?: number; settleMs?: number; secrets?: SecretStore; time?: VirtualTime; requestMs?: number; previousSecrets?: boolean } = {}): (typeof windows)[number] {
		const logger = new RecordingLogger();
		const secrets = options.secrets ?? shared;
		const time = options.time;
		const windowClock: Clock = time ?? clock;
		const store = new CredentialStore(secrets, logger);
		const leases = new RefreshLeases({ secrets, clock: windowClock, logger, settleMs: options.settleMs ?? 30, pollMs: 10, waitMs: options.waitMs ?? 3000, ...(time ? { sleep: time.sleep } : {}) });
		// On test time a request takes `requestMs` of it (default none) besides its real time.
		const http: HttpClient = time
			? { send: async (request) => { const response = await time.track(tokenHttp.send(request)); await time.sleep(options.requestMs ?? 0); return response; } }
			: tokenHttp;
		const service = new CredentialService({
			store, clock: windowClock, logger, refreshAheadSeconds: () => 120, leases,
			...(options.previousSecrets ? { previousSecrets: new PreviousClientSecrets(secrets, windowClock, logger) } : {}),
			tokenClient: new TokenClient({ http, clock: windowClock, sleep: recordingSleep().sleep }),
		});
		const changes: string[] = [];
		service.onDidChange((name) => changes.push(name));
		const window = { service, store, leases, logger, changes, clock: windowClock, http };
		windows.push(window);
		return window;
	}

	/**
	 * Signs in through the emulator in `window`, then makes the stored access token stale (60 s left).
	 * `delivered`: resolves once every window has heard of it (default: the shared store's deliveries).
	 */
	async function signInStale(window: (typeof windows)[number], delivered: () => Promise<void> = () => shared.delivered()): Promise<StoredCredential> {
		await window.store.setClientSecret('sandbox', SANDBOX_CLIENT.clientSecret ?? '');
		const signedIn = await signIn(window);
		const stale = { ...signedIn, expiresAt: window.clock.now() + 60_000 };
		await window.store.setCredential(stale);
		// Every window has heard of the sign-in and the stale token, so later change events are the test's own.
		await delivered();
		emulator.resetStats();
		return stale;
	}

	/** A sign-in of `window` through the emulator's consent page and its token endpoint. */
	async function signIn(window: (typeof windows)[number]): Promise<StoredCredential> {
		const request = createAuthorizationRequest({ authorizationEndpoint: profile.endpoints.authorization, clientId: profile.clientId, scopes: profile.scopes, redirectUri: profile.redirectUri, pkce: true });
		const consent = await window.http.send({ method: 'GET', url: request.url, headers: {} });
		const { code } = validateCallback(parseCallbackInput(consent.headers.location).params, request.state);
		return window.service.completeAuthorization(profile, { code, redirectUri: request.redirectUri, ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}) });
	}

	function refreshRequests(): number {
		return emulator.stats.byGrant.refresh_token ?? 0;
	}

	it('two windows asking at once for a stale token cause exactly one refresh request, and both get its token', async () => {
		const [a, b] = [openWindow(), openWindow()];
		const stale = await signInStale(a);
		const [fromA, fromB] = await Promise.all([a.service.getValidCredential(profile), b.service.getValidCredential(profile)]);
		assert.equal(refreshRequests(), 1);
		assert.notEqual(fromA.accessToken, stale.accessToken);
		assert.equal(fromA.accessToken, fromB.accessToken);
		assert.equal((await a.store.getCredential('sandbox'))?.accessToken, fromA.accessToken);
		await Promise.all([a.leases.released(), b.leases.released()]);
		assert.equal(shared.values.has(leaseKey('sandbox')), false, 'the lease is released afterwards');
	});

	it('two windows whose writes reach each other 10 ms late, asking for a stale token at every half ms from 20 ms before to 30 ms after each other (one of them renewed alone before, without the settle delay; token requests taking 15 ms), make one refresh request and get the same token', async function () {
		this.timeout(60_000);
		for (let offset = -20; offset <= 30; offset += 0.5) {
			const time = new VirtualTime(Date.now());
			const delayed = new DelayedSharedStore(10, time.after);
			// Test time has no late event loop: a settle delay just over twice the delay is what the proof asks.
			const [a, b] = [openWindow({ secrets: delayed.window(), settleMs: 25, time, requestMs: 15 }), openWindow({ secrets: delayed.window(), settleMs: 25, time, requestMs: 15 })];
			const everyWindowHeard = (): Promise<void> => time.sleep(3 * delayed.delayMs);
			await time.run(signInStale(a, everyWindowHeard));
			// Window a renews once (joining the roster, alone), and its token is made stale again.
			const renewed = await time.run(a.service.refresh(profile));
			await a.store.setCredential({ ...renewed, expiresAt: time.now() + 60_000 });
			await time.run(everyWindowHeard());
			emulator.resetStats();
			const ask = async (window: (typeof windows)[number], after: number): Promise<StoredCredential> => {
				await time.sleep(after);
				return window.service.getValidCredential(profile);
			};
			const [fromA, fromB] = await time.run(Promise.all([ask(a, Math.max(0, -offset)), ask(b, Math.max(0, offset))]));
			assert.equal(refreshRequests(), 1, `offset ${offset}: one refresh request`);
			assert.ok(fromA.accessToken === fromB.accessToken, `offset ${offset}: both windows got the same token`);
		}
	});

	it('three windows with many callers each still make one refresh request', async () => {
		const all = [openWindow(), openWindow(), openWindow()];
		await signInStale(all[0]);
		const results = await Promise.all(all.flatMap((window) => Array.from({ length: 10 }, () => window.service.getValidCredential(profile))));
		assert.equal(refreshRequests(), 1);
		assert.equal(new Set(results.map((result) => result.accessToken)).size, 1);
	});

	it('two forced refreshes at once in two windows spend the refresh token once', async () => {
		const [a, b] = [openWindow(), openWindow()];
		const stale = await signInStale(a);
		await a.store.setCredential({ ...stale, expiresAt: clock.now() + 3000_000 });
		const [fromA, fromB] = await Promise.all([a.service.refresh(profile), b.service.refresh(profile)]);
		assert.equal(refreshRequests(), 1);
		assert.equal(fromA.accessToken, fromB.accessToken);
	});

	it('a window that finds a live lease uses the token the owner stores instead of refreshing', async () => {
		const [owner, waiter] = [openWindow(), openWindow()];
		const stale = await signInStale(owner);
		await shared.store(leaseKey('sandbox'), JSON.stringify({ v: 1, owner: owner.leases.owner, expiresAt: clock.now() + 60_000 }));
		const waiting = waiter.service.getValidCredential(profile);
		await waiter.logger.firstLine(/Another window is renewing profile "sandbox"; waiting for its token/);
		const renewed = { ...stale, accessToken: 'Atza|renewed-by-owner', expiresAt: clock.now() + 3600_000 };
		await owner.store.setCredential(renewed);
		assert.equal((await waiting).accessToken, 'Atza|renewed-by-owner');
		assert.equal(refreshRequests(), 0);
		assert.match(waiter.logger.text, /Another window is renewing profile "sandbox"/);
	});

	it('a crashed window\'s lease holds others off until it expires, then is taken over', async () => {
		const window = openWindow({ waitMs: 100 });
		const stale = await signInStale(window);
		await shared.store(leaseKey('sandbox'), JSON.stringify({ v: 1, owner: 'crashed-window', expiresAt: clock.now() + 30_000 }));

		// While the lease lives: the stale token still works, so the caller gets it; a forced refresh says another window is busy.
		assert.equal((await window.service.getValidCredential(profile)).accessToken, stale.accessToken);
		const busy = await rejection(window.service.refresh(profile));
		assert.equal(busy.code, 'timeout');
		assert.equal(busy.reason, 'lease_busy');
		assert.equal(refreshRequests(), 0);

		clock.advance(31_000);
		const renewed = await window.service.getValidCredential(profile);
		assert.notEqual(renewed.accessToken, stale.accessToken);
		assert.equal(refreshRequests(), 1);
		await window.leases.released();
		assert.equal(shared.values.has(leaseKey('sandbox')), false);
	});

	it('an expired token behind a crashed window\'s live lease fails with a retryable error instead of a second refresh', async () => {
		const window = openWindow({ waitMs: 50 });
		const stale = await signInStale(window);
		await window.store.setCredential({ ...stale, expiresAt: clock.now() - 1 });
		await shared.store(leaseKey('sandbox'), JSON.stringify({ v: 1, owner: 'crashed-window', expiresAt: clock.now() + 30_000 }));
		const error = await rejection(window.service.getValidCredential(profile));
		assert.equal(error.code, 'timeout');
		assert.equal(error.retryable, true);
		assert.equal(refreshRequests(), 0);
	});

	it('a sign-out in one window is seen by the other: its change event fires and it is not signed in any more', async () => {
		const [a, b] = [openWindow(), openWindow()];
		await signInStale(a);
		b.changes.length = 0;
		await a.service.signOut('sandbox');
		await shared.delivered();
		assert.deepEqual(b.changes, ['sandbox']);
		assert.equal((await rejection(b.service.getValidCredential(profile))).code, 'not_signed_in');
		assert.equal(await b.store.getClientSecret('sandbox'), SANDBOX_CLIENT.clientSecret, 'the client secret stays');
	});

	it('a window waiting on another\'s lease stops with not_signed_in when that window signs out', async () => {
		const [owner, waiter] = [openWindow(), openWindow()];
		await signInStale(owner);
		await shared.store(leaseKey('sandbox'), JSON.stringify({ v: 1, owner: owner.leases.owner, expiresAt: clock.now() + 60_000 }));
		const waiting = waiter.service.getValidCredential(profile);
		await waiter.logger.firstLine(/Another window is renewing profile "sandbox"; waiting for its token/);
		await owner.service.signOut('sandbox');
		assert.equal((await rejection(waiting)).code, 'not_signed_in');
		assert.equal(refreshRequests(), 0);
	});

	it('a refresh in one window fires one change event in every window, echoes included', async () => {
		const [a, b] = [openWindow(), openWindow()];
		await signInStale(a);
		a.changes.length = 0;
		b.changes.length = 0;
		await a.service.refresh(profile);
		await shared.delivered();
		assert.deepEqual(a.changes, ['sandbox'], 'the refreshing window reports it once, not again for its own echo');
		assert.deepEqual(b.changes, ['sandbox']);
	});

	it('a refresh result that arrives after another window signed out is not stored', async () => {
		const [a, b] = [openWindow(), openWindow()];
		await signInStale(a);
		const response = tokenHttp.holdNextResponse();
		const refreshing = a.service.refresh(profile);
		await response.received;
		await b.service.signOut('sandbox');
		await shared.delivered();
		response.release();
		await assert.rejects(refreshing, (error: unknown) => isLwaError(error, 'not_signed_in'));
		assert.equal(await a.store.getCredential('sandbox'), undefined, 'the sign-out stands');
	});

	/**
	 * `inner` as a store a round trip away, as in a browser-hosted editor: each call reaches it half of
	 * `ms` of test time later and its answer comes back after the other half. So a refresh's test time
	 * is its store round trips one after the other, times `ms` (its token request takes no test time).
	 */
	function roundTripsAway(inner: SecretStore, time: VirtualTime, ms: number): SecretStore {
		const answerLater = <T>(call: () => Promise<T>): Promise<T> => new Promise((resolve, reject) => {
			time.after(ms / 2, () => {
				call().then((value) => time.after(ms / 2, () => resolve(value)), (error: unknown) => time.after(ms / 2, () => reject(error)));
			});
		});
		return {
			get: (key) => answerLater(() => inner.get(key)),
			store: (key, value) => answerLater(() => inner.store(key, value)),
			delete: (key) => answerLater(() => inner.delete(key)),
			onDidChange: (listener) => inner.onDidChange?.(listener) ?? { dispose: () => undefined },
		};
	}

	// Forced: the credential (with the client secret beside it), the roster and the lease, the lease
	// written, the credential again under the lease (another window's result), the credential written.
	// Stale: the caller's read of the credential, the roster and the lease (with the client secret beside
	// them), then the same three.
	it('a refresh a user waits on in a window alone waits five secret store round trips, forced or stale; the lease is deleted after the caller has its token', async () => {
		const time = new VirtualTime(Date.now());
		// One window's view of a store whose change events, too, come on test time.
		const view = new DelayedSharedStore(0, time.after).window();
		const window = openWindow({ secrets: roundTripsAway(view, time, 10), time, previousSecrets: true });
		const stale = await time.run(signInStale(window, () => time.sleep(1)));
		// The window's first renewal joins the roster (one settle delay, once); the ones measured come after it.
		await time.run(window.service.refresh(profile));
		let started = time.now();
		const forced = await time.run(window.service.refresh(profile));
		assert.equal(time.now() - started, 50, 'lwa.refresh: five round trips of 10 ms');
		await time.run(window.store.setCredential({ ...forced, expiresAt: time.now() + 60_000 }));
		started = time.now();
		const renewed = await time.run(window.service.getValidCredential(profile));
		assert.equal(time.now() - started, 50, 'a stale token asked for: five round trips of 10 ms');
		assert.notEqual(renewed.accessToken, stale.accessToken);
		assert.equal(refreshRequests(), 3);
		assert.notEqual(await view.get(leaseKey('sandbox')), undefined, 'the lease is still being deleted when the caller has its token');
		await time.run(window.leases.released());
		assert.equal(await view.get(leaseKey('sandbox')), undefined, 'and deleted afterwards');
	});

	// A renewal uses what its caller has just read instead of reading again before the lease; these
	// are the cases where that read cannot stand in for a fresh one.
	it('a client_credentials token whose caller could not read the store is fetched anew, not taken for another window\'s result', async () => {
		emulator.registerClient({ ...SANDBOX_SP_CLIENT, redirectUris: [] });
		const { profiles } = parseProfiles([{ name: 'grantless', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, grant: 'client_credentials', region: 'NA', clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], endpoints: { token: emulator.endpoints.token } }]);
		const grantless = profiles[0];
		const reads = new FaultyReads(shared);
		const window = openWindow({ secrets: reads });
		await window.store.setClientSecret('grantless', SANDBOX_SP_CLIENT.clientSecret ?? '');
		const first = await window.service.getValidCredential(grantless);
		await window.store.setCredential({ ...first, expiresAt: clock.now() - 1000 });
		emulator.resetStats();
		// The caller's read fails once (a client_credentials slot then reads as "nothing stored"); the store answers again after.
		let failures = 1;
		reads.failing = (key) => key.startsWith('lwa.credential:') && failures-- > 0;
		const got = await window.service.getValidCredential(grantless);
		assert.equal(emulator.stats.byGrant.client_credentials, 1, 'a new token was fetched');
		assert.ok(got.accessToken !== first.accessToken && got.expiresAt > clock.now(), 'the caller got the new token, not the expired one');
	});

	it('a sign-in in this window while the caller read the stale credential: the renewal reads again, so the old refresh token is not spent over the new sign-in even when the store then fails', async () => {
		const reads = new FaultyReads(shared);
		const window = openWindow({ secrets: reads });
		await signInStale(window);
		const held = reads.holdNextRead(credentialKey('sandbox'));
		const asking = window.service.getValidCredential(profile).then((credential) => credential, (error: unknown) => error);
		await held.reached;
		const signedIn = await signIn(window);
		emulator.resetStats();
		// The keyring locks: reads fail (the client secret's aside), writes still land.
		reads.failing = (key) => !key.startsWith('lwa.clientSecret:');
		held.release();
		const outcome = await asking;
		assert.ok(isLwaError(outcome, 'secret_storage_unavailable'), `the caller is told the store cannot be read, not handed a token (${String(outcome)})`);
		assert.equal(refreshRequests(), 0, 'the old refresh token was not spent');
		assert.ok(JSON.parse(shared.values.get(credentialKey('sandbox')) ?? '{}').accessToken === signedIn.accessToken, 'the new sign-in stands');
	});

	it('a renewal that waited for another window\'s lease reads the client secret again: one set meanwhile is the one sent', async () => {
		const window = openWindow();
		const stale = await signInStale(window);
		await shared.store(leaseKey('sandbox'), JSON.stringify({ v: 1, owner: 'other-window', expiresAt: clock.now() + 60_000 }));
		const refreshing = window.service.refresh(profile);
		await window.logger.firstLine(/Another window is renewing profile "sandbox"/);
		try {
			// Amazon rotated the secret and the other window was refused: the user sets the new one, that window lets go.
			emulator.registerClient({ ...SANDBOX_CLIENT, clientSecret: 'rotated-sandbox-secret' });
			await window.store.setClientSecret('sandbox', 'rotated-sandbox-secret');
			await shared.delete(leaseKey('sandbox'));
			const renewed = await refreshing;
			assert.notEqual(renewed.accessToken, stale.accessToken);
			assert.equal(refreshRequests(), 1, 'one request, with the new secret (the old one is refused)');
		} finally {
			emulator.registerClient(SANDBOX_CLIENT);
		}
	});

	it('a failed refresh releases the lease, so a later request refreshes at once', async () => {
		const [a, b] = [openWindow(), openWindow()];
		await signInStale(a);
		emulator.setFault({ kind: 'status500' }, { times: 3 });
		assert.equal((await rejection(a.service.refresh(profile))).code, 'server_error');
		await a.leases.released();
		assert.equal(shared.values.has(leaseKey('sandbox')), false);
		await b.service.refresh(profile);
		assert.equal(refreshRequests(), 4);
	});

	it('refreshes without a lease when the store cannot hold one, and says so in the log', async () => {
		const window = openWindow();
		await signInStale(window);
		shared.failLeases = true;
		await window.service.refresh(profile);
		assert.equal(refreshRequests(), 1);
		assert.match(window.logger.text, /refresh lease of profile "sandbox" could not be read or written/);
	});

	it('stops following the store when disposed', async () => {
		const window = openWindow();
		assert.equal(shared.listenerCount, 1);
		window.service.dispose();
		assert.equal(shared.listenerCount, 0);
		await shared.store(credentialKey('sandbox'), '{}');
		await shared.delivered();
		assert.deepEqual(window.changes, []);
	});
});

describe('RefreshLeases', () => {
	it('lets exactly one of several simultaneous runs renew; the others take its result', async () => {
		const shared = new SharedSecretStore();
		let result: string | undefined;
		let renewals = 0;
		const looked = new Set<number>();
		let allLooked!: () => void;
		const everyRunLooked = new Promise<void>((resolve) => { allLooked = resolve; });
		const runs = Array.from({ length: 5 }, (_unused, index) => new RefreshLeases({ secrets: shared, owner: `window-${index}`, settleMs: 20, pollMs: 5 }).run('p', {
			doneElsewhere: async () => {
				looked.add(index);
				if (looked.size === 5) {
					allLooked();
				}
				return result;
			},
			renew: async () => {
				renewals++;
				// Still renewing when every other run has met this run's lease and looked for a result.
				await everyRunLooked;
				result = `token-from-window-${index}`;
				return result;
			},
			gaveUp: async () => assert.fail('nobody should give up'),
		}));
		const results = await Promise.all(runs);
		assert.equal(renewals, 1);
		assert.equal(new Set(results).size, 1);
	});

	it('writes a versioned lease with its owner and expiry while renewing, under lwa.refreshLease:<profile>', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const leases = new RefreshLeases({ secrets: shared, clock, owner: 'me', leaseMs: 45_000, settleMs: 0 });
		let seen: unknown;
		await leases.run('adp', {
			doneElsewhere: async () => undefined,
			renew: async () => {
				seen = JSON.parse(shared.values.get('lwa.refreshLease:adp') ?? 'null');
				return 'done';
			},
			gaveUp: async () => 'gave up',
		});
		assert.deepEqual(seen, { v: 1, owner: 'me', expiresAt: 1_045_000 });
		await leases.released();
		assert.equal(shared.values.has('lwa.refreshLease:adp'), false);
	});

	it('hands back the result before its lease is deleted, and the window\'s next run for the slot starts only once the deletion is done', async () => {
		const shared = new SharedSecretStore();
		let deletionDone!: () => void;
		const deletionHeld = new Promise<void>((resolve) => { deletionDone = resolve; });
		const calls: string[] = [];
		const secrets: SecretStore = {
			get: (key) => { calls.push(`get ${key}`); return shared.get(key); },
			store: (key, value) => { calls.push(`store ${key}`); return shared.store(key, value); },
			delete: async (key) => {
				calls.push(`delete ${key}`);
				await deletionHeld;
				calls.push(`deleted ${key}`);
				return shared.delete(key);
			},
		};
		const leases = new RefreshLeases({ secrets, owner: 'me', settleMs: 0 });
		const work = { doneElsewhere: async () => undefined, renew: async () => 'renewed', gaveUp: async () => 'gave up' };
		assert.equal(await leases.run('adp', work), 'renewed');
		assert.equal(calls.at(-1), `delete ${leaseKey('adp')}`, 'the deletion has started and is not done');
		calls.length = 0;
		const next = leases.run('adp', work);
		await shared.delivered();
		assert.equal(calls.length, 0, 'the next run has not looked at the store');
		deletionDone();
		assert.equal(await next, 'renewed');
		assert.equal(calls[0], `deleted ${leaseKey('adp')}`);
		assert.ok(calls.indexOf(`store ${leaseKey('adp')}`) > 0, 'the next run wrote its lease after the deletion');
	});

	it('does not delete a lease that another window took over meanwhile (after this window\'s had expired)', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const leases = new RefreshLeases({ secrets: shared, clock, owner: 'me', settleMs: 0, leaseMs: 60_000 });
		await leases.run('adp', {
			doneElsewhere: async () => undefined,
			renew: async () => {
				// A renewal slower than the lease: another window took the expired lease over.
				clock.advance(61_000);
				await shared.store(leaseKey('adp'), JSON.stringify({ v: 1, owner: 'other', expiresAt: clock.now() + 60_000 }));
				return 'done';
			},
			gaveUp: async () => 'gave up',
		});
		assert.equal(parseLease(shared.values.get(leaseKey('adp')))?.owner, 'other');
	});

	it('gives up after the bounded wait while another window keeps a live lease', async () => {
		const shared = new SharedSecretStore();
		await shared.store(leaseKey('adp'), JSON.stringify({ v: 1, owner: 'other', expiresAt: Date.now() + 60_000 }));
		const sleeper = recordingSleep();
		const leases = new RefreshLeases({ secrets: shared, owner: 'me', waitMs: 1000, pollMs: 250, settleMs: 0, sleep: sleeper.sleep });
		const outcome = await leases.run('adp', {
			doneElsewhere: async () => undefined,
			renew: async () => 'renewed',
			gaveUp: async () => 'gave up',
		});
		assert.equal(outcome, 'gave up');
		// The first 0 is this window joining the roster (settle delay 0 here).
		assert.deepEqual(sleeper.delays, [0, 250, 250, 250, 250]);
	});

	it('reads anything but a version 1 lease as no lease', () => {
		for (const raw of [undefined, 'not json', 'null', '[]', '{"v":2,"owner":"a","expiresAt":1}', '{"v":1,"owner":"","expiresAt":1}', '{"v":1,"owner":"a","expiresAt":"soon"}']) {
			assert.equal(parseLease(raw), undefined, String(raw));
		}
		assert.deepEqual(parseLease('{"v":1,"owner":"a","expiresAt":5,"extra":true}'), { v: 1, owner: 'a', expiresAt: 5 });
	});

	it('gives each window its own random owner id', () => {
		const shared = new SharedSecretStore();
		const first = new RefreshLeases({ secrets: shared });
		const second = new RefreshLeases({ secrets: shared });
		assert.notEqual(first.owner, second.owner);
		assert.ok(first.owner.length >= 16);
	});
});

// The settle delay is paid only when another window that renews tokens is listed in the roster.
describe('refresh lease: the roster of windows that renew', () => {
	/** A sleep that moves `clock` by what it is asked to wait, and records it. */
	function clockSleep(clock: ManualClock): { sleep: (ms: number) => Promise<void>; delays: number[] } {
		const delays: number[] = [];
		return { delays, sleep: async (ms: number) => { delays.push(ms); clock.advance(ms); } };
	}

	const renewOnce = (leases: RefreshLeases, slot = 'p'): Promise<string> => leases.run(slot, {
		doneElsewhere: async () => undefined,
		renew: async () => 'renewed',
		gaveUp: async () => 'gave up',
	});

	it('a window alone waits one settle delay when it joins the roster, then takes the lease at once on every later renewal', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const sleeper = clockSleep(clock);
		const leases = new RefreshLeases({ secrets: shared, clock, owner: 'me', settleMs: 300, sleep: sleeper.sleep });
		assert.equal(await renewOnce(leases), 'renewed');
		assert.deepEqual(sleeper.delays, [300], 'joining only');
		sleeper.delays.length = 0;
		assert.equal(await renewOnce(leases), 'renewed');
		assert.equal(await renewOnce(leases, 'another profile'), 'renewed');
		assert.deepEqual(sleeper.delays, [], 'no settle delay while alone');
		assert.deepEqual([...parseRoster(shared.values.get(ROSTER_KEY), clock.now()).keys()], ['me']);
	});

	it('a window that finds another window listed waits the settle delay before renewing, as every window did before the roster', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const sleeper = clockSleep(clock);
		const other = new RefreshLeases({ secrets: shared, clock, owner: 'other', settleMs: 300, sleep: sleeper.sleep });
		const me = new RefreshLeases({ secrets: shared, clock, owner: 'me', settleMs: 300, sleep: sleeper.sleep });
		await renewOnce(other);
		await renewOnce(me);
		sleeper.delays.length = 0;
		await renewOnce(me);
		assert.deepEqual(sleeper.delays, [300]);
	});

	it('a window taken off the roster when its extension stops no longer makes the others wait', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const sleeper = clockSleep(clock);
		const other = new RefreshLeases({ secrets: shared, clock, owner: 'other', settleMs: 300, sleep: sleeper.sleep });
		const me = new RefreshLeases({ secrets: shared, clock, owner: 'me', settleMs: 300, sleep: sleeper.sleep });
		await renewOnce(other);
		await renewOnce(me);
		await other.leave();
		sleeper.delays.length = 0;
		await renewOnce(me);
		assert.deepEqual(sleeper.delays, []);
		assert.deepEqual([...parseRoster(shared.values.get(ROSTER_KEY), clock.now()).keys()], ['me']);
	});

	it('a window whose entry expired (a crashed window) no longer makes the others wait, and a window near its own expiry joins again before renewing', async () => {
		const shared = new SharedSecretStore();
		const clock = new ManualClock(1_000_000);
		const sleeper = clockSleep(clock);
		const crashed = new RefreshLeases({ secrets: shared, clock, owner: 'crashed', settleMs: 300, presenceMs: 600_000, sleep: sleeper.sleep });
		await renewOnce(crashed);
		clock.advance(600_000);
		const me = new RefreshLeases({ secrets: shared, clock, owner: 'me', settleMs: 300, presenceMs: 600_000, leaseMs: 60_000, sleep: sleeper.sleep });
		sleeper.delays.length = 0;
		await renewOnce(me);
		assert.deepEqual(sleeper.delays, [300], 'joined, then alone: the crashed window\'s entry has expired');
		// Past half its time the entry is renewed without a wait; within a lease's time of its end, it joins again.
		clock.advance(400_000);
		sleeper.delays.length = 0;
		await renewOnce(me);
		assert.deepEqual(sleeper.delays, []);
		assert.equal(parseRoster(shared.values.get(ROSTER_KEY), clock.now()).get('me'), clock.now() + 600_000);
		clock.advance(550_000);
		sleeper.delays.length = 0;
		await renewOnce(me);
		assert.deepEqual(sleeper.delays, [300]);
	});

	it('reads anything but a version 1 roster as empty, and drops entries past their expiry', () => {
		for (const raw of [undefined, 'not json', 'null', '{"v":2,"windows":{"a":9e15}}', '{"v":1}', '{"v":1,"windows":null}']) {
			assert.equal(parseRoster(raw, 0).size, 0, String(raw));
		}
		const roster = parseRoster('{"v":1,"windows":{"live":2000,"gone":1000,"bad":"x","":5000}}', 1000);
		assert.deepEqual([...roster.entries()], [['live', 2000]]);
	});

	// Desktop VS Code's windows see each other's writes after a delay (DelayedSharedStore). A window
	// that is alone takes its lease without the settle delay; windows that start at any moment around
	// it, having renewed before or not, must still never renew at the same time.
	it('windows renewing without the settle delay while alone never overlap, whenever each starts (every half ms from 60 before to 100 after the other) and whether or not it renewed before (writes arriving 20 ms late)', async () => {
		const delayMs = 20;
		// Just over twice the delay: in test time store calls take none, which is all the proof asks.
		const settleMs = 2 * delayMs + 1;
		let overlaps = 0;
		let trials = 0;
		let trialsWithRenewal = 0;
		for (const firstRenewedBefore of [false, true]) {
			// Half-ms steps: at whole ms, moments tie and go in the order they were set; between them, the other way.
			for (let offset = -60; offset <= 100; offset += 0.5) {
				const time = new VirtualTime(1_000_000);
				const store = new DelayedSharedStore(delayMs, time.after);
				let renewing = 0;
				let renewals = 0;
				const work = {
					doneElsewhere: async (): Promise<string | undefined> => undefined,
					renew: async (): Promise<string> => {
						renewing++;
						renewals++;
						overlaps += renewing > 1 ? 1 : 0;
						await time.sleep(30);
						renewing--;
						return 'renewed';
					},
					gaveUp: async (): Promise<string> => 'gave up',
				};
				const options = { clock: time, sleep: time.sleep, settleMs, pollMs: 10, waitMs: 2000 };
				const first = new RefreshLeases({ secrets: store.window(), owner: 'first', ...options });
				if (firstRenewedBefore) {
					await time.run(first.run('p', work));
					await time.run(time.sleep(3 * delayMs));
					renewals = 0;
				}
				const second = new RefreshLeases({ secrets: store.window(), owner: 'second', ...options });
				const start = async (leases: RefreshLeases, at: number): Promise<string> => {
					await time.sleep(at);
					return leases.run('p', work);
				};
				await time.run(Promise.all([start(first, Math.max(0, -offset)), start(second, Math.max(0, offset))]));
				trials++;
				trialsWithRenewal += renewals >= 1 ? 1 : 0;
			}
		}
		assert.equal(overlaps, 0);
		assert.equal(trialsWithRenewal, trials, 'in every trial a window renewed (nobody gave up)');
	});
});
