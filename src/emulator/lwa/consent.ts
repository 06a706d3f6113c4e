// LWA's authorization endpoint: /ap/oa checks the request and shows the consent page (or, with
// auto-approval, redirects at once); /ap/oa/decision takes Allow or Deny and redirects back to the client.
import type { Reply } from '../http/replies';
import { htmlErrorReply, htmlReply, methodNotAllowed, redirectReply } from '../http/replies';
import type { Route } from '../http/request';
import { readForm } from '../http/request';
import { formTargetOf } from '../pages';
import type { AuthorizationRequest, EmulatorState } from '../state';
import { consentPage } from './consentPage';
import { isKnownScope, parseScopeData, PKCE_VALUE, splitScopes, UNKNOWN_SCOPE } from './parameters';
import type { LwaCounters } from './stats';

export const AUTHORIZE_PATH = '/ap/oa';
const DECISION_PATH = '/ap/oa/decision';

/** Real LWA wording for a redirect URI that is not an Allowed Return URL. */
export const REDIRECT_NOT_WHITELISTED = 'The redirect URI you provided has not been whitelisted for your application. Please add your redirect URI in the \'Allowed Return URLs\' section under \'Web Settings\' for your Security Profile on Amazon Developer Portal.';

/** /ap/oa and /ap/oa/decision. `isAutoApproving` is read on every request: a test may switch it. */
export function consentRoutes(state: EmulatorState, counters: LwaCounters, isAutoApproving: () => boolean): Route[] {
	return [
		{
			path: AUTHORIZE_PATH,
			arrived: () => counters.authorizeRequestArrived(),
			handle: (request) => request.method === 'GET' ? authorize(state, request.url.searchParams, isAutoApproving()) : methodNotAllowed('GET'),
		},
		{
			path: DECISION_PATH,
			handle: (request) => request.method === 'POST' ? decide(state, readForm(request) ?? new URLSearchParams()) : methodNotAllowed('POST'),
		},
	];
}

function authorize(state: EmulatorState, query: URLSearchParams, autoApprove: boolean): Reply {
	const clientIds = query.getAll('client_id');
	if (clientIds.length === 0 || clientIds[0] === '') {
		return htmlErrorReply('The request is missing a required parameter : client_id');
	}
	const client = clientIds.length === 1 ? state.client(clientIds[0]) : undefined;
	if (client === undefined) {
		return htmlErrorReply('Unknown client_id');
	}
	const redirectUris = query.getAll('redirect_uri');
	if (redirectUris.length === 0 || redirectUris[0] === '') {
		return htmlErrorReply('The request is missing a required parameter : redirect_uri');
	}
	const redirectUri = redirectUris[0];
	if (redirectUris.length > 1 || !client.redirectUris.includes(redirectUri)) {
		return htmlErrorReply(REDIRECT_NOT_WHITELISTED);
	}

	// From here on, errors go back to the client by redirect, with the state echoed.
	const clientState = query.get('state') ?? undefined;
	const fail = (error: string, description: string): Reply =>
		redirectReply(appendQuery(redirectUri, [['error', error], ['error_description', description], ['state', clientState]]));

	for (const name of ['response_type', 'scope', 'scope_data', 'state', 'code_challenge', 'code_challenge_method']) {
		if (query.getAll(name).length > 1) {
			return fail('invalid_request', `The request has a duplicate parameter : ${name}`);
		}
	}
	const responseType = query.get('response_type');
	if (responseType === null || responseType === '') {
		return fail('invalid_request', 'The request is missing a required parameter : response_type');
	}
	if (responseType !== 'code') {
		return fail('unsupported_response_type', 'The authorization server does not support obtaining an authorization code using this method');
	}
	const scopes = splitScopes(query.get('scope') ?? '');
	if (scopes.length === 0) {
		return fail('invalid_scope', 'The request is missing a required parameter : scope');
	}
	if (!scopes.every(isKnownScope)) {
		return fail('invalid_scope', UNKNOWN_SCOPE);
	}
	const essential = parseScopeData(query.get('scope_data'), scopes);
	if (essential === undefined) {
		return fail('invalid_request', 'The request has an invalid parameter : scope_data');
	}
	const codeChallenge = query.get('code_challenge') ?? undefined;
	const method = query.get('code_challenge_method') ?? undefined;
	let codeChallengeMethod: 'S256' | 'plain' | undefined;
	if (codeChallenge === undefined) {
		if (method !== undefined) {
			return fail('invalid_request', 'The request is missing a required parameter : code_challenge');
		}
	} else {
		if (method !== undefined && method !== 'S256' && method !== 'plain') {
			return fail('invalid_request', 'The request has an invalid parameter : code_challenge_method');
		}
		// LWA: "S256 is recommended. Can also be set to plain. Defaults to plain if no option is present."
		codeChallengeMethod = method ?? 'plain';
		if (!PKCE_VALUE.test(codeChallenge)) {
			return fail('invalid_request', 'The request has an invalid parameter : code_challenge');
		}
	}

	const authorization: AuthorizationRequest = {
		clientId: client.clientId, redirectUri, scopes, state: clientState, codeChallenge, codeChallengeMethod,
	};
	if (autoApprove) {
		return approve(state, authorization);
	}
	const html = consentPage({
		requestId: state.holdForConsent(authorization),
		appName: client.name ?? client.clientId,
		scopes,
		essential,
		userName: state.user.name,
		userEmail: state.user.email,
		returnHost: describeReturnTarget(redirectUri),
	});
	const formTarget = formTargetOf(redirectUri);
	return htmlReply(200, html, formTarget === undefined ? [] : [formTarget]);
}

