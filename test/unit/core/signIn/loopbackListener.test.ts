import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { LwaError } from '../../../../src/core/lwa/errors';
import { ENGLISH_LOOPBACK_TEXTS, LoopbackServers } from '../../../../src/core/signIn/loopbackListener';
import type { LoopbackTexts } from '../../../../src/core/signIn/loopbackListener';
import { LOOPBACK_PAGE_CSP } from '../../../../src/core/signIn/loopbackPages';
import { PendingSignIns } from '../../../../src/core/signIn/pendingSignIns';
import { rejection } from '../support/assertions';
import { RecordingLogger } from '../support/fakes';
import type { WaitingSignIn } from './support';
import { freePort, getWithHost, rawRequest, startWaitingSignIn } from './support';

const PATH = '/lwa/callback';

/** The number of ports the servers built with `{ onListeningChanged: countListening }` reported last. */
let listening = 0;
const countListening = (ports: number): void => {
	listening = ports;
};

describe('LoopbackServers', () => {
	let servers: LoopbackServers;
	let pending: PendingSignIns;
	let logger: RecordingLogger;

	beforeEach(() => {
		pending = new PendingSignIns();
		logger = new RecordingLogger();
		listening = 0;
		servers = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS, { onListeningChanged: countListening });
	});

	afterEach(() => {
		servers.dispose();
	});

	it('delivers the redirect on the waiting path to its sign-in and answers with the success page', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const lease = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });

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
		const lease = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });
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
		const lease = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });

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
		const lease = await localized.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });

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
		assert.equal(listening, 1);

		first.dispose();
		assert.equal(listening, 1);
		second.dispose();

		assert.equal(listening, 0);
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
			assert.deepEqual([error.reason, error.facts.port, error.facts.address], ['address_in_use', port, '127.0.0.1']);
			assert.equal(listening, 0);
		} finally {
			await new Promise((resolve) => squatter.close(resolve));
		}
	});
});

describe('LoopbackServers for a localhost redirect URI', () => {
	let servers: LoopbackServers;
	let pending: PendingSignIns;
	let logger: RecordingLogger;

	beforeEach(() => {
		pending = new PendingSignIns();
		logger = new RecordingLogger();
		listening = 0;
		servers = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS, { onListeningChanged: countListening });
	});

	afterEach(() => {
		servers.dispose();
	});

	it('refuses the sign-in with port_in_use naming [::1] when another program holds the port on [::1], and leaves nothing listening', async () => {
		const squatter = net.createServer();
		await new Promise<void>((resolve) => squatter.listen({ host: '::1', port: 0 }, resolve));
		const port = (squatter.address() as net.AddressInfo).port;
		try {
			const error = await rejection(servers.listen({ hostname: 'localhost', port, path: PATH }));

			assert.equal(error.code, 'port_in_use');
			assert.deepEqual([error.reason, error.facts.port, error.facts.address], ['address_in_use', port, '[::1]']);
			assert.equal(listening, 0);
			await assertRefusesConnections(port, '127.0.0.1');
		} finally {
			await new Promise((resolve) => squatter.close(resolve));
		}
	});

	it('refuses the sign-in with port_in_use naming 127.0.0.1 when another program holds the port there', async () => {
		const squatter = net.createServer();
		await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port: 0 }, resolve));
		const port = (squatter.address() as net.AddressInfo).port;
		try {
			const error = await rejection(servers.listen({ hostname: 'localhost', port, path: PATH }));

			assert.equal(error.code, 'port_in_use');
			assert.deepEqual([error.reason, error.facts.port, error.facts.address], ['address_in_use', port, '127.0.0.1']);
			assert.equal(listening, 0);
			await assertRefusesConnections(port, '::1');
		} finally {
			await new Promise((resolve) => squatter.close(resolve));
		}
	});

	it('receives the redirect on both 127.0.0.1 and [::1], whichever the browser tries', async () => {
		const port = await freePort();
		const overIpv4 = startWaitingSignIn(pending, { loopbackPath: PATH });
		const overIpv6 = startWaitingSignIn(pending, { loopbackPath: PATH });
		const first = await servers.listen({ hostname: 'localhost', port, path: PATH });
		const second = await servers.listen({ hostname: 'localhost', port, path: PATH });
		assert.equal(listening, 1, 'one port, listened on at two addresses');

		const ipv4 = await getWithHost(port, `${PATH}?code=c4&state=${overIpv4.state}`, `localhost:${port}`, '127.0.0.1');
		const ipv6 = await getWithHost(port, `${PATH}?code=c6&state=${overIpv6.state}`, `localhost:${port}`, '::1');

		assert.deepEqual([ipv4.status, ipv6.status], [200, 200]);
		assert.equal((await overIpv4.received).params.code, 'c4');
		assert.equal((await overIpv6.received).params.code, 'c6');
		first.dispose();
		second.dispose();
	});

	it('closes both addresses when the sign-in stops waiting', async () => {
		const port = await freePort();
		const lease = await servers.listen({ hostname: 'localhost', port, path: PATH });

		lease.dispose();

		assert.equal(listening, 0);
		await assertRefusesConnections(port, '127.0.0.1');
		await assertRefusesConnections(port, '::1');
	});

	it('listens on 127.0.0.1 alone, and logs it, on a machine without the IPv6 loopback address', async () => {
		// ::2 is not an address of this machine: binding it fails as ::1 does where IPv6 is off.
		const withoutIpv6 = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS, { localhostAddresses: ['127.0.0.1', '::2'], onListeningChanged: countListening });
		const port = await freePort();
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		try {
			const lease = await withoutIpv6.listen({ hostname: 'localhost', port, path: PATH });

			assert.equal(lease.port, port);
			assert.match(logger.text, /\[::2\] is not available on this machine \(EADDRNOTAVAIL\); listening for localhost on 127\.0\.0\.1 only/);
			const response = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, `localhost:${port}`);
			assert.equal(response.status, 200);
			assert.equal((await signIn.received).params.code, 'c');
			lease.dispose();
			assert.equal(listening, 0);
		} finally {
			withoutIpv6.dispose();
		}
	});
});

