// One secret store shared by several simulated windows, reporting each change to all of them.
import type { Disposable, SecretStore } from '../../../../src/core/ports';

/** One store shared by every window, reporting each change to all of them (as SecretStorage does). */
export class SharedSecretStore implements SecretStore {
	readonly values = new Map<string, string>();
	readonly writes: string[] = [];
	private readonly listeners = new Set<(key: string) => void>();
	/** Changes reported but not yet delivered, and who waits for none to be left. */
	private undelivered = 0;
	private readonly deliveryWaiters: (() => void)[] = [];
	failLeases = false;

	async get(key: string): Promise<string | undefined> {
		this.maybeFail(key);
		return this.values.get(key);
	}

	async store(key: string, value: string): Promise<void> {
		this.maybeFail(key);
		this.values.set(key, value);
		this.writes.push(key);
		this.notify(key);
	}

	async delete(key: string): Promise<void> {
		this.maybeFail(key);
		if (this.values.delete(key)) {
			this.notify(key);
		}
	}

	onDidChange(listener: (key: string) => void): Disposable {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	get listenerCount(): number {
		return this.listeners.size;
	}

	/**
	 * Resolves once every change reported so far has reached every listener and what the listeners
	 * started on it has finished: they only read this in-memory store, which takes promise jobs
	 * only, all run before the next turn of the event loop.
	 */
	async delivered(): Promise<void> {
		for (;;) {
			if (this.undelivered > 0) {
				await new Promise<void>((resolve) => this.deliveryWaiters.push(resolve));
			}
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (this.undelivered === 0) {
				return;
			}
		}
	}

	private notify(key: string): void {
		this.undelivered++;
		// Asynchronously, like an event that travels between windows.
		setTimeout(() => {
			try {
				for (const listener of [...this.listeners]) {
					listener(key);
				}
			} finally {
				this.undelivered--;
				if (this.undelivered === 0) {
					for (const resolve of this.deliveryWaiters.splice(0)) {
						resolve();
					}
				}
			}
		}, 1);
	}

	private maybeFail(key: string): void {
		if (this.failLeases && key.startsWith('lwa.refreshLease:')) {
			throw new Error('secret store unavailable');
		}
	}
}
