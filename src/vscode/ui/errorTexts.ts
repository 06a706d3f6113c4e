// The one place where an error becomes words: what happened and what to do, in the editor's display
// language, from the core's code, reason and facts (problemTexts.ts beside it words a profile
// setting's problems and an import source's refusal). Nothing here reads server text; the facts are
// the extension's own data (a setting's name, a port, a profile name), never a secret.
import vscode = require('vscode');
import type { LwaError } from '../../core/lwa/errors';
import { isLwaError } from '../../core/lwa/errors';
import { sellingPartnerHappened, sellingPartnerToDo } from './sellingPartnerTexts';
import { advertisingRefusalAction, advertisingRefusalText, advertisingTransportText } from './advertisingTexts';
import { accessTokenKeptText, accessTokenKeptToDo, dataPortabilityHappened, dataPortabilityToDo, dataPortabilityTransportText } from './dataPortabilityTexts';
import { teamSecretHappened, teamSecretToDo } from '../teams/teamsTexts';

/** What happened, and what the user should do next. */
export interface FailureText {
	readonly message: string;
	readonly action: string;
}

/** One sentence pair for any thrown value; anything but an LwaError gets a generic text. */
export function describeFailure(error: unknown): FailureText {
	if (!isLwaError(error)) {
		return { message: vscode.l10n.t('Something went wrong.'), action: vscode.l10n.t('The LWA log has details.') };
	}
	return { message: whatHappened(error), action: whatToDo(error) };
}

/** `What happened. What to do.` in one line. */
export function failureText(error: unknown): string {
	const { message, action } = describeFailure(error);
	return `${message} ${action}`;
}

function proxyProblemText(reason: string | undefined): string {
	switch (reason) {
		case 'control_characters':
			return vscode.l10n.t('it holds spaces or control characters.');
		case 'unsupported_scheme':
			return vscode.l10n.t('only http:// and https:// proxies are supported.');
		case 'has_path':
			return vscode.l10n.t('it has a path, as the address of a PAC file has; give the proxy as scheme://host:port.');
		case 'bad_credentials':
			return vscode.l10n.t('the user name or password in it is not valid percent-encoding, holds control characters, or the user name holds a colon.');
		case 'bad_authorization':
			return vscode.l10n.t('it holds control characters or is too long.');
		default:
			return vscode.l10n.t('it is not a proxy address (scheme://host:port).');
	}
}

/** The proxy's schemes (a closed set from the core) as a list, with "Unknown" for any other. */
function schemesText(schemes: readonly string[] | undefined): string {
	if (!schemes || schemes.length === 0) {
		return vscode.l10n.t('no scheme named');
	}
	return schemes.map((scheme) => (scheme === 'other' ? vscode.l10n.t('an unknown scheme') : scheme)).join(', ');
}

/**
 * The server a network failure was on the way to, for the proxy and certificate sentences shared by
 * every API: Login with Amazon unless the error names another service (facts.service).
 */
function destinationName(error: LwaError): string {
	switch (error.facts?.service) {
		case 'data_portability':
			return vscode.l10n.t('Amazon Data Portability');
		case 'file_download':
			return vscode.l10n.t('the host of a record\'s file');
		case 'advertising_api':
			return vscode.l10n.t('the Amazon Ads API at {0}', error.facts.host ?? '');
		default:
			return vscode.l10n.t('Login with Amazon');
	}
}

