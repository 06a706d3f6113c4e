// The real HttpClient, on undici. Only this file and connector.ts (which only this file imports)
// import undici: esbuild bundles them separately (dist/undiciHttpClient.js) and the extension loads
// it on the first request.
// Every request names its own dispatcher; the global dispatcher is never touched, because inside
// VS Code it is shared by every extension.
import { Agent, request } from 'undici';
import type { LookupFunction } from 'node:net';
import type { Dispatcher } from 'undici';
import { LwaError } from '../lwa/errors';
import type { HttpClient, HttpDownloader, HttpRequest, HttpResponse } from '../ports';
import { ConnectionFailure } from './connectionFailure';
import { createConnector } from './connector';
import { streamDownload } from './download';
import type { ProxySettings } from './proxy';
import { proxyFor, usesProxy } from './proxy';
import type { CaSource, TrustedCertificates } from './tlsTrust';
import { trustedCertificates } from './tlsTrust';

export interface UndiciHttpClientOptions {
	/** TCP + TLS connect timeout (default 10 s). */
	connectTimeoutMs?: number;
	/** Time to the response headers (default 30 s). */
	headersTimeoutMs?: number;
	/** Longest pause between body chunks (default 30 s). */
	bodyTimeoutMs?: number;
	/** Response bodies larger than this are refused while streaming (default 1 MiB). */
	maxResponseBytes?: number;
	proxy?: ProxySettings;
	userAgent?: string;
	/** Where the CA lists come from (node:tls by default; tests pass a stand-in system store). */
	caSource?: CaSource;
	/** Name resolution for direct connections (the system's by default; tests resolve test-only names). */
	lookup?: LookupFunction;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

// Failures that happen before a connection exists: the request provably never left.
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
	'UND_ERR_CONNECT_TIMEOUT',
]);
// Connection trouble after (or while) the request may have been written.
const SENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODES = new Set([
	'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodes(error: unknown): string[] {
	const codes: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') {
			codes.push(code);
		}
		current = (current as { cause?: unknown }).cause;
	}
	return codes;
}

function isTlsCode(code: string): boolean {
	return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

/** A failure on the way through the proxy or at the certificate check: the request never left. */
function connectionFailureError(failure: ConnectionFailure): LwaError {
	const { facts } = failure;
	const reason = failure.kind === 'invalid_proxy' ? 'proxy_invalid' : failure.kind;
	return new LwaError('network', {
		reason,
		requestSent: false,
		...(facts.status !== undefined ? { status: facts.status } : {}),
		facts: {
			...(facts.problem ? { setting: facts.problem.setting, proxyProblem: facts.problem.reason } : {}),
			...(facts.proxy !== undefined ? { proxy: facts.proxy } : {}),
			...(facts.systemCode !== undefined ? { systemCode: facts.systemCode } : {}),
			...(facts.schemes !== undefined ? { schemes: facts.schemes } : {}),
			...(facts.credentialsSent !== undefined ? { credentialsSent: facts.credentialsSent } : {}),
			...(facts.issuer !== undefined ? { issuer: facts.issuer } : {}),
			...(facts.systemStoreUsed !== undefined ? { systemStoreUsed: facts.systemStoreUsed } : {}),
		},
		cause: failure,
	});
}

/** Maps an undici or Node error to the LwaError the HttpClient port promises. */
export function mapTransportError(error: unknown): LwaError {
	if (error instanceof LwaError) {
		return error;
	}
	if (error instanceof ConnectionFailure) {
		return connectionFailureError(error);
	}
	const codes = errorCodes(error);
	if (codes.some((code) => TIMEOUT_CODES.has(code))) {
		return new LwaError('timeout', { requestSent: true, cause: error });
	}
	if (codes.some((code) => code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')) {
		return new LwaError('malformed_response', { reason: 'too_large', cause: error });
	}
	if (codes.some((code) => code === 'UND_ERR_CONNECT_TIMEOUT')) {
		return new LwaError('network', { reason: 'connect_timeout', requestSent: false, cause: error });
	}
	if (codes.some(isTlsCode)) {
		return new LwaError('network', { reason: 'tls', requestSent: false, cause: error });
	}
	if (codes.some((code) => NOT_SENT_CODES.has(code))) {
		return new LwaError('network', { requestSent: false, cause: error });
	}
	if (codes.some((code) => SENT_NETWORK_CODES.has(code))) {
		return new LwaError('network', { reason: 'broke_off', requestSent: true, cause: error });
	}
	return new LwaError('network', { requestSent: true, cause: error });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) {
			flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		}
	}
	return flat;
}

