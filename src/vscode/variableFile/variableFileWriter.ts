// Keeps the variable file of each opted-in profile (`"variableFile"` in lwa.profiles) current: the
// access token is written when a sign-in or a refresh stores one, and removed at sign-out. It hears of
// both from the credential store's change event, the same one the status bar and the Profiles view
// follow (this window's changes and, through secret storage, the other windows'). The checks and the
// write itself are the core's (src/core/variableFile/); this layer adds what only the editor knows:
// workspace trust, the workspace folder, documents open with unsaved edits, and the words.
//
// Rules a user can rely on:
// - only trusted workspaces; nothing is read, run or written otherwise;
// - the file is relative to the first workspace folder (a multi-root window uses its first folder),
//   and only a local (file:) folder;
// - the token of the profile's active account (the selling partner or scope the status bar shows);
// - an expired token is left as it is until the refresh replaces it; no credential removes the line;
// - two profiles naming the same file and variable are both refused (one variable holds one token),
//   and a token written there before the clash is removed;
// - each refusal is shown once until the reason changes or a write succeeds; each write is logged
//   with the profile, file and variable, never the token.
import * as path from 'node:path';
import vscode = require('vscode');
import type { CredentialStore } from '../../core/credentials/store';
import { KeyedQueue } from '../../core/credentials/keyedQueue';
import type { Clock, Logger } from '../../core/ports';
import type { Profile, VariableFile } from '../../core/profiles';
import type { VariableFileOutcome } from '../../core/variableFile/variableFile';
import { addToGitignore, gitignoreFor, updateVariableFile } from '../../core/variableFile/variableFile';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { refusalText, texts } from './variableFileTexts';

/** Where a profile's token goes: the folder, the file in it, the variable. */
interface Target {
	folder: string;
	file: string;
	name: string;
	/** The file's absolute path: the key that serializes writes to one file. */
	absolute: string;
}

export class VariableFileWriter implements vscode.Disposable {
	private readonly subscriptions: vscode.Disposable[] = [];
	/** Writes to one file run one after the other. */
	private readonly fileQueue = new KeyedQueue();
	/** Syncs of one profile run one after the other. */
	private readonly profileQueue = new KeyedQueue();
	/** Where this window last wrote each profile's token, to remove it when the setting moves it. */
	private readonly written = new Map<string, Target>();
	/** The last problem shown per profile, so that every refresh does not repeat it. */
	private readonly shown = new Map<string, string>();
	private readonly running = new Set<Promise<void>>();

