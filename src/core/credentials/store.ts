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
import type { LwaError } from '../lwa/errors';
import { isLwaError } from '../lwa/errors';
import type { Disposable, Logger, SecretStore } from '../ports';
import type { Account } from './accounts';
import { parseSlotKey, sameAccount, slotForLog, slotKey } from './accounts';
import type { AccountIndex } from './accountIndex';
import { ACCOUNT_INDEX_KEY_PREFIX, accountIndexKey, parseAccountIndex, serializeAccountIndex, withAccount, withoutAccount } from './accountIndex';
import { KeyedQueue } from './keyedQueue';
import type { SecretChangeOutcome } from './memoryFallback';
import { MemoryFallbackSecrets } from './memoryFallback';
import type { StoredCredential } from './model';
import { CredentialFormatError, parseCredential, serializeCredential } from './model';

const CREDENTIAL_KEY_PREFIX = 'lwa.credential:';

/**
 * Secret store key of a credential: `lwa.credential:<profile>` for a plain profile (as always), with
 * the account joined by U+001F for a selling partner or a grantless scope (see accounts.ts).
 */
export function credentialKey(profile: string, account?: Account): string {
	return `${CREDENTIAL_KEY_PREFIX}${slotKey({ profile, account })}`;
}

/** Secret store key of a profile's client secret. */
export function clientSecretKey(profile: string): string {
	return `lwa.clientSecret:${profile}`;
}

export type { SecretChangeOutcome } from './memoryFallback';

/** Credentials, account indexes and client secrets, over the secret store with a memory fallback. */
export class CredentialStore {
	private readonly credentialListeners = new Set<(profile: string, account?: Account) => void>();
	/** Updates of one profile's account index run one after the other. */
	private readonly indexUpdates = new KeyedQueue();
	/** The secret store, with this window's memory for the changes it refuses. */
	private readonly fallback: MemoryFallbackSecrets;

	constructor(private readonly secrets: SecretStore, private readonly logger: Logger) {
		// The store will not report a change it refused: the listeners hear of it from here.
		this.fallback = new MemoryFallbackSecrets(secrets, logger, (change) => this.fireCredentialChange(change.profile, change.account));
	}

	/**
	 * The profile's credential, for display: undefined when there is none, when it was corrupt (then
	 * it is deleted and logged), or when the secret store cannot be read (then nothing is deleted and
	 * the outage is reported). Anything that acts on the answer uses readCredential instead.
	 */
	async getCredential(profile: string, account?: Account): Promise<StoredCredential | undefined> {
		try {
			return await this.readCredential(profile, account);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			this.fallback.reportOutage(error);
			return undefined;
		}
	}

	/**
	 * The profile's credential: this window's unsaved copy when there is one, else the stored one;
	 * undefined when there is none or it was corrupt (deleted and logged). Rejects with
	 * LwaError('secret_storage_unavailable') when the store cannot be read, so that a failed read is
	 * never taken for "signed out".
	 */
	async readCredential(profile: string, account?: Account): Promise<StoredCredential | undefined> {
		const key = credentialKey(profile, account);
		const raw = await this.fallback.read(key, 'tokens', profile);
		if (raw === undefined) {
			return undefined;
		}
		try {
			const credential = parseCredential(raw);
			if (credential.profile !== profile) {
				throw new CredentialFormatError('stored under another profile name');
			}
			// A blob under one partner's (or scope's) key that names another is never handed out.
			if (!sameAccount(credential.account, account)) {
				throw new CredentialFormatError('stored under another account');
			}
			return credential;
		} catch (error) {
			const reason = error instanceof CredentialFormatError ? error.message : 'unreadable';
			this.logger.warn(`The stored credential of ${slotForLog({ profile, account })} was unusable (${reason}) and has been removed; sign in again.`);
			await this.fallback.deleteCorrupt(key, raw, profile);
			return undefined;
		}
	}

