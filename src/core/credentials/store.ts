// Credentials and client secrets in the SecretStore port. A corrupt entry is deleted and the event
// logged (never the value); reading never crashes the caller.
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

export class CredentialStore {
	constructor(private readonly secrets: SecretStore, private readonly logger: Logger) {}

	/** The profile's credential; undefined when there is none, or when it was corrupt (then it is deleted and logged). */
	async getCredential(profile: string): Promise<StoredCredential | undefined> {
		let raw: string | undefined;
		try {
			raw = await this.secrets.get(credentialKey(profile));
		} catch {
			this.logger.error(`Could not read the stored credential of profile "${profile}" from the secret store.`);
			return undefined;
		}
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
			try {
				await this.secrets.delete(credentialKey(profile));
			} catch {
				this.logger.error(`Could not remove the unusable credential of profile "${profile}".`);
			}
			return undefined;
		}
	}

	/**
	 * Calls `listener` with the profile name whenever a stored credential changes, in this window or
	 * (when the secret store reports changes, as VS Code's does) in another. A store that cannot
	 * report changes never calls it.
	 */
	onDidChangeCredential(listener: (profile: string) => void): Disposable {
		const subscription = this.secrets.onDidChange?.((key) => {
			if (key.startsWith(CREDENTIAL_KEY_PREFIX)) {
				listener(key.slice(CREDENTIAL_KEY_PREFIX.length));
			}
		});
		return subscription ?? { dispose: () => undefined };
	}

	async setCredential(credential: StoredCredential): Promise<void> {
		await this.secrets.store(credentialKey(credential.profile), serializeCredential(credential));
	}

	async deleteCredential(profile: string): Promise<void> {
		await this.secrets.delete(credentialKey(profile));
	}

	async getClientSecret(profile: string): Promise<string | undefined> {
		const secret = await this.secrets.get(clientSecretKey(profile));
		return secret === '' ? undefined : secret;
	}

	async setClientSecret(profile: string, secret: string): Promise<void> {
		await this.secrets.store(clientSecretKey(profile), secret);
	}

	async deleteClientSecret(profile: string): Promise<void> {
		await this.secrets.delete(clientSecretKey(profile));
	}
}
