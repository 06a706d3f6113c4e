import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import type { TokenBody } from '../support';
import { CLIENT_ID, CLIENT_SECRET, exchangeCode, obtainCode, postToken, signIn, startEmulator } from '../support';

function clientCredentials(emulator: LwaEmulator, init: { signal?: AbortSignal } = {}): Promise<Response> {
	const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'a::b', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
	return fetch(emulator.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: body.toString(),
		signal: init.signal,
	});
}

describe('LWA emulator fault switches', () => {
	let emulator: LwaEmulator;

	beforeEach(async () => {
		({ emulator } = await startEmulator({ autoApprove: true }));
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('delays the whole response with slow', async () => {
		emulator.setFault({ kind: 'slow', delayMs: 300 });
		const started = Date.now();
		const response = await clientCredentials(emulator);
		assert.ok(Date.now() - started >= 250, 'the headers came late');
		assert.equal(response.status, 200, 'the real answer follows the delay');
		await assert.rejects(clientCredentials(emulator, { signal: AbortSignal.timeout(50) }), /abort|timeout/i);
	});

	it('sends headers at once and stalls the body with slowBody', async () => {
		emulator.setFault({ kind: 'slowBody', delayMs: 1000 });
		const started = Date.now();
		const response = await clientCredentials(emulator);
		const headersAfter = Date.now() - started;
		assert.ok(headersAfter < 700, `headers came before the stall (after ${headersAfter} ms)`);
		assert.equal(response.status, 200);
		const body = await response.json() as TokenBody;
		assert.ok(Date.now() - started >= 950, 'the body came after the stall');
		assert.match(body.access_token, /^Atza\|/);
	});

	it('answers 500 with status500 and 503 with status503', async () => {
		emulator.setFault({ kind: 'status500' });
		assert.equal((await clientCredentials(emulator)).status, 500);
		emulator.setFault({ kind: 'status503' });
		assert.equal((await clientCredentials(emulator)).status, 503);
	});

	it('answers 429 with Retry-After for rateLimit', async () => {
		emulator.setFault({ kind: 'rateLimit', retryAfterSeconds: 7 });
		const response = await clientCredentials(emulator);
		assert.equal(response.status, 429);
		assert.equal(response.headers.get('retry-after'), '7');
	});

	it('answers a web page with html, status 200 by default or the one given', async () => {
		emulator.setFault({ kind: 'html' });
		const ok = await clientCredentials(emulator);
		assert.equal(ok.status, 200);
		assert.match(ok.headers.get('content-type') ?? '', /^text\/html/);
		assert.match(await ok.text(), /^<!DOCTYPE html>/);
		emulator.setFault({ kind: 'html', status: 502 });
		const bad = await clientCredentials(emulator);
		assert.equal(bad.status, 502);
		assert.match(bad.headers.get('content-type') ?? '', /^text\/html/);
	});

	it('answers a cut-off JSON body with truncatedJson', async () => {
		emulator.setFault({ kind: 'truncatedJson' });
		const response = await clientCredentials(emulator);
		assert.equal(response.status, 200);
		assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
		const text = await response.text();
		assert.match(text, /^\{"access_token":/);
		assert.throws(() => JSON.parse(text), SyntaxError);
	});

	it('resets the connection in the middle of the body with resetMidBody', async () => {
		emulator.setFault({ kind: 'resetMidBody' });
		await assert.rejects(async () => {
			const response = await clientCredentials(emulator);
			await response.text();
		}, TypeError, 'the client sees a network error');
	});

	it('streams a valid JSON body of the given size with oversized', async () => {
		emulator.setFault({ kind: 'oversized', bytes: 3 * 1024 * 1024 });
		const response = await clientCredentials(emulator);
		assert.equal(response.status, 200);
		assert.equal(response.headers.get('content-length'), null, 'no length announced: the client must count');
		const text = await response.text();
		assert.equal(Buffer.byteLength(text), 3 * 1024 * 1024);
		assert.match((JSON.parse(text) as TokenBody).access_token, /^Atza\|/);
	});

	it('applies a fault with times to that many requests and then clears itself', async () => {
		emulator.setFault({ kind: 'status503' }, { times: 2 });
		assert.equal((await clientCredentials(emulator)).status, 503);
		assert.equal((await clientCredentials(emulator)).status, 503);
		assert.equal((await clientCredentials(emulator)).status, 200);
		assert.equal((await clientCredentials(emulator)).status, 200);
	});

	it('applies a fault only to the given paths', async () => {
		const { access_token } = await signIn(emulator);
		emulator.setFault({ kind: 'status500' }, { paths: ['/user/profile'] });
		assert.equal((await clientCredentials(emulator)).status, 200);
		const profile = await fetch(emulator.endpoints.profile, { headers: { authorization: `Bearer ${access_token}` } });
		assert.equal(profile.status, 500);
	});

	it('can fault the authorization endpoint', async () => {
		emulator.setFault({ kind: 'status503' }, { paths: ['/ap/oa'], times: 1 });
		const failed = await fetch(`${emulator.endpoints.authorization}?client_id=x`, { redirect: 'manual' });
		assert.equal(failed.status, 503);
		assert.ok(await obtainCode(emulator));
	});

	it('stops faulting when the fault is cleared', async () => {
		emulator.setFault({ kind: 'status500' });
		assert.equal((await clientCredentials(emulator)).status, 500);
		emulator.setFault(undefined);
		assert.equal((await clientCredentials(emulator)).status, 200);
	});

	it('does not consume the code when a fault answers instead', async () => {
		const code = await obtainCode(emulator);
		emulator.setFault({ kind: 'status500' }, { times: 1 });
		assert.equal((await exchangeCode(emulator, code)).status, 500);
		assert.equal((await exchangeCode(emulator, code)).status, 200);
	});

	it('counts faulted token requests in the stats', async () => {
		emulator.setFault({ kind: 'rateLimit', retryAfterSeconds: 1 }, { times: 1 });
		await clientCredentials(emulator);
		await clientCredentials(emulator);
		const stats = emulator.stats;
		assert.equal(stats.tokenRequests, 2);
		assert.deepEqual(stats.byGrant, { client_credentials: 2 });
		assert.deepEqual(stats.byOutcome, { 'fault:rateLimit': 1, success: 1 });
	});

	it('gives revoked refresh tokens invalid_grant', async () => {
		const first = await signIn(emulator);
		emulator.revokeRefreshTokens();
		const response = await postToken(emulator, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		assert.equal(response.status, 400);
		assert.equal((await response.json() as { error: string }).error, 'invalid_grant');
	});

	it('closes promptly while a response is stalled', async () => {
		await emulator.close();
		let slowFaultTaken!: () => void;
		const stalled = new Promise<void>((resolve) => { slowFaultTaken = resolve; });
		// The debug log says when the server has taken a request's fault, just before it stalls.
		const log = (line: string): void => {
			if (/-> fault slow$/.test(line)) {
				slowFaultTaken();
			}
		};
		({ emulator } = await startEmulator({ autoApprove: true, log }));
		emulator.setFault({ kind: 'slowBody', delayMs: 60_000 });
		const response = await clientCredentials(emulator);
		// Settle both outcomes right away so a rejection is never unhandled while close() runs.
		const reading = response.text().then(() => 'completed', (error: unknown) => error);
		emulator.setFault({ kind: 'slow', delayMs: 60_000 });
		const waiting = clientCredentials(emulator).then(() => 'completed', (error: unknown) => error);
		await stalled;
		const started = Date.now();
		await emulator.close();
		assert.ok(Date.now() - started < 1000, 'close() did not wait for the stalled responses');
		assert.ok(await reading instanceof TypeError, 'the stalled body ends in a network error');
		assert.ok(await waiting instanceof TypeError, 'the delayed request ends in a network error');
	});
});
