// The consent redirect: {redirect_uri}?state=…&selling_partner_id=…&spapi_oauth_code=… (plus
// mws_auth_token for hybrid MWS apps, which is read past and never returned). Whoever sends the
// redirect chooses every value in it, so each one is checked before use, and refusals are reasons
// with data, never sentences. `amazon_callback_uri` (the Login URI step of the Appstore flow) is never
// followed or returned: a URL with it is refused as 'login_uri_step'.
import { MAX_CALLBACK_INPUT_BYTES, sameText } from '../lwa/callback';
import { isSellingPartnerId } from './identifiers';

/** The parameters of a consent redirect the extension reads. */
export interface ConsentCallbackParams {
	spapiOauthCode?: string;
	sellingPartnerId?: string;
	state?: string;
	/** An OAuth error name, only when it is a plain lower-case word (Amazon documents none here). */
	error?: string;
}

export type ConsentCallbackParseRefusal =
	| 'empty'
	/** Over MAX_CALLBACK_INPUT_BYTES (8 KiB) in all, or one value over MAX_VALUE_LENGTH. */
	| 'too_long'
	/** A control, line separator or bidi character anywhere, raw or percent-decoded. */
	| 'control_character'
	/** Has a scheme but is no URL, or is neither a URL nor a query string. */
	| 'not_a_redirect'
	/** A URL with a user name or password. */
	| 'userinfo'
	/** The URL is not at the expected redirect URI (another scheme, host, port or path). */
	| 'wrong_redirect_uri'
	/** A parameter that is read appears twice; `parameter` names it. */
	| 'repeated_parameter'
	/** A bare code: a consent redirect's code means nothing without its selling_partner_id and state. */
	| 'bare_code'
	/** The URL is Amazon's call of a Login URI (amazon_callback_uri, amazon_state), not the redirect. */
	| 'login_uri_step';

export type ConsentCallbackParseResult =
	| { ok: true; params: ConsentCallbackParams }
	| { ok: false; reason: ConsentCallbackParseRefusal; parameter?: string };

/** Longest value accepted for any parameter that is read. */
export const MAX_VALUE_LENGTH = 2048;

const READ_PARAMS: Readonly<Record<string, keyof ConsentCallbackParams>> = {
	spapi_oauth_code: 'spapiOauthCode',
	selling_partner_id: 'sellingPartnerId',
	state: 'state',
	error: 'error',
};
const LOGIN_URI_PARAMS = new Set(['amazon_callback_uri', 'amazon_state']);
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const BARE_CODE = /^[A-Za-z0-9._~|+/-]{1,512}$/;
const ERROR_NAME = /^[a-z_]{1,64}$/;

type Refusal = { ok: false; reason: ConsentCallbackParseRefusal; parameter?: string };
const refuse = (reason: ConsentCallbackParseRefusal, parameter?: string): Refusal =>
	parameter === undefined ? { ok: false, reason } : { ok: false, reason, parameter };

/**
 * A pasted or received consent redirect: a full URL, or a query string (with or without '?').
 * With `expectedRedirectUri`, a full URL must be at that URI (scheme, host, port and path alike).
 */
export function parseConsentCallback(input: unknown, expectedRedirectUri?: string): ConsentCallbackParseResult {
	if (typeof input !== 'string') {
		return refuse('empty');
	}
	if (Buffer.byteLength(input, 'utf8') > MAX_CALLBACK_INPUT_BYTES) {
		return refuse('too_long');
	}
	const text = input.trim();
	if (text === '') {
		return refuse('empty');
	}
	if (CONTROL.test(text)) {
		return refuse('control_character');
	}
	if (URL_WITH_SCHEME.test(text)) {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			return refuse('not_a_redirect');
		}
		if (url.username !== '' || url.password !== '') {
			return refuse('userinfo');
		}
		if (expectedRedirectUri !== undefined && !sameRedirectTarget(text, url, expectedRedirectUri)) {
			return refuse('wrong_redirect_uri');
		}
		return consentCallbackParamsFromQuery(url.searchParams);
	}
	if (text.startsWith('?') || text.includes('=')) {
		return consentCallbackParamsFromQuery(new URLSearchParams(text));
	}
	return BARE_CODE.test(text) ? refuse('bare_code') : refuse('not_a_redirect');
}

