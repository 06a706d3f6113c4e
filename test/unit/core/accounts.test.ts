// Tokens keyed by (profile, selling partner) and (profile, grantless scope): keys, the account index,
// the store, single-flight refresh, the refresh lease and change events, against the emulator.
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/credentials/accounts';
import { accountModeOf, parseSlotKey, partnerAccount, scopeAccount, SLOT_SEPARATOR, slotKey } from '../../../src/core/credentials/accounts';
import { accountIndexKey, parseAccountIndex, serializeAccountIndex } from '../../../src/core/credentials/accountIndex';
import { leaseKey, RefreshLeases } from '../../../src/core/credentials/lease';
import { parseCredential, serializeCredential } from '../../../src/core/credentials/model';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { CredentialService } from '../../../src/core/credentials/service';
import { credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import { LwaEmulator, SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../../src/emulator/lwaEmulator';
import { rejection } from './support/assertions';
import { ManualClock, MemorySecretStore, recordingSleep, RecordingLogger } from './support/fakes';
import { SharedSecretStore } from './support/sharedSecretStore';

const A = partnerAccount('A1SELLERALPHA') as Account;
const B = partnerAccount('A2SELLERBRAVO') as Account;

describe('slot keys', () => {
	it('keeps a plain profile\'s keys exactly as before and joins accounts with U+001F', () => {
		assert.equal(credentialKey('sandbox'), 'lwa.credential:sandbox');
		assert.equal(leaseKey(slotKey({ profile: 'sandbox' })), 'lwa.refreshLease:sandbox');
		assert.equal(credentialKey('sp', A), `lwa.credential:sp${SLOT_SEPARATOR}p${SLOT_SEPARATOR}A1SELLERALPHA`);
		assert.equal(credentialKey('sp', scopeAccount('sellingpartnerapi::notifications')), `lwa.credential:sp${SLOT_SEPARATOR}s${SLOT_SEPARATOR}sellingpartnerapi::notifications`);
	});

	it('never gives two slots the same key, even for profile names that look like a slot key\'s text', () => {
		const slots = [
			{ profile: 'sp' }, { profile: 'sp', account: A }, { profile: 'sp', account: B },
			{ profile: 'sp p A1SELLERALPHA' }, { profile: 'sp:p:A1SELLERALPHA' }, { profile: 'sp', account: scopeAccount('A1SELLERALPHA') },
			{ profile: 'sp', account: scopeAccount('sellingpartnerapi::notifications') },
		];
		const keys = slots.map((slot) => credentialKey(slot.profile, slot.account));
		assert.equal(new Set(keys).size, slots.length);
		for (const slot of slots) {
			assert.deepEqual(parseSlotKey(slotKey(slot)), slot.account ? slot : { profile: slot.profile });
		}
	});

	it('refuses hostile selling partner ids and scopes as accounts: separators, controls, slashes, huge values', () => {
		for (const id of ['', 'a1seller', `A1${SLOT_SEPARATOR}X`, 'A1\nFORGED', 'A1/../B2', 'A1%2FB2', 'A1\\B2', 'A'.repeat(5000), 'A1 B2', 'amzn1.vg.1\u202e']) {
			assert.equal(partnerAccount(id), undefined, JSON.stringify(id.slice(0, 20)));
		}
		for (const scope of ['', `s${SLOT_SEPARATOR}x`, 's\u0000', 'a b', 's'.repeat(300)]) {
			assert.equal(scopeAccount(scope), undefined, JSON.stringify(scope.slice(0, 20)));
		}
		assert.equal(parseSlotKey(`sp${SLOT_SEPARATOR}p${SLOT_SEPARATOR}a1/lower`), undefined);
		assert.equal(parseSlotKey(`sp${SLOT_SEPARATOR}x${SLOT_SEPARATOR}A1SELLERALPHA`), undefined);
	});

	it('gives SP-API profiles one account per partner (consent) or per scope (grantless) and every other profile one slot', () => {
		assert.equal(accountModeOf({ api: 'sp-api', grant: 'authorization_code' }), 'partner');
		assert.equal(accountModeOf({ api: 'sp-api', grant: 'client_credentials' }), 'scope');
		assert.equal(accountModeOf({ api: 'lwa', grant: 'client_credentials' }), 'single');
		assert.equal(accountModeOf({ api: 'ads', grant: 'authorization_code' }), 'single');
	});

	it('stores the account in the version 1 blob and refuses a blob whose account is malformed', () => {
		const base: StoredCredential = { v: 1, profile: 'sp', grant: 'authorization_code', accessToken: 'Atza|x', tokenType: 'bearer', expiresAt: 1, obtainedAt: 0, scopes: [], account: A };
		assert.deepEqual(parseCredential(serializeCredential(base)), base);
		assert.throws(() => parseCredential(JSON.stringify({ ...base, account: { kind: 'partner', id: 'a1\nforged' } })), /bad account/);
		assert.throws(() => parseCredential(JSON.stringify({ ...base, account: { kind: 'other' } })), /bad account/);
	});

	it('reads an account index leniently: malformed entries and an unlisted active account are dropped', () => {
		assert.deepEqual(parseAccountIndex(undefined), { accounts: [] });
		assert.equal(parseAccountIndex('{'), undefined);
		assert.equal(parseAccountIndex(JSON.stringify({ v: 2, accounts: [] })), undefined);
		const read = parseAccountIndex(JSON.stringify({ v: 1, accounts: [A, { kind: 'partner', id: 'x\ny' }, A, B], active: { kind: 'partner', id: 'A9UNLISTED' } }));
		assert.deepEqual(read, { accounts: [A, B] });
		assert.deepEqual(parseAccountIndex(serializeAccountIndex({ accounts: [A, B], active: B })), { accounts: [A, B], active: B });
	});
});

describe('CredentialStore per account', () => {
	const credential = (account: Account | undefined, accessToken: string): StoredCredential => ({
		v: 1, profile: 'sp', grant: 'authorization_code', accessToken, tokenType: 'bearer', expiresAt: 10, obtainedAt: 0, scopes: [], refreshToken: 'Atzr|r', ...(account ? { account } : {}),
	});

	it('keeps each partner\'s credential under its own key and lists the partners in the index', async () => {
		const secrets = new MemorySecretStore();
		const store = new CredentialStore(secrets, new RecordingLogger());
		await store.setCredential(credential(A, 'Atza|a'));
		await store.setCredential(credential(B, 'Atza|b'));
		assert.equal((await store.getCredential('sp', A))?.accessToken, 'Atza|a');
		assert.equal((await store.getCredential('sp', B))?.accessToken, 'Atza|b');
		assert.equal(await store.getCredential('sp'), undefined, 'the profile\'s own slot is another slot');
		assert.deepEqual((await store.accountIndex('sp')).accounts, [A, B]);
		await store.deleteCredential('sp', A);
		assert.deepEqual((await store.accountIndex('sp')).accounts, [B]);
		await store.deleteAllCredentials('sp');
		assert.deepEqual([...secrets.values.keys()], []);
	});

	it('never hands out a blob stored under one partner\'s key that names another partner: removed and logged without the token', async () => {
		const secrets = new MemorySecretStore();
		const logger = new RecordingLogger();
		secrets.values.set(credentialKey('sp', B), serializeCredential(credential(A, 'Atza|SENTINEL')));
		const store = new CredentialStore(secrets, logger);
		assert.equal(await store.getCredential('sp', B), undefined);
		assert.equal(secrets.values.has(credentialKey('sp', B)), false);
		assert.match(logger.text, /stored under another account/);
		assert.ok(!logger.text.includes('SENTINEL'));
	});

	it('reports a change with its profile and account, and an index change as the profile\'s', async () => {
		const secrets = new SharedSecretStore();
		const store = new CredentialStore(secrets, new RecordingLogger());
		const seen: string[] = [];
		store.onDidChangeCredential((profile, account) => seen.push(`${profile}/${account ? slotKey({ profile: '', account }).slice(1) : '-'}`));
		await store.setCredential(credential(A, 'Atza|a'));
		await secrets.delivered();
		assert.deepEqual(seen, [`sp/-`, `sp/p${SLOT_SEPARATOR}A1SELLERALPHA`]);
		assert.ok(secrets.values.has(accountIndexKey('sp')));
	});
});

describe('CredentialService with two selling partners against the emulator', function () {
	this.timeout(20_000);
	let emulator: LwaEmulator;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 2000 });
	let shared: SharedSecretStore;
	let clock: ManualClock;
	let profile: Profile;
	let grantless: Profile;
	const services: CredentialService[] = [];

	before(async () => {
		emulator = await LwaEmulator.start({ autoApprove: true, accessTokenLifetimeSeconds: 3600 });
	});
	after(async () => {
		await emulator.close();
		await http.close();
	});
	beforeEach(() => {
		shared = new SharedSecretStore();
		clock = new ManualClock(Date.now());
		const { profiles, problems } = parseProfiles([
			{ name: 'sp', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, draft: true, region: 'NA', clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: SANDBOX_SP_APP.redirectUris[0], endpoints: { token: emulator.endpoints.token } },
			{ name: 'grantless', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, grant: 'client_credentials', region: 'NA', clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'], endpoints: { token: emulator.endpoints.token } },
		]);
		assert.deepEqual(problems, []);
		[profile, grantless] = profiles;
	});
	afterEach(() => {
		for (const service of services.splice(0)) {
			service.dispose();
		}
	});

	function openWindow(): { service: CredentialService; store: CredentialStore; changes: string[] } {
		const logger = new RecordingLogger();
		const store = new CredentialStore(shared, logger);
		const leases = new RefreshLeases({ secrets: shared, clock, logger, settleMs: 20, pollMs: 10, waitMs: 3000 });
		const service = new CredentialService({ store, clock, logger, refreshAheadSeconds: () => 120, leases, tokenClient: new TokenClient({ http, clock, sleep: recordingSleep().sleep }) });
		services.push(service);
		const changes: string[] = [];
		service.onDidChange((name, account) => changes.push(account ? `${name} ${account.kind === 'partner' ? account.id : account.scope}` : name));
		return { service, store, changes };
	}

	/** The selling partner an access token was issued for, as the emulator's tokeninfo says. */
	async function partnerOf(accessToken: string): Promise<string> {
		const response = await fetch(`${emulator.endpoints.tokeninfo}?access_token=${encodeURIComponent(accessToken)}`);
		return ((await response.json()) as { user_id: string }).user_id;
	}

	/** Self-authorizes the partner on the emulator and adopts its refresh token in `window`, then makes its access token stale. */
	async function adopt(window: ReturnType<typeof openWindow>, account: Account): Promise<void> {
		emulator.sellingPartner.setSellingPartnerId('seller', account.kind === 'partner' ? account.id : '');
		const refreshToken = emulator.sellingPartner.selfAuthorize(SANDBOX_SP_APP.applicationId, 'seller');
		const adopted = await window.service.adoptRefreshToken(profile, { refreshToken, account });
		await window.store.setCredential({ ...adopted, expiresAt: clock.now() + 60_000 });
	}

	it('refreshes two partners at once in two windows: one request each, and each caller gets its own partner\'s token', async () => {
		await openWindow().store.setClientSecret('sp', SANDBOX_SP_CLIENT.clientSecret ?? '');
		const [one, two] = [openWindow(), openWindow()];
		await adopt(one, A);
		await adopt(one, B);
		await shared.delivered();
		emulator.resetStats();
		const results = await Promise.all([
			one.service.getValidCredential(profile, A), two.service.getValidCredential(profile, B),
			two.service.getValidCredential(profile, A), one.service.getValidCredential(profile, B),
		]);
		assert.equal(emulator.stats.byGrant.refresh_token, 2, 'one refresh per partner across both windows');
		assert.deepEqual(await Promise.all(results.map((result) => partnerOf(result.accessToken))), ['A1SELLERALPHA', 'A2SELLERBRAVO', 'A1SELLERALPHA', 'A2SELLERBRAVO']);
		assert.deepEqual(results.map((result) => result.account), [A, B, A, B]);
		assert.notEqual(results[0].accessToken, results[1].accessToken);
		assert.equal(shared.values.has(leaseKey(slotKey({ profile: 'sp', account: A }))), false, 'each partner\'s lease is released');
		assert.equal(shared.values.has(leaseKey(slotKey({ profile: 'sp', account: B }))), false);
	});

	it('without a partner, uses the active one (the last signed in) and refuses a partner the profile does not hold', async () => {
		const window = openWindow();
		await window.store.setClientSecret('sp', SANDBOX_SP_CLIENT.clientSecret ?? '');
		await adopt(window, A);
		await adopt(window, B);
		assert.equal(await partnerOf((await window.service.getValidCredential(profile)).accessToken), 'A2SELLERBRAVO');
		await window.store.setActiveAccount('sp', A);
		assert.equal(await partnerOf((await window.service.getValidCredential(profile)).accessToken), 'A1SELLERALPHA');
		assert.equal((await rejection(window.service.getValidCredential(profile, partnerAccount('A3SELLERNONE')))).code, 'not_signed_in');
		assert.equal((await rejection(window.service.getValidCredential(profile, scopeAccount('sellingpartnerapi::notifications')))).reason, 'unknown_account');
	});

	it('signs out one partner (the other keeps its token) or all of them, with a change event per slot', async () => {
		const window = openWindow();
		await window.store.setClientSecret('sp', SANDBOX_SP_CLIENT.clientSecret ?? '');
		await adopt(window, A);
		await adopt(window, B);
		window.changes.length = 0;
		await window.service.signOut('sp', A);
		assert.equal(await window.store.getCredential('sp', A), undefined);
		assert.ok(await window.store.getCredential('sp', B));
		assert.deepEqual((await window.store.accountIndex('sp')).accounts, [B]);
		await window.service.signOut('sp');
		assert.equal(await window.store.getCredential('sp', B), undefined);
		assert.deepEqual([...shared.values.keys()].filter((key) => key.startsWith('lwa.credential:') || key.startsWith('lwa.accounts:')), []);
		assert.deepEqual(window.changes, ['sp A1SELLERALPHA', 'sp']);
	});

	it('stores nothing when a pasted refresh token is refused, and says so with its own reason', async () => {
		const window = openWindow();
		await window.store.setClientSecret('sp', SANDBOX_SP_CLIENT.clientSecret ?? '');
		const error = await rejection(window.service.adoptRefreshToken(profile, { refreshToken: 'Atzr|not-issued-by-anyone', account: A }));
		assert.equal(error.code, 'invalid_grant');
		assert.equal(error.reason, 'pasted_refresh_token');
		assert.deepEqual([...shared.values.keys()].filter((key) => key !== 'lwa.clientSecret:sp'), []);
	});

	it('caches one grantless token per scope, each asked for with its scope alone and with its own expiry', async () => {
		const window = openWindow();
		await window.store.setClientSecret('grantless', SANDBOX_SP_CLIENT.clientSecret ?? '');
		emulator.resetStats();
		const notifications = scopeAccount('sellingpartnerapi::notifications') as Account;
		const rotation = scopeAccount('sellingpartnerapi::client_credential:rotation') as Account;
		const first = await window.service.getValidCredential(grantless, notifications);
		clock.advance(600_000);
		const second = await window.service.getValidCredential(grantless, rotation);
		assert.equal(emulator.stats.byGrant.client_credentials, 2);
		assert.deepEqual([first.scopes, second.scopes], [['sellingpartnerapi::notifications'], ['sellingpartnerapi::client_credential:rotation']]);
		assert.equal(second.expiresAt - first.expiresAt, 600_000, 'each token has its own countdown');
		assert.equal((await window.service.getValidCredential(grantless, notifications)).accessToken, first.accessToken, 'cached per scope');
		assert.equal((await window.service.getValidCredential(grantless)).accessToken, first.accessToken, 'without a scope: the first configured');
		assert.equal(emulator.stats.byGrant.client_credentials, 2);
		assert.equal((await rejection(window.service.getValidCredential(grantless, scopeAccount('sellingpartnerapi::migration')))).reason, 'unknown_account');
	});
});
