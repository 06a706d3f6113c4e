// The commands. Each command that acts on a profile takes an optional first argument
// `{ profile: string }` (plus command-specific fields); without it, it uses the active profile and
// asks when there is none. Fields that carry a secret or skip a confirmation are honoured only in
// ExtensionMode.Test (core/commandArguments.ts). Commands
// report failures to the user themselves and resolve to undefined instead of throwing.
// Text shown to the user goes through vscode.l10n.t (whole sentences with {0} placeholders); log
// lines stay English.
import vscode = require('vscode');
import { honouredArgument } from '../../core/commandArguments';
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { isLwaError, isTransientFailure, toUserMessage } from '../../core/lwa/errors';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { formatRemaining } from '../../core/time/countdown';
import type { ClipboardWriter } from '../platform/clipboard';
import type { CopyFormat } from '../../core/copyFormats';
import { COPY_FORMATS, formatToken, isCopyFormat } from '../../core/copyFormats';
import type { Notifier } from '../platform/notifier';
import { deliverPastedInput } from '../../core/signIn/callbackRouting';
import type { PendingSignIns } from '../../core/signIn/pendingSignIns';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { describeProblem } from '../platform/profileRegistry';
import { runProfileWizard } from './profileWizard';
import type { SignInFlow } from '../signIn/signInFlow';
import { activeProfileSetting } from '../platform/settings';
import { QUICK_ACTIONS_COMMAND } from '../views/statusBar';

/** Everything the commands use. */
export interface CommandDependencies {
	profiles: ProfileRegistry;
	store: CredentialStore;
	service: CredentialService;
	flow: SignInFlow;
	pending: PendingSignIns;
	clipboard: ClipboardWriter;
	notifier: Notifier;
	logger: Logger;
	clock: Clock;
	showLog: () => void;
	/** ExtensionMode.Test: arguments may carry secrets and skip confirmations. */
	testMode: boolean;
}

/** What lwa.signIn and lwa.refresh resolve to on success (no secrets). */
export interface TokenSummary {
	profile: string;
	expiresAt: number;
	hasRefreshToken: boolean;
}

/** Failures after which the stored tokens are still there: the trouble was on the way. */

function objectArgument(arg: unknown): Record<string, unknown> {
	return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !(arg instanceof vscode.Uri) ? arg as Record<string, unknown> : {};
}

function stringField(arg: unknown, key: string): string | undefined {
	const value = objectArgument(arg)[key];
	return typeof value === 'string' ? value : undefined;
}

function summary(credential: StoredCredential): TokenSummary {
	return { profile: credential.profile, expiresAt: credential.expiresAt, hasRefreshToken: credential.refreshToken !== undefined };
}

/** The localized label of a copy format (copyFormats.ts stays free of vscode, so its labels are English). */
export function copyFormatLabel(format: CopyFormat): string {
	switch (format) {
		case 'raw':
			return vscode.l10n.t('Access token');
		case 'bearer':
			return vscode.l10n.t('Bearer token');
		case 'authorizationHeader':
			return vscode.l10n.t('Authorization header');
		case 'amzAccessTokenHeader':
			return vscode.l10n.t('x-amz-access-token header');
		case 'curl':
			return vscode.l10n.t('curl command');
		case 'dotenv':
			return vscode.l10n.t('.env line');
		case 'restClientVariable':
			return vscode.l10n.t('REST Client / httpyac variable');
	}
}

/** The command implementations. */
export class Commands {
	constructor(private readonly deps: CommandDependencies) {}

