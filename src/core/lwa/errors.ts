// One error class with a closed set of codes, grouped by where they come from (the token endpoint,
// the transport, the browser's redirect, tokeninfo, the flow itself, the secret storage). The core
// throws a code with data (a reason and safe facts); the VS Code layer turns it into localized text
// and buttons in one module (src/vscode/ui/errorTexts.ts). Nothing here carries server text, tokens,
// codes or secrets: the server's error_description is not trusted to be safe.

/**
 * The closed set of error codes.
 *
 * Token endpoint and transport:
 * - `invalid_grant`: the authorization code or refresh token was refused (expired, used, revoked). Retry: no. Sign in again.
 * - `invalid_client`: the client id or client secret was refused. Retry: no. Check the client id and set the client secret again.
 * - `unauthorized_client`: the client may not use this grant type or redirect. Retry: no. Check the security profile settings.
 * - `invalid_request`: LWA found a parameter missing or wrong (often an expired code). Retry: no. Sign in again; check the profile.
 * - `invalid_scope`: a requested scope is unknown or not allowed. Retry: no. Fix the profile's scopes.
 * - `unsupported_grant_type`: LWA does not accept this grant type for the client. Retry: no. Check the profile's grant.
 * - `rate_limited`: HTTP 429. Retry: yes, after the Retry-After delay.
 * - `server_error`: HTTP 5xx or an LWA server_error. Retry: yes, later.
 * - `network`: DNS, refused, reset or TLS failure. Retry: yes, except the reasons `proxy_auth_required`, `proxy_refused`, `proxy_invalid` and `untrusted_certificate`, which the token client does not retry (src/core/lwa/tokenClient.ts says why); stored tokens are kept for all. Check the network and proxy settings.
 * - `timeout`: no answer in time. Retry: yes.
 * - `malformed_response`: not the JSON LWA sends (HTML, truncated, wrong shape, oversized). Retry: yes (often a proxy or captive portal). Check the endpoint and proxy.
 *
 * Authorization redirect and callback validation:
 * - `access_denied`: the user (or Amazon) denied consent. Retry: no. Sign in again and allow access.
 * - `unsupported_response_type`: LWA refused response_type=code. Retry: no. Check the security profile.
 * - `temporarily_unavailable`: LWA's sign-in is temporarily unavailable. Retry: yes, in a moment.
 * - `authorization_failed`: any other authorization error. Retry: no. Sign in again; check the log.
 * - `missing_code`: the redirect carried no code. Retry: no. Sign in again.
 * - `state_mismatch`: the redirect belongs to another sign-in (possible forgery). Retry: no. Start a new sign-in.
 * - `malformed_callback`: the pasted or received redirect could not be read. Retry: no. Paste the full redirected URL or the code.
 *
 * tokeninfo:
 * - `audience_mismatch`: the token was issued to another client. Retry: no. Do not use the token; sign in with this profile.
 *
 * Flow and configuration:
 * - `cancelled`: the user cancelled. Retry: not needed.
 * - `sign_in_timeout`: the browser did not come back in time. Retry: yes. Sign in again, or paste the redirected URL.
 * - `not_signed_in`: no stored credential for the profile. Retry: no. Sign in.
 * - `no_refresh_token`: the stored credential has no refresh token (no client secret at sign-in). Retry: no. Set the client secret and sign in again.
 * - `missing_client_secret`: the profile needs a client secret that is not stored. Retry: no. Set the client secret.
 * - `invalid_profile`: the profile settings are invalid. Retry: no. Fix the setting named in the message.
 * - `port_in_use`: the loopback redirect port is taken. Retry: yes, once the port is free.
 *
 * Amazon Data Portability and the files it links to (src/core/portability/):
 * - `data_portability`: the Data Portability API refused a request or answered in a way that cannot be used (the reason says which). Retry: only for the reasons `throttled`, `service_error` and `records_not_ready`. What to do depends on the reason (sign in again, check the scope, continue the running query).
 * - `download_failed`: a record's file could not be downloaded or written (the reason says which). Retry: yes for `truncated` and `link_expired`; the other reasons need a setting, free space or a trustworthy link first.
 *
 * Amazon Ads API (src/core/ads/):
 * - `advertising_api`: the Ads API refused a request with 400, 401 or 403 (the reason says which). Retry: no. Sign in again with the Ads scope, check the region and the advertiser profile, or ask for access.
 *
 * Team profiles backed by AWS Secrets Manager (src/core/teams/):
 * - `team_secret`: the team's secret could not be read, used or written back (the reason says which; facts.secretId and facts.region name it, facts.action the IAM action for access_denied). Retry: only for `aws_network`, `aws_service_error` and `write_conflict` (after reading it again). What to do depends on the reason (sign in to AWS, ask for the action, fix the profile or the secret).
 *
 * Secret storage:
 * - `secret_storage_unavailable`: the editor's secret storage (the OS keyring) refused a read, write or delete. Retry: yes, once the keyring works. Install or unlock a keyring, or start the editor with --password-store (the message names the trade-off); meanwhile changes live in this window's memory only.
 */
