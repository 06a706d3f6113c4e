// The secret store with this window's memory as its fallback (see store.ts): a change the store
// refuses is kept in memory for the session (never in a file, a setting or globalState), reads prefer
// that copy, an unreadable store is never taken for "nothing stored", the first failure of an outage
// is reported once, and a later write that succeeds writes the memory copies through and drops them.
import { LwaError } from '../lwa/errors';
import type { Disposable, Logger, SecretStore } from '../ports';
import type { Account } from './accounts';
import { KeyedQueue } from './keyedQueue';

/**
 * Where a change went: into the secret store, or (the store failed) into this window's memory,
 * where it lasts until a later write succeeds or the window closes or reloads.
 */
export type SecretChangeOutcome = 'saved' | 'kept in memory';

/** What a secret store entry holds, in the words of a message. */
export type Entry = 'tokens' | 'client secret';

/** What was asked of the secret store. */
type StoreOperation = 'read' | 'save' | 'delete';

/** A change the secret store refused, kept in memory until a later write succeeds. */
export interface UnsavedChange {
	kind: 'store' | 'delete';
	/** The text to store (kind 'store'). */
	value?: string;
	entry: Entry;
	profile: string;
	/** The account of a slot's credential, for the change event. */
	account?: Account;
}

/** The secret store's keys, read and written with this window's memory as the fallback. */
export class MemoryFallbackSecrets {
	/** Per secret store key: the change this window made that the store has not taken yet. */
	private readonly unsaved = new Map<string, UnsavedChange>();
	/**
	 * Writes of one secret store key run one after the other, so that writing an older memory copy
	 * through never lands after a newer write.
	 */
	private readonly writes = new KeyedQueue();
	private readonly unavailableListeners = new Set<(error: LwaError) => void>();
	/** Set once an outage has been reported; cleared when a write succeeds and nothing is left unsaved. */
	private outageReported = false;

	/** `onKeptInMemory` hears of each change of tokens the store refused (the store will not report it). */
	constructor(private readonly secrets: SecretStore, private readonly logger: Logger, private readonly onKeptInMemory: (change: UnsavedChange) => void) {}

	/** Calls `listener` once per outage (until a later write succeeds with nothing left unsaved). */
	onStorageUnavailable(listener: (error: LwaError) => void): Disposable {
		this.unavailableListeners.add(listener);
		return { dispose: () => this.unavailableListeners.delete(listener) };
	}

	/** Whether anything of this window lives only in memory because the store refused it. */
	hasUnsavedChanges(): boolean {
		return this.unsaved.size > 0;
	}

	/** This window's unsaved copy of the key, else the store's; rejects with 'secret_storage_unavailable'. */
	async read(key: string, entry: Entry, profile: string): Promise<string | undefined> {
		const before = this.unsaved.get(key);
		if (before) {
			return before.value;
		}
		let stored: string | undefined;
		try {
			stored = await this.secrets.get(key);
		} catch (cause) {
			const unsavedMeanwhile = this.unsaved.get(key);
			if (unsavedMeanwhile) {
				return unsavedMeanwhile.value;
			}
			throw this.unavailable('read', entry, profile, cause);
		}
		// A write the store refused while this read ran is newer than what the store returned.
		return this.unsaved.has(key) ? this.unsaved.get(key)?.value : stored;
	}

	/**
	 * Applies a change to the store. When the store refuses it, the change is kept in memory, the
	 * outage reported, and listeners told (the store will not tell them). When it succeeds, changes
	 * kept earlier are written through.
	 */
	async change(key: string, change: UnsavedChange): Promise<SecretChangeOutcome> {
		const outcome = await this.oneAtATime(key, async (): Promise<SecretChangeOutcome> => {
			try {
				await this.apply(key, change);
			} catch (cause) {
				this.unsaved.set(key, change);
				this.reportOutage(this.unavailable(change.kind === 'store' ? 'save' : 'delete', change.entry, change.profile, cause));
				return 'kept in memory';
			}
			this.unsaved.delete(key);
			return 'saved';
		});
		if (outcome === 'saved') {
			await this.writeUnsavedChanges();
		} else if (change.entry === 'tokens') {
			this.onKeptInMemory(change);
		}
		return outcome;
	}

	/** The store works again: writes each change kept in memory, stopping at the first failure. */
	private async writeUnsavedChanges(): Promise<void> {
		for (const [key, change] of [...this.unsaved]) {
			const written = await this.oneAtATime(key, async () => {
				if (this.unsaved.get(key) !== change) {
					// Replaced by a newer change meanwhile; that one is written at the next success.
					return true;
				}
				try {
					await this.apply(key, change);
				} catch {
					return false;
				}
				this.unsaved.delete(key);
				this.logger.info(change.kind === 'store'
					? `Saved the ${change.entry} of profile "${change.profile}", kept in memory until now: the secret storage works again.`
					: `Deleted the ${change.entry} of profile "${change.profile}" from the secret storage, as this window did earlier: it works again.`);
				return true;
			});
			if (!written) {
				this.logger.debug('The secret storage refused a change kept in memory; trying again at the next successful write.');
				return;
			}
		}
		if (this.unsaved.size === 0 && this.outageReported) {
			this.outageReported = false;
			this.logger.info('The secret storage works again; nothing is kept in memory only.');
		}
	}

	private async apply(key: string, change: UnsavedChange): Promise<void> {
		if (change.kind === 'store') {
			await this.secrets.store(key, change.value as string);
		} else {
			await this.secrets.delete(key);
		}
	}

	/** Deletes a corrupt entry, unless a change of this window has replaced it meanwhile. */
	async deleteCorrupt(key: string, raw: string, profile: string): Promise<void> {
		await this.oneAtATime(key, async () => {
			try {
				if (!this.unsaved.has(key) && await this.secrets.get(key) === raw) {
					await this.secrets.delete(key);
				}
			} catch {
				this.logger.error(`Could not remove the unusable credential of profile "${profile}".`);
			}
		});
	}

	/** Runs `work` after every earlier write of the key has finished. */
	private oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
		return this.writes.run(key, work);
	}

	/**
	 * The error for a failed store operation. It says what failed and what is kept where; never the
	 * store's own error text, which is not ours to vouch for (the log gets the error's name only).
	 */
	private unavailable(operation: StoreOperation, entry: Entry, profile: string, cause: unknown): LwaError {
		const level = this.outageReported ? 'debug' : 'error';
		this.logger[level](`The secret storage refused to ${operation} the ${entry} of profile "${profile}" (${cause instanceof Error ? cause.name : typeof cause}).`);
		return new LwaError('secret_storage_unavailable', { facts: { operation, entry: entry === 'tokens' ? 'tokens' : 'client_secret', profile }, cause });
	}

	/** Tells the outage listeners about the first failure of an outage. */
	reportOutage(error: LwaError): void {
		if (this.outageReported) {
			return;
		}
		this.outageReported = true;
		for (const listener of [...this.unavailableListeners]) {
			try {
				listener(error);
			} catch {
				this.logger.error('A secret storage outage listener failed.');
			}
		}
	}
}
