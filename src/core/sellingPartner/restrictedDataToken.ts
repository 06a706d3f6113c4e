// The Tokens API call that gets a Restricted Data Token:
// POST {SP-API base}/tokens/2021-03-01/restrictedDataToken
// {"restrictedResources":[{"method","path","dataElements"?}],"targetApplication"?}
// and its answer {"restrictedDataToken","expiresIn"} at the top level (the Tokens API model; the use
// case guide's examples wrap it in "payload", which the model does not: the model is followed, and a
// wrapped answer is a malformed response). Request building is separate from response processing;
// both return results with reasons and data, never sentences. An RDT unlocks buyer data: it is kept by
// the caller in memory only, and a log shows the resources' log paths, never the real paths.
import type { Clock, HttpRequest, HttpResponse } from '../ports';
import { isJsonContentType, MAX_JSON_BODY_BYTES, parseRetryAfter } from '../lwa/response';
import type { DataElement, PathRefusal, RestrictedMethod } from './restrictedOperations';
import { checkRestrictedPath, DATA_ELEMENTS } from './restrictedOperations';
import { APPLICATION_ID_PATTERN } from './identifiers';
import { isLoopbackHost } from '../lwa/endpoints';

export const RESTRICTED_DATA_TOKEN_PATH = '/tokens/2021-03-01/restrictedDataToken';
/** The Tokens API takes at most 50 restricted resources per request. */
export const MAX_RESTRICTED_RESOURCES = 50;
/** Amazon asks for a user-agent of at most 500 characters. */
export const MAX_USER_AGENT_LENGTH = 500;

export interface RestrictedResourceInput {
	method: RestrictedMethod;
	path: string;
	dataElements?: DataElement[];
}

export interface RestrictedDataTokenRequestInput {
	/** The regional SP-API base (or its sandbox, or the profile's `endpoints.sellingPartnerApi`). */
	apiBase: string;
	/** The selling partner's LWA access token (not a grantless one, not an RDT). */
	accessToken: string;
	userAgent: string;
	resources: readonly RestrictedResourceInput[];
	/** Only for delegation: the app ID access is delegated to. */
	targetApplication?: string;
}

export type RestrictedDataTokenRequestRefusal =
	| 'api_base'
	| 'access_token'
	| 'user_agent'
	| 'no_resources'
	| 'too_many_resources'
	/** `pathReason` says why; `index` which resource. */
	| 'path'
	/** dataElements on an operation that takes none (only Orders getOrders, getOrder, getOrderItems do). */
	| 'data_elements_not_allowed'
	| 'unknown_data_element'
	| 'repeated_data_element'
	| 'target_application_shape';

export type RestrictedDataTokenRequestResult =
	| { ok: true; request: HttpRequest; logPaths: string[] }
	| { ok: false; reason: RestrictedDataTokenRequestRefusal; index?: number; pathReason?: PathRefusal };

const HEADER_VALUE = /^[\x21-\x7e]{1,4096}$/;
const USER_AGENT = /^[\x20-\x7e]+$/;

/** The Tokens API URL under an SP-API base (https:, or http: to loopback; no user name, query or fragment). */
export function restrictedDataTokenUrl(apiBase: string): string | undefined {
	let url: URL;
	try {
		url = new URL(apiBase);
	} catch {
		return undefined;
	}
	const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
	if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || apiBase.includes('#') || apiBase.includes('\\')) {
		return undefined;
	}
	url.pathname = `${url.pathname.replace(/\/+$/, '')}${RESTRICTED_DATA_TOKEN_PATH}`;
	return url.toString();
}

/** Checks every resource, then builds the request. */
export function buildRestrictedDataTokenRequest(input: RestrictedDataTokenRequestInput): RestrictedDataTokenRequestResult {
	const url = typeof input.apiBase === 'string' ? restrictedDataTokenUrl(input.apiBase) : undefined;
	if (url === undefined) {
		return { ok: false, reason: 'api_base' };
	}
	if (typeof input.accessToken !== 'string' || !HEADER_VALUE.test(input.accessToken)) {
		return { ok: false, reason: 'access_token' };
	}
	if (typeof input.userAgent !== 'string' || input.userAgent.length > MAX_USER_AGENT_LENGTH || !USER_AGENT.test(input.userAgent)) {
		return { ok: false, reason: 'user_agent' };
	}
	if (!Array.isArray(input.resources) || input.resources.length === 0) {
		return { ok: false, reason: 'no_resources' };
	}
	if (input.resources.length > MAX_RESTRICTED_RESOURCES) {
		return { ok: false, reason: 'too_many_resources' };
	}
	if (input.targetApplication !== undefined && (typeof input.targetApplication !== 'string' || !APPLICATION_ID_PATTERN.test(input.targetApplication))) {
		return { ok: false, reason: 'target_application_shape' };
	}
	const resources: { method: string; path: string; dataElements?: string[] }[] = [];
	const logPaths: string[] = [];
	for (let index = 0; index < input.resources.length; index++) {
		const resource = input.resources[index];
		const check = checkRestrictedPath(resource.method, resource.path);
		if (!check.ok) {
			return { ok: false, reason: 'path', index, pathReason: check.reason };
		}
		const entry: { method: string; path: string; dataElements?: string[] } = { method: resource.method, path: resource.path };
		if (resource.dataElements !== undefined) {
			const elements: unknown = resource.dataElements;
			if (!Array.isArray(elements)) {
				return { ok: false, reason: 'unknown_data_element', index };
			}
			if (elements.length > 0 && check.operation?.dataElements !== true) {
				return { ok: false, reason: 'data_elements_not_allowed', index };
			}
			if (!elements.every((element: unknown) => typeof element === 'string' && (DATA_ELEMENTS as readonly string[]).includes(element))) {
				return { ok: false, reason: 'unknown_data_element', index };
			}
			if (new Set(elements).size !== elements.length) {
				return { ok: false, reason: 'repeated_data_element', index };
			}
			if (elements.length > 0) {
				entry.dataElements = [...elements as string[]];
			}
		}
		resources.push(entry);
		logPaths.push(`${resource.method} ${check.logPath}`);
	}
	const body: Record<string, unknown> = { restrictedResources: resources };
	if (input.targetApplication !== undefined) {
		body.targetApplication = input.targetApplication;
	}
	const request: HttpRequest = {
		method: 'POST',
		url,
		headers: {
			'content-type': 'application/json',
			accept: 'application/json',
			'x-amz-access-token': input.accessToken,
			'user-agent': input.userAgent,
		},
		body: JSON.stringify(body),
	};
	return { ok: true, request, logPaths };
}

