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
	trace(message: string): void { this.lines.push(`trace ${message}`); }
	debug(message: string): void { this.lines.push(`debug ${message}`); }
	info(message: string): void { this.lines.push(`info ${message}`); }
	warn(message: string): void { this.lines.push(`warn ${message}`); }
	error(message: string): void { this.lines.push(`error ${message}`); }
	get text(): string { return this.lines.join('\n'); }
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