export type LwaErrorCode = TokenEndpointErrorCode | TransportErrorCode | RedirectErrorCode | TokenInfoErrorCode | FlowErrorCode | DataPortabilityErrorCode | AdvertisingErrorCode | TeamSecretErrorCode | StorageErrorCode;

/** What the token endpoint (or, for some, the authorization page) answered. */
export type TokenEndpointErrorCode =
	| 'invalid_grant' | 'invalid_client' | 'unauthorized_client' | 'invalid_request' | 'invalid_scope'
	| 'unsupported_grant_type' | 'rate_limited' | 'server_error';

/** The way to the server failed, or its answer could not be used. */
export type TransportErrorCode = 'network' | 'timeout' | 'malformed_response';

/** What came back from the browser. */
export type RedirectErrorCode =
	| 'access_denied' | 'unsupported_response_type' | 'temporarily_unavailable' | 'authorization_failed'
	| 'missing_code' | 'state_mismatch' | 'malformed_callback';

/** What tokeninfo said about a token. */
export type TokenInfoErrorCode = 'audience_mismatch';

/** States of a flow or its configuration, not answers of a server. */
export type FlowErrorCode =
	| 'cancelled' | 'sign_in_timeout' | 'not_signed_in' | 'no_refresh_token' | 'missing_client_secret'
	| 'invalid_profile' | 'port_in_use';

/** Amazon Data Portability's API and the files its records link to. */
export type DataPortabilityErrorCode = 'data_portability' | 'download_failed';

/** The Amazon Ads API. */
export type AdvertisingErrorCode = 'advertising_api';

/** A team profile's AWS Secrets Manager secret. */
export type TeamSecretErrorCode = 'team_secret';

/** The editor's secret storage. */
export type StorageErrorCode = 'secret_storage_unavailable';

