// What the credential service (service.ts) does for SP-API profiles only: self-authorization (a
// refresh token the user pasted from Seller Central or Vendor Central, checked with one refresh) and
// what follows a selling partner's tokens being stored (the partner becomes the active account, and
// its authorization is reported for the re-authorization reminder).
import { isLwaError, LwaError } from '../lwa/errors';
import type { TokenSet } from '../lwa/tokenClient';
import type { Profile } from '../profiles';
import type { Account, Slot } from './accounts';
import { slotForLog } from './accounts';
import type { RenewalContext } from './renewals';
import type { CredentialStore } from './store';

/**
 * SP-API self-authorization: checks a refresh token the user pasted with one refresh and returns the
 * tokens; the caller stores them. A refused token rejects with invalid_grant (reason
 * 'pasted_refresh_token'), or the token endpoint's other error.
 */
export async function checkPastedRefreshToken(ctx: RenewalContext, p: { profile: Profile; slot: Slot; refreshToken: string }): Promise<TokenSet> {
	const { profile, slot } = p;
	const clientSecret = await ctx.readClientSecret(profile);
	try {
		return await ctx.withClientSecret(profile.name, clientSecret, (secret) => ctx.tokenClient.refresh({
			tokenEndpoint: profile.endpoints.token,
			clientId: profile.clientId,
			...(secret !== undefined ? { clientSecret: secret } : {}),
			refreshToken: p.refreshToken,
		}));
	} catch (error) {
		if (isLwaError(error, 'invalid_grant')) {
			ctx.logger.warn(`The refresh token pasted for ${slotForLog(slot)} was refused; nothing was stored.`);
			throw new LwaError('invalid_grant', { reason: 'pasted_refresh_token', ...(error.status !== undefined ? { status: error.status } : {}), cause: error });
		}
		throw error;
	}
}

/**
 * After a sign-in's or pasted refresh token's tokens were stored for an account of an SP-API profile:
 * that account becomes the active one, and a selling partner's authorization (consent for a code
 * exchange, self-authorization for a pasted refresh token) is reported.
 */
export async function noteNewAccount(p: { store: CredentialStore; onPartnerAuthorized: ((profile: string, partnerId: string, kind: 'consent' | 'self') => Promise<void>) | undefined; profile: string; account: Account; pasted: boolean }): Promise<void> {
	await p.store.setActiveAccount(p.profile, p.account);
	if (p.account.kind === 'partner') {
		await p.onPartnerAuthorized?.(p.profile, p.account.id, p.pasted ? 'self' : 'consent');
	}
}
