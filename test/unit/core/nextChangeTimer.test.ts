import * as assert from 'node:assert/strict';
import { MAX_TIMER_MS, NextChangeTimer } from '../../../src/core/time/nextChangeTimer';
import type { Timers } from '../../../src/core/time/timers';

/** A timer the test set: its delay, whether it was cleared, and a way to fire it. */
interface FakeTimer {
	delay: number;
	cleared: boolean;
	fire(): void;
}

describe('NextChangeTimer', () => {
	let timers: FakeTimer[];
	/** Timers the test sets and fires itself, so every delay is read and nothing waits. */
	let fakeTimers: Timers;

	beforeEach(() => {
		timers = [];
		fakeTimers = {
			setTimeout: (callback, delay) => {
				const timer: FakeTimer = { delay, cleared: false, fire: () => callback() };
				timers.push(timer);
				return { cancel: () => { timer.cleared = true; } };
			},
		};
	});

	it('waits for the earliest moment ahead, 5 ms late rather than early, and calls back when it fires', () => {
		const timer = new NextChangeTimer(fakeTimers);
		let calls = 0;
		timer.schedule([10_000, 4_000, undefined, 7_000], 1_000, () => calls++);
		assert.deepEqual(timers.map((each) => each.delay), [3_005]);
		timers[0].fire();
		assert.equal(calls, 1);
	});

	it('sets no timer when every moment is past, now, or unknown', () => {
		new NextChangeTimer(fakeTimers).schedule([500, 1_000, undefined], 1_000, () => undefined);
		assert.deepEqual(timers, []);
	});

	it('never waits longer than MAX_TIMER_MS at once', () => {
		new NextChangeTimer(fakeTimers).schedule([MAX_TIMER_MS * 10], 0, () => undefined);
		assert.deepEqual(timers.map((each) => each.delay), [MAX_TIMER_MS + 5]);
	});

	it('replaces the timer set before: scheduling again clears it, as cancel() does', () => {
		const timer = new NextChangeTimer(fakeTimers);
		timer.schedule([2_000], 0, () => undefined);
		timer.schedule([3_000], 0, () => undefined);
		assert.deepEqual(timers.map((each) => [each.delay, each.cleared]), [[2_005, true], [3_005, false]]);
		timer.cancel();
		assert.equal(timers[1].cleared, true);
	});
});
