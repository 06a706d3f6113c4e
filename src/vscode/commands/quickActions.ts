// The quick actions: the status bar item's and the Profiles view's menu of what can be done with a
// profile now (copy, refresh, inspect, sign in or out, switch, add), and Show Log.
import vscode = require('vscode');
import type { CredentialStore } from '../../core/credentials/store';
import type { PendingSignIns } from '../../core/signIn/pendingSignIns';
import type { Account } from '../../core/credentials/accounts';
import { accountModeOf } from '../../core/credentials/accounts';
import { accountsOf } from '../../core/credentials/slots';
import type { ProfileRegistry } from '../platform/profileRegistry';
import type { AccountPicker } from '../sellingPartner/accountPicker';
import { accountFromArgument } from '../sellingPartner/accountPicker';
import { stringField } from '../ui/argumentFields';
import { QUICK_ACTIONS_COMMAND } from '../views/statusBar';

/** The quick actions and Show Log. */
export class QuickActions {
	constructor(private readonly deps: {
		registry: ProfileRegistry;
		store: CredentialStore;
		pending: PendingSignIns;
		accounts: AccountPicker;
		showLog: () => void;
	}) {}

	/** The commands this feature adds. */
	handlers() {
		return {
			[QUICK_ACTIONS_COMMAND]: (arg: unknown) => this.showQuickActions(arg),
			'lwa.showLog': async () => this.deps.showLog(),
		};
	}

	async showQuickActions(arg: unknown): Promise<void> {
		const profile = stringField(arg, 'profile') !== undefined ? this.deps.registry.find(stringField(arg, 'profile') as string) : this.deps.registry.active();
		// An SP-API profile's actions are for one selling partner or scope: the one named, else the active one.
		const named = profile ? accountFromArgument(profile, arg) : undefined;
		const listed = profile ? await accountsOf(this.deps.store, profile) : { accounts: [] };
		const account: Account | undefined = named !== undefined && named !== 'invalid' ? named : listed.active;
		const credential = profile ? await this.deps.store.getCredential(profile.name, account) : undefined;
		const mode = profile ? accountModeOf(profile) : 'single';
		const items: (vscode.QuickPickItem & { command?: string; argument?: Record<string, unknown>; run?: () => Promise<unknown> })[] = [];
		if (profile && credential && profile.api === 'ads') {
			items.push(profile.advertisingProfileId !== undefined
				? { label: `$(copy) ${vscode.l10n.t('Copy Ads Headers')}`, description: vscode.l10n.t('scope {0}', profile.advertisingProfileId), command: 'lwa.copyAs', argument: { format: 'adsHeaders' } }
				: { label: `$(list-selection) ${vscode.l10n.t('Choose Advertising Profile')}`, description: vscode.l10n.t('for the Amazon-Advertising-API-Scope header'), command: 'lwa.chooseAdvertisingProfile' });
		}
		if (profile && credential) {
			items.push(
				{ label: `$(copy) ${vscode.l10n.t('Copy Access Token')}`, command: 'lwa.copyAccessToken' },
				{ label: `$(copy) ${vscode.l10n.t('Copy Authorization Header')}`, command: 'lwa.copyAuthorizationHeader' },
				{ label: `$(copy) ${vscode.l10n.t('Copy Access Token As…')}`, command: 'lwa.copyAs' },
				{ label: `$(refresh) ${vscode.l10n.t('Refresh Access Token')}`, command: 'lwa.refresh' },
				{ label: `$(info) ${vscode.l10n.t('Inspect Access Token')}`, command: 'lwa.inspectToken' },
			);
			if (profile.api === 'ads' && profile.advertisingProfileId !== undefined) {
				items.push({ label: `$(list-selection) ${vscode.l10n.t('Choose Advertising Profile')}`, command: 'lwa.chooseAdvertisingProfile' });
			}
		}
		if (profile) {
			items.push({ label: `$(sign-in) ${mode === 'partner' ? vscode.l10n.t('Sign In (Authorize Another Selling Partner)') : vscode.l10n.t('Sign In')}`, command: 'lwa.signIn' });
		}
		if (profile && profile.grant === 'authorization_code') {
			items.push({ label: `$(key) ${vscode.l10n.t('Set Refresh Token…')}`, command: 'lwa.setRefreshToken' });
		}
		if (profile && mode !== 'single' && listed.accounts.length > 1) {
			items.push({
				label: `$(arrow-swap) ${mode === 'partner' ? vscode.l10n.t('Switch Selling Partner…') : vscode.l10n.t('Switch Grantless Scope…')}`,
				run: () => this.deps.accounts.switchActive(profile),
			});
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
		if (picked?.run) {
			await picked.run();
			return;
		}
		if (picked?.command) {
			const accountArgument = picked.command === 'lwa.signIn' || picked.command === 'lwa.setRefreshToken' || !account ? {} : account.kind === 'partner' ? { partner: account.id } : { scope: account.scope };
			const profileArgument = profile && picked.command !== 'lwa.switchProfile' && picked.command !== 'lwa.addProfile' ? { profile: profile.name, ...accountArgument, ...picked.argument } : undefined;
			await vscode.commands.executeCommand(picked.command, profileArgument);
		}
	}
}
