// The "Profiles" tree in the LWA activity bar container: one item per profile with its state
// (expires in 59m / expired / not signed in), refresh token, region and grant; the active one
// marked. It refreshes on credential and settings changes and when a countdown text changes (one
// timer for that moment, never a fast tick). It also keeps the `lwa.signedIn` context key, which
// the walkthrough's sign-in step waits for.
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialStore } from '../../core/credentials/store';
import type { Account } from '../../core/credentials/accounts';
import { accountModeOf, accountName, sameAccount } from '../../core/credentials/accounts';
import { accountsOf } from '../../core/credentials/slots';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { nextTextChangeAt } from '../../core/time/countdown';
import { formatRemaining } from '../ui/countdownText';
import { NextChangeTimer } from '../../core/time/nextChangeTimer';
import type { Timers } from '../../core/time/timers';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { stringField } from '../ui/argumentFields';
import { QUICK_ACTIONS_COMMAND } from './statusBar';

/** The view id (package.json contributes.views). */
export const PROFILES_VIEW_ID = 'lwa.profiles';

/** The context key that is true while the active profile has stored tokens. */
export const SIGNED_IN_CONTEXT = 'lwa.signedIn';

/** The view's "Remove Profile…" action: lwa.removeProfile for the clicked profile (which confirms). */
export const REMOVE_FROM_VIEW_COMMAND = 'lwa.views.removeProfile';

/**
 * A tree element. Its `profile` field makes it a valid `{ profile }` argument, so the item's
 * inline and context menu actions run the ordinary commands on this profile.
 */
export interface ProfileTreeElement {
	readonly profile: string;
	/** A child of an SP-API profile: one selling partner (its id) or grantless scope, with its own countdown. */
	readonly partner?: string;
	readonly scope?: string;
}

/** Each slot of a profile with its stored credential: the profile's own, or one per partner or scope. */
export async function slotCredentials(store: CredentialStore, profile: Profile): Promise<{ account?: Account; active: boolean; credential?: StoredCredential }[]> {
	if (accountModeOf(profile) === 'single') {
		return [{ active: true, credential: await store.getCredential(profile.name) }];
	}
	const { accounts, active } = await accountsOf(store, profile);
	return Promise.all(accounts.map(async (account) => ({ account, active: sameAccount(account, active), credential: await store.getCredential(profile.name, account) })));
}

function accountOfElement(element: ProfileTreeElement): Account | undefined {
	return element.partner !== undefined ? { kind: 'partner', id: element.partner } : element.scope !== undefined ? { kind: 'scope', scope: element.scope } : undefined;
}

/** The parts of a profile's tree item, computed without VS Code objects. */
export interface ProfileItemParts {
	label: string;
	description: string;
	tooltip: string;
	contextValue: string;
	icon: string;
}

/** The state text of a profile's tokens (localized): 'expires in 59m', 'expired' or 'not signed in'. */
export function profileStateText(credential: Pick<StoredCredential, 'expiresAt'> | undefined, now: number): string {
	if (!credential) {
		return vscode.l10n.t('not signed in');
	}
	return credential.expiresAt <= now ? vscode.l10n.t('expired') : vscode.l10n.t('expires in {0}', formatRemaining(credential.expiresAt, now));
}

