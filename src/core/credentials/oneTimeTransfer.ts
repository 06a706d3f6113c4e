// Amazon Data Portability's "one time transfer" authorization (api-families.md C, lwa-facts.md 5):
// "you can generate an access token only once" (confirmed, call-create.html), so that token must be
// used within its hour. Whether LWA still returns a refresh token for such a grant, and what a refresh
// then answers, is UNCONFIRMED. The safe behaviour, on by default and switched off by the
// lwa.dataPortability.assumeOneTimeTransfer setting: a profile that asks for (or was granted) a
// portability:: scope may be a one-time transfer, so its access token is used until it expires
// (never renewed ahead of time, never in the background), and a refused refresh keeps the access token
// while it is still valid (only the refused refresh token is dropped). A profile signed in without a
// refresh token (no client secret) needs nothing more: it is never refreshed, and never deleted for it.
import { portabilityScopes } from '../dataPortability';
import { LwaError } from '../lwa/errors';
import type { Logger } from '../ports';
import type { Profile } from '../profiles';
import type { Slot } from './accounts';
import { slotForLog } from './accounts';
import type { StoredCredential } from './model';

/**
 * Whether the profile's token may come from a one-time Data Portability transfer: `assume` (the
 * setting) is on, the profile signs in with a code, and it asks for or holds a portability:: scope.
 */
export function mayBeOneTimeTransfer(profile: Profile, credential: StoredCredential | undefined, assume: boolean): boolean {
	if (!assume || profile.grant !== 'authorization_code') {
		return false;
	}
	return portabilityScopes([...profile.scopes, ...(credential?.scopes ?? [])]).length > 0;
}

/** The credential without its refresh token (after LWA refused that token), the access token kept. */
export function withoutRefreshToken(credential: StoredCredential): StoredCredential {
	const kept: StoredCredential = { ...credential };
	delete kept.refreshToken;
	return kept;
}

/**
 * LWA refused the refresh token of a possible one-time transfer whose access token still works: that
 * token stays (it may be the only one this authorization gives) and the refused refresh token goes. A
 * forced refresh says so (invalid_grant, reason access_token_kept, facts.expiresAt); a caller that only
 * wanted a valid token gets the kept one.
 */
export async function keepAccessToken(
	deps: { logger: Logger; save: (credential: StoredCredential) => Promise<void> },
	p: { slot: Slot; current: StoredCredential; forced: boolean; refusal: LwaError },
): Promise<StoredCredential> {
	deps.logger.warn(`The refresh token of ${slotForLog(p.slot)} was refused; its access token still works until it expires and was kept (a Data Portability one-time transfer may issue only one).`);
	const kept = withoutRefreshToken(p.current);
	await deps.save(kept);
	if (!p.forced) {
		return kept;
	}
	throw new LwaError('invalid_grant', { reason: 'access_token_kept', facts: { expiresAt: kept.expiresAt }, ...(p.refusal.status !== undefined ? { status: p.refusal.status } : {}), cause: p.refusal });
}
