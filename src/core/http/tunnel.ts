// An HTTP CONNECT tunnel through a forward proxy, written out instead of undici's ProxyAgent because
// ProxyAgent drops the proxy's answer (its Proxy-Authenticate header and status text): a user behind
// a proxy that wants Negotiate or refuses the host deserves to be told which. The proxy's answer is
// read with a size cap and a deadline and parsed strictly; nothing it says is shown except the
// status code and the names of the authentication schemes from a closed set.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ProxyAuthScheme } from './connectionFailure';
import { ConnectionFailure } from './connectionFailure';

/** The largest CONNECT answer (status line and headers) read before giving up on the proxy. */
export const MAX_CONNECT_RESPONSE_BYTES = 16 * 1024;

export interface TunnelOptions {
	/** The proxy's address without credentials: `http://host:port` or `https://host:port`. */
	proxyUrl: string;
	/** Sent as Proxy-Authorization; never logged. */
	proxyAuthorization?: string;
	/** Target host (as in a URL's hostname: IPv6 in brackets) and port. */
	host: string;
	port: number;
	/** Connection to the proxy plus its answer to CONNECT, in milliseconds. */
	timeoutMs: number;
	/** TLS options for an https: proxy (trusted CAs, rejectUnauthorized). */
	proxyTls?: tls.ConnectionOptions;
	/** Aborts the attempt (undici passes one per connection). */
	signal?: AbortSignal;
}

const KNOWN_SCHEMES: readonly ProxyAuthScheme[] = ['Basic', 'Digest', 'Negotiate', 'NTLM', 'Kerberos', 'Bearer'];
/** The schemes of Proxy-Authenticate challenges, mapped to a closed set (the proxy's own words never reach the user). */
export function challengeSchemes(values: readonly string[]): ProxyAuthScheme[] {
	const schemes: ProxyAuthScheme[] = [];
	for (const value of values) {
		for (const rawPart of value.split(',')) {
			const part = rawPart.trim();
			// `realm="x"` or `nonce=...` are parameters of the previous challenge, not schemes.
			if (part === '' || /^[^\s=]+\s*=/.test(part)) {
				continue;
			}
			const word = part.split(/\s+/)[0].toLowerCase();
			const known = KNOWN_SCHEMES.find((scheme) => scheme.toLowerCase() === word) ?? 'other';
			if (!schemes.includes(known)) {
				schemes.push(known);
			}
		}
	}
	return schemes.slice(0, 5);
}

interface ConnectAnswer {
	status: number;
	headers: [string, string][];
	rest: Buffer;
}

/** Parses the proxy's answer up to the blank line; undefined when it is not HTTP/1.x. */
export function parseConnectAnswer(head: Buffer): ConnectAnswer | 'incomplete' | undefined {
	const end = head.indexOf('\r\n\r\n');
	if (end === -1) {
		return 'incomplete';
	}
	const text = head.subarray(0, end).toString('latin1');
	const lines = text.split('\r\n');
	const statusLine = /^HTTP\/1\.[01] (\d{3})(?: [\t\x20-\x7e\x80-\xff]*)?$/.exec(lines[0]);
	if (!statusLine) {
		return undefined;
	}
	const headers: [string, string][] = [];
	for (const line of lines.slice(1)) {
		const header = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[\t ]*([\t\x20-\x7e\x80-\xff]*?)[\t ]*$/.exec(line);
		if (!header) {
			return undefined;
		}
		headers.push([header[1].toLowerCase(), header[2]]);
	}
	return { status: Number(statusLine[1]), headers, rest: head.subarray(end + 4) };
}

function hostPort(host: string, port: number): string {
	return `${host}:${port}`;
}

