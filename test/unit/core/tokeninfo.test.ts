import * as assert from 'node:assert/strict';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { isLwaError } from '../../../src/core/lwa/errors';
import { checkAudience, fetchTokenInfo, fetchUserProfile } from '../../../src/core/lwa/tokeninfo';
import { rejection } from './support/assertions';
import type { TestServer } from './support/servers';
import { reply, replyJson, startServer } from './support/servers';

describe('tokeninfo and profile over real HTTP', () => {
	const http = createUndiciHttpClient({ headersTimeoutMs: 2000 });
	let server: TestServer | undefined;

	after(() => http.close());
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('asks tokeninfo with the URL-encoded token and reads exp as seconds remaining', async () => {
		server = await startServer((_request, response) => replyJson(response, 200, { iss: 'https://www.amazon.com', user_id: 'amzn1.account.K2', aud: 'client-1', app_id: 'amzn1.application.x', exp: 3597, iat: 1311280970 }));
		const info = await fetchTokenInfo(http, `${server.url}/auth/o2/tokeninfo`, 'Atza|a+b/c');
		const url = new URL(server.requests[0].path, server.url);
		assert.equal(server.requests[0].method, 'GET');
		assert.equal(url.searchParams.get('access_token'), 'Atza|a+b/c');
		assert.deepEqual(info, { audience: 'client-1', userId: 'amzn1.account.K2', appId: 'amzn1.application.x', issuer: 'https://www.amazon.com', expiresInSeconds: 3597, issuedAt: 1311280970 });
		checkAudience(info, 'client-1');
		assert.throws(() => checkAudience(info, 'client-2'), (error: unknown) => isLwaError(error, 'audience_mismatch'));
	});

	it('refuses tokeninfo answers without aud or with a bad exp', async () => {
		server = await startServer((request, response) => replyJson(response, 200, request.path.includes('noaud') ? { exp: 10 } : { aud: 'c', exp: 'soon' }));
		assert.equal((await rejection(fetchTokenInfo(http, `${server.url}/noaud`, 't'))).code, 'malformed_response');
		assert.equal((await rejection(fetchTokenInfo(http, `${server.url}/badexp`, 't'))).code, 'malformed_response');
	});

	it('maps an invalid_token answer to invalid_grant without the server text', async () => {
		server = await startServer((_request, response) => replyJson(response, 400, { error: 'invalid_token', error_description: 'The request has an invalid parameter : access_token Atza|SENTINEL' }));
		const failure = await rejection(fetchTokenInfo(http, server.url, 'Atza|SENTINEL'));
		assert.equal(failure.code, 'invalid_grant');
		assert.ok(!`${failure.message} ${JSON.stringify(failure.facts)}`.includes('SENTINEL'));
	});

	it('fetches the profile with Authorization: Bearer', async () => {
		server = await startServer((_request, response) => replyJson(response, 200, { user_id: 'amzn1.account.K2', name: 'John Doe', email: 'john@example.com', postal_code: '98101' }));
		const profile = await fetchUserProfile(http, `${server.url}/user/profile`, 'Atza|p');
		assert.equal(server.requests[0].headers.authorization, 'Bearer Atza|p');
		assert.deepEqual(profile, { userId: 'amzn1.account.K2', name: 'John Doe', email: 'john@example.com', postalCode: '98101' });
	});

	it('applies the same checks to profile answers', async () => {
		server = await startServer((request, response) => {
			if (request.path === '/html') {
				reply(response, 200, '<html></html>', { 'content-type': 'text/html' });
			} else if (request.path === '/5xx') {
				reply(response, 503, '');
			} else {
				replyJson(response, 200, { user_id: 'u', name: 7 });
			}
		});
		assert.equal((await rejection(fetchUserProfile(http, `${server.url}/html`, 't'))).code, 'malformed_response');
		assert.equal((await rejection(fetchUserProfile(http, `${server.url}/5xx`, 't'))).code, 'server_error');
		assert.equal((await rejection(fetchUserProfile(http, `${server.url}/shape`, 't'))).code, 'malformed_response');
	});
});
