// Hands out valid credentials: refreshes stale ones (one refresh at a time per slot in this window,
// and with RefreshLeases one across windows), exchanges authorization codes, fetches
// client_credentials tokens, and tells listeners when anything changed, here or in another window.
// The grant-specific token requests live beside it: renewals.ts (refresh, client_credentials per
// scope) and sellingPartnerGrants.ts (SP-API self-authorization and partner authorizations).
// A slot is a profile, or for an SP-API profile a (profile, selling partner) or (profile, grantless
// scope) pair (accounts.ts): every map, lease and event below is keyed by the slot, so a caller for
// one partner is never handed another partner's token.
import type { TokenClient, TokenSet } from '../lwa/tokenClient';
import { isLwaError, LwaError } from '../lwa/errors';
import type { Clock, Disposable, Logger } from '../ports';
import type { Profile } from '../profiles';
import { tokenHealth } from '../time/countdown';
import type { Account, Slot } from './accounts';
import { slotForLog, slotForLogStart, slotKey } from './accounts';
import { clientSecretForExchange, credentialFrom } from './grants';
import { RefreshLeases } from './lease';
import { mayBeOneTimeTransfer } from './oneTimeTransfer';
import { OtherWindowChanges } from './otherWindows';
import type { PreviousClientSecrets } from './previousClientSecret';
import { withClientSecretFallback } from './previousClientSecret';
import type { RenewalContext } from './renewals';
import { fetchClientCredentials, refreshAuthorizationCode } from './renewals';
import { checkPastedRefreshToken, noteNewAccount } from './sellingPartnerGrants';
import { Generations, resolveSlot } from './slots';
import type { StoredCredential } from './model';
import type { CredentialStore } from './store';
import type { TeamCredentialSource } from '../teams/teamCredentials';

export interface CredentialServiceOptions {
	store: CredentialStore;
	tokenClient: TokenClient;
	clock: Clock;
	logger: Logger;
	/** Seconds before expiry at which a token counts as stale (the lwa.refresh.ahead setting). */
	refreshAheadSeconds: () => number;
	/**
	 * Whether portability:: profiles may be one-time Data Portability transfers (the
	 * lwa.dataPortability.assumeOneTimeTransfer setting; oneTimeTransfer.ts). Absent: true, the safe side.
	 */
	assumeOneTimeTransfer?: () => boolean;
	/** Cross-window refresh leases over the shared secret store; without it, windows do not coordinate. */
	leases?: RefreshLeases;
	/** The old client secret kept during a rotation's overlap, tried after invalid_client (previousClientSecret.ts). */
	previousSecrets?: PreviousClientSecrets;
	/** Told when a selling partner authorized the app: by consent (a code exchange) or self-authorization (a pasted refresh token). */
	onPartnerAuthorized?: (profile: string, partnerId: string, kind: 'consent' | 'self') => Promise<void>;
	/**
	 * Team profiles (with `secretsManager`): their client secret and refresh token come from the team's
	 * AWS Secrets Manager secret, read on use and never stored here (src/core/teams/). Without it, a
	 * team profile's client secret is read from this machine's secret store like any other.
	 */
	teamCredentials?: TeamCredentialSource;
}

/** What a caller of renew() has just read: the slot's credential, and the slot's generation before the read. */
interface LookedAt {
	credential: StoredCredential | undefined;
	generation: string;
}

export class CredentialService {
	private readonly store: CredentialStore;
	private readonly tokenClient: TokenClient;
	private readonly clock: Clock;
	private readonly logger: Logger;
	private readonly refreshAheadSeconds: () => number;
	private readonly assumeOneTimeTransfer: () => boolean;
	/** One token request at a time per slot (by slot key). */
	private readonly inFlight = new Map<string, Promise<StoredCredential>>();
	/**
	 * Bumped per slot by sign-out and sign-in (per profile by a sign-out of all its accounts). A token
	 * request started under an older generation must not store its result (that would bring back a
	 * signed-out credential, or overwrite a newer sign-in) nor delete what is stored now.
	 */
	private readonly generations = new Generations();
	private readonly listeners = new Set<(profile: string, account?: Account) => void>();
	private readonly leases: RefreshLeases | undefined;
	private readonly previousSecrets: PreviousClientSecrets | undefined;
	private readonly onPartnerAuthorized: CredentialServiceOptions['onPartnerAuthorized'];
	private readonly teamCredentials: TeamCredentialSource | undefined;
	/** Team profiles whose consent's refresh token is held, not stored (holdConsentRefreshToken), with the token once given. */
	private readonly heldConsents = new Map<string, string | undefined>();
	/** Sign-ins, refreshes and sign-outs of other windows, told apart from the echoes of our own writes. */
	private readonly otherWindows: OtherWindowChanges;
	private readonly storeSubscription: Disposable;
	/** What the grant-specific token requests (renewals.ts, sellingPartnerGrants.ts) use of this service. */
	private readonly renewals: RenewalContext;

