// "LWA: Fetch Data Portability Records": for each granted portability:: scope (or the scope ids picked),
// createDataQuery, wait for the records and download every schema and data file into a per-run
// folder the user picks, with a cancellable progress notification and a summary. The run itself is
// the core's (src/core/portability/transfer.ts); this file asks the questions and shows the outcome.
import * as os from 'node:os';
import * as path from 'node:path';
import vscode = require('vscode');
import type { CredentialService } from '../../core/credentials/service';
import { confirmedScopeId, portabilityScopes, suggestedScopeId } from '../../core/dataPortability';
import { LwaError } from '../../core/lwa/errors';
import type { Clock, HttpClient, HttpDownloader, Logger } from '../../core/ports';
import { DataPortabilityApi, intakeBaseUrl } from '../../core/portability/api';
import { safeScopeId } from '../../core/portability/ids';
import { queryMemory } from '../../core/portability/queryMemory';
import { gitStatusOf } from '../../core/portability/trackedFolder';
import type { TransferResult } from '../../core/portability/transfer';
import { runTransfer, TRANSFER_MANIFEST } from '../../core/portability/transfer';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import { argumentFields } from '../ui/argumentFields';
import { bytesText } from '../ui/dataPortabilityTexts';
import { failureText } from '../ui/errorTexts';
import { validCredentialOrReport } from '../ui/errorMessages';
import type { ProfileResolver } from '../ui/profilePicker';
import { transferLimits } from './portabilitySettings';

/** What the command resolves to: no links, no token. */
export interface FetchRecordsSummary {
	profile: string;
	outcome: TransferResult['outcome'];
	folder?: string;
	scopes: TransferResult['scopes'];
	files: { file: string; bytes: number; sha256: string }[];
	bytes: number;
	errorCode?: string;
	errorReason?: string;
}