function tooLarge(): LwaError {
	return new LwaError('malformed_response', { reason: 'too_large' });
}

/** Reads a body to the end, refusing it as soon as it passes `maxBytes`. */
async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of body) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		total += buffer.length;
		if (total > maxBytes) {
			body.destroy();
			throw tooLarge();
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** What a client trusts and where it sends requests, for the log: never credentials. */
export interface HttpClientDescription {
	proxyUrl?: string;
	proxyAuthorization: boolean;
	strictSSL: boolean;
	system: TrustedCertificates['system'];
	systemCount: number;
}

/** An HttpClient on undici with bounded timeouts, a response size cap, and per-request (proxy) dispatchers. */
export function createUndiciHttpClient(options: UndiciHttpClientOptions = {}): HttpClient & HttpDownloader & { close(): Promise<void>; describe(): HttpClientDescription } {
	const connectTimeout = options.connectTimeoutMs ?? 10_000;
	const headersTimeout = options.headersTimeoutMs ?? 30_000;
	const bodyTimeout = options.bodyTimeoutMs ?? 30_000;
	const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
	const proxy: ProxySettings = options.proxy ?? { noProxy: [], strictSSL: true, systemCertificates: true };
	const trust = trustedCertificates(proxy.systemCertificates ?? true, options.caSource);
	const dispatchers = new Map<string, Dispatcher>();

	function dispatcherFor(url: string): Dispatcher {
		if (proxy.problem && usesProxy(url, proxy)) {
			throw new ConnectionFailure('invalid_proxy', { problem: proxy.problem });
		}
		const proxyUrl = proxyFor(url, proxy);
		const key = proxyUrl ?? '';
		let dispatcher = dispatchers.get(key);
		if (!dispatcher) {
			const connect = createConnector({
				timeoutMs: connectTimeout,
				strictSSL: proxy.strictSSL,
				trust,
				...(options.lookup ? { lookup: options.lookup } : {}),
				...(proxyUrl ? { proxyUrl } : {}),
				...(proxyUrl && proxy.proxyAuthorization !== undefined ? { proxyAuthorization: proxy.proxyAuthorization } : {}),
			});
			dispatcher = new Agent({ connect, headersTimeout, bodyTimeout });
			dispatchers.set(key, dispatcher);
		}
		return dispatcher;
	}

	async function send(httpRequest: HttpRequest): Promise<HttpResponse> {
		const headers: Record<string, string> = { ...httpRequest.headers };
		if (options.userAgent && !Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) {
			headers['user-agent'] = options.userAgent;
		}
		try {
			const response = await request(httpRequest.url, {
				method: httpRequest.method,
				headers,
				body: httpRequest.body,
				dispatcher: dispatcherFor(httpRequest.url),
				headersTimeout,
				bodyTimeout,
			});
			const responseHeaders = flattenHeaders(response.headers);
			const declaredLength = Number(responseHeaders['content-length']);
			const cap = httpRequest.maxResponseBytes ?? maxResponseBytes;
			if (Number.isFinite(declaredLength) && declaredLength > cap) {
				response.body.destroy();
				throw tooLarge();
			}
			const body = await readCapped(response.body, cap);
			return { status: response.statusCode, headers: responseHeaders, body };
		} catch (error) {
			throw mapTransportError(error);
		}
	}

	return {
		send,
		// Streamed to a sink (src/core/http/download.ts): no response size cap of its own, the caller's maxBytes.
		download: (download, sink) => streamDownload({
			dispatcherFor,
			headersTimeoutMs: headersTimeout,
			bodyTimeoutMs: bodyTimeout,
			...(options.userAgent ? { userAgent: options.userAgent } : {}),
			mapError: mapTransportError,
		}, download, sink),
		describe: () => ({
			...(proxy.proxyUrl ? { proxyUrl: proxy.proxyUrl } : {}),
			proxyAuthorization: proxy.proxyAuthorization !== undefined,
			strictSSL: proxy.strictSSL,
			system: trust.system,
			systemCount: trust.systemCount,
		}),
		async close(): Promise<void> {
			const all = [...dispatchers.values()];
			dispatchers.clear();
			await Promise.all(all.map((dispatcher) => dispatcher.close()));
		},
	};
}