	/**
	 * Calls `listener` with the profile name whenever a credential changes: in the secret store, in
	 * this window or (when the secret store reports changes, as VS Code's does) in another; and in
	 * this window's memory when the store refused the change.
	 */
	onDidChangeCredential(listener: (profile: string, account?: Account) => void): Disposable {
		this.credentialListeners.add(listener);
		const subscription = this.secrets.onDidChange?.((key) => {
			if (key.startsWith(CREDENTIAL_KEY_PREFIX)) {
				// A key no slot produces (written by something else) is not ours to report.
				const slot = parseSlotKey(key.slice(CREDENTIAL_KEY_PREFIX.length));
				if (slot) {
					listener(slot.profile, slot.account);
				}
			} else if (key.startsWith(ACCOUNT_INDEX_KEY_PREFIX)) {
				// The list of accounts or the active one changed: the profile as a whole.
				listener(key.slice(ACCOUNT_INDEX_KEY_PREFIX.length));
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
		return this.fallback.onStorageUnavailable(listener);
	}

	/** Whether anything of this window lives only in memory because the store refused it. */
	hasUnsavedChanges(): boolean {
		return this.fallback.hasUnsavedChanges();
	}

	/**
	 * Stores the credential under its slot (profile and account); when the store fails, keeps it in
	 * this window's memory (and reports once). A credential of an account is listed in the profile's
	 * account index first, so that whoever sees the credential finds it listed.
	 */
	async setCredential(credential: StoredCredential): Promise<SecretChangeOutcome> {
		if (credential.account !== undefined) {
			await this.ensureIndexed(credential.profile, credential.account);
		}
		return this.fallback.change(credentialKey(credential.profile, credential.account), { kind: 'store', value: serializeCredential(credential), entry: 'tokens', profile: credential.profile, account: credential.account });
	}

	/**
	 * Deletes the credential of one slot (a plain profile's, or one account's, which also leaves the
	 * index); when the store fails, it is gone in this window and deleted from the store at the next
	 * successful write.
	 */
	async deleteCredential(profile: string, account?: Account): Promise<SecretChangeOutcome> {
		const outcome = await this.fallback.change(credentialKey(profile, account), { kind: 'delete', entry: 'tokens', profile, account });
		if (account !== undefined) {
			await this.updateIndex(profile, (index) => withoutAccount(index, account));
		}
		return outcome;
	}

	/** Deletes every credential of the profile: its own, each listed account's, and the index. */
	async deleteAllCredentials(profile: string): Promise<void> {
		const index = await this.accountIndex(profile);
		await this.fallback.change(credentialKey(profile), { kind: 'delete', entry: 'tokens', profile });
		for (const account of index.accounts) {
			await this.fallback.change(credentialKey(profile, account), { kind: 'delete', entry: 'tokens', profile, account });
		}
		await this.oneAtATimeForIndex(profile, () => this.fallback.change(accountIndexKey(profile), { kind: 'delete', entry: 'tokens', profile }));
	}

	/**
	 * The accounts (selling partners, grantless scopes) the profile holds tokens for, and the active
	 * one; empty when none or when the index cannot be read (the outage is reported). The index holds
	 * identifiers, not secrets; it lives beside the credentials in the secret store because that store
	 * has no key listing, tells every window about changes, and is removed with the profile.
	 */
	async accountIndex(profile: string): Promise<AccountIndex> {
		try {
			return await this.readAccountIndex(profile);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			this.fallback.reportOutage(error);
			return { accounts: [] };
		}
	}

	/** The account index; rejects with LwaError('secret_storage_unavailable') when it cannot be read. */
	async readAccountIndex(profile: string): Promise<AccountIndex> {
		const index = parseAccountIndex(await this.fallback.read(accountIndexKey(profile), 'tokens', profile));
		if (index === undefined) {
			this.logger.warn(`The account list of profile "${profile}" was unreadable; it is rebuilt as accounts sign in.`);
			return { accounts: [] };
		}
		return index;
	}

	/** Makes `account` the profile's active account (listed first if it was not). */
	async setActiveAccount(profile: string, account: Account): Promise<void> {
		await this.updateIndex(profile, (index) => ({ ...withAccount(index, account), active: account }));
	}

	/** Lists the account in the profile's index when it is not listed (another window's sign-in may have raced ours). */
	async ensureIndexed(profile: string, account: Account): Promise<void> {
		await this.updateIndex(profile, (index) => withAccount(index, account));
	}

	/** The client secret, or undefined when none is set or the store cannot be read (then the outage is reported). */
	async getClientSecret(profile: string): Promise<string | undefined> {
		try {
			return await this.readClientSecret(profile);
		} catch (error) {
			if (!isLwaError(error, 'secret_storage_unavailable')) {
				throw error;
			}
			this.fallback.reportOutage(error);
			return undefined;
		}
	}

	/** The client secret, or undefined when none is set. Rejects with LwaError('secret_storage_unavailable') when the store cannot be read. */
	async readClientSecret(profile: string): Promise<string | undefined> {
		const secret = await this.fallback.read(clientSecretKey(profile), 'client secret', profile);
		return secret === '' ? undefined : secret;
	}

	/** Stores the client secret; when the store fails, keeps it in this window's memory (and reports once). */
	async setClientSecret(profile: string, secret: string): Promise<SecretChangeOutcome> {
		return this.fallback.change(clientSecretKey(profile), { kind: 'store', value: secret, entry: 'client secret', profile });
	}

	async deleteClientSecret(profile: string): Promise<SecretChangeOutcome> {
		return this.fallback.change(clientSecretKey(profile), { kind: 'delete', entry: 'client secret', profile });
	}

	/** Reads, changes and writes the profile's index, one update at a time; nothing is written when nothing changed. */
	private async updateIndex(profile: string, mutate: (index: AccountIndex) => AccountIndex): Promise<void> {
		await this.oneAtATimeForIndex(profile, async () => {
			const before = await this.accountIndex(profile);
			const after = mutate(before);
			if (serializeAccountIndex(after) === serializeAccountIndex(before)) {
				return;
			}
			await this.fallback.change(accountIndexKey(profile), after.accounts.length === 0
				? { kind: 'delete', entry: 'tokens', profile }
				: { kind: 'store', value: serializeAccountIndex(after), entry: 'tokens', profile });
		});
	}

	private oneAtATimeForIndex<T>(profile: string, work: () => Promise<T>): Promise<T> {
		return this.indexUpdates.run(profile, work);
	}


	private fireCredentialChange(profile: string, account: Account | undefined): void {
		for (const listener of [...this.credentialListeners]) {
			try {
				listener(profile, account);
			} catch {
				this.logger.error('A credential change listener failed.');
			}
		}
	}
}

