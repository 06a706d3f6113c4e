// Helpers for the sign-in receiving tests: waiting sign-ins with real states, and raw HTTP requests
// (a raw socket, so a test can send any Host header, none, or bytes a well-behaved client refuses).
import * as net from 'node:net';
import { createAuthorizationRequest } from '../../../../src/core/lwa/authorize';
import type { PendingSignIns, ReceivedCallback } from '../../../../src/core/signIn/pendingSignIns';

export interface WaitingSignIn {
	readonly nonce: string;
	readonly state: string;
	readonly received: Promise<ReceivedCallback>;
	/** Whether `received` has settled (read it after the event that would settle it). */
	readonly settled: boolean;
	dispose(): void;
}

/** Registers a waiting sign-in whose state is made the way the sign-in flow makes it. */
export function startWaitingSignIn(pending: PendingSignIns, options: { profileName?: string; loopbackPath?: string; startedAt?: number } = {}): WaitingSignIn {
	const request = createAuthorizationRequest({
		authorizationEndpoint: 'https://www.amazon.com/ap/oa',
		clientId: 'amzn1.application-oa2-client.test',
		scopes: ['profile'],
		redirectUri: 'http://127.0.0.1:53682/lwa/callback',
		pkce: false,
	});
	const registration = pending.register({
		profileName: options.profileName ?? 'Sandbox',
		nonce: request.nonce,
		state: request.state,
		...(options.loopbackPath !== undefined ? { loopbackPath: options.loopbackPath } : {}),
		startedAt: options.startedAt ?? Date.UTC(2025, 0, 1),
	});
	let settled = false;
	void registration.received.then(() => {
		settled = true;
	});
	return {
		nonce: request.nonce,
		state: request.state,
		received: registration.received,
		get settled() {
			return settled;
		},
		dispose: registration.dispose,
	};
}

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * Sends `head` (request line and headers, without the blank line) to host:port over a plain socket
 * and reads the whole answer (the listener closes every connection after answering).
 */
export function rawRequest(port: number, head: string, host = '127.0.0.1'): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port });
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('end', () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const split = text.indexOf('\r\n\r\n');
			const [statusLine, ...headerLines] = text.slice(0, split < 0 ? text.length : split).split('\r\n');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
			const headers: Record<string, string> = {};
			for (const line of headerLines) {
				const colon = line.indexOf(':');
				headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
			}
			resolve({ status, headers, body: split < 0 ? '' : Buffer.from(text.slice(split + 4), 'latin1').toString('utf8') });
			socket.destroy();
		});
		socket.write(`${head}\r\n\r\n`, 'latin1');
	});
}

/** A GET of `target` with the given Host header value (or none when undefined). */
export function getWithHost(port: number, target: string, hostHeader: string | undefined, address = '127.0.0.1'): Promise<RawResponse> {
	const lines = [`GET ${target} HTTP/1.1`];
	if (hostHeader !== undefined) {
		lines.push(`Host: ${hostHeader}`);
	}
	lines.push('Connection: close');
	return rawRequest(port, lines.join('\r\n'), address);
}

/** A port that was free on `address` a moment ago (the listener needs a fixed port to share). */
export async function freePort(address = '127.0.0.1'): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve, reject) => {
		probe.once('error', reject);
		probe.listen({ host: address, port: 0 }, resolve);
	});
	const port = (probe.address() as net.AddressInfo).port;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}
