// Credentials and client secrets in the SecretStore port. A corrupt entry is deleted and the event
// logged (never the value); reading never crashes the caller.
//
// The secret store itself can fail: on Linux without a usable keyring VS Code's SecretStorage
// rejects reads and writes ("Cannot get password", "OS keyring couldn't be identified"). Then a
// change that could not be written is kept in this window's memory for the session (never in a
// file, a setting or globalState), reads fall back to that copy, and an unreadable store is never
// taken for "nothing stored", so nothing is deleted because of it. The first failure of an outage is
// reported once, with what failed and how to fix it. A later write that succeeds writes the memory
// copies through and drops them.
import { isLwaError, LwaError } from '../lwa/errors';
import type { Disposable, Logger, SecretStore } from '../ports';
import type { StoredCredential } from './model';
import { CredentialFormatError, parseCredential, serializeCredential } from './model';

const CREDENTIAL_KEY_PREFIX = 'lwa.credential:';

/** Secret store key of a profile's credential. */
export function credentialKey(profile: string): string {
	return `${CREDENTIAL_KEY_PREFIX}${profile}`;
}

/** Secret store key of a profile's client secret. */
export function clientSecretKey(profile: string): string {
	return `lwa.clientSecret:${profile}`;
}

/**
 * Where a change went: into the secret store, or (the store failed) into this window's memory,
 * where it lasts until a later write succeeds or the window closes or reloads.
 */
export type SecretChangeOutcome = 'saved' | 'kept in memory';

/** What a secret store entry holds, in the words of a message. */
type Entry = 'tokens' | 'client secret';

/** What was asked of the secret store. */
type StoreOperation = 'read' | 'save' | 'delete';

/** A change the secret store refused, kept in memory until a later write succeeds. */
interface UnsavedChange {
	kind: 'store' | 'delete';
	/** The text to store (kind 'store'). */
	value?: string;
	entry: Entry;
	profile: string;
}

export class CredentialStore {
	/** Per secret store key: the change this window made that the store has not taken yet. */
	private readonly unsaved = new Map<string, UnsavedChange>();
	/**
	 * Per secret store key, the last write or delete in progress: writes of one key run one after
	 * the other, so that writing an older memory copy through never lands after a newer write.
	 */
	private readonly writesInProgress = new Map<string, Promise<unknown>>();
	private readonly credentialListeners = new Set<(profile: string) => void>();
	private readonly unavailableListeners = new Set<(error: LwaError) => void>();
	/** Set once an outage has been reported; cleared when a write succeeds and nothing is left unsaved. */
	private outageReported = false;

	constructor(private readonly secrets: SecretStore, private readonly logger: Logger) {}

	/**
	 * The profile's credential, for display: undefined when there is none, when it was corrupt (then
	 * it is deleted and logged), or when the secret store cannot be read (then nothing is deleted and
	 * the outage is reported). Anything that acts on the answer uses readCredential instead.
	 */
	async getCredential(profile: string): Promise<StoredCredential | undefined> {
		try {
			return await this.readCredential(profile);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			this.reportOutage(error);
			return undefined;
		}
	}

	/**
	 * The profile's credential: this window's unsaved copy when there is one, else the stored one;
	 * undefined when there is none or it was corrupt (deleted and logged). Rejects with
	 * LwaError('secret_storage_unavailable') when the store cannot be read, so that a failed read is
	 * never taken for "signed out".
	 */
	async readCredential(profile: string): Promise<StoredCredential | undefined> {
		const key = credentialKey(profile);
		const raw = await this.read(key, 'tokens', profile);
		if (raw === undefined) {
			return undefined;
		}
		try {
			const credential = parseCredential(raw);
			if (credential.profile !== profile) {
				throw new CredentialFormatError('stored under another profile name');
			}
			return credential;
		} catch (error) {
			const reason = error instanceof CredentialFormatError ? error.message : 'unreadable';
			this.logger.warn(`The stored credential of profile "${profile}" was unusable (${reason}) and has been removed; sign in again.`);
			await this.deleteCorrupt(key, raw, profile);
			return undefined;
		}
	}

