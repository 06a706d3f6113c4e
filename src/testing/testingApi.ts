// The integration tests' hooks: a test-only entry point, bundled on its own as dist/testing.js, which
// .vscodeignore keeps out of the .vsix. src/extension.ts requires it in ExtensionMode.Test only, so
// neither the production bundles nor an installed extension hold this code (test/package checks it).
// The hooks record what the extension wrote, showed, rendered, scheduled, listened on and opened
// through the observers activation passes in this mode only (recorder.ts), move the extension's clock
// (testClock.ts), and read the credential store; only accessToken() returns a secret, to the tests alone.
import type * as vscode from 'vscode';
import type { Account } from '../core/credentials/accounts';
import type { CredentialStore } from '../core/credentials/store';
import type { PendingSignIns } from '../core/signIn/pendingSignIns';
import type { ShownQuickPick } from '../vscode/ads/advertisingProfiles';
import type { Features } from '../vscode/features';
import type { Notice } from '../vscode/platform/notifier';
import type { ProfileRegistry } from '../vscode/platform/profileRegistry';
import { failureText } from '../vscode/ui/errorTexts';
import type { PanelSnapshot } from '../vscode/ui/webviewPanel';
import type { ProfileTreeElement } from '../vscode/views/profilesView';
import type { TerminalEnvironment } from '../vscode/terminal/terminalTokens';
import type { StatusBarSnapshot } from '../vscode/views/statusBar';
import type { RestrictedDataTokenCountdownSnapshot } from '../vscode/sellingPartner/restrictedDataTokenCountdown';
import { TestRecorder } from './recorder';
import { TestClock } from './testClock';

/** The testing object activate() returns in ExtensionMode.Test (and only there). */
export interface LwaTestingApi {
	/** URLs the extension asked to open in the browser (captured instead of opened), oldest first. */
	readonly openedUrls: readonly string[];
	/** The next URL the extension opens (or one opened since the last call that was not taken yet). */
	nextOpenedUrl(timeoutMs?: number): Promise<string>;
	/** The next quick pick a feature shows from a server's list (the advertiser profiles), once it is shown. */
	nextQuickPick(timeoutMs?: number): Promise<ShownQuickPick>;
	/** The status bar item once the update in progress (if any) is applied; it does not force one. */
	statusBar(): Promise<StatusBarSnapshot>;
	/** The extension's clock (epoch milliseconds): real time plus every advanceClock() so far. */
	now(): number;
	/**
	 * Moves the extension's clock on by `ms` (never back) and runs, in order, the timers that fall due:
	 * the status bar's and the Profiles view's next redraw, background refreshes, the clipboard's
	 * clearing. What they start (a redraw, a refresh) runs on after this returns; statusBar(),
	 * backgroundRefreshes() and the others wait for it.
	 */
	advanceClock(ms: number): void;
	/** Puts the extension's clock back to real time (the integration runner does it after every test). */
	resetClock(): void;
	/** Lines written to the log channel. */
	logLines(): readonly string[];
	/** Messages shown to the user. */
	notices(): readonly Notice[];
	/** Sign-ins waiting for the browser. */
	pendingSignIns(): number;
	/** Loopback ports listened on (or being opened) now. */
	loopbackListeners(): number;
	/** The profiles with a background refresh scheduled (lwa.refresh.proactive), once the last rescheduling is done. */
	backgroundRefreshes(): Promise<string[]>;
	/** Whether the profile has stored tokens (never the tokens themselves). */
	hasCredential(profile: string, account?: TestAccount): Promise<boolean>;
	/**
	 * A valid access token of the named (or active) profile, refreshed first when stale. Tests only:
	 * the extension hands tokens to other extensions through the authentication provider alone, so
	 * this lives in the test-only bundle.
	 */
	accessToken(profile?: string, account?: TestAccount): Promise<string>;
	/** The open Inspect Access Token or Redirect Setup panel as last rendered: its model and HTML (no token in either). */
	panel(view: TestablePanel): PanelSnapshot<unknown> | undefined;
	/** Sends a panel the message its button would send (`{ action, index? }`), as if clicked. */
	clickPanelButton(view: TestablePanel, message: { action: string; index?: number }): Promise<void>;
	/** The Profiles view's data provider, once its refresh in progress (if any) is applied. */
	profilesTree(): Promise<vscode.TreeDataProvider<ProfileTreeElement>>;
	/** The value last given to the lwa.signedIn context key, once the view's refresh in progress is applied. */
	signedInContext(): Promise<boolean | undefined>;
	/** What the extension keeps in globalState (not secret by design; tests check that it stays so), by key. */
	globalState(): Record<string, unknown>;
	/** Whether any value the extension wrote to the secret storage in this run contains `text` (never the values themselves). */
	secretStorageHolds(text: string): boolean;
	/**
	 * The variables lwa-token's environment variable collection puts into new terminals, once the
	 * server's last start or stop is done (the secret among them: tests only). Loads the features.
	 */
	terminalEnvironment(): Promise<TerminalEnvironment>;
	/** The Restricted Data Token's status bar entry as last drawn (undefined before the first RDT). */
	restrictedDataTokenCountdown(): RestrictedDataTokenCountdownSnapshot | undefined;
	/** Resolves once the variable files have caught up with every change so far (loads the features). */
	variableFilesSettled(): Promise<void>;
}

