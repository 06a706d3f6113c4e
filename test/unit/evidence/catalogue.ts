// The bad-input catalogue: one named case per kind of bad input the extension can meet, across the
// six places input comes from. Each case runs the real code path and reports what became of it; the
// driver (catalogue.test.ts) checks every outcome the same way: the expected coded refusal, no planted
// sentinel in any visible text or log line, the seeded credential unchanged, and for redirects, no
// request to the token endpoint.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { CallbackParams } from '../../../src/core/lwa/callback';
import { callbackParamsFromQuery, parseCallbackInput, validateCallback } from '../../../src/core/lwa/callback';
import { createAuthorizationRequest } from '../../../src/core/lwa/authorize';
import { isLwaError } from '../../../src/core/lwa/errors';
import { checkAudience, fetchTokenInfo } from '../../../src/core/lwa/tokeninfo';
import type { Grant } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import type { RecordedRequest } from '../core/support/servers';
import { reply, replyJson, startServer, tokenBody } from '../core/support/servers';
import {
	ACCESS_SENTINEL, CODE_SENTINEL, createRig, profileAt, REFRESH_SENTINEL, SECRET_SENTINEL, SERVER_TEXT_SENTINEL,
	storedState, thrownBy, VERIFIER_SENTINEL, visibleTextsOf,
} from './support';

/** Where a bad input comes from. */
export type InputClass = 'callback URL' | 'pasted input' | 'relay page' | 'token response' | 'tokeninfo response' | 'settings';

/** What became of one bad input. */
export interface Outcome {
	/** The LwaError code, 'field: <name>' for a profile problem, or 'relay: refused'. */
	label: string;
	/** Every text a user or a log reader could see (messages, actions, toUserMessage, log lines, refusal reasons). */
	visible: string[];
	/** For cases through the credential service: what became of the seeded credential. */
	stored?: 'unchanged' | 'changed' | 'deleted';
	/** For redirect cases: requests that reached the token endpoint. */
	tokenRequests?: number;
}

export interface CatalogueCase {
	name: string;
	inputClass: InputClass;
	/** The outcome label the case must produce. */
	expected: string;
	run(): Promise<Outcome>;
}

function labelOf(error: unknown): string {
	return isLwaError(error) ? error.code : `uncoded error: ${error instanceof Error ? error.name : typeof error}`;
}

// ---- redirects: loopback callback URLs and pasted input, through validation and the credential service ----

type Receive = (expectedState: string) => { params: CallbackParams; bareCode: boolean };

/**
 * A sign-in as the VS Code layer runs it: an authorization request, a redirect read by `receive`, then
 * validateCallback and CredentialService.completeAuthorization against a token endpoint that would
 * issue tokens. The store holds a credential from an earlier sign-in.
 */
