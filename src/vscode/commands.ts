// The commands. Each command that acts on a profile takes an optional first argument
// `{ profile: string }` (plus command-specific fields, so tests and other extensions can run it
// without any UI); without it, it uses the active profile and asks when there is none. Commands
// report failures to the user themselves and resolve to undefined instead of throwing.
import * as vscode from 'vscode';
import type { StoredCredential } from '../core/credentials/model';
import type { CredentialService } from '../core/credentials/service';
import type { CredentialStore } from '../core/credentials/store';
import { parseCallbackInput } from '../core/lwa/callback';
import { isLwaError, LwaError, toUserMessage } from '../core/lwa/errors';
import type { Clock, Logger } from '../core/ports';
import type { Profile } from '../core/profiles';
import { formatRemaining } from '../core/time/countdown';
import type { ClipboardWriter } from './clipboard';
import type { CopyFormat } from './copyFormats';
import { COPY_FORMATS, formatToken, isCopyFormat } from './copyFormats';
import type { Notifier } from './notifier';
import type { PendingSignIns } from './pendingSignIns';
import type { ProfileRegistry } from './profileRegistry';
import { describeProblem } from './profileRegistry';
import { runProfileWizard } from './profileWizard';
import type { SignInFlow } from './signInFlow';
import { activeProfileSetting } from './settings';
import { QUICK_ACTIONS_COMMAND } from './statusBar';

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
}

/** What lwa.signIn and lwa.refresh resolve to on success (no secrets). */
export interface TokenSummary {
	profile: string;
	expiresAt: number;
	hasRefreshToken: boolean;
}

