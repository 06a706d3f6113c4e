// "LWA: Inspect Access Token": asks tokeninfo about the profile's current valid token and shows who it
// was issued to, for how much longer, and which scopes were granted, in a webview panel with a strict
// content security policy. The customer profile endpoint is asked only on demand ("Fetch Profile").
// The token itself never reaches the panel, the log or a message.
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import { forLog } from '../../core/logText';
import { isLwaError } from '../../core/lwa/errors';
import type { TokenInfo, UserProfile } from '../../core/lwa/tokeninfo';
import { fetchTokenInfo, fetchUserProfile } from '../../core/lwa/tokeninfo';
import type { Clock, HttpClient, Logger } from '../../core/ports';
import type { Grant, Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { SecretHealthInspection } from '../sellingPartner/secretHealthWatch';
import { argumentFields } from '../ui/argumentFields';
import { validCredentialOrReport } from '../ui/errorMessages';
import { inspectionFailureText } from '../ui/errorTexts';
import type { ProfileResolver } from '../ui/profilePicker';
import type { PanelMessage } from '../ui/webviewPanel';
import { InfoPanel } from '../ui/webviewPanel';
import type { PanelObserver } from '../ui/webviewPanel';
import { renderInspection } from './inspectionPage';

/** A safe error for the panel and the command's result: a code and plain words, never server text. */
export interface InspectionError {
	code: string;
	message: string;
}

/** What tokeninfo said, plus what follows from it. */
export interface TokenInfoView extends TokenInfo {
	audienceMatches: boolean;
	/** Local expiry computed from tokeninfo's `exp` (epoch ms). */
	expiresAt: number;
}

/** The model of the Inspect Access Token panel (and the command's result). No token in it. */
export interface TokenInspection {
	profile: string;
	grant: Grant;
	clientId: string;
	region: string;
	/** When tokeninfo was asked (epoch ms). */
	checkedAt: number;
	/** The stored credential's own expiry (epoch ms). */
	storedExpiresAt: number;
	hasRefreshToken: boolean;
	scopes: {
		/** The profile's configuration. */
		requested: string[];
		/** The stored credential (what the token endpoint granted). */
		granted: string[];
		notGranted: string[];
		extra: string[];
	};
	tokeninfo?: TokenInfoView;
	/** Why tokeninfo gave no answer. */
	error?: InspectionError;
	/** SP-API profiles: the client secret's deadline, the old secret's overlap, the selling partner's authorization. */
	secretHealth?: SecretHealthInspection;
	/** The customer profile, once fetched. */
	userProfile?: UserProfile;
	userProfileError?: InspectionError;
}

/** Runs lwa.inspectToken and owns its panel. */
export class TokenInspector implements vscode.Disposable {
	readonly panel: InfoPanel<TokenInspection>;

	constructor(private readonly deps: {
		service: CredentialService;
		http: HttpClient;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		profiles: ProfileResolver;
		findProfile: (name: string) => Profile | undefined;
		/** SP-API client secret health, for its rows (secretHealthWatch.ts). */
		secretHealth?: { inspection(profile: Profile, partnerId: string | undefined): Promise<SecretHealthInspection | undefined> };
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		panelObserver?: PanelObserver;
	}) {
		this.panel = new InfoPanel<TokenInspection>('lwa.inspectToken', deps.logger, (message, model) => this.onPanelMessage(message, model), deps.panelObserver);
	}

	/** The command this feature adds. */
	handlers() {
		return {
			'lwa.inspectToken': (arg: unknown) => this.inspect(arg),
		};
	}

	/**
	 * lwa.inspectToken. Argument: `{ profile?: string, fetchProfile?: boolean }`. Resolves to the
	 * model shown (also when tokeninfo failed: see `error`), or undefined when there was no profile or
	 * no valid token (reported to the user).
	 */
	async inspect(arg: unknown): Promise<TokenInspection | undefined> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to inspect the access token of'));
		if (!profile) {
			return undefined;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile);
		if (!credential) {
			return undefined;
		}
		const model = await this.buildModel(profile, credential);
		if (argumentFields(arg).fetchProfile === true) {
			await this.addUserProfile(profile, model);
		}
		this.show(model);
		this.announce(model);
		return model;
	}

	dispose(): void {
		this.panel.dispose();
	}

	private async buildModel(profile: Profile, credential: StoredCredential): Promise<TokenInspection> {
		const requested = [...profile.scopes];
		const granted = [...credential.scopes];
		const model: TokenInspection = {
			profile: profile.name,
			grant: profile.grant,
			clientId: profile.clientId,
			region: profile.region,
			checkedAt: this.deps.clock.now(),
			storedExpiresAt: credential.expiresAt,
			hasRefreshToken: credential.refreshToken !== undefined,
			scopes: {
				requested,
				granted,
				notGranted: requested.filter((scope) => !granted.includes(scope)),
				extra: granted.filter((scope) => !requested.includes(scope)),
			},
		};
		const secretHealth = await this.deps.secretHealth?.inspection(profile, credential.account?.kind === 'partner' ? credential.account.id : undefined);
		if (secretHealth) {
			model.secretHealth = secretHealth;
		}
		try {
			const info = await fetchTokenInfo(this.deps.http, profile.endpoints.tokeninfo, credential.accessToken);
			model.checkedAt = this.deps.clock.now();
			// fetchTokenInfo sets only the optional fields tokeninfo sent.
			const view: TokenInfoView = {
				...info,
				audienceMatches: info.audience === profile.clientId,
				expiresAt: model.checkedAt + info.expiresInSeconds * 1000,
			};
			model.tokeninfo = view;
			this.deps.logger.info(`Inspected the access token of profile "${profile.name}" (audience ${view.audienceMatches ? 'matches' : 'does NOT match'} the client id).`);
		} catch (error) {
			model.error = inspectionError(error, 'tokeninfo');
			this.deps.logger.warn(`tokeninfo for profile "${profile.name}" failed (${model.error.code}).`);
		}
		return model;
	}

	private async addUserProfile(profile: Profile, model: TokenInspection): Promise<void> {
		delete model.userProfile;
		delete model.userProfileError;
		if (profile.grant === 'client_credentials') {
			model.userProfileError = { code: 'not_applicable', message: vscode.l10n.t('A client credentials token belongs to no customer, so there is no customer profile to fetch.') };
			return;
		}
		let credential: StoredCredential;
		try {
			credential = await this.deps.service.getValidCredential(profile);
		} catch (error) {
			model.userProfileError = inspectionError(error, 'profile');
			return;
		}
		try {
			model.userProfile = await fetchUserProfile(this.deps.http, profile.endpoints.profile, credential.accessToken);
			this.deps.logger.info(`Fetched the customer profile for profile "${profile.name}".`);
		} catch (error) {
			model.userProfileError = inspectionError(error, 'profile');
			this.deps.logger.warn(`The profile endpoint for profile "${profile.name}" failed (${model.userProfileError.code}).`);
		}
	}

	private show(model: TokenInspection, reveal = true): void {
		this.panel.show(vscode.l10n.t('Access Token: {0}', model.profile), model, renderInspection(model), reveal);
	}

	private announce(model: TokenInspection): void {
		if (model.error) {
			this.deps.notifier.error(vscode.l10n.t('Inspecting the access token of "{0}" failed: {1}', model.profile, model.error.message), {
				[vscode.l10n.t('Refresh Access Token')]: () => vscode.commands.executeCommand('lwa.refresh', { profile: model.profile }),
			});
		} else if (model.tokeninfo && !model.tokeninfo.audienceMatches) {
			this.deps.notifier.warn(vscode.l10n.t('The access token of "{0}" was issued to another client ({1}), not to the profile\'s client id. Do not use it with this profile: sign in again.', model.profile, safeClientId(model.tokeninfo.audience)), {
				[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: model.profile }),
			});
		}
	}

	private async onPanelMessage(message: PanelMessage, model: TokenInspection): Promise<void> {
		const profile = this.deps.findProfile(model.profile);
		if (!profile) {
			this.deps.notifier.error(vscode.l10n.t('The profile "{0}" no longer exists.', model.profile));
			return;
		}
		switch (message.action) {
			case 'fetchProfile':
				await this.addUserProfile(profile, model);
				if (model.userProfileError && model.userProfileError.code !== 'not_applicable') {
					this.deps.notifier.error(vscode.l10n.t('Fetching the customer profile of "{0}" failed: {1}', model.profile, model.userProfileError.message));
				}
				this.show(model, false);
				return;
			case 'inspectAgain':
				await this.inspect({ profile: model.profile });
				return;
			case 'refresh':
				await vscode.commands.executeCommand('lwa.refresh', { profile: model.profile });
				await this.inspect({ profile: model.profile });
				return;
			default:
				this.deps.logger.warn(`The inspect panel sent an unknown action "${forLog(message.action)}".`);
		}
	}
}

/** The failure's code and its plain words (errorTexts.ts words it); never the server's text. */
function inspectionError(error: unknown, endpoint: 'tokeninfo' | 'profile'): InspectionError {
	return { code: isLwaError(error) ? error.code : 'unexpected', message: inspectionFailureText(error, endpoint) };
}

/**
 * The audience tokeninfo reported, for a notification: it is server text, so only a value shaped like
 * an LWA client id is shown (the panel shows the rest, escaped).
 */
function safeClientId(audience: string): string {
	return /^amzn1\.application-oa2-client\.[A-Za-z0-9._-]{1,100}$/.test(audience) ? audience : vscode.l10n.t('an unexpected value, shown in the panel');
}
