// A CodeLens over each token line of an .http document that holds an access token this window wrote
// (New API Request, New Data Portability Request, a lens's own Refresh) or copied: the profile and
// the token's remaining life, with Refresh (writes a newer token in place, never saves the document)
// and, for profiles with a variable file, Use the variable file (writes `{{$dotenv NAME}}` instead of
// the token, so the document holds no token any more).
//
// Which lines: only in trusted workspaces, only file: and untitled: documents, and only values whose
// keyed hash IssuedTokens knows. A token the extension did not hand out gets no lens and goes
// nowhere (it is hashed in memory, never sent or looked up elsewhere).
//
// Refresh never saves, but the editor may: with files.autoSave on (the default in browser-hosted
// editors such as code-server) a file: document is saved a moment later, token and all. The first
// Refresh in such a document says so, once per document in this window.
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import type { CredentialService } from '../../core/credentials/service';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Timers, TimerHandle } from '../../core/time/timers';
import type { IssuedTokens } from '../../core/tokenLines/issuedTokens';
import { dotenvReference, tokenOnLine } from '../../core/tokenLines/tokenLines';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { formatRemaining } from '../ui/countdownText';
import { validCredentialOrReport } from '../ui/errorMessages';
import { texts } from './variableFileTexts';

/** Longer documents are looked at up to this line only. */
const MAX_LINES = 5000;
/** The remaining life is redrawn this often while lenses are shown. */
const REDRAW_MS = 60_000;

/** The argument of the lens commands: the document and the line the lens is over. */
export interface TokenLensArgument {
	uri: string;
	line: number;
}

const SCHEMES = ['file', 'untitled'];

