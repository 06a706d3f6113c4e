// lwa.importCredentials: brings credentials from the ASK CLI's ~/.ask/cli_config and from
// environment variables into the secret store (tokens, client secrets) and lwa.profiles (the
// non-secret fields). Everything is read, previewed (masked) and answered first; only then is
// anything written. Sources are never modified, and no secret goes to settings, files or the log.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import vscode = require('vscode');
import type { CredentialStore } from '../../core/credentials/store';
import type { ImportFileReader } from '../../core/import/askCliConfig';
import { ASK_CLI_REDIRECT_URI, readAskCliConfig } from '../../core/import/askCliConfig';
import type { ImportCandidate, SkippedSource } from '../../core/import/candidate';
import { describeCandidateContents, ImportSourceError, uniqueProfileName } from '../../core/import/candidate';
import { candidatesFromEnvironment, IMPORT_ENVIRONMENT_VARIABLES } from '../../core/import/environment';
import type { ImportAnswers, ImportWrite } from '../../core/import/plan';
import { planImport } from '../../core/import/plan';
import type { Clock, Logger } from '../../core/ports';
import { validateProfile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { importSourceErrorText, profileProblemText } from '../ui/problemTexts';
import type { ImportArguments } from './importArguments';
import { parseImportArguments } from './importArguments';
import { askClientId, askCollision, askName, askRedirectUri, askRegion, askScopes, ImportCancelled } from './importQuestions';
import { forLog } from '../../core/logText';

/** The command id (fixed by the design). */
export const IMPORT_COMMAND = 'lwa.importCredentials';

/** The redirect URI offered when a source has none (the add-profile wizard's loopback default). */
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:53682/lwa/callback';

/** What lwa.importCredentials resolves to (no secrets). */
export interface ImportResult {
	imported: { id: string; profile: string; replaced: boolean; hasAccessToken: boolean; hasRefreshToken: boolean; hasClientSecret: boolean }[];
	skipped: string[];
}

/** node:fs for the core reader. */
const fileReader: ImportFileReader = {
	stat: async (file) => {
		try {
			const info = await fs.stat(file);
			return { size: info.size, isFile: info.isFile() };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
				return undefined;
			}
			throw error;
		}
	},
	readText: async (file) => fs.readFile(file, 'utf8'),
};

