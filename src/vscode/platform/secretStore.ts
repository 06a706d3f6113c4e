// The core's SecretStore port over VS Code's SecretStorage (the OS keychain on desktop).
import type * as vscode from 'vscode';
import type { SecretStore } from '../../core/ports';

/**
 * Adapts `context.secrets` to the core's SecretStore port. Its change notification reports every
 * change, this window's and other windows' alike, which is how the credential service and the
 * refresh lease follow other windows. On Linux without a usable keyring every call can reject
 * (microsoft/vscode#187338); the rejection is passed on as it is, and CredentialStore keeps what
 * could not be written in this window's memory, never anywhere else.
 */
export function secretStoreFrom(secrets: vscode.SecretStorage, onStore?: (value: string) => void): SecretStore {
	return {
		get: async (key) => secrets.get(key),
		store: async (key, value) => {
			// In ExtensionMode.Test only: the test recorder notes what was stored, so tests prove what never is.
			onStore?.(value);
			return secrets.store(key, value);
		},
		delete: async (key) => secrets.delete(key),
		onDidChange: (listener) => secrets.onDidChange((event) => listener(event.key)),
	};
}
