import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { HttpResponse } from '../../../../src/core/ports';
import type { RestrictedDataTokenRequestInput } from '../../../../src/core/sellingPartner/restrictedDataToken';
import { buildRestrictedDataTokenRequest, parseRestrictedDataTokenResponse, restrictedDataTokenUrl } from '../../../../src/core/sellingPartner/restrictedDataToken';
import { ManualClock } from '../support/fakes';

const input: RestrictedDataTokenRequestInput = {
	apiBase: 'https://sellingpartnerapi-na.amazon.com',
	accessToken: 'Atza|access-token',
	userAgent: 'lwa-credentials/0.1.0 (Language=TypeScript)',
	resources: [
		{ method: 'GET', path: '/orders/v0/orders/902-3159896-1390916', dataElements: ['buyerInfo', 'shippingAddress'] },
		{ method: 'GET', path: '/mfn/v0/shipments/{shipmentId}' },
	],
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

describe('buildRestrictedDataTokenRequest', () => {
	it('POSTs the restricted resources as JSON to /tokens/2021-03-01/restrictedDataToken with x-amz-access-token and a user-agent', () => {
		const result = buildRestrictedDataTokenRequest(input);
		assert.ok(result.ok);
		assert.equal(result.request.method, 'POST');
		assert.equal(result.request.url, 'https://sellingpartnerapi-na.amazon.com/tokens/2021-03-01/restrictedDataToken');
		assert.deepEqual(result.request.headers, {
			'content-type': 'application/json',
			accept: 'application/json',
			'x-amz-access-token': 'Atza|access-token',
			'user-agent': 'lwa-credentials/0.1.0 (Language=TypeScript)',
		});
		assert.deepEqual(JSON.parse(result.request.body ?? ''), {
			restrictedResources: [
				{ method: 'GET', path: '/orders/v0/orders/902-3159896-1390916', dataElements: ['buyerInfo', 'shippingAddress'] },
				{ method: 'GET', path: '/mfn/v0/shipments/{shipmentId}' },
			],
		});
	});

	it('hands the caller log paths with templates, never the order id', () => {
		const result = buildRestrictedDataTokenRequest(input);
		assert.ok(result.ok);
		assert.deepEqual(result.logPaths, ['GET /orders/v0/orders/{orderId}', 'GET /mfn/v0/shipments/{shipmentId}']);
	});

	it('adds targetApplication only for delegation, and only an app ID', () => {
		const result = buildRestrictedDataTokenRequest({ ...input, targetApplication: 'amzn1.sellerapps.app.target' });
		assert.ok(result.ok);
		assert.equal(JSON.parse(result.request.body ?? '').targetApplication, 'amzn1.sellerapps.app.target');
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, targetApplication: 'amzn1.application-oa2-client.x' }), { ok: false, reason: 'target_application_shape' });
	});

	it('refuses no resources and more than 50', () => {
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: [] }), { ok: false, reason: 'no_resources' });
		const many = Array.from({ length: 51 }, () => ({ method: 'GET' as const, path: '/orders/v0/orders' }));
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: many }), { ok: false, reason: 'too_many_resources' });
		assert.ok(buildRestrictedDataTokenRequest({ ...input, resources: many.slice(0, 50) }).ok);
	});

	it('names the resource whose path fails and why', () => {
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: [input.resources[0], { method: 'GET', path: '/orders/v0/orders/' }] }), { ok: false, reason: 'path', index: 1, pathReason: 'trailing_slash' });
	});

	it('refuses dataElements outside getOrders, getOrder and getOrderItems, unknown ones and repeats', () => {
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: [{ method: 'GET', path: '/orders/v0/orders/1/address', dataElements: ['buyerInfo'] }] }), { ok: false, reason: 'data_elements_not_allowed', index: 0 });
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['email' as 'buyerInfo'] }] }), { ok: false, reason: 'unknown_data_element', index: 0 });
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, resources: [{ method: 'GET', path: '/orders/v0/orders/1/orderItems', dataElements: ['buyerInfo', 'buyerInfo'] }] }), { ok: false, reason: 'repeated_data_element', index: 0 });
		assert.ok(buildRestrictedDataTokenRequest({ ...input, resources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerTaxInformation'] }] }).ok);
	});

	it('refuses an API base that is http to a real host, has user info, a query or a fragment', () => {
		for (const apiBase of ['http://sellingpartnerapi-na.amazon.com', 'https://u@sellingpartnerapi-na.amazon.com', 'https://sellingpartnerapi-na.amazon.com?x', 'https://sellingpartnerapi-na.amazon.com#x', 'ftp://x']) {
			assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, apiBase }), { ok: false, reason: 'api_base' }, apiBase);
		}
		assert.equal(restrictedDataTokenUrl('http://127.0.0.1:9/spapi/'), 'http://127.0.0.1:9/spapi/tokens/2021-03-01/restrictedDataToken');
	});

	it('refuses an access token or user-agent that could split a header, and a user-agent over 500 characters', () => {
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, accessToken: 'Atza|x\r\nx-evil: 1' }), { ok: false, reason: 'access_token' });
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, accessToken: '' }), { ok: false, reason: 'access_token' });
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, userAgent: 'a\nb' }), { ok: false, reason: 'user_agent' });
		assert.deepEqual(buildRestrictedDataTokenRequest({ ...input, userAgent: 'a'.repeat(501) }), { ok: false, reason: 'user_agent' });
	});
});

