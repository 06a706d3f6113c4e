// The token commands: Sign In, Complete Sign-In (a pasted redirect), Refresh and Sign Out. Each takes
// an optional first argument `{ profile: string }` (plus command-specific fields); without it, it uses
// the active profile and asks when there is none. Commands report failures to the user themselves and
// resolve to undefined instead of throwing. Text shown to the user goes through vscode.l10n.t (whole
// sentences with {0} placeholders); log lines stay English.
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import { mayBeOneTimeTransfer } from '../../core/credentials/oneTimeTransfer';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { deliverPastedInput } from '../../core/signIn/callbackRouting';
import type { PendingSignIns } from '../../core/signIn/pendingSignIns';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { activeProfileSetting } from '../platform/settings';
import { assumeOneTimeTransfer } from '../portability/portabilitySettings';
import type { SignInFlow } from '../signIn/signInFlow';
import { argumentFields, stringField } from '../ui/argumentFields';
import { reportSignInError, reportTokenError } from '../ui/errorMessages';
import { oneTimeTransferSignInText } from '../ui/dataPortabilityTexts';
import { failureText } from '../ui/errorTexts';
import type { ProfileResolver } from '../ui/profilePicker';
import { signInWithProgress } from '../ui/signInProgress';
import type { AccountPicker } from '../sellingPartner/accountPicker';
import { accountLabel } from '../sellingPartner/accountPicker';
import { formatRemaining } from '../ui/countdownText';

/** What lwa.signIn and lwa.refresh resolve to on success (no secrets); `partner` or `scope` for an SP-API profile's account. */
export interface TokenSummary {
	profile: string;
	expiresAt: number;
	hasRefreshToken: boolean;
	partner?: string;
	scope?: string;
}

function summary(credential: StoredCredential): TokenSummary {
	const account = credential.account;
	return {
		profile: credential.profile, expiresAt: credential.expiresAt, hasRefreshToken: credential.refreshToken !== undefined,
		...(account?.kind === 'partner' ? { partner: account.id } : account?.kind === 'scope' ? { scope: account.scope } : {}),
	};
}

/** Sign In, Complete Sign-In, Refresh and Sign Out. */
export class TokenCommands {
	/** Whether this window has said what other tabs of a browser-hosted editor do after a sign-out. */
	private warnedAboutOtherTabs = false;

	constructor(private readonly deps: {
		registry: ProfileRegistry;
		profiles: ProfileResolver;
		store: CredentialStore;
		service: CredentialService;
		flow: SignInFlow;
		pending: PendingSignIns;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		accounts: AccountPicker;
		/** The client secret was removed: an old one kept for a rotation's overlap and the secret's dates go too (secretHealthWatch.ts). */
		secretRemoved?: (profile: string) => Promise<void>;
	}) {}

	/** The commands this feature adds. */
	handlers() {
		return {
			'lwa.signIn': (arg: unknown) => this.signIn(arg),
			'lwa.completeSignIn': (arg: unknown) => this.completeSignIn(arg),
			'lwa.refresh': (arg: unknown) => this.refresh(arg),
			'lwa.signOut': (arg: unknown) => this.signOut(arg),
		};
	}

	async signIn(arg: unknown): Promise<TokenSummary | undefined> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to sign in to'));
		if (!profile) {
			return undefined;
		}
		// A team profile's client secret is in its AWS secret, not in this machine's secret storage.
		if (profile.grant === 'authorization_code' && !profile.secretsManager && (await this.deps.store.getClientSecret(profile.name)) === undefined) {
			this.deps.notifier.warn(vscode.l10n.t('Profile "{0}" has no client secret: Login with Amazon then returns no refresh token, so you will have to sign in again when the access token expires (in an hour).', profile.name), {
				[vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
		}
		try {
			const marketplace = stringField(arg, 'marketplace');
			const credential = await signInWithProgress(this.deps.flow, profile, marketplace !== undefined ? { marketplace } : {});
			if (activeProfileSetting() === undefined) {
				await this.deps.registry.setActive(profile.name);
			}
			const remaining = formatRemaining(credential.expiresAt, this.deps.clock.now());
			const partner = credential.account?.kind === 'partner' ? credential.account.id : undefined;
			if (this.warnIfOneTimeTransfer(profile, credential)) {
				// In place of the success notice.
				return summary(credential);
			}
			this.deps.notifier.info(partner !== undefined
				? vscode.l10n.t('Selling partner {0} authorized "{1}". The access token is valid for {2}.', partner, profile.name, remaining)
				: credential.refreshToken || profile.grant === 'client_credentials'
					? vscode.l10n.t('Signed in to "{0}". The access token is valid for {1}.', profile.name, remaining)
					: vscode.l10n.t('Signed in to "{0}". The access token is valid for {1}. There is no refresh token, so sign in again when it expires.', profile.name, remaining), {
				// An Ads profile needs an advertiser profile for the scope header next: offer that first.
				...(profile.api === 'ads' && profile.advertisingProfileId === undefined
					? { [vscode.l10n.t('Choose Advertising Profile')]: () => vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }) }
					: {}),
				[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name, ...(partner !== undefined ? { partner } : {}) }),
			});
			return summary(credential);
		} catch (error) {
			reportSignInError(this.deps, profile, error);
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
				notifier.error(failureText(outcome.error));
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
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to refresh'));
		if (!profile) {
			return undefined;
		}
		const chosen = await this.deps.accounts.forUse(profile, arg);
		if (!chosen.ok) {
			return undefined;
		}
		try {
			const credential = await this.deps.service.refresh(profile, chosen.account);
			this.deps.notifier.info(vscode.l10n.t('Refreshed the access token of "{0}"; it is valid for {1}.', profile.name, formatRemaining(credential.expiresAt, this.deps.clock.now())));
			return summary(credential);
		} catch (error) {
			reportTokenError(this.deps, profile, error, 'refresh');
			return undefined;
		}
	}

