// Composition root: builds the extension's objects and registers their disposables, nothing else.
//
// Activation builds only what shows state: the status bar, the Profiles view, the Accounts menu's
// sessions and the URI handler. Every command, the sign-in flow and the token client live in
// dist/features.js (src/vscode/features.ts), loaded on first use: activation registers each command
// of package.json once, with a handler that loads the features on its first call and then runs the
// features' handler for that id. undici is one step further away still, in dist/undiciHttpClient.js,
// loaded on the first HTTP request. The integration tests' hooks are in dist/testing.js
// (src/testing), which only ExtensionMode.Test loads and the .vsix does not hold.
import vscode = require('vscode');
import { CredentialStore } from './core/credentials/store';
import type { Clock } from './core/ports';
import { systemClock } from './core/ports';
import type { Timers } from './core/time/timers';
import { systemTimers } from './core/time/timers';
import { LwaAuthenticationProvider } from './vscode/auth/authProvider';
import type * as FeaturesModule from './vscode/features';
import type { ActivationServices, Features } from './vscode/features';
import { ChannelLogger } from './vscode/platform/log';
import { Notifier } from './vscode/platform/notifier';
import { PendingSignIns } from './core/signIn/pendingSignIns';
import { ProfileRegistry } from './vscode/platform/profileRegistry';
import { createProfilesTree, ProfilesView } from './vscode/views/profilesView';
import { secretStoreFrom } from './vscode/platform/secretStore';
import { CONFIG_SECTION, proactiveRefreshEnabled } from './vscode/platform/settings';
import { StatusBarController } from './vscode/views/statusBar';
import type * as TestingModule from './testing/testingApi';
import type { LwaTestingApi } from './testing/testingApi';
import { LwaUriHandler, routeCallbacks } from './vscode/signIn/uriHandler';

/**
 * What activate() returns in ExtensionMode.Test, and only there. Other extensions get tokens only
 * through the `amazon-lwa` authentication provider, where VS Code asks the user's consent per
 * extension: a token-returning export would bypass that, so in production activate() returns nothing.
 */
export interface LwaTestExports {
	testing: LwaTestingApi;
}

