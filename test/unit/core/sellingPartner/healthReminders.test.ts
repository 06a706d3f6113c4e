// The schedule of the client secret and re-authorization warnings, on a fake clock and fake timers:
// due within the lead time, once a day at most, one timer for the next change, nothing for other APIs.
import * as assert from 'node:assert/strict';
import type { HealthRecord } from '../../../../src/core/sellingPartner/healthRecords';
import { parseHealthRecord, serializeHealthRecord } from '../../../../src/core/sellingPartner/healthRecords';
import type { HealthWarning } from '../../../../src/core/sellingPartner/healthReminders';
import { HealthReminders } from '../../../../src/core/sellingPartner/healthReminders';
import { DAY_MS } from '../../../../src/core/sellingPartner/secretHealth';
import type { Profile } from '../../../../src/core/profiles';
import type { TimerHandle, Timers } from '../../../../src/core/time/timers';
import { ManualClock, RecordingLogger } from '../support/fakes';

/** Timers on the manual clock: advance() fires what falls due, in order. */
class ManualTimers implements Timers {
	private readonly pending: { due: number; callback: () => void; cancelled: boolean }[] = [];
	constructor(private readonly clock: ManualClock) {}
	setTimeout(callback: () => void, delayMs: number): TimerHandle {
		const timer = { due: this.clock.now() + delayMs, callback, cancelled: false };
		this.pending.push(timer);
		return { cancel: () => { timer.cancelled = true; } };
	}
	get scheduled(): number { return this.pending.filter((timer) => !timer.cancelled).length; }
	advance(ms: number): void {
		const end = this.clock.now() + ms;
		for (;;) {
			const next = this.pending.filter((timer) => !timer.cancelled && timer.due <= end).sort((a, b) => a.due - b.due)[0];
			if (!next) {
				break;
			}
			next.cancelled = true;
			this.clock.time = next.due;
			next.callback();
		}
		this.clock.time = end;
	}
}

const SP = { name: 'sp', api: 'sp-api' } as Profile;
const LWA = { name: 'plain', api: 'lwa' } as Profile;

describe('HealthReminders', () => {
	let clock: ManualClock;
	let timers: ManualTimers;
	let warnings: HealthWarning[];
	let records: Record<string, HealthRecord>;
	let warnedDays: Record<string, number>;
	let scheduled: (number | undefined)[];
	let reminders: HealthReminders;

	beforeEach(() => {
		clock = new ManualClock(Date.UTC(2025, 5, 1, 12));
		timers = new ManualTimers(clock);
		warnings = [];
		records = {};
		warnedDays = {};
		scheduled = [];
		reminders = new HealthReminders({
			clock, timers, logger: new RecordingLogger(),
			profiles: () => [SP, LWA],
			read: async (profile) => records[profile] ?? { partners: {} },
			leadTimes: () => ({ secretDays: 14, reauthorizationDays: 30 }),
			warned: { get: () => warnedDays, set: async (value) => { warnedDays = value; } },
			warn: (warning) => warnings.push(warning),
			onScheduled: (at) => scheduled.push(at),
		});
	});
	afterEach(() => reminders.dispose());

	/** Lets the check a timer started finish. */
	async function settle(): Promise<void> {
		await reminders.check();
	}

	it('warns about a secret issued 175 days ago (5 days left) at once, then not again the same day, then again the next day', async () => {
		records.sp = { secret: { setAt: clock.now(), issuedAt: clock.now() - 175 * DAY_MS }, partners: {} };
		await reminders.check();
		assert.deepEqual(warnings.map((warning) => [warning.kind, warning.profile, warning.health.daysLeft]), [['secret', 'sp', 5]]);
		await reminders.check();
		assert.equal(warnings.length, 1, 'once a day at most');
		timers.advance(DAY_MS);
		await settle();
		assert.deepEqual(warnings.map((warning) => warning.health.daysLeft), [5, 4]);
	});

	it('does not warn before the lead time, and sets one timer for the moment the warning falls due', async () => {
		const issuedAt = clock.now() - 100 * DAY_MS;
		records.sp = { secret: { setAt: clock.now(), issuedAt }, partners: {} };
		await reminders.check();
		assert.equal(warnings.length, 0);
		assert.equal(timers.scheduled, 1);
		const warnFrom = issuedAt + (180 - 14) * DAY_MS;
		// Days change first: the timer follows them to the warning, never earlier than each change.
		timers.advance(warnFrom - clock.now() - 1);
		await settle();
		assert.equal(warnings.length, 0, 'nothing a moment before the lead time');
		timers.advance(1);
		await settle();
		assert.deepEqual(warnings.map((warning) => [warning.kind, warning.health.state]), [['secret', 'due_soon']]);
		assert.equal(timers.scheduled, 1, 'still one timer');
	});

	it('reminds of the 365-day re-authorization of a consent-authorized partner only, never of a self-authorized one', async () => {
		records.sp = { partners: {
			A1CONSENTED: { kind: 'consent', authorizedAt: clock.now() - 340 * DAY_MS },
			A2SELFAUTH: { kind: 'self', authorizedAt: clock.now() - 340 * DAY_MS },
		} };
		await reminders.check();
		assert.deepEqual(warnings.map((warning) => [warning.kind, warning.kind === 'reauthorization' ? warning.partnerId : '', warning.health.daysLeft]), [['reauthorization', 'A1CONSENTED', 25]]);
	});

	it('ignores profiles of other APIs (the 180-day rule is SP-API\'s) and schedules nothing without dates', async () => {
		records.plain = { secret: { setAt: clock.now() - 179 * DAY_MS }, partners: {} };
		await reminders.check();
		assert.equal(warnings.length, 0);
		assert.deepEqual(scheduled, [undefined]);
		assert.equal(timers.scheduled, 0);
	});

	it('reads a stored record leniently: bad partner ids, kinds and dates are dropped', () => {
		const record = parseHealthRecord(JSON.stringify({ v: 1, secret: { setAt: 5, issuedAt: 'x' }, partners: { 'a\nb': { kind: 'consent', authorizedAt: 1 }, A1OKSELLER: { kind: 'other', authorizedAt: 1 }, A2SELFAUTH: { kind: 'self', authorizedAt: 7 } } }));
		assert.deepEqual(record, { secret: { setAt: 5 }, partners: { A2SELFAUTH: { kind: 'self', authorizedAt: 7 } } });
		assert.deepEqual(parseHealthRecord(serializeHealthRecord(record)), record);
		assert.deepEqual(parseHealthRecord('{'), { partners: {} });
	});
});
