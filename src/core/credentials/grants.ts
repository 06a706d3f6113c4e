// What every way of getting tokens shares: the credential made of a token response, and the client
// secret read for a code exchange.
import { isLwaError } from '../lwa/errors';
import type { TokenSet } from '../lwa/tokenClient';
import type { Logger } from '../ports';
import type { Profile } from '../profiles';
import type { Account } from './accounts';
import type { StoredCredential } from './model';
import type { CredentialStore } from './store';

/**
 * The credential of a token response for the profile's slot. LWA may or may not rotate refresh
 * tokens: the old one is kept unless a new one arrives. A grantless scope's token is for its scope.
 */
export function credentialFrom(profile: Profile, tokens: TokenSet, previousRefreshToken: string | undefined, account: Account | undefined): StoredCredential {
	const credential: StoredCredential = {
		v: 1,
		profile: profile.name,
		grant: profile.grant,
		accessToken: tokens.accessToken,
		tokenType: 'bearer',
		expiresAt: tokens.expiresAt,
		obtainedAt: tokens.obtainedAt,
		scopes: tokens.scope ? tokens.scope.split(/\s+/).filter((scope) => scope !== '') : account?.kind === 'scope' ? [account.scope] : [...profile.scopes],
	};
	if (account !== undefined) {
		credential.account = account;
	}
	const refreshToken = tokens.refreshToken ?? previousRefreshToken;
	if (refreshToken !== undefined) {
		credential.refreshToken = refreshToken;
	}
	return credential;
}

/**
 * The client secret for a code exchange. An unreadable secret store does not stop the sign-in: many
 * profiles have no client secret, and the code in hand expires in minutes, so it signs in without it
 * (the tokens then come without a refresh token) and says why.
 */
export async function clientSecretForExchange(store: CredentialStore, logger: Logger, profile: string): Promise<{ clientSecret?: string; clientSecretUnreadable: boolean }> {
	try {
		const clientSecret = await store.readClientSecret(profile);
		return clientSecret === undefined ? { clientSecretUnreadable: false } : { clientSecret, clientSecretUnreadable: false };
	} catch (error) {
		if (!isLwaError(error, 'secret_storage_unavailable')) {
			throw error;
		}
		logger.warn(`The client secret of profile "${profile}" could not be read from the secret storage; signing in without it.`);
		return { clientSecretUnreadable: true };
	}
}