/** Waits `ms` (real time), rejecting with cancelled when the signal aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(new LwaError('cancelled'));
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', abort);
			resolve();
		}, ms);
		const abort = (): void => {
			clearTimeout(timer);
			reject(new LwaError('cancelled'));
		};
		signal?.addEventListener('abort', abort, { once: true });
	});
}

export class DataPortabilityFetcher {
	constructor(private readonly deps: {
		service: CredentialService;
		http: HttpClient & HttpDownloader;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		profiles: ProfileResolver;
		/** Where created query ids are remembered (globalState). */
		state: vscode.Memento;
		testMode: boolean;
	}) {}

	handlers() {
		return { 'lwa.fetchDataPortabilityRecords': (arg: unknown) => this.fetch(arg) };
	}

	/**
	 * Argument: `{ profile?: string }`; in tests also `targetFolder`, `scopeIds`, `onConflict`
	 * ('continue' | 'stop') and `cancellation` (a CancellationToken), which skip the questions.
	 */
	async fetch(arg: unknown): Promise<FetchRecordsSummary | undefined> {
		const { notifier, logger } = this.deps;
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile whose Data Portability records to fetch'));
		if (!profile) {
			return undefined;
		}
		if (profile.grant === 'client_credentials') {
			notifier.error(vscode.l10n.t('Data Portability needs a customer\'s consent, and "{0}" uses client credentials. Use a profile with the authorization code grant and portability:: scopes.', profile.name));
			return undefined;
		}
		const fields = argumentFields(arg);
		const scopeIds = fields.scopeIds !== undefined ? this.givenScopeIds(fields.scopeIds) : await this.pickScopeIds(profile);
		if (!scopeIds || scopeIds.length === 0) {
			return undefined;
		}
		const folder = typeof fields.targetFolder === 'string' ? fields.targetFolder : await this.pickFolder();
		if (folder === undefined || !await this.folderAccepted(folder, typeof fields.targetFolder === 'string')) {
			return undefined;
		}
		if (!await validCredentialOrReport(this.deps.service, this.deps, profile)) {
			return undefined;
		}
		const testCancellation = fields.cancellation as vscode.CancellationToken | undefined;
		const result = await vscode.window.withProgress({
			location: vscode.ProgressLocation.Notification,
			title: vscode.l10n.t('LWA: fetching Data Portability records of "{0}"', profile.name),
			cancellable: true,
		}, (progress, cancellation) => {
			const controller = new AbortController();
			cancellation.onCancellationRequested(() => controller.abort());
			testCancellation?.onCancellationRequested?.(() => controller.abort());
			return runTransfer({
				api: new DataPortabilityApi({ http: this.deps.http, clock: this.deps.clock, logger, sleep }),
				downloader: this.deps.http, clock: this.deps.clock, logger, sleep,
			}, {
				target: { baseUrl: intakeBaseUrl(profile), accessToken: async () => (await this.deps.service.getValidCredential(profile)).accessToken, signal: controller.signal },
				scopeIds, targetFolder: folder, limits: transferLimits(),
				queries: queryMemory(this.deps.state, profile.name, () => this.deps.clock.now()),
				continueRunningQuery: (scopeId, queryId) => this.continueRunningQuery(scopeId, queryId, fields.onConflict),
				onProgress: (step) => progress.report({
					message: step.phase === 'creating'
						? vscode.l10n.t('{0} ({1} of {2}): starting the query…', step.scopeId, step.scopeNumber, step.scopeCount)
						: step.phase === 'waiting'
							? vscode.l10n.t('{0} ({1} of {2}): waiting for the records…', step.scopeId, step.scopeNumber, step.scopeCount)
							: vscode.l10n.t('{0} ({1} of {2}): {3} records, {4} files, {5}', step.scopeId, step.scopeNumber, step.scopeCount, step.records, step.files, bytesText(step.bytes)),
				}),
			});
		});
		this.report(profile, result);
		return {
			profile: profile.name, outcome: result.outcome, scopes: result.scopes, bytes: result.bytes,
			files: result.files.map(({ file, bytes, sha256 }) => ({ file, bytes, sha256 })),
			...(result.folder !== undefined ? { folder: result.folder } : {}),
			...(result.error instanceof LwaError ? { errorCode: result.error.code, ...(result.error.reason ? { errorReason: result.error.reason } : {}) } : {}),
		};
	}

	private givenScopeIds(given: unknown): string[] | undefined {
		const ids = Array.isArray(given) ? given.map(safeScopeId) : [];
		if (ids.length === 0 || ids.some((id) => id === undefined)) {
			this.deps.notifier.error(vscode.l10n.t('The scope ids must look like portability-customer-profile.'));
			return undefined;
		}
		return ids as string[];
	}

	/** The scope ids to query: the profile's portability:: scopes mapped (confirmed or by the documented pattern), as picked. */
	private async pickScopeIds(profile: Profile): Promise<string[] | undefined> {
		const items = portabilityScopes(profile.scopes).flatMap((scope) => {
			const id = confirmedScopeId(scope) ?? suggestedScopeId(scope);
			return id === undefined ? [] : [{ label: id, description: scope, detail: confirmedScopeId(scope) ? undefined : vscode.l10n.t('scope id by the documented pattern, not confirmed by Amazon'), picked: true }];
		});
		if (items.length === 0) {
			this.deps.notifier.error(vscode.l10n.t('"{0}" requests no portability:: scopes. Add one (for example portability::customer_profile) to the profile and sign in again.', profile.name));
			return undefined;
		}
		const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('LWA: Data Portability scopes to fetch'), placeHolder: vscode.l10n.t('One query per scope') });
		return picked?.map((item) => item.label);
	}

	/** A folder outside the workspace by default (the Downloads folder or home). */
	private async pickFolder(): Promise<string | undefined> {
		const picked = await vscode.window.showOpenDialog({
			canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
			defaultUri: vscode.Uri.file(path.join(os.homedir(), 'Downloads')),
			openLabel: vscode.l10n.t('Download Here'),
			title: vscode.l10n.t('LWA: where to save the Data Portability records (a new folder is made inside)'),
		});
		return picked?.[0]?.fsPath;
	}

	/**
	 * Warns when git would not ignore the folder, or could not be asked (git runs only in a trusted
	 * workspace); asks to go on, unless a test named the folder.
	 */
	private async folderAccepted(folder: string, given: boolean): Promise<boolean> {
		const git = await gitStatusOf(folder, { trusted: vscode.workspace.isTrusted });
		if (git.state !== 'tracked' && git.state !== 'unchecked') {
			return true;
		}
		const warning = git.state === 'tracked'
			? vscode.l10n.t('{0} is inside the git repository {1}, which does not ignore it. The records are a customer\'s personal data: do not commit them.', folder, git.root ?? '')
			: vscode.l10n.t('{0} is inside the git repository {1}. Git was not asked whether it ignores the folder, because this workspace is not trusted. The records are a customer\'s personal data: do not commit them.', folder, git.root ?? '');
		if (given) {
			this.deps.notifier.warn(warning);
			return true;
		}
		const proceed = vscode.l10n.t('Download Anyway');
		return await vscode.window.showWarningMessage(warning, { modal: true }, proceed) === proceed;
	}

	private async continueRunningQuery(scopeId: string, queryId: string, given: unknown): Promise<boolean> {
		if (this.deps.testMode && (given === 'continue' || given === 'stop')) {
			return given === 'continue';
		}
		const proceed = vscode.l10n.t('Continue the Running Query');
		return await vscode.window.showWarningMessage(
			vscode.l10n.t('A query for {0} is already running; this editor started query {1}. Continue it and download its records?', scopeId, queryId),
			{ modal: true }, proceed) === proceed;
	}

	private report(profile: Profile, result: TransferResult): void {
		const { notifier, logger } = this.deps;
		const records = result.scopes.reduce((sum, scope) => sum + scope.records, 0);
		const openFolder = result.folder !== undefined && result.files.length > 0
			? { [vscode.l10n.t('Open Folder')]: () => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(result.folder!, TRANSFER_MANIFEST))) }
			: undefined;
		const where = result.folder ?? '';
		logger.info(`Data Portability for "${profile.name}": ${result.outcome}, ${result.scopes.length} scopes, ${records} records, ${result.files.length} files, ${result.bytes} bytes.`);
		if (result.outcome === 'complete') {
			notifier.info(vscode.l10n.t('Fetched {0} records of {1} scopes for "{2}": {3} files, {4}, in {5}.', records, result.scopes.length, profile.name, result.files.length, bytesText(result.bytes), where), openFolder);
			return;
		}
		const complete = result.files.length > 0
			? vscode.l10n.t('{0} files are complete ({1}), listed in {2} in {3}; no partial file was kept.', result.files.length, bytesText(result.bytes), TRANSFER_MANIFEST, where)
			: vscode.l10n.t('No file was completed; no partial file was kept.');
		if (result.outcome === 'cancelled') {
			notifier.warn(vscode.l10n.t('Fetching the Data Portability records of "{0}" was cancelled. {1}', profile.name, complete), openFolder);
			return;
		}
		notifier.error(vscode.l10n.t('Fetching the Data Portability records of "{0}" stopped: {1} {2}', profile.name, failureText(result.error), complete), openFolder);
	}
}
