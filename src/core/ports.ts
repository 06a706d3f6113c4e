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