	constructor(options: CredentialServiceOptions) {
		this.store = options.store;
		this.tokenClient = options.tokenClient;
		this.clock = options.clock;
		this.logger = options.logger;
		this.refreshAheadSeconds = options.refreshAheadSeconds;
		this.assumeOneTimeTransfer = options.assumeOneTimeTransfer ?? (() => true);
		this.leases = options.leases;
		this.previousSecrets = options.previousSecrets;
		this.onPartnerAuthorized = options.onPartnerAuthorized;
		this.teamCredentials = options.teamCredentials;
		this.otherWindows = new OtherWindowChanges({ store: this.store, logger: this.logger, supersede: (slot) => this.supersede(slot), fire: (profile, account) => this.fire(profile, account) });
		this.renewals = {
			store: this.store,
			tokenClient: this.tokenClient,
			clock: this.clock,
			logger: this.logger,
			generationOf: (slot) => this.generations.of(slot),
			usedUntilExpiry: (profile, credential) => this.usedUntilExpiry(profile, credential),
			readClientSecret: (profile) => this.readClientSecret(profile),
			withClientSecret: (profile, clientSecret, attempt) => this.withClientSecret(profile, clientSecret, attempt),
			superseded: (slot) => this.superseded(slot),
			save: (credential) => this.save(credential),
			deleteRefused: async (slot) => {
				this.otherWindows.wrote(slot, '');
				await this.store.deleteCredential(slot.profile, slot.account);
				this.fire(slot.profile, slot.account);
			},
		};
		this.storeSubscription = this.store.onDidChangeCredential((profile, account) => void this.otherWindows.noticeStoreChange({ profile, account }));
	}

	/**
	 * A credential whose access token is not stale; refreshes first (single-flight per slot;
	 * client_credentials profiles fetch a new token). `account` names the selling partner or grantless
	 * scope of an SP-API profile; without it, the profile's active account (see slots.ts). No credential
	 * -> LwaError('not_signed_in'); a secret store that cannot be read (and no copy in this window's
	 * memory) -> LwaError('secret_storage_unavailable'), never 'not_signed_in'.
	 */
	async getValidCredential(profile: Profile, account?: Account): Promise<StoredCredential> {
		const slot = await resolveSlot(this.store, profile, account);
		const pending = this.inFlight.get(slotKey(slot));
		if (pending) {
			return pending;
		}
		// Taken before the read: a sign-in or sign-out while it runs makes renew() read again.
		const generation = this.generations.of(slot);
		const current = await this.currentCredential(profile, slot);
		if (current && current.grant === profile.grant && (this.isFresh(current) || this.usedUntilExpiry(profile, current))) {
			return current;
		}
		if (profile.grant === 'authorization_code' && (!current || current.grant !== 'authorization_code') && !this.isTeamProfile(profile)) {
			throw new LwaError('not_signed_in');
		}
		return this.singleFlight(profile, slot, false, { credential: current, generation });
	}

	/**
	 * Forced refresh (single-flight). invalid_grant -> tokens deleted and the error rethrown, except for
	 * a possible one-time Data Portability transfer whose access token is still valid: that token is
	 * kept (without the refused refresh token) and invalid_grant (reason access_token_kept) thrown.
	 * Network and server trouble -> tokens kept.
	 */
	async refresh(profile: Profile, account?: Account): Promise<StoredCredential> {
		return this.singleFlight(profile, await resolveSlot(this.store, profile, account), true);
	}

	/**
	 * Self-authorization: a refresh token the user pasted (Seller Central's "Authorize app", Vendor
	 * Central's "Generate refresh token") is checked with one refresh and stored only when it works;
	 * from then on the slot behaves like a signed-in one. A refused token stores nothing and rejects
	 * with invalid_grant (reason 'pasted_refresh_token'), or the token endpoint's other error.
	 */
	async adoptRefreshToken(profile: Profile, p: { refreshToken: string; account?: Account }): Promise<StoredCredential> {
		const slot = await resolveSlot(this.store, profile, p.account, { newAccount: true });
		const tokens = await checkPastedRefreshToken(this.renewals, { profile, slot, refreshToken: p.refreshToken });
		const credential = await this.storeNewTokens(profile, slot, tokens, p.refreshToken);
		this.logger.info(`Stored a pasted refresh token for ${slotForLog(slot)}; it works.`);
		return credential;
	}

