// LWA's /user/profile: the customer behind an access token, as far as its profile scopes allow.
import type { Reply } from '../http/replies';
import { jsonError, jsonReply, methodNotAllowed, withHeader } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import type { EmulatorState } from '../state';
import { PROFILE_SCOPES } from './parameters';
import { INVALID_ACCESS_TOKEN } from './tokenInfo';

export const PROFILE_PATH = '/user/profile';

export function profileRoute(state: EmulatorState): Route {
	return {
		path: PROFILE_PATH,
		handle: (request) => request.method === 'GET' ? profile(state, request) : methodNotAllowed('GET'),
	};
}

function profile(state: EmulatorState, request: EmulatorRequest): Reply {
	const token = accessTokenOf(request);
	if (token === '') {
		return withHeader(jsonError(400, 'invalid_request', 'The request is missing a required parameter : access_token'), 'WWW-Authenticate', 'Bearer');
	}
	const record = state.validAccessToken(token);
	if (record === undefined) {
		return withHeader(jsonError(401, 'invalid_token', INVALID_ACCESS_TOKEN), 'WWW-Authenticate', 'Bearer error="invalid_token"');
	}
	const granted = new Set(record.scopes);
	if (record.userId === undefined || ![...PROFILE_SCOPES].some((scope) => granted.has(scope))) {
		return withHeader(jsonError(403, 'insufficient_scope', 'The access token was not granted a customer profile scope'), 'WWW-Authenticate', 'Bearer error="insufficient_scope"');
	}
	const body: Record<string, unknown> = { user_id: state.user.userId };
	if (granted.has('profile')) {
		body.name = state.user.name;
		body.email = state.user.email;
	}
	if (granted.has('postal_code')) {
		body.postal_code = state.user.postalCode;
	}
	return jsonReply(200, body);
}

/** The token from `Authorization: Bearer`, else `x-amz-access-token`, else the `access_token` query parameter; '' when none. */
function accessTokenOf(request: EmulatorRequest): string {
	const authorization = request.headers.authorization;
	const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
	const amzHeader = request.headers['x-amz-access-token'];
	return bearer ?? (typeof amzHeader === 'string' ? amzHeader : undefined) ?? request.url.searchParams.get('access_token') ?? '';
}