/** A selling partner or grantless scope of an SP-API profile, as tests name it. */
export type TestAccount = { partner: string } | { scope: string };

function toAccount(account: TestAccount | undefined): Account | undefined {
	return account === undefined ? undefined : 'partner' in account ? { kind: 'partner', id: account.partner } : { kind: 'scope', scope: account.scope };
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

/** The clock and timers activation passes to everything that reads the time or waits for a moment. */
export function createTestClock(): TestClock {
	return new TestClock();
}

/** The view types of the panels tests read. */
const PANEL_VIEW_TYPES: Readonly<Record<TestablePanel, string>> = { inspectToken: 'lwa.inspectToken', redirectSetup: 'lwa.redirectSetup' };

/** What the status bar shows before its first render. */
const NOTHING_SHOWN: StatusBarSnapshot = { visible: false, text: '', tooltip: '', background: undefined };

/** Builds the testing object over what activation built. */
export function createTestingApi(parts: {
	/** Resolves once activation's first render (status bar, view) has started. */
	ready: Promise<void>;
	recorder: TestRecorder;
	clock: TestClock;
	pending: PendingSignIns;
	/** The features, loaded on the first call (the hooks that read them load them as a command would). */
	features: () => Features;
	store: CredentialStore;
	profiles: ProfileRegistry;
	/** The Profiles view's data provider, read as the tree reads it. */
	profilesView: vscode.TreeDataProvider<ProfileTreeElement>;
	globalState: vscode.Memento;
}): LwaTestingApi {
	const { recorder, clock } = parts;
	const panel = (view: TestablePanel) => view === 'inspectToken' ? parts.features().inspector.panel : parts.features().redirectDoctor.panel;
	return {
		openedUrls: recorder.openedUrls,
		nextOpenedUrl: (timeoutMs) => recorder.nextOpenedUrl(timeoutMs),
		nextQuickPick: (timeoutMs) => recorder.nextQuickPick(timeoutMs),
		statusBar: async () => {
			await parts.ready;
			return (await recorder.statusBar()) ?? NOTHING_SHOWN;
		},
		now: () => clock.now(),
		advanceClock: (ms) => clock.advance(ms),
		resetClock: () => clock.reset(),
		logLines: () => recorder.logLines,
		notices: () => recorder.notices,
		pendingSignIns: () => parts.pending.size,
		loopbackListeners: () => recorder.loopbackListeners(),
		backgroundRefreshes: () => {
			// Loading the features (as a command would) schedules the background refreshes.
			parts.features();
			return recorder.backgroundRefreshes();
		},
		accessToken: async (name, account) => {
			const profile = name !== undefined ? parts.profiles.find(name) : parts.profiles.active();
			if (!profile) {
				throw new Error(name !== undefined ? `There is no valid LWA profile named "${name}".` : 'There is no active LWA profile.');
			}
			try {
				return (await parts.features().service.getValidCredential(profile, toAccount(account))).accessToken;
			} catch (error) {
				throw new Error(failureText(error));
			}
		},
		hasCredential: async (profile, account) => (await parts.store.getCredential(profile, toAccount(account))) !== undefined,
		panel: (view) => recorder.panel(PANEL_VIEW_TYPES[view]),
		clickPanelButton: (view, message) => panel(view).receive(message),
		profilesTree: async () => {
			await parts.ready;
			await recorder.profilesView();
			return parts.profilesView;
		},
		signedInContext: async () => {
			await parts.ready;
			return (await recorder.profilesView())?.signedIn;
		},
		globalState: () => Object.fromEntries(parts.globalState.keys().map((key) => [key, parts.globalState.get<unknown>(key)])),
		secretStorageHolds: (text) => recorder.secretStorageHolds(text),
		restrictedDataTokenCountdown: () => recorder.restrictedDataTokenCountdown,
		terminalEnvironment: () => parts.features().terminal.environment(),
		variableFilesSettled: () => parts.features().variableFiles.settled(),
	};
}