async function throughSignIn(receive: Receive): Promise<Outcome> {
	const server = await startServer((_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|new-SENTINEL', refresh_token: 'Atzr|new-SENTINEL' })));
	const profile = profileAt(server.url);
	const rig = await createRig({ profile });
	try {
		const request = createAuthorizationRequest({
			authorizationEndpoint: profile.endpoints.authorization, clientId: profile.clientId, scopes: profile.scopes,
			redirectUri: profile.redirectUri, pkce: true,
		});
		const error = await thrownBy(async () => {
			const received = receive(request.state);
			const { code } = validateCallback(received.params, received.bareCode ? undefined : request.state);
			await rig.service.completeAuthorization(profile, { code, codeVerifier: request.codeVerifier, redirectUri: request.redirectUri });
		});
		return { label: labelOf(error), visible: [...visibleTextsOf(error), ...rig.logger.lines], stored: storedState(rig, profile.name), tokenRequests: server.requests.length };
	} finally {
		await rig.close();
		await server.close();
	}
}

/** A redirect that reached the loopback listener: `query(state)` is the query string after '?'. */
function callbackCase(name: string, expected: string, query: (state: string) => string): CatalogueCase {
	return {
		name, inputClass: 'callback URL', expected,
		run: () => throughSignIn((state) => {
			const url = new URL(`http://127.0.0.1:53682/lwa/callback?${query(state)}`);
			return { params: callbackParamsFromQuery(url.searchParams), bareCode: false };
		}),
	};
}

/** Text pasted into "LWA: Complete Sign In". */
function pasteCase(name: string, expected: string, text: (state: string) => string): CatalogueCase {
	return { name, inputClass: 'pasted input', expected, run: () => throughSignIn((state) => parseCallbackInput(text(state))) };
}

const enc = encodeURIComponent;
const REDIRECT = 'http://127.0.0.1:53682/lwa/callback';
const OTHER_STATE = 'c2VudGluZWwtb3RoZXItc2lnbi1pbg';

const callbackCases: CatalogueCase[] = [
	callbackCase('a state from another sign-in', 'state_mismatch', () => `code=${CODE_SENTINEL}&state=${OTHER_STATE}`),
	callbackCase('a code without any state', 'state_mismatch', () => `code=${CODE_SENTINEL}&scope=profile`),
	callbackCase('the right state with one character changed', 'state_mismatch', (state) => `code=${CODE_SENTINEL}&state=${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`),
	callbackCase('the right state with a suffix appended', 'state_mismatch', (state) => `code=${CODE_SENTINEL}&state=${state}x`),
	callbackCase('an empty state', 'state_mismatch', () => `code=${CODE_SENTINEL}&state=`),
	callbackCase('a repeated code parameter', 'malformed_callback', (state) => `code=${CODE_SENTINEL}&code=other&state=${state}`),
	callbackCase('a repeated state parameter', 'malformed_callback', (state) => `code=${CODE_SENTINEL}&state=${state}&state=${state}`),
	callbackCase('a repeated error parameter', 'malformed_callback', (state) => `error=access_denied&error=server_error&state=${state}`),
	callbackCase('a redirect over 8 KiB', 'malformed_callback', (state) => `code=${CODE_SENTINEL}&state=${state}&junk=${'A'.repeat(9000)}`),
	callbackCase('no code and no error', 'missing_code', (state) => `state=${state}&scope=profile`),
	callbackCase('an empty code', 'missing_code', (state) => `code=&state=${state}`),
	callbackCase('a code with markup in it', 'malformed_callback', (state) => `code=${enc(`<script>${CODE_SENTINEL}</script>`)}&state=${state}`),
	callbackCase('a code with spaces and quotes', 'malformed_callback', (state) => `code=${enc(`"${CODE_SENTINEL}" OR 1=1`)}&state=${state}`),
	callbackCase('error=access_denied with a planted description', 'access_denied', (state) => `error=access_denied&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	callbackCase('error=invalid_scope', 'invalid_scope', (state) => `error=invalid_scope&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	callbackCase('error=unauthorized_client', 'unauthorized_client', (state) => `error=unauthorized_client&state=${state}`),
	callbackCase('error=invalid_request', 'invalid_request', (state) => `error=invalid_request&state=${state}`),
	callbackCase('error=unsupported_response_type', 'unsupported_response_type', (state) => `error=unsupported_response_type&state=${state}`),
	callbackCase('error=server_error', 'server_error', (state) => `error=server_error&state=${state}`),
	callbackCase('error=temporarily_unavailable', 'temporarily_unavailable', (state) => `error=temporarily_unavailable&state=${state}`),
	callbackCase('an unknown error code carrying planted text', 'authorization_failed', (state) => `error=${enc(`SENTINEL_${SERVER_TEXT_SENTINEL}`)}&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	callbackCase('an error for another sign-in', 'state_mismatch', () => `error=access_denied&state=${OTHER_STATE}`),
];

const pasteCases: CatalogueCase[] = [
	pasteCase('empty text', 'malformed_callback', () => ''),
	pasteCase('only white space', 'malformed_callback', () => ' \n\t '),
	pasteCase('text over 8 KiB', 'malformed_callback', () => `${REDIRECT}?code=${CODE_SENTINEL}&pad=${'x'.repeat(9000)}`),
	pasteCase('a URL that does not parse', 'malformed_callback', () => `http://[${CODE_SENTINEL}/callback?code=x`),
	pasteCase('prose instead of a redirect', 'malformed_callback', () => `the code was ${CODE_SENTINEL} I think`),
	pasteCase('a JSON object', 'malformed_callback', () => JSON.stringify({ code: CODE_SENTINEL })),
	pasteCase('a bare code longer than 2048 characters', 'malformed_callback', () => `${CODE_SENTINEL}${'A'.repeat(2100)}`),
	pasteCase('a bare code with control characters', 'malformed_callback', () => `${CODE_SENTINEL}\u0000\u0007`),
	pasteCase('a bare code with non-ASCII letters', 'malformed_callback', () => `${CODE_SENTINEL}ünïcödé`),
	pasteCase('a full redirected URL with another sign-in\'s state', 'state_mismatch', () => `${REDIRECT}?code=${CODE_SENTINEL}&state=${OTHER_STATE}`),
	pasteCase('a full redirected URL without state', 'state_mismatch', () => `${REDIRECT}?code=${CODE_SENTINEL}&scope=profile`),
	pasteCase('a full redirected URL with a repeated code', 'malformed_callback', (state) => `${REDIRECT}?code=${CODE_SENTINEL}&state=${state}&code=x`),
	pasteCase('a full redirected URL without a code', 'missing_code', (state) => `${REDIRECT}?state=${state}&scope=profile`),
	pasteCase('the parameters after # instead of ?', 'missing_code', (state) => `${REDIRECT}#code=${CODE_SENTINEL}&state=${state}`),
	pasteCase('a query string with access_denied', 'access_denied', (state) => `?error=access_denied&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	pasteCase('a query string with an empty code', 'missing_code', (state) => `code=&state=${state}`),
	pasteCase('a javascript: URL', 'missing_code', () => `javascript:alert('${CODE_SENTINEL}')`),
];

// ---- the relay page (media/relay.js, the same file the browser runs) ----

interface RelayModule {
	buildForwardUrl(search: string): { ok: true; url: string } | { ok: false; reason: string };
}

let relayModule: RelayModule | undefined;
function relay(): RelayModule {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	relayModule ??= require(path.join(__dirname, '..', '..', '..', '..', 'media', 'relay.js')) as RelayModule;
	return relayModule;
}

const RELAY_NONCE = 'n0nceSENTINEL';
const relayState = (target: string): string => `${RELAY_NONCE}.${Buffer.from(target, 'utf8').toString('base64url')}`;
const relayQuery = (params: Record<string, string>): string => `?${new URLSearchParams(params).toString()}`;

function relayCase(name: string, search: string): CatalogueCase {
	return {
		name, inputClass: 'relay page', expected: 'relay: refused',
		run: async () => {
			const result = relay().buildForwardUrl(search);
			return result.ok ? { label: 'relay: forwarded', visible: [] } : { label: 'relay: refused', visible: [result.reason] };
		},
	};
}

function relayTargetCase(name: string, target: string): CatalogueCase {
	return relayCase(name, relayQuery({ code: CODE_SENTINEL, scope: 'profile', state: relayState(target) }));
}

const EXT_CALLBACK = 'vscode://lwa-tools.lwa-credentials/callback';

const relayCases: CatalogueCase[] = [
	relayTargetCase('a javascript: target', `javascript:alert('${CODE_SENTINEL}')//callback`),
	relayTargetCase('a data: target', 'data:text/html,<script>SENTINEL</script>/callback'),
	relayTargetCase('a file: target', 'file:///etc/SENTINEL/callback'),
	relayTargetCase('an https target that is not a callback (open redirect)', 'https://evil-SENTINEL.example.com/steal'),
	relayTargetCase('another extension\'s URI handler', 'vscode://evil.SENTINEL-extension/callback'),
	relayTargetCase('the extension with another path', 'vscode://lwa-tools.lwa-credentials/SENTINEL'),
	relayTargetCase('a target with user name and password', 'https://SENTINEL:pw@editor.example.com/callback'),
	relayTargetCase('a target with a fragment', `${EXT_CALLBACK}#SENTINEL`),
	relayTargetCase('a browser-hosted editor aimed at another extension', 'http://127.0.0.1:8080/x/callback?vscode-scheme=code-oss&vscode-authority=SENTINEL.ext&vscode-path=%2Fcallback'),
	relayTargetCase('a target that is not a URL', 'not a url SENTINEL'),
	relayCase('no state at all', relayQuery({ code: CODE_SENTINEL })),
	relayCase('a state with a nonce but no target', relayQuery({ code: CODE_SENTINEL, state: RELAY_NONCE })),
	relayCase('a state whose target is not base64url', relayQuery({ code: CODE_SENTINEL, state: `${RELAY_NONCE}.%%SENTINEL%%` })),
	relayCase('a state whose target is not UTF-8', relayQuery({ code: CODE_SENTINEL, state: `${RELAY_NONCE}.${Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')}` })),
	relayCase('a state longer than 4096 characters', relayQuery({ code: CODE_SENTINEL, state: relayState(`${EXT_CALLBACK}?pad=${'S'.repeat(4200)}`) })),
	relayCase('a repeated code parameter', `?code=${CODE_SENTINEL}&code=other&state=${relayState(EXT_CALLBACK)}`),
	relayCase('a repeated state parameter', `?code=${CODE_SENTINEL}&state=${relayState(EXT_CALLBACK)}&state=${relayState('https://evil.example.com/callback')}`),
];

// ---- token responses, over real HTTP through the credential service ----

type TokenHandler = (request: RecordedRequest, response: ServerResponse) => void;
type Via = 'code exchange' | 'refresh' | 'client credentials';

function tokenCase(name: string, expected: string, handler: TokenHandler, via: Via = 'code exchange'): CatalogueCase {
	return {
		name: `${name} (${via})`, inputClass: 'token response', expected,
		run: async () => {
			const server = await startServer((request, response) => handler(request, response));
			const grant: Grant = via === 'client credentials' ? 'client_credentials' : 'authorization_code';
			const profile = profileAt(server.url, grant);
			const rig = await createRig({ profile });
			try {
				const error = await thrownBy(() => via === 'code exchange'
					? rig.service.completeAuthorization(profile, { code: CODE_SENTINEL, codeVerifier: VERIFIER_SENTINEL, redirectUri: profile.redirectUri })
					: rig.service.refresh(profile));
				// The planted secrets did go to the server: the case really exercised the request.
				assert.ok(server.requests.length >= 1 && server.requests[0].body.includes('SENTINEL'));
				return { label: labelOf(error), visible: [...visibleTextsOf(error), ...rig.logger.lines], stored: storedState(rig, profile.name) };
			} finally {
				await rig.close();
				await server.close();
			}
		},
	};
}

const html = (status: number, body = `<html><body><h1>Captive portal</h1><p>${SERVER_TEXT_SENTINEL}</p></body></html>`): TokenHandler =>
	(_request, response) => reply(response, status, body, { 'content-type': 'text/html; charset=utf-8' });
const json = (status: number, value: unknown, headers: Record<string, string> = {}): TokenHandler =>
	(_request, response) => replyJson(response, status, value, headers);
const lwaError = (status: number, error: string, extra: Record<string, unknown> = {}): TokenHandler =>
	json(status, { error, error_description: SERVER_TEXT_SENTINEL, ...extra });
const goodToken = (overrides: Record<string, unknown>): Record<string, unknown> => tokenBody({ access_token: 'Atza|issued-SENTINEL', refresh_token: 'Atzr|issued-SENTINEL', ...overrides });

const tokenCases: CatalogueCase[] = [
	tokenCase('an HTML page with status 200', 'malformed_response', html(200)),
	tokenCase('an HTML error page with status 400', 'malformed_response', html(400)),
	tokenCase('valid token JSON labelled text/plain', 'malformed_response', (_request, response) => reply(response, 200, JSON.stringify(goodToken({})), { 'content-type': 'text/plain' })),
	tokenCase('JSON cut off in the middle', 'malformed_response', (_request, response) => reply(response, 200, JSON.stringify(goodToken({})).slice(0, 40), { 'content-type': 'application/json' })),
	tokenCase('an empty 200 body', 'malformed_response', (_request, response) => reply(response, 200, '', { 'content-type': 'application/json' })),
	tokenCase('a JSON array', 'malformed_response', json(200, [goodToken({})])),
	tokenCase('a JSON string', 'malformed_response', json(200, SERVER_TEXT_SENTINEL)),
	tokenCase('no access_token', 'malformed_response', json(200, goodToken({ access_token: undefined }))),
	tokenCase('an empty access_token', 'malformed_response', json(200, goodToken({ access_token: '' }))),
	tokenCase('a numeric access_token', 'malformed_response', json(200, goodToken({ access_token: 12345 }))),
	tokenCase('token_type mac', 'malformed_response', json(200, goodToken({ token_type: 'mac' }))),
	tokenCase('expires_in as text', 'malformed_response', json(200, goodToken({ expires_in: '3600' }))),
	tokenCase('a negative expires_in', 'malformed_response', json(200, goodToken({ expires_in: -1 }))),
	tokenCase('a fractional expires_in', 'malformed_response', json(200, goodToken({ expires_in: 1.5 }))),
	tokenCase('a refresh_token that is an object', 'malformed_response', json(200, goodToken({ refresh_token: { value: 'SENTINEL' } }))),
	tokenCase('a body over the size cap', 'malformed_response', json(200, goodToken({ padding: `SENTINEL${'x'.repeat(100 * 1024)}` }))),
	tokenCase('a 302 redirect to another host', 'malformed_response', (_request, response) => reply(response, 302, '', { location: 'https://evil.example.com/SENTINEL' })),
	tokenCase('invalid_grant with planted description', 'invalid_grant', lwaError(400, 'invalid_grant')),
	tokenCase('invalid_client with status 401', 'invalid_client', lwaError(401, 'invalid_client')),
	tokenCase('an unknown LWA error', 'invalid_request', lwaError(400, 'SENTINEL_weird_error')),
	tokenCase('a request_id with markup', 'invalid_grant', lwaError(400, 'invalid_grant', { request_id: '<img src=x>SENTINEL' })),
	tokenCase('status 500 with a planted body', 'server_error', json(500, { message: SERVER_TEXT_SENTINEL })),
	tokenCase('status 429 with an unreadable Retry-After', 'rate_limited', json(429, { message: SERVER_TEXT_SENTINEL }, { 'retry-after': 'SENTINEL' })),
	tokenCase('an HTML page with status 200', 'malformed_response', html(200), 'refresh'),
	tokenCase('no access_token', 'malformed_response', json(200, goodToken({ access_token: undefined })), 'refresh'),
	tokenCase('invalid_client with status 401', 'invalid_client', lwaError(401, 'invalid_client'), 'refresh'),
	tokenCase('unauthorized_client', 'unauthorized_client', lwaError(400, 'unauthorized_client'), 'refresh'),
	tokenCase('status 503 on every attempt', 'server_error', html(503), 'refresh'),
	tokenCase('JSON cut off in the middle', 'malformed_response', (_request, response) => reply(response, 200, '{"access_token":"Atza|SENTINEL', { 'content-type': 'application/json' }), 'client credentials'),
	tokenCase('invalid_scope', 'invalid_scope', lwaError(400, 'invalid_scope'), 'client credentials'),
	tokenCase('unsupported_grant_type', 'unsupported_grant_type', lwaError(400, 'unsupported_grant_type'), 'client credentials'),
];

// ---- tokeninfo responses, over real HTTP ----

function tokenInfoCase(name: string, expected: string, handler: TokenHandler): CatalogueCase {
	return {
		name, inputClass: 'tokeninfo response', expected,
		run: async () => {
			const server = await startServer((request, response) => handler(request, response));
			const profile = profileAt(server.url);
			const rig = await createRig({ profile, seed: false });
			try {
				const error = await thrownBy(async () => checkAudience(await fetchTokenInfo(rig.http, profile.endpoints.tokeninfo, ACCESS_SENTINEL), profile.clientId));
				return { label: labelOf(error), visible: visibleTextsOf(error) };
			} finally {
				await rig.close();
				await server.close();
			}
		},
	};
}

const tokenInfo = (overrides: Record<string, unknown>): Record<string, unknown> => ({
	aud: 'amzn1.application-oa2-client.sandbox', user_id: 'amzn1.account.X', app_id: 'amzn1.application.X', iss: 'https://www.amazon.com', exp: 3000, iat: 1700000000, ...overrides,
});

const tokenInfoCases: CatalogueCase[] = [
	tokenInfoCase('a token issued to another client', 'audience_mismatch', json(200, tokenInfo({ aud: 'amzn1.application-oa2-client.SENTINEL' }))),
	tokenInfoCase('no aud', 'malformed_response', json(200, tokenInfo({ aud: undefined }))),
	tokenInfoCase('aud as a number', 'malformed_response', json(200, tokenInfo({ aud: 42 }))),
	tokenInfoCase('exp as text', 'malformed_response', json(200, tokenInfo({ exp: '3000 SENTINEL' }))),
	tokenInfoCase('a negative exp', 'malformed_response', json(200, tokenInfo({ exp: -5 }))),
	tokenInfoCase('no exp', 'malformed_response', json(200, tokenInfo({ exp: undefined }))),
	tokenInfoCase('user_id as an object', 'malformed_response', json(200, tokenInfo({ user_id: { id: 'SENTINEL' } }))),
	tokenInfoCase('iat as text', 'malformed_response', json(200, tokenInfo({ iat: 'yesterday SENTINEL' }))),
	tokenInfoCase('an HTML page', 'malformed_response', html(200)),
	tokenInfoCase('a JSON array', 'malformed_response', json(200, [tokenInfo({})])),
	tokenInfoCase('invalid_token with planted description', 'invalid_grant', lwaError(400, 'invalid_token')),
	tokenInfoCase('insufficient_scope', 'invalid_scope', lwaError(403, 'insufficient_scope')),
	tokenInfoCase('status 500', 'server_error', html(500)),
];

// ---- settings: lwa.profiles entries ----

const GOOD_PROFILE = { name: 'good', region: 'NA', clientId: 'amzn1.application-oa2-client.good', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback' };

function settingsCase(name: string, field: string, entry: unknown, raw?: unknown): CatalogueCase {
	return {
		name, inputClass: 'settings', expected: `field: ${field}`,
		run: async () => {
			const result = parseProfiles(raw ?? [GOOD_PROFILE, entry]);
			if (raw === undefined) {
				assert.deepEqual(result.profiles.map((profile) => profile.name), ['good'], 'the good profile is kept, the bad one skipped');
			}
			for (const problem of result.problems) {
				assert.ok(problem.message.toLowerCase().includes(problem.field.toLowerCase()), `the message names the field: ${problem.message}`);
			}
			return { label: result.problems.map((problem) => `field: ${problem.field}`).join(', ') || 'accepted', visible: result.problems.map((problem) => problem.message) };
		},
	};
}

const bad = (overrides: Record<string, unknown>): Record<string, unknown> => ({ ...GOOD_PROFILE, name: 'bad', ...overrides });

const settingsCases: CatalogueCase[] = [
	settingsCase('lwa.profiles is an object, not an array', 'lwa.profiles', undefined, { name: 'x', clientSecret: SECRET_SENTINEL }),
	settingsCase('an entry that is a string', 'profile', `profile ${SECRET_SENTINEL}`),
	settingsCase('no name', 'name', bad({ name: undefined })),
	settingsCase('a name that is only spaces', 'name', bad({ name: '   ' })),
	settingsCase('a duplicate name', 'name', bad({ name: 'good' })),
	settingsCase('an unknown region', 'region', bad({ region: 'US' })),
	settingsCase('a lower-case region', 'region', bad({ region: 'na' })),
	settingsCase('an empty clientId', 'clientId', bad({ clientId: '' })),
	settingsCase('a clientId with spaces', 'clientId', bad({ clientId: 'amzn1 SENTINEL' })),
	settingsCase('a clientId over 100 bytes', 'clientId', bad({ clientId: `amzn1.${'SENTINEL'.repeat(20)}` })),
	settingsCase('scopes as one string', 'scopes', bad({ scopes: 'profile postal_code' })),
	settingsCase('an empty scope name', 'scopes', bad({ scopes: ['profile', ''] })),
	settingsCase('a scope with a space', 'scopes', bad({ scopes: ['profile SENTINEL'] })),
	settingsCase('no scopes for client_credentials', 'scopes', bad({ grant: 'client_credentials', scopes: [], redirectUri: undefined })),
	settingsCase('a plain-http redirectUri on a public host', 'redirectUri', bad({ redirectUri: 'http://SENTINEL.example.com/callback' })),
	settingsCase('a redirectUri with a fragment', 'redirectUri', bad({ redirectUri: 'https://example.com/callback#SENTINEL' })),
	settingsCase('a redirectUri with a password in it', 'redirectUri', bad({ redirectUri: `https://user:${SECRET_SENTINEL}@example.com/callback` })),
	settingsCase('a loopback redirectUri without a port', 'redirectUri', bad({ redirectUri: 'http://127.0.0.1/lwa/callback' })),
	settingsCase('a redirectUri that is not a URL', 'redirectUri', bad({ redirectUri: 'callback SENTINEL' })),
	settingsCase('a custom-scheme redirectUri', 'redirectUri', bad({ redirectUri: 'vscode://lwa-tools.lwa-credentials/callback' })),
	settingsCase('an unknown grant', 'grant', bad({ grant: 'password' })),
	settingsCase('pkce as text', 'pkce', bad({ pkce: 'yes' })),
	settingsCase('scopeData without essential flags', 'scopeData', bad({ scopeData: { profile: true } })),
	settingsCase('a plain-http token endpoint on a public host', 'endpoints.token', bad({ endpoints: { token: 'http://SENTINEL.example.com/auth/o2/token' } })),
	settingsCase('a token endpoint with a password in it', 'endpoints.token', bad({ endpoints: { token: `https://u:${SECRET_SENTINEL}@example.com/t` } })),
	settingsCase('an unknown endpoint name', 'endpoints.revoke', bad({ endpoints: { revoke: 'https://example.com/revoke' } })),
	settingsCase('endpoints as a string', 'endpoints', bad({ endpoints: 'https://example.com' })),
	settingsCase('a client secret typed into settings', 'clientSecret', bad({ clientSecret: SECRET_SENTINEL })),
	settingsCase('a refresh token typed into settings', 'refreshToken', bad({ refreshToken: REFRESH_SENTINEL })),
];

/** Every case of the catalogue, grouped by input class. */
export const CATALOGUE: readonly CatalogueCase[] = [
	...callbackCases, ...pasteCases, ...relayCases, ...tokenCases, ...tokenInfoCases, ...settingsCases,
];
