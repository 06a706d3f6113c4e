// lwa.importCredentials: brings credentials from the ASK CLI's ~/.ask/cli_config and from
// environment variables into the secret store (tokens, client secrets) and lwa.profiles (the
// non-secret fields). Everything is read, previewed (masked) and answered first; only then is
// anything written. Sources are never modified, and no secret goes to settings, files or the log.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import vscode = require('vscode');
import { honouredArgument } from '../../core/commandArguments';
import type { CredentialStore } from '../../core/credentials/store';
import type { ImportFileReader } from '../../core/import/askCliConfig';
import { ASK_CLI_REDIRECT_URI, readAskCliConfig } from '../../core/import/askCliConfig';
import type { ImportCandidate, SkippedSource } from '../../core/import/candidate';
import { describeCandidateContents, ImportSourceError, uniqueProfileName } from '../../core/import/candidate';
import { candidatesFromEnvironment, IMPORT_ENVIRONMENT_VARIABLES } from '../../core/import/environment';
import type { ImportAnswers, ImportWrite } from '../../core/import/plan';
import { planImport } from '../../core/import/plan';
import type { Endpoints, Region } from '../../core/lwa/endpoints';
import { REGIONS } from '../../core/lwa/endpoints';
import type { Clock, Logger } from '../../core/ports';
import { validateProfile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { describeProblem } from '../platform/profileRegistry';

/** The command id (fixed by the design). */
export const IMPORT_COMMAND = 'lwa.importCredentials';

/** The redirect URI offered when a source has none (the add-profile wizard's loopback default). */
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:53682/lwa/callback';

/** What to do when an imported profile's name is taken. */
export type CollisionChoice = 'replace' | 'rename' | 'skip';

/** The optional argument of lwa.importCredentials; everything a test needs to run it without UI (honoured only in ExtensionMode.Test). */
export interface ImportArguments {
	/** The cli_config to read; default ~/.ask/cli_config (from os.homedir()). */
	askConfigPath?: string;
	/** The variables to read instead of the process environment. */
	environment?: Record<string, string>;
	/** Candidate ids to import without the preview; with it, nothing is asked (defaults and the fields below answer). */
	accept?: string[];
	/** Answers for what a source lacks. */
	region?: Region;
	scopes?: string[];
	redirectUri?: string;
	clientId?: string;
	/** Endpoint overrides for every imported profile (a local emulator). */
	endpoints?: Partial<Endpoints>;
	/** Name collisions: replace the existing profile, or import under a new name (the default without UI), or skip. */
	onCollision?: CollisionChoice;
}

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

function parseArguments(arg: unknown): ImportArguments {
	if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
		return {};
	}
	const raw = arg as Record<string, unknown>;
	const result: ImportArguments = {};
	if (typeof raw.askConfigPath === 'string') {
		result.askConfigPath = raw.askConfigPath;
	}
	if (typeof raw.environment === 'object' && raw.environment !== null) {
		result.environment = Object.fromEntries(Object.entries(raw.environment).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
	}
	if (Array.isArray(raw.accept)) {
		result.accept = raw.accept.filter((id): id is string => typeof id === 'string');
	}
	if (typeof raw.region === 'string' && (REGIONS as readonly string[]).includes(raw.region)) {
		result.region = raw.region as Region;
	}
	if (Array.isArray(raw.scopes) && raw.scopes.every((scope) => typeof scope === 'string')) {
		result.scopes = raw.scopes as string[];
	}
	if (typeof raw.redirectUri === 'string') {
		result.redirectUri = raw.redirectUri;
	}
	if (typeof raw.clientId === 'string') {
		result.clientId = raw.clientId;
	}
	if (typeof raw.endpoints === 'object' && raw.endpoints !== null) {
		result.endpoints = raw.endpoints as Partial<Endpoints>;
	}
	if (raw.onCollision === 'replace' || raw.onCollision === 'rename' || raw.onCollision === 'skip') {
		result.onCollision = raw.onCollision;
	}
	return result;
}

function processEnvironment(): Record<string, string> {
	return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Thrown inside the importer when the user cancels a question: nothing has been written yet. */
class ImportCancelled extends Error {}

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
		/** ExtensionMode.Test: the arguments below may skip the preview and bring their own sources. */
		testMode: boolean;
	}) {}

	/** Registers lwa.importCredentials. */
	register(): vscode.Disposable {
		return vscode.commands.registerCommand(IMPORT_COMMAND, async (arg: unknown) => {
			try {
				return await this.run(honouredArgument(IMPORT_COMMAND, arg, this.deps.testMode, this.deps.logger));
			} catch (error) {
				this.deps.logger.error(`Import failed unexpectedly (${error instanceof Error ? error.name : 'unexpected error'}).`);
				this.deps.notifier.error(vscode.l10n.t('The import failed unexpectedly; the log has details. Check the imported profiles in lwa.profiles.'));
				return undefined;
			}
		});
	}

	/** Finds, previews, asks and writes. Resolves undefined when cancelled or refused (then nothing was written). */
	async run(arg: unknown): Promise<ImportResult | undefined> {
		const { notifier, logger } = this.deps;
		const args = parseArguments(arg);
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
				logger.warn(`Import refused: ${error.message}`);
				notifier.error(vscode.l10n.t('{0} Fix the file or move it aside, then import again.', error.message));
				return undefined;
			}
			throw error;
		}
		const fromEnvironment = candidatesFromEnvironment(environment);
		candidates.push(...fromEnvironment.candidates);
		skipped.push(...fromEnvironment.skipped);
		const skippedText = skipped.map((entry) => `${entry.sourceLabel} ${entry.reason}`);
		logger.info(`Import found ${candidates.length} candidate(s) (${candidates.map((candidate) => candidate.id).join(', ') || 'none'}); skipped ${skipped.length}.`);

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
				notifier.error(vscode.l10n.t('Nothing was imported: the profile "{0}" would be invalid: {1}', String(write.rawProfile.name), problems.map(describeProblem).join(' ')));
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
				const stopped = vscode.l10n.t('The import stopped at "{0}": {1}', name, added.problems.map(describeProblem).join(' '));
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
			logger.info(`Imported profile "${name}" from ${write.candidateId}${replaced ? ', replacing the old one' : ''} (${stored.join(', ') || 'no secrets'}).`);
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
				const choice = args.onCollision ?? (interactive ? await this.askCollision(name) : 'rename');
				if (choice === 'skip') {
					continue;
				}
				if (choice === 'replace') {
					replaced = true;
				} else {
					const suggestion = uniqueProfileName(name, [...existing, ...planned]);
					name = interactive && args.onCollision === undefined ? await this.askName(suggestion, [...existing, ...planned]) : suggestion;
				}
			}
			planned.push(name);
			const answers: ImportAnswers = {
				name,
				clientId: candidate.clientId ?? args.clientId ?? (interactive ? await this.askClientId(candidate) : ''),
				region: candidate.region ?? args.region ?? (interactive ? await this.askRegion(name) : 'NA'),
				scopes: candidate.scopes ?? args.scopes ?? (interactive ? await this.askScopes(name) : ['profile']),
				redirectUri: args.redirectUri ?? (interactive
					? await this.askRedirectUri(name, candidate.source === 'ask-cli' ? ASK_CLI_REDIRECT_URI : DEFAULT_REDIRECT_URI)
					: candidate.source === 'ask-cli' ? ASK_CLI_REDIRECT_URI : DEFAULT_REDIRECT_URI),
			};
			if (args.endpoints) {
				answers.endpoints = args.endpoints;
			}
			plans.push({ write: planImport(candidate, answers, this.deps.clock.now()), replaced });
		}
		return plans;
	}

	private async askCollision(name: string): Promise<CollisionChoice> {
		const picked = await vscode.window.showQuickPick([
			{ label: vscode.l10n.t('Import under another name'), description: vscode.l10n.t('keep the existing profile'), choice: 'rename' as const },
			{ label: vscode.l10n.t('Replace "{0}"', name), description: vscode.l10n.t('its settings, tokens and client secret are replaced'), choice: 'replace' as const },
			{ label: vscode.l10n.t('Skip this one'), choice: 'skip' as const },
		], { title: vscode.l10n.t('LWA: Import — a profile named "{0}" exists', name), placeHolder: vscode.l10n.t('What should the import do?'), ignoreFocusOut: true });
		if (!picked) {
			throw new ImportCancelled();
		}
		return picked.choice;
	}

	private async askName(suggestion: string, taken: readonly string[]): Promise<string> {
		const name = await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Import — profile name'),
			value: suggestion,
			prompt: vscode.l10n.t('A new name for the imported profile'),
			ignoreFocusOut: true,
			validateInput: (value) => value.trim() === '' ? vscode.l10n.t('Enter a name.') : taken.includes(value.trim()) ? vscode.l10n.t('A profile named "{0}" exists already.', value.trim()) : undefined,
		});
		if (name === undefined) {
			throw new ImportCancelled();
		}
		return name.trim();
	}

	private async askClientId(candidate: ImportCandidate): Promise<string> {
		const value = await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Import "{0}" — client id', candidate.suggestedName),
			prompt: candidate.issuedForAskCliClient
				? vscode.l10n.t('These ASK CLI tokens were issued for the ASK CLI\'s own client. Enter the client id of your security profile (refreshing these tokens with it will fail; sign in again afterwards).')
				: vscode.l10n.t('The security profile\'s client id the tokens were issued for'),
			placeHolder: 'amzn1.application-oa2-client.…',
			ignoreFocusOut: true,
			validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter the client id.') : /\s/.test(text.trim()) ? vscode.l10n.t('A client id has no spaces.') : undefined,
		});
		if (value === undefined) {
			throw new ImportCancelled();
		}
		return value.trim();
	}

	private async askRegion(name: string): Promise<Region> {
		const picked = await vscode.window.showQuickPick(REGIONS.map((region) => ({ label: region, region })), {
			title: vscode.l10n.t('LWA: Import "{0}" — region', name),
			placeHolder: vscode.l10n.t('The Login with Amazon region of the security profile (NA if unsure)'),
			ignoreFocusOut: true,
		});
		if (!picked) {
			throw new ImportCancelled();
		}
		return picked.region;
	}

	private async askScopes(name: string): Promise<string[]> {
		const value = await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Import "{0}" — scopes', name),
			prompt: vscode.l10n.t('Scopes to request when signing in again, separated by spaces'),
			value: 'profile',
			ignoreFocusOut: true,
			validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter at least one scope.') : undefined,
		});
		if (value === undefined) {
			throw new ImportCancelled();
		}
		return value.trim().split(/\s+/);
	}

	private async askRedirectUri(name: string, suggestion: string): Promise<string> {
		const value = await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Import "{0}" — redirect URI', name),
			prompt: vscode.l10n.t('The redirect URI registered in the security profile\'s Allowed Return URLs (used when you sign in again)'),
			value: suggestion,
			ignoreFocusOut: true,
			validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter the redirect URI.') : undefined,
		});
		if (value === undefined) {
			throw new ImportCancelled();
		}
		return value.trim();
	}
}
