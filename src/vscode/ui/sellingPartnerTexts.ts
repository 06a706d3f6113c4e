// The words for what the Selling Partner API adds to the core's errors (reasons on existing codes):
// the consent redirect's refusals, the pre-sign-in checks of an SP-API profile, the 5-minute
// spapi_oauth_code, a refused pasted refresh token, an unknown selling partner, and a consent sign-in
// that timed out (Seller Central shows MD errors on its own page, never by redirect). errorTexts.ts
// asks here first; undefined means "not an SP-API case", and the general words apply.
import vscode = require('vscode');
import type { LwaError } from '../../core/lwa/errors';

/** What happened, for an SP-API reason; undefined for any other error. */
export function sellingPartnerHappened(error: LwaError): string | undefined {
	const { facts } = error;
	switch (error.reason) {
		case 'consent_code':
			return vscode.l10n.t('Amazon refused the spapi_oauth_code from the consent redirect: it lives 5 minutes and works once, so it had expired or was already used.');
		case 'pasted_refresh_token':
			return vscode.l10n.t('Login with Amazon refused the pasted refresh token (invalid_grant): it may be incomplete, belong to another app or client id, or have been revoked. Nothing was stored.');
		case 'consent_page':
			return vscode.l10n.t('The browser did not return to the editor within {0} seconds. Seller Central and Vendor Central show their errors on their own page, not by redirect: MD1000 (a draft app without version=beta, or a client id where the app ID belongs), MD5101 (the redirect URI {1} is not one of the app\'s OAuth redirect URIs), MD5110 (a fragment in it), MD9100 (no login or redirect URI registered).', facts.seconds ?? 0, facts.redirectUri ?? '');
		case 'unknown_account':
			return vscode.l10n.t('Profile "{0}" holds no tokens for that selling partner or scope (or is not configured with the scope).', facts.profile ?? '');
		case 'control_character':
			return vscode.l10n.t('The consent redirect holds control or direction characters, so it cannot be trusted.');
		case 'userinfo':
			return vscode.l10n.t('The pasted address carries a user name or password, which no consent redirect does.');
		case 'wrong_redirect_uri':
			return vscode.l10n.t('The pasted address is not at the profile\'s redirect URI (another scheme, host, port or path).');
		case 'bare_code':
			return vscode.l10n.t('An spapi_oauth_code alone cannot be used: the selling partner id and the state come with it in the redirected address.');
		case 'login_uri_step':
			return vscode.l10n.t('The address is Amazon\'s call of an app\'s Login URI (it carries amazon_callback_uri), not the consent redirect; it is never followed.');
		case 'missing_selling_partner_id':
			return vscode.l10n.t('The consent redirect carries no selling_partner_id.');
		case 'selling_partner_id_shape':
			return vscode.l10n.t('The consent redirect\'s selling_partner_id does not look like a selling partner id (upper-case letters and digits, or amzn1.vg.…).');
		case 'application_id_shape':
			return vscode.l10n.t('The profile\'s applicationId is not an SP-API app ID (amzn1.sp.solution.… or amzn1.sellerapps.app.…).');
		case 'client_id_as_application_id':
			return vscode.l10n.t('The profile\'s applicationId holds an LWA client id; Seller Central answers that with MD1000.');
		case 'application_id_as_client_id':
			return vscode.l10n.t('The profile\'s clientId holds an SP-API app ID; the token endpoint answers that with invalid_client.');
		case 'client_id_shape':
			return vscode.l10n.t('The profile\'s clientId is not an LWA client id (amzn1.application-oa2-client.…).');
		case 'draft_without_beta':
			return vscode.l10n.t('The app is a draft, and its consent address lacks version=beta (Seller Central answers MD1000).');
		case 'redirect_uri_fragment':
			return vscode.l10n.t('The profile\'s redirect URI has a fragment (#); Seller Central answers that with MD5110.');
		case 'redirect_uri_not_https':
			return vscode.l10n.t('The profile\'s redirect URI is not HTTPS; Amazon is reported to require HTTPS OAuth redirect URIs (a loopback http address is tried only because you set one).');
		case 'consent_base':
			return vscode.l10n.t('No Seller Central or Vendor Central address is known for this marketplace and partner type, or the "{0}" override is not an https: URL without query or fragment.', facts.field ?? 'endpoints');
		default:
			return undefined;
	}
}

/** What to do, for an SP-API reason; undefined for any other error. */
export function sellingPartnerToDo(error: LwaError): string | undefined {
	switch (error.reason) {
		case 'consent_code':
			return vscode.l10n.t('Sign in again and let the extension take the redirect (it exchanges the code at once).');
		case 'pasted_refresh_token':
			return vscode.l10n.t('Copy the whole token again from Seller Central ("Authorize app") or Vendor Central ("Generate refresh token") for this app, and check the profile\'s client id and secret.');
		case 'consent_page':
			return vscode.l10n.t('Read the code on Amazon\'s page and fix the app or the profile, then sign in again; or paste the redirected address with "{0}".', vscode.l10n.t('LWA: Complete Sign In'));
		case 'unknown_account':
			return vscode.l10n.t('Sign in (or set a refresh token) for that selling partner, or choose one the profile holds.');
		case 'control_character':
		case 'userinfo':
		case 'wrong_redirect_uri':
		case 'login_uri_step':
		case 'missing_selling_partner_id':
		case 'selling_partner_id_shape':
		case 'bare_code':
			return vscode.l10n.t('Paste the full address the browser ended on after Confirm, from the address bar, or start the sign-in again.');
		case 'application_id_shape':
		case 'client_id_as_application_id':
		case 'application_id_as_client_id':
		case 'client_id_shape':
			return vscode.l10n.t('In lwa.profiles, put the app ID (Solution Provider Portal / Developer Central) in applicationId and the LWA client id in clientId.');
		case 'draft_without_beta':
			return vscode.l10n.t('Set "draft": true in the profile (the extension then adds version=beta).');
		case 'redirect_uri_fragment':
		case 'redirect_uri_not_https':
			return vscode.l10n.t('Use an https: redirect URI without a fragment, registered exactly as the app\'s OAuth redirect URI (the relay page works).');
		case 'consent_base':
			return vscode.l10n.t('Pick another marketplace, or set endpoints.sellerCentral / endpoints.vendorCentral in the profile.');
		default:
			return undefined;
	}
}