function networkAction(error: LwaError): string {
	switch (error.reason) {
		case 'proxy_invalid':
			return vscode.l10n.t('Fix {0}, or set http.proxySupport to "off" to connect without a proxy.', error.facts?.setting ?? 'http.proxy');
		case 'proxy_unreachable':
			return vscode.l10n.t('Check http.proxy (or HTTPS_PROXY) and that the proxy is running; http.noProxy lists hosts to reach directly.');
		case 'proxy_auth_required': {
			const basic = error.facts?.schemes?.includes('Basic') === true;
			if (!basic) {
				return vscode.l10n.t('LWA Credentials can send only Basic credentials or a fixed header: set http.proxyAuthorization to the header value your proxy accepts, or ask for a proxy that takes Basic authentication.');
			}
			return error.facts?.credentialsSent
				? vscode.l10n.t('Correct the user name and password in http.proxy (user:password@host:port, percent-encoded) or in http.proxyAuthorization.')
				: vscode.l10n.t('Put the proxy user name and password in http.proxy (http://user:password@host:port, percent-encoded) or set http.proxyAuthorization.');
		}
		case 'proxy_refused':
			return vscode.l10n.t('Ask the network administrators to allow {0} through the proxy, or list its host in http.noProxy if it can be reached directly.', destinationName(error));
		case 'proxy_bad_gateway':
			return vscode.l10n.t('Try again later; if it keeps happening, the proxy cannot reach Amazon.');
		case 'proxy_bad_response':
			return vscode.l10n.t('Check that http.proxy (or HTTPS_PROXY) names an HTTP proxy, not another kind of server.');
		case 'untrusted_certificate':
			return error.facts?.systemStoreUsed
				? vscode.l10n.t('Add that certificate authority to the operating system\'s trusted certificates, or name its PEM file in the NODE_EXTRA_CA_CERTS environment variable before starting the editor. Setting http.proxyStrictSSL to false also works but turns certificate checks off.')
				: vscode.l10n.t('Turn http.systemCertificates on if the operating system trusts that certificate authority, or name its PEM file in the NODE_EXTRA_CA_CERTS environment variable before starting the editor. Setting http.proxyStrictSSL to false also works but turns certificate checks off.');
		default:
			return vscode.l10n.t('Check the network connection and the http.proxy settings, then try again.');
	}
}

/** Plain words for a failed tokeninfo or customer profile request in the inspect panel. */
export function inspectionFailureText(error: unknown, endpoint: 'tokeninfo' | 'profile'): string {
	if (!isLwaError(error)) {
		return vscode.l10n.t('An unexpected error occurred; the log has details.');
	}
	if (error.code === 'invalid_grant') {
		return vscode.l10n.t('Login with Amazon says the access token is not valid (expired, revoked or not issued by it). Refresh the token or sign in again.');
	}
	if (error.code === 'invalid_scope' && endpoint === 'profile') {
		return vscode.l10n.t('The token was not granted a customer profile scope (profile, profile:user_id or postal_code), so the profile endpoint refuses it.');
	}
	return failureText(error);
}

