// Real loopback servers for the core's tests: a scripted HTTP server that records what it saw, a raw
// TCP server for socket-level faults, and a port that is known to be closed.
import * as http from 'node:http';
import * as net from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	form: URLSearchParams;
}

export type Handler = (request: RecordedRequest, response: http.ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
	url: string;
	port: number;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1:0 that records every request and lets `handler` answer it. */
export async function startServer(handler: Handler): Promise<TestServer> {
	const requests: RecordedRequest[] = [];
	const sockets = new Set<net.Socket>();
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const recorded: RecordedRequest = {
				method: request.method ?? '',
				path: request.url ?? '',
				headers: request.headers,
				body,
				form: new URLSearchParams(body),
			};
			requests.push(recorded);
			Promise.resolve(handler(recorded, response, requests.length - 1)).catch(() => response.destroy());
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () => new Promise<void>((resolve) => {
			for (const socket of sockets) {
				socket.destroy();
			}
			server.close(() => resolve());
		}),
	};
}

/** Sends a complete response. */
export function reply(response: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
	response.end(body);
}

/** Sends a JSON response with LWA's (slightly malformed) Content-Type. */
export function replyJson(response: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	reply(response, status, JSON.stringify(value), { 'content-type': 'application/json;charset UTF-8', ...headers });
}

/** A token response like LWA's. */
export function tokenBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return { access_token: 'Atza|test-access', token_type: 'bearer', expires_in: 3600, refresh_token: 'Atzr|test-refresh', ...overrides };
}

/** A TCP server whose connections are handed to `onSocket` (for resets and half-sent responses). */
export async function startRawServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
	const sockets = new Set<net.Socket>();
	let connections = 0;
	const server = net.createServer((socket) => {
		connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		onSocket(socket);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	const result: TestServer = {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: [],
		close: () => new Promise<void>((resolve) => {
			for (const socket of sockets) {
				socket.destroy();
			}
			server.close(() => resolve());
		}),
	};
	Object.defineProperty(result, 'connections', { get: () => connections });
	return result;
}

/** A loopback port that was just open and is now closed, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
