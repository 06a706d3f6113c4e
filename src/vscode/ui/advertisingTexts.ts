// The words for the Amazon Ads API's failures (errorTexts.ts asks here): its refusals (400, 401, 403)
// by reason, and transport or server failures on the way to it, each naming the Ads host from the
// profile's settings (facts.host). Nothing here reads the Ads API's own text.
import vscode = require('vscode');
import type { LwaError } from '../../core/lwa/errors';

/** What the Ads API's refusal (400, 401, 403) means; facts.host names the host asked. */
export function advertisingRefusalText(error: LwaError): string {
	const host = error.facts.host ?? '';
	switch (error.reason) {
		case 'ads_scope_header':
			return vscode.l10n.t('The Amazon Ads API at {0} refused the advertiser profile in the Amazon-Advertising-API-Scope header (HTTP {1}): it is missing, not a profile this sign-in may use, or a profile of another region.', host, error.status ?? 400);
		case 'ads_client_id_header':
			return vscode.l10n.t('The Amazon Ads API at {0} refused the Amazon-Advertising-API-ClientId header (HTTP 400).', host);
		case 'ads_bad_request':
			return vscode.l10n.t('The Amazon Ads API at {0} refused the request as invalid (HTTP 400). Calls with an agency profile\'s id are refused where an advertiser is needed.', host);
		case 'ads_forbidden':
			return vscode.l10n.t('The Amazon Ads API at {0} denied access (HTTP 403): the signed-in user has no access to the advertising account, or the client lacks the permission.', host);
		default:
			return vscode.l10n.t('The Amazon Ads API at {0} refused the access token (HTTP 401): the token was not granted advertising::campaign_management, the client id is not yet approved for the Ads API, or the token belongs to another client id.', host);
	}
}

/** Transport and server failures on the way to the Ads API, worded with its host; undefined for other codes. */
export function advertisingTransportText(error: LwaError): string | undefined {
	const host = error.facts.host ?? '';
	switch (error.code) {
		case 'network':
			return error.reason === undefined || ['connect_timeout', 'tls', 'broke_off', 'unexpected'].includes(error.reason)
				? vscode.l10n.t('Could not reach the Amazon Ads API at {0} (name lookup, connection or TLS failed).', host)
				: undefined;
		case 'timeout':
			return vscode.l10n.t('The Amazon Ads API at {0} did not answer in time.', host);
		case 'rate_limited':
			return vscode.l10n.t('The Amazon Ads API at {0} is limiting requests (HTTP 429).', host);
		case 'server_error':
			return vscode.l10n.t('The Amazon Ads API at {0} had a server error (HTTP {1}).', host, error.status ?? 500);
		case 'malformed_response':
			switch (error.reason) {
				case 'too_large':
					return vscode.l10n.t('The answer from the Amazon Ads API at {0} was larger than the extension reads.', host);
				case 'not_json':
					return vscode.l10n.t('The answer from the Amazon Ads API at {0} could not be used: the Content-Type is not JSON.', host);
				case 'not_a_list':
					return vscode.l10n.t('The answer from the Amazon Ads API at {0} could not be used: the body is not a JSON list of profiles.', host);
				default:
					return vscode.l10n.t('The answer from the Amazon Ads API at {0} could not be used: unexpected HTTP status {1}.', host, error.status ?? 0);
			}
		default:
			return undefined;
	}
}

/** What to do after the Ads API refused a request. */
export function advertisingRefusalAction(error: LwaError): string {
	switch (error.reason) {
		case 'ads_scope_header':
		case 'ads_bad_request':
			return vscode.l10n.t('Choose a seller or vendor profile of this region with "{0}".', vscode.l10n.t('LWA: Choose Advertising Profile'));
		case 'ads_client_id_header':
			return vscode.l10n.t('Check that the profile\'s client id is the security profile\'s client id that Amazon approved for the Ads API.');
		case 'ads_forbidden':
			return vscode.l10n.t('Sign in as a user with access to the advertising account, or ask its administrator for access.');
		default:
			return vscode.l10n.t('Check that the profile\'s scopes include advertising::campaign_management and sign in again; a new Ads API client must first be approved by Amazon.');
	}
}
