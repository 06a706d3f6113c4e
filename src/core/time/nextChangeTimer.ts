// One timer for the next moment something shown changes (a countdown's text, a warning colour), so
// the status bar and the Profiles view redraw when they must and never on a fast tick.
import type { TimerHandle, Timers } from './timers';
import { systemTimers } from './timers';

/** Longest single wait; setTimeout cannot wait longer than about 24.8 days anyway. */
export const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

/** A single timer, set for the earliest of the moments given. */
export class NextChangeTimer {
	private timer: TimerHandle | undefined;

	constructor(private readonly timers: Timers = systemTimers) {}

	/** Calls `onDue` at the earliest moment after `now` (replacing the timer set before); none when no moment is ahead. */
	schedule(moments: readonly (number | undefined)[], now: number, onDue: () => void): void {
		this.cancel();
		const ahead = moments.filter((moment): moment is number => moment !== undefined && moment > now);
		if (ahead.length === 0) {
			return;
		}
		const delay = Math.min(MAX_TIMER_MS, Math.min(...ahead) - now);
		// A few milliseconds late rather than early: the text must have changed when the timer fires.
		this.timer = this.timers.setTimeout(onDue, delay + 5);
	}

	cancel(): void {
		this.timer?.cancel();
		this.timer = undefined;
	}
}
