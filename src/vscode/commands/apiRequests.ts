// "LWA: New API Request": an untitled .http document (REST Client and httpyac syntax) with requests
// for the profile's API and a fresh bearer token: for an Amazon Ads profile the profile list and a
// call with the three Ads headers; for a plain LWA profile the customer profile (or, with
// portability:: scopes, the Data Portability request); for an SP-API profile, one selling partner's
// token in x-amz-access-token, a user-agent and GET /sellers/v1/marketplaceParticipations on the
// regional (or sandbox, or endpoints.sellingPartnerApi) host.
import vscode = require('vscode');
import { advertisingApiBase } from '../../core/ads/hosts';
import { buildAdsRequestDocument } from '../../core/ads/requestDocument';
import type { CredentialService } from '../../core/credentials/service';
import { buildCustomerProfileDocument } from '../../core/customerProfileRequest';
import { portabilityScopes } from '../../core/dataPortability';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import { validCredentialOrReport } from '../ui/errorMessages';
import type { ProfileResolver } from '../ui/profilePicker';
import { openTokenDocument, tokenDocumentWarning } from '../ui/tokenDocument';
import type { TokenIssuedListener } from '../variableFile/tokenDocumentOptions';
import { tokenDocumentContent } from '../variableFile/tokenDocumentOptions';
import { buildSellingPartnerRequestDocument, sellingPartnerUserAgent } from '../../core/sellingPartner/requestDocument';
import type { AccountPicker } from '../sellingPartner/accountPicker';
import { chooseHost } from '../sellingPartner/sellingPartnerHost';

/** What lwa.newApiRequest resolves to (no token). */
export interface ApiRequestResult {
	profile: string;
	kind: 'ads' | 'customerProfile' | 'sellingPartner';
	/** The untitled document's URI. */
	uri: string;
	languageId: string;
}


/** Runs lwa.newApiRequest. */
export class ApiRequests {
	constructor(private readonly deps: {
		service: CredentialService;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		profiles: ProfileResolver;
		accounts: AccountPicker;
		/** Where the SP-API host last chosen is remembered (not a secret). */
		memento: vscode.Memento;
		version: string;
		/** Told of each token written into a document, so that the .http lens can recognise it. */
		onTokenIssued?: TokenIssuedListener;
	}) {}

	/** The command this feature adds. */
	handlers() {
		return {
			'lwa.newApiRequest': (arg: unknown) => this.newRequest(arg),
		};
	}

	/** Argument: `{ profile?: string }`. Resolves to the opened document, or undefined (not available, cancelled, reported). */
	async newRequest(arg: unknown): Promise<ApiRequestResult | undefined> {
		const { notifier } = this.deps;
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to write an API request for'));
		if (!profile) {
			return undefined;
		}
		if (profile.api === 'sp-api') {
			return this.sellingPartnerRequest(profile, arg);
		}
		if (profile.api === 'lwa' && portabilityScopes(profile.scopes).length > 0) {
			// Data Portability has its own document (intake host and scope id questions).
			await vscode.commands.executeCommand('lwa.newDataPortabilityRequest', { profile: profile.name });
			return undefined;
		}
		if (profile.grant === 'client_credentials') {
			notifier.info(vscode.l10n.t('New API Request writes requests for tokens of a signed-in Amazon user, and "{0}" uses client credentials. Copy its token with "LWA: Copy Access Token As…" for the API it is for.', profile.name));
			return undefined;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile);
		if (!credential) {
			return undefined;
		}
		const now = this.deps.clock.now();
		const kind = profile.api === 'ads' ? 'ads' : 'customerProfile';
		const content = kind === 'ads'
			? buildAdsRequestDocument({
				profileName: profile.name,
				host: advertisingApiBase(profile),
				clientId: profile.clientId,
				...(profile.advertisingProfileId !== undefined ? { advertisingProfileId: profile.advertisingProfileId } : {}),
				accessToken: credential.accessToken,
				expiresAt: credential.expiresAt,
				now,
			})
			: buildCustomerProfileDocument({ profileName: profile.name, profileUrl: profile.endpoints.profile, scopes: profile.scopes, accessToken: credential.accessToken, expiresAt: credential.expiresAt, now });
		const written = tokenDocumentContent(profile, arg, content, credential, undefined, this.deps.onTokenIssued);
		const document = await openTokenDocument(written.content);
		this.deps.logger.info(`Opened an API request document for profile "${profile.name}" (${kind}${written.reference ? ', the variable file\'s reference' : ''}).`);
		if (!written.reference) {
			this.warnAboutToken(profile, kind);
		}
		return { profile: profile.name, kind, uri: document.uri.toString(), languageId: document.languageId };
	}