/** True when the pasted URL is at the expected redirect URI: no backslash, same origin and the same path, byte for byte. */
function sameRedirectTarget(text: string, url: URL, expectedRedirectUri: string): boolean {
	let expected: URL;
	try {
		expected = new URL(expectedRedirectUri);
	} catch {
		return false;
	}
	const beforeQuery = text.split(/[?#]/, 1)[0];
	return !beforeQuery.includes('\\') && url.origin === expected.origin && url.protocol === expected.protocol && url.pathname === expected.pathname;
}

/** The consent parameters of a query (the URI handler's query, or a parsed URL's). */
export function consentCallbackParamsFromQuery(query: URLSearchParams): ConsentCallbackParseResult {
	const params: ConsentCallbackParams = {};
	const seen = new Set<string>();
	let total = 0;
	for (const [name, value] of query) {
		total += name.length + value.length;
		if (total > MAX_CALLBACK_INPUT_BYTES) {
			return refuse('too_long');
		}
		if (LOGIN_URI_PARAMS.has(name)) {
			return refuse('login_uri_step');
		}
		const key = Object.prototype.hasOwnProperty.call(READ_PARAMS, name) ? READ_PARAMS[name] : undefined;
		if (key === undefined) {
			continue;
		}
		if (seen.has(name)) {
			return refuse('repeated_parameter', name);
		}
		seen.add(name);
		if (value.length > MAX_VALUE_LENGTH) {
			return refuse('too_long', name);
		}
		if (CONTROL.test(value)) {
			return refuse('control_character', name);
		}
		if (key === 'error') {
			// Only a plain error name is kept; anything else still marks the redirect as an error.
			params.error = ERROR_NAME.test(value) ? value : 'unrecognised';
		} else {
			params[key] = value;
		}
	}
	return { ok: true, params };
}

export type ConsentCallbackRefusal =
	/** The redirect carries no state: it cannot be matched to a sign-in. */
	| 'missing_state'
	/** The state is not this sign-in's (constant-time compare). */
	| 'state_mismatch'
	/** The redirect carries an error; `error` is its name when plain, else 'unrecognised'. */
	| 'authorization_error'
	| 'missing_code'
	| 'code_shape'
	| 'missing_selling_partner_id'
	/** selling_partner_id is not of a known shape; its value is not returned. */
	| 'selling_partner_id_shape';

export type ConsentCallbackResult =
	| { ok: true; code: string; sellingPartnerId: string }
	| { ok: false; reason: ConsentCallbackRefusal; error?: string };

/**
 * Checks a consent redirect against the state the sign-in sent. The state is checked first, so a
 * redirect for another sign-in never says anything about this one.
 */
export function validateConsentCallback(params: ConsentCallbackParams, expectedState: string): ConsentCallbackResult {
	if (params.state === undefined || params.state === '') {
		return { ok: false, reason: 'missing_state' };
	}
	if (!sameText(params.state, expectedState)) {
		return { ok: false, reason: 'state_mismatch' };
	}
	if (params.error !== undefined) {
		return { ok: false, reason: 'authorization_error', error: params.error };
	}
	if (params.spapiOauthCode === undefined || params.spapiOauthCode === '') {
		return { ok: false, reason: 'missing_code' };
	}
	if (!BARE_CODE.test(params.spapiOauthCode)) {
		return { ok: false, reason: 'code_shape' };
	}
	if (params.sellingPartnerId === undefined || params.sellingPartnerId === '') {
		return { ok: false, reason: 'missing_selling_partner_id' };
	}
	if (!isSellingPartnerId(params.sellingPartnerId)) {
		return { ok: false, reason: 'selling_partner_id_shape' };
	}
	return { ok: true, code: params.spapiOauthCode, sellingPartnerId: params.sellingPartnerId };
}
