import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { clientSecretExpiry, clientSecretHealth, DAY_MS, overlapEnd, parseUserDate, reauthorizationHealth, secretsToTry } from '../../../../src/core/sellingPartner/secretHealth';
import { ManualClock } from '../support/fakes';

const JAN_1 = Date.UTC(2026, 0, 1);

describe('client secret expiry', () => {
	it('counts 180 days from Amazon\'s issue date rather than from when it was set', () => {
		assert.deepEqual(clientSecretExpiry({ setAt: JAN_1 + 30 * DAY_MS, issuedAt: JAN_1 }), { expiresAt: JAN_1 + 180 * DAY_MS, basis: 'issue_date' });
	});

	it('takes the expiry Amazon shows over the issue date, and falls back to the set date', () => {
		assert.deepEqual(clientSecretExpiry({ setAt: JAN_1, issuedAt: JAN_1, amazonExpiresAt: JAN_1 + 100 * DAY_MS }), { expiresAt: JAN_1 + 100 * DAY_MS, basis: 'amazon_expiry' });
		assert.deepEqual(clientSecretExpiry({ setAt: JAN_1 }), { expiresAt: JAN_1 + 180 * DAY_MS, basis: 'set_date' });
		assert.deepEqual(clientSecretExpiry({ setAt: JAN_1, issuedAt: Number.NaN }), { expiresAt: JAN_1 + 180 * DAY_MS, basis: 'set_date' });
	});
});

describe('clientSecretHealth', () => {
	const dates = { setAt: JAN_1, issuedAt: JAN_1 };

	it('is ok until the lead time, due soon within it, and expired at the deadline', () => {
		const clock = new ManualClock(JAN_1 + 149 * DAY_MS);
		assert.equal(clientSecretHealth(dates, clock, 30).state, 'ok');
		clock.time = JAN_1 + 150 * DAY_MS;
		assert.equal(clientSecretHealth(dates, clock, 30).state, 'due_soon');
		clock.time = JAN_1 + 180 * DAY_MS - 1;
		assert.equal(clientSecretHealth(dates, clock, 30).state, 'due_soon');
		assert.equal(clientSecretHealth(dates, clock, 30).daysLeft, 0);
		clock.time = JAN_1 + 180 * DAY_MS;
		assert.equal(clientSecretHealth(dates, clock, 30).state, 'expired');
	});

	it('says the days left and when the next change is due', () => {
		const clock = new ManualClock(JAN_1 + 10 * DAY_MS + 5);
		const health = clientSecretHealth(dates, clock, 30);
		assert.equal(health.daysLeft, 169);
		assert.equal(health.warnFrom, JAN_1 + 150 * DAY_MS);
		assert.equal(health.nextChangeAt, JAN_1 + 11 * DAY_MS + 1);
	});

	it('uses a lead time of zero for nonsense lead times', () => {
		const clock = new ManualClock(JAN_1 + 179 * DAY_MS);
		assert.equal(clientSecretHealth(dates, clock, -5).state, 'ok');
		assert.equal(clientSecretHealth(dates, clock, Number.NaN).state, 'ok');
	});

	it('always schedules the next change in the future, and daysLeft never grows as time passes (property)', () => {
		fc.assert(fc.property(fc.integer({ min: 0, max: 400 * DAY_MS }), fc.integer({ min: 1, max: 10 * DAY_MS }), fc.integer({ min: 0, max: 120 }), (offset, step, warnDays) => {
			const clock = new ManualClock(JAN_1 + offset);
			const before = clientSecretHealth(dates, clock, warnDays);
			assert.ok(before.nextChangeAt > clock.now());
			clock.advance(step);
			const after = clientSecretHealth(dates, clock, warnDays);
			assert.ok(after.daysLeft <= before.daysLeft);
			if (clock.now() < before.nextChangeAt) {
				assert.equal(after.daysLeft, before.daysLeft);
				assert.equal(after.state, before.state);
			}
		}));
	});
});

describe('rotation overlap', () => {
	it('tries the new secret, then the old one, until 7 days after the rotation; then forgets the old one', () => {
		const overlap = { rotatedAt: JAN_1 };
		const clock = new ManualClock(JAN_1 + 7 * DAY_MS - 1);
		assert.deepEqual(secretsToTry(overlap, clock), { order: ['new', 'old'], forgetOld: false, overlapEndsAt: JAN_1 + 7 * DAY_MS });
		clock.advance(1);
		assert.deepEqual(secretsToTry(overlap, clock), { order: ['new'], forgetOld: true, overlapEndsAt: JAN_1 + 7 * DAY_MS });
	});

	it('ends the overlap at the old secret\'s expiry from Amazon\'s notification when known', () => {
		assert.equal(overlapEnd({ rotatedAt: JAN_1, oldSecretExpiresAt: JAN_1 + 3 * DAY_MS }), JAN_1 + 3 * DAY_MS);
	});

	it('tries only the current secret when there is no rotation', () => {
		assert.deepEqual(secretsToTry(undefined, new ManualClock()), { order: ['new'], forgetOld: false });
	});
});

describe('reauthorizationHealth', () => {
	it('reminds ahead of the 365-day re-authorization of a consent-based token', () => {
		const clock = new ManualClock(JAN_1 + 340 * DAY_MS);
		const health = reauthorizationHealth({ kind: 'consent', authorizedAt: JAN_1 }, clock, 30);
		assert.ok(health.applies);
		assert.equal(health.state, 'due_soon');
		assert.equal(health.expiresAt, JAN_1 + 365 * DAY_MS);
		clock.time = JAN_1 + 365 * DAY_MS;
		const overdue = reauthorizationHealth({ kind: 'consent', authorizedAt: JAN_1 }, clock, 30);
		assert.ok(overdue.applies && overdue.state === 'expired');
	});

	it('makes no reminder for a self-authorized token, whose expiry is unconfirmed', () => {
		assert.deepEqual(reauthorizationHealth({ kind: 'self', authorizedAt: JAN_1 }, new ManualClock(JAN_1 + 400 * DAY_MS)), { applies: false });
	});
});

describe('parseUserDate', () => {
	const clock = new ManualClock(JAN_1);

	it('reads YYYY-MM-DD as midnight UTC and ISO timestamps with a zone', () => {
		assert.equal(parseUserDate('2025-07-08', clock, 0), Date.UTC(2025, 6, 8));
		assert.equal(parseUserDate(' 2025-07-08T10:00:00Z ', clock, 0), Date.UTC(2025, 6, 8, 10));
		assert.equal(parseUserDate('2025-07-08T10:00:00.000+02:00', clock, 0), Date.UTC(2025, 6, 8, 8));
	});

	it('refuses impossible dates, other formats, dates before 2020 and dates too far ahead', () => {
		for (const text of ['2025-02-30', '07/08/2025', '2025-07-08T10:00:00', '2019-12-31', '2026-01-02', 'tomorrow', '', 20250708]) {
			assert.equal(parseUserDate(text, clock, 0), undefined, String(text));
		}
		assert.equal(parseUserDate('2026-06-30', clock, 180), Date.UTC(2026, 5, 30));
	});
});