/**
 * A finer kind within a code, for the sentence the user reads (the VS Code layer words it):
 * - malformed_response: `too_large`, `not_json` (Content-Type), `not_an_object` (body), `no_error_body`
 *   (a 4xx without LWA's error body), `unexpected_status`, `bad_field` (facts.field names the field).
 * - network: `connect_timeout`, `tls`, `broke_off` (after the request was sent), `unexpected`; behind a
 *   proxy or a TLS-inspecting network, all before the request left: `proxy_invalid` (facts.setting,
 *   facts.proxyProblem), `proxy_unreachable` (facts.proxy, facts.systemCode), `proxy_auth_required`
 *   (status 407, facts.schemes, facts.credentialsSent), `proxy_refused` (status, e.g. 403),
 *   `proxy_bad_gateway` (status 502/503/504), `proxy_bad_response` (not an HTTP answer, or none in
 *   time), `untrusted_certificate` (facts.issuer, facts.systemCode, facts.systemStoreUsed).
 * - timeout: `lease_busy` (another window is renewing the token).
 * - malformed_callback: `nothing_given`, `too_long`, `empty`, `not_a_url`, `not_a_redirect`,
 *   `repeated_parameter` (facts.parameter), `code_shape`; for an SP-API consent redirect
 *   (src/core/sellingPartner/callback.ts) also `control_character`, `userinfo`, `wrong_redirect_uri`,
 *   `bare_code` (a code without its selling_partner_id), `login_uri_step` (amazon_callback_uri: the
 *   Appstore's Login URI call, never followed), `missing_selling_partner_id`, `selling_partner_id_shape`.
 * - invalid_scope, unauthorized_client, invalid_request, server_error: `at_authorization` when the
 *   authorization redirect (not the token endpoint) reported it.
 * - invalid_profile: `region`, `endpoint_override` (facts.field), `empty_redirect_uri`; for an SP-API
 *   profile (src/core/sellingPartner/doctor.ts, consent.ts; facts.field names the setting)
 *   `application_id_shape`, `client_id_as_application_id` (Amazon: MD1000), `application_id_as_client_id`,
 *   `client_id_shape`, `draft_without_beta` (MD1000), `redirect_uri_fragment` (MD5110),
 *   `redirect_uri_not_https`, `consent_base`.
 * - port_in_use: `address_in_use`, `cannot_listen` (facts.systemCode); facts.port and facts.address.
 * - invalid_grant: `consent_code` (an SP-API spapi_oauth_code refused: it lives 5 minutes and works
 *   once), `pasted_refresh_token` (a refresh token pasted for self-authorization was refused; nothing
 *   was stored). sign_in_timeout: `consent_page` (an SP-API consent: Seller or Vendor Central may
 *   show an MD error on its own page instead of redirecting). not_signed_in: `unknown_account` (a
 *   selling partner or scope the profile holds no tokens for or is not configured with; facts.profile).
 * - invalid_grant: `access_token_kept` (a refresh of a possibly one-time Data Portability grant was
 *   refused; the access token, still valid, was kept without its refresh token; facts.expiresAt).
 * - data_portability (facts.scopeId when known): `token_refused` (401), `forbidden` (403),
 *   `not_found` (404), `query_conflict` (a query of the scope is running and its id is not known here),
 *   `throttled` (429 after the retries), `service_error` (5xx after the retries), `records_not_ready`
 *   (no records within the wait, facts.seconds and facts.queryId), `unexpected_status`, `bad_field`
 *   (facts.field), `unsafe_id` (an id that cannot name a folder, facts.field).
 * - download_failed: `not_https`, `redirected_elsewhere`, `authorization_header` (a caller tried to
 *   send one to a presigned URL), `too_large` (facts.limitBytes), `run_limit` (facts.limitBytes),
 *   `truncated`, `write_failed` (facts.systemCode), `no_space` (facts.neededBytes, facts.availableBytes),
 *   `link_expired` (still expired after listing the records again), `unexpected_status`.
 * - network, timeout: facts.service names the server when it is not Login with Amazon.
 * - advertising_api (facts.host names the Ads host): `ads_unauthorized` (401), `ads_scope_header` (a
 *   400/401 about the Amazon-Advertising-API-Scope header), `ads_client_id_header` (a 400 about the
 *   ClientId header), `ads_bad_request` (another 400), `ads_forbidden` (403); see src/core/ads/profileList.ts.
 * - malformed_response from the Ads API (facts.service 'advertising_api'): also `not_a_list`.
 * - network, timeout, rate_limited, server_error, malformed_response: facts.service names the server when it is not Login with Amazon.
 * - team_secret (src/core/teams/teamSecretErrors.ts): `aws_no_credentials`, `aws_session_expired`
 *   (an SSO session or temporary credentials ran out), `aws_credentials_refused`, `aws_access_denied`
 *   (facts.action), `secret_not_found`, `aws_wrong_region`, `secret_decryption_failed`, `secret_binary`,
 *   `secret_not_json`, `secret_not_an_object`, `secret_format_unknown`, `secret_format_ambiguous`,
 *   `secret_key_missing` and `secret_key_invalid` (facts.field names the key), `aws_network`,
 *   `aws_service_error`, `aws_unexpected` (facts.field holds the AWS error name when it is a plain
 *   identifier), `client_id_mismatch`, `rotation_enabled`, `partner_mismatch`, `write_conflict`.
 */
