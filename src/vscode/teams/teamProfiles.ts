// Team profiles in the editor: sign-in with the refresh token of the team's AWS Secrets Manager
// secret, writing a new refresh token or a rotated client secret back to it (after a confirmation
// that names the secret), and the offer to fix a profile's client id from the secret's. The AWS SDK
// is in dist/awsSecrets.js, required here the first time a team profile's secret is read.
import vscode = require('vscode');
import { accountModeOf, partnerAccount } from '../../core/credentials/accounts';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { isLwaError } from '../../core/lwa/errors';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type * as AwsSecretsModule from '../../core/teams/awsSecretsClient';
import type { TeamCredentialSource } from '../../core/teams/teamCredentials';
import { readTeamSecret, teamCredentialSource, teamSecretSource } from '../../core/teams/teamCredentials';
import type { TeamSecretChange } from '../../core/teams/teamSecret';
import { secretForLog, TeamSecrets } from '../../core/teams/teamSecrets';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { CONFIG_SECTION } from '../platform/settings';
import { argumentFields, stringField } from '../ui/argumentFields';
import { formatRemaining } from '../ui/countdownText';
import { failureText } from '../ui/errorTexts';
import type { ProfileResolver } from '../ui/profilePicker';

/** lwa.secretsManager.cacheSeconds: how long a read secret is kept in memory (default 300, 0-3600). */
export function teamSecretCacheSeconds(): number {
	const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>('secretsManager.cacheSeconds', 300);
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(3600, Math.max(0, value)) : 300;
}

/** The team secret reader of the features: its memory cache, and the AWS SDK loaded on first use. */
export function createTeamSecrets(deps: { clock: Clock; logger: Logger }): { secrets: TeamSecrets; source: TeamCredentialSource } {
	const secrets = new TeamSecrets({
		clock: deps.clock,
		logger: deps.logger,
		cacheSeconds: teamSecretCacheSeconds,
		connect: (location) => {
			// esbuild keeps this a run-time require of dist/awsSecrets.js (a separate bundle), so the AWS
			// SDK is loaded only when a team profile's secret is first read.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require('./awsSecrets.js') as typeof AwsSecretsModule;
			return module.createSecretsManagerApi(location);
		},
	});
	return { secrets, source: teamCredentialSource(secrets) };
}

/** What a team profile's sign-in resolves to (no secrets), like lwa.signIn's summary. */
export interface TeamSignInSummary {
	profile: string;
	expiresAt: number;
	hasRefreshToken: boolean;
	fromTeamSecret: true;
}

export class TeamProfiles {
	constructor(private readonly deps: {
		secrets: TeamSecrets;
		service: CredentialService;
		store: CredentialStore;
		registry: ProfileRegistry;
		profiles: ProfileResolver;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		testMode: boolean;
		/** The ordinary sign-in (the browser's consent) and Set Client Secret, for profiles without a secret. */
		signIn: (arg: unknown) => Promise<unknown>;
		setClientSecret: (arg: unknown) => Promise<unknown>;
	}) {}

	/** lwa.signIn and lwa.setClientSecret, team-aware: team profiles take their way, the others the usual one. */
	handlers() {
		return {
			'lwa.signIn': (arg: unknown) => this.signIn(arg),
			'lwa.setClientSecret': (arg: unknown) => this.setClientSecret(arg),
			'lwa.importTeamSecret': (arg: unknown) => this.importCopy(arg),
		};
	}

