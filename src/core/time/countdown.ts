// Countdown math for the status bar: pure functions of (expiresAt, now), both epoch ms.
// Text is floored: 59m30s left shows '59m', 45.9s shows '45s'. nextTextChangeAt lets the caller
// schedule one update for the moment the text changes instead of ticking every second.

export type TokenHealth = 'valid' | 'stale' | 'expired';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 'expired', '45s' under a minute, '59m' under an hour, '1h 5m' above; always rounded down. */
export function formatRemaining(expiresAt: number, now: number): string {
	const remaining = Math.floor(expiresAt - now);
	if (remaining <= 0) {
		return 'expired';
	}
	if (remaining < MINUTE) {
		return `${Math.floor(remaining / SECOND)}s`;
	}
	const minutes = Math.floor(remaining / MINUTE);
	if (remaining < HOUR) {
		return `${minutes}m`;
	}
	return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * The epoch ms at which formatRemaining(expiresAt, ·) next shows a different text (the text at that
 * instant differs from the text 1 ms before); undefined once expired.
 */
export function nextTextChangeAt(expiresAt: number, now: number): number | undefined {
	const remaining = Math.floor(expiresAt - now);
	if (remaining <= 0) {
		return undefined;
	}
	const unit = remaining < MINUTE ? SECOND : MINUTE;
	const whole = Math.floor(remaining / unit);
	if (unit === SECOND && whole === 0) {
		// '0s' turns into 'expired' when nothing remains.
		return expiresAt;
	}
	// The text shows `whole` while remaining >= whole * unit; it changes 1 ms later.
	return expiresAt - whole * unit + 1;
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
