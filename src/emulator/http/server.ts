// The HTTP plumbing every emulated service shares: one node:http server on loopback, the routes the
// service modules mount on it, the fault switches, and sending replies. Services never touch sockets;
// they get an EmulatorRequest and return a Reply (request.ts, replies.ts).
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatorFault } from './faults';
import { FaultResponder, FaultSwitch } from './faults';
import type { Reply } from './replies';
import { jsonError, notFound } from './replies';
import type { EmulatorRequest, Route } from './request';
import { normalizePath, readBody } from './request';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackAddress(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
	return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** A listening server. Start with {@link EmulatorServer.listen}, then {@link mount} routes; always {@link close}. */
/** A new HTTP server listening on `host` and `port` (0: a free one), with the port it got. */
export async function listenHttp(host: string, port: number): Promise<{ server: http.Server; port: number }> {
	const server = http.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	return { server, port: typeof address === 'object' && address !== null ? address.port : port };
}

export class EmulatorServer {
	readonly url: string;
	readonly port: number;

	private readonly server: http.Server;
	private readonly log?: (line: string) => void;
	private readonly routes = new Map<string, Route>();
	private readonly prefixRoutes: Route[] = [];
	private readonly faults = new FaultSwitch();
	private readonly faultResponder = new FaultResponder();
	private readonly sockets = new Set<Socket>();
	private closed = false;

	private constructor(server: http.Server, host: string, port: number, log: ((line: string) => void) | undefined) {
		this.server = server;
		this.port = port;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
		this.log = log;
	}

	/**
	 * Listens on `host` (the caller has checked that it is a loopback address) and resolves once the port
	 * is known. `log` gets one line per request (method, path, status), never a query string, body or secret.
	 */
	static async listen(host: string, port: number, log?: (line: string) => void): Promise<EmulatorServer> {
		const { server, port: boundPort } = await listenHttp(host, port);
		const emulatorServer = new EmulatorServer(server, host, boundPort, log);
		server.on('connection', (socket: Socket) => emulatorServer.track(socket));
		server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
			emulatorServer.onRequest(request, response).catch(() => {
				// A handler failure must not crash the test process; the connection is simply dropped.
				response.destroy();
			});
		});
		return emulatorServer;
	}

	/** Adds a service's routes; a later route for the same path replaces the earlier one. */
	mount(routes: readonly Route[]): void {
		for (const route of routes) {
			if (route.prefix) {
				this.prefixRoutes.push({ ...route, path: normalizePath(route.path) });
			} else {
				this.routes.set(normalizePath(route.path), route);
			}
		}
	}

	/** Injects a fault into the next `times` (default: all until cleared) requests to `paths`. */
	setFault(fault: EmulatorFault | undefined, times: number | undefined, paths: readonly string[]): void {
		this.faults.set(fault, times, paths);
	}

	/** Stops listening and destroys every connection, stalled ones included. */
	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.faultResponder.closeAll();
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) {
			socket.destroy();
		}
		this.server.closeAllConnections();
		await closing;
	}

	private track(socket: Socket): void {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		if (this.closed) {
			socket.destroy();
		}
	}

	private async onRequest(incoming: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const url = new URL(incoming.url ?? '/', this.url);
		const path = normalizePath(url.pathname);
		const method = incoming.method ?? 'GET';
		const send = (reply: Reply): void => this.send(response, `${method} ${path}`, reply);
		const body = await readBody(incoming);
		if (body === undefined) {
			send(jsonError(413, 'invalid_request', 'The request body is too large'));
			return;
		}
		const request: EmulatorRequest = { method, path, url, headers: incoming.headers, body };
		const route = this.routes.get(path) ?? this.prefixRoutes.find((candidate) => path.startsWith(`${candidate.path}/`));
		route?.arrived?.(request);

		const fault = this.faults.take(path);
		if (fault !== undefined) {
			route?.answered?.(`fault:${fault.kind}`);
			this.log?.(`${method} ${path} -> fault ${fault.kind}`);
			await this.faultResponder.answer(fault, { request: incoming, response, send, real: () => this.answer(route, request) });
			return;
		}
		send(this.answer(route, request));
	}

	/** The route's answer (404 without a route), with its outcome counted. */
	private answer(route: Route | undefined, request: EmulatorRequest): Reply {
		if (route === undefined) {
			return notFound();
		}
		const reply = route.handle(request);
		if (reply.outcome !== undefined) {
			route.answered?.(reply.outcome);
		}
		return reply;
	}

	private send(response: http.ServerResponse, requestLine: string, reply: Reply): void {
		if (response.destroyed) {
			return;
		}
		if (reply.stream) {
			response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.stream.length) });
			reply.stream.write(response).catch(() => response.destroy());
			this.log?.(`${requestLine} -> ${reply.status} (streamed)`);
			return;
		}
		response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
		response.end(reply.body);
		this.log?.(`${requestLine} -> ${reply.status}`);
	}
}
