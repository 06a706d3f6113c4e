// Hands out valid credentials: refreshes stale ones (one refresh at a time per profile in this
// window, and with RefreshLeases one across windows), exchanges authorization codes, fetches
// client_credentials tokens, and tells listeners when anything changed, here or in another window.
import type { TokenClient, TokenSet } from '../lwa/tokenClient';
import { isLwaError, isTransientFailure, LwaError } from '../lwa/errors';
import type { Clock, Disposable, Logger } from '../ports';
import type { Profile } from '../profiles';
import { tokenHealth } from '../time/countdown';
import { RefreshLeases } from './lease';
import type { StoredCredential } from './model';
import type { CredentialStore } from './store';

export interface CredentialServiceOptions {
	store: CredentialStore;
	tokenClient: TokenClient;
	clock: Clock;
	logger: Logger;
	/** Seconds before expiry at which a token counts as stale (the lwa.refresh.ahead setting). */
	refreshAheadSeconds: () => number;
	/** Cross-window refresh leases over the shared secret store; without it, windows do not coordinate. */
	leases?: RefreshLeases;
}

export class CredentialService {
	private readonly store: CredentialStore;
	private readonly tokenClient: TokenClient;
	private readonly clock: Clock;
	private readonly logger: Logger;
	private readonly refreshAheadSeconds: () => number;
	/** One token request at a time per profile name. */
	private readonly inFlight = new Map<string, Promise<StoredCredential>>();
	/**
	 * Bumped per profile by sign-out and sign-in. A token request started under an older generation
	 * must not store its result (that would bring back a signed-out credential, or overwrite a newer
	 * sign-in) nor delete what is stored now.
	 */
	private readonly generations = new Map<string, number>();
	private readonly listeners = new Set<(profile: string) => void>();
	private readonly leases: RefreshLeases | undefined;
	/** The access token last seen per profile ('' = none), so that echoes of our own writes are not reported twice. */
	private readonly lastSeen = new Map<string, string>();
	private readonly storeSubscription: Disposable;

	constructor(options: CredentialServiceOptions) {
		this.store = options.store;
		this.tokenClient = options.tokenClient;
		this.clock = options.clock;
		this.logger = options.logger;
		this.refreshAheadSeconds = options.refreshAheadSeconds;
		this.leases = options.leases;
		this.storeSubscription = this.store.onDidChangeCredential((profile) => void this.noticeStoreChange(profile));
	}

	/**
	 * A credential whose access token is not stale; refreshes first (single-flight per profile;
	 * client_credentials profiles fetch a new token). No credential -> LwaError('not_signed_in'); a
	 * secret store that cannot be read (and no copy in this window's memory) ->
	 * LwaError('secret_storage_unavailable'), never 'not_signed_in'.
	 */
	async getValidCredential(profile: Profile): Promise<StoredCredential> {
		const pending = this.inFlight.get(profile.name);
		if (pending) {
			return pending;
		}
		const current = await this.currentCredential(profile);
		if (current && current.grant === profile.grant && this.isFresh(current)) {
			return current;
		}
		if (profile.grant === 'authorization_code' && (!current || current.grant !== 'authorization_code')) {
			throw new LwaError('not_signed_in');
		}
		return this.singleFlight(profile, false);
	}

	/** Forced refresh (single-flight). invalid_grant -> tokens deleted and the error rethrown; network and server trouble -> tokens kept. */
	refresh(profile: Profile): Promise<StoredCredential> {
		return this.singleFlight(profile, true);
	}

	/**
	 * Exchanges an authorization code and stores the result. `cancelled` is asked once the tokens are
	 * back: when the user has cancelled the sign-in meanwhile, the tokens are dropped unstored (the
	 * stored credential, if any, stays as it was) and the call rejects with 'cancelled'.
	 */
	async completeAuthorization(profile: Profile, p: { code: string; codeVerifier?: string; redirectUri: string; cancelled?: () => boolean }): Promise<StoredCredential> {
		let clientSecret: string | undefined;
		let clientSecretUnreadable = false;
		try {
			clientSecret = await this.store.readClientSecret(profile.name);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			// Many profiles have no client secret, and the code in hand expires in minutes: sign in
			// without it rather than not at all (the tokens then come without a refresh token).
			clientSecretUnreadable = true;
			this.logger.warn(`The client secret of profile "${profile.name}" could not be read from the secret storage; signing in without it.`);
		}
		const tokens = await this.tokenClient.exchangeCode({
			tokenEndpoint: profile.endpoints.token,
			clientId: profile.clientId,
			...(clientSecret !== undefined ? { clientSecret } : {}),
			code: p.code,
			redirectUri: p.redirectUri,
			...(p.codeVerifier !== undefined ? { codeVerifier: p.codeVerifier } : {}),
		});
		if (p.cancelled?.()) {
			this.logger.info(`Sign-in for profile "${profile.name}" was cancelled during the code exchange; the tokens LWA issued were not stored.`);
			throw new LwaError('cancelled');
		}
		if (!tokens.refreshToken) {
			const why = clientSecretUnreadable ? ' (the client secret could not be read)' : clientSecret === undefined ? ' (no client secret is set)' : '';
			this.logger.info(`Profile "${profile.name}" signed in without a refresh token${why}; sign in again when the access token expires.`);
		}
		const credential = this.toCredential(profile, tokens, undefined);
		this.supersede(profile.name);
		await this.save(credential);
		this.logger.info(`Profile "${profile.name}" signed in.`);
		return credential;
	}