function whatHappened(error: LwaError): string {
	const atAuthorization = error.reason === 'at_authorization';
	const { facts } = error;
	const sellingPartner = sellingPartnerHappened(error);
	if (sellingPartner !== undefined) {
		return sellingPartner;
	}
	if (facts.service === 'advertising_api') {
		const ads = advertisingTransportText(error);
		if (ads !== undefined) {
			return ads;
		}
	}
	if (facts.service === 'data_portability' || facts.service === 'file_download') {
		const portability = dataPortabilityTransportText(error);
		if (portability !== undefined) {
			return portability;
		}
	}
	switch (error.code) {
		case 'invalid_grant':
			return error.reason === 'access_token_kept'
				? accessTokenKeptText(error)
				: vscode.l10n.t('Login with Amazon refused the authorization code or refresh token (it may have expired, been used already, or been revoked).');
		case 'invalid_client':
			return vscode.l10n.t('Login with Amazon refused the client credentials.');
		case 'unauthorized_client':
			return atAuthorization
				? vscode.l10n.t('Amazon sign-in refused this client (the security profile does not allow this request or return URL).')
				: vscode.l10n.t('This client is not allowed to use this kind of request.');
		case 'invalid_request':
			return atAuthorization
				? vscode.l10n.t('Amazon sign-in reported an invalid or missing parameter in the authorization request.')
				: vscode.l10n.t('Login with Amazon reported an invalid or missing parameter (an expired authorization code also looks like this).');
		case 'invalid_scope':
			return atAuthorization
				? vscode.l10n.t('Amazon sign-in refused a requested scope (unknown, or not enabled for this security profile).')
				: vscode.l10n.t('A requested scope is unknown or not allowed for this client.');
		case 'unsupported_grant_type':
			return vscode.l10n.t('Login with Amazon does not accept this grant type for this client.');
		case 'rate_limited':
			return vscode.l10n.t('Login with Amazon is limiting requests (HTTP 429).');
		case 'server_error':
			return atAuthorization ? vscode.l10n.t('Amazon sign-in had a server error.') : vscode.l10n.t('Login with Amazon had a server error.');
		case 'network':
			switch (error.reason) {
				case 'connect_timeout':
					return vscode.l10n.t('Could not connect to Login with Amazon in time.');
				case 'tls':
					return vscode.l10n.t('The secure (TLS) connection to Login with Amazon failed.');
				case 'broke_off':
					return vscode.l10n.t('The connection to Login with Amazon broke off.');
				case 'unexpected':
					return vscode.l10n.t('The request to Login with Amazon failed unexpectedly.');
				case 'proxy_invalid':
					return vscode.l10n.t('The proxy in {0} cannot be used: {1}', error.facts?.setting ?? 'http.proxy', proxyProblemText(error.facts?.proxyProblem));
				case 'proxy_unreachable':
					return vscode.l10n.t('Could not reach the proxy {0} ({1}).', error.facts?.proxy ?? '', error.facts?.systemCode ?? '?');
				case 'proxy_auth_required':
					return error.facts?.credentialsSent
						? vscode.l10n.t('The proxy refused the proxy credentials (HTTP 407); it asks for: {0}.', schemesText(error.facts.schemes))
						: vscode.l10n.t('The proxy asks for authentication (HTTP 407): {0}.', schemesText(error.facts?.schemes));
				case 'proxy_refused':
					return vscode.l10n.t('The proxy refused the connection to {0} (HTTP {1}).', destinationName(error), String(error.status ?? '?'));
				case 'proxy_bad_gateway':
					return vscode.l10n.t('The proxy could not reach {0} (HTTP {1}).', destinationName(error), String(error.status ?? '?'));
				case 'proxy_bad_response':
					return vscode.l10n.t('The proxy gave no usable answer to the connection request.');
				case 'untrusted_certificate':
					return error.facts?.issuer
						? vscode.l10n.t('This machine does not trust the certificate authority "{0}" that signed the certificate of {1} (or of a proxy inspecting TLS).', error.facts.issuer, destinationName(error))
						: vscode.l10n.t('This machine does not trust the certificate authority that signed the certificate of {0} (or of a proxy inspecting TLS).', destinationName(error));
				default:
					return vscode.l10n.t('Could not reach Login with Amazon (name lookup, connection or TLS failed).');
			}
		case 'timeout':
			return error.reason === 'lease_busy'
				? vscode.l10n.t('Another editor window is renewing this token and has not finished yet.')
				: vscode.l10n.t('Login with Amazon did not answer in time.');
		case 'malformed_response':
			return malformedResponseText(error);
		case 'access_denied':
			return vscode.l10n.t('Access was denied on the Amazon consent page.');
		case 'unsupported_response_type':
			return vscode.l10n.t('Login with Amazon refused the authorization request type.');
		case 'temporarily_unavailable':
			return vscode.l10n.t('Amazon sign-in is temporarily unavailable.');
		case 'authorization_failed':
			return vscode.l10n.t('Amazon sign-in failed.');
		case 'missing_code':
			return vscode.l10n.t('The sign-in redirect carried no authorization code.');
		case 'state_mismatch':
			return vscode.l10n.t('The sign-in redirect does not belong to the sign-in in progress.');
		case 'malformed_callback':
			return malformedCallbackText(error);
		case 'audience_mismatch':
			return vscode.l10n.t('The access token was issued to a different client.');
		case 'cancelled':
			return vscode.l10n.t('The operation was cancelled.');
		case 'sign_in_timeout':
			return facts.seconds !== undefined && facts.redirectUri !== undefined
				? vscode.l10n.t('The browser did not return to the editor within {0} seconds. If Amazon showed its own error page, the redirect URI {1} is probably not in the security profile\'s Allowed Return URLs: add it there exactly as written.', facts.seconds, facts.redirectUri)
				: vscode.l10n.t('The browser did not return to the editor in time.');
		case 'not_signed_in':
			return vscode.l10n.t('This profile is not signed in.');
		case 'no_refresh_token':
			return vscode.l10n.t('There is no refresh token for this profile (Login with Amazon returns one only when a client secret is sent).');
		case 'missing_client_secret':
			return vscode.l10n.t('This profile needs a client secret, and none is stored.');
		case 'invalid_profile':
			switch (error.reason) {
				case 'empty_redirect_uri':
					return vscode.l10n.t('Profile "{0}": "redirectUri" is empty.', facts.profile ?? '');
				case 'region':
					return vscode.l10n.t('The region must be NA, EU or FE (field "region").');
				case 'endpoint_override':
					return vscode.l10n.t('The profile setting "{0}" must be an https: URL (http: only for localhost, 127.0.0.1 or [::1]) without a user name or password.', facts.field ?? 'endpoints');
				default:
					return vscode.l10n.t('The profile settings are invalid.');
			}
		case 'port_in_use':
			return error.reason === 'address_in_use'
				? vscode.l10n.t('Port {0} on {1} is already in use by another program, so the sign-in cannot receive the browser\'s redirect there.', facts.port ?? 0, facts.address ?? '')
				: vscode.l10n.t('The sign-in cannot listen on port {0} on {1} ({2}).', facts.port ?? 0, facts.address ?? '', facts.systemCode ?? 'error');
		case 'advertising_api':
			return advertisingRefusalText(error);
		case 'data_portability':
		case 'download_failed':
			return dataPortabilityHappened(error);
		case 'team_secret':
			return teamSecretHappened(error);
		case 'secret_storage_unavailable':
			return storageOutageText(error);
	}
}

