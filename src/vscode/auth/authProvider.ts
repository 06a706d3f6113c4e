// The `amazon-lwa` authentication provider: other extensions call
// vscode.authentication.getSession('amazon-lwa', scopes) and get a valid LWA access token of a
// signed-in profile whose granted scopes include the requested ones, or (createIfNone) sign in a
// profile configured with them. One session per signed-in slot: a plain profile's id and account id
// are the profile name (as always); an SP-API profile has one account per selling partner (or
// grantless scope), so VS Code asks its consent per partner, and the id is the slot's key
// (accounts.ts: profile and partner joined by U+001F). Ids stay stable across refreshes. Sessions appear in the Accounts menu and can be
// signed out there. Changes are reported from the secret store, which reports this window's changes
// and other windows', so a sign-in, refresh or sign-out anywhere shows up here.
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import { accountModeOf, accountName, parseSlotKey, slotForLog, slotKey } from '../../core/credentials/accounts';
import type { StoredCredential } from '../../core/credentials/model';
import { accountsOf } from '../../core/credentials/slots';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { forLog } from '../../core/logText';
import { isLwaError } from '../../core/lwa/errors';
import type { Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { includesScopes } from './sessionScopes';

/** The provider id other extensions ask for. */
export const AUTH_PROVIDER_ID = 'amazon-lwa';
/** The provider's name in the Accounts menu. */
export const AUTH_PROVIDER_LABEL = 'Login with Amazon';

/** The account label of a profile's session: its name and region. */
export function accountLabel(profile: Profile): string {
	return `${profile.name} (${profile.region})`;
}

function toSession(profile: Profile, credential: StoredCredential): vscode.AuthenticationSession {
	const id = slotKey({ profile: profile.name, account: credential.account });
	const label = credential.account ? `${profile.name} · ${accountName(credential.account)} (${profile.region})` : accountLabel(profile);
	return { id, accessToken: credential.accessToken, account: { id, label }, scopes: [...credential.scopes] };
}

/** The accounts of a profile that can hold a session: none but the profile itself for a plain one. */
async function sessionAccounts(store: CredentialStore, profile: Profile): Promise<(Account | undefined)[]> {
	return accountModeOf(profile) === 'single' ? [undefined] : (await accountsOf(store, profile)).accounts;
}

/** The provider; register it with `register()`. */
export class LwaAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.changed.event;
	/** The session last reported per profile, to tell added, changed and removed apart. */
	private readonly reported = new Map<string, vscode.AuthenticationSession>();
	/** Reconciliations run one after another so that their reads and reports stay in order. */
	private queue: Promise<void>;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(private readonly deps: {
		store: CredentialStore;
		profiles: ProfileRegistry;
		/** The credential service, the sign-in of a new session and the other-tabs warning after a sign-out, loaded on first use (see src/vscode/features.ts). */
		features: () => { service: CredentialService; signInForSession: (scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions) => Promise<{ profile: Profile; credential: StoredCredential }>; warnAboutOtherTabs: () => void };
		notifier: Notifier;
		logger: Logger;
	}) {
		// What is signed in now counts as known, so that the first refresh is reported as a change. It is
		// read right after activation returns: activation itself only registers.
		this.queue = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.reconcileAll(false))
			.catch(() => deps.logger.error('Reading the authentication sessions failed.'));
		// The secret store reports every change, this window's and other windows'.
		const credentialChanges = deps.store.onDidChangeCredential((name) => this.enqueue(() => this.reconcile(name, true)));
		this.subscriptions.push(
			this.changed,
			{ dispose: () => credentialChanges.dispose() },
			deps.profiles.onDidChange(() => this.enqueue(() => this.reconcileAll(true))),
		);
	}

	/** Registers the provider with VS Code. */
	register(): vscode.Disposable {
		return vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, this, { supportsMultipleAccounts: true });
	}

	/**
	 * With scopes (an extension asking): the signed-in profiles whose granted scopes include them,
	 * each refreshed first when stale, so the access token is valid; profiles whose token cannot be
	 * renewed are left out. Without scopes (the Accounts menu listing accounts): every signed-in
	 * profile, read from the store without any network request.
	 */
	async getSessions(scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions = {}): Promise<vscode.AuthenticationSession[]> {
		const sessions: vscode.AuthenticationSession[] = [];
		for (const profile of this.deps.profiles.all()) {
			for (const account of await sessionAccounts(this.deps.store, profile)) {
				if (options.account !== undefined && options.account.id !== slotKey({ profile: profile.name, account })) {
					continue;
				}
				const stored = await this.deps.store.getCredential(profile.name, account);
				if (!stored || stored.grant !== profile.grant || (scopes !== undefined && !includesScopes(stored.scopes, scopes))) {
					continue;
				}
				if (scopes === undefined) {
					sessions.push(toSession(profile, stored));
					continue;
				}
				try {
					sessions.push(toSession(profile, await this.deps.features().service.getValidCredential(profile, account)));
				} catch (error) {
					this.deps.logger.warn(`The session of ${slotForLog({ profile: profile.name, account })} was left out: its token could not be renewed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
				}
			}
		}
		return sessions;
	}

	/**
	 * Signs in a profile whose configured scopes include the requested ones (asking which when
	 * several do); the sign-in lives with the features (src/vscode/auth/sessionSignIn.ts).
	 */
	async createSession(scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions = {}): Promise<vscode.AuthenticationSession> {
		const { profile, credential } = await this.deps.features().signInForSession(scopes, options);
		return toSession(profile, credential);
	}

	/** Signs the session's slot out (Accounts menu): its tokens are deleted (one partner's only), the client secret stays. */
	async removeSession(sessionId: string): Promise<void> {
		const slot = parseSlotKey(sessionId);
		if (!slot) {
			this.deps.logger.warn(`Ignored a sign-out of an unknown session (${forLog(sessionId)}).`);
			return;
		}
		this.deps.logger.info(`Sign-out of ${slotForLog(slot)} requested through the authentication provider.`);
		await this.deps.features().service.signOut(slot.profile, slot.account);
		this.deps.features().warnAboutOtherTabs();
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}

	private enqueue(task: () => Promise<void>): void {
		this.queue = this.queue.then(task).catch(() => this.deps.logger.error('Updating the authentication sessions failed.'));
	}

	private async reconcileAll(report: boolean): Promise<void> {
		const names = new Set([...[...this.reported.keys()].map((id) => parseSlotKey(id)?.profile ?? id), ...this.deps.profiles.all().map((profile) => profile.name)]);
		for (const name of names) {
			await this.reconcile(name, report);
		}
	}

	/** Compares the profile's sessions (one per slot) now with those last reported and reports the difference. */
	private async reconcile(name: string, report: boolean): Promise<void> {
		const profile = this.deps.profiles.find(name);
		const current = new Map<string, vscode.AuthenticationSession>();
		for (const account of profile ? await sessionAccounts(this.deps.store, profile) : []) {
			const stored = profile ? await this.deps.store.getCredential(name, account) : undefined;
			if (profile && stored && stored.grant === profile.grant) {
				const session = toSession(profile, stored);
				current.set(session.id, session);
			}
		}
		const earlier = [...this.reported].filter(([id]) => parseSlotKey(id)?.profile === name);
		for (const [id, before] of earlier) {
			if (!current.has(id)) {
				this.reported.delete(id);
				if (report) {
					this.fire('removed', before);
				}
			}
		}
		for (const [id, now] of current) {
			const before = this.reported.get(id);
			this.reported.set(id, now);
			if (!report) {
				continue;
			}
			if (!before) {
				this.fire('added', now);
			} else if (now.accessToken !== before.accessToken || now.account.label !== before.account.label) {
				this.fire('changed', now);
			}
		}
	}

	private fire(kind: 'added' | 'removed' | 'changed', session: vscode.AuthenticationSession): void {
		const slot = parseSlotKey(session.id);
		this.deps.logger.debug(`Authentication session of ${slot ? slotForLog(slot) : 'an unknown profile'} ${kind}.`);
		this.changed.fire({ added: kind === 'added' ? [session] : [], removed: kind === 'removed' ? [session] : [], changed: kind === 'changed' ? [session] : [] });
	}
}
