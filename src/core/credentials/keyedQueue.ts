// Work that must not overlap per key (writes of one secret store key, updates of one index) runs one
// after the other; different keys run side by side.

/** Runs tasks one at a time per key. */
export class KeyedQueue {
	private readonly tails = new Map<string, Promise<unknown>>();

	/** Runs `work` after every earlier task of the key has settled; resolves or rejects as `work` does. */
	run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const current = previous.then(work, work);
		const settled = current.then(() => undefined, () => undefined);
		this.tails.set(key, settled);
		void settled.then(() => {
			if (this.tails.get(key) === settled) {
				this.tails.delete(key);
			}
		});
		return current;
	}
}