	/** Deletes the profile's tokens (the client secret stays). */
	async signOut(profile: string): Promise<void> {
		this.supersede(profile);
		this.lastSeen.set(profile, '');
		await this.store.deleteCredential(profile);
		this.logger.info(`Profile "${profile}" signed out.`);
		this.fire(profile);
	}

	/**
	 * Called with the profile name after any stored change made through this service, and after a
	 * change made by another window (when the secret store reports changes).
	 */
	onDidChange(listener: (profile: string) => void): Disposable {
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
	private async currentCredential(profile: Profile): Promise<StoredCredential | undefined> {
		try {
			return await this.store.readCredential(profile.name);
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

	private singleFlight(profile: Profile, forced: boolean): Promise<StoredCredential> {
		const pending = this.inFlight.get(profile.name);
		if (pending) {
			return pending;
		}
		const flight = this.renew(profile, forced).finally(() => {
			if (this.inFlight.get(profile.name) === flight) {
				this.inFlight.delete(profile.name);
			}
		});
		this.inFlight.set(profile.name, flight);
		return flight;
	}

	private async renew(profile: Profile, forced: boolean): Promise<StoredCredential> {
		const generation = this.generationOf(profile.name);
		const current = await this.currentCredential(profile);
		// Another window or an earlier flight may have renewed it since the caller looked.
		if (!forced && current && current.grant === profile.grant && this.isFresh(current)) {
			return current;
		}
		let spend: () => Promise<StoredCredential>;
		if (profile.grant === 'client_credentials') {
			spend = () => this.fetchClientCredentials(profile, generation);
		} else {
			if (!current || current.grant !== 'authorization_code') {
				throw new LwaError('not_signed_in');
			}
			if (!current.refreshToken) {
				if (!forced && tokenHealth(current.expiresAt, this.clock.now(), 0) !== 'expired') {
					// Stale but still usable, and nothing to refresh it with.
					return current;
				}
				throw new LwaError('no_refresh_token');
			}
			const refreshToken = current.refreshToken;
			spend = () => this.refreshWith(profile, current, refreshToken, forced, generation);
		}
		if (!this.leases) {
			return spend();
		}
		// Other windows share the refresh token: only the lease holder spends it; the others wait for
		// its result to appear in the store.
		return this.leases.run(profile.name, {
			doneElsewhere: () => this.renewedElsewhere(profile, current),
			renew: spend,
			gaveUp: async () => {
				if (!forced && current && current.grant === profile.grant && tokenHealth(current.expiresAt, this.clock.now(), 0) !== 'expired') {
					return current;
				}
				throw RefreshLeases.busyElsewhere();
			},
		});
	}

	/**
	 * The credential another window stored since `before` was read (a refresh, a new sign-in), or
	 * undefined when nothing changed. A credential signed out meanwhile ends the renewal.
	 */
	private async renewedElsewhere(profile: Profile, before: StoredCredential | undefined): Promise<StoredCredential | undefined> {
		let now: StoredCredential | undefined;
		try {
			now = await this.store.readCredential(profile.name);
		} catch (error) {
			if (isLwaError(error, 'secret_storage_unavailable')) {
				// Nothing can be learnt from an unreadable store; certainly not a sign-out.
				return undefined;
			}
			throw error;
		}
		if (!now) {
			if (before && profile.grant === 'authorization_code') {
				this.logger.info(`Profile "${profile.name}" was signed out in another window while its token was being renewed.`);
				throw new LwaError('not_signed_in');
			}
			return undefined;
		}
		return now.grant === profile.grant && now.accessToken !== before?.accessToken ? now : undefined;
	}

	private async refreshWith(profile: Profile, current: StoredCredential, refreshToken: string, forced: boolean, generation: number): Promise<StoredCredential> {
		let clientSecret: string | undefined;
		try {
			clientSecret = await this.store.readClientSecret(profile.name);
		} catch (error) {
			// Refreshing without a client secret that exists could be refused, and LWA's answer to
			// that is not ours to predict: keep the tokens and refresh once the store can be read.
			if (isLwaError(error, 'secret_storage_unavailable') && !forced && tokenHealth(current.expiresAt, this.clock.now(), 0) !== 'expired') {
				this.logger.warn(`Refreshing profile "${profile.name}" waits for the secret storage (its client secret could not be read); the current access token still works.`);
				return current;
			}
			throw error;
		}
		let tokens: TokenSet;
		try {
			tokens = await this.tokenClient.refresh({
				tokenEndpoint: profile.endpoints.token,
				clientId: profile.clientId,
				...(clientSecret !== undefined ? { clientSecret } : {}),
				refreshToken,
			});
		} catch (error) {
			if (isLwaError(error, 'invalid_grant')) {
				if (this.generationOf(profile.name) !== generation) {
					return this.superseded(profile.name);
				}
				this.logger.warn(`The refresh token of profile "${profile.name}" was refused; its tokens have been removed. Sign in again.`);
				this.lastSeen.set(profile.name, '');
				await this.store.deleteCredential(profile.name);
				this.fire(profile.name);
				throw error;
			}
			if (isTransientFailure(error)) {
				this.logger.warn(`Refreshing profile "${profile.name}" failed (${error.code}); the stored tokens are kept.`);
				if (!forced && tokenHealth(current.expiresAt, this.clock.now(), 0) !== 'expired') {
					// The old access token still works for a while; better than failing the caller.
					return current;
				}
			}
			throw error;
		}
		if (this.generationOf(profile.name) !== generation) {
			return this.superseded(profile.name);
		}
		const credential = this.toCredential(profile, tokens, refreshToken);
		await this.save(credential);
		this.logger.info(`Profile "${profile.name}" refreshed.`);
		return credential;
	}

	private async fetchClientCredentials(profile: Profile, generation: number): Promise<StoredCredential> {
		const clientSecret = await this.store.readClientSecret(profile.name);
		if (clientSecret === undefined) {
			throw new LwaError('missing_client_secret');
		}
		const tokens = await this.tokenClient.clientCredentials({
			tokenEndpoint: profile.endpoints.token,
			clientId: profile.clientId,
			clientSecret,
			scopes: profile.scopes,
		});
		if (this.generationOf(profile.name) !== generation) {
			return this.superseded(profile.name);
		}
		const credential = this.toCredential(profile, tokens, undefined);
		await this.save(credential);
		this.logger.info(`Profile "${profile.name}" obtained a client credentials token.`);
		return credential;
	}

	private generationOf(profile: string): number {
		return this.generations.get(profile) ?? 0;
	}

	private supersede(profile: string): void {
		this.generations.set(profile, this.generationOf(profile) + 1);
	}

	/** A token request finished after a sign-out or sign-in: its result is dropped; callers get what is stored now. */
	private async superseded(profile: string): Promise<StoredCredential> {
		this.logger.info(`Profile "${profile}" was signed out or signed in again while a token request was running; its result was discarded.`);
		const stored = await this.store.readCredential(profile);
		if (!stored) {
			throw new LwaError('not_signed_in');
		}
		return stored;
	}

	/** LWA may or may not rotate refresh tokens: keep the old one unless a new one arrives. */
	private toCredential(profile: Profile, tokens: TokenSet, previousRefreshToken: string | undefined): StoredCredential {
		const credential: StoredCredential = {
			v: 1,
			profile: profile.name,
			grant: profile.grant,
			accessToken: tokens.accessToken,
			tokenType: 'bearer',
			expiresAt: tokens.expiresAt,
			obtainedAt: tokens.obtainedAt,
			scopes: tokens.scope ? tokens.scope.split(/\s+/).filter((scope) => scope !== '') : [...profile.scopes],
		};
		const refreshToken = tokens.refreshToken ?? previousRefreshToken;
		if (refreshToken !== undefined) {
			credential.refreshToken = refreshToken;
		}
		return credential;
	}

	private async save(credential: StoredCredential): Promise<void> {
		this.lastSeen.set(credential.profile, credential.accessToken);
		await this.store.setCredential(credential);
		this.fire(credential.profile);
	}

	/**
	 * A change reported by the secret store: the echo of our own write (already reported), or another
	 * window's sign-in, refresh or sign-out. Another window's change also supersedes a token request
	 * running here, so that its late result never overwrites (or brings back) what that window stored.
	 */
	private async noticeStoreChange(profile: string): Promise<void> {
		let seen: string;
		try {
			seen = (await this.store.readCredential(profile))?.accessToken ?? '';
		} catch {
			// Unreadable: not a sign-out. The next readable change is noticed as usual.
			this.logger.debug(`A change of profile "${profile}" in the secret storage could not be read.`);
			return;
		}
		if (this.lastSeen.get(profile) === seen) {
			return;
		}
		this.lastSeen.set(profile, seen);
		this.supersede(profile);
		this.logger.debug(`The stored credential of profile "${profile}" changed in another window.`);
		this.fire(profile);
	}

	private fire(profile: string): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(profile);
			} catch {
				this.logger.error('A credential change listener failed.');
			}
		}
	}
}
