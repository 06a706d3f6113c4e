import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { lazyHttpClient } from '../../../src/core/http/lazyHttpClient';
import { proxyFor, resolveProxySettings } from '../../../src/core/http/proxy';
import { createUndiciHttpClient, mapTransportError } from '../../../src/core/http/undiciHttpClient';
import { LwaError } from '../../../src/core/lwa/errors';
import type { HttpClient } from '../../../src/core/ports';
import type { TestServer } from './support/servers';
import { replyJson, startServer } from './support/servers';

describe('resolveProxySettings', () => {
	it('prefers VS Code settings over the environment', () => {
		const settings = resolveProxySettings({ proxy: 'http://vscode-proxy:3128', noProxy: ['internal.example.com'], strictSSL: false }, { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'other' });
		assert.deepEqual(settings, { proxyUrl: 'http://vscode-proxy:3128', proxySource: 'http.proxy', noProxy: ['internal.example.com'], strictSSL: false, systemCertificates: true });
	});

	it('falls back to HTTPS_PROXY, https_proxy, HTTP_PROXY, http_proxy and NO_PROXY/no_proxy in either case', () => {
		assert.equal(resolveProxySettings({}, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:1' }).proxyUrl, 'http://a:1');
		assert.equal(resolveProxySettings({}, { https_proxy: 'http://c:1' }).proxyUrl, 'http://c:1');
		assert.equal(resolveProxySettings({ proxy: '  ' }, { HTTP_PROXY: 'http://b:1' }).proxyUrl, 'http://b:1');
		assert.equal(resolveProxySettings({}, { http_proxy: 'http://d:1' }).proxyUrl, 'http://d:1');
		assert.deepEqual(resolveProxySettings({}, { no_proxy: 'a.example.com, .b.example.com  c' }).noProxy, ['a.example.com', '.b.example.com', 'c']);
		assert.deepEqual(resolveProxySettings({ noProxy: [] }, { NO_PROXY: 'x' }).noProxy, ['x']);
		assert.deepEqual(resolveProxySettings({}, {}), { noProxy: [], strictSSL: true, systemCertificates: true });
	});
});

describe('proxyFor', () => {
	const settings = { proxyUrl: 'http://proxy:3128', noProxy: ['amazon.co.uk', '.internal.example', '*.corp.example', 'gateway.example:8443', '[fd00::1]'], strictSSL: true };

	it('sends requests through the proxy unless noProxy covers the host by suffix', () => {
		assert.equal(proxyFor('https://api.amazon.com/auth/o2/token', settings), 'http://proxy:3128');
		assert.equal(proxyFor('https://api.amazon.co.uk/auth/o2/token', settings), undefined);
		assert.equal(proxyFor('https://amazon.co.uk/', settings), undefined);
		assert.equal(proxyFor('https://notamazon.co.uk/', settings), 'http://proxy:3128');
		assert.equal(proxyFor('https://a.internal.example/', settings), undefined);
		assert.equal(proxyFor('https://x.corp.example/', settings), undefined);
		assert.equal(proxyFor('https://gateway.example:8443/', settings), undefined);
		assert.equal(proxyFor('https://gateway.example/', settings), 'http://proxy:3128');
		assert.equal(proxyFor('https://[fd00::1]/', settings), undefined);
	});

	it('always connects directly to loopback, with no proxy, or with noProxy *', () => {
		assert.equal(proxyFor('http://127.0.0.1:8080/', settings), undefined);
		assert.equal(proxyFor('http://localhost:8080/', settings), undefined);
		assert.equal(proxyFor('http://[::1]:8080/', settings), undefined);
		assert.equal(proxyFor('https://api.amazon.com/', { noProxy: [], strictSSL: true }), undefined);
		assert.equal(proxyFor('https://api.amazon.com/', { ...settings, noProxy: ['*'] }), undefined);
		assert.equal(proxyFor('not a url', settings), undefined);
	});
});

describe('lazyHttpClient', () => {
	it('loads the real client on the first send only, and once', async () => {
		let loads = 0;
		const client = lazyHttpClient(() => {
			loads++;
			const real: HttpClient = { send: async () => ({ status: 204, headers: {}, body: '' }) };
			return real;
		});
		assert.equal(loads, 0);
		assert.equal((await client.send({ method: 'GET', url: 'http://x', headers: {} })).status, 204);
		await client.send({ method: 'GET', url: 'http://x', headers: {} });
		assert.equal(loads, 1);
	});
});

describe('undici HTTP client', () => {
	let server: TestServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('returns status, lower-case headers and body, and adds the user agent', async () => {
		server = await startServer((_request, response) => {
			response.setHeader('Set-Cookie', ['a=1', 'b=2']);
			replyJson(response, 418, { ok: true }, { 'X-Thing': 'yes' });
		});
		const client = createUndiciHttpClient({ userAgent: 'lwa-credentials-test' });
		try {
			const response = await client.send({ method: 'POST', url: `${server.url}/x`, headers: { 'content-type': 'text/plain' }, body: 'hello' });
			assert.equal(response.status, 418);
			assert.equal(response.headers['x-thing'], 'yes');
			assert.equal(response.headers['set-cookie'], 'a=1, b=2');
			assert.deepEqual(JSON.parse(response.body), { ok: true });
			assert.equal(server.requests[0].headers['user-agent'], 'lwa-credentials-test');
			assert.equal(server.requests[0].body, 'hello');
		} finally {
			await client.close();
		}
	});

	it('sends requests for non-loopback hosts through the configured proxy (CONNECT tunnel)', async () => {
		server = await startServer((request, response) => replyJson(response, 200, { path: request.path }));
		const target = server;
		const tunnels: string[] = [];
		const proxy = http.createServer((_request, response) => {
			response.writeHead(502);
			response.end();
		});
		proxy.on('connect', (request: http.IncomingMessage, clientSocket: net.Socket, head: Buffer) => {
			tunnels.push(request.url ?? '');
			const upstream = net.connect(target.port, '127.0.0.1', () => {
				clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.write(head);
				upstream.pipe(clientSocket);
				clientSocket.pipe(upstream);
			});
			upstream.on('error', () => clientSocket.destroy());
			clientSocket.on('error', () => upstream.destroy());
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		const proxyPort = (proxy.address() as net.AddressInfo).port;
		const client = createUndiciHttpClient({ proxy: { proxyUrl: `http://127.0.0.1:${proxyPort}`, noProxy: [], strictSSL: true } });
		try {
			const response = await client.send({ method: 'GET', url: 'http://lwa-emulator.test/user/profile', headers: {} });
			assert.equal(response.status, 200);
			assert.deepEqual(tunnels, ['lwa-emulator.test:80']);
			// Loopback stays direct even with a proxy configured.
			await client.send({ method: 'GET', url: `${target.url}/direct`, headers: {} });
			assert.equal(tunnels.length, 1);
			assert.equal(target.requests.length, 2);
		} finally {
			await client.close();
			proxy.closeAllConnections();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
		}
	});

	it('maps unknown failures to network with requestSent true, and keeps LwaErrors', () => {
		const unknown = mapTransportError(new Error('weird'));
		assert.equal(unknown.code, 'network');
		assert.equal(unknown.requestSent, true);
		const original = new LwaError('timeout');
		assert.equal(mapTransportError(original), original);
		assert.equal(mapTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' })).requestSent, false);
		assert.equal(mapTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' })).code, 'malformed_response');
		assert.equal(mapTransportError(Object.assign(new Error('x'), { cause: { code: 'CERT_HAS_EXPIRED' } })).requestSent, false);
	});
});
