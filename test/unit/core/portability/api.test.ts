// Data Portability requests as built, and answers read as hostile input: only a status and a field's
// name reach the error, never a presigned URL or server text.
import * as assert from 'node:assert/strict';
import type { LwaError } from '../../../../src/core/lwa/errors';
import { isLwaError } from '../../../../src/core/lwa/errors';
import type { HttpResponse } from '../../../../src/core/ports';
import {
	buildCreateDataQueryRequest, buildListRecordsRequest, DataPortabilityApi, intakeBaseUrl, parseCreateDataQueryResponse, parseRecordsPage,
} from '../../../../src/core/portability/api';
import { linkExpired } from '../../../../src/core/portability/presignedUrl';
import { parseProfiles } from '../../../../src/core/profiles';
import { ManualClock, RecordingLogger } from '../support/fakes';

const NOW = Date.UTC(2025, 0, 1);
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const SIGNED = 'https://bucket.s3.amazonaws.com/k?X-Amz-Date=20250101T000000Z&X-Amz-Expires=300&X-Amz-Signature=SECRETSIG';

function thrown(action: () => unknown): LwaError {
	try {
		action();
	} catch (error) {
		assert.ok(isLwaError(error), String(error));
		return error;
	}
	assert.fail('expected a throw');
}

describe('Data Portability API: requests', () => {
	it('builds createDataQuery and listDataQueryRecords with the bearer token and a clamped page size', () => {
		const create = buildCreateDataQueryRequest('https://intake.eu-west-1.portability.data.amazon', 'portability-customer-profile', 'Atza|t');
		const list = buildListRecordsRequest('https://h', 'portability-x', 'q-1', 'Atza|t', { maxResults: 5000, nextPageToken: 'a b&c' });
		assert.deepEqual([create.method, create.url, create.headers.authorization], ['POST', 'https://intake.eu-west-1.portability.data.amazon/portability-customer-profile/data-queries', 'Bearer Atza|t']);
		assert.equal(list.url, 'https://h/portability-x/data-queries/q-1/records?maxResults=250&nextPageToken=a+b%26c');
	});

	it('uses the profile\'s endpoints.dataPortability override for every request, else the intake host nearest its region', () => {
		const base = { clientId: 'amzn1.application-oa2-client.x', scopes: ['portability::customer_profile'], redirectUri: 'http://127.0.0.1:1/cb' };
		const { profiles } = parseProfiles([
			{ ...base, name: 'eu', region: 'EU' },
			{ ...base, name: 'local', region: 'EU', endpoints: { dataPortability: 'http://127.0.0.1:9/intake.eu-west-1.portability.data.amazon/' } },
		]);
		assert.deepEqual(profiles.map((profile) => intakeBaseUrl(profile)), ['https://intake.eu-west-1.portability.data.amazon', 'http://127.0.0.1:9/intake.eu-west-1.portability.data.amazon']);
	});
});