export function activate(context: vscode.ExtensionContext): LwaTestExports | undefined {
	const testMode = context.extensionMode === vscode.ExtensionMode.Test;
	// Only tests load the hooks, first of all, so that their recorder sees the first log line. esbuild
	// keeps this a run-time require of the separate dist/testing.js, which the .vsix does not hold.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const testing = testMode ? require('./testing.js') as typeof TestingModule : undefined;
	const recorder = testing?.createTestRecorder();
	// Tests move this clock on instead of waiting (a token's hour, a background refresh).
	const testClock = testing?.createTestClock();
	const clock: Clock = testClock ?? systemClock;
	const timers: Timers = testClock ?? systemTimers;
	const logger = new ChannelLogger(recorder?.recordLogLine);
	const notifier = new Notifier(recorder?.recordNotice);
	const manifest = context.extension.packageJSON as { version?: unknown; contributes?: { commands?: { command: string }[] } };
	const version = String(manifest.version ?? '0');
	const secrets = secretStoreFrom(context.secrets, recorder?.recordSecretWrite);
	const store = new CredentialStore(secrets, logger);
	const profiles = new ProfileRegistry(logger);
	const pending = new PendingSignIns();
	const statusBar = new StatusBarController({ store, profiles, clock, timers, logger, observer: recorder?.recordStatusBar });
	const profilesView = new ProfilesView({ profiles, store, clock, timers, logger, observer: recorder?.recordProfilesView, health: () => features?.secretHealth });
	const onStateChange = (): void => {
		void statusBar.update();
		void profilesView.refresh();
		void features?.secretHealth.check();
		void features?.refresher.reschedule();
	};
	// The sign-in page opens in the browser; in ExtensionMode.Test the recorder takes the URL instead.
	const openUrl = recorder?.openUrl ?? (async (url: string) => vscode.env.openExternal(vscode.Uri.parse(url)));
	const services: ActivationServices = {
		context, testMode, version, clock, timers, logger, notifier, secrets, store, profiles, pending, openUrl, onStateChange,
		observers: recorder?.featureObservers,
	};

	let features: Features | undefined;
	const loadFeatures = (): Features => {
		if (!features) {
			// esbuild keeps this a run-time require of the separate dist/features.js bundle. Should it
			// throw (a damaged install), the command shows the error and the next call tries again.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require('./features.js') as typeof FeaturesModule;
			features = module.createFeatures(services);
		}
		return features;
	};
	const commands = (manifest.contributes?.commands ?? []).map(({ command }) =>
		vscode.commands.registerCommand(command, (arg: unknown) => loadFeatures().commands.run(command, arg)));
	/**
	 * Loads the features for what runs without a command: background refresh, the client secret
	 * health reminders of SP-API profiles, the writer that keeps opted-in profiles' variable files
	 * current, and lwa-token's server for profiles with "terminal": true. A failure is logged, and
	 * commands retry the load.
	 */
	const loadFeaturesForBackgroundWork = (): void => {
		if (features || (!proactiveRefreshEnabled() && !profiles.all().some((profile) => profile.api === 'sp-api' || profile.variableFile || profile.terminal))) {
			return;
		}
		try {
			loadFeatures();
		} catch (error) {
			logger.error(`Background refresh, client secret reminders, variable files and lwa-token are off: the extension's features could not be loaded (${error instanceof Error ? error.message : 'unknown error'}).`);
		}
	};
	/** The words of profile problems live in the features bundle: loaded only when the setting has problems. */
	const reportProfileProblems = (): void => {
		if (!features && profiles.problems().length === 0) {
			return;
		}
		try {
			loadFeatures().profileProblems.report(profiles.problems());
		} catch {
			logger.error(`The lwa.profiles setting has ${profiles.problems().length} problems, and the features that word them could not be loaded.`);
		}
	};
	const uriHandler = new LwaUriHandler();
	const authProvider = new LwaAuthenticationProvider({ store, profiles, features: loadFeatures, notifier, logger });

	context.subscriptions.push(
		logger,
		...commands,
		authProvider,
		statusBar,
		profiles,
		uriHandler,
		vscode.window.registerUriHandler(uriHandler),
		routeCallbacks(uriHandler, pending, logger),
		profilesView,
		createProfilesTree(profilesView),
		profiles.onDidChange(() => {
			reportProfileProblems();
			loadFeaturesForBackgroundWork();
			onStateChange();
		}),
		// The secret store reports sign-ins, refreshes and sign-outs of this window and of the others.
		store.onDidChangeCredential(onStateChange),
		// When the OS keyring fails, the store keeps secrets in this window's memory; say once what failed and how to fix it.
		store.onStorageUnavailable((error) => {
			try {
				notifier.warn(loadFeatures().failureText(error));
			} catch {
				// A damaged install on top of a failing keyring: the code says which store failed.
				logger.error(`The secret storage is not available (${error.code}), and the features that word it could not be loaded.`);
			}
		}),
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(`${CONFIG_SECTION}.statusBar`) || event.affectsConfiguration(`${CONFIG_SECTION}.refresh`) || event.affectsConfiguration(`${CONFIG_SECTION}.dataPortability.assumeOneTimeTransfer`)) {
				loadFeaturesForBackgroundWork();
				onStateChange();
			}
		}),
	);
	// Activation only registers commands and the URI handler; the first render (status bar item,
	// sessions, settings and secret store reads) runs right after it returns, so the editor's
	// start-up does not wait for it.
	const firstRender = new Promise<void>((resolve) => setImmediate(() => {
		// VS Code waits for a provider it asked for, so a registration one tick late is still in time.
		context.subscriptions.push(authProvider.register());
		reportProfileProblems();
		// Background work (proactive refresh, client secret reminders, variable files, lwa-token) needs the features.
		loadFeaturesForBackgroundWork();
		onStateChange();
		logger.info(`LWA Credentials ${version} activated${testMode ? ' (test mode)' : ''}.`);
		resolve();
	}));

	if (!testing || !recorder || !testClock) {
		return undefined;
	}
	// Tests read what the observers recorded, move the clock, and read tokens through the testing API,
	// which loads the features when a test first needs them, as a command would.
	return {
		testing: testing.createTestingApi({
			ready: firstRender,
			recorder,
			clock: testClock,
			pending,
			features: loadFeatures,
			store,
			profiles,
			profilesView,
			globalState: context.globalState,
		}),
	};
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
