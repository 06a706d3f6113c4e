// Timers behind a port, beside the Clock: what waits for a moment (the status bar's next text change,
// a background refresh, the clipboard's clearing) asks these, so that tests move time on instead of
// waiting for it. Production passes systemTimers.

/** A timer that was set; cancel() is harmless after it fired. */
export interface TimerHandle {
	cancel(): void;
}

/** Sets one-shot timers measured against the Clock that goes with them. */
export interface Timers {
	/** Calls `callback` once, `delayMs` from now. */
	setTimeout(callback: () => void, delayMs: number): TimerHandle;
}

/** The real timers (the global setTimeout, looked up at each call). */
export const systemTimers: Timers = {
	setTimeout: (callback, delayMs) => {
		const timer = setTimeout(callback, delayMs);
		return { cancel: () => clearTimeout(timer) };
	},
};
