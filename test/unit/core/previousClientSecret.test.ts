// A client secret rotation's overlap: the old secret kept in the secret store until the overlap
// ends, tried after invalid_client by the credential service's token requests, then forgotten; against
// the emulator, whose rotation switch keeps the old secret valid for the same overlap on the same clock.
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/credentials/accounts';
import { partnerAccount } from '../../../src/core/credentials/accounts';
import { overlapToKeep, PreviousClientSecrets, previousClientSecretKey } from '../../../src/core/credentials/previousClientSecret';
import { CredentialService } from '../../../src/core/credentials/service';
import { CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import { DAY_MS } from '../../../src/core/sellingPartner/secretHealth';
import { LwaEmulator, SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../../src/emulator/lwaEmulator';
import { rejection } from './support/assertions';
import { ManualClock, MemorySecretStore, recordingSleep, RecordingLogger } from './support/fakes';

const PARTNER = partnerAccount('A1SELLERALPHA') as Account;
const OLD_SECRET = SANDBOX_SP_CLIENT.clientSecret as string;
const NEW_SECRET = 'rotated-sp-secret';

describe('overlapToKeep', () => {
	const now = Date.UTC(2025, 5, 1);
	it('keeps the current secret for the overlap when a different one replaces it', () => {
		assert.deepEqual(overlapToKeep({ current: 'old', next: 'new', overlapDays: 7, now }), { secret: 'old', until: now + 7 * DAY_MS });
	});
	it('never keeps it past its own known expiry, and not at all once it has expired', () => {
		assert.deepEqual(overlapToKeep({ current: 'old', next: 'new', currentExpiresAt: now + 2 * DAY_MS, overlapDays: 7, now }), { secret: 'old', until: now + 2 * DAY_MS });
		assert.equal(overlapToKeep({ current: 'old', next: 'new', currentExpiresAt: now, overlapDays: 7, now }), undefined);
	});
	it('keeps nothing without a current secret, for the same secret again, or with the overlap set to 0 days', () => {
		assert.equal(overlapToKeep({ current: undefined, next: 'new', overlapDays: 7, now }), undefined);
		assert.equal(overlapToKeep({ current: 'same', next: 'same', overlapDays: 7, now }), undefined);
		assert.equal(overlapToKeep({ current: 'old', next: 'new', overlapDays: 0, now }), undefined);
	});
});

describe('CredentialService during a client secret rotation (emulator)', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 2000 });
	let profile: Profile;
	let secrets: MemorySecretStore;
	let logger: RecordingLogger;
	let store: CredentialStore;
	let previous: PreviousClientSecrets;
	let service: CredentialService;

	before(async () => {
		clock = new ManualClock(Date.now());
		emulator = await LwaEmulator.start({ autoApprove: true, now: () => clock.now() });
	});
	after(async () => {
		await emulator.close();
		await http.close();
	});
	beforeEach(async () => {
		emulator.registerClient({ ...SANDBOX_SP_CLIENT, redirectUris: [] });
		const { profiles, problems } = parseProfiles([
			{ name: 'sp', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, draft: true, region: 'NA', clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: SANDBOX_SP_APP.redirectUris[0], endpoints: { token: emulator.endpoints.token } },
		]);
		assert.deepEqual(problems, []);
		profile = profiles[0];
		secrets = new MemorySecretStore();
		logger = new RecordingLogger();
		store = new CredentialStore(secrets, logger);
		previous = new PreviousClientSecrets(secrets, clock, logger);
		service = new CredentialService({ store, clock, logger, refreshAheadSeconds: () => 120, previousSecrets: previous, tokenClient: new TokenClient({ http, clock, sleep: recordingSleep().sleep }) });
		await store.setClientSecret('sp', OLD_SECRET);
		emulator.sellingPartner.setSellingPartnerId('seller', 'A1SELLERALPHA');
		await service.adoptRefreshToken(profile, { refreshToken: emulator.sellingPartner.selfAuthorize(SANDBOX_SP_APP.applicationId, 'seller'), account: PARTNER });
	});
	afterEach(() => service.dispose());

	/** The user sets the new secret before Amazon's rotation takes effect: the old one is kept for 7 days. */
	async function setNewSecretKeepingOld(): Promise<number> {
		const kept = overlapToKeep({ current: await store.readClientSecret('sp'), next: NEW_SECRET, overlapDays: 7, now: clock.now() });
		assert.ok(kept);
		await previous.keep('sp', kept.secret, kept.until);
		await store.setClientSecret('sp', NEW_SECRET);
		return kept.until;
	}

	it('falls back to the old secret on invalid_client while the overlap lasts, and uses the new one alone once Amazon has rotated', async () => {
		await setNewSecretKeepingOld();
		emulator.resetStats();
		// Amazon has not rotated yet: the new secret is refused, the old one still works.
		await service.refresh(profile, PARTNER);
		assert.equal(emulator.stats.byGrant.refresh_token, 2, 'the new secret first, then the old one');
		assert.ok(logger.lines.some((line) => line.includes('trying the previous one')));
		// Amazon rotates to the new secret: one request, with the new secret.
		emulator.sellingPartner.rotateClientSecret(SANDBOX_SP_CLIENT.clientId, NEW_SECRET);
		emulator.resetStats();
		await service.refresh(profile, PARTNER);
		assert.equal(emulator.stats.byGrant.refresh_token, 1);
	});

	it('forgets the old secret at the first token request after the overlap ends, and then fails with invalid_client instead of trying it', async () => {
		const until = await setNewSecretKeepingOld();
		clock.time = until;
		emulator.resetStats();
		const error = await rejection(service.refresh(profile, PARTNER));
		assert.equal((error as { code?: string }).code, 'invalid_client');
		assert.equal(emulator.stats.byGrant.refresh_token, 1, 'the old secret is not tried after the overlap');
		assert.equal(secrets.values.has(previousClientSecretKey('sp')), false, 'the old secret is deleted');
		assert.ok(logger.lines.some((line) => line.includes('Forgot the previous client secret of profile "sp" (its overlap ended)')));
	});

	it('uses the old secret for grantless tokens too, and never logs either secret', async () => {
		const { profiles } = parseProfiles([{ name: 'sp', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, grant: 'client_credentials', region: 'NA', clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], endpoints: { token: emulator.endpoints.token } }]);
		await setNewSecretKeepingOld();
		const credential = await service.getValidCredential(profiles[0]);
		assert.ok(credential.accessToken !== '');
		assert.ok(logger.lines.every((line) => !line.includes(OLD_SECRET) && !line.includes(NEW_SECRET)));
	});
});
