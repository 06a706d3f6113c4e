// The SP-API consent sign-in (the website authorization workflow): the checks that can be made
// before Amazon is asked (an app ID where the client id belongs and the reverse, a redirect URI with a
// fragment or not on HTTPS), the marketplace (its Seller Central or Vendor Central host; remembered),
// the consent URL (version=beta for a draft app, redirect_uri, PKCE only when the profile asks: on
// Seller Central it is unconfirmed), then the redirect by the relay page, paste, or a loopback
// listener when the profile's redirect URI is loopback (Amazon is reported to require HTTPS; the user
// insists). The spapi_oauth_code lives 5 minutes and works once: it is exchanged at once, and the
// tokens are stored for the selling partner the redirect names (its shape checked first).
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import { accountForLog, partnerAccount } from '../../core/credentials/accounts';
import { isLwaError, LwaError } from '../../core/lwa/errors';
import type { Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { redirectWay } from '../../core/profiles';
import type { RelayRoute } from '../../core/lwa/relayRoute';
import { validateConsentCallback } from '../../core/sellingPartner/callback';
import { createConsentRequest } from '../../core/sellingPartner/consent';
import { preSignInProblems } from '../../core/sellingPartner/doctor';
import { consentCallbackError, consentRequestError, preSignInError } from '../../core/sellingPartner/errors';
import type { Marketplace } from '../../core/sellingPartner/marketplaces';
import { centralBase, findMarketplace, marketplacesOf } from '../../core/sellingPartner/marketplaces';
import type { ReceivedCallback } from '../../core/signIn/pendingSignIns';

/** What a sign-in may be told besides its profile (command arguments, not secrets). */
export interface SignInOptions {
	/** An SP-API consent's marketplace: its id or country code (US, DE, JP…); asked when absent. */
	marketplace?: string;
}

/** What the consent sign-in needs of the general flow. */
export interface RedirectWaiter {
	relayRoute(profileName: string): Promise<RelayRoute | undefined>;
	awaitRedirect<T>(profile: Profile, request: { url: string; nonce: string; state: string; kind: 'lwa' | 'consent'; timeoutError: (seconds: number) => LwaError },
		progress: { report(message: string): void }, cancellation: vscode.CancellationToken | undefined,
		onReceived: (received: ReceivedCallback, cancelled: Promise<never>) => Promise<T>): Promise<T>;
}

/** The memento key of the marketplace last chosen for a profile. */
export function marketplaceMementoKey(profileName: string): string {
	return `lwa.sellingPartner.marketplace:${profileName}`;
}

/** The consent host of a profile: its endpoints override, else the marketplace's Seller or Vendor Central. */
export function consentBaseOf(profile: Profile, marketplace: Marketplace | undefined): string | undefined {
	const partnerType = profile.sellingPartner?.partnerType ?? 'seller';
	const override = partnerType === 'seller' ? profile.apiEndpoints.sellerCentral : profile.apiEndpoints.vendorCentral;
	return override ?? (marketplace ? centralBase(marketplace, partnerType) : undefined);
}

export class ConsentSignIn {
	constructor(private readonly deps: { service: CredentialService; logger: Logger; memento: vscode.Memento; browser: RedirectWaiter }) {}

	async signIn(profile: Profile, progress: { report(message: string): void }, cancellation: vscode.CancellationToken | undefined, options: SignInOptions): Promise<StoredCredential> {
		const { logger, service } = this.deps;
		const app = profile.sellingPartner;
		if (!app) {
			throw new LwaError('invalid_profile', { reason: 'application_id_shape', facts: { field: 'applicationId' } });
		}
		const loopback = redirectWay(profile.redirectUri) === 'loopback';
		const problems = preSignInProblems({ applicationId: app.applicationId, clientId: profile.clientId, draft: app.draft, redirectUri: profile.redirectUri, allowLoopbackRedirect: loopback });
		const refusal = preSignInError(problems);
		if (refusal) {
			throw refusal;
		}
		if (problems.some((problem) => problem.code === 'redirect_uri_loopback')) {
			logger.warn(`Profile "${profile.name}": the consent redirect goes to a loopback address; Amazon is reported to require HTTPS OAuth redirect URIs (MD5101 on Seller Central's page if it refuses).`);
		}
		const marketplace = await this.marketplace(profile, options, cancellation);
		const consentBase = consentBaseOf(profile, marketplace);
		if (consentBase === undefined) {
			throw new LwaError('invalid_profile', { reason: 'consent_base', facts: { field: app.partnerType === 'seller' ? 'endpoints.sellerCentral' : 'endpoints.vendorCentral' } });
		}
		const relay = loopback ? undefined : await this.deps.browser.relayRoute(profile.name);
		const built = createConsentRequest({ applicationId: app.applicationId, consentBase, partnerType: app.partnerType, draft: app.draft, redirectUri: profile.redirectUri, pkce: profile.pkce, ...(relay ? { relay } : {}) });
		if (!built.ok) {
			throw consentRequestError(built.reason);
		}
		const request = built.request;
		const beta = preSignInError(preSignInProblems({ applicationId: app.applicationId, clientId: profile.clientId, draft: app.draft, consentUrl: request.url }));
		if (beta) {
			throw beta;
		}
		logger.info(`Consent sign-in for profile "${profile.name}" at ${app.partnerType === 'seller' ? 'Seller' : 'Vendor'} Central (${marketplace ? marketplace.country : 'endpoints override'}${app.draft ? ', draft app: version=beta' : ''}).`);
		return this.deps.browser.awaitRedirect(profile, {
			url: request.url, nonce: request.nonce, state: request.state, kind: 'consent',
			timeoutError: (seconds) => new LwaError('sign_in_timeout', { reason: 'consent_page', facts: { seconds, redirectUri: profile.redirectUri } }),
		}, progress, cancellation, async (received, cancelled) => {
			const checked = validateConsentCallback(received.consent ?? {}, request.state);
			if (!checked.ok) {
				throw consentCallbackError(checked);
			}
			const account = partnerAccount(checked.sellingPartnerId);
			if (!account) {
				throw new LwaError('malformed_callback', { reason: 'selling_partner_id_shape' });
			}
			progress.report(vscode.l10n.t('Exchanging the authorization code…'));
			let storing = false;
			const exchange = service.completeAuthorization(profile, {
				code: checked.code,
				...(request.codeVerifier !== undefined ? { codeVerifier: request.codeVerifier } : {}),
				// Sent again as the consent URL sent it (Amazon's sample does).
				redirectUri: request.redirectUri ?? profile.redirectUri,
				account,
				cancelled: () => {
					storing = cancellation?.isCancellationRequested !== true;
					return !storing;
				},
			}).catch((error: unknown) => {
				if (isLwaError(error, 'invalid_grant')) {
					// The spapi_oauth_code lives 5 minutes and works once.
					throw new LwaError('invalid_grant', { reason: 'consent_code', ...(error.status !== undefined ? { status: error.status } : {}), cause: error });
				}
				throw error;
			});
			const credential = await Promise.race([exchange, cancelled.catch((error: unknown) => (storing ? exchange : Promise.reject(error)))]);
			logger.info(`Consent sign-in for profile "${profile.name}" stored the tokens of ${accountForLog(account)}.`);
			return credential;
		});
	}

	/** The marketplace: from the argument, else the user's pick among the region's (the last one first); undefined with an endpoints override. */
	private async marketplace(profile: Profile, options: SignInOptions, cancellation: vscode.CancellationToken | undefined): Promise<Marketplace | undefined> {
		const partnerType = profile.sellingPartner?.partnerType ?? 'seller';
		if ((partnerType === 'seller' ? profile.apiEndpoints.sellerCentral : profile.apiEndpoints.vendorCentral) !== undefined) {
			return undefined;
		}
		const candidates = marketplacesOf(profile.region).filter((marketplace) => centralBase(marketplace, partnerType) !== undefined);
		const given = options.marketplace !== undefined ? findMarketplace(options.marketplace) : undefined;
		if (given && candidates.includes(given)) {
			await this.deps.memento.update(marketplaceMementoKey(profile.name), given.id);
			return given;
		}
		const last = this.deps.memento.get<string>(marketplaceMementoKey(profile.name));
		const ordered = [...candidates].sort((a, b) => Number(b.id === last) - Number(a.id === last));
		const picked = await vscode.window.showQuickPick(ordered.map((marketplace) => ({
			label: marketplace.country,
			description: centralBase(marketplace, partnerType),
			detail: marketplace.id === last ? vscode.l10n.t('last used') : marketplace.hostSource === 'confirmed' ? undefined : vscode.l10n.t('host not confirmed by Amazon\'s documentation'),
			marketplace,
		})), {
			title: vscode.l10n.t('LWA: Sign In to "{0}"', profile.name),
			placeHolder: vscode.l10n.t('Marketplace whose {0} asks for consent (one consent covers the whole region)', partnerType === 'seller' ? 'Seller Central' : 'Vendor Central'),
			ignoreFocusOut: true,
		}, cancellation);
		if (!picked) {
			throw new LwaError('cancelled');
		}
		await this.deps.memento.update(marketplaceMementoKey(profile.name), picked.marketplace.id);
		return picked.marketplace;
	}
}