describe('LoopbackServers Host check (DNS rebinding)', () => {
	let servers: LoopbackServers;
	let pending: PendingSignIns;
	let logger: RecordingLogger;

	beforeEach(() => {
		pending = new PendingSignIns();
		logger = new RecordingLogger();
		listening = 0;
		servers = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS, { onListeningChanged: countListening });
	});

	afterEach(() => {
		servers.dispose();
	});

	/** Sends the waiting sign-in's own redirect with a hostile Host and checks that nothing happened. */
	async function assertRefusedHost(port: number, hostHeader: string | undefined, signIn: WaitingSignIn, address = '127.0.0.1'): Promise<void> {
		const response = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, hostHeader, address);
		const label = JSON.stringify(hostHeader);
		assert.ok(response.status === 421 || response.status === 400, `${label} answered ${response.status}`);
		assert.doesNotMatch(response.body, /Signed in with Amazon/, label);
		assert.doesNotMatch(response.body, new RegExp(signIn.state), `${label}: nothing from the request comes back`);
		assert.equal(signIn.settled, false, `${label} delivered nothing`);
		assert.equal(pending.size, 1, `${label}: the sign-in keeps waiting`);
	}

	it('refuses a redirect that names another host, with 421 and the failure page, and keeps the sign-in waiting', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const { port } = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });

		const response = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, `evil.example:${port}`);

		assert.equal(response.status, 421);
		assert.match(response.body, /This address is not the one the sign-in is waiting on/);
		assert.equal(response.headers['content-security-policy'], LOOPBACK_PAGE_CSP);
		assert.match(logger.text, /refused a request for another host \(evil\.example:\d+\)/);
		assert.equal(signIn.settled, false);
		const real = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, `127.0.0.1:${port}`);
		assert.equal(real.status, 200);
		assert.equal((await signIn.received).params.code, 'c');
	});

	it('refuses every Host but the redirect URI\'s own 127.0.0.1:<port>', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const { port } = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });
		const hostile = [
			'evil.example',
			`evil.example:${port}`,
			`127.0.0.1.evil.example:${port}`,
			`127.0.0.1.evil.example`,
			`user@127.0.0.1:${port}`,
			`127.0.0.1:${port}@evil.example`,
			`127.0.0.1:${port + 1}`,
			'127.0.0.1',
			`127.0.0.1:${port}0`,
			`127.0.0.1:0${port}`,
			`127.0.0.1.:${port}`,
			`localhost:${port}`,
			`[::1]:${port}`,
			`[::ffff:127.0.0.1]:${port}`,
			`2130706433:${port}`,
			`127.1:${port}`,
			`127.0.0.1:${port}, evil.example`,
			`127.0.0.1\t:${port}`,
			'',
		];
		for (const hostHeader of hostile) {
			await assertRefusedHost(port, hostHeader, signIn);
		}
	});

	it('refuses a redirect without a Host header (HTTP/1.1 and HTTP/1.0), with two Host headers, or with control characters in Host', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const { port } = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });
		const target = `${PATH}?code=c&state=${signIn.state}`;
		const requests = [
			`GET ${target} HTTP/1.1\r\nConnection: close`,
			`GET ${target} HTTP/1.0`,
			`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nConnection: close`,
			`GET ${target} HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:${port}\r\nConnection: close`,
			`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\x00\r\nConnection: close`,
			`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\x7f\r\nConnection: close`,
			`GET ${target} HTTP/1.1\r\nHost: evil.example\x0b127.0.0.1:${port}\r\nConnection: close`,
			`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\x85\r\nConnection: close`,
		];
		for (const head of requests) {
			const response = await rawRequest(port, head);
			assert.ok(response.status === 400 || response.status === 421, `${JSON.stringify(head)} answered ${response.status}`);
			assert.equal(signIn.settled, false, `${JSON.stringify(head)} delivered nothing`);
		}
		assert.equal(pending.size, 1);
		// eslint-disable-next-line no-control-regex -- looking for control characters is the point
		assert.ok(logger.lines.every((line) => !/[\u0000-\u001f\u007f-\u009f]/.test(line)), 'no control character reaches the log');
	});

	it('refuses a request in absolute form, which names its own host in the request line', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const { port } = await servers.listen({ hostname: '127.0.0.1', port: await freePort(), path: PATH });

		const response = await rawRequest(port, `GET http://evil.example${PATH}?code=c&state=${signIn.state} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close`);

		assert.equal(response.status, 400);
		assert.equal(signIn.settled, false);
	});

	it('accepts the redirect URI\'s host in any letter case, since host names are case-insensitive', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const port = await freePort();
		const lease = await servers.listen({ hostname: 'localhost', port, path: PATH });

		await assertRefusedHost(port, `LOCALHOST.evil.example:${port}`, signIn);
		const response = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, `LocalHost:${port}`);

		assert.equal(response.status, 200);
		assert.equal((await signIn.received).params.code, 'c');
		lease.dispose();
	});

	it('for a localhost redirect URI refuses the loopback literals, which the browser never sends for it', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const port = await freePort();
		const lease = await servers.listen({ hostname: 'localhost', port, path: PATH });

		await assertRefusedHost(port, `127.0.0.1:${port}`, signIn);
		await assertRefusedHost(port, `[::1]:${port}`, signIn, '::1');
		await assertRefusedHost(port, `localhost.:${port}`, signIn, '::1');
		lease.dispose();
	});

	it('for an [::1] redirect URI accepts only [::1]:<port> and refuses other IPv6 spellings', async () => {
		const signIn = startWaitingSignIn(pending, { loopbackPath: PATH });
		const port = await freePort('::1');
		const lease = await servers.listen({ hostname: '::1', port, path: PATH });

		for (const hostHeader of [`[0:0:0:0:0:0:0:1]:${port}`, `[::0001]:${port}`, `::1:${port}`, '[::1]', `[::1]:${port + 1}`, `[::ffff:7f00:1]:${port}`, `[::1%25lo]:${port}`, `localhost:${port}`]) {
			await assertRefusedHost(port, hostHeader, signIn, '::1');
		}
		const response = await getWithHost(port, `${PATH}?code=c&state=${signIn.state}`, `[::1]:${port}`, '::1');
		assert.equal(response.status, 200);
		assert.equal((await signIn.received).params.code, 'c');
		lease.dispose();
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
