// Fakes for the core's ports. They record what happened so tests can assert on it.
import type { Clock, Logger, SecretStore } from '../../../../src/core/ports';

export class MemorySecretStore implements SecretStore {
	readonly values = new Map<string, string>();
	failGet = false;

	async get(key: string): Promise<string | undefined> {
		if (this.failGet) {
			throw new Error('secret store unavailable');
		}
		return this.values.get(key);
	}

	async store(key: string, value: string): Promise<void> {
		this.values.set(key, value);
	}

	async delete(key: string): Promise<void> {
		this.values.delete(key);
	}
}

export class RecordingLogger implements Logger {
	readonly lines: string[] = [];
	private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
	trace(message: string): void { this.record(`trace ${message}`); }
	debug(message: string): void { this.record(`debug ${message}`); }
	info(message: string): void { this.record(`info ${message}`); }
	warn(message: string): void { this.record(`warn ${message}`); }
	error(message: string): void { this.record(`error ${message}`); }
	get text(): string { return this.lines.join('\n'); }

	/** Resolves with the first line matching `pattern`, logged already or when it is logged. */
	firstLine(pattern: RegExp): Promise<string> {
		const logged = this.lines.find((line) => pattern.test(line));
		return logged !== undefined ? Promise.resolve(logged) : new Promise((resolve) => this.waiters.push({ pattern, resolve }));
	}

	private record(line: string): void {
		this.lines.push(line);
		for (const waiter of [...this.waiters]) {
			if (waiter.pattern.test(line)) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve(line);
			}
		}
	}
}

export class ManualClock implements Clock {
	constructor(public time: number = Date.UTC(2025, 0, 1)) {}
	now(): number { return this.time; }
	advance(ms: number): void { this.time += ms; }
}

/** A sleep that records the requested delays and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
	const delays: number[] = [];
	return { delays, sleep: async (ms: number) => { delays.push(ms); } };
}