	/**
	 * Exchanges an authorization code and stores the result. `cancelled` is asked once the tokens are
	 * back: when the user has cancelled the sign-in meanwhile, the tokens are dropped unstored (the
	 * stored credential, if any, stays as it was) and the call rejects with 'cancelled'.
	 */
	async completeAuthorization(profile: Profile, p: { code: string; codeVerifier?: string; redirectUri: string; account?: Account; cancelled?: () => boolean }): Promise<StoredCredential> {
		// A team profile holds one account (accounts.ts): an SP-API consent's selling partner is not its key.
		const slot = await resolveSlot(this.store, profile, this.isTeamProfile(profile) ? undefined : p.account, { newAccount: true });
		const { clientSecret, clientSecretUnreadable } = this.isTeamProfile(profile)
			? { clientSecret: await this.readClientSecret(profile), clientSecretUnreadable: false }
			: await clientSecretForExchange(this.store, this.logger, profile.name);
		const tokens = await this.withClientSecret(profile.name, clientSecret, (secret) => this.tokenClient.exchangeCode({
			tokenEndpoint: profile.endpoints.token,
			clientId: profile.clientId,
			...(secret !== undefined ? { clientSecret: secret } : {}),
			code: p.code,
			redirectUri: p.redirectUri,
			...(p.codeVerifier !== undefined ? { codeVerifier: p.codeVerifier } : {}),
		}));
		if (p.cancelled?.()) {
			this.logger.info(`Sign-in for profile "${profile.name}" was cancelled during the code exchange; the tokens LWA issued were not stored.`);
			throw new LwaError('cancelled');
		}
		if (!tokens.refreshToken) {
			const why = clientSecretUnreadable ? ' (the client secret could not be read)' : clientSecret === undefined ? ' (no client secret is set)' : '';
			this.logger.info(`Profile "${profile.name}" signed in without a refresh token${why}; sign in again when the access token expires.`);
		}
		const held = this.heldConsents.has(profile.name) ? tokens.refreshToken : undefined;
		const toStore = { ...tokens };
		if (held !== undefined) {
			this.heldConsents.set(profile.name, held);
			delete toStore.refreshToken;
		}
		const credential = await this.storeNewTokens(profile, slot, toStore, undefined);
		this.logger.info(`${slotForLogStart(slot)} signed in${held !== undefined ? '; its refresh token is held in memory until the user says where it goes' : ''}.`);
		return held !== undefined ? { ...credential, refreshToken: held } : credential;
	}

	/**
	 * From now until {@link releaseConsentRefreshToken}, a consent of this (team) profile stores its
	 * access token only and holds its refresh token in this window's memory: the user is asked next
	 * whether it goes to the team's secret, and a token written there never touches this machine's
	 * secret storage (src/vscode/teams/teamProfiles.ts).
	 */
	holdConsentRefreshToken(profile: string): void {
		this.heldConsents.set(profile, undefined);
	}

	/** Ends the hold; returns the refresh token a consent gave meanwhile, if any. */
	releaseConsentRefreshToken(profile: string): string | undefined {
		const held = this.heldConsents.get(profile);
		this.heldConsents.delete(profile);
		return held;
	}

	/**
	 * Stores a held consent refresh token with the access token stored by that sign-in (the user did
	 * not write it to the team's secret): from then on it is this machine's, as for any profile. Does
	 * nothing when the profile was signed out, or holds another refresh token, meanwhile.
	 */
	async keepRefreshToken(profile: Profile, refreshToken: string): Promise<void> {
		const slot = await resolveSlot(this.store, profile, undefined);
		const stored = await this.store.readCredential(slot.profile, slot.account);
		if (stored === undefined || stored.grant !== 'authorization_code' || stored.refreshToken !== undefined) {
			return;
		}
		await this.save({ ...stored, refreshToken });
		this.logger.info(`${slotForLogStart(slot)} keeps the refresh token of its consent on this machine.`);
	}

	/**
	 * Deletes tokens (the client secret stays): of one account when `account` is given, else of the
	 * whole profile (its own and every account's).
	 */
	async signOut(profile: string, account?: Account): Promise<void> {
		if (account !== undefined) {
			const slot = { profile, account };
			this.supersede(slot);
			this.otherWindows.wrote(slot, '');
			await this.store.deleteCredential(profile, account);
			this.logger.info(`${slotForLogStart(slot)} signed out.`);
			this.fire(profile, account);
			return;
		}
		this.generations.bumpProfile(profile);
		const { accounts } = await this.store.accountIndex(profile);
		for (const listed of [undefined, ...accounts]) {
			this.otherWindows.wrote({ profile, account: listed }, '');
		}
		await this.store.deleteAllCredentials(profile);
		this.logger.info(accounts.length === 0 ? `Profile "${profile}" signed out.` : `Profile "${profile}" signed out of all its ${accounts.length} accounts.`);
		this.fire(profile);
	}

