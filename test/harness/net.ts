import * as http from 'node:http';
import * as net from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Polls a URL until it answers 2xx, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await new Promise<boolean>((resolve) => {
			const request = http.get(url, (response) => {
				response.resume();
				resolve((response.statusCode ?? 500) < 300);
			});
			request.on('error', () => resolve(false));
			request.setTimeout(2000, () => request.destroy());
		});
		if (ok) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`${url} did not answer within ${timeoutMs} ms`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
