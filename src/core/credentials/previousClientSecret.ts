// The old client secret during a rotation's overlap (SP-API, api-families A10). When a new client
// secret is set while the old one is still valid, the old one is kept in the secret store under
// `lwa.previousClientSecret:<profile>` as `{ v: 1, secret, until }`, the overlap's end stored with it.
// Token requests try the new secret and, on invalid_client, the old one until `until`; from then on
// the old one is deleted at the next token request (and by a sign-out that removes the client secret,
// or the removal of the profile). The 7-day overlap comes from Amazon's samples, not from the
// reference docs, so the wiring makes it a setting (lwa.sellingPartner.rotationOverlapDays) and never
// keeps the old secret past its own known expiry.
import { isLwaError } from '../lwa/errors';
import type { Clock, Logger, SecretStore } from '../ports';
import { DAY_MS } from '../sellingPartner/secretHealth';

export const PREVIOUS_CLIENT_SECRET_KEY_PREFIX = 'lwa.previousClientSecret:';

/** Secret store key of a profile's previous client secret (kept during a rotation's overlap). */
export function previousClientSecretKey(profile: string): string {
	return `${PREVIOUS_CLIENT_SECRET_KEY_PREFIX}${profile}`;
}

/** The old secret and when the overlap ends (epoch ms). */
export interface PreviousClientSecret {
	secret: string;
	until: number;
}

function parsePrevious(raw: string | undefined): PreviousClientSecret | undefined {
	if (raw === undefined) {
		return undefined;
	}
	try {
		const value = JSON.parse(raw) as Record<string, unknown>;
		if (value.v === 1 && typeof value.secret === 'string' && value.secret !== '' && typeof value.until === 'number' && Number.isFinite(value.until)) {
			return { secret: value.secret, until: value.until };
		}
	} catch {
		// Unreadable: treated as none below.
	}
	return undefined;
}

/** Reads, keeps and forgets the previous client secret of a profile. Failures are logged, never thrown. */
export class PreviousClientSecrets {
	constructor(private readonly secrets: SecretStore, private readonly clock: Clock, private readonly logger: Logger) {}

	/** The old secret while its overlap lasts; an ended or unreadable entry is deleted and undefined returned. */
	async read(profile: string): Promise<PreviousClientSecret | undefined> {
		let raw: string | undefined;
		try {
			raw = await this.secrets.get(previousClientSecretKey(profile));
		} catch {
			this.logger.debug(`The previous client secret of profile "${profile}" could not be read; only the current one is tried.`);
			return undefined;
		}
		if (raw === undefined) {
			return undefined;
		}
		const previous = parsePrevious(raw);
		if (!previous || this.clock.now() >= previous.until) {
			await this.forget(profile, previous ? 'its overlap ended' : 'unreadable');
			return undefined;
		}
		return previous;
	}

	/** Keeps `secret` as the previous one until `until`. */
	async keep(profile: string, secret: string, until: number): Promise<boolean> {
		try {
			await this.secrets.store(previousClientSecretKey(profile), JSON.stringify({ v: 1, secret, until }));
		} catch {
			this.logger.warn(`The previous client secret of profile "${profile}" could not be kept in the secret storage; only the new one is used.`);
			return false;
		}
		this.logger.info(`Kept the previous client secret of profile "${profile}" until ${new Date(until).toISOString()} (the rotation's overlap).`);
		return true;
	}

	/** Deletes the previous secret (nothing happens when there is none). */
	async forget(profile: string, why: string): Promise<void> {
		try {
			await this.secrets.delete(previousClientSecretKey(profile));
			this.logger.info(`Forgot the previous client secret of profile "${profile}" (${why}).`);
		} catch {
			this.logger.warn(`The previous client secret of profile "${profile}" could not be deleted; it is tried again at the next token request.`);
		}
	}
}

/**
 * What to keep when `next` replaces `current` as the client secret: the current one until
 * `overlapDays` from now (never past its own known expiry), unless there is none, it is the same, it
 * has expired, or the overlap is off (0 days).
 */
export function overlapToKeep(p: { current: string | undefined; next: string; currentExpiresAt?: number; overlapDays: number; now: number }): PreviousClientSecret | undefined {
	if (p.current === undefined || p.current === '' || p.current === p.next || !(p.overlapDays > 0)) {
		return undefined;
	}
	if (p.currentExpiresAt !== undefined && p.currentExpiresAt <= p.now) {
		return undefined;
	}
	const until = Math.min(p.now + Math.floor(p.overlapDays) * DAY_MS, p.currentExpiresAt ?? Number.POSITIVE_INFINITY);
	return { secret: p.current, until };
}

/**
 * Runs `attempt` with the current client secret; when the token endpoint answers invalid_client and
 * a previous secret is kept whose overlap has not ended, once more with that one. Without a current
 * secret, or without `previous`, it is the plain attempt.
 */
export async function withClientSecretFallback<T>(p: { profile: string; current: string | undefined; previous: PreviousClientSecrets | undefined; clock: Clock; logger: Logger }, attempt: (clientSecret: string | undefined) => Promise<T>): Promise<T> {
	if (p.current === undefined || p.previous === undefined) {
		return attempt(p.current);
	}
	// Read beside the request, not before it: every token request of a profile with a client secret
	// passes here, and in a browser-hosted editor each secret read is a round trip to the page. The
	// read deletes an entry whose overlap has ended even when the request needs no fallback.
	const reading = p.previous.read(p.profile);
	try {
		return await attempt(p.current);
	} catch (error) {
		if (!isLwaError(error, 'invalid_client')) {
			throw error;
		}
		const old = await reading;
		if (old === undefined || old.secret === p.current || p.clock.now() >= old.until) {
			throw error;
		}
		p.logger.warn(`The client secret of profile "${p.profile}" was refused (invalid_client); trying the previous one, kept until ${new Date(old.until).toISOString()}.`);
		return attempt(old.secret);
	}
}
