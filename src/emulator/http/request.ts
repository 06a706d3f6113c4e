// What an emulated endpoint sees of a request, and the route shape every service module fills in:
// a path and a handler. The server (server.ts) reads the body, normalizes the path and picks the route.
import type * as http from 'node:http';
import type { Reply } from './replies';

const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** A request with its body read. */
export interface EmulatorRequest {
	method: string;
	/** Normalized by {@link normalizePath}. */
	path: string;
	url: URL;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One path of one emulated service. The handler checks the method itself (a 405 is part of its answer). */
export interface Route {
	/** As {@link normalizePath} leaves it. */
	path: string;
	/** The route also answers every path under `path` + '/' (an API with ids in its paths); an exact route wins. */
	prefix?: boolean;
	handle(request: EmulatorRequest): Reply;
	/** Told of every request to this path before any fault is applied, for counters. */
	arrived?(request: EmulatorRequest): void;
	/** Told the outcome of every answer: the reply's `outcome`, or `fault:<kind>` when a fault answered. */
	answered?(outcome: string): void;
}

/** Paths are matched case-insensitively for /auth/o2 (older Amazon docs spell it /auth/O2) and without a trailing slash. */
export function normalizePath(pathname: string): string {
	const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
	return trimmed.toLowerCase();
}

/** The body as text, or undefined when it is over 64 KiB or the request fails. */
export function readBody(request: http.IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_REQUEST_BODY_BYTES) {
				tooLarge = true;
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
		request.on('error', () => resolve(undefined));
	});
}

/** The form of a POST with an `application/x-www-form-urlencoded` body; undefined for anything else. */
export function readForm(request: EmulatorRequest): URLSearchParams | undefined {
	return request.method === 'POST' && isFormContentType(request.headers['content-type']) ? new URLSearchParams(request.body) : undefined;
}

function isFormContentType(contentType: string | undefined): boolean {
	return contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