function malformedResponseText(error: LwaError): string {
	switch (error.reason) {
		case 'too_large':
			return vscode.l10n.t('The answer from Login with Amazon was too large.');
		case 'not_json':
			return vscode.l10n.t('The answer from Login with Amazon could not be used: the Content-Type is not application/json.');
		case 'not_an_object':
			return vscode.l10n.t('The answer from Login with Amazon could not be used: the body is not a complete JSON object.');
		case 'no_error_body':
			return vscode.l10n.t('The answer from Login with Amazon could not be used: HTTP {0} without an LWA error body.', error.status ?? 0);
		case 'unexpected_status':
			return vscode.l10n.t('The answer from Login with Amazon could not be used: unexpected HTTP status {0}.', error.status ?? 0);
		case 'bad_field':
			return vscode.l10n.t('The answer from Login with Amazon could not be used: the field "{0}" is missing or has the wrong form.', error.facts.field ?? '');
		default:
			return vscode.l10n.t('The answer from the token service was not what Login with Amazon sends (not JSON, incomplete, or too large).');
	}
}

function malformedCallbackText(error: LwaError): string {
	switch (error.reason) {
		case 'nothing_given':
			return vscode.l10n.t('The sign-in redirect could not be read: nothing was given.');
		case 'too_long':
			return vscode.l10n.t('The text is too long to be a sign-in redirect.');
		case 'empty':
			return vscode.l10n.t('The sign-in redirect could not be read: the text is empty.');
		case 'not_a_url':
			return vscode.l10n.t('The pasted text is not a valid URL.');
		case 'not_a_redirect':
			return vscode.l10n.t('The pasted text is neither a redirected URL nor an authorization code.');
		case 'repeated_parameter':
			return vscode.l10n.t('The sign-in redirect repeats the "{0}" parameter, so it cannot be trusted.', error.facts.parameter ?? '');
		case 'code_shape':
			return vscode.l10n.t('The authorization code in the sign-in redirect has an unexpected form.');
		default:
			return vscode.l10n.t('The sign-in redirect could not be read.');
	}
}

function storageOutageText(error: LwaError): string {
	const { operation, entry, profile = '' } = error.facts;
	if (entry === 'tokens') {
		switch (operation) {
			case 'read':
				return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not be read, so the tokens of "{0}" are not available in this window.', profile);
			case 'save':
				return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not save the tokens of "{0}"; this window keeps them in memory until it closes or reloads.', profile);
			case 'delete':
				return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not delete the tokens of "{0}"; they are gone from this window, but may come back after a reload until the keyring works.', profile);
		}
	}
	switch (operation) {
		case 'read':
			return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not be read, so the client secret of "{0}" is not available in this window.', profile);
		case 'save':
			return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not save the client secret of "{0}"; this window keeps it in memory until it closes or reloads.', profile);
		case 'delete':
			return vscode.l10n.t('The editor\'s secret storage (the OS keyring) could not delete the client secret of "{0}"; it is gone from this window, but may come back after a reload until the keyring works.', profile);
		default:
			return vscode.l10n.t('The editor\'s secret storage (the OS keyring) is not available.');
	}
}