function processEnvironment(): Record<string, string> {
	return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Runs lwa.importCredentials. */
export class CredentialImporter {
	constructor(private readonly deps: {
		profiles: ProfileRegistry;
		store: CredentialStore;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		/** Called after anything was written, so views and the status bar follow. */
		onDidImport: (profiles: string[]) => void;
	}) {}

	/** The command this feature adds. */
	handlers() {
		return {
			[IMPORT_COMMAND]: (arg: unknown) => this.run(arg),
		};
	}

	/** Finds, previews, asks and writes. Resolves undefined when cancelled or refused (then nothing was written). */
	async run(arg: unknown): Promise<ImportResult | undefined> {
		const { notifier, logger } = this.deps;
		const args = parseImportArguments(arg);
		const environment = args.environment ?? processEnvironment();
		const askConfigPath = args.askConfigPath ?? path.join(os.homedir(), '.ask', 'cli_config');

		const candidates: ImportCandidate[] = [];
		const skipped: SkippedSource[] = [];
		let askConfigFound = false;
		try {
			const ask = await readAskCliConfig(askConfigPath, fileReader, environment);
			if (ask.kind === 'found') {
				askConfigFound = true;
				candidates.push(...ask.candidates);
				skipped.push(...ask.skipped);
			}
		} catch (error) {
			if (error instanceof ImportSourceError) {
				logger.warn(`Import refused: ${forLog(error.message, 500)}`);
				notifier.error(vscode.l10n.t('{0} Fix the file or move it aside, then import again.', importSourceErrorText(error)));
				return undefined;
			}
			throw error;
		}
		const fromEnvironment = candidatesFromEnvironment(environment);
		candidates.push(...fromEnvironment.candidates);
		skipped.push(...fromEnvironment.skipped);
		const skippedText = skipped.map((entry) => `${entry.sourceLabel} ${entry.reason}`);
		logger.info(`Import found ${candidates.length} candidate(s) (${forLog(candidates.map((candidate) => candidate.id).join(', ') || 'none', 400)}); skipped ${skipped.length}.`);

		if (candidates.length === 0) {
			const variables = IMPORT_ENVIRONMENT_VARIABLES.join(', ');
			const nothing = askConfigFound
				? vscode.l10n.t('Nothing to import: no ASK CLI profile with tokens in {0}, and none of {1} is set.', askConfigPath, variables)
				: vscode.l10n.t('Nothing to import: no ASK CLI config at {0}, and none of {1} is set.', askConfigPath, variables);
			notifier.info(skippedText.length > 0 ? `${nothing} ${vscode.l10n.t('Skipped: {0}', skippedText.join(' '))}` : nothing);
			return { imported: [], skipped: skippedText };
		}

		const chosen = await this.choose(candidates, args);
		if (!chosen || chosen.length === 0) {
			logger.info('Import cancelled before anything was written.');
			return undefined;
		}

		let plans: { write: ImportWrite; replaced: boolean }[];
		try {
			plans = await this.plan(chosen, args);
		} catch (error) {
			if (error instanceof ImportCancelled) {
				logger.info('Import cancelled before anything was written.');
				return undefined;
			}
			throw error;
		}
		if (plans.length === 0) {
			notifier.info(vscode.l10n.t('Nothing was imported: every chosen profile was skipped.'));
			return { imported: [], skipped: skippedText };
		}

		// Every profile must be valid before the first write.
		const replacedNames = plans.filter((entry) => entry.replaced).map((entry) => entry.write.rawProfile.name as string);
		const taken = this.deps.profiles.all().map((profile) => profile.name).filter((name) => !replacedNames.includes(name));
		for (const { write } of plans) {
			const { problems } = validateProfile(write.rawProfile, taken);
			if (problems.length > 0) {
				notifier.error(vscode.l10n.t('Nothing was imported: the profile "{0}" would be invalid: {1}', String(write.rawProfile.name), problems.map(profileProblemText).join(' ')));
				return undefined;
			}
			taken.push(write.rawProfile.name as string);
		}

		const result: ImportResult = { imported: [], skipped: skippedText };
		for (const { write, replaced } of plans) {
			const name = write.rawProfile.name as string;
			if (replaced) {
				await this.deps.store.deleteCredential(name);
				await this.deps.store.deleteClientSecret(name);
				await this.deps.profiles.remove(name);
			}
			const added = await this.deps.profiles.add(write.rawProfile);
			if (!added.profile) {
				const stopped = vscode.l10n.t('The import stopped at "{0}": {1}', name, added.problems.map(profileProblemText).join(' '));
				notifier.error(result.imported.length > 0
					? `${stopped} ${vscode.l10n.t('Already imported: {0}.', result.imported.map((entry) => entry.profile).join(', '))}`
					: stopped);
				break;
			}
			if (write.clientSecret !== undefined) {
				await this.deps.store.setClientSecret(name, write.clientSecret);
			}
			if (write.credential) {
				await this.deps.store.setCredential(write.credential);
			}
			const stored = [
				write.credential && write.credential.expiresAt > 0 ? 'access token' : undefined,
				write.credential?.refreshToken !== undefined ? 'refresh token' : undefined,
				write.clientSecret !== undefined ? 'client secret' : undefined,
			].filter((part): part is string => part !== undefined);
			logger.info(`Imported profile "${name}" from ${forLog(write.candidateId)}${replaced ? ', replacing the old one' : ''} (${stored.join(', ') || 'no secrets'}).`);
			result.imported.push({
				id: write.candidateId,
				profile: name,
				replaced,
				hasAccessToken: write.credential !== undefined && write.credential.expiresAt > 0,
				hasRefreshToken: write.credential?.refreshToken !== undefined,
				hasClientSecret: write.clientSecret !== undefined,
			});
		}
		if (result.imported.length === 0) {
			return result;
		}
		if (this.deps.profiles.active() === undefined) {
			await this.deps.profiles.setActive(result.imported[0].profile);
		}
		this.deps.onDidImport(result.imported.map((entry) => entry.profile));
		const refreshOnly = result.imported.filter((entry) => entry.hasRefreshToken && !entry.hasAccessToken).map((entry) => `"${entry.profile}"`);
		const names = result.imported.map((entry) => `"${entry.profile}"`).join(', ');
		const imported = result.imported.length === 1
			? vscode.l10n.t('Imported 1 LWA profile: {0}. Secrets are in the editor\'s secret storage; the sources were not changed.', names)
			: vscode.l10n.t('Imported {0} LWA profiles: {1}. Secrets are in the editor\'s secret storage; the sources were not changed.', result.imported.length, names);
		notifier.info(refreshOnly.length > 0 ? `${imported} ${vscode.l10n.t('{0} will fetch an access token on first use.', refreshOnly.join(', '))}` : imported, {
			[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: result.imported[0].profile }),
		});
		return result;
	}

	/** The candidates to import: from `accept`, or the preview QuickPick. */
	private async choose(candidates: ImportCandidate[], args: ImportArguments): Promise<ImportCandidate[] | undefined> {
		if (args.accept) {
			const unknown = args.accept.filter((id) => !candidates.some((candidate) => candidate.id === id));
			if (unknown.length > 0) {
				this.deps.notifier.error(vscode.l10n.t('Nothing was imported: no candidate {0} was found (found: {1}).', unknown.map((id) => `"${id}"`).join(', '), candidates.map((candidate) => candidate.id).join(', ')));
				return undefined;
			}
			return candidates.filter((candidate) => args.accept?.includes(candidate.id));
		}
		const now = this.deps.clock.now();
		const existing = new Set(this.deps.profiles.all().map((profile) => profile.name));
		const picked = await vscode.window.showQuickPick(candidates.map((candidate) => ({
			label: candidate.suggestedName,
			description: existing.has(candidate.suggestedName) ? `${candidate.sourceLabel} · ${vscode.l10n.t('name taken: you will be asked')}` : candidate.sourceLabel,
			detail: [describeCandidateContents(candidate, now), ...candidate.notes].join(' — '),
			picked: true,
			candidate,
		})), {
			title: vscode.l10n.t('LWA: Import Credentials'),
			placeHolder: vscode.l10n.t('Choose what to import. Nothing is written until you confirm; secrets go to the secret storage only.'),
			canPickMany: true,
			matchOnDescription: true,
			ignoreFocusOut: true,
		});
		return picked?.map((item) => item.candidate);
	}

	/** Names and answers for every chosen candidate; throws ImportCancelled when a question is dismissed. */
	private async plan(chosen: ImportCandidate[], args: ImportArguments): Promise<{ write: ImportWrite; replaced: boolean }[]> {
		const interactive = args.accept === undefined;
		const existing = this.deps.profiles.all().map((profile) => profile.name);
		const planned: string[] = [];
		const plans: { write: ImportWrite; replaced: boolean }[] = [];
		for (const candidate of chosen) {
			let name = candidate.suggestedName;
			let replaced = false;
			if (planned.includes(name)) {
				name = uniqueProfileName(name, [...existing, ...planned]);
			} else if (existing.includes(name)) {
				const choice = args.onCollision ?? (interactive ? await askCollision(name) : 'rename');
				if (choice === 'skip') {
					continue;
				}
				if (choice === 'replace') {
					replaced = true;
				} else {
					const suggestion = uniqueProfileName(name, [...existing, ...planned]);
					name = interactive && args.onCollision === undefined ? await askName(suggestion, [...existing, ...planned]) : suggestion;
				}
			}
			planned.push(name);
			const answers: ImportAnswers = {
				name,
				clientId: candidate.clientId ?? args.clientId ?? (interactive ? await askClientId(candidate) : ''),
				region: candidate.region ?? args.region ?? (interactive ? await askRegion(name) : 'NA'),
				scopes: candidate.scopes ?? args.scopes ?? (interactive ? await askScopes(name) : ['profile']),
				redirectUri: args.redirectUri ?? (interactive
					? await askRedirectUri(name, candidate.source === 'ask-cli' ? ASK_CLI_REDIRECT_URI : DEFAULT_REDIRECT_URI)
					: candidate.source === 'ask-cli' ? ASK_CLI_REDIRECT_URI : DEFAULT_REDIRECT_URI),
			};
			if (args.endpoints) {
				answers.endpoints = args.endpoints;
			}
			plans.push({ write: planImport(candidate, answers, this.deps.clock.now()), replaced });
		}
		return plans;
	}


}
