// The status bar item: the active profile's remaining token life. It is updated when its text or
// colour would change (a single timer set to that moment), on credential changes and on settings
// changes; never on a fast tick.
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialStore } from '../../core/credentials/store';
import { accountModeOf, accountName } from '../../core/credentials/accounts';
import { accountsOf } from '../../core/credentials/slots';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { nextTextChangeAt, tokenHealth } from '../../core/time/countdown';
import { NextChangeTimer } from '../../core/time/nextChangeTimer';
import type { Timers } from '../../core/time/timers';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { refreshAheadSeconds, statusBarEnabled } from '../platform/settings';
import { formatRemaining } from '../ui/countdownText';

/** The internal command the item runs: the quick actions. */
export const QUICK_ACTIONS_COMMAND = 'lwa.showQuickActions';

/** What the status bar item shows. */
export interface StatusBarSnapshot {
	visible: boolean;
	text: string;
	tooltip: string;
	/** The ThemeColor id of the background, if any. */
	background: string | undefined;
}

/**
 * Sees every update of the item as it starts: `applied` resolves, once that update is done (or was
 * superseded by a newer one, which the observer sees too), with what the item shows then.
 */
export type StatusBarObserver = (applied: Promise<StatusBarSnapshot>) => void;

/** Owns the status bar item, which it creates on the first render (not during activation). */
export class StatusBarController implements vscode.Disposable {
	private created: vscode.StatusBarItem | undefined;
	private readonly timer: NextChangeTimer;
	private generation = 0;
	private visible = false;
	private background: string | undefined;

	constructor(private readonly deps: {
		store: CredentialStore;
		profiles: ProfileRegistry;
		clock: Clock;
		/** The timers that go with `clock` (the real ones when absent). */
		timers?: Timers;
		logger: Logger;
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		observer?: StatusBarObserver;
	}) {
		this.timer = new NextChangeTimer(deps.timers);
	}

	private get item(): vscode.StatusBarItem {
		if (!this.created) {
			this.created = vscode.window.createStatusBarItem('lwa.status', vscode.StatusBarAlignment.Right, 100);
			this.created.name = 'LWA Credentials';
			this.created.command = QUICK_ACTIONS_COMMAND;
		}
		return this.created;
	}

	/** Recomputes the item now; resolves when it shows the current state. */
	update(): Promise<void> {
		const generation = ++this.generation;
		const updating = this.render(generation).catch(() => this.deps.logger.error('The status bar could not be updated.'));
		this.deps.observer?.(updating.then(() => this.shown()));
		return updating;
	}

	dispose(): void {
		this.generation++;
		this.timer.cancel();
		this.created?.dispose();
	}

	/** What the item shows now. */
	private shown(): StatusBarSnapshot {
		const tooltip = this.created?.tooltip;
		return {
			visible: this.visible,
			text: this.created?.text ?? '',
			tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
			background: this.background,
		};
	}

	private async render(generation: number): Promise<void> {
		this.timer.cancel();
		if (!statusBarEnabled()) {
			this.created?.hide();
			this.visible = false;
			return;
		}
		const profile = this.deps.profiles.active();
		// An SP-API profile shows its active selling partner or scope (switched from the quick actions).
		const account = profile && accountModeOf(profile) !== 'single' ? (await accountsOf(this.deps.store, profile)).active : undefined;
		const credential = profile ? await this.deps.store.getCredential(profile.name, account) : undefined;
		if (generation !== this.generation) {
			// A newer update started while this one read the secret store.
			return;
		}
		const now = this.deps.clock.now();
		if (!profile) {
			const count = this.deps.profiles.all().length;
			this.show(`$(key) ${vscode.l10n.t('LWA: Sign in')}`, undefined, count === 0
				? markdown('**LWA Credentials**', vscode.l10n.t('No profile yet. Click to add one or sign in.'))
				: markdown('**LWA Credentials**', vscode.l10n.t('No active profile. Click to choose one.')));
			return;
		}
		if (!credential) {
			this.show(`$(key) ${vscode.l10n.t('LWA {0}: Sign in', profile.name)}`, undefined, profileTooltip(profile, undefined, now));
			return;
		}
		const ahead = refreshAheadSeconds();
		const health = tokenHealth(credential.expiresAt, now, ahead);
		const remaining = formatRemaining(credential.expiresAt, now);
		const background = health === 'expired' ? 'statusBarItem.errorBackground' : health === 'stale' ? 'statusBarItem.warningBackground' : undefined;
		this.show(`$(key) LWA ${profile.name}${account ? ` ${accountName(account)}` : ''} ${remaining}`, background, profileTooltip(profile, credential, now));
		// One timer, for the moment the text or the colour changes next.
		this.timer.schedule([nextTextChangeAt(credential.expiresAt, now), credential.expiresAt - ahead * 1000, credential.expiresAt], now, () => void this.update());
	}

	private show(text: string, background: string | undefined, tooltip: vscode.MarkdownString): void {
		this.item.text = text;
		this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
		this.background = background;
		this.item.tooltip = tooltip;
		this.item.accessibilityInformation = { label: text.replace(/^\$\([a-z-]+\)\s*/, ''), role: 'button' };
		this.item.show();
		this.visible = true;
	}
}

function markdown(...lines: string[]): vscode.MarkdownString {
	const text = new vscode.MarkdownString(lines.join('\n\n'));
	text.supportThemeIcons = true;
	return text;
}

/** Markdown-escapes text that comes from settings. */
function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function profileTooltip(profile: Profile, credential: StoredCredential | undefined, now: number): vscode.MarkdownString {
	const lines = [
		`**LWA Credentials**: ${vscode.l10n.t('profile {0}', escapeMarkdown(profile.name))}`,
		vscode.l10n.t('Region: {0}', profile.region),
		vscode.l10n.t('Scopes: {0}', escapeMarkdown((credential?.scopes ?? profile.scopes).join(' '))),
		vscode.l10n.t('Grant: {0}', escapeMarkdown(profile.grant)),
	];
	if (credential?.account) {
		lines.push(credential.account.kind === 'partner'
			? vscode.l10n.t('Selling partner: {0} (switch in the actions)', escapeMarkdown(credential.account.id))
			: vscode.l10n.t('Grantless scope: {0} (switch in the actions)', escapeMarkdown(credential.account.scope)));
	}
	if (credential) {
		const expiresAt = escapeMarkdown(new Date(credential.expiresAt).toLocaleString());
		lines.push(credential.expiresAt <= now ? vscode.l10n.t('Expires: {0} (expired)', expiresAt) : vscode.l10n.t('Expires: {0} (in {1})', expiresAt, formatRemaining(credential.expiresAt, now)));
		lines.push(profile.grant === 'client_credentials'
			? vscode.l10n.t('Refresh token: not needed (a new token is fetched with the client secret)')
			: credential.refreshToken ? vscode.l10n.t('Refresh token: stored') : profile.secretsManager ? vscode.l10n.t('Refresh token: in the team secret') : vscode.l10n.t('Refresh token: none (sign in again when it expires)'));
	} else {
		lines.push(vscode.l10n.t('Not signed in.'));
	}
	lines.push(vscode.l10n.t('Click for actions.'));
	return markdown(...lines);
}