export type LwaErrorReason =
	| 'too_large' | 'not_json' | 'not_an_object' | 'no_error_body' | 'unexpected_status' | 'bad_field'
	| 'connect_timeout' | 'tls' | 'broke_off' | 'unexpected'
	| 'proxy_invalid' | 'proxy_unreachable' | 'proxy_auth_required' | 'proxy_refused' | 'proxy_bad_gateway' | 'proxy_bad_response' | 'untrusted_certificate'
	| 'lease_busy'
	| 'nothing_given' | 'too_long' | 'empty' | 'not_a_url' | 'not_a_redirect' | 'repeated_parameter' | 'code_shape'
	| 'control_character' | 'userinfo' | 'wrong_redirect_uri' | 'bare_code' | 'login_uri_step' | 'missing_selling_partner_id' | 'selling_partner_id_shape'
	| 'at_authorization'
	| 'region' | 'endpoint_override' | 'empty_redirect_uri'
	| 'application_id_shape' | 'client_id_as_application_id' | 'application_id_as_client_id' | 'client_id_shape'
	| 'draft_without_beta' | 'redirect_uri_fragment' | 'redirect_uri_not_https' | 'consent_base'
	| 'consent_code' | 'pasted_refresh_token' | 'consent_page' | 'unknown_account'
	| 'address_in_use' | 'cannot_listen'
	| 'access_token_kept'
	| 'token_refused' | 'forbidden' | 'not_found' | 'query_conflict' | 'throttled' | 'service_error' | 'records_not_ready' | 'unsafe_id'
	| 'not_https' | 'redirected_elsewhere' | 'authorization_header' | 'run_limit' | 'truncated' | 'write_failed' | 'no_space' | 'link_expired'
	| 'ads_unauthorized' | 'ads_scope_header' | 'ads_client_id_header' | 'ads_bad_request' | 'ads_forbidden' | 'not_a_list'
	| TeamSecretReason;

/** Why a team profile's secret could not be read, used or written back (code `team_secret`). */
export type TeamSecretReason =
	| 'aws_no_credentials' | 'aws_session_expired' | 'aws_credentials_refused' | 'aws_access_denied'
	| 'secret_not_found' | 'aws_wrong_region' | 'secret_decryption_failed' | 'secret_binary' | 'secret_not_json'
	| 'secret_not_an_object' | 'secret_format_unknown' | 'secret_format_ambiguous' | 'secret_key_missing'
	| 'secret_key_invalid' | 'aws_network' | 'aws_service_error' | 'aws_unexpected'
	| 'client_id_mismatch' | 'rotation_enabled' | 'partner_mismatch' | 'write_conflict';

/**
 * Facts a user's sentence may name. Each is the extension's own data (a setting's name, a port, a
 * profile name, a Node error code), never a secret, a token or the server's text.
 */
export interface LwaErrorFacts {
	/** A response field (malformed_response) or a profile setting (invalid_profile). */
	readonly field?: string;
	/** The repeated redirect parameter (malformed_callback). */
	readonly parameter?: string;
	readonly port?: number;
	/** The loopback address, as a browser writes it (`127.0.0.1`, `[::1]`). */
	readonly address?: string;
	/** Node's error code when a listener could not start (`EACCES`). */
	readonly systemCode?: string;
	/** How long the sign-in waited (sign_in_timeout). */
	readonly seconds?: number;
	/** The profile's redirect URI (sign_in_timeout). */
	readonly redirectUri?: string;
	readonly profile?: string;
	/** What the secret storage was asked to do (secret_storage_unavailable). */
	readonly operation?: 'read' | 'save' | 'delete';
	/** Which secret it was (secret_storage_unavailable). */
	readonly entry?: 'tokens' | 'client_secret';
	/** The setting or environment variable to fix (network: proxy_invalid). */
	readonly setting?: string;
	/** What is wrong with the proxy setting (network: proxy_invalid): see ProxyProblemReason in src/core/http/proxy.ts. */
	readonly proxyProblem?: string;
	/** The proxy's address without credentials (network: proxy_*). */
	readonly proxy?: string;
	/** The authentication schemes the proxy asked for, from a closed set (network: proxy_auth_required). */
	readonly schemes?: readonly string[];
	/** Whether proxy credentials were sent, so were refused (network: proxy_auth_required). */
	readonly credentialsSent?: boolean;
	/** The untrusted certificate chain's top issuer, printable and bounded (network: untrusted_certificate). */
	readonly issuer?: string;
	/** Whether the operating system's certificate store was trusted too (network: untrusted_certificate). */
	readonly systemStoreUsed?: boolean;
	/** The server of a network or timeout failure when it is not Login with Amazon. */
	readonly service?: 'data_portability' | 'file_download' | 'advertising_api';
	/** The Ads API host a request went to (from the profile's region or its override; not a secret). */
	readonly host?: string;
	/** A Data Portability scope id (validated, as portability-customer-profile). */
	readonly scopeId?: string;
	/** A Data Portability query id (validated; not a secret). */
	readonly queryId?: string;
	/** A byte limit from the settings (download_failed: too_large, run_limit). */
	readonly limitBytes?: number;
	/** When the kept access token expires, epoch ms (invalid_grant: access_token_kept). */
	readonly expiresAt?: number;
	/** A team profile's secret: its name or ARN from the profile (not a secret; team_secret). */
	readonly secretId?: string;
	/** The AWS region a team profile's secret is read in (team_secret). */
	readonly region?: string;
	/** The IAM action that was denied, such as secretsmanager:GetSecretValue (team_secret: aws_access_denied). */
	readonly action?: string;
	/** Bytes needed and free on the target's file system (download_failed: no_space). */
	readonly neededBytes?: number;
	readonly availableBytes?: number;
}