function whatToDo(error: LwaError): string {
	const sellingPartner = sellingPartnerToDo(error);
	if (sellingPartner !== undefined) {
		return sellingPartner;
	}
	switch (error.code) {
		case 'invalid_grant':
			return error.reason === 'access_token_kept' ? accessTokenKeptToDo() : vscode.l10n.t('Sign in again.');
		case 'invalid_client':
			return vscode.l10n.t('Check the profile\'s client id and set the client secret again.');
		case 'unauthorized_client':
		case 'unsupported_response_type':
			return vscode.l10n.t('Check the security profile in the Amazon developer console (allowed grant types and return URLs).');
		case 'invalid_request':
			return vscode.l10n.t('Sign in again; if it persists, check the profile settings.');
		case 'invalid_scope':
			return vscode.l10n.t('Fix the scopes in the profile.');
		case 'unsupported_grant_type':
			return vscode.l10n.t('Check the profile\'s grant setting.');
		case 'rate_limited':
			return vscode.l10n.t('Wait a moment and try again.');
		case 'server_error':
			return vscode.l10n.t('Try again later.');
		case 'network':
			return networkAction(error);
		case 'timeout':
			return error.reason === 'lease_busy'
				? vscode.l10n.t('Try again in a moment.')
				: vscode.l10n.t('Try again; check the network and proxy if it keeps happening.');
		case 'malformed_response':
			return vscode.l10n.t('Check the profile\'s endpoints and any proxy or captive portal, then try again.');
		case 'access_denied':
			return vscode.l10n.t('Sign in again and choose Allow.');
		case 'temporarily_unavailable':
			return vscode.l10n.t('Try signing in again in a moment.');
		case 'authorization_failed':
			return vscode.l10n.t('Sign in again; the log has details.');
		case 'missing_code':
			return vscode.l10n.t('Sign in again.');
		case 'state_mismatch':
			return vscode.l10n.t('Start a new sign-in and use only its redirect.');
		case 'malformed_callback':
			return vscode.l10n.t('Paste the full redirected URL from the browser address bar, or just the code.');
		case 'audience_mismatch':
			return vscode.l10n.t('Do not use this token; sign in with this profile.');
		case 'cancelled':
			return vscode.l10n.t('Start it again when ready.');
		case 'sign_in_timeout':
			return vscode.l10n.t('Sign in again, or paste the redirected URL with "{0}".', vscode.l10n.t('LWA: Complete Sign In'));
		case 'not_signed_in':
			return vscode.l10n.t('Run "{0}".', vscode.l10n.t('LWA: Sign In'));
		case 'no_refresh_token':
			return vscode.l10n.t('Set the client secret and sign in again.');
		case 'missing_client_secret':
			return vscode.l10n.t('Run "{0}".', vscode.l10n.t('LWA: Set Client Secret'));
		case 'invalid_profile':
			return vscode.l10n.t('Fix the lwa.profiles setting.');
		case 'port_in_use':
			return vscode.l10n.t('Close the program using the port, or change the redirect URI (and the Allowed Return URLs), then sign in again.');
		case 'advertising_api':
			return advertisingRefusalAction(error);
		case 'data_portability':
		case 'download_failed':
			return dataPortabilityToDo(error);
		case 'team_secret':
			return teamSecretToDo(error);
		case 'secret_storage_unavailable':
			return vscode.l10n.t('Install and unlock a keyring such as gnome-keyring or KWallet, or start the editor with --password-store=gnome-libsecret when one is installed but not found. --password-store=basic also works, but keeps secrets on disk with weak encryption. Until then, tokens and client secrets live only in this window\'s memory and are gone when it closes or reloads.');
	}
}
