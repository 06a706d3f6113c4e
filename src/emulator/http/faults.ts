// Fault switches: a test turns one on for some paths, and the server (server.ts) answers the next
// requests to them with a transport or server failure instead of (or around) the real answer.
// Faults are per path, not per service, so every emulated service gets them for its own paths.
import type * as http from 'node:http';
import { randomToken } from '../secrets';
import type { Reply } from './replies';
import { jsonError, jsonHeaders, withHeader } from './replies';
import { normalizePath } from './request';

/**
 * A transport or server failure to inject. `slow` delays the whole response, `slowBody` sends the headers
 * and half of the real body and then stalls, `html` answers with a web page (status 200 unless given),
 * `truncatedJson` a cut-off JSON body, `resetMidBody` headers and part of a body and then a TCP reset,
 * `oversized` a valid-looking JSON body of `bytes` bytes. All but `slow` and `slowBody` answer without
 * touching the emulator's state (no code is consumed, no token issued).
 */
export type EmulatorFault =
	| { kind: 'slow'; delayMs: number } | { kind: 'status500' } | { kind: 'status503' }
	| { kind: 'rateLimit'; retryAfterSeconds: number } | { kind: 'html'; status?: number } | { kind: 'truncatedJson' }
	| { kind: 'resetMidBody' } | { kind: 'oversized'; bytes: number } | { kind: 'slowBody'; delayMs: number };

const RESET_AFTER_PARTIAL_BODY_MS = 25;

/** The one fault that is switched on, if any, with the paths it applies to and how many more times. */
export class FaultSwitch {
	private active?: { fault: EmulatorFault; remaining?: number; paths: string[] };

	/** Faults the next `times` (default: all until cleared) requests to `paths`; undefined or 0 times clears it. */
	set(fault: EmulatorFault | undefined, times: number | undefined, paths: readonly string[]): void {
		if (fault === undefined || times === 0) {
			this.active = undefined;
			return;
		}
		this.active = { fault, remaining: times, paths: paths.map(normalizePath) };
	}

	/** The fault for a request to `path` (normalized), counting it against `times`. */
	take(path: string): EmulatorFault | undefined {
		const active = this.active;
		if (active === undefined || !active.paths.includes(path)) {
			return undefined;
		}
		if (active.remaining !== undefined) {
			active.remaining--;
			if (active.remaining <= 0) {
				this.active = undefined;
			}
		}
		return active.fault;
	}
}

/** One request being answered with a fault: where it came from and how to send a whole reply. */
export interface FaultedExchange {
	request: http.IncomingMessage;
	response: http.ServerResponse;
	/** Sends a complete reply (and logs it). */
	send(reply: Reply): void;
	/** The real answer, for the faults that delay or cut it; computing it changes the emulator's state. */
	real(): Reply;
}

/**
 * Answers requests with faults. Stalled answers wait on timers and drains that {@link closeAll} ends at
 * once, so closing the emulator never waits for a stalled response.
 */
export class FaultResponder {
	private readonly cancelWaits = new Set<() => void>();
	private closed = false;

	/** Ends every stall now and every later one at once. */
	closeAll(): void {
		this.closed = true;
		for (const cancel of [...this.cancelWaits]) {
			cancel();
		}
	}

	async answer(fault: EmulatorFault, exchange: FaultedExchange): Promise<void> {
		const { request, response, send } = exchange;
		switch (fault.kind) {
			case 'slow': {
				const waited = await this.wait(fault.delayMs, response);
				if (waited) {
					send(exchange.real());
				}
				return;
			}
			case 'slowBody': {
				const reply = exchange.real();
				const bytes = Buffer.from(reply.body, 'utf8');
				const half = Math.floor(bytes.length / 2);
				response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(bytes.length) });
				response.write(bytes.subarray(0, half));
				const waited = await this.wait(fault.delayMs, response);
				if (waited) {
					response.end(bytes.subarray(half));
				}
				return;
			}
			case 'status500':
				send(jsonError(500, 'server_error', 'The server encountered an internal error'));
				return;
			case 'status503':
				send(jsonError(503, 'temporarily_unavailable', 'The service is temporarily unavailable'));
				return;
			case 'rateLimit':
				send(withHeader(jsonError(429, 'rate_limit_exceeded', 'Rate exceeded'), 'Retry-After', String(fault.retryAfterSeconds)));
				return;
			case 'html': {
				const status = fault.status ?? 200;
				const page = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>';
				send({ status, headers: { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' }, body: page });
				return;
			}
			case 'truncatedJson': {
				const full = fakeTokenJson();
				send({ status: 200, headers: jsonHeaders(), body: full.slice(0, Math.floor(full.length / 3)) });
				return;
			}
			case 'resetMidBody': {
				const bytes = Buffer.from(fakeTokenJson(), 'utf8');
				response.writeHead(200, { ...jsonHeaders(), 'Content-Length': String(bytes.length) });
				response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
				// Let the headers and the first half reach the client, then reset the connection.
				await this.wait(RESET_AFTER_PARTIAL_BODY_MS, response);
				const socket = response.socket ?? request.socket;
				if (typeof socket.resetAndDestroy === 'function') {
					socket.resetAndDestroy();
				} else {
					socket.destroy();
				}
				return;
			}
			case 'oversized':
				await this.sendOversized(response, Math.max(0, fault.bytes));
				return;
		}
	}

	/** Streams a valid JSON token response of exactly `size` bytes (at least its minimal length), chunked. */
	private async sendOversized(response: http.ServerResponse, size: number): Promise<void> {
		const head = `{"access_token":"Atza|${randomToken(270)}","token_type":"bearer","expires_in":3600,"padding":"`;
		const tail = '"}';
		let padding = Math.max(0, size - head.length - tail.length);
		response.writeHead(200, jsonHeaders());
		response.write(head);
		const chunk = 'A'.repeat(64 * 1024);
		while (padding > 0) {
			if (response.destroyed || this.closed) {
				return;
			}
			const piece = padding >= chunk.length ? chunk : chunk.slice(0, padding);
			padding -= piece.length;
			if (!response.write(piece) && !await this.drain(response)) {
				return;
			}
		}
		response.end(tail);
	}

	/** Waits for the response to drain; resolves false when the client goes away or the emulator closes first. */
	private drain(response: http.ServerResponse): Promise<boolean> {
		return new Promise<boolean>((resolve) => {
			const cancel = (): void => {
				this.cancelWaits.delete(cancel);
				response.off('drain', onDrain);
				response.off('close', cancel);
				resolve(false);
			};
			const onDrain = (): void => {
				this.cancelWaits.delete(cancel);
				response.off('close', cancel);
				resolve(true);
			};
			response.once('drain', onDrain);
			response.once('close', cancel);
			this.cancelWaits.add(cancel);
		});
	}

	/** Waits `ms`; resolves false early when the client goes away or the emulator closes. */
	private wait(ms: number, response: http.ServerResponse): Promise<boolean> {
		return new Promise<boolean>((resolve) => {
			const done = (result: boolean): void => {
				clearTimeout(timer);
				this.cancelWaits.delete(cancel);
				response.off('close', cancel);
				resolve(result);
			};
			const cancel = (): void => done(false);
			const timer = setTimeout(() => done(!this.closed && !response.destroyed), ms);
			this.cancelWaits.add(cancel);
			response.once('close', cancel);
		});
	}
}

/** A whole, valid-looking LWA token response for the faults that cut one short. */
function fakeTokenJson(): string {
	return JSON.stringify({ access_token: 'Atza|' + randomToken(270), token_type: 'bearer', expires_in: 3600 });
}
