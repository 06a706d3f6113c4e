// One error class with a closed set of codes. Every code has a catalogue entry saying, in plain
// words, what happened, whether a retry can help and what the user should do. Messages never carry
// server text, tokens, codes or secrets: the server's error_description is not trusted to be safe.

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
 * - `network`: DNS, refused, reset or TLS failure. Retry: yes. Check the network and proxy settings.
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
 * Secret storage:
 * - `secret_storage_unavailable`: the editor's secret storage (the OS keyring) refused a read, write or delete. Retry: yes, once the keyring works. Install or unlock a keyring, or start the editor with --password-store (the message names the trade-off); meanwhile changes live in this window's memory only.
 */
export type LwaErrorCode =
	| 'invalid_grant' | 'invalid_client' | 'unauthorized_client' | 'invalid_request' | 'invalid_scope'
	| 'unsupported_grant_type' | 'rate_limited' | 'server_error' | 'network' | 'timeout' | 'malformed_response'
	| 'access_denied' | 'unsupported_response_type' | 'temporarily_unavailable' | 'authorization_failed'
	| 'missing_code' | 'state_mismatch' | 'malformed_callback'
	| 'audience_mismatch'
	| 'cancelled' | 'sign_in_timeout' | 'not_signed_in' | 'no_refresh_token' | 'missing_client_secret'
	| 'invalid_profile' | 'port_in_use'
	| 'secret_storage_unavailable';

interface CatalogueEntry {
	retryable: boolean;
	message: string;
	action: string;
}

const CATALOGUE: Readonly<Record<LwaErrorCode, CatalogueEntry>> = {
	invalid_grant: {
		retryable: false,
		message: 'Login with Amazon refused the authorization code or refresh token (it may have expired, been used already, or been revoked).',
		action: 'Sign in again.',
	},
	invalid_client: {
		retryable: false,
		message: 'Login with Amazon refused the client credentials.',
		action: 'Check the profile\'s client id and set the client secret again.',
	},
	unauthorized_client: {
		retryable: false,
		message: 'This client is not allowed to use this kind of request.',
		action: 'Check the security profile in the Amazon developer console (allowed grant types and return URLs).',
	},
	invalid_request: {
		retryable: false,
		message: 'Login with Amazon reported an invalid or missing parameter (an expired authorization code also looks like this).',
		action: 'Sign in again; if it persists, check the profile settings.',
	},
	invalid_scope: {
		retryable: false,
		message: 'A requested scope is unknown or not allowed for this client.',
		action: 'Fix the scopes in the profile.',
	},
	unsupported_grant_type: {
		retryable: false,
		message: 'Login with Amazon does not accept this grant type for this client.',
		action: 'Check the profile\'s grant setting.',
	},
	rate_limited: {
		retryable: true,
		message: 'Login with Amazon is limiting requests (HTTP 429).',
		action: 'Wait a moment and try again.',
	},
	server_error: {
		retryable: true,
		message: 'Login with Amazon had a server error.',
		action: 'Try again later.',
	},
	network: {
		retryable: true,
		message: 'Could not reach Login with Amazon (name lookup, connection or TLS failed).',
		action: 'Check the network connection and the http.proxy settings, then try again.',
	},
	timeout: {
		retryable: true,
		message: 'Login with Amazon did not answer in time.',
		action: 'Try again; check the network and proxy if it keeps happening.',
	},
	malformed_response: {
		retryable: true,
		message: 'The answer from the token service was not what Login with Amazon sends (not JSON, incomplete, or too large).',
		action: 'Check the profile\'s endpoints and any proxy or captive portal, then try again.',
	},
	access_denied: {
		retryable: false,
		message: 'Access was denied on the Amazon consent page.',
		action: 'Sign in again and choose Allow.',
	},
	unsupported_response_type: {
		retryable: false,
		message: 'Login with Amazon refused the authorization request type.',
		action: 'Check the security profile in the Amazon developer console.',
	},
	temporarily_unavailable: {
		retryable: true,
		message: 'Amazon sign-in is temporarily unavailable.',
		action: 'Try signing in again in a moment.',
	},
	authorization_failed: {
		retryable: false,
		message: 'Amazon sign-in failed.',
		action: 'Sign in again; the log has details.',
	},
	missing_code: {
		retryable: false,
		message: 'The sign-in redirect carried no authorization code.',
		action: 'Sign in again.',
	},
	state_mismatch: {
		retryable: false,
		message: 'The sign-in redirect does not belong to the sign-in in progress.',
		action: 'Start a new sign-in and use only its redirect.',
	},
	malformed_callback: {
		retryable: false,
		message: 'The sign-in redirect could not be read.',
		action: 'Paste the full redirected URL from the browser address bar, or just the code.',
	},
	audience_mismatch: {
		retryable: false,
		message: 'The access token was issued to a different client.',
		action: 'Do not use this token; sign in with this profile.',
	},
	cancelled: {
		retryable: false,
		message: 'The operation was cancelled.',
		action: 'Start it again when ready.',
	},
	sign_in_timeout: {
		retryable: true,
		message: 'The browser did not return to the editor in time.',
		action: 'Sign in again, or paste the redirected URL with "LWA: Complete Sign In".',
	},
	not_signed_in: {
		retryable: false,
		message: 'This profile is not signed in.',
		action: 'Run "LWA: Sign In".',
	},
	no_refresh_token: {
		retryable: false,
		message: 'There is no refresh token for this profile (Login with Amazon returns one only when a client secret is sent).',
		action: 'Set the client secret and sign in again.',
	},
	missing_client_secret: {
		retryable: false,
		message: 'This profile needs a client secret, and none is stored.',
		action: 'Run "LWA: Set Client Secret".',
	},
	invalid_profile: {
		retryable: false,
		message: 'The profile settings are invalid.',
		action: 'Fix the lwa.profiles setting.',
	},
	port_in_use: {
		retryable: true,
		message: 'The port of the loopback redirect URI is in use.',
		action: 'Close the program using the port, or change the redirect URI (and the Allowed Return URLs), then sign in again.',
	},
	secret_storage_unavailable: {
		retryable: true,
		message: 'The editor\'s secret storage (the OS keyring) is not available.',
		action: 'Install and unlock a keyring such as gnome-keyring or KWallet, or start the editor with --password-store=gnome-libsecret when one is installed but not found. --password-store=basic also works, but keeps secrets on disk with weak encryption. Until then, tokens and client secrets live only in this window\'s memory and are gone when it closes or reloads.',
	},
};

