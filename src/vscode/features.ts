// Everything the extension does beyond showing state: every command, the sign-in flow, the
// credential service with its token client, and the panels. esbuild bundles this file on its own as
// dist/features.js, which src/extension.ts loads on first use (a command, getSession),
// so activation loads only what the status bar, the Profiles view and the Accounts menu need.
//
// The features, each in its folder: commands/ (tokens, copy, profiles, quick actions), signIn/ (the
// flow, the loopback texts, background refresh), inspect/, redirectSetup/, portability/, import/, and
// the Profiles view's own command (views/). Each hands its command handlers to the one CommandRunner
// (ui/commands.ts).
import vscode = require('vscode');
import { RefreshLeases } from '../core/credentials/lease';
import { CredentialService } from '../core/credentials/service';
import type { CredentialStore } from '../core/credentials/store';
import { TokenClient } from '../core/lwa/tokenClient';
import type { Clock, SecretStore } from '../core/ports';
import type { Timers } from '../core/time/timers';
import { LoopbackServers } from '../core/signIn/loopbackListener';
import type { PendingSignIns } from '../core/signIn/pendingSignIns';
import { AdvertisingProfiles } from './ads/advertisingProfiles';
import type { QuickPickObserver } from './ads/advertisingProfiles';
import { ApiRequests } from './commands/apiRequests';
import { CopyCommands } from './commands/copyCommands';
import { ProfileCommands } from './commands/profileCommands';
import { QuickActions } from './commands/quickActions';
import { TokenCommands } from './commands/tokenCommands';
import { CredentialImporter } from './import/credentialImporter';
import { TokenInspector } from './inspect/tokenInspector';
import { ClipboardWriter } from './platform/clipboard';
import { HttpClientHolder } from './platform/httpClientHolder';
import type { ChannelLogger } from './platform/log';
import type { Notifier } from './platform/notifier';
import type { ProfileRegistry } from './platform/profileRegistry';
import { signInForSession as signInSessionOf } from './auth/sessionSignIn';
import type { StoredCredential } from '../core/credentials/model';
import type { Profile } from '../core/profiles';
import { refreshAheadSeconds } from './platform/settings';
import { assumeOneTimeTransfer } from './portability/portabilitySettings';
import { DataPortabilityRequests } from './portability/dataPortabilityRequests';
import { DataPortabilityFetcher } from './portability/fetchRecords';
import { RedirectDoctor } from './redirectSetup/redirectDoctor';
import { localizedLoopbackTexts } from './signIn/loopbackTexts';
import { ProactiveRefresher } from './signIn/proactiveRefresh';
import type { BackgroundRefreshObserver } from './signIn/proactiveRefresh';
import { SignInFlow } from './signIn/signInFlow';
import { TerminalTokens } from './terminal/terminalTokens';
import type { UrlOpener } from './signIn/signInFlow';
import { AccountPicker } from './sellingPartner/accountPicker';
import { RefreshTokenCommand } from './sellingPartner/refreshTokenCommand';
import { SecretHealthWatch } from './sellingPartner/secretHealthWatch';
import { ProfileProblemReporter } from './platform/profileProblems';
import { ErrorDoctor } from './sellingPartner/errorDoctor';
import { RestrictedDataTokens } from './sellingPartner/restrictedDataTokens';
import type { RestrictedDataTokenCountdownObserver } from './sellingPartner/restrictedDataTokenCountdown';
import { CommandRunner } from './ui/commands';
import { reportRefreshRefused } from './ui/errorMessages';
import { failureText } from './ui/errorTexts';
import { ProfileResolver } from './ui/profilePicker';
import type { PanelObserver } from './ui/webviewPanel';
import { profilesViewCommandHandlers } from './views/profilesView';
import { createTeamSecrets, TeamProfiles } from './teams/teamProfiles';
import { IssuedTokens } from '../core/tokenLines/issuedTokens';
import { TokenLens } from './variableFile/tokenLens';
import { VariableFileWriter } from './variableFile/variableFileWriter';

/** What activation built and hands over. */
export interface ActivationServices {
	context: vscode.ExtensionContext;
	testMode: boolean;
	version: string;
	clock: Clock;
	/** The timers that go with `clock`. */
	timers: Timers;
	logger: ChannelLogger;
	notifier: Notifier;
	secrets: SecretStore;
	store: CredentialStore;
	profiles: ProfileRegistry;
	pending: PendingSignIns;
	/** Opens the sign-in page: the browser, or in ExtensionMode.Test the test hooks' recorder. */
	openUrl: UrlOpener;
	/** Redraws the status bar and the Profiles view. */
	onStateChange: () => void;
	/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
	observers?: FeatureObservers;
}

/** What the features report as they render, schedule and listen, to the test hooks only. */
export interface FeatureObservers {
	/** What the Inspect Access Token and Redirect Setup panels show. */
	panel?: PanelObserver;
	/** Which profiles have a background refresh scheduled. */
	scheduledRefreshes?: BackgroundRefreshObserver;
	/** How many loopback ports are listened on. */
	listeningPorts?: (ports: number) => void;
	/** The quick picks that choose from a server's list (the advertiser profiles). */
	quickPicks?: QuickPickObserver;
	/** What the Restricted Data Token's status bar entry shows. */
	restrictedDataTokenCountdown?: RestrictedDataTokenCountdownObserver;
}