/** What the tree item of a profile shows. */
export function profileItemParts(profile: Profile, credential: StoredCredential | undefined, active: boolean, now: number): ProfileItemParts {
	const state = profileStateText(credential, now);
	const expired = credential !== undefined && credential.expiresAt <= now;
	// A team profile refreshes with the refresh token of its AWS secret, which is never stored here.
	const refreshable = credential?.refreshToken !== undefined || profile.grant === 'client_credentials' || profile.secretsManager !== undefined;
	const description = [
		active ? vscode.l10n.t('active') : undefined,
		state,
		credential?.refreshToken !== undefined ? vscode.l10n.t('refresh token') : undefined,
		profile.region,
		profile.grant === 'client_credentials' ? vscode.l10n.t('client credentials') : undefined,
	].filter((part): part is string => part !== undefined).join(' · ');
	const expiresAt = credential ? new Date(credential.expiresAt).toLocaleString() : '';
	const tooltipLines = [
		active ? vscode.l10n.t('{0} (active profile)', profile.name) : profile.name,
		credential
			? expired
				? vscode.l10n.t('Signed in; the access token expired {0}', expiresAt)
				: vscode.l10n.t('Signed in; the access token expires in {0} ({1})', formatRemaining(credential.expiresAt, now), expiresAt)
			: vscode.l10n.t('Not signed in'),
		credential ? (credential.refreshToken !== undefined ? vscode.l10n.t('Refresh token: present') : profile.secretsManager ? vscode.l10n.t('Refresh token: in the team secret') : vscode.l10n.t('Refresh token: none (sign in again when it expires)')) : undefined,
		vscode.l10n.t('Region: {0}', profile.region),
		vscode.l10n.t('Grant: {0}', profile.grant),
		vscode.l10n.t('Scopes: {0}', (credential?.scopes ?? profile.scopes).join(' ')),
		vscode.l10n.t('Client id: {0}', profile.clientId),
	].filter((line): line is string => line !== undefined);
	const flags = ['lwaProfile', credential ? 'hasToken' : 'noToken', refreshable && credential ? 'refreshable' : undefined, active ? 'active' : 'inactive', profile.grant === 'authorization_code' ? 'authorizationCode' : undefined];
	return {
		label: profile.name,
		description,
		tooltip: tooltipLines.join('\n'),
		contextValue: flags.filter((flag): flag is string => flag !== undefined).join(' '),
		icon: !credential ? 'circle-large-outline' : expired ? 'warning' : 'pass-filled',
	};
}

/** What a refresh of the view applied. */
export interface ProfilesViewState {
	/** The value last given to the lwa.signedIn context key. */
	signedIn: boolean | undefined;
}

/**
 * Sees every refresh of the view as it starts: `applied` resolves, once that refresh is done (or was
 * superseded by a newer one, which the observer sees too), with the state it left.
 */
export type ProfilesViewObserver = (applied: Promise<ProfilesViewState>) => void;

/** SP-API client secret health as the Profiles view shows it (SecretHealthWatch, in the features bundle). */
export interface HealthBadges {
	/** The profile's badge ('secret 5d left') and tooltip line, when its client secret's dates are known. */
	secretBadge(profile: string): Promise<{ badge: string; line: string } | undefined>;
	/** A selling partner's badge ('re-authorize in 25d') when its consent authorization is near its 365 days. */
	reauthorizationBadge(profile: string, partnerId: string): Promise<string | undefined>;
}

