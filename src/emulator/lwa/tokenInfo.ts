// LWA's /auth/o2/tokeninfo: what an access token is, for whom and for how much longer.
import type { Reply } from '../http/replies';
import { jsonError, jsonReply, methodNotAllowed } from '../http/replies';
import type { Route } from '../http/request';
import type { EmulatorState } from '../state';

export const TOKENINFO_PATH = '/auth/o2/tokeninfo';

/** Real LWA wording for an unknown or expired access token (also used by /user/profile). */
export const INVALID_ACCESS_TOKEN = 'The request has an invalid parameter : access_token';

export function tokenInfoRoute(state: EmulatorState): Route {
	return {
		path: TOKENINFO_PATH,
		handle: (request) => request.method === 'GET' ? tokenInfo(state, request.url.searchParams) : methodNotAllowed('GET'),
	};
}

function tokenInfo(state: EmulatorState, query: URLSearchParams): Reply {
	const token = query.get('access_token');
	if (token === null || token === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : access_token');
	}
	const record = state.validAccessToken(token);
	if (record === undefined) {
		return jsonError(400, 'invalid_token', INVALID_ACCESS_TOKEN);
	}
	const body: Record<string, unknown> = { iss: 'https://www.amazon.com' };
	if (record.userId !== undefined) {
		body.user_id = record.userId;
	}
	body.aud = record.clientId;
	body.app_id = state.appIdOf(record.clientId);
	body.exp = Math.floor((record.expiresAt - state.now()) / 1000);
	body.iat = Math.floor(record.issuedAt / 1000);
	return jsonReply(200, body);
}