/** The loaded features, as activation and the testing hooks use them. */
export interface Features {
	service: CredentialService;
	flow: SignInFlow;
	/** Runs every command of package.json by its id. */
	commands: CommandRunner;
	tokens: TokenCommands;
	refresher: ProactiveRefresher;
	/** lwa-token in this window's terminals, served while a profile has "terminal": true. */
	terminal: TerminalTokens;
	loopback: LoopbackServers;
	inspector: TokenInspector;
	redirectDoctor: RedirectDoctor;
	/** SP-API client secret health: the dates, the old secret during a rotation's overlap, the reminders, the badges. */
	secretHealth: SecretHealthWatch;
	/** Tells the user about problems of the lwa.profiles setting (once per distinct set). */
	profileProblems: ProfileProblemReporter;
	/** Keeps the variable files of opted-in profiles current. */
	variableFiles: VariableFileWriter;
	/** The CodeLens over token lines of .http documents. */
	tokenLens: TokenLens;
	/**
	 * An error's words, for the parts built at activation (the secret storage warning): the words live
	 * in this bundle, not in the activation bundle.
	 */
	failureText: (error: unknown) => string;
	/** After a sign-out in the Accounts menu: what the other tabs of a browser-hosted editor do (TokenCommands.warnAboutOtherTabs). */
	warnAboutOtherTabs: () => void;
	/** The sign-in behind the authentication provider's createSession (Accounts menu, another extension). */
	signInForSession: (scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions) => Promise<{ profile: Profile; credential: StoredCredential }>;
}

/**
 * Builds the features and registers their disposables on the extension's context. The command ids
 * are registered at activation (src/extension.ts), which runs them through `commands`. Should a part
 * fail to build, the parts built before it are disposed, and the next command tries again.
 */
export function createFeatures(base: ActivationServices): Features {
	const built: vscode.Disposable[] = [];
	try {
		const features = buildFeatures(base, built);
		base.context.subscriptions.push(...built);
		return features;
	} catch (error) {
		for (const part of built) {
			part.dispose();
		}
		throw error;
	}
}