/** The tree data provider of the Profiles view. */
export class ProfilesView implements vscode.TreeDataProvider<ProfileTreeElement>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<ProfileTreeElement | undefined>();
	private readonly timer: NextChangeTimer;
	private generation = 0;
	private signedIn: boolean | undefined;

	readonly onDidChangeTreeData = this.changed.event;

	constructor(private readonly deps: {
		profiles: ProfileRegistry;
		store: CredentialStore;
		clock: Clock;
		/** The timers that go with `clock` (the real ones when absent). */
		timers?: Timers;
		logger: Logger;
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		observer?: ProfilesViewObserver;
		/**
		 * SP-API client secret health: a badge with the days left on the profile and each
		 * consent-authorized partner. It comes with the features (SecretHealthWatch): none until they load.
		 */
		health?: () => HealthBadges | undefined;
	}) {
		this.timer = new NextChangeTimer(deps.timers);
	}

	/** Re-reads the state: context key, next countdown timer, and tells the tree to redraw. */
	refresh(): Promise<void> {
		const generation = ++this.generation;
		const updating = this.update(generation).catch(() => this.deps.logger.error('The Profiles view could not be updated.'));
		this.deps.observer?.(updating.then(() => ({ signedIn: this.signedIn })));
		return updating;
	}

	async getChildren(element?: ProfileTreeElement): Promise<ProfileTreeElement[]> {
		if (element) {
			const profile = element.partner === undefined && element.scope === undefined ? this.deps.profiles.find(element.profile) : undefined;
			if (!profile || accountModeOf(profile) === 'single') {
				return [];
			}
			return (await slotCredentials(this.deps.store, profile)).map(({ account }) => account?.kind === 'partner'
				? { profile: profile.name, partner: account.id }
				: { profile: profile.name, scope: account?.kind === 'scope' ? account.scope : '' });
		}
		return this.deps.profiles.all().map((profile) => ({ profile: profile.name }));
	}

	async getTreeItem(element: ProfileTreeElement): Promise<vscode.TreeItem> {
		const profile = this.deps.profiles.find(element.profile);
		if (!profile) {
			return new vscode.TreeItem(element.profile);
		}
		const account = accountOfElement(element);
		if (account) {
			return this.accountItem(profile, account);
		}
		const slots = await slotCredentials(this.deps.store, profile);
		const credential = (slots.find((slot) => slot.active) ?? slots[0])?.credential;
		const parts = profileItemParts(profile, credential, this.deps.profiles.active()?.name === profile.name, this.deps.clock.now());
		const item = new vscode.TreeItem(parts.label, accountModeOf(profile) === 'single' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
		item.id = `lwa.profile:${profile.name}`;
		const secret = profile.api === 'sp-api' ? await this.deps.health?.()?.secretBadge(profile.name) : undefined;
		item.description = secret ? `${parts.description} · ${secret.badge}` : parts.description;
		item.tooltip = secret ? `${parts.tooltip}\n${secret.line}` : parts.tooltip;
		item.contextValue = parts.contextValue;
		item.iconPath = new vscode.ThemeIcon(parts.icon);
		item.accessibilityInformation = { label: `${parts.label}: ${parts.description}` };
		item.command = { command: QUICK_ACTIONS_COMMAND, title: vscode.l10n.t('Show Actions'), arguments: [{ profile: profile.name }] };
		return item;
	}

	/** A selling partner's or scope's item: its own state and countdown, and the profile's actions for it. */
	private async accountItem(profile: Profile, account: Account): Promise<vscode.TreeItem> {
		const credential = await this.deps.store.getCredential(profile.name, account);
		const { active } = await accountsOf(this.deps.store, profile);
		const parts = profileItemParts(profile, credential, sameAccount(account, active), this.deps.clock.now());
		const name = accountName(account);
		const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
		item.id = `lwa.profile:${profile.name}\u001f${account.kind}:${name}`;
		const reauthorization = account.kind === 'partner' ? await this.deps.health?.()?.reauthorizationBadge(profile.name, account.id) : undefined;
		item.description = reauthorization ? `${parts.description} · ${reauthorization}` : parts.description;
		item.tooltip = `${account.kind === 'partner' ? vscode.l10n.t('Selling partner {0}', name) : vscode.l10n.t('Grantless scope {0}', name)}\n${parts.tooltip}`;
		item.contextValue = `${parts.contextValue} lwaAccount`;
		item.iconPath = new vscode.ThemeIcon(parts.icon);
		item.accessibilityInformation = { label: `${name}: ${parts.description}` };
		const argument = account.kind === 'partner' ? { profile: profile.name, partner: name } : { profile: profile.name, scope: name };
		item.command = { command: QUICK_ACTIONS_COMMAND, title: vscode.l10n.t('Show Actions'), arguments: [argument] };
		return item;
	}

	dispose(): void {
		this.generation++;
		this.timer.cancel();
		this.changed.dispose();
	}

	private async update(generation: number): Promise<void> {
		this.timer.cancel();
		const profiles = this.deps.profiles.all();
		const slots = await Promise.all(profiles.map((profile) => slotCredentials(this.deps.store, profile)));
		if (generation !== this.generation) {
			return;
		}
		const activeName = this.deps.profiles.active()?.name;
		const signedIn = profiles.some((profile, index) => profile.name === activeName && slots[index].some((slot) => slot.credential !== undefined));
		const credentials = slots.flat().map((slot) => slot.credential);
		if (signedIn !== this.signedIn) {
			this.signedIn = signedIn;
			await vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, signedIn);
		}
		this.changed.fire(undefined);
		const now = this.deps.clock.now();
		if (generation === this.generation) {
			this.timer.schedule(credentials.map((credential) => credential ? nextTextChangeAt(credential.expiresAt, now) : undefined), now, () => void this.refresh());
		}
	}
}

/** The Profiles tree; created at activation, so the view shows state before any command runs. */
export function createProfilesTree(view: ProfilesView): vscode.Disposable {
	return vscode.window.createTreeView(PROFILES_VIEW_ID, { treeDataProvider: view, showCollapseAll: false });
}

/** The view's own command (it runs with the other commands, once the features are loaded). */
export function profilesViewCommandHandlers() {
	return {
		[REMOVE_FROM_VIEW_COMMAND]: async (element: unknown) => {
			const name = stringField(element, 'profile');
			// lwa.removeProfile asks for confirmation itself, named profile or not.
			return vscode.commands.executeCommand('lwa.removeProfile', name === undefined ? undefined : { profile: name });
		},
	};
}
