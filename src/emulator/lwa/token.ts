// LWA's token endpoint, /auth/o2/token: the authorization_code, refresh_token and client_credentials
// grants, after client authentication (clientAuthentication.ts). It counts every request by grant and
// outcome (stats.ts).
import type * as http from 'node:http';
import type { Reply } from '../http/replies';
import { jsonError, jsonReply, methodNotAllowed } from '../http/replies';
import type { Route } from '../http/request';
import { readForm } from '../http/request';
import type { EmulatorClient, EmulatorState } from '../state';
import { authenticateClient, invalidClient } from './clientAuthentication';
import { isKnownScope, pkceMatches, PKCE_VALUE, PROFILE_SCOPES, splitScopes, UNKNOWN_SCOPE } from './parameters';
import type { LwaCounters } from './stats';

export const TOKEN_PATH = '/auth/o2/token';

const INVALID_CODE = 'The request has an invalid grant parameter : code';
const INVALID_REFRESH_TOKEN = 'The request has an invalid grant parameter : refresh_token. User may have revoked or didn\'t grant the permission.';

export function tokenRoute(state: EmulatorState, counters: LwaCounters): Route {
	return {
		path: TOKEN_PATH,
		arrived: (request) => counters.tokenRequestArrived(readForm(request)?.get('grant_type') ?? '(none)'),
		answered: (outcome) => counters.tokenRequestAnswered(outcome),
		handle: (request) => {
			if (request.method !== 'POST') {
				return { ...methodNotAllowed('POST'), outcome: 'method_not_allowed' };
			}
			const form = readForm(request);
			if (form === undefined) {
				return jsonError(400, 'invalid_request', 'The request has an invalid parameter : Content-Type');
			}
			return token(state, request.headers, form);
		},
	};
}

function token(state: EmulatorState, headers: http.IncomingHttpHeaders, form: URLSearchParams): Reply {
	for (const name of new Set(form.keys())) {
		if (form.getAll(name).length > 1) {
			return jsonError(400, 'invalid_request', `The request has a duplicate parameter : ${name}`);
		}
	}
	const grantType = form.get('grant_type');
	if (grantType === null || grantType === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : grant_type');
	}
	if (grantType !== 'authorization_code' && grantType !== 'refresh_token' && grantType !== 'client_credentials') {
		return jsonError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
	}
	const authentication = authenticateClient(state, headers, form);
	if ('status' in authentication) {
		return authentication;
	}
	const { client, secretVerified } = authentication;
	switch (grantType) {
		case 'authorization_code':
			return exchangeCode(state, client, secretVerified, form);
		case 'refresh_token':
			return refresh(state, client, secretVerified, form);
		case 'client_credentials':
			return clientCredentials(state, client, secretVerified, form);
	}
}

function exchangeCode(state: EmulatorState, client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
	const code = form.get('code');
	if (code === null || code === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : code');
	}
	const redirectUri = form.get('redirect_uri');
	if (redirectUri === null || redirectUri === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : redirect_uri');
	}
	const record = state.takeCode(code);
	if (record === undefined || record.clientId !== client.clientId || record.redirectUri !== redirectUri) {
		return jsonError(400, 'invalid_grant', INVALID_CODE);
	}
	if (record.codeChallenge !== undefined) {
		const verifier = form.get('code_verifier');
		if (verifier !== null) {
			state.rememberSecret(verifier);
		}
		if (verifier === null || !PKCE_VALUE.test(verifier) || !pkceMatches(verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain')) {
			return jsonError(400, 'invalid_grant', 'The request has an invalid grant parameter : code_verifier');
		}
	}
	const body: Record<string, unknown> = {
		access_token: state.issueAccessToken(client.clientId, record.userId, record.scopes),
		token_type: 'bearer',
		expires_in: state.lifetimes.accessTokenSeconds,
	};
	if (secretVerified) {
		// Real LWA: "If no client_secret is passed, the response returns no refresh token".
		body.refresh_token = state.issueRefreshToken(client.clientId, record.userId, record.scopes);
	}
	return tokenReply(body);
}

function refresh(state: EmulatorState, client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
	const refreshToken = form.get('refresh_token');
	if (refreshToken === null || refreshToken === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
	}
	const record = state.usableRefreshToken(refreshToken);
	if (record === undefined || record.clientId !== client.clientId) {
		return jsonError(400, 'invalid_grant', INVALID_REFRESH_TOKEN);
	}
	const body: Record<string, unknown> = {
		access_token: state.issueAccessToken(client.clientId, record.userId, record.scopes),
		token_type: 'bearer',
		expires_in: state.lifetimes.accessTokenSeconds,
	};
	if (secretVerified) {
		// Like the Ads and Selling Partner APIs describe: the same refresh token comes back.
		body.refresh_token = refreshToken;
	}
	return tokenReply(body);
}

function clientCredentials(state: EmulatorState, client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
	if (client.clientSecret === undefined) {
		return jsonError(400, 'unauthorized_client', 'The client is not authorized to use this grant type');
	}
	if (!secretVerified) {
		return invalidClient(false);
	}
	const scopes = splitScopes(form.get('scope') ?? '');
	if (scopes.length === 0) {
		return jsonError(400, 'invalid_scope', 'The request is missing a required parameter : scope');
	}
	// There is no customer in this grant, so customer profile scopes make no sense.
	if (!scopes.every((scope) => isKnownScope(scope) && !PROFILE_SCOPES.has(scope))) {
		return jsonError(400, 'invalid_scope', UNKNOWN_SCOPE);
	}
	const accessToken = state.issueAccessToken(client.clientId, undefined, scopes);
	return tokenReply({ access_token: accessToken, scope: scopes.join(' '), token_type: 'bearer', expires_in: state.lifetimes.accessTokenSeconds });
}

function tokenReply(body: Record<string, unknown>): Reply {
	return { ...jsonReply(200, body), outcome: 'success' };
}
