// The grant-specific token requests of the credential service (service.ts): refreshing an
// authorization-code credential with its refresh token, and fetching a client_credentials token
// (per grantless scope for an SP-API grantless slot). The service decides when to renew and holds
// the single-flight, generations and leases; these functions only spend the grant and store the result.
import { isLwaError, isTransientFailure, LwaError } from '../lwa/errors';
import type { TokenClient, TokenSet } from '../lwa/tokenClient';
import type { Clock, Logger } from '../ports';
import type { Profile } from '../profiles';
import { tokenHealth } from '../time/countdown';
import type { Slot } from './accounts';
import { slotForLog, slotForLogStart } from './accounts';
import { credentialFrom } from './grants';
import type { StoredCredential } from './model';
import { keepAccessToken } from './oneTimeTransfer';
import type { CredentialStore } from './store';

/** What the renewals need of the credential service. */
export interface RenewalContext {
	store: CredentialStore;
	tokenClient: TokenClient;
	clock: Clock;
	logger: Logger;
	/** The slot's generation now; a request started under another one must not store its result. */
	generationOf: (slot: Slot) => string;
	/** Whether a possible one-time transfer's token is used until it expires (oneTimeTransfer.ts). */
	usedUntilExpiry: (profile: Profile, credential: StoredCredential) => boolean;
	/** The profile's client secret: a team profile's from its AWS secret, any other's from the secret store. The renewals take a read started earlier instead when they are given one. */
	readClientSecret: (profile: Profile) => Promise<string | undefined>;
	/** A token request with the client secret, and with the previous one after invalid_client during a rotation's overlap. */
	withClientSecret: <T>(profile: string, clientSecret: string | undefined, attempt: (secret: string | undefined) => Promise<T>) => Promise<T>;
	/** What is stored now, for a request that finished after a sign-out or sign-in. */
	superseded: (slot: Slot) => Promise<StoredCredential>;
	/** Stores a credential and tells the listeners. */
	save: (credential: StoredCredential) => Promise<void>;
	/** Deletes the slot's tokens (their refresh token was refused) and tells the listeners. */
	deleteRefused: (slot: Slot) => Promise<void>;
}

/**
 * Refreshes an authorization-code credential. invalid_grant -> tokens deleted and the error
 * rethrown (a possible one-time transfer keeps its access token instead); network and server
 * trouble -> tokens kept, and the current access token returned while it still works (unforced).
 */
export async function refreshAuthorizationCode(ctx: RenewalContext, p: { profile: Profile; slot: Slot; current: StoredCredential; refreshToken: string; forced: boolean; generation: string; fromTeamSecret?: boolean; clientSecret?: Promise<string | undefined> }): Promise<StoredCredential> {
	const { profile, slot, current, refreshToken, forced, generation } = p;
	let clientSecret: string | undefined;
	try {
		clientSecret = await (p.clientSecret ?? ctx.readClientSecret(profile));
	} catch (error) {
		// Refreshing without a client secret that exists could be refused, and LWA's answer to
		// that is not ours to predict: keep the tokens and refresh once the store can be read.
		if (isLwaError(error, 'secret_storage_unavailable') && !forced && tokenHealth(current.expiresAt, ctx.clock.now(), 0) !== 'expired') {
			ctx.logger.warn(`Refreshing ${slotForLog(slot)} waits for the secret storage (its client secret could not be read); the current access token still works.`);
			return current;
		}
		throw error;
	}
	let tokens: TokenSet;
	try {
		tokens = await ctx.withClientSecret(profile.name, clientSecret, (secret) => ctx.tokenClient.refresh({
			tokenEndpoint: profile.endpoints.token,
			clientId: profile.clientId,
			...(secret !== undefined ? { clientSecret: secret } : {}),
			refreshToken,
		}));
	} catch (error) {
		if (isLwaError(error, 'invalid_grant')) {
			if (ctx.generationOf(slot) !== generation) {
				return ctx.superseded(slot);
			}
			if (ctx.usedUntilExpiry(profile, current)) {
				return keepAccessToken({ logger: ctx.logger, save: (kept) => ctx.save(kept) }, { slot, current, forced, refusal: error });
			}
			ctx.logger.warn(`The refresh token of ${slotForLog(slot)} was refused; its tokens have been removed. Sign in again.`);
			await ctx.deleteRefused(slot);
			throw error;
		}
		if (isTransientFailure(error)) {
			ctx.logger.warn(`Refreshing ${slotForLog(slot)} failed (${error.code}); the stored tokens are kept.`);
			if (!forced && tokenHealth(current.expiresAt, ctx.clock.now(), 0) !== 'expired') {
				// The old access token still works for a while; better than failing the caller.
				return current;
			}
		}
		throw error;
	}
	if (ctx.generationOf(slot) !== generation) {
		return ctx.superseded(slot);
	}
	const credential = credentialFrom(profile, tokens, refreshToken, slot.account);
	if (p.fromTeamSecret) {
		// A team's refresh token stays in the team's secret: this machine stores the access token only.
		delete credential.refreshToken;
	}
	await ctx.save(credential);
	ctx.logger.info(`${slotForLogStart(slot)} refreshed${p.fromTeamSecret ? ' with the team secret\'s refresh token' : ''}.`);
	return credential;
}

/** Fetches a client_credentials token: for a grantless scope's slot, of that scope alone. */
export async function fetchClientCredentials(ctx: RenewalContext, p: { profile: Profile; slot: Slot; generation: string; clientSecret?: Promise<string | undefined> }): Promise<StoredCredential> {
	const { profile, slot, generation } = p;
	const clientSecret = await (p.clientSecret ?? ctx.readClientSecret(profile));
	if (clientSecret === undefined) {
		throw new LwaError('missing_client_secret');
	}
	const tokens = await ctx.withClientSecret(profile.name, clientSecret, (secret) => ctx.tokenClient.clientCredentials({
		tokenEndpoint: profile.endpoints.token,
		clientId: profile.clientId,
		clientSecret: secret ?? clientSecret,
		// A grantless scope's slot asks for its scope alone.
		scopes: slot.account?.kind === 'scope' ? [slot.account.scope] : profile.scopes,
	}));
	if (ctx.generationOf(slot) !== generation) {
		return ctx.superseded(slot);
	}
	const credential = credentialFrom(profile, tokens, undefined, slot.account);
	await ctx.save(credential);
	ctx.logger.info(`${slotForLogStart(slot)} obtained a client credentials token.`);
	return credential;
}
