// The access tokens this window wrote into a document or copied, remembered only as keyed hashes:
// HMAC-SHA-256 under a random key made per window and kept in memory, so that a CodeLens can tell a
// token line the extension wrote from any other without keeping the token, and without sending an
// unknown token anywhere (a stranger's token is never looked up, only hashed here). The hashes are
// useless without the key, which never leaves this window's memory.
import { createHmac, randomBytes } from 'node:crypto';
import type { Account } from '../credentials/accounts';

/** What is known about a token this window handed out. */
export interface IssuedToken {
	profile: string;
	account?: Account;
	/** Epoch ms. */
	expiresAt: number;
}

/** At most this many tokens are remembered; the oldest are forgotten first. */
export const MAX_ISSUED_TOKENS = 1000;

export class IssuedTokens {
	private readonly key = randomBytes(32);
	private readonly known = new Map<string, IssuedToken>();

	private digest(token: string): string {
		return createHmac('sha256', this.key).update(token, 'utf8').digest('base64');
	}

	/** Remembers that `token` was handed out for the profile (and account). */
	remember(token: string, issued: IssuedToken): void {
		const digest = this.digest(token);
		this.known.delete(digest);
		this.known.set(digest, { profile: issued.profile, expiresAt: issued.expiresAt, ...(issued.account ? { account: issued.account } : {}) });
		while (this.known.size > MAX_ISSUED_TOKENS) {
			const oldest = this.known.keys().next().value;
			if (oldest === undefined) {
				break;
			}
			this.known.delete(oldest);
		}
	}

	/** What is known about `token`, or undefined for a token this window did not hand out. */
	lookup(token: string): IssuedToken | undefined {
		return this.known.get(this.digest(token));
	}
}