describe('Data Portability API: hostile answers', () => {
	it('reads the query id from a 200 or 201 and refuses ids that cannot name a folder', () => {
		assert.equal(parseCreateDataQueryResponse(json(201, { id: 'a1111111-b222-c333-d444-e55555555555' }), 's', NOW), 'a1111111-b222-c333-d444-e55555555555');
		assert.equal(parseCreateDataQueryResponse(json(200, { id: 'q1' }), 's', NOW), 'q1');
		const reasons = ['../x', 'a/b', 'a\\b', '%2F', 'a\u0000', 'x'.repeat(5000)].map((id) => thrown(() => parseCreateDataQueryResponse(json(201, { id }), 's', NOW)).reason);
		assert.deepEqual(new Set(reasons), new Set(['unsafe_id']));
		assert.equal(thrown(() => parseCreateDataQueryResponse(json(201, { id: 7 }), 's', NOW)).reason, 'bad_field');
		assert.equal(thrown(() => parseCreateDataQueryResponse({ status: 201, headers: { 'content-type': 'text/html' }, body: '<html>' }, 's', NOW)).reason, 'bad_field');
	});

	it('knows the conflict answer by its status or by its body, with no query id', () => {
		const conflict = { category: 'CONFLICT', type: 'REQUEST_CONFLICT', message: 'There is a conflicting request in progress' };
		assert.deepEqual([thrown(() => parseCreateDataQueryResponse(json(409, conflict), 'portability-x', NOW)), thrown(() => parseCreateDataQueryResponse(json(400, conflict), 'portability-x', NOW))].map((error) => [error.code, error.reason, error.facts.scopeId, error.facts.queryId]),
			[['data_portability', 'query_conflict', 'portability-x', undefined], ['data_portability', 'query_conflict', 'portability-x', undefined]]);
	});

	it('maps statuses to reasons, with Retry-After kept for 429', () => {
		const reasons = [401, 403, 404, 418, 500, 503].map((status) => thrown(() => parseRecordsPage(json(status, { message: 'Atza|leak' }), 's', NOW)).reason);
		assert.deepEqual(reasons, ['token_refused', 'forbidden', 'not_found', 'unexpected_status', 'service_error', 'service_error']);
		assert.equal(thrown(() => parseRecordsPage(json(429, {}, { 'retry-after': '7' }), 's', NOW)).retryAfterSeconds, 7);
	});

	it('reads records with their two links and an id, pages by nextPageToken, and accepts an empty page', () => {
		const page = parseRecordsPage(json(200, { records: [{ id: 'r1', schema: SIGNED, file: SIGNED }, { id: '../bad', schemaUrl: 'http://127.0.0.1:9/s', dataUrl: 'http://127.0.0.1:9/d' }], nextPageToken: 'tok' }), 's', NOW);
		assert.deepEqual(page.records.map((record) => record.id), ['r1', undefined], 'an unsafe record id is ignored, never used');
		assert.equal(page.nextPageToken, 'tok');
		assert.deepEqual(parseRecordsPage(json(200, { records: [] }), 's', NOW), { records: [] });
		assert.deepEqual(parseRecordsPage(json(200, {}), 's', NOW), { records: [] });
	});

	it('refuses hostile record pages whole, naming only the field: plain http, file:, javascript:, credentials, huge links, wrong types, bad page tokens', () => {
		const pages: unknown[] = [
			{ records: [{ schema: 'http://example.com/s', file: SIGNED }] },
			{ records: [{ schema: SIGNED, file: 'file:///etc/passwd' }] },
			{ records: [{ schema: SIGNED, file: 'javascript:alert(1)' }] },
			{ records: [{ schema: 'https://u:p@example.com/s', file: SIGNED }] },
			{ records: [{ schema: `https://e.com/${'a'.repeat(9000)}`, file: SIGNED }] },
			{ records: [{ schema: SIGNED }] },
			{ records: [{ schema: 5, file: SIGNED }] },
			{ records: ['x'] },
			{ records: {} },
			{ records: new Array(1001).fill({ schema: SIGNED, file: SIGNED }) },
			{ records: [], nextPageToken: 5 },
			{ records: [], nextPageToken: 'a\nb' },
			{ records: [], nextPageToken: 'x'.repeat(5000) },
			[],
			'not json {',
		];
		const errors = pages.map((body) => thrown(() => parseRecordsPage(json(200, body), 's', NOW)));
		assert.deepEqual(new Set(errors.map((error) => `${error.code}/${error.reason}`)), new Set(['data_portability/bad_field']));
		assert.ok(errors.every((error) => !JSON.stringify({ ...error, message: error.message }).includes('SECRETSIG') && !error.message.includes('etc/passwd')), 'no link reaches an error');
	});

	it('tells from a presigned URL when it expires, and says nothing for a URL without a usable date', () => {
		assert.deepEqual([linkExpired(SIGNED, NOW + 200_000), linkExpired(SIGNED, NOW + 296_000), linkExpired('https://e.com/x', NOW), linkExpired('https://e.com/x?X-Amz-Date=garbage&X-Amz-Expires=1', NOW)],
			[false, true, false, false]);
	});
});

describe('Data Portability API: retries', () => {
	function api(responses: (HttpResponse | Error)[], delays: number[], clock = new ManualClock(NOW)) {
		let calls = 0;
		return {
			calls: () => calls,
			client: new DataPortabilityApi({
				http: { send: async () => {
					const next = responses[Math.min(calls++, responses.length - 1)];
					if (next instanceof Error) {
						throw next;
					}
					return next;
				} },
				clock, logger: new RecordingLogger(), sleep: async (ms) => { delays.push(ms); clock.advance(ms); }, baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 4,
			}),
		};
	}
	const target = { baseUrl: 'https://h', accessToken: async () => 'Atza|t' };

	it('answers 429 by waiting as Retry-After says (or with backoff), then succeeds', async () => {
		const delays: number[] = [];
		const { client, calls } = api([json(429, {}, { 'retry-after': '5' }), json(429, {}), json(201, { id: 'q1' })], delays);
		assert.equal(await client.createDataQuery(target, 'portability-x'), 'q1');
		assert.deepEqual({ delays, calls: calls() }, { delays: [5000, 2000], calls: 3 });
	});

	it('gives up after the attempts with throttled, and never retries createDataQuery after a 5xx (it may have started a query)', async () => {
		const delays: number[] = [];
		const throttled = api([json(429, {}, { 'retry-after': '1' })], delays);
		await assert.rejects(throttled.client.listRecords(target, 'portability-x', 'q', { maxResults: 10 }), (error: unknown) => isLwaError(error, 'data_portability') && error.reason === 'throttled');
		assert.equal(throttled.calls(), 4);
		const server = api([json(500, {}), json(201, { id: 'q' })], []);
		await assert.rejects(server.client.createDataQuery(target, 'portability-x'), (error: unknown) => isLwaError(error) && error.reason === 'service_error');
		assert.equal(server.calls(), 1);
	});
});
