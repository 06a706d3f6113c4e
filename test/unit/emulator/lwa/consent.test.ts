import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { REDIRECT_NOT_WHITELISTED, appendQuery } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../support';
import { CLIENT_ID, REDIRECT_URI, getAuthorize, redirectParams, startEmulator } from '../support';

/** Reads the consent page and returns the pending-request id of its form. */
async function consentRequestId(response: Response): Promise<string> {
	const html = await response.text();
	const match = /name="request" value="([^"]+)"/.exec(html);
	assert.ok(match, 'the consent page carries a pending-request id');
	return match[1];
}

function postDecision(emulator: LwaEmulator, requestId: string, decision: string): Promise<Response> {
	return fetch(`${emulator.url}/ap/oa/decision`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ request: requestId, decision }).toString(),
		redirect: 'manual',
	});
}

describe('LWA emulator /ap/oa', () => {
	let emulator: LwaEmulator;

	beforeEach(async () => {
		({ emulator } = await startEmulator());
	});

	afterEach(async () => {
		await emulator.close();
	});

	describe('with auto-approval', () => {
		beforeEach(() => {
			emulator.autoApprove = true;
		});

		it('redirects straight to the redirect URI with code, scope and state', async () => {
			const response = await getAuthorize(emulator, { scope: 'profile postal_code', state: 'abc' });
			assert.equal(response.status, 302);
			const location = new URL(response.headers.get('location') ?? '');
			assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
			assert.match(location.searchParams.get('code') ?? '', /^AN[A-Za-z]{30}$/);
			assert.equal(location.searchParams.get('scope'), 'profile postal_code');
			assert.equal(location.searchParams.get('state'), 'abc');
		});

		it('leaves state out of the redirect when none was sent', async () => {
			const response = await getAuthorize(emulator, { state: undefined });
			assert.equal(response.status, 302);
			assert.equal(redirectParams(response).has('state'), false);
		});

		it('appends its parameters to a redirect URI that has its own query string', async () => {
			emulator.registerClient({ clientId: 'amzn1.application-oa2-client.query', redirectUris: ['http://localhost:3000/_oauth/amazon?close'] });
			const response = await getAuthorize(emulator, {
				client_id: 'amzn1.application-oa2-client.query',
				redirect_uri: 'http://localhost:3000/_oauth/amazon?close',
			});
			assert.equal(response.status, 302);
			const location = response.headers.get('location') ?? '';
			assert.match(location, /^http:\/\/localhost:3000\/_oauth\/amazon\?close&code=AN[A-Za-z]+&scope=profile&state=state-123$/);
		});

		it('counts authorization requests', async () => {
			await getAuthorize(emulator);
			await getAuthorize(emulator, { client_id: 'nobody' });
			assert.equal(emulator.stats.authorizeRequests, 2);
		});
	});

	describe('errors shown on an Amazon-like page without a redirect', () => {
		it('refuses an unknown client id with a 400 page', async () => {
			const response = await getAuthorize(emulator, { client_id: 'amzn1.application-oa2-client.unknown' });
			assert.equal(response.status, 400);
			assert.equal(response.headers.get('location'), null);
			assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
			assert.match(await response.text(), /Unknown client_id/);
		});

		it('refuses a missing client id with a 400 page', async () => {
			const response = await getAuthorize(emulator, { client_id: undefined });
			assert.equal(response.status, 400);
			assert.equal(response.headers.get('location'), null);
		});

		it('refuses a redirect URI that is not an exact match with the real wording', async () => {
			for (const redirectUri of [`${REDIRECT_URI}/`, 'http://127.0.0.1:53682/lwa/callback?x=1', 'http://localhost:53682/lwa/callback', 'http://127.0.0.1:53683/lwa/callback']) {
				const response = await getAuthorize(emulator, { redirect_uri: redirectUri });
				assert.equal(response.status, 400, redirectUri);
				assert.equal(response.headers.get('location'), null);
				const html = await response.text();
				assert.ok(html.includes('The redirect URI you provided has not been whitelisted for your application.'), redirectUri);
			}
			assert.match(REDIRECT_NOT_WHITELISTED, /Allowed Return URLs/);
		});

		it('refuses a missing redirect URI with a 400 page', async () => {
			const response = await getAuthorize(emulator, { redirect_uri: undefined });
			assert.equal(response.status, 400);
			assert.equal(response.headers.get('location'), null);
		});
	});

	describe('errors redirected back with the state', () => {
		beforeEach(() => {
			emulator.autoApprove = true;
		});

		it('answers a response_type other than code with unsupported_response_type', async () => {
			const params = redirectParams(await getAuthorize(emulator, { response_type: 'token' }));
			assert.equal(params.get('error'), 'unsupported_response_type');
			assert.equal(params.get('state'), 'state-123');
			assert.equal(params.has('code'), false);
		});

		it('answers a missing response_type with invalid_request', async () => {
			const params = redirectParams(await getAuthorize(emulator, { response_type: undefined }));
			assert.equal(params.get('error'), 'invalid_request');
		});

		it('answers a missing, empty or unknown scope with invalid_scope', async () => {
			for (const scope of [undefined, '', '   ', 'profile bogus']) {
				const params = redirectParams(await getAuthorize(emulator, { scope }));
				assert.equal(params.get('error'), 'invalid_scope', String(scope));
				assert.equal(params.get('state'), 'state-123');
			}
			const unknown = redirectParams(await getAuthorize(emulator, { scope: 'bogus' }));
			assert.equal(unknown.get('error_description'), 'An unknown scope was requested');
		});

		it('accepts namespaced API scopes', async () => {
			const params = redirectParams(await getAuthorize(emulator, { scope: 'advertising::campaign_management portability::customer_profile alexa::ask:skills:read' }));
			assert.equal(params.get('error'), null);
			assert.equal(params.get('scope'), 'advertising::campaign_management portability::customer_profile alexa::ask:skills:read');
		});

		it('refuses an unknown code_challenge_method and a method without a challenge', async () => {
			const challenge = 'a'.repeat(43);
			assert.equal(redirectParams(await getAuthorize(emulator, { code_challenge: challenge, code_challenge_method: 'S512' })).get('error'), 'invalid_request');
			assert.equal(redirectParams(await getAuthorize(emulator, { code_challenge_method: 'S256' })).get('error'), 'invalid_request');
			assert.equal(redirectParams(await getAuthorize(emulator, { code_challenge: 'short', code_challenge_method: 'S256' })).get('error'), 'invalid_request');
		});

		it('refuses malformed scope_data and accepts well-formed scope_data', async () => {
			assert.equal(redirectParams(await getAuthorize(emulator, { scope_data: '{not json' })).get('error'), 'invalid_request');
			const good = redirectParams(await getAuthorize(emulator, { scope: 'profile postal_code', scope_data: '{"profile":{"essential":true},"postal_code":{"essential":false}}' }));
			assert.equal(good.get('error'), null);
			assert.ok(good.get('code'));
		});

		it('refuses a repeated parameter with invalid_request', async () => {
			const response = await fetch(`${emulator.endpoints.authorization}?client_id=${encodeURIComponent(CLIENT_ID)}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&response_type=code&scope=profile&state=a&state=b`, { redirect: 'manual' });
			assert.equal(redirectParams(response).get('error'), 'invalid_request');
		});
	});

	describe('consent page', () => {
		it('shows the app, the scopes, Allow and Deny buttons and an LWA emulator label under a strict CSP', async () => {
			const response = await getAuthorize(emulator, { scope: 'profile postal_code advertising::campaign_management' });
			assert.equal(response.status, 200);
			assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
			const csp = response.headers.get('content-security-policy') ?? '';
			assert.match(csp, /default-src 'none'/);
			assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
			assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:53682(;|$)/);
			assert.match(csp, /frame-ancestors 'none'/);
			assert.doesNotMatch(csp, /unsafe-inline|script-src/);
			const html = await response.text();
			assert.match(html, /<button[^>]*id="allow"/);
			assert.match(html, /<button[^>]*id="deny"/);
			assert.match(html, /LWA emulator/);
			assert.match(html, /LWA Credentials sandbox/);
			assert.match(html, /postal code/);
			assert.match(html, /advertising::campaign_management/);
			assert.doesNotMatch(html, /<script|src=|href=/, 'no scripts and no external resources');
			assert.doesNotMatch(html, /state-123/, 'the form carries a pending-request id, not the raw parameters');
		});

		it('escapes the app name', async () => {
			emulator.registerClient({ clientId: 'amzn1.application-oa2-client.xss', name: '<img src=x onerror=alert(1)>', redirectUris: [REDIRECT_URI] });
			const html = await (await getAuthorize(emulator, { client_id: 'amzn1.application-oa2-client.xss' })).text();
			assert.doesNotMatch(html, /<img/);
			assert.match(html, /&lt;img src=x/);
		});

		it('redirects with code, scope and state after Allow', async () => {
			const requestId = await consentRequestId(await getAuthorize(emulator, { scope: 'profile', state: 's1' }));
			const response = await postDecision(emulator, requestId, 'allow');
			assert.equal(response.status, 302);
			const params = redirectParams(response);
			assert.ok(params.get('code'));
			assert.equal(params.get('scope'), 'profile');
			assert.equal(params.get('state'), 's1');
		});

		it('redirects with access_denied and the state after Deny', async () => {
			const requestId = await consentRequestId(await getAuthorize(emulator, { state: 's2' }));
			const response = await postDecision(emulator, requestId, 'deny');
			assert.equal(response.status, 302);
			const params = redirectParams(response);
			assert.equal(params.get('error'), 'access_denied');
			assert.ok(params.get('error_description'));
			assert.equal(params.get('state'), 's2');
			assert.equal(params.has('code'), false);
		});

		it('accepts a decision only once', async () => {
			const requestId = await consentRequestId(await getAuthorize(emulator));
			assert.equal((await postDecision(emulator, requestId, 'allow')).status, 302);
			const second = await postDecision(emulator, requestId, 'allow');
			assert.equal(second.status, 400);
			assert.equal(second.headers.get('location'), null);
		});

		it('refuses an unknown pending-request id', async () => {
			const response = await postDecision(emulator, 'made-up', 'allow');
			assert.equal(response.status, 400);
			assert.equal(response.headers.get('location'), null);
		});

		it('refuses a decision after the pending request has expired', async () => {
			await emulator.close();
			let clock: ManualClock;
			({ emulator, clock } = await startEmulator());
			const requestId = await consentRequestId(await getAuthorize(emulator));
			clock.advanceSeconds(11 * 60);
			const response = await postDecision(emulator, requestId, 'allow');
			assert.equal(response.status, 400);
			assert.match(await response.text(), /expired/);
		});

		it('refuses a decision that is neither allow nor deny', async () => {
			const requestId = await consentRequestId(await getAuthorize(emulator));
			assert.equal((await postDecision(emulator, requestId, 'maybe')).status, 400);
			assert.equal((await postDecision(emulator, requestId, 'allow')).status, 302, 'the request is still pending');
		});
	});
});

describe('appendQuery', () => {
	it('adds a query to a bare URI and extends an existing one', () => {
		assert.equal(appendQuery('http://h/cb', [['code', 'a b'], ['state', undefined]]), 'http://h/cb?code=a%20b');
		assert.equal(appendQuery('http://h/cb?x=1', [['code', 'c']]), 'http://h/cb?x=1&code=c');
		assert.equal(appendQuery('http://h/cb?', [['code', 'c']]), 'http://h/cb?code=c');
		assert.equal(appendQuery('http://h/cb#frag', [['code', 'c']]), 'http://h/cb?code=c#frag');
	});
});