interface CatalogueEntry {
	retryable: boolean;
	/** English, for the log and for developers; the VS Code layer words what the user reads. */
	summary: string;
}

const CATALOGUE: Readonly<Record<LwaErrorCode, CatalogueEntry>> = {
	invalid_grant: { retryable: false, summary: 'Login with Amazon refused the authorization code or refresh token.' },
	invalid_client: { retryable: false, summary: 'Login with Amazon refused the client credentials.' },
	unauthorized_client: { retryable: false, summary: 'The client is not allowed to use this kind of request.' },
	invalid_request: { retryable: false, summary: 'Login with Amazon reported an invalid or missing parameter.' },
	invalid_scope: { retryable: false, summary: 'A requested scope is unknown or not allowed for this client.' },
	unsupported_grant_type: { retryable: false, summary: 'Login with Amazon does not accept this grant type for this client.' },
	rate_limited: { retryable: true, summary: 'Login with Amazon is limiting requests (HTTP 429).' },
	server_error: { retryable: true, summary: 'Login with Amazon had a server error.' },
	network: { retryable: true, summary: 'Could not reach Login with Amazon.' },
	timeout: { retryable: true, summary: 'No answer in time.' },
	malformed_response: { retryable: true, summary: 'The answer could not be used.' },
	access_denied: { retryable: false, summary: 'Access was denied on the consent page.' },
	unsupported_response_type: { retryable: false, summary: 'Login with Amazon refused the authorization request type.' },
	temporarily_unavailable: { retryable: true, summary: 'Amazon sign-in is temporarily unavailable.' },
	authorization_failed: { retryable: false, summary: 'Amazon sign-in failed.' },
	missing_code: { retryable: false, summary: 'The sign-in redirect carried no authorization code.' },
	state_mismatch: { retryable: false, summary: 'The sign-in redirect does not belong to the sign-in in progress.' },
	malformed_callback: { retryable: false, summary: 'The sign-in redirect could not be read.' },
	audience_mismatch: { retryable: false, summary: 'The access token was issued to a different client.' },
	cancelled: { retryable: false, summary: 'The operation was cancelled.' },
	sign_in_timeout: { retryable: true, summary: 'The browser did not return to the editor in time.' },
	not_signed_in: { retryable: false, summary: 'The profile is not signed in.' },
	no_refresh_token: { retryable: false, summary: 'There is no refresh token for the profile.' },
	missing_client_secret: { retryable: false, summary: 'The profile needs a client secret, and none is stored.' },
	invalid_profile: { retryable: false, summary: 'The profile settings are invalid.' },
	port_in_use: { retryable: true, summary: 'The loopback redirect port could not be used.' },
	data_portability: { retryable: false, summary: 'Amazon Data Portability refused the request or gave an unusable answer.' },
	download_failed: { retryable: false, summary: 'A Data Portability file could not be downloaded or written.' },
	advertising_api: { retryable: false, summary: 'The Amazon Ads API refused the request.' },
	team_secret: { retryable: false, summary: 'The team profile\'s AWS Secrets Manager secret could not be read, used or written back.' },
	secret_storage_unavailable: { retryable: true, summary: 'The editor\'s secret storage is not available.' },
};

