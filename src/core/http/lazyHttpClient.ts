// Defers loading the real HTTP client (undici, ~0.5 MB) until the first request.
import type { HttpClient, HttpDownloader } from '../ports';

/** An HttpClient (and downloader) that calls `load()` on the first send() or download(), once, and delegates to what it returned. */
export function lazyHttpClient(load: () => HttpClient & HttpDownloader): HttpClient & HttpDownloader;
export function lazyHttpClient(load: () => HttpClient): HttpClient;
export function lazyHttpClient(load: () => HttpClient & Partial<HttpDownloader>): HttpClient & HttpDownloader {
	let client: (HttpClient & Partial<HttpDownloader>) | undefined;
	const loaded = (): HttpClient & Partial<HttpDownloader> => {
		client ??= load();
		return client;
	};
	return {
		send: (request) => loaded().send(request),
		download: (request, sink) => {
			const real = loaded();
			if (!real.download) {
				throw new Error('This HTTP client cannot download.');
			}
			return real.download(request, sink);
		},
	};
}
