// Hooks for the extension's own integration tests; handed out only when the extension runs in
// ExtensionMode.Test. They read state and capture the browser URL; none of them returns a secret.
import type * as vscode from 'vscode';
import type { CredentialStore } from '../core/credentials/store';
import type { PendingSignIns } from '../core/signIn/pendingSignIns';
import type { Features } from './features';
import type { Notice } from './platform/notifier';
import type { PanelSnapshot } from './ui/webviewPanel';
import type { ProfilesView, ProfileTreeElement } from './views/profilesView';
import type { StatusBarController, StatusBarSnapshot } from './views/statusBar';

/** The testing object activate() returns in ExtensionMode.Test (and only there). */
export interface LwaTestingApi {
	/** URLs the extension asked to open in the browser (captured instead of opened), oldest first. */
	readonly openedUrls: readonly string[];
	/** The next URL the extension opens (or one opened since the last call that was not taken yet). */
	nextOpenedUrl(timeoutMs?: number): Promise<string>;
	/** The status bar item once the update in progress (if any) is applied; it does not force one. */
	statusBar(): Promise<StatusBarSnapshot>;
	/** Lines written to the log channel. */
	logLines(): readonly string[];
	/** Messages shown to the user. */
	notices(): readonly Notice[];
	/** Sign-ins waiting for the browser. */
	pendingSignIns(): number;
	/** Loopback servers listening now. */
	loopbackListeners(): number;
	/** The profiles with a background refresh scheduled (lwa.refresh.proactive), once the last rescheduling is done. */
	backgroundRefreshes(): Promise<string[]>;
	/** Whether the profile has stored tokens (never the tokens themselves). */
	hasCredential(profile: string): Promise<boolean>;
	/**
	 * A valid access token of the named (or active) profile, refreshed first when stale. Tests only:
	 * the extension hands tokens to other extensions through the authentication provider alone.
	 */
	accessToken(profile?: string): Promise<string>;
	/** The open Inspect Access Token or Redirect Setup panel: its model and HTML (no token in either). */
	panel(view: TestablePanel): PanelSnapshot<unknown> | undefined;
	/** Sends a panel the message its button would send (`{ action, index? }`), as if clicked. */
	clickPanelButton(view: TestablePanel, message: { action: string; index?: number }): Promise<void>;
	/** The Profiles view's data provider, once its refresh in progress (if any) is applied. */
	profilesTree(): Promise<vscode.TreeDataProvider<ProfileTreeElement>>;
	/** The value last given to the lwa.signedIn context key, once the view's refresh in progress is applied. */
	signedInContext(): Promise<boolean | undefined>;
}

/** The webview panels tests can read and click. */
export type TestablePanel = 'inspectToken' | 'redirectSetup';

/** Captures browser URLs in tests so that no browser tab races the test. */
export class UrlCapture {
	readonly urls: string[] = [];
	private untaken: string[] = [];
	private waiters: ((url: string) => void)[] = [];

	open(url: string): Promise<boolean> {
		this.urls.push(url);
		const waiter = this.waiters.shift();
		if (waiter) {
			waiter(url);
		} else {
			this.untaken.push(url);
		}
		return Promise.resolve(true);
	}

	next(timeoutMs = 10_000): Promise<string> {
		const ready = this.untaken.shift();
		if (ready !== undefined) {
			return Promise.resolve(ready);
		}
		return new Promise<string>((resolve, reject) => {
			const waiter = (url: string): void => {
				clearTimeout(timer);
				resolve(url);
			};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
				reject(new Error(`No browser URL was opened within ${timeoutMs} ms.`));
			}, timeoutMs);
			this.waiters.push(waiter);
		});
	}
}

/** Builds the testing object. */
export function createTestingApi(parts: {
	/** Resolves once activation's first render (status bar, view) has started. */
	ready: Promise<void>;
	capture: UrlCapture;
	statusBar: StatusBarController;
	logLines: readonly string[];
	notices: readonly Notice[];
	pending: PendingSignIns;
	/** The features, loaded on the first call (the hooks that read them load them as a command would). */
	features: () => Features;
	store: CredentialStore;
	profilesView: ProfilesView;
}): LwaTestingApi {
	const panel = (view: TestablePanel) => view === 'inspectToken' ? parts.features().inspector.panel : parts.features().redirectDoctor.panel;
	return {
		openedUrls: parts.capture.urls,
		nextOpenedUrl: (timeoutMs) => parts.capture.next(timeoutMs),
		statusBar: async () => {
			await parts.ready;
			await parts.statusBar.settled();
			return parts.statusBar.snapshot();
		},
		logLines: () => parts.logLines,
		notices: () => parts.notices,
		pendingSignIns: () => parts.pending.size,
		loopbackListeners: () => parts.features().loopback.listening,
		backgroundRefreshes: () => parts.features().refresher.scheduledProfiles(),
		accessToken: (profile) => parts.features().tokens.accessToken(profile),
		hasCredential: async (profile) => (await parts.store.getCredential(profile)) !== undefined,
		panel: (view) => panel(view).snapshot(),
		clickPanelButton: (view, message) => panel(view).receive(message),
		profilesTree: async () => {
			await parts.profilesView.settled();
			return parts.profilesView;
		},
		signedInContext: async () => {
			await parts.ready;
			await parts.profilesView.settled();
			return parts.profilesView.signedInContext();
		},
	};
}
