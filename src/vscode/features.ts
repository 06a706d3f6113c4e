// Everything the extension does beyond showing state: every command, the sign-in flow, the
// credential service with its token client, and the panels. esbuild bundles this file on its own as
// dist/features.js, which src/extension.ts loads on first use (a command, getSession),
// so activation loads only what the status bar, the Profiles view and the Accounts menu need.
import vscode = require('vscode');
import { RefreshLeases } from '../core/credentials/lease';
import { CredentialService } from '../core/credentials/service';
import type { CredentialStore } from '../core/credentials/store';
import { TokenClient } from '../core/lwa/tokenClient';
import type { Clock, SecretStore } from '../core/ports';
import type { Profile } from '../core/profiles';
import { ClipboardWriter } from './platform/clipboard';
import { Commands } from './commands/commands';
import { DataPortabilityRequests } from './portability/dataPortabilityRequests';
import { HttpClientHolder } from './platform/httpClientHolder';
import { CredentialImporter } from './import/credentialImporter';
import { TokenInspector } from './inspect/tokenInspector';
import type { ChannelLogger } from './platform/log';
import { LoopbackServers } from '../core/signIn/loopbackListener';
import { localizedLoopbackTexts } from './signIn/loopbackTexts';
import type { Notifier } from './platform/notifier';
import type { PendingSignIns } from '../core/signIn/pendingSignIns';
import { ProactiveRefresher } from './signIn/proactiveRefresh';
import type { ProfileRegistry } from './platform/profileRegistry';
import { registerProfilesViewCommands } from './views/profilesView';
import { RedirectDoctor } from './redirectSetup/redirectDoctor';
import { refreshAheadSeconds } from './platform/settings';
import { SignInFlow } from './signIn/signInFlow';
import type { UrlCapture } from './testing';

/** What activation built and hands over. */
export interface ActivationServices {
	context: vscode.ExtensionContext;
	testMode: boolean;
	version: string;
	clock: Clock;
	logger: ChannelLogger;
	notifier: Notifier;
	secrets: SecretStore;
	store: CredentialStore;
	profiles: ProfileRegistry;
	pending: PendingSignIns;
	capture: UrlCapture;
	/** Redraws the status bar and the Profiles view. */
	onStateChange: () => void;
}

/** The loaded features, as activation and the API use them. */
export interface Features {
	service: CredentialService;
	flow: SignInFlow;
	commands: Commands;
	refresher: ProactiveRefresher;
	loopback: LoopbackServers;
	inspector: TokenInspector;
	redirectDoctor: RedirectDoctor;
}

/** Builds the features and registers their commands and disposables on the extension's context. */
export function createFeatures(base: ActivationServices): Features {
	const { context, testMode, version, clock, logger, notifier, secrets, store, profiles, pending, capture, onStateChange } = base;
	const http = new HttpClientHolder(logger, `lwa-credentials/${version} VSCode/${vscode.version}`);
	const tokenClient = new TokenClient({ http, clock, logger });
	// Windows share SecretStorage and the refresh token: the lease lets only one of them spend it.
	const leases = new RefreshLeases({ secrets, clock, logger });
	const service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds, leases });
	const loopback = new LoopbackServers(pending, logger, localizedLoopbackTexts());
	const flow = new SignInFlow({
		service,
		pending,
		loopback,
		logger,
		openUrl: testMode ? (url) => capture.open(url) : async (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
		onOpenFailed: (url) => notifier.warn(vscode.l10n.t('The browser could not be opened for the sign-in. Copy the sign-in address and open it yourself.'), {
			[vscode.l10n.t('Copy Sign-In Address')]: () => vscode.env.clipboard.writeText(url),
		}),
	});
	const clipboard = new ClipboardWriter(logger);
	const commands = new Commands({ profiles, store, service, flow, pending, clipboard, notifier, logger, clock, showLog: () => logger.show(), testMode });
	const resolveProfile = (arg: unknown, placeHolder: string) => commands.resolveProfile(arg, placeHolder);
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
		onRefreshRefused: (profile, error) => notifier.error(vscode.l10n.t('Background refresh of "{0}" failed and needs you: {1}', profile.name, error instanceof Error && 'action' in error ? String((error as { action: string }).action) : vscode.l10n.t('sign in again.')), {
			[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		}),
	});
	const importer = new CredentialImporter({ profiles, store, notifier, logger, clock, onDidImport: onStateChange, testMode });

	context.subscriptions.push(
		service,
		http,
		loopback,
		clipboard,
		refresher,
		...commands.register(),
		inspector,
		inspector.register(),
		redirectDoctor,
		redirectDoctor.register(),
		dataPortability.register(),
		importer.register(),
		...registerProfilesViewCommands(),
	);
	void refresher.reschedule();
	logger.debug('Features loaded.');
	return { service, flow, commands, refresher, loopback, inspector, redirectDoctor };
}
