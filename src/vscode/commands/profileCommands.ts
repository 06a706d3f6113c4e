// The profile commands: Add Profile (the wizard, or a raw profile in the argument), Remove Profile,
// Switch Profile and Set Client Secret. Profiles live in lwa.profiles (user settings); client secrets
// only in the secret storage.
import vscode = require('vscode');
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { parseDatesAnswer } from '../sellingPartner/secretHealthWatch';
import type { SecretHealthWatch } from '../sellingPartner/secretHealthWatch';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { activeProfileSetting } from '../platform/settings';
import { argumentFields, stringField } from '../ui/argumentFields';
import { profileFieldProblemText } from '../ui/problemTexts';
import type { ProfileResolver } from '../ui/profilePicker';
import { runProfileWizard } from './profileWizard';

/** Add, Remove and Switch Profile, and Set Client Secret. */
export class ProfileCommands {
	constructor(private readonly deps: {
		registry: ProfileRegistry;
		profiles: ProfileResolver;
		store: CredentialStore;
		service: CredentialService;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		/** ExtensionMode.Test: a named profile is removed without the question. */
		testMode: boolean;
		/** SP-API client secret health: the dates asked and kept, the old secret during the overlap. */
		secretHealth: SecretHealthWatch;
	}) {}

	/** The commands this feature adds. */
	handlers() {
		return {
			'lwa.addProfile': (arg: unknown) => this.addProfile(arg),
			'lwa.removeProfile': (arg: unknown) => this.removeProfile(arg),
			'lwa.switchProfile': (arg: unknown) => this.switchProfile(arg),
			'lwa.setClientSecret': (arg: unknown) => this.setClientSecret(arg),
		};
	}

	async addProfile(arg: unknown): Promise<{ profile: string } | undefined> {
		const given = argumentFields(arg).profile;
		let raw: unknown;
		let clientSecret = stringField(arg, 'clientSecret');
		if (given !== undefined) {
			raw = given;
		} else {
			const existing = this.deps.registry.all().map((profile) => profile.name);
			const result = await runProfileWizard(existing);
			if (!result) {
				return undefined;
			}
			raw = result.profile;
			clientSecret = result.clientSecret;
		}
		const { profile, problems } = await this.deps.registry.add(raw);
		if (!profile) {
			this.deps.notifier.error(vscode.l10n.t('The profile was not added: {0}', problems.map(profileFieldProblemText).join(' ')));
			return undefined;
		}
		if (clientSecret !== undefined && clientSecret !== '') {
			await this.deps.secretHealth.secretChanging(profile, clientSecret, await this.secretDates(profile, arg, given === undefined));
			await this.deps.store.setClientSecret(profile.name, clientSecret);
			this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		}
		if (this.deps.registry.active() === undefined || activeProfileSetting() === undefined) {
			await this.deps.registry.setActive(profile.name);
		}
		this.deps.notifier.info(vscode.l10n.t('Added the LWA profile "{0}".', profile.name), {
			[vscode.l10n.t('Sign In')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
			// Self-authorization: a refresh token from Seller Central's "Authorize app" or Vendor Central's "Generate refresh token".
			...(profile.api === 'sp-api' && profile.grant === 'authorization_code'
				? { [vscode.l10n.t('Set Refresh Token')]: () => vscode.commands.executeCommand('lwa.setRefreshToken', { profile: profile.name }) }
				: {}),
		});
		return { profile: profile.name };
	}

	async removeProfile(arg: unknown): Promise<boolean> {
		const named = stringField(arg, 'profile');
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to remove'), true);
		if (!profile) {
			return false;
		}
		// Another extension can run this command with a name; only the tests may skip the question.
		if (named === undefined || !this.deps.testMode) {
			const remove = vscode.l10n.t('Remove');
			const confirmed = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the LWA profile "{0}" with its tokens and client secret?', profile.name), { modal: true }, remove);
			if (confirmed !== remove) {
				return false;
			}
		}
		await this.deps.service.signOut(profile.name);
		await this.deps.store.deleteClientSecret(profile.name);
		await this.deps.secretHealth.secretRemoved(profile.name);
		await this.deps.secretHealth.records.forget(profile.name);
		await this.deps.registry.remove(profile.name);
		this.deps.logger.info(`Removed profile "${profile.name}" and its secrets.`);
		this.deps.notifier.info(vscode.l10n.t('Removed the LWA profile "{0}" and its secrets.', profile.name));
		return true;
	}

	async switchProfile(arg: unknown): Promise<string | undefined> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to make active'), true);
		if (!profile) {
			return undefined;
		}
		await this.deps.registry.setActive(profile.name);
		this.deps.logger.info(`Active profile is now "${profile.name}".`);
		return profile.name;
	}

	async setClientSecret(arg: unknown): Promise<boolean> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to set the client secret of'));
		if (!profile) {
			return false;
		}
		const secret = stringField(arg, 'clientSecret') ?? await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Client Secret of "{0}"', profile.name),
			prompt: vscode.l10n.t('The security profile\'s client secret. It is kept in the editor\'s secret storage only. Leave empty to remove it.'),
			password: true,
			ignoreFocusOut: true,
		});
		if (secret === undefined) {
			return false;
		}
		if (secret.trim() === '') {
			await this.deps.store.deleteClientSecret(profile.name);
			await this.deps.secretHealth.secretRemoved(profile.name);
			this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
			this.deps.notifier.info(vscode.l10n.t('Removed the client secret of "{0}".', profile.name));
			return true;
		}
		await this.deps.secretHealth.secretChanging(profile, secret.trim(), await this.secretDates(profile, arg, stringField(arg, 'clientSecret') === undefined));
		if (await this.deps.store.setClientSecret(profile.name, secret.trim()) === 'kept in memory') {
			this.deps.notifier.warn(vscode.l10n.t('The secret storage is not available, so the client secret of "{0}" is kept in this window\'s memory only, until it closes or reloads.', profile.name));
			return true;
		}
		this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		this.deps.notifier.info(vscode.l10n.t('Stored the client secret of "{0}".', profile.name));
		return true;
	}

	/**
	 * Amazon's dates of a new SP-API client secret: the argument's `secretIssuedAt` or
	 * `secretExpiresAt` (YYYY-MM-DD; not secret), else asked when the secret was typed, else none
	 * (the set date counts).
	 */
	private async secretDates(profile: Profile, arg: unknown, typed: boolean) {
		const issued = stringField(arg, 'secretIssuedAt');
		const expires = stringField(arg, 'secretExpiresAt');
		if (issued !== undefined || expires !== undefined) {
			const parsed = parseDatesAnswer(expires !== undefined ? `expires ${expires}` : issued ?? '', this.deps.clock);
			return parsed === undefined || parsed === 'invalid' ? {} : parsed;
		}
		return typed ? this.deps.secretHealth.askDates(profile) : {};
	}
}
