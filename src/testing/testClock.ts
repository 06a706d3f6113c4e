// The extension's clock and timers in ExtensionMode.Test. Time runs as the real clock does, plus an
// offset that only the tests move on (advance), so a test sees what follows an hour of a token's life
// without waiting for it: the status bar turning stale and expired, a background refresh, the
// clipboard's clearing. In production the composition passes the real clock and timers instead.
import type { Clock } from '../core/ports';
import type { TimerHandle, Timers } from '../core/time/timers';

interface PendingTimer {
	/** The moment it is due, on this clock. */
	readonly due: number;
	readonly callback: () => void;
	/** The real timer that fires it if no advance() does first. */
	real: NodeJS.Timeout | undefined;
}

/**
 * A clock that only moves forward: real time plus every advance() so far. A timer fires when its
 * moment comes, either in real time (so tests that never move the clock see the extension run as it
 * does for users) or as soon as advance() moves the clock past it, in the order they fall due.
 */
export class TestClock implements Clock, Timers {
	private offset = 0;
	private readonly pending = new Set<PendingTimer>();

	now(): number {
		return Date.now() + this.offset;
	}

	setTimeout(callback: () => void, delayMs: number): TimerHandle {
		const timer: PendingTimer = { due: this.now() + Math.max(0, delayMs), callback, real: undefined };
		this.pending.add(timer);
		this.arm(timer);
		return { cancel: () => this.remove(timer) };
	}

	/** Moves the clock on by `ms` and runs, in order, the callbacks of the timers that fall due. */
	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) {
			throw new Error(`The test clock moves forward only (asked to move by ${ms} ms).`);
		}
		this.offset += ms;
		const now = this.now();
		const due = [...this.pending].filter((timer) => timer.due <= now).sort((a, b) => a.due - b.due);
		const failures: unknown[] = [];
		for (const timer of due) {
			try {
				this.fire(timer);
			} catch (error) {
				failures.push(error);
			}
		}
		// The others are due sooner in real time now.
		for (const timer of this.pending) {
			this.arm(timer);
		}
		if (failures.length > 0) {
			throw failures[0];
		}
	}

	/**
	 * Back to real time, between tests: what one test moved on must not reach the next (a link
	 * judged expired, a token's expiry compared with the real clock). Pending timers keep their moment
	 * on this clock, so they fire later in real time, never early.
	 */
	reset(): void {
		this.offset = 0;
		for (const timer of this.pending) {
			this.arm(timer);
		}
	}

	private arm(timer: PendingTimer): void {
		clearTimeout(timer.real);
		timer.real = setTimeout(() => this.fire(timer), Math.min(2 ** 31 - 1, Math.max(0, timer.due - this.now())));
	}

	private remove(timer: PendingTimer): void {
		clearTimeout(timer.real);
		this.pending.delete(timer);
	}

	private fire(timer: PendingTimer): void {
		if (!this.pending.has(timer)) {
			return;
		}
		this.remove(timer);
		timer.callback();
	}
}
