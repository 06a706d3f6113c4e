import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { RemainingTime } from '../../../src/core/time/countdown';
import { nextTextChangeAt, remainingTime, tokenHealth } from '../../../src/core/time/countdown';

/** The status bar's English text for a remaining time (the VS Code layer words it the same way). */
function formatRemaining(expiresAt: number, at: number): string {
	const left: RemainingTime = remainingTime(expiresAt, at);
	return left.kind === 'expired' ? 'expired' : left.kind === 'minutes' ? `${left.minutes}m` : `${left.hours}h ${left.minutes}m`;
}

const now = Date.UTC(2025, 0, 1);
const s = 1000;
const m = 60 * s;
const h = 60 * m;

describe('remainingTime', () => {
	const cases: [number, string][] = [
		[h, '60m'],
		[59 * m + 30 * s, '60m'],
		[59 * m, '59m'],
		[42 * m, '42m'],
		[h + 1, '1h 1m'],
		[h + 5 * m, '1h 5m'],
		[25 * h, '25h 0m'],
		[m + 1, '2m'],
		[m, '1m'],
		[45 * s, '1m'],
		[1, '1m'],
		[0, 'expired'],
		[-5 * s, 'expired'],
	];
	for (const [remaining, text] of cases) {
		it(`shows ${text} for ${remaining} ms remaining`, () => {
			assert.equal(formatRemaining(now + remaining, now), text);
		});
	}
});

describe('nextTextChangeAt', () => {
	it('gives the exact instant the text changes', () => {
		assert.equal(nextTextChangeAt(now + 59 * m + 30 * s, now), now + 30 * s);
		assert.equal(nextTextChangeAt(now + h, now), now + m);
		assert.equal(nextTextChangeAt(now + m + 45 * s, now), now + 45 * s);
		assert.equal(nextTextChangeAt(now + 45 * s, now), now + 45 * s);
		assert.equal(nextTextChangeAt(now, now), undefined);
	});

	it('is consistent with formatRemaining: the text changes at that instant and not before', () => {
		fc.assert(fc.property(fc.integer({ min: 1, max: 30 * h }), fc.integer({ min: 0, max: 10_000 }), (remaining, probe) => {
			const expiresAt = now + remaining;
			const next = nextTextChangeAt(expiresAt, now);
			assert.ok(next !== undefined && next > now);
			const text = formatRemaining(expiresAt, now);
			assert.equal(formatRemaining(expiresAt, next - 1), text);
			assert.notEqual(formatRemaining(expiresAt, next), text);
			const between = now + (probe % (next - now));
			assert.equal(formatRemaining(expiresAt, between), text);
		}), { numRuns: 2000 });
	});
});

describe('updates in the life of a token', () => {
	it('shows 61 texts in a fresh token\'s hour, one per whole minute, and turns stale on one of those instants', () => {
		const expiresAt = now + h;
		const moments: number[] = [];
		for (let moment: number | undefined = now; moment !== undefined; moment = nextTextChangeAt(expiresAt, moment)) {
			moments.push(moment);
		}
		// The first render, then 59 minute changes and the change to 'expired'.
		assert.equal(moments.length, 61);
		assert.ok(moments.every((moment) => (expiresAt - moment) % m === 0), 'every change is on a whole minute before expiry');
		const staleAt = moments.find((moment) => tokenHealth(expiresAt, moment, 120) === 'stale');
		assert.equal(staleAt, expiresAt - 2 * m, 'the colour changes with the text, not on an update of its own');
	});
});

describe('tokenHealth', () => {
	it('is valid, then stale within the refresh-ahead window, then expired', () => {
		assert.equal(tokenHealth(now + 121 * s, now, 120), 'valid');
		assert.equal(tokenHealth(now + 120 * s, now, 120), 'stale');
		assert.equal(tokenHealth(now + 1, now, 120), 'stale');
		assert.equal(tokenHealth(now, now, 120), 'expired');
	});
});
