// The core's SecretStore port over VS Code's SecretStorage (the OS keychain on desktop).
import type * as vscode from 'vscode';
import type { SecretStore } from '../core/ports';

/** Adapts `context.secrets` to the core's SecretStore port. */
export function secretStoreFrom(secrets: vscode.SecretStorage): SecretStore {
	return {
		get: async (key) => secrets.get(key),
		store: async (key, value) => secrets.store(key, value),
		delete: async (key) => secrets.delete(key),
	};
}
