// The integration tests' hooks: a test-only entry point, bundled on its own as dist/testing.js, which
// .vscodeignore keeps out of the .vsix. src/extension.ts requires it in ExtensionMode.Test only, so
// neither the production bundles nor an installed extension hold this code (test/package checks it).
// The hooks read the state of the objects activation hands them and record what the extension wrote,
// showed and opened (recorder.ts); only accessToken() returns a secret, to the tests alone.
import type * as vscode from 'vscode';
import type { CredentialStore } from '../core/credentials/store';
import type { PendingSignIns } from '../core/signIn/pendingSignIns';
import type { Features } from '../vscode/features';
import type { Notice } from '../vscode/platform/notifier';
import type { ProfileRegistry } from '../vscode/platform/profileRegistry';
import { failureText } from '../vscode/ui/errorTexts';
import type { PanelSnapshot } from '../vscode/ui/webviewPanel';
import type { ProfilesView, ProfileTreeElement } from '../vscode/views/profilesView';
import type { StatusBarController, StatusBarSnapshot } from '../vscode/views/statusBar';
import { TestRecorder } from './recorder';

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
	 * the extension hands tokens to other extensions through the authentication provider alone, so
	 * this lives in the test-only bundle.
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

/**
 * The recorder whose observers and URL opener activation passes to the log channel, the notifier and
 * the sign-in flow. It is built before them, so that it sees their first line.
 */
export function createTestRecorder(): TestRecorder {
	return new TestRecorder();
}

/** Builds the testing object over what activation built. */
export function createTestingApi(parts: {
	/** Resolves once activation's first render (status bar, view) has started. */
	ready: Promise<void>;
	recorder: TestRecorder;
	statusBar: StatusBarController;
	pending: PendingSignIns;
	/** The features, loaded on the first call (the hooks that read them load them as a command would). */
	features: () => Features;
	store: CredentialStore;
	profiles: ProfileRegistry;
	profilesView: ProfilesView;
}): LwaTestingApi {
	const { recorder } = parts;
	const panel = (view: TestablePanel) => view === 'inspectToken' ? parts.features().inspector.panel : parts.features().redirectDoctor.panel;
	return {
		openedUrls: recorder.openedUrls,
		nextOpenedUrl: (timeoutMs) => recorder.nextOpenedUrl(timeoutMs),
		statusBar: async () => {
			await parts.ready;
			await parts.statusBar.settled();
			return parts.statusBar.snapshot();
		},
		logLines: () => recorder.logLines,
		notices: () => recorder.notices,
		pendingSignIns: () => parts.pending.size,
		loopbackListeners: () => parts.features().loopback.listening,
		backgroundRefreshes: () => parts.features().refresher.scheduledProfiles(),
		accessToken: async (name) => {
			const profile = name !== undefined ? parts.profiles.find(name) : parts.profiles.active();
			if (!profile) {
				throw new Error(name !== undefined ? `There is no valid LWA profile named "${name}".` : 'There is no active LWA profile.');
			}
			try {
				return (await parts.features().service.getValidCredential(profile)).accessToken;
			} catch (error) {
				throw new Error(failureText(error));
			}
		},
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
