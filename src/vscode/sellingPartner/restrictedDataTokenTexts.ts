// The words of "LWA: Get Restricted Data Token": why a typed path is refused before the Tokens API is
// called, why a request could not be built, and what a Tokens API refusal most likely means. The core
// (restrictedOperations.ts, restrictedDataToken.ts) gives reasons and data only; every switch here
// covers every reason with no default, so a new reason needs its words in the same change.
import vscode = require('vscode');
import type { RestrictedDataTokenFailure, RestrictedDataTokenRequestRefusal } from '../../core/sellingPartner/restrictedDataToken';
import type { PathRefusal } from '../../core/sellingPartner/restrictedOperations';
import { MAX_RESTRICTED_PATH_LENGTH } from '../../core/sellingPartner/restrictedOperations';

/** Why a typed method and path are refused before any call. */
export function pathRefusalText(reason: PathRefusal): string {
	switch (reason) {
		case 'empty':
			return vscode.l10n.t('Type the path of the restricted operation, such as {0}.', '/orders/v0/orders/{orderId}');
		case 'too_long':
			return vscode.l10n.t('The path is longer than {0} characters; no restricted operation has such a path.', MAX_RESTRICTED_PATH_LENGTH);
		case 'not_absolute':
			return vscode.l10n.t('The path must start with a single "/" (only the path, without the host).');
		case 'trailing_slash':
			return vscode.l10n.t('Remove the "/" at the end: the token must name exactly the path of the call, and a path ending in "/" is reported to give 403 Unauthorized when the token is used.');
		case 'query_or_fragment':
			return vscode.l10n.t('Remove the query string (?…) or fragment (#…): a Restricted Data Token is for the path alone.');
		case 'unsafe_character':
			return vscode.l10n.t('The path holds a character no SP-API path has (a space, a backslash, a percent escape such as an encoded slash, or a control or non-ASCII character).');
		case 'dot_or_empty_segment':
			return vscode.l10n.t('The path holds an empty, "." or ".." segment.');
		case 'generic_not_allowed':
			return vscode.l10n.t('getReportDocument takes only a specific path: put the report document id in place of {0}.', '{reportDocumentId}');
		case 'placeholder_in_unlisted_path':
			return vscode.l10n.t('A placeholder such as {0} (a generic path) works only for the listed restricted operations; give the specific path with its id.', '{orderId}');
		case 'method_mismatch':
			return vscode.l10n.t('That path is a restricted operation of another method; the token must name the method of the call.');
		case 'unknown_method':
			return vscode.l10n.t('The method must be GET, PUT, POST or DELETE.');
	}
}

/** Why the Tokens API request was not built. */
export function requestRefusalText(reason: RestrictedDataTokenRequestRefusal, pathReason?: PathRefusal): string {
	switch (reason) {
		case 'api_base':
			return vscode.l10n.t('The SP-API host is not an https: URL (http: only to a loopback address) without user name, query or fragment; check endpoints.sellingPartnerApi.');
		case 'access_token':
			return vscode.l10n.t('The selling partner\'s access token cannot go into a header.');
		case 'user_agent':
			return vscode.l10n.t('The user-agent is not printable ASCII of at most 500 characters.');
		case 'no_resources':
			return vscode.l10n.t('No restricted resource was given.');
		case 'too_many_resources':
			return vscode.l10n.t('The Tokens API takes at most 50 restricted resources.');
		case 'path':
			return pathRefusalText(pathReason ?? 'empty');
		case 'data_elements_not_allowed':
			return vscode.l10n.t('Data elements are only for the Orders operations getOrders, getOrder and getOrderItems.');
		case 'unknown_data_element':
			return vscode.l10n.t('The data elements are buyerInfo, shippingAddress and buyerTaxInformation.');
		case 'repeated_data_element':
			return vscode.l10n.t('A data element is named twice.');
		case 'target_application_shape':
			return vscode.l10n.t('The target application is not an SP-API app ID.');
	}
}

/** What a Tokens API refusal most likely means, in plain words; `template` is the path template asked for. */
export function tokensApiFailureText(failure: RestrictedDataTokenFailure, template: string): string {
	const requestId = failure.requestId !== undefined ? ` ${vscode.l10n.t('(Amazon request id {0})', failure.requestId)}` : '';
	switch (failure.reason) {
		case 'access_denied':
			return vscode.l10n.t('The Tokens API refused the request for {0} (403 Unauthorized). Most likely the method or path does not match a restricted operation exactly (no trailing slash, the right id), the app lacks the role for it, or the selling partner\'s token was revoked. Check the path, then the app\'s roles in the Solution Provider Portal.', template) + requestId;
		case 'invalid_input':
			return vscode.l10n.t('The Tokens API refused the request for {0} (400 InvalidInput). Most often the app does not have the restricted role this operation needs (for buyer data: the PII roles of the Orders, Merchant Fulfillment, Shipping or Reports API): ask for the role in the Solution Provider Portal, and after it is granted, have the selling partner authorize the app again.', template) + requestId;
		case 'unauthorized':
			return vscode.l10n.t('The Tokens API did not accept the selling partner\'s access token (401). Sign in again for this selling partner.') + requestId;
		case 'rate_limited':
			return failure.retryAfterSeconds !== undefined
				? vscode.l10n.t('The Tokens API is rate-limited (1 request per second, bursts of 10). Try again in {0} seconds.', failure.retryAfterSeconds) + requestId
				: vscode.l10n.t('The Tokens API is rate-limited (1 request per second, bursts of 10). Try again in a few seconds.') + requestId;
		case 'server_error':
			return vscode.l10n.t('The Tokens API answered with a server error ({0}). Try again later.', failure.status) + requestId;
		case 'malformed_response':
			return vscode.l10n.t('The Tokens API\'s answer could not be used (HTTP {0}, not the JSON the Tokens API model describes). Check endpoints.sellingPartnerApi, or try again.', failure.status) + requestId;
	}
}
