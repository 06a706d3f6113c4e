// Ports: the small interfaces through which the protocol core reaches the outside world.
// The VS Code layer and the tests supply the implementations.

/** One HTTP request, fully built (headers included) before it is sent. */
export interface HttpRequest {
	method: 'GET' | 'POST';
	url: string;
	headers: Record<string, string>;
	body?: string;
	/** A larger (or smaller) response size cap than the client's default, for answers known to be big (the Ads profile list). */
	maxResponseBytes?: number;
}

/** One HTTP response, body read completely (within the client's size cap). Header names are lower-case. */
export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * Sends HTTP requests. `send()` resolves with any status (4xx/5xx included) and rejects only with
 * LwaError: 'network' (DNS, refused, reset, TLS; `requestSent` false when the connection was never
 * made), 'timeout', or 'malformed_response' (body over the size cap).
 */
export interface HttpClient {
	send(request: HttpRequest): Promise<HttpResponse>;
}

/** One streamed download (a presigned file URL): the body goes to a sink, never into memory whole. */
export interface DownloadRequest {
	url: string;
	/**
	 * Headers to send. Never an Authorization header: a presigned URL carries its own signature, and
	 * the client refuses one (src/core/http/download.ts).
	 */
	headers?: Record<string, string>;
	/** The body is refused as soon as it passes this many bytes (and at once when Content-Length says more). */
	maxBytes: number;
	/** Aborts the download; the promise then rejects with LwaError('cancelled'). */
	signal?: AbortSignal;
}

/** What a download received. Header names are lower-case. */
export interface DownloadResponse {
	status: number;
	headers: Record<string, string>;
	/** Bytes written to the sink (0 for a non-2xx answer, whose body is read and dropped, bounded). */
	bytes: number;
}

/** Where a download's body goes, chunk by chunk; `write` resolves when the chunk may be reused (backpressure). */
export interface DownloadSink {
	write(chunk: Uint8Array): Promise<void>;
}

/**
 * Streams response bodies to a sink. https only, except loopback addresses (tests, an emulator);
 * redirects followed only within the same origin; a 2xx body is written to the sink as it arrives and
 * must arrive whole (Content-Length honoured). Rejects with LwaError: 'download_failed' (reasons
 * `not_https`, `redirected_elsewhere`, `too_large`, `truncated`, `write_failed`), 'network', 'timeout'
 * or 'cancelled'. A non-2xx answer resolves with its status and nothing written.
 */
export interface HttpDownloader {
	download(request: DownloadRequest, sink: DownloadSink): Promise<DownloadResponse>;
}

/** Key/value storage for secrets (SecretStorage in VS Code, a Map in tests). */
export interface SecretStore {
	get(key: string): Promise<string | undefined>;
	store(key: string, value: string): Promise<void>;
	delete(key: string): Promise<void>;
	/**
	 * Optional: calls `listener` with the key after any change, including changes made by other
	 * windows sharing the store (VS Code's SecretStorage.onDidChange). Without it, other windows'
	 * changes are only seen on the next read.
	 */
	onDidChange?(listener: (key: string) => void): Disposable;
}

/** Levelled log. Messages describe events, never secret values. */
export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** Source of the current time in epoch milliseconds; injected so that tests control time. */
export interface Clock {
	now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A logger that drops everything. */
export const silentLogger: Logger = {
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
};

/** Something that holds resources until disposed. */
export interface Disposable {
	dispose(): void;
}
