// Countdown math for the status bar: pure functions of (expiresAt, now), both epoch ms.
// Minutes are the finest unit, rounded up (59m30s left shows '60m', 30s shows '1m'), on purpose: the
// text then changes exactly on whole minutes before expiry, the same instants at which a token turns
// stale (refresh-ahead is in whole minutes by default) and expires, so the status bar needs at most
// 61 updates in a token's hour and never ticks every second. nextTextChangeAt lets the caller schedule
// one update for the moment the text changes.

export type TokenHealth = 'valid' | 'stale' | 'expired';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** What is left of a token, as the status bar shows it (the VS Code layer words it: '42m', 'expired'). */
export type RemainingTime =
	| { kind: 'expired' }
	| { kind: 'minutes'; minutes: number }
	| { kind: 'hours'; hours: number; minutes: number };

/**
 * Expired, else the minutes left rounded up: 60 for a fresh LWA token, 42, 1 in the last minute; above
 * an hour, whole hours and the minutes beyond them.
 */
export function remainingTime(expiresAt: number, now: number): RemainingTime {
	const remaining = expiresAt - now;
	if (remaining <= 0) {
		return { kind: 'expired' };
	}
	const minutes = Math.ceil(remaining / MINUTE);
	if (minutes <= 60) {
		return { kind: 'minutes', minutes };
	}
	return { kind: 'hours', hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/**
 * The epoch ms at which remainingTime(expiresAt, ·) next changes (the value at that instant differs
 * from the value 1 ms before); undefined once expired.
 */
export function nextTextChangeAt(expiresAt: number, now: number): number | undefined {
	const remaining = expiresAt - now;
	if (remaining <= 0) {
		return undefined;
	}
	// The text shows `minutes` while more than (minutes - 1) whole minutes remain.
	const minutes = Math.ceil(remaining / MINUTE);
	return expiresAt - (minutes - 1) * MINUTE;
}

/** 'expired' when no time remains, 'stale' within `aheadSeconds` of expiry, else 'valid'. */
export function tokenHealth(expiresAt: number, now: number, aheadSeconds: number): TokenHealth {
	const remaining = expiresAt - now;
	if (remaining <= 0) {
		return 'expired';
	}
	if (remaining <= aheadSeconds * SECOND) {
		return 'stale';
	}
	return 'valid';
}