/** Every code of the closed set, in catalogue order. */
export const LWA_ERROR_CODES: readonly LwaErrorCode[] = Object.keys(CATALOGUE) as LwaErrorCode[];

/** From the catalogue: can a retry help after this code? */
export function isRetryableCode(code: LwaErrorCode): boolean {
	return CATALOGUE[code].retryable;
}

/** Details an LwaError may carry. */
export interface LwaErrorDetails {
	reason?: LwaErrorReason;
	facts?: LwaErrorFacts;
	status?: number;
	retryAfterSeconds?: number;
	requestId?: string;
	requestSent?: boolean;
	cause?: unknown;
}

/**
 * Marks every LwaError, whichever copy of this module made it. The extension ships two bundles
 * (dist/extension.js and the lazily loaded dist/undiciHttpClient.js), each with its own copy of this
 * class; a registry symbol lets `instanceof LwaError` recognise errors from either copy.
 */
const LWA_ERROR_BRAND = Symbol.for('lwa-credentials.LwaError');

/**
 * The only error the core throws: a code with data. Its `message` is English for the log and
 * developers (the catalogue's summary and the reason); what the user reads is worded, localized and
 * given buttons by the VS Code layer (src/vscode/ui/errorTexts.ts) from `code`, `reason` and `facts`.
 */
export class LwaError extends Error {
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LWA_ERROR_BRAND] === true;
	}

	readonly code: LwaErrorCode;
	/** From the catalogue: can a retry help? */
	readonly retryable: boolean;
	readonly reason?: LwaErrorReason;
	/** Safe facts for the user's sentence (never a secret or server text). */
	readonly facts: LwaErrorFacts;
	/** HTTP status when there was one. */
	readonly status?: number;
	readonly retryAfterSeconds?: number;
	/** LWA's request_id, safe to show (it identifies the request for Amazon support). */
	readonly requestId?: string;
	/** False only when the request provably never left (the connection was never made). */
	readonly requestSent?: boolean;

	constructor(code: LwaErrorCode, details: LwaErrorDetails = {}) {
		const entry = CATALOGUE[code];
		super(details.reason ? `${entry.summary} (${details.reason})` : entry.summary);
		this.name = 'LwaError';
		Object.defineProperty(this, LWA_ERROR_BRAND, { value: true, enumerable: false });
		this.code = code;
		this.retryable = entry.retryable;
		this.facts = Object.freeze({ ...details.facts });
		if (details.reason !== undefined) {
			this.reason = details.reason;
		}
		if (details.status !== undefined) {
			this.status = details.status;
		}
		if (details.retryAfterSeconds !== undefined) {
			this.retryAfterSeconds = details.retryAfterSeconds;
		}
		if (details.requestId !== undefined) {
			this.requestId = details.requestId;
		}
		if (details.requestSent !== undefined) {
			this.requestSent = details.requestSent;
		}
		if (details.cause !== undefined) {
			// Non-enumerable so that logging or serialising the error does not drag the cause along.
			Object.defineProperty(this, 'cause', { value: details.cause, enumerable: false, writable: true, configurable: true });
		}
	}
}

/**
 * Failures after which stored tokens are still good: the problem was on the way (the network, the
 * server, the response), not the grant.
 */
export function isTransientFailure(error: unknown): error is LwaError {
	return isLwaError(error) && TRANSIENT_CODES.has(error.code);
}

const TRANSIENT_CODES: ReadonlySet<LwaErrorCode> = new Set<LwaErrorCode>(['network', 'timeout', 'server_error', 'rate_limited', 'malformed_response']);

/** True when `value` is an LwaError (with the given code, when one is given). */
export function isLwaError(value: unknown, code?: LwaErrorCode): value is LwaError {
	return value instanceof LwaError && (code === undefined || value.code === code);
}
