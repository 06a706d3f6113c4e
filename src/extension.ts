// Composition root: builds the extension's objects and registers their disposables, nothing else.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
	// Wired up by the VS Code layer.
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
