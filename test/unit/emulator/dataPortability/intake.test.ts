// The emulator's Data Portability intake hosts and files, over real HTTP: records after a delay by
// the emulator's clock, paging, the conflict answer, 429 past a rate, presigned links that expire.
import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { INTAKE_HOSTS } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../support';
import { signIn, startEmulator } from '../support';

const SCOPE = 'portability-customer-profile';

describe('emulator: Data Portability intake', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;
	let token: string;
	let base: string;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true, dataPortability: { recordsPerQuery: 3, recordDelayMs: 60_000, dataFileBytes: 100_000 } }));
		token = (await signIn(emulator, 'profile portability::customer_profile')).access_token;
		base = emulator.dataPortability.endpoints[INTAKE_HOSTS[0]];
	});
	afterEach(() => emulator.close());

	const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });
	const create = (scope = SCOPE): Promise<Response> => fetch(`${base}/${scope}/data-queries`, { method: 'POST', headers: auth() });
	const list = (queryId: string, query = 'maxResults=2'): Promise<Response> => fetch(`${base}/${SCOPE}/data-queries/${queryId}/records?${query}`, { headers: auth() });

	it('creates a query (201 with an id) and answers a second one for the same scope with the conflict body and no id', async () => {
		const first = await create();
		const second = await create();
		assert.deepEqual({ first: first.status, idShape: /^[0-9a-f-]{36}$/.test(((await first.json()) as { id: string }).id), second: second.status, body: await second.json() },
			{ first: 201, idShape: true, second: 409, body: { category: 'CONFLICT', type: 'REQUEST_CONFLICT', message: 'There is a conflicting request in progress' } });
	});

	it('lists no records before the delay has passed on its clock, then pages them with nextPageToken', async () => {
		const { id } = await (await create()).json() as { id: string };
		assert.deepEqual(await (await list(id)).json(), { records: [] });
		clock.advanceSeconds(60);
		const first = await (await list(id)).json() as { records: { id: string; schema: string; file: string }[]; nextPageToken: string };
		const second = await (await list(id, `maxResults=2&nextPageToken=${first.nextPageToken}`)).json() as { records: unknown[]; nextPageToken?: string };
		assert.deepEqual({ first: first.records.length, second: second.records.length, last: second.nextPageToken, links: /X-Amz-Signature=/.test(first.records[0].file) }, { first: 2, second: 1, last: undefined, links: true });
	});

	it('refuses a token without the scope (403), no token (401) and a maxResults out of range (400)', async () => {
		const other = (await signIn(emulator, 'profile')).access_token;
		const statuses = [
			(await fetch(`${base}/${SCOPE}/data-queries`, { method: 'POST', headers: { authorization: `Bearer ${other}` } })).status,
			(await fetch(`${base}/${SCOPE}/data-queries`, { method: 'POST' })).status,
		];
		const { id } = await (await create()).json() as { id: string };
		statuses.push((await list(id, 'maxResults=251')).status);
		assert.deepEqual(statuses, [403, 401, 400]);
	});

	it('answers 429 with Retry-After past its rate, by its clock', async () => {
		emulator.dataPortability.options.rateLimit = { requests: 2, windowMs: 1000, retryAfterSeconds: 3 };
		const statuses = [(await create('portability-physical-orders')).status, (await create()).status];
		const throttled = await create();
		clock.advanceSeconds(2);
		assert.deepEqual({ statuses, throttled: throttled.status, retryAfter: throttled.headers.get('retry-after'), later: (await create('portability-physical-orders')).status === 429 },
			{ statuses: [403, 201], throttled: 429, retryAfter: '3', later: false });
	});

	it('serves the files of a presigned link whole, as its digest says, and answers 403 once the link expires by the clock or is expired by the test', async () => {
		const { id } = await (await create()).json() as { id: string };
		clock.advanceSeconds(60);
		const { records } = await (await list(id)).json() as { records: { schema: string; file: string }[] };
		const data = Buffer.from(await (await fetch(records[0].file)).arrayBuffer());
		const { createHash } = await import('node:crypto');
		assert.equal(createHash('sha256').update(data).digest('hex'), emulator.dataPortability.fileSha256({ queryId: id, record: 1, kind: 'data' }));
		assert.equal(data.length, 100_000);
		emulator.dataPortability.expireIssuedLinks();
		const expired = await fetch(records[0].schema);
		assert.deepEqual([expired.status, /Request has expired/.test(await expired.text())], [403, true]);
		const fresh = await (await list(id)).json() as { records: { schema: string }[] };
		clock.advanceSeconds(301);
		assert.equal((await fetch(fresh.records[0].schema)).status, 403, 'expired by the clock after X-Amz-Expires');
		const tampered = fresh.records[0].schema.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00');
		assert.equal((await fetch(tampered)).status, 403);
	});
});