/** A Restricted Data Token with its expiry fixed at receipt. Memory only. */
export interface RestrictedDataToken {
	token: string;
	/** Epoch ms: receipt + expiresIn. */
	expiresAt: number;
	obtainedAt: number;
}

export type RestrictedDataTokenFailureReason =
	/** 403: the access token was refused, or the app may not have these resources (a path that will not match, a missing role). */
	| 'access_denied'
	/** 400 InvalidInput: often the app lacks the restricted role ("do not have access to some or all requested resource"). */
	| 'invalid_input'
	/** 401. */
	| 'unauthorized'
	/** 429, with retryAfterSeconds when Retry-After said. */
	| 'rate_limited'
	/** 5xx. */
	| 'server_error'
	/** Anything else: not the JSON the Tokens API model describes, wrong status or shape, oversized. */
	| 'malformed_response';

export interface RestrictedDataTokenFailure {
	reason: RestrictedDataTokenFailureReason;
	status: number;
	/** The first SP-API error's `code` when it is a plain word (never its message or details). */
	apiErrorCode?: string;
	requestId?: string;
	retryAfterSeconds?: number;
}

export type RestrictedDataTokenResult = { ok: true; token: RestrictedDataToken } | { ok: false; failure: RestrictedDataTokenFailure };

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SAFE_API_CODE = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;
// An RDT is one header value: printable ASCII, no spaces; Amazon's tokens are far shorter than this bound.
const TOKEN_VALUE = /^[\x21-\x7e]{1,8192}$/;
/** RDTs live an hour; a lifetime beyond a day is not an answer to trust. */
const MAX_EXPIRES_IN_SECONDS = 24 * 3600;

function jsonObject(response: HttpResponse): Record<string, unknown> | undefined {
	if (!isJsonContentType(response.headers['content-type']) || response.body.length > MAX_JSON_BODY_BYTES) {
		return undefined;
	}
	try {
		const value: unknown = JSON.parse(response.body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

function apiErrorCodeOf(body: Record<string, unknown> | undefined): string | undefined {
	const errors = body?.errors;
	if (!Array.isArray(errors) || errors.length === 0 || typeof errors[0] !== 'object' || errors[0] === null) {
		return undefined;
	}
	const code = (errors[0] as Record<string, unknown>).code;
	return typeof code === 'string' && SAFE_API_CODE.test(code) ? code : undefined;
}

/** Turns the Tokens API's answer into an RDT, or a failure with a reason and safe data only. */
export function parseRestrictedDataTokenResponse(response: HttpResponse, receivedAt: number, clock: Clock): RestrictedDataTokenResult {
	const status = response.status;
	const body = jsonObject(response);
	const requestIdHeader = response.headers['x-amzn-requestid'];
	const common: RestrictedDataTokenFailure = { reason: 'malformed_response', status };
	if (typeof requestIdHeader === 'string' && SAFE_REQUEST_ID.test(requestIdHeader)) {
		common.requestId = requestIdHeader;
	}
	const fail = (reason: RestrictedDataTokenFailureReason, extra: Partial<RestrictedDataTokenFailure> = {}): RestrictedDataTokenResult => {
		const failure: RestrictedDataTokenFailure = { ...common, reason, ...extra };
		const apiErrorCode = apiErrorCodeOf(body);
		if (apiErrorCode !== undefined && reason !== 'malformed_response') {
			failure.apiErrorCode = apiErrorCode;
		}
		return { ok: false, failure };
	};
	if (status === 429) {
		const retryAfterSeconds = parseRetryAfter(response.headers['retry-after'], clock.now());
		return fail('rate_limited', retryAfterSeconds !== undefined ? { retryAfterSeconds } : {});
	}
	if (status >= 500 && status <= 599) {
		return fail('server_error');
	}
	if (status >= 400 && status <= 499) {
		if (body === undefined || !Array.isArray(body.errors)) {
			return fail('malformed_response');
		}
		return fail(status === 403 ? 'access_denied' : status === 401 ? 'unauthorized' : status === 400 ? 'invalid_input' : 'malformed_response');
	}
	if (status !== 200 || body === undefined) {
		return fail('malformed_response');
	}
	const token = body.restrictedDataToken;
	const expiresIn = body.expiresIn;
	if (typeof token !== 'string' || !TOKEN_VALUE.test(token)) {
		return fail('malformed_response');
	}
	if (typeof expiresIn !== 'number' || !Number.isSafeInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN_SECONDS) {
		return fail('malformed_response');
	}
	return { ok: true, token: { token, expiresAt: receivedAt + expiresIn * 1000, obtainedAt: receivedAt } };
}
