// Client secret health for SP-API apps, as pure date math over the injected Clock:
// - a client secret must be rotated every 180 days, counted from Amazon's issue date (or the expiry
//   Amazon shows), not from when it was pasted; the date it was set is only the fallback;
// - during a rotation the old secret stays valid for 7 days (Amazon's sample code; the rotation
//   notification's oldClientSecretExpiryTime wins when known): try the new one, fall back to the old
//   one until the overlap ends, then forget the old one;
// - consent-based authorizations of public apps must be renewed every 365 days. The expiry of
//   self-authorized refresh tokens is UNCONFIRMED, so no reminder is made for them.
import type { Clock } from '../ports';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const CLIENT_SECRET_LIFETIME_DAYS = 180;
export const ROTATION_OVERLAP_DAYS = 7;
export const REAUTHORIZATION_DAYS = 365;
/** Default warning lead times (the wiring reads a setting). Amazon itself writes 90 days ahead. */
export const DEFAULT_SECRET_WARN_DAYS = 30;
export const DEFAULT_REAUTHORIZATION_WARN_DAYS = 30;

/** What is known of a client secret's dates (epoch ms). */
export interface ClientSecretDates {
	/** When the secret was stored in the extension. */
	setAt: number;
	/** Amazon's issue date of the secret, when the user gave it. */
	issuedAt?: number;
	/** The expiry Amazon shows, when the user gave it (wins over issuedAt). */
	amazonExpiresAt?: number;
}

export type ExpiryBasis = 'amazon_expiry' | 'issue_date' | 'set_date';

export type HealthState = 'ok' | 'due_soon' | 'expired';

export interface SecretHealth {
	state: HealthState;
	basis: ExpiryBasis;
	expiresAt: number;
	/** From this moment on the state is 'due_soon'. */
	warnFrom: number;
	/** Whole days left, rounded down; negative once expired. */
	daysLeft: number;
	/** The next moment `state` or `daysLeft` changes, for one timer instead of a tick. */
	nextChangeAt: number;
}

/** The secret's expiry and what it is based on. */
export function clientSecretExpiry(dates: ClientSecretDates): { expiresAt: number; basis: ExpiryBasis } {
	if (isTime(dates.amazonExpiresAt)) {
		return { expiresAt: dates.amazonExpiresAt, basis: 'amazon_expiry' };
	}
	if (isTime(dates.issuedAt)) {
		return { expiresAt: dates.issuedAt + CLIENT_SECRET_LIFETIME_DAYS * DAY_MS, basis: 'issue_date' };
	}
	return { expiresAt: dates.setAt + CLIENT_SECRET_LIFETIME_DAYS * DAY_MS, basis: 'set_date' };
}

/** The health of a client secret now; `warnDays` before the expiry it is 'due_soon'. */
export function clientSecretHealth(dates: ClientSecretDates, clock: Clock, warnDays: number = DEFAULT_SECRET_WARN_DAYS): SecretHealth {
	const { expiresAt, basis } = clientSecretExpiry(dates);
	return { ...deadlineHealth(expiresAt, clock.now(), warnDays), basis };
}

function deadlineHealth(deadline: number, now: number, warnDays: number): Omit<SecretHealth, 'basis'> {
	const lead = Number.isFinite(warnDays) && warnDays > 0 ? Math.floor(warnDays) * DAY_MS : 0;
	const warnFrom = deadline - lead;
	const state: HealthState = now >= deadline ? 'expired' : now >= warnFrom ? 'due_soon' : 'ok';
	const daysLeft = Math.floor((deadline - now) / DAY_MS);
	// daysLeft drops when (deadline - now) crosses the next multiple of a day below it.
	const nextDayChange = deadline - daysLeft * DAY_MS + 1;
	const candidates = [nextDayChange, warnFrom, deadline].filter((moment) => moment > now);
	return { state, expiresAt: deadline, warnFrom, daysLeft, nextChangeAt: Math.min(...candidates) };
}

// ---- rotation overlap ------------------------------------------------------------------------------

export interface RotationOverlap {
	/** When the new secret was stored (or Amazon's rotation event time). */
	rotatedAt: number;
	/** The old secret's expiry from Amazon's notification (oldClientSecretExpiryTime), when known. */
	oldSecretExpiresAt?: number;
}

/** When the old secret stops working: Amazon's stated expiry, else 7 days after the rotation. */
export function overlapEnd(overlap: RotationOverlap): number {
	return isTime(overlap.oldSecretExpiresAt) ? overlap.oldSecretExpiresAt : overlap.rotatedAt + ROTATION_OVERLAP_DAYS * DAY_MS;
}

/**
 * Which secrets to try, in order: the new one, then (until the overlap ends) the old one. Once it has
 * ended, `forgetOld` says the stored old secret should be deleted. Without an overlap: the new one only.
 */
export function secretsToTry(overlap: RotationOverlap | undefined, clock: Clock): { order: ('new' | 'old')[]; forgetOld: boolean; overlapEndsAt?: number } {
	if (overlap === undefined) {
		return { order: ['new'], forgetOld: false };
	}
	const endsAt = overlapEnd(overlap);
	return clock.now() < endsAt ? { order: ['new', 'old'], forgetOld: false, overlapEndsAt: endsAt } : { order: ['new'], forgetOld: true, overlapEndsAt: endsAt };
}

// ---- re-authorization ------------------------------------------------------------------------------

/** How a selling partner's refresh token came: the consent flow, or self-authorization in Seller/Vendor Central. */
export type AuthorizationKind = 'consent' | 'self';

export type ReauthorizationHealth = ({ applies: true } & Omit<SecretHealth, 'basis'>) | { applies: false };

/** The reminder for the 365-day re-authorization of a consent-based authorization; none for self-authorization. */
export function reauthorizationHealth(authorization: { kind: AuthorizationKind; authorizedAt: number }, clock: Clock, warnDays: number = DEFAULT_REAUTHORIZATION_WARN_DAYS): ReauthorizationHealth {
	if (authorization.kind !== 'consent' || !isTime(authorization.authorizedAt)) {
		return { applies: false };
	}
	return { applies: true, ...deadlineHealth(authorization.authorizedAt + REAUTHORIZATION_DAYS * DAY_MS, clock.now(), warnDays) };
}

// ---- dates the user types --------------------------------------------------------------------------

/**
 * A date the user typed (Amazon's issue date or expiry): YYYY-MM-DD (midnight UTC) or an ISO 8601
 * timestamp with a zone. Undefined for anything else, for impossible dates, before 2020, or more than
 * `maxDaysAhead` days after now (an issue date lies in the past; an expiry within 180 days ahead).
 */
export function parseUserDate(text: unknown, clock: Clock, maxDaysAhead: number): number | undefined {
	if (typeof text !== 'string' || text.length > 40) {
		return undefined;
	}
	const trimmed = text.trim();
	const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
	let time: number;
	if (dateOnly) {
		const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
		time = Date.UTC(year, month - 1, day);
		const check = new Date(time);
		if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
			return undefined;
		}
	} else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
		time = Date.parse(trimmed);
	} else {
		return undefined;
	}
	if (!Number.isFinite(time) || time < Date.UTC(2020, 0, 1) || time > clock.now() + maxDaysAhead * DAY_MS) {
		return undefined;
	}
	return time;
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}
