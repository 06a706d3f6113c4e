import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { formatRemaining, nextTextChangeAt, tokenHealth } from '../../../src/core/time/countdown';

const now = Date.UTC(2025, 0, 1);
const s = 1000;
const m = 60 * s;
const h = 60 * m;

describe('formatRemaining', () => {
	const cases: [number, string][] = [
		[59 * m + 30 * s, '59m'],
		[h, '1h 0m'],
		[h + 5 * m + 59 * s, '1h 5m'],
		[25 * h, '25h 0m'],
		[m, '1m'],
		[59 * s + 999, '59s'],
		[45 * s, '45s'],
		[999, '0s'],
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
		assert.equal(nextTextChangeAt(now + 59 * m + 30 * s, now), now + 30 * s + 1);
		assert.equal(nextTextChangeAt(now + 45 * s, now), now + 1);
		assert.equal(nextTextChangeAt(now + 500, now), now + 500);
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

describe('tokenHealth', () => {
	it('is valid, then stale within the refresh-ahead window, then expired', () => {
		assert.equal(tokenHealth(now + 121 * s, now, 120), 'valid');
		assert.equal(tokenHealth(now + 120 * s, now, 120), 'stale');
		assert.equal(tokenHealth(now + 1, now, 120), 'stale');
		assert.equal(tokenHealth(now, now, 120), 'expired');
	});
});