	/**
	 * Called with the profile name (and the account, for a slot of an SP-API profile; none when the
	 * profile as a whole changed) after any stored change made through this service, and after a
	 * change made by another window (when the secret store reports changes).
	 */
	onDidChange(listener: (profile: string, account?: Account) => void): Disposable {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	/** Stops following the secret store's change notifications. */
	dispose(): void {
		this.storeSubscription.dispose();
		this.listeners.clear();
	}

	/**
	 * The profile's credential. An unreadable secret store rejects ('secret_storage_unavailable'),
	 * except for a client_credentials profile: its next token needs only the client secret, which
	 * may be in this window's memory.
	 */
	private async currentCredential(profile: Profile, slot: Slot): Promise<StoredCredential | undefined> {
		try {
			return await this.store.readCredential(slot.profile, slot.account);
		} catch (error) {
			if (profile.grant === 'client_credentials' && isLwaError(error, 'secret_storage_unavailable')) {
				return undefined;
			}
			throw error;
		}
	}

	private isFresh(credential: StoredCredential): boolean {
		return tokenHealth(credential.expiresAt, this.clock.now(), this.refreshAheadSeconds()) === 'valid';
	}

	/** A possible one-time transfer's token is used until it expires, never renewed ahead of time (oneTimeTransfer.ts). */
	private usedUntilExpiry(profile: Profile, credential: StoredCredential): boolean {
		return mayBeOneTimeTransfer(profile, credential, this.assumeOneTimeTransfer()) && tokenHealth(credential.expiresAt, this.clock.now(), 0) !== 'expired';
	}

	private singleFlight(profile: Profile, slot: Slot, forced: boolean, lookedAt?: LookedAt): Promise<StoredCredential> {
		const key = slotKey(slot);
		const pending = this.inFlight.get(key);
		if (pending) {
			return pending;
		}
		const flight = this.renew(profile, slot, forced, lookedAt).finally(() => {
			if (this.inFlight.get(key) === flight) {
				this.inFlight.delete(key);
			}
		});
		this.inFlight.set(key, flight);
		return flight;
	}

	/**
	 * Renews the slot's token. `lookedAt`: the credential the caller has just read, and the slot's
	 * generation before that read. Under a lease it is not read again before the lease is taken,
	 * because the lease holder reads the stored one and compares before spending anything
	 * (doneElsewhere): another window's or an earlier flight's renewal since is found there. It is read
	 * again when the caller found none (a failed read of a client_credentials slot looks the same) or a
	 * sign-in or sign-out of the slot came since. Each store call saved counts where the store is a
	 * round trip away (a browser-hosted editor).
	 */
	private async renew(profile: Profile, slot: Slot, forced: boolean, lookedAt?: LookedAt): Promise<StoredCredential> {
		const generation = this.generations.of(slot);
		// The client secret is read beside the credential (or the lease) rather than after the lease:
		// one round trip less. Used only when the lease was taken without waiting for another window
		// (a secret set meanwhile would be missed) and read again when it failed. A team profile's
		// comes from AWS, so it is asked for only when a request is made.
		const earlySecret = this.isTeamProfile(profile) ? undefined : this.store.readClientSecret(profile.name);
		// Not every path spends the early read (a fresh token, another window's result): never unhandled.
		earlySecret?.catch(() => undefined);
		const clientSecretFor = (waited: boolean): { clientSecret?: Promise<string | undefined> } =>
			earlySecret === undefined || waited ? {} : { clientSecret: earlySecret.catch(() => this.store.readClientSecret(profile.name)) };
		const reuse = lookedAt !== undefined && this.leases !== undefined && lookedAt.credential !== undefined && lookedAt.generation === generation;
		const current = reuse ? lookedAt.credential : await this.currentCredential(profile, slot);
		// Another window or an earlier flight may have renewed it since the caller looked.
		if (!forced && current && current.grant === profile.grant && (this.isFresh(current) || this.usedUntilExpiry(profile, current))) {
			return current;
		}
		let spend: (waited: boolean) => Promise<StoredCredential>;
		if (profile.grant === 'client_credentials') {
			spend = (waited) => fetchClientCredentials(this.renewals, { profile, slot, generation, ...clientSecretFor(waited) });
		} else {
			const usable = current?.grant === 'authorization_code' ? current : undefined;
			// A token signed in on this machine (by consent) comes first; a team profile's secret holds the team's.
			const teamRefreshToken = usable?.refreshToken === undefined && this.isTeamProfile(profile) ? await this.teamCredentials?.refreshToken(profile) : undefined;
			if (!usable && teamRefreshToken === undefined) {
				throw new LwaError('not_signed_in');
			}
			if (usable && usable.refreshToken === undefined && teamRefreshToken === undefined) {
				if (!forced && tokenHealth(usable.expiresAt, this.clock.now(), 0) !== 'expired') {
					// Stale but still usable, and nothing to refresh it with.
					return usable;
				}
				throw new LwaError('no_refresh_token');
			}
			const refreshToken = (usable?.refreshToken ?? teamRefreshToken) as string;
			const fromTeamSecret = usable?.refreshToken === undefined;
			// Before a team profile's first refresh nothing is stored: an expired stand-in for the credential.
			const base = usable ?? { v: 1, profile: profile.name, grant: 'authorization_code', accessToken: '', tokenType: 'bearer', expiresAt: 0, obtainedAt: 0, scopes: [...profile.scopes], ...(slot.account !== undefined ? { account: slot.account } : {}) } satisfies StoredCredential;
			spend = (waited) => refreshAuthorizationCode(this.renewals, { profile, slot, current: base, refreshToken, forced, generation, fromTeamSecret, ...clientSecretFor(waited) });
		}
		if (!this.leases) {
			return spend(false);
		}
		// Other windows share the refresh token: only the lease holder spends it; the others wait for
		// its result to appear in the store.
		return this.leases.run(slotKey(slot), {
			doneElsewhere: () => this.otherWindows.renewedElsewhere(profile, slot, current),
			renew: spend,
			gaveUp: async () => {
				if (!forced && current && current.grant === profile.grant && tokenHealth(current.expiresAt, this.clock.now(), 0) !== 'expired') {
					return current;
				}
				throw RefreshLeases.busyElsewhere();
			},
		}, slotForLog(slot));
	}

	/** A token request with the client secret, and with the previous one after invalid_client during a rotation's overlap. */
	private withClientSecret<T>(profile: string, clientSecret: string | undefined, attempt: (secret: string | undefined) => Promise<T>): Promise<T> {
		return withClientSecretFallback({ profile, current: clientSecret, previous: this.previousSecrets, clock: this.clock, logger: this.logger }, attempt);
	}

	private isTeamProfile(profile: Profile): boolean {
		return profile.secretsManager !== undefined && this.teamCredentials !== undefined;
	}

	/** The client secret: a team profile's from its secret, any other profile's from the secret store. */
	private async readClientSecret(profile: Profile): Promise<string | undefined> {
		if (this.isTeamProfile(profile) && this.teamCredentials) {
			return this.teamCredentials.clientSecret(profile);
		}
		return this.store.readClientSecret(profile.name);
	}

	private supersede(slot: Slot): void {
		this.generations.bump(slot);
	}

	/** A token request finished after a sign-out or sign-in: its result is dropped; callers get what is stored now. */
	private async superseded(slot: Slot): Promise<StoredCredential> {
		this.logger.info(`${slotForLogStart(slot)} was signed out or signed in again while a token request was running; its result was discarded.`);
		const stored = await this.store.readCredential(slot.profile, slot.account);
		if (!stored) {
			throw new LwaError('not_signed_in');
		}
		return stored;
	}

	/** Stores a sign-in's (or a pasted refresh token's) tokens, voiding older requests; a partner signed in becomes the active one. */
	private async storeNewTokens(profile: Profile, slot: Slot, tokens: TokenSet, refreshToken: string | undefined): Promise<StoredCredential> {
		const credential = credentialFrom(profile, tokens, refreshToken, slot.account);
		this.supersede(slot);
		await this.save(credential);
		if (slot.account !== undefined) {
			await noteNewAccount({ store: this.store, onPartnerAuthorized: this.onPartnerAuthorized, profile: profile.name, account: slot.account, pasted: refreshToken !== undefined });
		}
		return credential;
	}

	private async save(credential: StoredCredential): Promise<void> {
		this.otherWindows.wrote({ profile: credential.profile, account: credential.account }, credential.accessToken);
		await this.store.setCredential(credential);
		this.fire(credential.profile, credential.account);
	}

	private fire(profile: string, account?: Account): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(profile, account);
			} catch {
				this.logger.error('A credential change listener failed.');
			}
		}
	}
}