	/**
	 * Calls `listener` with the profile name whenever a credential changes: in the secret store, in
	 * this window or (when the secret store reports changes, as VS Code's does) in another; and in
	 * this window's memory when the store refused the change.
	 */
	onDidChangeCredential(listener: (profile: string) => void): Disposable {
		this.credentialListeners.add(listener);
		const subscription = this.secrets.onDidChange?.((key) => {
			if (key.startsWith(CREDENTIAL_KEY_PREFIX)) {
				listener(key.slice(CREDENTIAL_KEY_PREFIX.length));
			}
		});
		return {
			dispose: () => {
				this.credentialListeners.delete(listener);
				subscription?.dispose();
			},
		};
	}

	/**
	 * Calls `listener` once per outage of the secret store (until a later write succeeds with
	 * nothing left unsaved) with an error that says what failed and how to fix it. Failures that
	 * reach a caller as a rejection (readCredential, readClientSecret) are the caller's to report.
	 */
	onStorageUnavailable(listener: (error: LwaError) => void): Disposable {
		this.unavailableListeners.add(listener);
		return { dispose: () => this.unavailableListeners.delete(listener) };
	}

	/** Whether anything of this window lives only in memory because the store refused it. */
	hasUnsavedChanges(): boolean {
		return this.unsaved.size > 0;
	}

	/** Stores the credential; when the store fails, keeps it in this window's memory (and reports once). */
	async setCredential(credential: StoredCredential): Promise<SecretChangeOutcome> {
		return this.change(credentialKey(credential.profile), { kind: 'store', value: serializeCredential(credential), entry: 'tokens', profile: credential.profile });
	}

	/** Deletes the credential; when the store fails, it is gone in this window and deleted from the store at the next successful write. */
	async deleteCredential(profile: string): Promise<SecretChangeOutcome> {
		return this.change(credentialKey(profile), { kind: 'delete', entry: 'tokens', profile });
	}

	/** The client secret, or undefined when none is set or the store cannot be read (then the outage is reported). */
	async getClientSecret(profile: string): Promise<string | undefined> {
		try {
			return await this.readClientSecret(profile);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			this.reportOutage(error);
			return undefined;
		}
	}

	/** The client secret, or undefined when none is set. Rejects with LwaError('secret_storage_unavailable') when the store cannot be read. */
	async readClientSecret(profile: string): Promise<string | undefined> {
		const secret = await this.read(clientSecretKey(profile), 'client secret', profile);
		return secret === '' ? undefined : secret;
	}

	/** Stores the client secret; when the store fails, keeps it in this window's memory (and reports once). */
	async setClientSecret(profile: string, secret: string): Promise<SecretChangeOutcome> {
		return this.change(clientSecretKey(profile), { kind: 'store', value: secret, entry: 'client secret', profile });
	}

	async deleteClientSecret(profile: string): Promise<SecretChangeOutcome> {
		return this.change(clientSecretKey(profile), { kind: 'delete', entry: 'client secret', profile });
	}

	/** This window's unsaved copy of the key, else the store's; rejects with 'secret_storage_unavailable'. */
	private async read(key: string, entry: Entry, profile: string): Promise<string | undefined> {
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
	private async change(key: string, change: UnsavedChange): Promise<SecretChangeOutcome> {
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
			this.fireCredentialChange(change.profile);
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
	private async deleteCorrupt(key: string, raw: string, profile: string): Promise<void> {
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
	private async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.writesInProgress.get(key) ?? Promise.resolve();
		const current = previous.then(work, work);
		const settled = current.then(() => undefined, () => undefined);
		this.writesInProgress.set(key, settled);
		void settled.then(() => {
			if (this.writesInProgress.get(key) === settled) {
				this.writesInProgress.delete(key);
			}
		});
		return current;
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
	private reportOutage(error: LwaError): void {
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

	private fireCredentialChange(profile: string): void {
		for (const listener of [...this.credentialListeners]) {
			try {
				listener(profile);
			} catch {
				this.logger.error('A credential change listener failed.');
			}
		}
	}
}

