// Which selling partner or grantless scope a command acts on: the one its argument names
// (`{ profile, partner }` or `{ profile, scope }`, a Profiles view child is such an argument), else
// the only one, else the user's pick (the active one first). A plain profile has none.
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import { accountModeOf, accountName, partnerAccount, sameAccount, scopeAccount } from '../../core/credentials/accounts';
import { accountsOf } from '../../core/credentials/slots';
import type { CredentialStore } from '../../core/credentials/store';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import { stringField } from '../ui/argumentFields';

/** A command's account: chosen (undefined for a plain profile, or none to choose from), or not (dismissed, refused). */
export type AccountChoice = { ok: true; account?: Account } | { ok: false };

/** 'all' when the user chose every account (sign out). */
export type SignOutChoice = { ok: true; account?: Account; all: boolean } | { ok: false };

/** The words for an account in a list: the partner id, or the scope. */
export function accountLabel(account: Account): string {
	return accountName(account);
}

/** The account the argument names, checked against the profile; `invalid` when it names one that cannot be. */
export function accountFromArgument(profile: Profile, arg: unknown): Account | 'invalid' | undefined {
	const partner = stringField(arg, 'partner');
	const scope = stringField(arg, 'scope');
	const mode = accountModeOf(profile);
	if (partner !== undefined) {
		return mode === 'partner' ? partnerAccount(partner) ?? 'invalid' : 'invalid';
	}
	if (scope !== undefined) {
		return mode === 'scope' && profile.scopes.includes(scope) ? scopeAccount(scope) ?? 'invalid' : 'invalid';
	}
	return undefined;
}

export class AccountPicker {
	constructor(private readonly deps: { store: CredentialStore; notifier: Notifier }) {}

	/** The account a command that uses a token acts on; asks when the profile has several and the argument names none. */
	async forUse(profile: Profile, arg: unknown, placeHolder?: string): Promise<AccountChoice> {
		const named = this.named(profile, arg);
		if (named !== undefined) {
			return named;
		}
		const { accounts, active } = await accountsOf(this.deps.store, profile);
		if (accounts.length <= 1) {
			return accounts.length === 1 ? { ok: true, account: accounts[0] } : { ok: true };
		}
		const picked = await this.pick(profile, accounts, active, placeHolder);
		return picked ? { ok: true, account: picked } : { ok: false };
	}

	/** The account to sign out of, or all of them (asked when the profile holds several). */
	async forSignOut(profile: Profile, arg: unknown): Promise<SignOutChoice> {
		const named = this.named(profile, arg);
		if (named !== undefined) {
			return named.ok ? { ok: true, ...(named.account ? { account: named.account } : {}), all: false } : named;
		}
		if (accountModeOf(profile) !== 'partner') {
			return { ok: true, all: true };
		}
		const { accounts, active } = await accountsOf(this.deps.store, profile);
		if (accounts.length <= 1) {
			return { ok: true, all: true };
		}
		const items: (vscode.QuickPickItem & { account?: Account })[] = [
			...this.items(accounts, active),
			{ label: vscode.l10n.t('All selling partners of "{0}"', profile.name) },
		];
		const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Sign out of which selling partner?') });
		if (!picked) {
			return { ok: false };
		}
		return picked.account ? { ok: true, account: picked.account, all: false } : { ok: true, all: true };
	}

	/** Asks which account becomes the active one; undefined when dismissed or there is nothing to switch to. */
	async switchActive(profile: Profile): Promise<Account | undefined> {
		const { accounts, active } = await accountsOf(this.deps.store, profile);
		if (accounts.length === 0) {
			return undefined;
		}
		const picked = await this.pick(profile, accounts, active, accountModeOf(profile) === 'partner'
			? vscode.l10n.t('Selling partner the status bar and the commands use')
			: vscode.l10n.t('Grantless scope the status bar and the commands use'));
		if (picked) {
			await this.deps.store.setActiveAccount(profile.name, picked);
		}
		return picked;
	}

	private named(profile: Profile, arg: unknown): AccountChoice | undefined {
		const named = accountFromArgument(profile, arg);
		if (named === 'invalid') {
			this.deps.notifier.error(accountModeOf(profile) === 'single'
				? vscode.l10n.t('Profile "{0}" has no selling partners or grantless scopes; run the command without one.', profile.name)
				: vscode.l10n.t('The selling partner or scope named for "{0}" is not one of its own (a partner id is letters and digits, or amzn1.vg.…; a scope must be in the profile\'s scopes).', profile.name));
			return { ok: false };
		}
		return named === undefined ? undefined : { ok: true, account: named };
	}

	private async pick(profile: Profile, accounts: readonly Account[], active: Account | undefined, placeHolder?: string): Promise<Account | undefined> {
		const picked = await vscode.window.showQuickPick(this.items(accounts, active), {
			title: `LWA: ${profile.name}`,
			placeHolder: placeHolder ?? (accountModeOf(profile) === 'partner' ? vscode.l10n.t('Which selling partner?') : vscode.l10n.t('Which grantless scope?')),
		});
		return picked?.account;
	}

	private items(accounts: readonly Account[], active: Account | undefined): (vscode.QuickPickItem & { account: Account })[] {
		const ordered = [...accounts].sort((a, b) => Number(sameAccount(b, active)) - Number(sameAccount(a, active)));
		return ordered.map((account) => ({ label: accountLabel(account), description: sameAccount(account, active) ? vscode.l10n.t('active') : undefined, account }));
	}
}
