// What an emulated endpoint answers, built as a value and sent by the server (server.ts), so handlers
// stay plain functions of a request. The JSON and error shapes are LWA's; the other services (Seller
// Central consent, SP-API, Ads, Data Portability) add their own builders next to their routes where
// their wire formats differ.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { errorPage, pageSecurityPolicy } from '../pages';
import { randomToken } from '../secrets';

export interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** For the statistics of a route that counts its answers: 'success' or the error code. */
	outcome?: string;
	/**
	 * A body too large to hold (a file download): the server writes the headers with Content-Length
	 * `length`, then `write` sends the bytes (honouring backpressure) instead of `body`.
	 */
	stream?: { length: number; write(response: ServerResponse): Promise<void> };
}

export function jsonHeaders(): Record<string, string> {
	return {
		'Content-Type': 'application/json;charset=UTF-8',
		'Cache-Control': 'no-store',
		'Pragma': 'no-cache',
		'x-amzn-RequestId': randomUUID(),
	};
}

export function jsonReply(status: number, body: unknown): Reply {
	return { status, headers: jsonHeaders(), body: JSON.stringify(body) };
}

/** LWA's error body: `{"error_description":...,"error":...,"error_index":...,"request_id":...}`. */
export function jsonError(status: number, error: string, description: string): Reply {
	const headers = jsonHeaders();
	const body = {
		error_description: description,
		error,
		error_index: randomToken(24),
		request_id: headers['x-amzn-RequestId'],
	};
	return { status, headers, body: JSON.stringify(body), outcome: error };
}

export function withHeader(reply: Reply, name: string, value: string): Reply {
	return { ...reply, headers: { ...reply.headers, [name]: value } };
}

export function methodNotAllowed(allowed: string): Reply {
	return withHeader(jsonError(405, 'invalid_request', 'The request method is not allowed'), 'Allow', allowed);
}

export function notFound(): Reply {
	return jsonReply(404, { error: 'not_found', error_description: 'There is nothing at this path' });
}

/** A page of pages.ts under its strict Content-Security-Policy; `formTargets` are where its forms may post to. */
export function htmlReply(status: number, html: string, formTargets: readonly string[] = []): Reply {
	return {
		status,
		headers: {
			'Content-Type': 'text/html;charset=UTF-8',
			'Content-Security-Policy': pageSecurityPolicy(formTargets),
			'Cache-Control': 'no-store',
			'Pragma': 'no-cache',
			'X-Content-Type-Options': 'nosniff',
			'X-Frame-Options': 'DENY',
			'Referrer-Policy': 'no-referrer',
		},
		body: html,
	};
}

/** The Amazon-like error page, for failures that cannot be sent back to the client by redirect. */
export function htmlErrorReply(message: string): Reply {
	return htmlReply(400, errorPage(message));
}

export function redirectReply(location: string): Reply {
	return { status: 302, headers: { 'Location': location, 'Cache-Control': 'no-store', 'Pragma': 'no-cache', 'Referrer-Policy': 'no-referrer' }, body: '' };
}
