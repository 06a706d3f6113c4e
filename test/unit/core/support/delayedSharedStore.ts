// A secret store shared by windows the way desktop VS Code shares SecretStorage: each window reads
// its own copy and sees its own writes at once; every write reaches the one shared database half of
// `delayMs` later, in the order writes arrive there, and the database sends each change to every
// window (the writer too) after the other half, with a change event. So another window's write shows
// up to `delayMs` late, and once all writes have landed every window holds the last one to reach the
// database: what the refresh lease relies on, and the only thing (no compare-and-swap).
import type { Disposable, SecretStore } from '../../../../src/core/ports';

interface View {
	values: Map<string, string>;
	listeners: Set<(key: string) => void>;
}

export class DelayedSharedStore {
	private readonly views: View[] = [];
	/** The shared database: what a window opened now starts from. */
	private readonly database = new Map<string, string>();

	constructor(readonly delayMs: number) {}

	/** A window's view of the store, starting from the shared database. */
	window(): SecretStore {
		const view: View = { values: new Map(this.database), listeners: new Set() };
		this.views.push(view);
		const write = (key: string, value: string | undefined): void => {
			apply(view, key, value);
			// Both set now (not one from the other), so that a late event loop still delivers writes
			// in the order they were made, and never later than a timer set after them for longer.
			setTimeout(() => setOrDelete(this.database, key, value), this.delayMs / 2);
			setTimeout(() => {
				for (const each of this.views) {
					apply(each, key, value);
				}
			}, this.delayMs);
		};
		return {
			get: async (key) => view.values.get(key),
			store: async (key, value) => write(key, value),
			delete: async (key) => write(key, undefined),
			onDidChange: (listener): Disposable => {
				view.listeners.add(listener);
				return { dispose: () => view.listeners.delete(listener) };
			},
		};
	}
}

function setOrDelete(map: Map<string, string>, key: string, value: string | undefined): void {
	if (value === undefined) {
		map.delete(key);
	} else {
		map.set(key, value);
	}
}

function apply(view: View, key: string, value: string | undefined): void {
	if (view.values.get(key) === value) {
		return;
	}
	setOrDelete(view.values, key, value);
	for (const listener of [...view.listeners]) {
		listener(key);
	}
}
