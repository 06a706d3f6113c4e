import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type * as net from 'node:net';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import type { LwaErrorCode } from '../../../src/core/lwa/errors';
import { isLwaError } from '../../../src/core/lwa/errors';
import { parseTokenResponse, TokenClient } from '../../../src/core/lwa/tokenClient';
import type { HttpClient } from '../../../src/core/ports';
import { rejection } from './support/assertions';
import { ManualClock, recordingSleep, RecordingLogger } from './support/fakes';
import type { TestServer } from './support/servers';
import { closedPort, reply, replyJson, startRawServer, startServer, tokenBody } from './support/servers';

type UndiciClient = HttpClient & { close(): Promise<void> };

describe('TokenClient over real HTTP', () => {
	let http: UndiciClient;
	let server: TestServer | undefined;
	const clock = new ManualClock();

	beforeEach(() => {
		http = createUndiciHttpClient({ connectTimeoutMs: 2000, headersTimeoutMs: 300, bodyTimeoutMs: 300, maxResponseBytes: 64 * 1024 });
	});

	afterEach(async () => {
		await http.close();
		await server?.close();
		server = undefined;
	});

	function client(options: { maxAttempts?: number; maxRetryDelayMs?: number } = {}) {
		const sleeper = recordingSleep();
		const logger = new RecordingLogger();
		const tokenClient = new TokenClient({ http, clock, logger, sleep: sleeper.sleep, ...options });
		return { tokenClient, delays: sleeper.delays, logger };
	}

	function refreshAt(url: string, tokenClient: TokenClient) {
		return tokenClient.refresh({ tokenEndpoint: `${url}/auth/o2/token`, clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'Atzr|r1' });
	}

	function exchangeAt(url: string, tokenClient: TokenClient) {
		return tokenClient.exchangeCode({ tokenEndpoint: `${url}/auth/o2/token`, clientId: 'client-1', clientSecret: 'secret-1', code: 'code-1', redirectUri: 'http://127.0.0.1:53682/lwa/callback', codeVerifier: 'verifier-1' });
	}

	describe('requests', () => {
		it('sends the authorization code exchange as a form with code_verifier and Accept: application/json', async () => {
			server = await startServer((_request, response) => replyJson(response, 200, tokenBody()));
			const { tokenClient } = client();
			const tokens = await exchangeAt(server.url, tokenClient);
			const request = server.requests[0];
			assert.equal(request.method, 'POST');
			assert.equal(request.path, '/auth/o2/token');
			assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
			assert.equal(request.headers.accept, 'application/json');
			assert.deepEqual(Object.fromEntries(request.form), {
				grant_type: 'authorization_code', code: 'code-1', redirect_uri: 'http://127.0.0.1:53682/lwa/callback',
				client_id: 'client-1', client_secret: 'secret-1', code_verifier: 'verifier-1',
			});
			assert.equal(tokens.accessToken, 'Atza|test-access');
			assert.equal(tokens.refreshToken, 'Atzr|test-refresh');
			assert.equal(tokens.obtainedAt, clock.now());
			assert.equal(tokens.expiresAt, clock.now() + 3600 * 1000);
		});

		it('leaves client_secret out when there is none and accepts a response without a refresh token', async () => {
			server = await startServer((_request, response) => replyJson(response, 200, tokenBody({ refresh_token: undefined })));
			const { tokenClient } = client();
			const tokens = await tokenClient.exchangeCode({ tokenEndpoint: `${server.url}/auth/o2/token`, clientId: 'client-1', code: 'code-1', redirectUri: 'https://example.com/cb' });
			assert.equal(server.requests[0].form.has('client_secret'), false);
			assert.equal(server.requests[0].form.has('code_verifier'), false);
			assert.equal(tokens.refreshToken, undefined);
		});

		it('sends refresh_token and client_credentials grants with their parameters', async () => {
			server = await startServer((_request, response) => replyJson(response, 200, tokenBody({ scope: 'sellingpartnerapi::notifications' })));
			const { tokenClient } = client();
			await refreshAt(server.url, tokenClient);
			const tokens = await tokenClient.clientCredentials({ tokenEndpoint: `${server.url}/auth/o2/token`, clientId: 'client-1', clientSecret: 'secret-1', scopes: ['sellingpartnerapi::notifications', 'sellingpartnerapi::migration'] });
			assert.deepEqual(Object.fromEntries(server.requests[0].form), { grant_type: 'refresh_token', refresh_token: 'Atzr|r1', client_id: 'client-1', client_secret: 'secret-1' });
			assert.deepEqual(Object.fromEntries(server.requests[1].form), { grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications sellingpartnerapi::migration', client_id: 'client-1', client_secret: 'secret-1' });
			assert.equal(tokens.scope, 'sellingpartnerapi::notifications');
		});

		it('accepts token_type in any case and a plain application/json Content-Type', async () => {
			server = await startServer((_request, response) => reply(response, 200, JSON.stringify(tokenBody({ token_type: 'Bearer' })), { 'content-type': 'application/json' }));
			const { tokenClient } = client();
			const tokens = await refreshAt(server.url, tokenClient);
			assert.equal(tokens.tokenType, 'bearer');
		});
	});

	describe('LWA error bodies', () => {
		const cases: [number, string, LwaErrorCode][] = [
			[400, 'invalid_grant', 'invalid_grant'],
			[401, 'invalid_client', 'invalid_client'],
			[400, 'unauthorized_client', 'unauthorized_client'],
			[400, 'invalid_request', 'invalid_request'],
			[400, 'invalid_scope', 'invalid_scope'],
			[400, 'unsupported_grant_type', 'unsupported_grant_type'],
			[400, 'something_new', 'invalid_request'],
			[401, 'something_new', 'invalid_client'],
		];
		for (const [status, error, code] of cases) {
			it(`maps HTTP ${status} error=${error} to ${code} without retrying`, async () => {
				server = await startServer((_request, response) => replyJson(response, status, { error_description: 'The request has an invalid grant parameter : code', error, error_index: 'x', request_id: 'req-123' }));
				const { tokenClient } = client();
				const failure = await rejection(refreshAt(server.url, tokenClient));
				assert.equal(failure.code, code);
				assert.equal(failure.status, status);
				assert.equal(failure.requestId, 'req-123');
				assert.equal(failure.retryable, false);
				assert.equal(server.requests.length, 1);
				assert.ok(!failure.message.includes('invalid grant parameter'));
			});
		}

		it('never lets secret-looking server text into the message, the facts, the request id or the log', async () => {
			const sentinel = 'Atza|SENTINEL-SECRET-0123456789';
			server = await startServer((_request, response) => replyJson(response, 400, { error: 'invalid_grant', error_description: `leaked ${sentinel} client_secret=${sentinel}`, request_id: sentinel }));
			const { tokenClient, logger } = client();
			const failure = await rejection(refreshAt(server.url, tokenClient));
			for (const text of [failure.message, JSON.stringify(failure.facts), JSON.stringify(failure), String(failure.requestId), logger.text]) {
				assert.ok(!text.includes('SENTINEL'), `leaked into: ${text}`);
			}
		});

		it('keeps server text of an HTML error page and of a non-LWA JSON body out of the message', async () => {
			server = await startServer((request, response) => request.path.endsWith('html')
				? reply(response, 403, '<html>Atzr|SENTINEL</html>', { 'content-type': 'text/html' })
				: replyJson(response, 400, { message: 'Atzr|SENTINEL' }));
			const { tokenClient } = client();
			for (const path of ['html', 'json']) {
				const failure = await rejection(tokenClient.refresh({ tokenEndpoint: `${server.url}/${path}`, clientId: 'c', refreshToken: 'r' }));
				assert.equal(failure.code, 'malformed_response');
				assert.ok(!`${failure.message} ${JSON.stringify(failure.facts)}`.includes('SENTINEL'));
			}
		});
	});

	describe('malformed responses', () => {
		const bodies: [string, (response: ServerResponse) => void][] = [
			['an HTML page with status 200', (response) => reply(response, 200, '<html><body>Sign in to the Wi-Fi</body></html>', { 'content-type': 'text/html' })],
			['JSON without a Content-Type', (response) => reply(response, 200, JSON.stringify(tokenBody()))],
			['truncated JSON', (response) => reply(response, 200, '{"access_token":"Atza|x","token_ty', { 'content-type': 'application/json' })],
			['a JSON array', (response) => replyJson(response, 200, [tokenBody()])],
			['a missing access_token', (response) => replyJson(response, 200, tokenBody({ access_token: undefined }))],
			['a token_type other than bearer', (response) => replyJson(response, 200, tokenBody({ token_type: 'mac' }))],
			['expires_in as text', (response) => replyJson(response, 200, tokenBody({ expires_in: '3600' }))],
			['expires_in zero', (response) => replyJson(response, 200, tokenBody({ expires_in: 0 }))],
			['fractional expires_in', (response) => replyJson(response, 200, tokenBody({ expires_in: 3.5 }))],
			['a refresh_token that is not a string', (response) => replyJson(response, 200, tokenBody({ refresh_token: 42 }))],
			['a redirect', (response) => reply(response, 302, '', { location: 'https://example.com/' })],
		];
		for (const [name, answer] of bodies) {
			it(`refuses ${name} as malformed_response`, async () => {
				server = await startServer((_request, response) => answer(response));
				const { tokenClient } = client({ maxAttempts: 1 });
				const failure = await rejection(refreshAt(server.url, tokenClient));
				assert.equal(failure.code, 'malformed_response');
			});
		}

		it('refuses a 10 MB body while streaming it, as malformed_response', async () => {
			server = await startServer((_request, response) => {
				response.writeHead(200, { 'content-type': 'application/json' });
				const chunk = Buffer.alloc(64 * 1024, 0x20);
				let sent = 0;
				const write = (): void => {
					while (sent < 10 * 1024 * 1024) {
						sent += chunk.length;
						if (!response.write(chunk)) {
							response.once('drain', write);
							return;
						}
					}
					response.end();
				};
				response.on('error', () => undefined);
				write();
			});
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'malformed_response');
		});

		it('refuses a declared Content-Length over the cap before reading the body', async () => {
			server = await startServer((_request, response) => {
				response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
				response.write('{');
			});
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'malformed_response');
		});
	});

	describe('transport failures', () => {
		it('reports a refused connection as network with requestSent false', async () => {
			const port = await closedPort();
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(exchangeAt(`http://127.0.0.1:${port}`, tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal(failure.requestSent, false);
			assert.equal(failure.retryable, true);
		});

		it('reports a DNS failure (.invalid host) as network with requestSent false', async () => {
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt('http://lwa-credentials-test.invalid', tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal(failure.requestSent, false);
		});

		it('reports a TLS failure (https: to a plain-http server) as network with requestSent false', async () => {
			server = await startServer((_request, response) => replyJson(response, 200, tokenBody()));
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(`https://127.0.0.1:${server.port}`, tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal(failure.requestSent, false);
			assert.equal(server.requests.length, 0);
		});

		it('reports a reset in the middle of the body as network with requestSent true', async () => {
			server = await startRawServer((socket: net.Socket) => {
				socket.once('data', () => {
					socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"access_token":"Atza|');
					setTimeout(() => socket.resetAndDestroy(), 20);
				});
			});
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal(failure.requestSent, true);
		});

		it('reports a server that never sends headers as timeout', async () => {
			server = await startServer(() => undefined);
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'timeout');
		});

		it('reports a body that stalls as timeout', async () => {
			server = await startServer((_request, response) => {
				response.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
				response.write('{"access_token":');
			});
			const { tokenClient } = client({ maxAttempts: 1 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'timeout');
		});
	});

	describe('retries', () => {
		it('retries a refresh after 500s with exponential backoff and succeeds on the third attempt', async () => {
			server = await startServer((_request, response, index) => index < 2 ? reply(response, 500, 'oops') : replyJson(response, 200, tokenBody()));
			const { tokenClient, delays } = client();
			const tokens = await refreshAt(server.url, tokenClient);
			assert.equal(tokens.accessToken, 'Atza|test-access');
			assert.equal(server.requests.length, 3);
			assert.deepEqual(delays, [500, 1000]);
		});

		it('gives up after 3 attempts in all with server_error', async () => {
			server = await startServer((_request, response) => reply(response, 503, ''));
			const { tokenClient } = client();
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'server_error');
			assert.equal(failure.status, 503);
			assert.equal(server.requests.length, 3);
		});

		it('honours Retry-After seconds on 429 for client_credentials', async () => {
			server = await startServer((_request, response, index) => index === 0 ? reply(response, 429, '', { 'retry-after': '7' }) : replyJson(response, 200, tokenBody({ refresh_token: undefined })));
			const { tokenClient, delays } = client();
			await tokenClient.clientCredentials({ tokenEndpoint: `${server.url}/t`, clientId: 'c', clientSecret: 's', scopes: ['a'] });
			assert.deepEqual(delays, [7000]);
			assert.equal(server.requests.length, 2);
		});

		it('honours a Retry-After HTTP date, capped by maxRetryDelayMs', async () => {
			const retryAt = new Date(clock.now() + 120_000).toUTCString();
			server = await startServer((_request, response) => reply(response, 429, '', { 'retry-after': retryAt }));
			const { tokenClient, delays } = client({ maxRetryDelayMs: 5000 });
			const failure = await rejection(refreshAt(server.url, tokenClient));
			assert.equal(failure.code, 'rate_limited');
			assert.equal(failure.retryAfterSeconds, 120);
			assert.deepEqual(delays, [5000, 5000]);
			assert.equal(server.requests.length, 3);
		});

		it('does not retry a code exchange after a 500: the code may have been consumed', async () => {
			server = await startServer((_request, response) => reply(response, 500, ''));
			const { tokenClient } = client();
			const failure = await rejection(exchangeAt(server.url, tokenClient));
			assert.equal(failure.code, 'server_error');
			assert.equal(server.requests.length, 1);
		});

		it('does not retry a code exchange after the connection broke mid-response', async () => {
			server = await startRawServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
			const { tokenClient } = client();
			const failure = await rejection(exchangeAt(server.url, tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal((server as unknown as { connections: number }).connections, 1);
		});

		it('retries a code exchange whose connection was refused (it never left)', async () => {
			const port = await closedPort();
			const { tokenClient, delays } = client();
			const failure = await rejection(exchangeAt(`http://127.0.0.1:${port}`, tokenClient));
			assert.equal(failure.code, 'network');
			assert.equal(delays.length, 2);
		});

		it('retries a refresh after connection refused and succeeds once the server is up', async () => {
			const port = await closedPort();
			let started: TestServer | undefined;
			const sleeper = async (): Promise<void> => {
				if (!started) {
					started = await startServerOn(port);
				}
			};
			const tokenClient = new TokenClient({ http, clock, sleep: sleeper });
			try {
				const tokens = await refreshAt(`http://127.0.0.1:${port}`, tokenClient);
				assert.equal(tokens.accessToken, 'Atza|test-access');
				assert.equal(started?.requests.length, 1);
			} finally {
				await started?.close();
			}
		});

		it('does not retry a refresh after invalid_grant or a malformed response', async () => {
			server = await startServer((request, response) => request.path === '/grant' ? replyJson(response, 400, { error: 'invalid_grant' }) : reply(response, 200, '<html>', { 'content-type': 'text/html' }));
			const { tokenClient } = client();
			await rejection(tokenClient.refresh({ tokenEndpoint: `${server.url}/grant`, clientId: 'c', refreshToken: 'r' }));
			await rejection(tokenClient.refresh({ tokenEndpoint: `${server.url}/html`, clientId: 'c', refreshToken: 'r' }));
			assert.equal(server.requests.length, 2);
		});
	});
});

async function startServerOn(port: number): Promise<TestServer> {
	const { createServer } = await import('node:http');
	const requests: TestServer['requests'] = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
		request.on('end', () => {
			requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, form: new URLSearchParams(body) });
			replyJson(response, 200, tokenBody());
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${port}`, port, requests, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('parseTokenResponse', () => {
	it('wraps non-LwaError failures of the HTTP port as network errors', async () => {
		const failing: HttpClient = { send: async () => { throw new Error('boom'); } };
		const tokenClient = new TokenClient({ http: failing, maxAttempts: 1 });
		const failure = await rejection(tokenClient.refresh({ tokenEndpoint: 'https://x/t', clientId: 'c', refreshToken: 'r' }));
		assert.ok(isLwaError(failure, 'network'));
	});

	it('fixes expiresAt from the receipt time it is given', () => {
		const tokens = parseTokenResponse({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(tokenBody({ expires_in: 60 })) }, 1_000);
		assert.equal(tokens.expiresAt, 61_000);
		assert.equal(tokens.obtainedAt, 1_000);
	});
});