/** Every code of the closed set, in catalogue order. */
export const LWA_ERROR_CODES: readonly LwaErrorCode[] = Object.keys(CATALOGUE) as LwaErrorCode[];

/** The catalogue entry for a code: can a retry help, the plain explanation, and what to do next. */
export function describeError(code: LwaErrorCode): { retryable: boolean; message: string; action: string } {
	const entry = CATALOGUE[code];
	return { retryable: entry.retryable, message: entry.message, action: entry.action };
}

/** Details an LwaError may carry. `message` replaces the catalogue text and must itself be safe. */
export interface LwaErrorDetails {
	message?: string;
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

/** The only error the core throws. Its message and action are safe to show to users. */
export class LwaError extends Error {
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LWA_ERROR_BRAND] === true;
	}

	readonly code: LwaErrorCode;
	/** From the catalogue: can a retry help? */
	readonly retryable: boolean;
	/** What the user should do next, in plain words. */
	readonly action: string;
	/** HTTP status when there was one. */
	readonly status?: number;
	readonly retryAfterSeconds?: number;
	/** LWA's request_id, safe to show (it identifies the request for Amazon support). */
	readonly requestId?: string;
	/** False only when the request provably never left (the connection was never made). */
	readonly requestSent?: boolean;

	constructor(code: LwaErrorCode, details: LwaErrorDetails = {}) {
		const entry = CATALOGUE[code];
		super(details.message ?? entry.message);
		this.name = 'LwaError';
		Object.defineProperty(this, LWA_ERROR_BRAND, { value: true, enumerable: false });
		this.code = code;
		this.retryable = entry.retryable;
		this.action = entry.action;
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

/** Safe one-line text for any thrown value: `${message} ${action}`; non-LwaErrors give a generic text. */
export function toUserMessage(error: unknown): string {
	if (isLwaError(error)) {
		return `${error.message} ${error.action}`;
	}
	return 'Something went wrong. The LWA log has details.';
}

