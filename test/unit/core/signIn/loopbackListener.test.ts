import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { LwaError } from '../../../../src/core/lwa/errors';
import { ENGLISH_LOOPBACK_TEXTS, LoopbackServers } from '../../../../src/core/signIn/loopbackListener';
import type { LoopbackTexts } from '../../../../src/core/signIn/loopbackListener';
import { LOOPBACK_PAGE_CSP } from '../../../../src/core/signIn/loopbackPages';
import { PendingSignIns } from '../../../../src/core/signIn/pendingSignIns';
import { rejection } from '../support/assertions';
import { RecordingLogger } from '../support/fakes';
import { freePort, getWithHost, rawRequest, startWaitingSignIn } from './support';

const PATH = '/lwa/callback';

describe('LoopbackServers', () => {
	let servers: LoopbackServers;
	let pending: PendingSignIns;
	let logger: RecordingLogger;

	beforeEach(() => {
		pending = new PendingSignIns();
		logger = new RecordingLogger();
		servers = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS);
	});

	afterEach(() => {
		servers.dispose();
	});

	it('delivers the redirect on the waiting path to its sign-in and answers with the success page', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const lease = await servers.listen({ hostname: '127.0.0.1', port: 0, path: PATH });

		const response = await getWithHost(lease.port, `${PATH}?code=c1&state=${signIn.state}`, `127.0.0.1:${lease.port}`);

		assert.equal(response.status, 200);
		assert.match(response.body, /Signed in with Amazon/);
		assert.equal(response.headers['content-security-policy'], LOOPBACK_PAGE_CSP);
		assert.equal(response.headers['cache-control'], 'no-store');
		assert.deepEqual(await signIn.received, { params: { code: 'c1', state: signIn.state }, bareCode: false, source: 'loopback' });
		lease.dispose();
	});

	it('answers 404 on another path, 405 to a POST, 400 to a state of no waiting sign-in, and keeps the sign-in waiting', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const lease = await servers.listen({ hostname: '127.0.0.1', port: 0, path: PATH });
		const host = `127.0.0.1:${lease.port}`;

		const otherPath = await getWithHost(lease.port, `/favicon.ico?code=c&state=${signIn.state}`, host);
		const post = await rawRequest(lease.port, `POST ${PATH}?code=c&state=${signIn.state} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close`);
		const forged = await getWithHost(lease.port, `${PATH}?code=c&state=forged`, host);

		assert.deepEqual([otherPath.status, post.status, forged.status], [404, 405, 400]);
		assert.equal(post.headers.allow, 'GET');
		assert.match(forged.body, /does not belong to a sign-in that is waiting/);
		assert.equal(signIn.settled, false);
		assert.equal(pending.size, 1);
		lease.dispose();
	});

	it('answers a redirect that carries an error with the failure page and still hands it to the sign-in', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const lease = await servers.listen({ hostname: '127.0.0.1', port: 0, path: PATH });

		const response = await getWithHost(lease.port, `${PATH}?error=access_denied&state=${signIn.state}`, `127.0.0.1:${lease.port}`);

		assert.equal(response.status, 200);
		assert.match(response.body, /Sign-in not completed/);
		assert.equal((await signIn.received).params.error, 'access_denied');
		lease.dispose();
	});

	it('writes the injected texts and language into its pages, escaped', async () => {
		const texts: LoopbackTexts = { ...ENGLISH_LOOPBACK_TEXTS, language: 'de', nothingWaiting: 'Hier wartet <nichts>.' };
		const localized = new LoopbackServers(pending, logger, texts);
		startWaitingSignIn(pending, { loopbackPath: PATH });
		const lease = await localized.listen({ hostname: '127.0.0.1', port: 0, path: PATH });

		const response = await getWithHost(lease.port, '/elsewhere', `127.0.0.1:${lease.port}`);

		assert.equal(response.status, 404);
		assert.match(response.body, /<html lang="de">/);
		assert.match(response.body, /Hier wartet &#60;nichts&#62;\./);
		localized.dispose();
	});

	it('shares one server between sign-ins on the same port and closes it when the last stops waiting', async () => {
		const port = await freePort();
		const first = await servers.listen({ hostname: '127.0.0.1', port, path: '/a' });
		const second = await servers.listen({ hostname: '127.0.0.1', port, path: '/b' });
		assert.equal(servers.listening, 1);

		first.dispose();
		assert.equal(servers.listening, 1);
		second.dispose();

		assert.equal(servers.listening, 0);
		await assertRefusesConnections(port, '127.0.0.1');
	});

	it('refuses to listen on a port another program holds with port_in_use naming the port and address', async () => {
		const squatter = net.createServer();
		await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port: 0 }, resolve));
		const port = (squatter.address() as net.AddressInfo).port;
		try {
			const error = await rejection(servers.listen({ hostname: '127.0.0.1', port, path: PATH }));

			assert.ok(error instanceof LwaError);
			assert.equal(error.code, 'port_in_use');
			assert.match(error.message, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
			assert.equal(servers.listening, 0);
		} finally {
			await new Promise((resolve) => squatter.close(resolve));
		}
	});
});

/** Resolves when a connection to address:port is refused (nothing listens there). */
export function assertRefusesConnections(port: number, address: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: address, port });
		socket.on('connect', () => {
			socket.destroy();
			reject(new Error(`${address}:${port} still accepts connections`));
		});
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNREFUSED') {
				resolve();
			} else {
				reject(error);
			}
		});
	});
}