	/** The SP-API document for one selling partner (grantless tokens call other operations: notifications, rotation). */
	private async sellingPartnerRequest(profile: Profile, arg: unknown): Promise<ApiRequestResult | undefined> {
		const { notifier } = this.deps;
		if (profile.grant === 'client_credentials') {
			notifier.info(vscode.l10n.t('"{0}" is a grantless SP-API profile: its tokens call only the grantless operations (notifications destinations, client secret rotation), not a selling partner\'s resources. Copy its x-amz-access-token header for those.', profile.name), {
				[vscode.l10n.t('Copy x-amz-access-token Header')]: () => vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format: 'amzAccessTokenHeader' }),
			});
			return undefined;
		}
		const chosen = await this.deps.accounts.forUse(profile, arg, vscode.l10n.t('Selling partner whose token the document holds'));
		if (!chosen.ok) {
			return undefined;
		}
		if (chosen.account?.kind !== 'partner') {
			notifier.error(vscode.l10n.t('"{0}" has no signed-in selling partner yet: sign in (consent) or set a refresh token first.', profile.name), {
				[vscode.l10n.t('Sign In')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
			});
			return undefined;
		}
		const host = await chooseHost(profile, this.deps.memento, arg, vscode.l10n.t('LWA: New API Request'));
		if (!host) {
			if (profile.apiEndpoints.sellingPartnerApi !== undefined) {
				notifier.error(vscode.l10n.t('The SP-API host of "{0}" is not an https: URL without user name, query or fragment; check endpoints.sellingPartnerApi.', profile.name));
			}
			return undefined;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile, chosen.account);
		if (!credential) {
			return undefined;
		}
		const content = buildSellingPartnerRequestDocument({
			profileName: profile.name, partner: chosen.account.id, apiBase: host.base, hostKind: host.kind,
			accessToken: credential.accessToken, expiresAt: credential.expiresAt, now: this.deps.clock.now(),
			userAgent: sellingPartnerUserAgent(this.deps.version, 'http'),
		});
		const written = tokenDocumentContent(profile, arg, content, credential, chosen.account, this.deps.onTokenIssued);
		const document = await openTokenDocument(written.content);
		this.deps.logger.info(`Opened an API request document for profile "${profile.name}" (sellingPartner, ${host.kind} host${written.reference ? ', the variable file\'s reference' : ''}).`);
		if (!written.reference) {
			this.warnAboutToken(profile, 'sellingPartner');
		}
		return { profile: profile.name, kind: 'sellingPartner', uri: document.uri.toString(), languageId: document.languageId };
	}

	/** The token sits in an open editor: other extensions can read open documents, and hot exit can back it up. Say so each time. */
	private warnAboutToken(profile: Profile, kind: ApiRequestResult['kind']): void {
		const warning = kind === 'sellingPartner'
			? vscode.l10n.t('The document holds the selling partner\'s access token: other extensions can read open documents and the editor may back it up to disk, so close it without saving when done and never commit it.')
			: vscode.l10n.t('The document holds a bearer token: other extensions can read open documents and the editor may back it up to disk, so close it without saving when done and never commit it.');
		const text = tokenDocumentWarning(warning);
		if (kind === 'ads' && profile.advertisingProfileId === undefined) {
			this.deps.notifier.warn(`${text} ${vscode.l10n.t('No advertiser profile is chosen yet, so the scope variable holds a placeholder.')}`, {
				[vscode.l10n.t('Choose Advertising Profile')]: () => vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }),
			});
			return;
		}
		this.deps.notifier.warn(text);
	}
}