export class TokenLens implements vscode.CodeLensProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.changed.event;
	private redraw: TimerHandle | undefined;
	/** The documents that showed lenses at their last look: the redraw runs while there are any. */
	private readonly withLenses = new Set<string>();
	/** The documents whose auto save this window has warned about. */
	private readonly toldAutoSave = new Set<string>();
	private readonly subscriptions: vscode.Disposable[];

	constructor(private readonly deps: {
		issued: IssuedTokens;
		registry: ProfileRegistry;
		service: CredentialService;
		clock: Clock;
		timers: Timers;
		logger: Logger;
		notifier: Notifier;
	}) {
		this.subscriptions = [
			this.changed,
			vscode.languages.registerCodeLensProvider(SCHEMES.map((scheme) => ({ scheme, language: 'http' })), this),
			vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
			vscode.workspace.onDidCloseTextDocument((document) => {
				this.withLenses.delete(document.uri.toString());
			}),
		];
	}

	/** Lenses may change: a token was handed out, or a profile changed. */
	refresh(): void {
		this.changed.fire();
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		if (!vscode.workspace.isTrusted || !SCHEMES.includes(document.uri.scheme)) {
			return [];
		}
		const lenses: vscode.CodeLens[] = [];
		const now = this.deps.clock.now();
		for (let line = 0; line < Math.min(document.lineCount, MAX_LINES); line++) {
			const found = tokenOnLine(document.lineAt(line).text);
			const issued = found && this.deps.issued.lookup(found.token);
			if (!found || !issued) {
				continue;
			}
			const range = new vscode.Range(line, found.start, line, found.end);
			const argument: TokenLensArgument = { uri: document.uri.toString(), line };
			lenses.push(
				new vscode.CodeLens(range, { title: texts.lensProfile(issued.profile, formatRemaining(issued.expiresAt, now)), command: '' }),
				new vscode.CodeLens(range, { title: texts.lensRefresh(), command: 'lwa.tokenLens.refresh', arguments: [argument] }),
			);
			if (this.deps.registry.find(issued.profile)?.variableFile) {
				lenses.push(new vscode.CodeLens(range, { title: texts.lensUseVariableFile(), command: 'lwa.tokenLens.useVariableFile', arguments: [argument] }));
			}
		}
		if (lenses.length > 0) {
			this.withLenses.add(document.uri.toString());
		} else {
			this.withLenses.delete(document.uri.toString());
		}
		this.scheduleRedraw();
		return lenses;
	}

	private scheduleRedraw(): void {
		this.redraw?.cancel();
		this.redraw = this.withLenses.size > 0 ? this.deps.timers.setTimeout(() => this.changed.fire(), REDRAW_MS) : undefined;
	}

	/** The commands of the lenses. */
	handlers() {
		return {
			'lwa.tokenLens.refresh': (arg: unknown) => this.refreshToken(arg),
			'lwa.tokenLens.useVariableFile': (arg: unknown) => this.useVariableFile(arg),
		};
	}

	/** The document, the token on the line and what is known of it; undefined (reported) when it is no longer an issued token line. */
	private find(arg: unknown): { document: vscode.TextDocument; token: string; profile: Profile; account?: Account } | undefined {
		const { uri, line } = (typeof arg === 'object' && arg !== null ? arg : {}) as Partial<TokenLensArgument>;
		const document = typeof uri === 'string' ? vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri) : undefined;
		if (!document || !SCHEMES.includes(document.uri.scheme) || !vscode.workspace.isTrusted || typeof line !== 'number' || !Number.isInteger(line) || line < 0 || line >= document.lineCount) {
			return undefined;
		}
		const found = tokenOnLine(document.lineAt(line).text);
		const issued = found && this.deps.issued.lookup(found.token);
		if (!found || !issued) {
			this.deps.notifier.info(texts.lensGone());
			return undefined;
		}
		const profile = this.deps.registry.find(issued.profile);
		if (!profile) {
			this.deps.notifier.error(texts.lensProfileGone(issued.profile));
			return undefined;
		}
		return { document, token: found.token, profile, ...(issued.account ? { account: issued.account } : {}) };
	}

	/** Replaces every token line of the document that holds `token` with `replacement`; never saves. */
	private async replace(document: vscode.TextDocument, token: string, replacement: string): Promise<boolean> {
		const edit = new vscode.WorkspaceEdit();
		for (let line = 0; line < Math.min(document.lineCount, MAX_LINES); line++) {
			const found = tokenOnLine(document.lineAt(line).text);
			if (found?.token === token) {
				edit.replace(document.uri, new vscode.Range(line, found.start, line, found.end), replacement);
			}
		}
		const applied = await vscode.workspace.applyEdit(edit);
		if (!applied) {
			this.deps.notifier.error(texts.lensEditRefused());
		}
		return applied;
	}

	/** Writes a token newer than the line's: the current one, or a refreshed one when the line already holds the current one. */
	async refreshToken(arg: unknown): Promise<{ profile: string; expiresAt: number } | undefined> {
		const found = this.find(arg);
		if (!found) {
			return undefined;
		}
		const { document, token, profile, account } = found;
		let credential = await validCredentialOrReport(this.deps.service, this.deps, profile, account);
		if (credential?.accessToken === token) {
			try {
				credential = await this.deps.service.refresh(profile, account);
			} catch {
				// The refusal was reported by the refresh's own paths (status bar, log); keep the line as it is.
				credential = undefined;
			}
		}
		if (!credential) {
			return undefined;
		}
		this.deps.issued.remember(credential.accessToken, { profile: profile.name, expiresAt: credential.expiresAt, ...(account ? { account } : {}) });
		if (!(await this.replace(document, token, credential.accessToken))) {
			return undefined;
		}
		this.deps.logger.info(`Wrote an access token of profile "${profile.name}" into an open document (${document.uri.scheme}) from its Refresh lens.`);
		this.refresh();
		this.tellAutoSave(document, profile, arg);
		return { profile: profile.name, expiresAt: credential.expiresAt };
	}

	/** Once per document: auto save will write the token Refresh put into this file. */
	private tellAutoSave(document: vscode.TextDocument, profile: Profile, arg: unknown): void {
		const key = document.uri.toString();
		if (document.uri.scheme !== 'file' || this.toldAutoSave.has(key)) {
			return;
		}
		const autoSave = vscode.workspace.getConfiguration('files', document.uri).get<string>('autoSave', 'off');
		if (autoSave === 'off') {
			return;
		}
		this.toldAutoSave.add(key);
		this.deps.logger.info(`Auto save (${autoSave}) will save the access token the Refresh lens wrote into an open file.`);
		this.deps.notifier.warn(texts.lensAutoSave(vscode.workspace.asRelativePath(document.uri)), profile.variableFile
			? { [texts.lensAutoSaveUseVariableFile()]: () => this.useVariableFile(arg) }
			: undefined);
	}

	/** Replaces the token with the variable file's reference. */
	async useVariableFile(arg: unknown): Promise<{ profile: string; reference: string } | undefined> {
		const found = this.find(arg);
		if (!found?.profile.variableFile) {
			return undefined;
		}
		const reference = dotenvReference(found.profile.variableFile.name);
		if (!(await this.replace(found.document, found.token, reference))) {
			return undefined;
		}
		this.deps.logger.info(`Replaced the access token of profile "${found.profile.name}" in an open document with a reference to ${found.profile.variableFile.name}.`);
		return { profile: found.profile.name, reference };
	}

	dispose(): void {
		this.redraw?.cancel();
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}
}
