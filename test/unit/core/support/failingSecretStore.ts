// A SecretStore that fails on demand, the way VS Code's SecretStorage does on Linux without a
// usable keyring (microsoft/vscode#187338): get, store and delete reject.
import type { Disposable, SecretStore } from '../../../../src/core/ports';

export type SecretOperation = 'get' | 'store' | 'delete';

export class FailingSecretStore implements SecretStore {
	readonly values = new Map<string, string>();
	/** The operations that fail now, for every key. */
	readonly failing = new Set<SecretOperation>();
	/** Which keys the `failing` operations fail for; every key unless set. */
	failsFor: (key: string) => boolean = () => true;
	/** Outcomes of the coming calls, oldest first, whatever the operation; consulted before `failing`. */
	readonly upcoming: ('fails' | 'works')[] = [];
	/** Runs inside each store() before the value lands, so a test can act while a write is in flight. */
	beforeStore: (key: string) => Promise<void> = async () => undefined;
	/** Every call as "operation key", never a value. */
	readonly calls: string[] = [];
	private readonly listeners = new Set<(key: string) => void>();

	/** Makes the given operations (all of them when none is given) fail from now on. */
	fail(...operations: SecretOperation[]): void {
		for (const operation of operations.length > 0 ? operations : ['get', 'store', 'delete'] as const) {
			this.failing.add(operation);
		}
	}

	/** The keyring works again. */
	recover(): void {
		this.failing.clear();
		this.upcoming.length = 0;
	}

	/** The calls of one operation, as keys. */
	callsOf(operation: SecretOperation): string[] {
		return this.calls.filter((call) => call.startsWith(`${operation} `)).map((call) => call.slice(operation.length + 1));
	}

	async get(key: string): Promise<string | undefined> {
		this.calls.push(`get ${key}`);
		if (this.fails('get', key)) {
			// The error text carries the stored value, so that tests see whether store error texts leak.
			throw new Error(`Cannot get password: ${key} ${this.values.get(key) ?? ''}`);
		}
		return this.values.get(key);
	}

	async store(key: string, value: string): Promise<void> {
		this.calls.push(`store ${key}`);
		if (this.fails('store', key)) {
			throw new Error(`An OS keyring couldn't be identified for storing ${key}=${value}`);
		}
		await this.beforeStore(key);
		this.values.set(key, value);
		this.notify(key);
	}

	async delete(key: string): Promise<void> {
		this.calls.push(`delete ${key}`);
		if (this.fails('delete', key)) {
			throw new Error(`Cannot delete password: ${key} ${this.values.get(key) ?? ''}`);
		}
		if (this.values.delete(key)) {
			this.notify(key);
		}
	}

	/** Reports changes after the call that made them, as SecretStorage.onDidChange does. */
	onDidChange(listener: (key: string) => void): Disposable {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	/** Tells the listeners that `key` changed, as another window's write would. */
	notify(key: string): void {
		queueMicrotask(() => {
			for (const listener of [...this.listeners]) {
				listener(key);
			}
		});
	}

	private fails(operation: SecretOperation, key: string): boolean {
		const next = this.upcoming.shift();
		return next !== undefined ? next === 'fails' : this.failing.has(operation) && this.failsFor(key);
	}
}