/** Connects to the proxy, asks for a tunnel to host:port, and resolves with the tunnel's socket (status 200 only). */
export function openTunnel(options: TunnelOptions): Promise<net.Socket> {
	const proxy = new URL(options.proxyUrl);
	const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
	const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
	return new Promise<net.Socket>((resolve, reject) => {
		let settled = false;
		let connected = false;
		let received = Buffer.alloc(0);
		const socket: net.Socket = proxy.protocol === 'https:'
			? tls.connect({ ...options.proxyTls, host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost, ALPNProtocols: ['http/1.1'] })
			: net.connect({ host: proxyHost, port: proxyPort });

		const fail = (error: ConnectionFailure): void => {
			if (settled) {
				return;
			}
			settled = true;
			cleanup();
			socket.destroy();
			reject(error);
		};
		const timer = setTimeout(() => {
			fail(connected
				? new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl })
				: new ConnectionFailure('proxy_unreachable', { proxy: options.proxyUrl, systemCode: 'ETIMEDOUT' }));
		}, options.timeoutMs);
		const onAbort = (): void => fail(new ConnectionFailure('proxy_unreachable', { proxy: options.proxyUrl, systemCode: 'ABORTED' }));
		options.signal?.addEventListener('abort', onAbort, { once: true });

		const onError = (error: Error & { code?: string }): void => {
			if (connected) {
				fail(new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl }, error));
			} else if (proxy.protocol === 'https:' && error.code !== undefined && !/^E[A-Z]+$/.test(error.code)) {
				// A TLS failure with the proxy itself (an https: proxy whose certificate is not trusted).
				fail(new ConnectionFailure('untrusted_certificate', { proxy: options.proxyUrl, systemCode: error.code }, error));
			} else {
				fail(new ConnectionFailure('proxy_unreachable', { proxy: options.proxyUrl, ...(error.code ? { systemCode: error.code } : {}) }, error));
			}
		};
		const onClose = (): void => fail(new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl }));
		const onData = (chunk: Buffer): void => {
			received = Buffer.concat([received, chunk]);
			const answer = parseConnectAnswer(received.subarray(0, MAX_CONNECT_RESPONSE_BYTES + 4));
			if (answer === 'incomplete') {
				if (received.length > MAX_CONNECT_RESPONSE_BYTES) {
					fail(new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl }));
				}
				return;
			}
			if (answer === undefined) {
				fail(new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl }));
				return;
			}
			if (answer.status === 200) {
				settled = true;
				cleanup();
				if (answer.rest.length > 0) {
					socket.unshift(answer.rest);
				}
				resolve(socket);
				return;
			}
			if (answer.status === 407) {
				const schemes = challengeSchemes(answer.headers.filter(([name]) => name === 'proxy-authenticate').map(([, value]) => value));
				fail(new ConnectionFailure('proxy_auth_required', { proxy: options.proxyUrl, status: 407, schemes, credentialsSent: options.proxyAuthorization !== undefined }));
			} else if (answer.status === 502 || answer.status === 503 || answer.status === 504) {
				fail(new ConnectionFailure('proxy_bad_gateway', { proxy: options.proxyUrl, status: answer.status }));
			} else if (answer.status >= 200 && answer.status < 600) {
				fail(new ConnectionFailure('proxy_refused', { proxy: options.proxyUrl, status: answer.status }));
			} else {
				fail(new ConnectionFailure('proxy_bad_response', { proxy: options.proxyUrl }));
			}
		};
		function cleanup(): void {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			socket.off('data', onData);
			socket.off('close', onClose);
			socket.off('error', onError);
			// Late errors on a failed or handed-over socket must not be unhandled.
			socket.on('error', () => undefined);
		}

		socket.on('error', onError);
		socket.on('close', onClose);
		socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
			connected = true;
			const target = hostPort(options.host, options.port);
			const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
			if (options.proxyAuthorization !== undefined) {
				lines.push(`Proxy-Authorization: ${options.proxyAuthorization}`);
			}
			socket.on('data', onData);
			socket.write(`${lines.join('\r\n')}\r\n\r\n`);
		});
	});
}