function approve(state: EmulatorState, authorization: AuthorizationRequest): Reply {
	const code = state.issueCode(authorization);
	return redirectReply(appendQuery(authorization.redirectUri, [
		['code', code], ['scope', authorization.scopes.join(' ')], ['state', authorization.state],
	]));
}

function decide(state: EmulatorState, form: URLSearchParams): Reply {
	const requestId = form.get('request') ?? '';
	const decision = form.get('decision');
	const authorization = state.waitingForConsent(requestId);
	if (authorization === undefined) {
		return htmlErrorReply('This sign-in request has expired or was already answered. Start the sign-in again from your application.');
	}
	if (decision !== 'allow' && decision !== 'deny') {
		return htmlErrorReply('The request has an invalid parameter : decision');
	}
	state.endConsent(requestId);
	if (decision === 'allow') {
		return approve(state, authorization);
	}
	return redirectReply(appendQuery(authorization.redirectUri, [
		['error', 'access_denied'],
		['error_description', 'The user denied the request.'],
		['state', authorization.state],
	]));
}

/**
 * Appends parameters to a redirect URI without re-encoding what it already carries (an Allowed Return
 * URL may have its own query string, matched exactly), before any fragment. Undefined values are skipped.
 */
export function appendQuery(uri: string, params: ReadonlyArray<readonly [string, string | undefined]>): string {
	const hashIndex = uri.indexOf('#');
	const base = hashIndex === -1 ? uri : uri.slice(0, hashIndex);
	const fragment = hashIndex === -1 ? '' : uri.slice(hashIndex);
	const encoded = params
		.filter((param): param is readonly [string, string] => param[1] !== undefined)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
	if (encoded === '') {
		return uri;
	}
	let separator = '?';
	if (base.includes('?')) {
		separator = base.endsWith('?') || base.endsWith('&') ? '' : '&';
	}
	return `${base}${separator}${encoded}${fragment}`;
}

/** What the consent page names as the place the user returns to: the host, or the scheme and path of an app URI. */
function describeReturnTarget(redirectUri: string): string {
	try {
		const url = new URL(redirectUri);
		return url.host === '' ? `${url.protocol}${url.pathname}` : url.host;
	} catch {
		return redirectUri;
	}
}
