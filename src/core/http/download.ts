// Streamed downloads of presigned file URLs (Data Portability records) on undici: the body goes to a
// sink chunk by chunk, so memory does not grow with the file. Only undiciHttpClient.ts imports this
// file, so undici stays in its lazily loaded bundle. A presigned URL is a secret (its signature lets
// anyone read the file): it never reaches an error, and the LWA Authorization header never goes to it.
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { isLwaError, LwaError } from '../lwa/errors';
import type { LwaErrorReason } from '../lwa/errors';
import type { DownloadRequest, DownloadResponse, DownloadSink } from '../ports';
import { downloadUrlProblem } from './downloadPolicy';

/** Same-origin redirects followed at most; S3 presigned URLs do not redirect at all. */
export const MAX_DOWNLOAD_REDIRECTS = 3;
/** A non-2xx body is read up to this many bytes and dropped. */
const ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What the download needs from the client it belongs to. */
export interface DownloadContext {
	dispatcherFor(url: string): Dispatcher;
	headersTimeoutMs: number;
	bodyTimeoutMs: number;
	userAgent?: string;
	/** Maps a transport error to the LwaError the HttpClient port promises. */
	mapError(error: unknown): LwaError;
}

function failed(reason: LwaErrorReason, extra: { status?: number; facts?: { limitBytes?: number; systemCode?: string } } = {}): LwaError {
	return new LwaError('download_failed', { reason, ...(extra.status !== undefined ? { status: extra.status } : {}), ...(extra.facts ? { facts: extra.facts } : {}) });
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) {
			flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		}
	}
	return flat;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
	if (signal?.aborted) {
		return true;
	}
	const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
	return name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}

/** A transport failure as the download reports it: the server is named (never its URL). */
function transportError(context: DownloadContext, error: unknown, signal: AbortSignal | undefined, duringBody: boolean): LwaError {
	if (isLwaError(error)) {
		return error;
	}
	if (isAbort(error, signal)) {
		return new LwaError('cancelled');
	}
	const mapped = context.mapError(error);
	if (duringBody && mapped.code === 'network') {
		// The connection ended before the body did: the file is incomplete.
		return failed('truncated');
	}
	if (mapped.code === 'network' || mapped.code === 'timeout') {
		return new LwaError(mapped.code, {
			...(mapped.reason !== undefined ? { reason: mapped.reason } : {}),
			...(mapped.requestSent !== undefined ? { requestSent: mapped.requestSent } : {}),
			facts: { ...mapped.facts, service: 'file_download' },
			cause: error,
		});
	}
	return mapped;
}

/** Downloads `download.url` into `sink` (see HttpDownloader in src/core/ports.ts for the contract). */
export async function streamDownload(context: DownloadContext, download: DownloadRequest, sink: DownloadSink): Promise<DownloadResponse> {
	const { signal } = download;
	const headers: Record<string, string> = { ...download.headers };
	if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
		throw failed('authorization_header');
	}
	if (context.userAgent && !Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) {
		headers['user-agent'] = context.userAgent;
	}
	let url = download.url;
	for (let hop = 0; ; hop++) {
		if (signal?.aborted) {
			throw new LwaError('cancelled');
		}
		if (downloadUrlProblem(url) !== undefined) {
			throw failed('not_https');
		}
		let response: Dispatcher.ResponseData;
		try {
			response = await request(url, {
				method: 'GET',
				headers,
				dispatcher: context.dispatcherFor(url),
				headersTimeout: context.headersTimeoutMs,
				bodyTimeout: context.bodyTimeoutMs,
				...(signal ? { signal } : {}),
			});
		} catch (error) {
			throw transportError(context, error, signal, false);
		}
		const responseHeaders = flatten(response.headers);
		const status = response.statusCode;
		if (REDIRECT_STATUSES.has(status)) {
			await response.body.dump({ limit: ERROR_BODY_BYTES }).catch(() => undefined);
			const next = sameOriginTarget(url, responseHeaders.location);
			if (next === undefined || hop >= MAX_DOWNLOAD_REDIRECTS) {
				throw failed('redirected_elsewhere', { status });
			}
			url = next;
			continue;
		}
		if (status < 200 || status >= 300) {
			await response.body.dump({ limit: ERROR_BODY_BYTES }).catch(() => undefined);
			return { status, headers: responseHeaders, bytes: 0 };
		}
		return { status, headers: responseHeaders, bytes: await pump(context, response, responseHeaders, download, sink) };
	}
}

/** The redirect's target when it stays on the same origin (scheme, host and port); otherwise undefined. */
function sameOriginTarget(from: string, location: string | undefined): string | undefined {
	if (location === undefined || location.trim() === '') {
		return undefined;
	}
	try {
		const target = new URL(location, from);
		return target.origin === new URL(from).origin ? target.href : undefined;
	} catch {
		return undefined;
	}
}

/** Drops a body that will not be read (its abort error is expected, not a failure). */
function discard(body: Dispatcher.ResponseData['body']): void {
	body.on('error', () => undefined);
	body.destroy();
}

async function pump(context: DownloadContext, response: Dispatcher.ResponseData, headers: Record<string, string>, download: DownloadRequest, sink: DownloadSink): Promise<number> {
	const declared = /^\d+$/.test(headers['content-length'] ?? '') ? Number(headers['content-length']) : undefined;
	if (declared !== undefined && declared > download.maxBytes) {
		discard(response.body);
		throw failed('too_large', { facts: { limitBytes: download.maxBytes } });
	}
	let bytes = 0;
	try {
		for await (const chunk of response.body) {
			const piece = chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as string);
			bytes += piece.length;
			if (bytes > download.maxBytes) {
				throw failed('too_large', { facts: { limitBytes: download.maxBytes } });
			}
			try {
				await sink.write(piece);
			} catch (error) {
				if (isLwaError(error)) {
					throw error;
				}
				const systemCode = (error as { code?: unknown } | undefined)?.code;
				throw failed('write_failed', typeof systemCode === 'string' ? { facts: { systemCode } } : {});
			}
		}
	} catch (error) {
		discard(response.body);
		throw transportError(context, error, download.signal, true);
	}
	if (declared !== undefined && bytes !== declared) {
		throw failed('truncated');
	}
	return bytes;
}
