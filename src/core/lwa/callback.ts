// Reading what comes back from the browser (a redirected URL, a query string or a bare pasted code)
// and turning it into an authorization code or a coded LwaError. The server's error_description is
// never put into an error message: it is not ours to trust.
import { timingSafeEqual } from 'node:crypto';
import type { LwaErrorCode, LwaErrorFacts, LwaErrorReason } from './errors';
import { LwaError } from './errors';

/** The parameters of an authorization redirect. */
export interface CallbackParams {
	code?: string;
	state?: string;
	scope?: string;
	error?: string;
	errorDescription?: string;
}

/** Inputs longer than this are refused: a real redirect is far shorter. */
export const MAX_CALLBACK_INPUT_BYTES = 8 * 1024;

const PARAM_NAMES: Readonly<Record<string, keyof CallbackParams>> = {
	code: 'code',
	state: 'state',
	scope: 'scope',
	error: 'error',
	error_description: 'errorDescription',
};

// Authorization codes are short opaque tokens; this set covers what LWA issues with room to spare.
const BARE_CODE = /^[A-Za-z0-9._~|+/-]{1,2048}$/;
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function malformed(reason: LwaErrorReason, facts?: LwaErrorFacts): LwaError {
	return new LwaError('malformed_callback', { reason, ...(facts ? { facts } : {}) });
}

/**
 * A full redirected URL, a query string (with or without '?'), or a bare code. Refuses repeated
 * parameters, oversized input (> 8 KiB) and junk with LwaError('malformed_callback').
 */
export function parseCallbackInput(input: string): { params: CallbackParams; bareCode: boolean } {
	if (typeof input !== 'string') {
		throw malformed('nothing_given');
	}
	if (Buffer.byteLength(input, 'utf8') > MAX_CALLBACK_INPUT_BYTES) {
		throw malformed('too_long');
	}
	const text = input.trim();
	if (text === '') {
		throw malformed('empty');
	}
	if (URL_WITH_SCHEME.test(text) && !text.startsWith('?')) {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			throw malformed('not_a_url');
		}
		return { params: callbackParamsFromQuery(url.searchParams), bareCode: false };
	}
	if (text.startsWith('?') || text.includes('=')) {
		return { params: callbackParamsFromQuery(new URLSearchParams(text)), bareCode: false };
	}
	if (BARE_CODE.test(text)) {
		return { params: { code: text }, bareCode: true };
	}
	throw malformed('not_a_redirect');
}

/** The callback parameters of a query. Refuses repeated parameters and oversized values. */
export function callbackParamsFromQuery(query: URLSearchParams): CallbackParams {
	const params: CallbackParams = {};
	const seen = new Set<string>();
	let total = 0;
	for (const [name, value] of query) {
		total += name.length + value.length;
		if (total > MAX_CALLBACK_INPUT_BYTES) {
			throw malformed('too_long');
		}
		const key = PARAM_NAMES[name];
		if (!key) {
			continue;
		}
		if (seen.has(name)) {
			throw malformed('repeated_parameter', { parameter: name });
		}
		seen.add(name);
		params[key] = value;
	}
	return params;
}

const REDIRECT_ERRORS: Readonly<Record<string, LwaErrorCode>> = {
	access_denied: 'access_denied',
	invalid_scope: 'invalid_scope',
	unauthorized_client: 'unauthorized_client',
	invalid_request: 'invalid_request',
	unsupported_response_type: 'unsupported_response_type',
	server_error: 'server_error',
	temporarily_unavailable: 'temporarily_unavailable',
};

// Codes the token endpoint also uses: marked so that the user's sentence speaks of the sign-in page.
const AT_AUTHORIZATION: ReadonlySet<LwaErrorCode> = new Set<LwaErrorCode>(['invalid_scope', 'unauthorized_client', 'invalid_request', 'server_error']);

/** Constant-time equality of two strings (for states and nonces). */
export function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * error=... -> coded LwaError (access_denied, invalid_scope, ... unknown -> authorization_failed);
 * missing code -> missing_code; state !== expectedState -> state_mismatch (expectedState undefined
 * means a bare pasted code: no check).
 */
export function validateCallback(params: CallbackParams, expectedState: string | undefined): { code: string; scope?: string } {
	const stateMatches = expectedState === undefined || (params.state !== undefined && sameText(params.state, expectedState));
	if (params.error !== undefined) {
		// An error for another sign-in is not this sign-in's error.
		if (params.state !== undefined && !stateMatches) {
			throw new LwaError('state_mismatch');
		}
		const code = REDIRECT_ERRORS[params.error] ?? 'authorization_failed';
		throw new LwaError(code, AT_AUTHORIZATION.has(code) ? { reason: 'at_authorization' } : {});
	}
	if (params.code === undefined || params.code === '') {
		throw new LwaError('missing_code');
	}
	if (!stateMatches) {
		throw new LwaError('state_mismatch');
	}
	if (!BARE_CODE.test(params.code)) {
		throw malformed('code_shape');
	}
	const result: { code: string; scope?: string } = { code: params.code };
	if (params.scope !== undefined) {
		result.scope = params.scope;
	}
	return result;
}
