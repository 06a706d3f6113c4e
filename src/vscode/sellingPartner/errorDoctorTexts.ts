// The error doctor's words: the cause and fix of each MD code Amazon shows on its consent page, and of
// the token errors SP-API developers meet (an expired or reused spapi_oauth_code, a rotated client
// secret, a client that is not the app's). The core (doctor.ts) gives codes, causes and fixes as keys;
// every switch here covers every key with no default.
import vscode = require('vscode');
import type { MdCause, MdFix, SellingPartnerTokenErrorCode } from '../../core/sellingPartner/doctor';
import type { LwaError } from '../../core/lwa/errors';

export function mdCauseText(cause: MdCause): string {
	switch (cause) {
		case 'draft_app_in_production_flow':
			return vscode.l10n.t('The consent page was opened for a draft app without version=beta (Amazon\'s production flow is only for published apps), or the application_id holds the LWA client id instead of the app ID.');
		case 'redirect_uri_not_registered':
			return vscode.l10n.t('The redirect_uri of the consent address is not one of the app\'s OAuth redirect URIs, character for character.');
		case 'redirect_uri_has_fragment':
			return vscode.l10n.t('The redirect URI holds a fragment (#…), which Amazon does not allow.');
		case 'developer_not_eligible':
			return vscode.l10n.t('The developer account is not eligible for new authorizations (reported by others; Amazon\'s errors FAQ points to developer support).');
		case 'no_mws_developer_id_for_region':
			return vscode.l10n.t('The app (an MWS or hybrid app) has no MWS developer id for the region of this marketplace.');
		case 'no_login_or_redirect_uri':
			return vscode.l10n.t('The app has no Login URI or no OAuth redirect URI registered (reported by others; not on Amazon\'s own page).');
	}
}

export function mdFixText(fix: MdFix): string {
	switch (fix) {
		case 'add_version_beta':
			return vscode.l10n.t('Set "draft": true in the profile while the app is a draft; the extension then adds version=beta.');
		case 'use_application_id_not_client_id':
			return vscode.l10n.t('Put the app ID (amzn1.sp.solution.… or amzn1.sellerapps.app.…) in applicationId and the LWA client id (amzn1.application-oa2-client.…) in clientId.');
		case 'register_redirect_uri_exactly':
			return vscode.l10n.t('Register the profile\'s redirect URI exactly (scheme, host, port, path, no trailing differences) as an OAuth redirect URI of the app in the Solution Provider Portal, or change the profile to one that is registered.');
		case 'remove_fragment_from_redirect_uri':
			return vscode.l10n.t('Remove the fragment from the redirect URI, both in the app and in the profile.');
		case 'contact_developer_support':
			return vscode.l10n.t('Open a case with Amazon\'s developer support.');
		case 'register_mws_developer_id':
			return vscode.l10n.t('Register an MWS developer id for that region, or use a marketplace of a region where the app has one.');
		case 'set_login_and_redirect_uri':
			return vscode.l10n.t('Add a Login URI and an OAuth redirect URI to the app in the Solution Provider Portal (Edit App).');
	}
}

export function tokenErrorCauseText(code: SellingPartnerTokenErrorCode): string {
	switch (code) {
		case 'invalid_grant':
			return vscode.l10n.t('For SP-API: the spapi_oauth_code lives 5 minutes and works once, so it expired or was used already (a manual exchange, a page reload); or a refresh token was revoked by the selling partner, or its authorization ran out (Seller Central authorizations last a year).');
		case 'invalid_client':
			return vscode.l10n.t('For SP-API: the LWA client id or secret was refused. SP-API client secrets must be rotated every 180 days; after a rotation the old secret works for 7 more days, then only the new one does. An app ID in clientId gives this error too.');
		case 'unauthorized_client':
			return vscode.l10n.t('For SP-API: the LWA client is not allowed this request: the client id belongs to another app than the applicationId that got consent, or the app may not use this grant (a grantless scope the app does not have).');
	}
}

export function tokenErrorFixText(code: SellingPartnerTokenErrorCode): string {
	switch (code) {
		case 'invalid_grant':
			return vscode.l10n.t('Sign in again and let the extension take the redirect (it exchanges the code at once); for a self-authorized token, authorize the app again in Seller Central or Vendor Central and set the new refresh token.');
		case 'invalid_client':
			return vscode.l10n.t('Copy the current client secret from the Solution Provider Portal (Developer Central: LWA credentials, View) and set it with "LWA: Set Client Secret"; check that clientId holds the LWA client id.');
		case 'unauthorized_client':
			return vscode.l10n.t('Check that clientId and applicationId in the profile are of the same app, and that the app has the roles for what you ask.');
	}
}

/** The SP-API cause and fix of a token error, for an SP-API profile; undefined for any other error. */
export function sellingPartnerTokenHint(error: LwaError): string | undefined {
	switch (error.code) {
		case 'invalid_grant':
			// The consent code's own words (sellingPartnerTexts.ts) already say it.
			return error.reason === 'consent_code' || error.reason === 'pasted_refresh_token' ? undefined : `${tokenErrorCauseText('invalid_grant')} ${tokenErrorFixText('invalid_grant')}`;
		case 'invalid_client':
		case 'unauthorized_client':
			return `${tokenErrorCauseText(error.code)} ${tokenErrorFixText(error.code)}`;
		default:
			return undefined;
	}
}
