// Composition root: builds the extension's objects and registers their disposables, nothing else.
import * as vscode from 'vscode';
import { RefreshLeases } from './core/credentials/lease';
import { CredentialService } from './core/credentials/service';
import { CredentialStore } from './core/credentials/store';
import { TokenClient } from './core/lwa/tokenClient';
import { systemClock } from './core/ports';
import type { Profile } from './core/profiles';
import { LwaAuthenticationProvider } from './vscode/authProvider';
import { ClipboardWriter } from './vscode/clipboard';
import { Commands } from './vscode/commands';
import { DataPortabilityRequests } from './vscode/dataPortability';
import { HttpClientHolder } from './vscode/httpClientHolder';
import { CredentialImporter } from './vscode/importCredentials';
import { TokenInspector } from './vscode/inspectToken';
import { ChannelLogger } from './vscode/log';
import { LoopbackServers } from './vscode/loopbackServer';
import { Notifier } from './vscode/notifier';
import { PendingSignIns } from './vscode/pendingSignIns';
import { ProactiveRefresher } from './vscode/proactiveRefresh';
import { ProfileRegistry } from './vscode/profileRegistry';
import { ProfilesView, registerProfilesView } from './vscode/profilesView';
import { RedirectDoctor } from './vscode/redirectSetup';
import { secretStoreFrom } from './vscode/secretStore';
import { CONFIG_SECTION, refreshAheadSeconds } from './vscode/settings';
import { SignInFlow } from './vscode/signInFlow';
import { StatusBarController } from './vscode/statusBar';
import type { LwaTestingApi } from './vscode/testing';
import { createTestingApi, UrlCapture } from './vscode/testing';
import { LwaUriHandler, routeCallbacks } from './vscode/uriHandler';

/** The extension's API for other extensions. */
export interface LwaCredentialsApi {
	/** A valid access token of the named (or active) profile, refreshed first when stale. */
	getAccessToken(profile?: string): Promise<string>;
	/** Only in ExtensionMode.Test. */
	testing?: LwaTestingApi;
}

export function activate(context: vscode.ExtensionContext): LwaCredentialsApi {
	const testMode = context.extensionMode === vscode.ExtensionMode.Test;
	const clock = systemClock;
	const logger = new ChannelLogger(testMode);
	const notifier = new Notifier(testMode);
	const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
	const http = new HttpClientHolder(logger, `lwa-credentials/${version} VSCode/${vscode.version}`);
	const secrets = secretStoreFrom(context.secrets);
	const store = new CredentialStore(secrets, logger);
	const tokenClient = new TokenClient({ http, clock, logger });
	// Windows share SecretStorage and the refresh token: the lease lets only one of them spend it.
	const leases = new RefreshLeases({ secrets, clock, logger });
	const service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds, leases });
	const profiles = new ProfileRegistry(logger, notifier);
	const pending = new PendingSignIns();
	const loopback = new LoopbackServers(pending, logger);
	const capture = new UrlCapture();
	const flow = new SignInFlow({
		service,
		pending,
		loopback,
		logger,
		openUrl: testMode ? (url) => capture.open(url) : async (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
		onOpenFailed: (url) => notifier.warn('The browser could not be opened for the sign-in. Copy the sign-in address and open it yourself.', {
			'Copy Sign-In Address': () => vscode.env.clipboard.writeText(url),
		}),
	});
	const clipboard = new ClipboardWriter(logger);
	const statusBar = new StatusBarController({ store, profiles, clock, logger });
	const commands = new Commands({ profiles, store, service, flow, pending, clipboard, notifier, logger, clock, showLog: () => logger.show() });
	const resolveProfile = (arg: unknown, verb: string) => commands.resolveProfile(arg, verb);
	const reportTokenError = (profile: Profile, error: unknown) => commands.reportTokenError(profile, error, 'copy');
	const inspector = new TokenInspector({ service, http, notifier, logger, clock, resolveProfile, reportTokenError, findProfile: (name) => profiles.find(name) });
	const redirectDoctor = new RedirectDoctor({ notifier, logger, resolveProfile });
	const dataPortability = new DataPortabilityRequests({ service, notifier, logger, clock, resolveProfile, reportTokenError });
	const refresher = new ProactiveRefresher({
		service,
		store,
		profiles,
		clock,
		logger,
		onRefreshRefused: (profile, error) => notifier.error(`Background refresh of "${profile.name}" failed and needs you: ${error instanceof Error && 'action' in error ? String((error as { action: string }).action) : 'sign in again.'}`, {
			'Sign In Again': () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		}),
	});
	const uriHandler = new LwaUriHandler();
	const authProvider = new LwaAuthenticationProvider({ service, store, profiles, flow, notifier, logger });
	const profilesView = new ProfilesView({ profiles, store, clock, logger });
	const onStateChange = (): void => {
		void statusBar.update();
		void refresher.reschedule();
		void profilesView.refresh();
	};
	const importer = new CredentialImporter({ profiles, store, notifier, logger, clock, onDidImport: onStateChange });
	const credentialChanges = service.onDidChange(onStateChange);

	context.subscriptions.push(
		logger,
		service,
		authProvider,
		authProvider.register(),
		http,
		loopback,
		clipboard,
		statusBar,
		refresher,
		profiles,
		uriHandler,
		vscode.window.registerUriHandler(uriHandler),
		routeCallbacks(uriHandler, pending, logger),
		...commands.register(),
		inspector,
		inspector.register(),
		redirectDoctor,
		redirectDoctor.register(),
		dataPortability.register(),
		importer.register(),
		profilesView,
		...registerProfilesView(profilesView),
		{ dispose: () => credentialChanges.dispose() },
		profiles.onDidChange(onStateChange),
		// Other windows sign in and refresh too; SecretStorage tells every window.
		context.secrets.onDidChange((event) => {
			if (event.key.startsWith('lwa.credential:')) {
				onStateChange();
			}
		}),
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(`${CONFIG_SECTION}.statusBar`) || event.affectsConfiguration(`${CONFIG_SECTION}.refresh`)) {
				onStateChange();
			}
		}),
	);
	profiles.reportProblems();
	onStateChange();
	logger.info(`LWA Credentials ${version} activated${testMode ? ' (test mode)' : ''}.`);

	const api: LwaCredentialsApi = { getAccessToken: (profile) => commands.accessToken(profile) };
	if (testMode) {
		api.testing = createTestingApi({ capture, statusBar, logLines: logger.capturedLines, notices: notifier.shown, pending, loopback, store, panels: { inspectToken: inspector.panel, redirectSetup: redirectDoctor.panel }, profilesView });
	}
	return api;
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