	/**
	 * The one way a team secret's values reach this machine's storage, and only when asked: copies the
	 * client secret and refresh token into the secret storage and removes `secretsManager` from the
	 * profile, which from then on is this machine's own (changes to the team secret no longer reach it).
	 */
	async importCopy(arg: unknown): Promise<boolean> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the team profile to copy onto this machine'));
		if (!profile) {
			return false;
		}
		const source = teamSecretSource(profile);
		if (!source) {
			this.deps.notifier.info(vscode.l10n.t('"{0}" does not read an AWS Secrets Manager secret (it has no "secretsManager").', profile.name));
			return false;
		}
		if (!(this.deps.testMode && argumentFields(arg).confirm === true)) {
			const copy = vscode.l10n.t('Copy to This Machine');
			const answer = await vscode.window.showWarningMessage(
				vscode.l10n.t('Copy the client secret and refresh token of the team secret "{0}" into this editor\'s secret storage, and make "{1}" a profile of this machine only? It then no longer reads the team secret, so later changes there do not reach it.', source.secretId, profile.name),
				{ modal: true }, copy);
			if (answer !== copy) {
				return false;
			}
		}
		try {
			const read = await readTeamSecret(this.deps.secrets, profile);
			const { profile: local, problems } = await this.deps.registry.updateFields(profile.name, { secretsManager: undefined });
			if (!local) {
				this.deps.logger.warn(`Profile "${profile.name}" could not be made local (${problems.map((problem) => problem.kind).join(', ')}); nothing was copied.`);
				return false;
			}
			await this.deps.store.setClientSecret(local.name, read.credentials.clientSecret);
			const { refreshToken, sellingPartnerId } = read.credentials;
			const account = accountModeOf(local) === 'partner' ? partnerAccount(sellingPartnerId) : undefined;
			if (refreshToken !== undefined && (accountModeOf(local) !== 'partner' || account !== undefined)) {
				await this.deps.service.adoptRefreshToken(local, { refreshToken, ...(account !== undefined ? { account } : {}) });
			}
			this.deps.logger.info(`Copied the team secret ${secretForLog(source)} into the secret storage; profile "${local.name}" no longer reads it.`);
			this.deps.notifier.info(vscode.l10n.t('Copied the team secret "{0}" into this editor\'s secret storage; "{1}" now uses this copy.', source.secretId, local.name));
			return true;
		} catch (error) {
			this.report(profile, error);
			return false;
		}
	}

	/**
	 * A team profile whose secret holds a refresh token signs in with it: one refresh, no browser, and
	 * only the access token is stored here. A secret without one signs in by consent as usual, then
	 * offers to write the new refresh token back.
	 */
	async signIn(arg: unknown): Promise<unknown> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to sign in to'));
		if (!profile) {
			return undefined;
		}
		const source = teamSecretSource(profile);
		if (!source) {
			return this.deps.signIn({ ...argumentFields(arg), profile: profile.name });
		}
		try {
			const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the team secret "{0}"…', source.secretId) }, () => readTeamSecret(this.deps.secrets, profile));
			if (read.credentials.refreshToken === undefined) {
				this.deps.logger.info(`The team secret ${secretForLog(source)} holds no refresh token; profile "${profile.name}" signs in by consent.`);
				// The consent's refresh token is held in memory, not stored, until the user answers the
				// write-back question: a token written to the team's secret never touches this machine's
				// secret storage.
				this.deps.service.holdConsentRefreshToken(profile.name);
				let result: unknown;
				try {
					result = await this.deps.signIn({ ...argumentFields(arg), profile: profile.name });
				} finally {
					const held = this.deps.service.releaseConsentRefreshToken(profile.name);
					if (held !== undefined) {
						await this.offerNewRefreshToken(profile, held, arg);
					}
				}
				return result;
			}
			const credential = await this.deps.service.refresh(profile);
			if (this.deps.registry.active() === undefined) {
				await this.deps.registry.setActive(profile.name);
			}
			this.deps.notifier.info(vscode.l10n.t('Signed in to "{0}" with the team secret "{1}". The access token is valid for {2}.', profile.name, source.secretId, formatRemaining(credential.expiresAt, this.deps.clock.now())), {
				[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }),
			});
			const summary: TeamSignInSummary = { profile: profile.name, expiresAt: credential.expiresAt, hasRefreshToken: true, fromTeamSecret: true };
			return summary;
		} catch (error) {
			this.report(profile, error);
			return undefined;
		}
	}

	/**
	 * A team profile's new client secret goes to the team's secret (after the confirmation), never to
	 * this machine's secret storage. Other profiles: the usual Set Client Secret.
	 */
	async setClientSecret(arg: unknown): Promise<unknown> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to set the client secret of'));
		if (!profile) {
			return false;
		}
		const source = teamSecretSource(profile);
		if (!source) {
			return this.deps.setClientSecret({ ...argumentFields(arg), profile: profile.name });
		}
		// A secret in a command's argument is for the tests only.
		const given = this.deps.testMode ? stringField(arg, 'clientSecret') : undefined;
		const secret = given ?? await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Client Secret of "{0}"', profile.name),
			prompt: vscode.l10n.t('The new client secret of the security profile. It is written to the team secret "{0}", not kept on this machine.', source.secretId),
			password: true,
			ignoreFocusOut: true,
		});
		if (secret === undefined || secret.trim() === '') {
			return false;
		}
		return this.writeBack(profile, { clientSecret: secret.trim() }, arg);
	}

	/**
	 * After a consent sign-in of a team profile: offers its refresh token to the team's secret. When it
	 * is not written there (declined, or the write failed), this machine keeps it, as for any profile.
	 */
	private async offerNewRefreshToken(profile: Profile, refreshToken: string, arg: unknown): Promise<void> {
		const credential = await this.deps.service.getValidCredential(profile).catch(() => undefined);
		const partner = credential?.account?.kind === 'partner' ? credential.account.id : undefined;
		const written = await this.writeBack(profile, { refreshToken, ...(partner !== undefined ? { sellingPartnerId: partner } : {}) }, arg);
		if (!written) {
			await this.deps.service.keepRefreshToken(profile, refreshToken).catch((error: unknown) => this.report(profile, error));
		}
	}

	/** Asks (naming the secret), then writes the change back; says what happened either way. */
	private async writeBack(profile: Profile, change: TeamSecretChange, arg: unknown): Promise<boolean> {
		const source = teamSecretSource(profile);
		if (!source) {
			return false;
		}
		const what = change.clientSecret !== undefined ? vscode.l10n.t('the new client secret') : vscode.l10n.t('the new refresh token');
		// Only the tests may answer the question themselves (ExtensionMode.Test and an explicit
		// writeBack: true to write, false to decline).
		const answered = this.deps.testMode ? argumentFields(arg).writeBack : undefined;
		if (answered === false) {
			this.deps.logger.info(`Nothing was written back to the team secret ${secretForLog(source)}: the user did not confirm.`);
			return false;
		}
		if (answered !== true) {
			const write = vscode.l10n.t('Write to Team Secret');
			const answer = await vscode.window.showWarningMessage(
				vscode.l10n.t('Write {0} to the AWS Secrets Manager secret "{1}" (region {2})? Everyone who reads that secret gets it.', what, source.secretId, source.region),
				{ modal: true }, write);
			if (answer !== write) {
				this.deps.logger.info(`Nothing was written back to the team secret ${secretForLog(source)}: the user did not confirm.`);
				return false;
			}
		}
		try {
			await this.deps.secrets.writeBack(source, change);
			this.deps.notifier.info(vscode.l10n.t('Wrote {0} to the team secret "{1}".', what, source.secretId));
			return true;
		} catch (error) {
			this.report(profile, error);
			return false;
		}
	}

	/** Words a failure; a client id that differs from the secret's gets the offer to take the secret's. */
	private report(profile: Profile, error: unknown): void {
		this.deps.logger.warn(`Team profile "${profile.name}": ${isLwaError(error) ? `${error.code}${error.reason ? ` (${error.reason})` : ''}` : 'unexpected error'}.`);
		if (isLwaError(error, 'team_secret') && error.reason === 'client_id_mismatch') {
			this.deps.notifier.error(failureText(error), {
				[vscode.l10n.t('Use the Secret\'s Client Id')]: () => this.adoptSecretClientId(profile),
			});
			return;
		}
		this.deps.notifier.error(failureText(error));
	}

	/** Sets the profile's clientId (not a secret) to the secret's, once the user confirms the value shown. */
	private async adoptSecretClientId(profile: Profile): Promise<void> {
		try {
			const source = teamSecretSource(profile);
			if (!source) {
				return;
			}
			const read = await this.deps.secrets.read(source);
			const use = vscode.l10n.t('Use This Client Id');
			const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Set the "clientId" of "{0}" to {1}, the client id in the team secret "{2}"?', profile.name, read.credentials.clientId, source.secretId), { modal: true }, use);
			if (answer !== use) {
				return;
			}
			await this.deps.registry.updateFields(profile.name, { clientId: read.credentials.clientId });
			this.deps.logger.info(`Profile "${profile.name}" now uses the client id of the team secret ${secretForLog(source)}.`);
		} catch (error) {
			this.deps.notifier.error(failureText(error));
		}
	}
}