describe('parseRestrictedDataTokenResponse', () => {
	const clock = new ManualClock(Date.UTC(2026, 0, 1));
	const at = clock.now();

	it('reads restrictedDataToken and expiresIn at the top level and fixes the expiry at receipt', () => {
		assert.deepEqual(parseRestrictedDataTokenResponse(json(200, { restrictedDataToken: 'Atz.sprdt|abc', expiresIn: 3600 }), at, clock), {
			ok: true, token: { token: 'Atz.sprdt|abc', expiresAt: at + 3_600_000, obtainedAt: at },
		});
	});

	it('refuses the guide\'s payload wrapper, a missing or odd token, and an odd expiresIn', () => {
		const bodies: unknown[] = [
			{ payload: { restrictedDataToken: 'Atz.sprdt|abc', expiresIn: 3600 } },
			{ expiresIn: 3600 },
			{ restrictedDataToken: '', expiresIn: 3600 },
			{ restrictedDataToken: 'a b', expiresIn: 3600 },
			{ restrictedDataToken: 'x', expiresIn: '3600' },
			{ restrictedDataToken: 'x', expiresIn: 0 },
			{ restrictedDataToken: 'x', expiresIn: 1.5 },
			{ restrictedDataToken: 'x', expiresIn: 90_000 },
			'[1]',
			'{"restrictedDataToken":"x","expiresIn":3600',
		];
		for (const body of bodies) {
			const result = parseRestrictedDataTokenResponse(json(200, body), at, clock);
			assert.deepEqual(result, { ok: false, failure: { reason: 'malformed_response', status: 200 } }, JSON.stringify(body));
		}
	});

	it('refuses a 200 that is not JSON (a captive portal) and a 201', () => {
		assert.deepEqual(parseRestrictedDataTokenResponse({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' }, at, clock), { ok: false, failure: { reason: 'malformed_response', status: 200 } });
		assert.deepEqual(parseRestrictedDataTokenResponse(json(201, { restrictedDataToken: 'x', expiresIn: 3600 }), at, clock), { ok: false, failure: { reason: 'malformed_response', status: 201 } });
	});

	it('maps 403 to access_denied and 400 to invalid_input, keeping the SP-API error code and request id but no message', () => {
		const denied = parseRestrictedDataTokenResponse(json(403, { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] }, { 'x-amzn-requestid': 'req-1' }), at, clock);
		assert.deepEqual(denied, { ok: false, failure: { reason: 'access_denied', status: 403, apiErrorCode: 'Unauthorized', requestId: 'req-1' } });
		const invalid = parseRestrictedDataTokenResponse(json(400, { errors: [{ code: 'InvalidInput', message: 'Application do not have access', details: '' }] }), at, clock);
		assert.deepEqual(invalid, { ok: false, failure: { reason: 'invalid_input', status: 400, apiErrorCode: 'InvalidInput' } });
		assert.ok(!JSON.stringify(invalid).includes('Application do not'));
	});

	it('drops an SP-API error code or request id that is not a plain word', () => {
		const result = parseRestrictedDataTokenResponse(json(403, { errors: [{ code: 'Bad code\n<script>' }] }, { 'x-amzn-requestid': 'a b' }), at, clock);
		assert.deepEqual(result, { ok: false, failure: { reason: 'access_denied', status: 403 } });
	});

	it('maps 429 with Retry-After, 5xx, 401, and a 4xx without an SP-API error body', () => {
		assert.deepEqual(parseRestrictedDataTokenResponse(json(429, { errors: [] }, { 'retry-after': '2' }), at, clock), { ok: false, failure: { reason: 'rate_limited', status: 429, retryAfterSeconds: 2 } });
		assert.deepEqual(parseRestrictedDataTokenResponse(json(503, 'oops'), at, clock), { ok: false, failure: { reason: 'server_error', status: 503 } });
		assert.deepEqual(parseRestrictedDataTokenResponse(json(401, { errors: [{ code: 'Unauthorized' }] }), at, clock), { ok: false, failure: { reason: 'unauthorized', status: 401, apiErrorCode: 'Unauthorized' } });
		assert.deepEqual(parseRestrictedDataTokenResponse({ status: 403, headers: { 'content-type': 'text/html' }, body: '<h1>Forbidden</h1>' }, at, clock), { ok: false, failure: { reason: 'malformed_response', status: 403 } });
	});

	it('never throws and never echoes the body, whatever the server sends (property)', () => {
		fc.assert(fc.property(fc.integer({ min: 100, max: 599 }), fc.string({ maxLength: 60 }), (status, body) => {
			const result = parseRestrictedDataTokenResponse(json(status, `{"m":${JSON.stringify(`SECRET${body}`)}}`), at, clock);
			assert.ok(!JSON.stringify(result).includes('SECRET'));
		}));
	});
});
