// Response processing shared by the token, tokeninfo and profile calls: status, Content-Type and
// defensive JSON parsing, and the mapping of LWA error bodies to coded LwaErrors. Nothing from the
// response body reaches an error message; only LWA's request_id (an opaque id, checked) is kept.
import type { Clock, HttpResponse } from '../ports';
import type { LwaErrorCode, LwaErrorReason } from './errors';
import { LwaError } from './errors';

/** Bodies larger than this are refused even when the HTTP client has no cap of its own. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const TOKEN_ERRORS: Readonly<Record<string, LwaErrorCode>> = {
	invalid_grant: 'invalid_grant',
	invalid_client: 'invalid_client',
	unauthorized_client: 'unauthorized_client',
	invalid_request: 'invalid_request',
	invalid_scope: 'invalid_scope',
	unsupported_grant_type: 'unsupported_grant_type',
	server_error: 'server_error',
	temporarily_unavailable: 'server_error',
};

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when the Content-Type's media type is application/json (parameters, even malformed ones like LWA's `;charset UTF-8`, are ignored). */
export function isJsonContentType(contentType: string | undefined): boolean {
	if (!contentType) {
		return false;
	}
	return contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * Retry-After in seconds: delta-seconds or an HTTP date (relative to `now`). Undefined when absent
 * or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) {
		return undefined;
	}
	const text = value.trim();
	if (/^\d+$/.test(text)) {
		return Number(text);
	}
	const date = Date.parse(text);
	if (Number.isNaN(date) || !/[A-Za-z]/.test(text)) {
		return undefined;
	}
	return Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
	if (body.length > MAX_JSON_BODY_BYTES) {
		return undefined;
	}
	try {
		const value: unknown = JSON.parse(body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

function requestIdOf(body: Record<string, unknown> | undefined, headers: Record<string, string>): string | undefined {
	const candidates = [body?.request_id, headers['x-amzn-requestid'], headers['x-amz-request-id']];
	for (const candidate of candidates) {
		if (typeof candidate === 'string' && SAFE_REQUEST_ID.test(candidate)) {
			return candidate;
		}
	}
	return undefined;
}

/** A malformed_response error: the reason, the field when one is at fault, never response text. */
export function malformedResponse(reason: LwaErrorReason, details: { status?: number; field?: string } = {}): LwaError {
	return new LwaError('malformed_response', {
		reason,
		...(details.field !== undefined ? { facts: { field: details.field } } : {}),
		...(details.status !== undefined ? { status: details.status } : {}),
	});
}

/**
 * Turns a non-2xx response into a coded LwaError: 429 -> rate_limited (with Retry-After), 5xx ->
 * server_error, 4xx with an LWA error body -> that code (unknown errors: 401 -> invalid_client,
 * others -> invalid_request), anything else -> malformed_response.
 */
export function errorFromResponse(response: HttpResponse, clock: Clock, knownErrors: Readonly<Record<string, LwaErrorCode>> = TOKEN_ERRORS): LwaError {
	const status = response.status;
	const body = isJsonContentType(response.headers['content-type']) ? parseJsonObject(response.body) : undefined;
	const requestId = requestIdOf(body, response.headers);
	const common = { status, ...(requestId ? { requestId } : {}) };
	if (status === 429) {
		const retryAfterSeconds = parseRetryAfter(response.headers['retry-after'], clock.now());
		return new LwaError('rate_limited', { ...common, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
	}
	if (status >= 500) {
		return new LwaError('server_error', common);
	}
	if (status >= 400 && body && typeof body.error === 'string') {
		const code = knownErrors[body.error] ?? (status === 401 ? 'invalid_client' : 'invalid_request');
		return new LwaError(code, common);
	}
	if (status >= 400 && status < 500 && !body) {
		return malformedResponse('no_error_body', { status });
	}
	return malformedResponse('unexpected_status', { status });
}

/**
 * The JSON object of a 2xx response; a coded LwaError for any other status, a non-JSON Content-Type,
 * or a body that is not one JSON object.
 */
export function jsonObjectFromResponse(response: HttpResponse, clock: Clock, knownErrors?: Readonly<Record<string, LwaErrorCode>>): Record<string, unknown> {
	if (response.status < 200 || response.status >= 300) {
		throw errorFromResponse(response, clock, knownErrors);
	}
	if (!isJsonContentType(response.headers['content-type'])) {
		throw malformedResponse('not_json', { status: response.status });
	}
	const body = parseJsonObject(response.body);
	if (!body) {
		throw malformedResponse('not_an_object', { status: response.status });
	}
	return body;
}

/** An optional string field; a present non-string is a malformed response. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		return undefined;
	}
	if (typeof value !== 'string') {
		throw malformedResponse('bad_field', { field });
	}
	return value;
}

/** A required non-empty string field. */
export function requiredString(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (typeof value !== 'string' || value === '') {
		throw malformedResponse('bad_field', { field });
	}
	return value;
}
