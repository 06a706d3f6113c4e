// Bad-input cases for what LWA's servers answer: token responses and tokeninfo responses, over real
// HTTP, used the way the commands use them (sign-in's code exchange, "LWA: Refresh", a copy of an
// expired token, "LWA: Inspect Access Token") with a seeded credential in the store.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { checkAudience, fetchTokenInfo } from '../../../src/core/lwa/tokeninfo';
import type { Grant } from '../../../src/core/profiles';
import { ManualClock } from '../core/support/fakes';
import type { RecordedRequest } from '../core/support/servers';
import { reply, replyJson, startServer, tokenBody } from '../core/support/servers';
import type { CatalogueCase } from './catalogue';
import type { StoredState } from './support';
import {
	ACCESS_SENTINEL, CODE_SENTINEL, createRig, labelOf, profileAt, SERVER_TEXT_SENTINEL, storedState, thrownBy, VERIFIER_SENTINEL,
	visibleTextsOf,
} from './support';

export type ResponseHandler = (request: RecordedRequest, response: ServerResponse) => void;

/** How a command meets the token endpoint. */
type Via =
	/** The sign-in exchanges the code it received (CredentialService.completeAuthorization). */
	| 'code exchange'
	/** "LWA: Refresh" (CredentialService.refresh) on a valid stored token. */
	| 'refresh'
	/** A copy command on an expired stored token (CredentialService.getValidCredential refreshes first). */
	| 'copy of an expired token'
	/** Sign-in of a client credentials profile (CredentialService.refresh). */
	| 'client credentials';

/** What each way does to the seeded credential before the call: an expired one for the copy. */
function seedOverridesFor(via: Via, now: number): Partial<StoredCredential> {
	return via === 'copy of an expired token' ? { expiresAt: now - 60_000, obtainedAt: now - 3660_000 } : {};
}

/**
 * One token response. `expectedStored` is what the service documents for the refusal: the stored
 * credential is kept, except when LWA refuses the refresh token itself (invalid_grant on a
 * refresh), which deletes the tokens so the user is asked to sign in again.
 */
function tokenCase(name: string, expected: string, handler: ResponseHandler, via: Via = 'code exchange', expectedStored: StoredState = 'unchanged'): CatalogueCase {
	return {
		name: `${name} (${via})`, inputClass: 'token response', expected, expectedStored,
		run: async () => {
			const server = await startServer((request, response) => handler(request, response));
			const grant: Grant = via === 'client credentials' ? 'client_credentials' : 'authorization_code';
			const profile = profileAt(server.url, grant);
			const clock = new ManualClock(Date.now());
			const rig = await createRig({ profile, clock, seedOverrides: seedOverridesFor(via, clock.now()) });
			try {
				const error = await thrownBy(() => {
					switch (via) {
						case 'code exchange':
							return rig.service.completeAuthorization(profile, { code: CODE_SENTINEL, codeVerifier: VERIFIER_SENTINEL, redirectUri: profile.redirectUri });
						case 'copy of an expired token':
							return rig.service.getValidCredential(profile);
						case 'refresh':
						case 'client credentials':
							return rig.service.refresh(profile);
					}
				});
				// The planted secrets did go to the server: the case really exercised the request.
				assert.ok(server.requests.length >= 1 && server.requests[0].body.includes('SENTINEL'), 'the request reached the token endpoint');
				return { label: labelOf(error), visible: [...visibleTextsOf(error), ...rig.logger.lines], stored: storedState(rig, profile.name) };
			} finally {
				await rig.close();
				await server.close();
			}
		},
	};
}

export const html = (status: number, body = `<html><body><h1>Captive portal</h1><p>${SERVER_TEXT_SENTINEL}</p></body></html>`): ResponseHandler =>
	(_request, response) => reply(response, status, body, { 'content-type': 'text/html; charset=utf-8' });
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): ResponseHandler =>
	(_request, response) => replyJson(response, status, value, headers);
const lwaError = (status: number, error: string, extra: Record<string, unknown> = {}): ResponseHandler =>
	json(status, { error, error_description: SERVER_TEXT_SENTINEL, ...extra });
const goodToken = (overrides: Record<string, unknown>): Record<string, unknown> => tokenBody({ access_token: 'Atza|issued-SENTINEL', refresh_token: 'Atzr|issued-SENTINEL', ...overrides });

export const tokenCases: CatalogueCase[] = [
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
	tokenCase('invalid_grant with planted description', 'invalid_grant', lwaError(400, 'invalid_grant'), 'refresh', 'deleted'),
	tokenCase('an HTML page with status 200', 'malformed_response', html(200), 'copy of an expired token'),
	tokenCase('status 503 on every attempt', 'server_error', html(503), 'copy of an expired token'),
	tokenCase('invalid_grant with planted description', 'invalid_grant', lwaError(400, 'invalid_grant'), 'copy of an expired token', 'deleted'),
	tokenCase('JSON cut off in the middle', 'malformed_response', (_request, response) => reply(response, 200, '{"access_token":"Atza|SENTINEL', { 'content-type': 'application/json' }), 'client credentials'),
	tokenCase('invalid_scope', 'invalid_scope', lwaError(400, 'invalid_scope'), 'client credentials'),
	tokenCase('unsupported_grant_type', 'unsupported_grant_type', lwaError(400, 'unsupported_grant_type'), 'client credentials'),
];

/**
 * One tokeninfo response, met as "LWA: Inspect Access Token" meets it: the profile's valid stored
 * credential (CredentialService.getValidCredential), its access token sent to tokeninfo, the answer
 * read and its audience checked against the profile's client id.
 */
function tokenInfoCase(name: string, expected: string, handler: ResponseHandler): CatalogueCase {
	return {
		name, inputClass: 'tokeninfo response', expected,
		run: async () => {
			const server = await startServer((request, response) => handler(request, response));
			const profile = profileAt(server.url);
			const rig = await createRig({ profile });
			try {
				const error = await thrownBy(async () => {
					const credential = await rig.service.getValidCredential(profile);
					checkAudience(await fetchTokenInfo(rig.http, profile.endpoints.tokeninfo, credential.accessToken), profile.clientId);
				});
				assert.equal(server.requests.length, 1, 'one request, to tokeninfo only');
				const asked = new URL(server.requests[0].path, server.url);
				assert.equal(asked.pathname, '/auth/o2/tokeninfo');
				assert.ok(asked.searchParams.get('access_token') === ACCESS_SENTINEL, 'tokeninfo was asked about the stored access token');
				return { label: labelOf(error), visible: [...visibleTextsOf(error), ...rig.logger.lines], stored: storedState(rig, profile.name) };
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

export const tokenInfoCases: CatalogueCase[] = [
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
	tokenInfoCase('a body over the size cap', 'malformed_response', json(200, tokenInfo({ padding: `SENTINEL${'x'.repeat(100 * 1024)}` }))),
	tokenInfoCase('invalid_token with planted description', 'invalid_grant', lwaError(400, 'invalid_token')),
	tokenInfoCase('insufficient_scope', 'invalid_scope', lwaError(403, 'insufficient_scope')),
	tokenInfoCase('status 500', 'server_error', html(500)),
];
