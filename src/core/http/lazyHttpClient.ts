// Defers loading the real HTTP client (undici, ~0.5 MB) until the first request.
import type { HttpClient } from '../ports';

/** An HttpClient that calls `load()` on the first send(), once, and delegates to what it returned. */
export function lazyHttpClient(load: () => HttpClient): HttpClient {
	let client: HttpClient | undefined;
	return {
		send(request) {
			if (!client) {
				client = load();
			}
			return client.send(request);
		},
	};
}