	/** Registers every command; the returned disposables unregister them. */
	register(): vscode.Disposable[] {
		const commands: Record<string, (arg: unknown) => Promise<unknown>> = {
			'lwa.signIn': (arg) => this.signIn(arg),
			'lwa.signOut': (arg) => this.signOut(arg),
			'lwa.refresh': (arg) => this.refresh(arg),
			'lwa.copyAccessToken': (arg) => this.copy(arg, 'raw'),
			'lwa.copyAuthorizationHeader': (arg) => this.copy(arg, 'authorizationHeader'),
			'lwa.copyAs': (arg) => this.copyAs(arg),
			'lwa.addProfile': (arg) => this.addProfile(arg),
			'lwa.removeProfile': (arg) => this.removeProfile(arg),
			'lwa.switchProfile': (arg) => this.switchProfile(arg),
			'lwa.setClientSecret': (arg) => this.setClientSecret(arg),
			'lwa.completeSignIn': (arg) => this.completeSignIn(arg),
			'lwa.showLog': async () => this.deps.showLog(),
			[QUICK_ACTIONS_COMMAND]: (arg) => this.showQuickActions(arg),
		};
		return Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, async (arg: unknown) => {
			try {
				return await run(honouredArgument(id, arg, this.deps.testMode, this.deps.logger));
			} catch (error) {
				this.reportUnexpected(id, error);
				return undefined;
			}
		}));
	}

	/** A valid token, refreshed first when stale, for the testing hook (other extensions use the authentication provider). */
	async accessToken(profileName?: string): Promise<string> {
		const profile = profileName !== undefined ? this.deps.profiles.find(profileName) : this.deps.profiles.active();
		if (!profile) {
			throw new Error(profileName !== undefined ? vscode.l10n.t('There is no valid LWA profile named "{0}".', profileName) : vscode.l10n.t('There is no active LWA profile.'));
		}
		try {
			return (await this.deps.service.getValidCredential(profile)).accessToken;
		} catch (error) {
			throw new Error(toUserMessage(error));
		}
	}

	async signIn(arg: unknown): Promise<TokenSummary | undefined> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to sign in to'));
		if (!profile) {
			return undefined;
		}
		if (profile.grant === 'authorization_code' && (await this.deps.store.getClientSecret(profile.name)) === undefined) {
			this.deps.notifier.warn(vscode.l10n.t('Profile "{0}" has no client secret: Login with Amazon then returns no refresh token, so you will have to sign in again when the access token expires (in an hour).', profile.name), {
				[vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
		}
		try {
			const credential = await vscode.window.withProgress({
				location: vscode.ProgressLocation.Notification,
				title: vscode.l10n.t('LWA: signing in to "{0}"', profile.name),
				// A client credentials sign-in is one token request, with nothing to cancel.
				cancellable: profile.grant !== 'client_credentials',
			}, (progress, cancellation) => this.deps.flow.signIn(profile, { report: (message) => progress.report({ message }) }, cancellation));
			if (activeProfileSetting() === undefined) {
				await this.deps.profiles.setActive(profile.name);
			}
			const remaining = formatRemaining(credential.expiresAt, this.deps.clock.now());
			this.deps.notifier.info(credential.refreshToken || profile.grant === 'client_credentials'
				? vscode.l10n.t('Signed in to "{0}". The access token is valid for {1}.', profile.name, remaining)
				: vscode.l10n.t('Signed in to "{0}". The access token is valid for {1}. There is no refresh token, so sign in again when it expires.', profile.name, remaining), {
				[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }),
			});
			return summary(credential);
		} catch (error) {
			this.reportSignInError(profile, error);
			return undefined;
		}
	}

	/**
	 * Hands a pasted redirected URL (state checked) or bare code to the waiting sign-in it belongs to.
	 * Resolves true when a sign-in took it; the sign-in itself then finishes and reports.
	 */
	async completeSignIn(arg: unknown): Promise<boolean> {
		const { pending, notifier, logger } = this.deps;
		if (pending.size === 0) {
			notifier.error(vscode.l10n.t('No sign-in is waiting for a redirect. Run "LWA: Sign In" first, then paste the address the browser ends on.'), {
				[vscode.l10n.t('Sign In')]: () => vscode.commands.executeCommand('lwa.signIn'),
			});
			return false;
		}
		const input = stringField(arg, 'input') ?? await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Complete Sign-In'),
			prompt: vscode.l10n.t('Paste the full address the browser ended on after you allowed access, or just the authorization code'),
			placeHolder: 'https://…?code=…&state=…',
			ignoreFocusOut: true,
		});
		if (input === undefined) {
			return false;
		}
		const outcome = await deliverPastedInput(pending, input, {
			profileName: stringField(arg, 'profile'),
			logger,
			chooseSignIn: async (waiting) => (await vscode.window.showQuickPick(waiting.map((entry) => ({
				label: entry.profileName,
				description: vscode.l10n.t('started {0}', new Date(entry.startedAt).toLocaleTimeString()),
				entry,
			})), { placeHolder: vscode.l10n.t('Which sign-in is this code for?') }))?.entry,
		});
		switch (outcome.kind) {
			case 'delivered':
				return true;
			case 'unreadable':
			case 'no_code':
				notifier.error(toUserMessage(outcome.error));
				return false;
			case 'no_matching_state':
				notifier.error(vscode.l10n.t('The pasted address does not belong to a sign-in that is waiting here (its state does not match). Paste the address from the most recent sign-in.'));
				return false;
			case 'no_sign_in_of_profile':
				notifier.error(vscode.l10n.t('No sign-in of profile "{0}" is waiting.', outcome.profileName));
				return false;
			case 'none_chosen':
				notifier.error(vscode.l10n.t('No sign-in was chosen for the code.'));
				return false;
			case 'no_longer_waiting':
				return false;
		}
	}

	async refresh(arg: unknown): Promise<TokenSummary | undefined> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to refresh'));
		if (!profile) {
			return undefined;
		}
		try {
			const credential = await this.deps.service.refresh(profile);
			this.deps.notifier.info(vscode.l10n.t('Refreshed the access token of "{0}"; it is valid for {1}.', profile.name, formatRemaining(credential.expiresAt, this.deps.clock.now())));
			return summary(credential);
		} catch (error) {
			this.reportTokenError(profile, error, 'refresh');
			return undefined;
		}
	}

	async copy(arg: unknown, format: CopyFormat): Promise<boolean> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to copy a token of'));
		if (!profile) {
			return false;
		}
		let credential: StoredCredential;
		try {
			credential = await this.deps.service.getValidCredential(profile);
		} catch (error) {
			this.reportTokenError(profile, error, 'copy');
			return false;
		}
		await this.deps.clipboard.write(formatToken(format, credential.accessToken));
		this.deps.logger.info(`Copied the access token of profile "${profile.name}" (${format}).`);
		this.deps.notifier.info(vscode.l10n.t('Copied: {0} of "{1}" (valid for {2}).', copyFormatLabel(format), profile.name, formatRemaining(credential.expiresAt, this.deps.clock.now())));
		return true;
	}

	async copyAs(arg: unknown): Promise<boolean> {
		const requested = objectArgument(arg).format;
		let format: CopyFormat | undefined;
		if (requested !== undefined) {
			if (!isCopyFormat(requested)) {
				this.deps.notifier.error(vscode.l10n.t('Unknown copy format "{0}". Known formats: {1}.', String(requested), COPY_FORMATS.map((entry) => entry.format).join(', ')));
				return false;
			}
			format = requested;
		} else {
			const picked = await vscode.window.showQuickPick(COPY_FORMATS.map((entry) => ({ label: copyFormatLabel(entry.format), description: entry.description, format: entry.format })), {
				title: vscode.l10n.t('LWA: Copy Access Token As…'),
				placeHolder: vscode.l10n.t('How to copy the access token'),
			});
			format = picked?.format;
		}
		return format ? this.copy(arg, format) : false;
	}

	async signOut(arg: unknown): Promise<boolean> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to sign out of'));
		if (!profile) {
			return false;
		}
		await this.deps.service.signOut(profile.name);
		const removeClientSecret = objectArgument(arg).removeClientSecret;
		const hasSecret = (await this.deps.store.getClientSecret(profile.name)) !== undefined;
		if (removeClientSecret === true && hasSecret) {
			await this.deps.store.deleteClientSecret(profile.name);
			this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}" and removed its client secret.', profile.name));
		} else if (removeClientSecret === undefined && hasSecret) {
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}". Remove its client secret from this machine too?', profile.name), {
				[vscode.l10n.t('Remove Client Secret')]: async () => {
					await this.deps.store.deleteClientSecret(profile.name);
					this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
				},
				[vscode.l10n.t('Keep It')]: () => undefined,
			});
		} else {
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}".', profile.name));
		}
		return true;
	}

	async addProfile(arg: unknown): Promise<{ profile: string } | undefined> {
		const given = objectArgument(arg).profile;
		let raw: unknown;
		let clientSecret = stringField(arg, 'clientSecret');
		if (given !== undefined) {
			raw = given;
		} else {
			const existing = this.deps.profiles.all().map((profile) => profile.name);
			const result = await runProfileWizard(existing);
			if (!result) {
				return undefined;
			}
			raw = result.profile;
			clientSecret = result.clientSecret;
		}
		const { profile, problems } = await this.deps.profiles.add(raw);
		if (!profile) {
			this.deps.notifier.error(vscode.l10n.t('The profile was not added: {0}', problems.map((problem) => problem.message).join(' ')));
			return undefined;
		}
		if (clientSecret !== undefined && clientSecret !== '') {
			await this.deps.store.setClientSecret(profile.name, clientSecret);
			this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		}
		if (this.deps.profiles.active() === undefined || activeProfileSetting() === undefined) {
			await this.deps.profiles.setActive(profile.name);
		}
		this.deps.notifier.info(vscode.l10n.t('Added the LWA profile "{0}".', profile.name), {
			[vscode.l10n.t('Sign In')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		});
		return { profile: profile.name };
	}

	async removeProfile(arg: unknown): Promise<boolean> {
		const named = stringField(arg, 'profile');
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to remove'), true);
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
		await this.deps.profiles.remove(profile.name);
		this.deps.logger.info(`Removed profile "${profile.name}" and its secrets.`);
		this.deps.notifier.info(vscode.l10n.t('Removed the LWA profile "{0}" and its secrets.', profile.name));
		return true;
	}

	async switchProfile(arg: unknown): Promise<string | undefined> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to make active'), true);
		if (!profile) {
			return undefined;
		}
		await this.deps.profiles.setActive(profile.name);
		this.deps.logger.info(`Active profile is now "${profile.name}".`);
		return profile.name;
	}

	async setClientSecret(arg: unknown): Promise<boolean> {
		const profile = await this.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to set the client secret of'));
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
			this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
			this.deps.notifier.info(vscode.l10n.t('Removed the client secret of "{0}".', profile.name));
			return true;
		}
		if (await this.deps.store.setClientSecret(profile.name, secret.trim()) === 'kept in memory') {
			this.deps.notifier.warn(vscode.l10n.t('The secret storage is not available, so the client secret of "{0}" is kept in this window\'s memory only, until it closes or reloads.', profile.name));
			return true;
		}
		this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		this.deps.notifier.info(vscode.l10n.t('Stored the client secret of "{0}".', profile.name));
		return true;
	}

	async showQuickActions(arg: unknown): Promise<void> {
		const profile = stringField(arg, 'profile') !== undefined ? this.deps.profiles.find(stringField(arg, 'profile') as string) : this.deps.profiles.active();
		const credential = profile ? await this.deps.store.getCredential(profile.name) : undefined;
		const items: (vscode.QuickPickItem & { command?: string })[] = [];
		if (profile && credential) {
			items.push(
				{ label: `$(copy) ${vscode.l10n.t('Copy Access Token')}`, command: 'lwa.copyAccessToken' },
				{ label: `$(copy) ${vscode.l10n.t('Copy Authorization Header')}`, command: 'lwa.copyAuthorizationHeader' },
				{ label: `$(copy) ${vscode.l10n.t('Copy Access Token As…')}`, command: 'lwa.copyAs' },
				{ label: `$(refresh) ${vscode.l10n.t('Refresh Access Token')}`, command: 'lwa.refresh' },
				{ label: `$(info) ${vscode.l10n.t('Inspect Access Token')}`, command: 'lwa.inspectToken' },
			);
		}
		if (profile) {
			items.push({ label: `$(sign-in) ${vscode.l10n.t('Sign In')}`, command: 'lwa.signIn' });
		}
		if (this.deps.pending.size > 0) {
			items.push({ label: `$(clippy) ${vscode.l10n.t('Complete Sign-In (Paste Redirect URL or Code)')}`, command: 'lwa.completeSignIn' });
		}
		items.push({ label: `$(arrow-swap) ${vscode.l10n.t('Switch Profile')}`, command: 'lwa.switchProfile' });
		if (profile && credential) {
			items.push({ label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, command: 'lwa.signOut' });
		}
		items.push({ label: `$(add) ${vscode.l10n.t('Add Profile')}`, command: 'lwa.addProfile' }, { label: `$(output) ${vscode.l10n.t('Show Log')}`, command: 'lwa.showLog' });
		// "LWA" and "LWA Credentials" are names, not translated.
		const picked = await vscode.window.showQuickPick(items, { title: profile ? `LWA: ${profile.name}` : 'LWA Credentials', placeHolder: vscode.l10n.t('Choose an action') });
		if (picked?.command) {
			const profileArgument = profile && picked.command !== 'lwa.switchProfile' && picked.command !== 'lwa.addProfile' ? { profile: profile.name } : undefined;
			await vscode.commands.executeCommand(picked.command, profileArgument);
		}
	}

	/**
	 * The profile a command acts on: the one named in the argument, else the active one, else the
	 * user's choice (`placeHolder`, already localized, is the picker's question). Undefined (after
	 * telling the user why, unless they cancelled) when there is none.
	 */
	async resolveProfile(arg: unknown, placeHolder: string, alwaysAsk = false): Promise<Profile | undefined> {
		const { profiles, notifier } = this.deps;
		const name = stringField(arg, 'profile');
		if (name !== undefined) {
			const profile = profiles.find(name);
			if (!profile) {
				const problems = profiles.problems().filter((problem) => problem.name === name);
				notifier.error(problems.length > 0
					? vscode.l10n.t('The LWA profile "{0}" has problems: {1}', name, problems.map(describeProblem).join(' '))
					: vscode.l10n.t('There is no LWA profile named "{0}" in lwa.profiles.', name));
			}
			return profile;
		}
		if (!alwaysAsk) {
			const active = profiles.active();
			if (active) {
				return active;
			}
		}
		const all = profiles.all();
		if (all.length === 0) {
			notifier.warn(vscode.l10n.t('No LWA profile is set up yet.'), { [vscode.l10n.t('Add Profile')]: () => vscode.commands.executeCommand('lwa.addProfile') });
			return undefined;
		}
		const activeName = profiles.active()?.name;
		const picked = await vscode.window.showQuickPick(all.map((profile) => ({
			label: profile.name,
			description: `${profile.region} · ${profile.scopes.join(' ')}`,
			detail: profile.name === activeName ? vscode.l10n.t('active') : undefined,
			profile,
		})), { placeHolder });
		return picked?.profile;
	}

	private reportSignInError(profile: Profile, error: unknown): void {
		const { notifier, logger } = this.deps;
		if (isLwaError(error, 'cancelled')) {
			logger.info(`Sign-in for profile "${profile.name}" was cancelled.`);
			return;
		}
		logger.warn(`Sign-in for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
		if (isLwaError(error, 'sign_in_timeout')) {
			notifier.error(vscode.l10n.t('Sign-in to "{0}" timed out. {1}', profile.name, error.message), {
				[vscode.l10n.t('Show Redirect Setup')]: () => vscode.commands.executeCommand('lwa.showRedirectSetup', { profile: profile.name }),
				[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
			});
			return;
		}
		if (isLwaError(error, 'missing_client_secret')) {
			notifier.error(vscode.l10n.t('Sign-in to "{0}" failed: {1}', profile.name, toUserMessage(error)), {
				[vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
			return;
		}
		notifier.error(isLwaError(error)
			? vscode.l10n.t('Sign-in to "{0}" failed: {1}', profile.name, toUserMessage(error))
			: vscode.l10n.t('Sign-in to "{0}" failed: an unexpected error occurred; the log has details.', profile.name), {
			[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		});
	}

	/** Reports a failure to get or refresh a token (also used by the inspect and Data Portability commands). */
	reportTokenError(profile: Profile, error: unknown, during: 'refresh' | 'copy'): void {
		const { notifier, logger } = this.deps;
		const signIn = () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name });
		const signInAgain = { [vscode.l10n.t('Sign In Again')]: signIn };
		const setClientSecret = () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name });
		logger.warn(`${during === 'refresh' ? 'Refresh' : 'Getting a token'} for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
		if (!isLwaError(error)) {
			notifier.error(vscode.l10n.t('Could not get an access token for "{0}": an unexpected error occurred; the log has details.', profile.name));
			return;
		}
		switch (error.code) {
			case 'invalid_grant':
				notifier.error(vscode.l10n.t('Login with Amazon refused the refresh token of "{0}" (revoked or expired), so its tokens were removed. Sign in again.', profile.name), signInAgain);
				return;
			case 'not_signed_in':
				notifier.error(vscode.l10n.t('Profile "{0}" is not signed in.', profile.name), { [vscode.l10n.t('Sign In')]: signIn });
				return;
			case 'no_refresh_token':
				notifier.error(vscode.l10n.t('The access token of "{0}" cannot be renewed: there is no refresh token (no client secret was set at sign-in). Sign in again.', profile.name), {
					...signInAgain,
					[vscode.l10n.t('Set Client Secret')]: setClientSecret,
				});
				return;
			case 'missing_client_secret':
			case 'invalid_client':
				notifier.error(vscode.l10n.t('Could not get an access token for "{0}": {1}', profile.name, toUserMessage(error)), {
					[vscode.l10n.t('Set Client Secret')]: setClientSecret,
				});
				return;
			default:
				if (isTransientFailure(error)) {
					notifier.error(during === 'refresh'
						? vscode.l10n.t('Could not refresh the access token of "{0}": {1} The stored tokens were kept.', profile.name, toUserMessage(error))
						: vscode.l10n.t('Could not get the access token of "{0}": {1} The stored tokens were kept.', profile.name, toUserMessage(error)));
				} else {
					notifier.error(vscode.l10n.t('Could not get an access token for "{0}": {1}', profile.name, toUserMessage(error)));
				}
		}
	}

	private reportUnexpected(command: string, error: unknown): void {
		this.deps.logger.error(`Command ${command} failed (${isLwaError(error) ? error.code : error instanceof Error ? error.name : 'unexpected error'}).`);
		this.deps.notifier.error(isLwaError(error) ? toUserMessage(error) : vscode.l10n.t('An unexpected error occurred; the log has details.'));
	}
}
