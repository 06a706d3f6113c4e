// Test time that moves only when nothing else can happen. Timers set through it fire in order of
// their due time (and of being set, for equal times), each once everything it could wait for has
// run: promise jobs, and the real input and output handed to `track` (requests to the emulator).
// So a test of windows that race each other runs the same way on a busy machine as on an idle one,
// takes no real time for its delays, and a claim such as "these two never renew at once" rests on
// the one order the model gives each chosen set of moments (ties go in the order they were set, so
// tests step their offsets by half a ms as well), not on how long a real wait lasted. One run() at a
// time: two would fire timers without waiting for each other's effects.
import type { Clock } from '../../../../src/core/ports';

interface Timer {
	at: number;
	order: number;
	fire: () => void;
}

export class VirtualTime implements Clock {
	private time: number;
	private timers: Timer[] = [];
	private timersSet = 0;
	private readonly io = new Set<Promise<unknown>>();

	constructor(start = Date.UTC(2025, 0, 1)) {
		this.time = start;
	}

	now(): number {
		return this.time;
	}

	/** Calls `fire` once test time has moved `ms` on. */
	readonly after = (ms: number, fire: () => void): void => {
		this.timers.push({ at: this.time + Math.max(0, ms), order: this.timersSet++, fire });
	};

	/** A sleep in test time, for the code under test (RefreshLeases' `sleep`). */
	readonly sleep = (ms: number): Promise<void> => new Promise((resolve) => this.after(ms, resolve));

	/** Real input and output that test time waits for before it moves on (it never fails the run). */
	track<T>(work: Promise<T>): Promise<T> {
		const settled = work.then(() => undefined, () => undefined);
		this.io.add(settled);
		void settled.then(() => this.io.delete(settled));
		return work;
	}

	/**
	 * Runs timers until `work` has settled, and returns its outcome. Rejects when `work` can no longer
	 * settle: nothing is left to run and no timer is set.
	 */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		work.then(() => { settled = true; }, () => { settled = true; });
		for (;;) {
			await this.idle();
			if (settled) {
				return work;
			}
			const next = this.nextTimer();
			if (next === undefined) {
				throw new Error('the work waits for something that never comes: no timer is set and nothing else runs');
			}
			this.time = next.at;
			next.fire();
		}
	}

	/** Resolves once every promise job has run and no tracked input or output is pending. */
	private async idle(): Promise<void> {
		do {
			if (this.io.size > 0) {
				await Promise.all([...this.io]);
			}
			// Promise jobs all run before the next turn of the event loop.
			await new Promise<void>((resolve) => setImmediate(resolve));
		} while (this.io.size > 0);
	}

	private nextTimer(): Timer | undefined {
		let next: Timer | undefined;
		for (const timer of this.timers) {
			if (next === undefined || timer.at < next.at || (timer.at === next.at && timer.order < next.order)) {
				next = timer;
			}
		}
		if (next !== undefined) {
			this.timers.splice(this.timers.indexOf(next), 1);
		}
		return next;
	}
}