	/**
	 * After a sign-in (from the palette, or the Accounts menu and other extensions through the
	 * authentication provider): when the token may be a one-time Data Portability transfer's, warns
	 * that it may be the only one and returns true. Once per sign-in: it is never renewed ahead.
	 */
	warnIfOneTimeTransfer(profile: Profile, credential: StoredCredential): boolean {
		if (credential.account?.kind === 'partner' || !mayBeOneTimeTransfer(profile, credential, assumeOneTimeTransfer())) {
			return false;
		}
		this.deps.notifier.warn(oneTimeTransferSignInText(profile.name, formatRemaining(credential.expiresAt, this.deps.clock.now())), {
			[vscode.l10n.t('Fetch Data Portability Records')]: () => vscode.commands.executeCommand('lwa.fetchDataPortabilityRecords', { profile: profile.name }),
			[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }),
		});
		return true;
	}

	async signOut(arg: unknown): Promise<boolean> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to sign out of'));
		if (!profile) {
			return false;
		}
		const chosen = await this.deps.accounts.forSignOut(profile, arg);
		if (!chosen.ok) {
			return false;
		}
		if (!chosen.all && chosen.account) {
			// One selling partner (or scope): the profile, its client secret and its other partners stay.
			await this.deps.service.signOut(profile.name, chosen.account);
			this.deps.notifier.info(vscode.l10n.t('Signed out {0} of "{1}".', accountLabel(chosen.account), profile.name));
			this.warnAboutOtherTabs();
			return true;
		}
		await this.deps.service.signOut(profile.name);
		this.warnAboutOtherTabs();
		const removeClientSecret = argumentFields(arg).removeClientSecret;
		const hasSecret = (await this.deps.store.getClientSecret(profile.name)) !== undefined;
		if (removeClientSecret === true && hasSecret) {
			await this.removeClientSecret(profile.name);
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}" and removed its client secret.', profile.name));
		} else if (removeClientSecret === undefined && hasSecret) {
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}". Remove its client secret from this machine too?', profile.name), {
				[vscode.l10n.t('Remove Client Secret')]: async () => {
					await this.removeClientSecret(profile.name);
				},
				[vscode.l10n.t('Keep It')]: () => undefined,
			});
		} else {
			this.deps.notifier.info(vscode.l10n.t('Signed out of "{0}".', profile.name));
		}
		return true;
	}

	/**
	 * After a sign-out, once per window, in a browser-hosted editor (code-server, VS Code for the Web):
	 * each tab loads the secrets once and writes its whole copy back at its next change of any secret,
	 * so a tab opened before the sign-out brings the signed-out tokens back (test/e2e/twoWindows.test.ts).
	 * The extension cannot reach the other tabs' copies; the user can reload them.
	 */
	warnAboutOtherTabs(): void {
		if (this.warnedAboutOtherTabs || vscode.env.uiKind !== vscode.UIKind.Web) {
			return;
		}
		this.warnedAboutOtherTabs = true;
		this.deps.notifier.warn(vscode.l10n.t('In a browser-hosted editor each tab keeps its own copy of the secrets until it is reloaded, and writes that whole copy back at its next change. Reload or close this editor\'s other tabs now, or one of them can bring back the tokens you signed out of.'));
	}

	/** Deletes the client secret, and with it an old one kept for a rotation's overlap and its dates. */
	private async removeClientSecret(profile: string): Promise<void> {
		await this.deps.store.deleteClientSecret(profile);
		await this.deps.secretRemoved?.(profile);
		this.deps.logger.info(`Removed the client secret of profile "${profile}".`);
	}
}
