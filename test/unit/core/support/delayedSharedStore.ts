// A secret store shared by windows the way desktop VS Code shares SecretStorage: each window reads
// its own copy and sees its own writes at once; every write reaches the one shared database half of
// `delayMs` later, in the order writes arrive there, and the database sends each change to every
// window (the writer too) after the other half, with a change event. So another window's write shows
// up to `delayMs` late, and once all writes have landed every window holds the last one to reach the
// database: what the refresh lease relies on, and the only thing (no compare-and-swap).
// The delays run on test time (virtualTime.ts), so they cost no real time and a busy machine cannot
// stretch them.
import type { Disposable, SecretStore } from '../../../../src/core/ports';

interface View {
	values: Map<string, string>;
	listeners: Set<(key: string) => void>;
}

export class DelayedSharedStore {
	private readonly views: View[] = [];
	/** The shared database: what a window opened now starts from. */
	private readonly database = new Map<string, string>();

	/** `after` calls back once test time has moved the given milliseconds on (VirtualTime.after). */
	constructor(readonly delayMs: number, private readonly after: (ms: number, fire: () => void) => void) {}

	/** A window's view of the store, starting from the shared database. */
	window(): SecretStore {
		const view: View = { values: new Map(this.database), listeners: new Set() };
		this.views.push(view);
		const write = (key: string, value: string | undefined): void => {
			apply(view, key, value);
			// Both set now, so that writes reach the database and the windows in the order they were made.
			this.after(this.delayMs / 2, () => setOrDelete(this.database, key, value));
			this.after(this.delayMs, () => {
				for (const each of this.views) {
					apply(each, key, value);
				}
			});
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