/** Failures after which the stored tokens are still there: the trouble was on the way. */
const TRANSIENT_CODES = new Set(['network', 'timeout', 'server_error', 'rate_limited', 'malformed_response']);

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
				return await run(arg);
			} catch (error) {
				this.reportUnexpected(id, error);
				return undefined;
			}
		}));
	}

	/** The token for other extensions (the API's getAccessToken): valid, refreshed first when stale. */
	async accessToken(profileName?: string): Promise<string> {
		const profile = profileName !== undefined ? this.deps.profiles.find(profileName) : this.deps.profiles.active();
		if (!profile) {
			throw new Error(profileName !== undefined ? `There is no valid LWA profile named "${profileName}".` : 'There is no active LWA profile.');
		}
		try {
			return (await this.deps.service.getValidCredential(profile)).accessToken;
		} catch (error) {
			throw new Error(toUserMessage(error));
		}
	}

	async signIn(arg: unknown): Promise<TokenSummary | undefined> {
		const profile = await this.resolveProfile(arg, 'sign in to');
		if (!profile) {
			return undefined;
		}
		if (profile.grant === 'authorization_code' && (await this.deps.store.getClientSecret(profile.name)) === undefined) {
			this.deps.notifier.warn(`Profile "${profile.name}" has no client secret: Login with Amazon then returns no refresh token, so you will have to sign in again when the access token expires (in an hour).`, {
				'Set Client Secret': () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
		}
		try {
			const credential = await vscode.window.withProgress({
				location: vscode.ProgressLocation.Notification,
				title: `LWA: signing in to "${profile.name}"`,
				cancellable: true,
			}, (progress, cancellation) => this.deps.flow.signIn(profile, { report: (message) => progress.report({ message }) }, cancellation));
			if (activeProfileSetting() === undefined) {
				await this.deps.profiles.setActive(profile.name);
			}
			const note = credential.refreshToken || profile.grant === 'client_credentials' ? '' : ' There is no refresh token, so sign in again when it expires.';
			this.deps.notifier.info(`Signed in to "${profile.name}". The access token is valid for ${formatRemaining(credential.expiresAt, this.deps.clock.now())}.${note}`, {
				'Copy Token': () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }),
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
			notifier.error('No sign-in is waiting for a redirect. Run "LWA: Sign In" first, then paste the address the browser ends on.', {
				'Sign In': () => vscode.commands.executeCommand('lwa.signIn'),
			});
			return false;
		}
		const input = stringField(arg, 'input') ?? await vscode.window.showInputBox({
			title: 'LWA: Complete Sign-In',
			prompt: 'Paste the full address the browser ended on after you allowed access, or just the authorization code',
			placeHolder: 'https://…?code=…&state=…',
			ignoreFocusOut: true,
		});
		if (input === undefined) {
			return false;
		}
		let parsed;
		try {
			parsed = parseCallbackInput(input);
		} catch (error) {
			notifier.error(toUserMessage(error));
			return false;
		}
		if (!parsed.bareCode && parsed.params.state !== undefined) {
			const outcome = pending.deliver(parsed.params, 'paste');
			if (outcome !== 'delivered') {
				logger.warn(`A pasted redirect matched no waiting sign-in (${outcome}).`);
				notifier.error('The pasted address does not belong to a sign-in that is waiting here (its state does not match). Paste the address from the most recent sign-in.');
				return false;
			}
			return true;
		}
		const code = parsed.params.code;
		if (code === undefined) {
			notifier.error(toUserMessage(parsed.params.error !== undefined ? new LwaError('authorization_failed') : new LwaError('missing_code')));
			return false;
		}
		// A code without state cannot be matched by state: it goes to the only waiting sign-in, or the
		// one of the given profile, or the one the user picks.
		const waiting = pending.list();
		const profileName = stringField(arg, 'profile');
		let target = profileName !== undefined ? waiting.filter((entry) => entry.profileName === profileName).pop() : waiting.length === 1 ? waiting[0] : undefined;
		if (!target && profileName === undefined) {
			const picked = await vscode.window.showQuickPick(waiting.map((entry) => ({
				label: entry.profileName,
				description: `started ${new Date(entry.startedAt).toLocaleTimeString()}`,
				entry,
			})), { placeHolder: 'Which sign-in is this code for?' });
			target = picked?.entry;
		}
		if (!target) {
			notifier.error(profileName !== undefined ? `No sign-in of profile "${profileName}" is waiting.` : 'No sign-in was chosen for the code.');
			return false;
		}
		return pending.deliverBareCode(target.nonce, code) === 'delivered';
	}

	async refresh(arg: unknown): Promise<TokenSummary | undefined> {
		const profile = await this.resolveProfile(arg, 'refresh');
		if (!profile) {
			return undefined;
		}
		try {
			const credential = await this.deps.service.refresh(profile);
			this.deps.notifier.info(`Refreshed the access token of "${profile.name}"; it is valid for ${formatRemaining(credential.expiresAt, this.deps.clock.now())}.`);
			return summary(credential);
		} catch (error) {
			this.reportTokenError(profile, error, 'refresh');
			return undefined;
		}
	}

	async copy(arg: unknown, format: CopyFormat): Promise<boolean> {
		const profile = await this.resolveProfile(arg, 'copy a token of');
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
		const label = COPY_FORMATS.find((entry) => entry.format === format)?.label ?? 'Access token';
		this.deps.logger.info(`Copied the access token of profile "${profile.name}" (${format}).`);
		this.deps.notifier.info(`Copied: ${label} of "${profile.name}" (valid for ${formatRemaining(credential.expiresAt, this.deps.clock.now())}).`);
		return true;
	}

	async copyAs(arg: unknown): Promise<boolean> {
		const requested = objectArgument(arg).format;
		let format: CopyFormat | undefined;
		if (requested !== undefined) {
			if (!isCopyFormat(requested)) {
				this.deps.notifier.error(`Unknown copy format "${String(requested)}". Known formats: ${COPY_FORMATS.map((entry) => entry.format).join(', ')}.`);
				return false;
			}
			format = requested;
		} else {
			const picked = await vscode.window.showQuickPick(COPY_FORMATS.map((entry) => ({ label: entry.label, description: entry.description, format: entry.format })), {
				title: 'LWA: Copy Access Token As…',
				placeHolder: 'How to copy the access token',
			});
			format = picked?.format;
		}
		return format ? this.copy(arg, format) : false;
	}

	async signOut(arg: unknown): Promise<boolean> {
		const profile = await this.resolveProfile(arg, 'sign out of');
		if (!profile) {
			return false;
		}
		await this.deps.service.signOut(profile.name);
		const removeClientSecret = objectArgument(arg).removeClientSecret;
		const hasSecret = (await this.deps.store.getClientSecret(profile.name)) !== undefined;
		if (removeClientSecret === true && hasSecret) {
			await this.deps.store.deleteClientSecret(profile.name);
			this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
			this.deps.notifier.info(`Signed out of "${profile.name}" and removed its client secret.`);
		} else if (removeClientSecret === undefined && hasSecret) {
			this.deps.notifier.info(`Signed out of "${profile.name}". Remove its client secret from this machine too?`, {
				'Remove Client Secret': async () => {
					await this.deps.store.deleteClientSecret(profile.name);
					this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
				},
				'Keep It': () => undefined,
			});
		} else {
			this.deps.notifier.info(`Signed out of "${profile.name}".`);
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
			this.deps.notifier.error(`The profile was not added: ${problems.map((problem) => `${problem.message}`).join(' ')}`);
			return undefined;
		}
		if (clientSecret !== undefined && clientSecret !== '') {
			await this.deps.store.setClientSecret(profile.name, clientSecret);
			this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		}
		if (this.deps.profiles.active() === undefined || activeProfileSetting() === undefined) {
			await this.deps.profiles.setActive(profile.name);
		}
		this.deps.notifier.info(`Added the LWA profile "${profile.name}".`, {
			'Sign In': () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		});
		return { profile: profile.name };
	}

	async removeProfile(arg: unknown): Promise<boolean> {
		const named = stringField(arg, 'profile');
		const profile = await this.resolveProfile(arg, 'remove', true);
		if (!profile) {
			return false;
		}
		if (named === undefined) {
			const confirmed = await vscode.window.showWarningMessage(`Remove the LWA profile "${profile.name}" with its tokens and client secret?`, { modal: true }, 'Remove');
			if (confirmed !== 'Remove') {
				return false;
			}
		}
		await this.deps.service.signOut(profile.name);
		await this.deps.store.deleteClientSecret(profile.name);
		await this.deps.profiles.remove(profile.name);
		this.deps.logger.info(`Removed profile "${profile.name}" and its secrets.`);
		this.deps.notifier.info(`Removed the LWA profile "${profile.name}" and its secrets.`);
		return true;
	}

	async switchProfile(arg: unknown): Promise<string | undefined> {
		const profile = await this.resolveProfile(arg, 'make active', true);
		if (!profile) {
			return undefined;
		}
		await this.deps.profiles.setActive(profile.name);
		this.deps.logger.info(`Active profile is now "${profile.name}".`);
		return profile.name;
	}

	async setClientSecret(arg: unknown): Promise<boolean> {
		const profile = await this.resolveProfile(arg, 'set the client secret of');
		if (!profile) {
			return false;
		}
		const secret = stringField(arg, 'clientSecret') ?? await vscode.window.showInputBox({
			title: `LWA: Client Secret of "${profile.name}"`,
			prompt: 'The security profile\'s client secret. It is kept in the editor\'s secret storage only. Leave empty to remove it.',
			password: true,
			ignoreFocusOut: true,
		});
		if (secret === undefined) {
			return false;
		}
		if (secret.trim() === '') {
			await this.deps.store.deleteClientSecret(profile.name);
			this.deps.logger.info(`Removed the client secret of profile "${profile.name}".`);
			this.deps.notifier.info(`Removed the client secret of "${profile.name}".`);
			return true;
		}
		await this.deps.store.setClientSecret(profile.name, secret.trim());
		this.deps.logger.info(`Stored the client secret of profile "${profile.name}".`);
		this.deps.notifier.info(`Stored the client secret of "${profile.name}".`);
		return true;
	}

	async showQuickActions(arg: unknown): Promise<void> {
		const profile = stringField(arg, 'profile') !== undefined ? this.deps.profiles.find(stringField(arg, 'profile') as string) : this.deps.profiles.active();
		const credential = profile ? await this.deps.store.getCredential(profile.name) : undefined;
		const items: (vscode.QuickPickItem & { command?: string })[] = [];
		if (profile && credential) {
			items.push(
				{ label: '$(copy) Copy Access Token', command: 'lwa.copyAccessToken' },
				{ label: '$(copy) Copy Authorization Header', command: 'lwa.copyAuthorizationHeader' },
				{ label: '$(copy) Copy Access Token As…', command: 'lwa.copyAs' },
				{ label: '$(refresh) Refresh Access Token', command: 'lwa.refresh' },
				{ label: '$(info) Inspect Access Token', command: 'lwa.inspectToken' },
			);
		}
		if (profile) {
			items.push({ label: '$(sign-in) Sign In', command: 'lwa.signIn' });
		}
		if (this.deps.pending.size > 0) {
			items.push({ label: '$(clippy) Complete Sign-In (Paste Redirect URL or Code)', command: 'lwa.completeSignIn' });
		}
		items.push({ label: '$(arrow-swap) Switch Profile', command: 'lwa.switchProfile' });
		if (profile && credential) {
			items.push({ label: '$(sign-out) Sign Out', command: 'lwa.signOut' });
		}
		items.push({ label: '$(add) Add Profile', command: 'lwa.addProfile' }, { label: '$(output) Show Log', command: 'lwa.showLog' });
		const picked = await vscode.window.showQuickPick(items, { title: profile ? `LWA: ${profile.name}` : 'LWA Credentials', placeHolder: 'Choose an action' });
		if (picked?.command) {
			const profileArgument = profile && picked.command !== 'lwa.switchProfile' && picked.command !== 'lwa.addProfile' ? { profile: profile.name } : undefined;
			await vscode.commands.executeCommand(picked.command, profileArgument);
		}
	}

	/**
	 * The profile a command acts on: the one named in the argument, else the active one, else the
	 * user's choice. Undefined (after telling the user why, unless they cancelled) when there is none.
	 */
	async resolveProfile(arg: unknown, verb: string, alwaysAsk = false): Promise<Profile | undefined> {
		const { profiles, notifier } = this.deps;
		const name = stringField(arg, 'profile');
		if (name !== undefined) {
			const profile = profiles.find(name);
			if (!profile) {
				const problems = profiles.problems().filter((problem) => problem.name === name);
				notifier.error(problems.length > 0
					? `The LWA profile "${name}" has problems: ${problems.map(describeProblem).join(' ')}`
					: `There is no LWA profile named "${name}" in lwa.profiles.`);
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
			notifier.warn('No LWA profile is set up yet.', { 'Add Profile': () => vscode.commands.executeCommand('lwa.addProfile') });
			return undefined;
		}
		const activeName = profiles.active()?.name;
		const picked = await vscode.window.showQuickPick(all.map((profile) => ({
			label: profile.name,
			description: `${profile.region} · ${profile.scopes.join(' ')}`,
			detail: profile.name === activeName ? 'active' : undefined,
			profile,
		})), { placeHolder: `Choose the LWA profile to ${verb}` });
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
			notifier.error(`Sign-in to "${profile.name}" timed out. ${error.message}`, {
				'Show Redirect Setup': () => vscode.commands.executeCommand('lwa.showRedirectSetup', { profile: profile.name }),
				'Sign In Again': () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
			});
			return;
		}
		if (isLwaError(error, 'missing_client_secret')) {
			notifier.error(`Sign-in to "${profile.name}" failed: ${toUserMessage(error)}`, {
				'Set Client Secret': () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
			return;
		}
		notifier.error(`Sign-in to "${profile.name}" failed: ${isLwaError(error) ? toUserMessage(error) : 'an unexpected error occurred; the log has details.'}`, {
			'Sign In Again': () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		});
	}

	/** Reports a failure to get or refresh a token (also used by the inspect and Data Portability commands). */
	reportTokenError(profile: Profile, error: unknown, during: 'refresh' | 'copy'): void {
		const { notifier, logger } = this.deps;
		const signInAgain = { 'Sign In Again': () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }) };
		logger.warn(`${during === 'refresh' ? 'Refresh' : 'Getting a token'} for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
		if (!isLwaError(error)) {
			notifier.error(`Could not get an access token for "${profile.name}": an unexpected error occurred; the log has details.`);
			return;
		}
		switch (error.code) {
			case 'invalid_grant':
				notifier.error(`Login with Amazon refused the refresh token of "${profile.name}" (revoked or expired), so its tokens were removed. Sign in again.`, signInAgain);
				return;
			case 'not_signed_in':
				notifier.error(`Profile "${profile.name}" is not signed in.`, { 'Sign In': signInAgain['Sign In Again'] });
				return;
			case 'no_refresh_token':
				notifier.error(`The access token of "${profile.name}" cannot be renewed: there is no refresh token (no client secret was set at sign-in). Sign in again.`, {
					...signInAgain,
					'Set Client Secret': () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
				});
				return;
			case 'missing_client_secret':
			case 'invalid_client':
				notifier.error(`Could not get an access token for "${profile.name}": ${toUserMessage(error)}`, {
					'Set Client Secret': () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
				});
				return;
			default:
				if (TRANSIENT_CODES.has(error.code)) {
					notifier.error(`Could not ${during === 'refresh' ? 'refresh' : 'get'} the access token of "${profile.name}": ${toUserMessage(error)} The stored tokens were kept.`);
				} else {
					notifier.error(`Could not get an access token for "${profile.name}": ${toUserMessage(error)}`);
				}
		}
	}

	private reportUnexpected(command: string, error: unknown): void {
		this.deps.logger.error(`Command ${command} failed (${isLwaError(error) ? error.code : error instanceof Error ? error.name : 'unexpected error'}).`);
		this.deps.notifier.error(isLwaError(error) ? toUserMessage(error) : 'An unexpected error occurred; the log has details.');
	}
}