function buildFeatures(base: ActivationServices, built: vscode.Disposable[]): Features {
	const { testMode, version, clock, timers, logger, notifier, secrets, store, profiles: registry, pending, openUrl, onStateChange, observers } = base;
	/** Keeps a part that must be disposed with the extension. */
	const own = <T extends vscode.Disposable>(part: T): T => {
		built.push(part);
		return part;
	};
	const http = own(new HttpClientHolder(logger, `lwa-credentials/${version} VSCode/${vscode.version}`));
	const tokenClient = new TokenClient({ http, clock, logger });
	// Windows share SecretStorage and the refresh token: the lease lets only one of them spend it.
	// Disposed, it takes this window off the roster of windows that renew (best effort).
	const leases = own(new RefreshLeases({ secrets, clock, logger }));
	// SP-API client secret health; activation loads the features when a profile is of the SP-API kind, so its reminders run.
	const secretHealth = own(new SecretHealthWatch({ secrets, store, profiles: registry, clock, timers, logger, notifier, memento: base.context.globalState, onChange: onStateChange }));
	// Team profiles: client secret and refresh token from an AWS Secrets Manager secret (src/core/teams).
	const team = createTeamSecrets({ clock, logger });
	const service = own(new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds, assumeOneTimeTransfer, leases,
		teamCredentials: team.source,
		previousSecrets: secretHealth.previous,
		onPartnerAuthorized: (profile, partnerId, kind) => secretHealth.records.recordAuthorization(profile, partnerId, { kind, authorizedAt: clock.now() }),
	}));
	const loopback = own(new LoopbackServers(pending, logger, localizedLoopbackTexts(), { onListeningChanged: observers?.listeningPorts }));
	const flow = new SignInFlow({
		service,
		pending,
		loopback,
		logger,
		openUrl,
		onOpenFailed: (url) => notifier.warn(vscode.l10n.t('The browser could not be opened for the sign-in. Copy the sign-in address and open it yourself.'), {
			[vscode.l10n.t('Copy Sign-In Address')]: () => vscode.env.clipboard.writeText(url),
		}),
		memento: base.context.globalState,
	});
	// Which selling partner or grantless scope of an SP-API profile a command acts on.
	const accounts = new AccountPicker({ store, notifier });
	const clipboard = own(new ClipboardWriter(logger, timers));
	const profiles = new ProfileResolver(registry, notifier);
	const tokens = new TokenCommands({ registry, profiles, store, service, flow, pending, notifier, logger, clock, accounts, secretRemoved: (profile) => secretHealth.secretRemoved(profile) });
	const memento = base.context.globalState;
	// The tokens this window put into documents or on the clipboard, as keyed hashes, for the .http lens.
	const issued = new IssuedTokens();
	const tokenLens = own(new TokenLens({ issued, registry, service, clock, timers, logger, notifier }));
	const onTokenIssued = (token: string, details: Parameters<IssuedTokens['remember']>[1]): void => {
		issued.remember(token, details);
		tokenLens.refresh();
	};
	const variableFiles = own(new VariableFileWriter({ store, registry, clock, logger, notifier }));
	const copy = new CopyCommands({ profiles, service, clipboard, notifier, logger, clock, accounts, memento, version, onTokenIssued });
	// Restricted Data Tokens: this window's memory only, forgotten with the selling partner's sign-out.
	const restrictedDataTokens = own(new RestrictedDataTokens({
		registry, service, http, clipboard, accounts, notifier, logger, clock, timers, memento, version, countdownObserver: observers?.restrictedDataTokenCountdown,
	}));
	own(store.onDidChangeCredential((profile, account) => {
		if (account === undefined) {
			// The account list or the active partner changed: only a removed profile takes its RDTs along.
			if (!registry.find(profile)) {
				restrictedDataTokens.forget(profile);
			}
			return;
		}
		void store.getCredential(profile, account).then((credential) => {
			if (credential === undefined) {
				restrictedDataTokens.forget(profile, account);
			}
		}, () => undefined);
	}));
	const errorDoctor = new ErrorDoctor({ registry, notifier, logger });
	const refreshTokens = new RefreshTokenCommand({ registry, store, service, notifier, logger, clock });
	const profileCommands = new ProfileCommands({ registry, profiles, store, service, notifier, logger, testMode, clock, secretHealth });
	const quickActions = new QuickActions({ registry, store, pending, accounts, showLog: () => logger.show() });
	const inspector = own(new TokenInspector({ service, http, notifier, logger, clock, profiles, findProfile: (name) => registry.find(name), secretHealth, panelObserver: observers?.panel }));
	const redirectDoctor = own(new RedirectDoctor({ notifier, logger, profiles, panelObserver: observers?.panel }));
	const dataPortability = new DataPortabilityRequests({ service, notifier, logger, clock, profiles, onTokenIssued });
	const portabilityRecords = new DataPortabilityFetcher({ service, http, notifier, logger, clock, profiles, state: base.context.globalState, testMode });
	const advertising = new AdvertisingProfiles({ service, http, registry, profiles, notifier, logger, quickPickObserver: observers?.quickPicks });
	const apiRequests = new ApiRequests({ service, notifier, logger, clock, profiles, accounts, memento, version, onTokenIssued });
	const importer = new CredentialImporter({ profiles: registry, store, notifier, logger, clock, onDidImport: onStateChange });
	const refresher = own(new ProactiveRefresher({
		service,
		store,
		profiles: registry,
		clock,
		timers,
		logger,
		observer: observers?.scheduledRefreshes,
		onRefreshRefused: (profile, error) => reportRefreshRefused({ notifier, logger }, profile, error),
	}));
	const teamProfiles = new TeamProfiles({
		secrets: team.secrets, service, store, registry, profiles, notifier, logger, clock, testMode,
		signIn: (arg) => tokens.signIn(arg),
		setClientSecret: (arg) => profileCommands.setClientSecret(arg),
	});
	own(vscode.workspace.onDidChangeConfiguration((event) => {
		if (event.affectsConfiguration('lwa.profiles') || event.affectsConfiguration('lwa.secretsManager')) {
			team.secrets.forget();
		}
	}));
	const commands = new CommandRunner({
		...tokens.handlers(),
		...copy.handlers(),
		...profileCommands.handlers(),
		...quickActions.handlers(),
		...inspector.handlers(),
		...redirectDoctor.handlers(),
		...dataPortability.handlers(),
		...portabilityRecords.handlers(),
		...advertising.handlers(),
		...apiRequests.handlers(),
		...importer.handlers(),
		...refreshTokens.handlers(),
		...restrictedDataTokens.handlers(),
		...errorDoctor.handlers(),
		...profilesViewCommandHandlers(),
		...tokenLens.handlers(),
		// Last: team profiles take their own way through Sign In and Set Client Secret.
		...teamProfiles.handlers(),
	}, { testMode, logger, notifier });
	// lwa-token: starts serving when a profile opts in with "terminal": true, and follows the settings.
	const terminal = own(new TerminalTokens({ context: base.context, registry, store, service, logger, clock }));
	void refresher.reschedule();
	void secretHealth.check();
	logger.debug('Features loaded.');
	const signInForSession: Features['signInForSession'] = (scopes, options) => signInSessionOf({ profiles: registry, flow, tokens, failureText, notifier, logger }, scopes, options);
	return { service, flow, commands, tokens, refresher, terminal, loopback, inspector, redirectDoctor, secretHealth, profileProblems: new ProfileProblemReporter(logger, notifier), variableFiles, tokenLens, failureText, signInForSession, warnAboutOtherTabs: () => tokens.warnAboutOtherTabs() };
}