	constructor(private readonly deps: {
		store: CredentialStore;
		registry: ProfileRegistry;
		clock: Clock;
		logger: Logger;
		notifier: Notifier;
	}) {
		this.subscriptions.push(
			deps.store.onDidChangeCredential((profile) => this.schedule(profile)),
			deps.registry.onDidChange(() => this.syncAll()),
			vscode.workspace.onDidGrantWorkspaceTrust(() => this.syncAll()),
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncAll()),
		);
		this.syncAll();
	}

	/** Resolves when every sync started so far has finished (tests wait on it). */
	async settled(): Promise<void> {
		while (this.running.size > 0) {
			await Promise.all([...this.running]);
		}
	}

	/** Syncs every profile that opts in, and every profile this window wrote for. */
	syncAll(): void {
		const names = new Set([...this.deps.registry.all().filter((profile) => profile.variableFile).map((profile) => profile.name), ...this.written.keys()]);
		for (const name of names) {
			this.schedule(name);
		}
	}

	private schedule(profile: string): void {
		if (!this.deps.registry.find(profile)?.variableFile && !this.written.has(profile)) {
			return;
		}
		const run = this.profileQueue.run(profile, () => this.sync(profile)).catch((error: unknown) => {
			this.deps.logger.error(`Variable file of profile "${profile}": unexpected failure (${error instanceof Error ? error.name : 'unknown'}).`);
		});
		this.running.add(run);
		void run.finally(() => this.running.delete(run));
	}

	private firstFolder(): string | undefined {
		const folder = vscode.workspace.workspaceFolders?.[0];
		return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
	}

	private targetOf(variableFile: VariableFile, folder: string): Target {
		return { folder, file: variableFile.file, name: variableFile.name, absolute: path.join(folder, ...variableFile.file.split('/')) };
	}

	private async sync(name: string): Promise<void> {
		const profile = this.deps.registry.find(name);
		const folder = this.firstFolder();
		const target = profile?.variableFile && folder !== undefined ? this.targetOf(profile.variableFile, folder) : undefined;
		const previous = this.written.get(name);
		if (previous && (!target || previous.absolute !== target.absolute || previous.name !== target.name)) {
			// The setting moved the token or turned the file off: take the token out of where it was.
			const outcome = await this.apply(name, previous, undefined);
			if (outcome !== undefined && outcome.status !== 'refused') {
				this.written.delete(name);
			}
		}
		if (!profile?.variableFile) {
			return;
		}
		if (!target) {
			this.showOnce(name, 'no_folder', () => this.deps.notifier.warn(texts.noFolder(name)));
			return;
		}
		const rivals = this.deps.registry.all().filter((other) => other.variableFile && other.name !== name
			&& this.targetOf(other.variableFile, target.folder).absolute === target.absolute && other.variableFile.name === target.name);
		if (rivals.length > 0) {
			const names = [name, ...rivals.map((other) => other.name)].sort().map((entry) => `"${entry}"`).join(', ');
			this.deps.logger.warn(`Variable file ${target.file}: profiles ${names} all name the variable ${target.name}; none is written.`);
			this.showOnce(name, 'conflict', () => this.deps.notifier.warn(texts.conflict(target.file, target.name, names)));
			// A token this window wrote there before the clash would go stale unnoticed: take it out.
			if (this.written.has(name) && (await this.apply(name, target, undefined))?.status !== 'refused') {
				this.written.delete(name);
			}
			return;
		}
		const value = await this.currentToken(profile);
		if (value === 'keep') {
			return;
		}
		const outcome = await this.apply(name, target, value);
		if (outcome?.status === 'written') {
			this.written.set(name, target);
		} else if (outcome?.status === 'removed' || outcome?.status === 'absent') {
			this.written.delete(name);
		}
	}

	/** The token to write, undefined to remove it (signed out), or 'keep' (expired: the refresh will replace it). */
	private async currentToken(profile: Profile): Promise<string | undefined | 'keep'> {
		const { store } = this.deps;
		const account = profile.api === 'sp-api' ? (await store.accountIndex(profile.name)).active : undefined;
		if (profile.api === 'sp-api' && account === undefined) {
			return undefined;
		}
		const credential = await store.getCredential(profile.name, account);
		if (!credential) {
			return undefined;
		}
		return credential.expiresAt > this.deps.clock.now() ? credential.accessToken : 'keep';
	}

	/** Writes (or removes) the variable, after the editor's own checks; reports the outcome. */
	private async apply(profile: string, target: Target, value: string | undefined): Promise<VariableFileOutcome | undefined> {
		const { logger, notifier } = this.deps;
		const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === target.absolute);
		if (open?.isDirty) {
			logger.warn(`Variable file ${target.file} of profile "${profile}" has unsaved changes in an editor; not written.`);
			this.showOnce(profile, 'dirty', () => notifier.warn(texts.dirty(target.file, profile)));
			return undefined;
		}
		const outcome = await this.fileQueue.run(target.absolute, () => updateVariableFile({
			folder: target.folder, file: target.file, name: target.name, value, trusted: vscode.workspace.isTrusted,
		}));
		switch (outcome.status) {
			case 'written':
				logger.info(`Wrote the access token of profile "${profile}" to ${target.file} as ${target.name}.`);
				this.shown.delete(profile);
				break;
			case 'removed':
				logger.info(`Removed ${target.name} (profile "${profile}") from ${target.file}.`);
				this.shown.delete(profile);
				break;
			case 'unchanged':
			case 'absent':
				break;
			case 'refused':
				logger.warn(`Variable file ${target.file} of profile "${profile}" not written: ${outcome.reason}${outcome.systemCode ? ` (${outcome.systemCode})` : ''}.`);
				this.showOnce(profile, outcome.reason, () => this.reportRefusal(profile, target, outcome));
				break;
		}
		return outcome;
	}

	private reportRefusal(profile: string, target: Target, outcome: Extract<VariableFileOutcome, { status: 'refused' }>): void {
		const text = refusalText(outcome.reason, profile, target.file, outcome.systemCode);
		if (outcome.reason === 'not_ignored') {
			this.deps.notifier.warn(text, {
				[texts.addToGitignore()]: async () => {
					const where = gitignoreFor(target.folder, target.file, outcome.gitRoot);
					const added = await addToGitignore(where.folder, where.file);
					if (added.status === 'added') {
						this.deps.logger.info(`Added ${target.file} to a .gitignore (${where.folder === target.folder ? 'of the workspace folder' : 'of its repository'}).`);
						this.schedule(profile);
					} else {
						this.deps.notifier.error(texts.gitignoreRefused(target.file));
					}
				},
			});
			return;
		}
		if (outcome.reason === 'untrusted') {
			this.deps.notifier.info(text);
			return;
		}
		this.deps.notifier.warn(text);
	}

	private showOnce(profile: string, problem: string, show: () => void): void {
		if (this.shown.get(profile) !== problem) {
			this.shown.set(profile, problem);
			show();
		}
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}
}
