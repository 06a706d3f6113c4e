// The connect function of the undici Agent: a direct connection, or a CONNECT tunnel through the
// proxy (tunnel.ts), then TLS with the trusted CA list (tlsTrust.ts). Bundled only into
// dist/undiciHttpClient.js (imported by undiciHttpClient.ts alone).
//
// With strict TLS on, certificates are still verified by Node (chain and host name), but the socket
// is opened with rejectUnauthorized false and refused here when Node says it is not authorized: that
// is the only moment the peer's chain can be read, to name the issuer the machine does not trust.
// No byte of the request is written before this check, and TLS sessions are not cached, so a
// session from a refused connection can never be resumed.
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { buildConnector } from 'undici';
import { ConnectionFailure } from './connectionFailure';
import type { TrustedCertificates } from './tlsTrust';
import { isUntrustedIssuerCode, topIssuerName } from './tlsTrust';
import { openTunnel } from './tunnel';

export interface ConnectorOptions {
	timeoutMs: number;
	strictSSL: boolean;
	trust: TrustedCertificates;
	/** Name resolution for direct connections (undefined: the system's). */
	lookup?: net.LookupFunction;
	/** The proxy to tunnel through (address without credentials), or undefined for direct connections. */
	proxyUrl?: string;
	proxyAuthorization?: string;
}

function defaultPort(protocol: string): number {
	return protocol === 'https:' ? 443 : 80;
}

/** Checks a freshly connected socket: with strict TLS, an https: connection must be authorized. */
function verified(options: ConnectorOptions, protocol: string, callback: buildConnector.Callback): buildConnector.Callback {
	return (error: Error | null, socket: net.Socket | tls.TLSSocket | null) => {
		if (error || !socket) {
			callback(error ?? new Error('no socket'), null);
			return;
		}
		if (options.strictSSL && protocol === 'https:') {
			const tlsSocket = socket as tls.TLSSocket;
			if (tlsSocket.authorized !== true) {
				const code = typeof tlsSocket.authorizationError === 'string' ? tlsSocket.authorizationError : String(tlsSocket.authorizationError?.message ?? 'CERT_UNTRUSTED');
				let failure: Error;
				if (isUntrustedIssuerCode(code)) {
					const issuer = topIssuerName(tlsSocket.getPeerCertificate(true));
					failure = new ConnectionFailure('untrusted_certificate', { systemCode: code, ...(issuer ? { issuer } : {}), systemStoreUsed: options.trust.system === 'included' });
				} else {
					// Expired, not yet valid, wrong host name: mapped as a TLS failure.
					failure = Object.assign(new Error('TLS verification failed'), { code });
				}
				socket.destroy();
				callback(failure, null);
				return;
			}
		}
		callback(null, socket);
	};
}

/** An undici `connect` function for one proxy (or none). */
export function createConnector(options: ConnectorOptions): buildConnector.connector {
	const base = buildConnector({
		timeout: options.timeoutMs,
		rejectUnauthorized: false,
		maxCachedSessions: 0,
		...(options.lookup ? { lookup: options.lookup } : {}),
		...(options.trust.ca ? { ca: options.trust.ca } : {}),
	});
	const proxyTls: tls.ConnectionOptions = { rejectUnauthorized: options.strictSSL, ...(options.trust.ca ? { ca: options.trust.ca } : {}) };
	return (connectOptions, callback) => {
		const protocol = connectOptions.protocol;
		if (!options.proxyUrl) {
			base(connectOptions, verified(options, protocol, callback));
			return;
		}
		const port = Number(connectOptions.port) || defaultPort(protocol);
		openTunnel({
			proxyUrl: options.proxyUrl,
			...(options.proxyAuthorization !== undefined ? { proxyAuthorization: options.proxyAuthorization } : {}),
			host: connectOptions.hostname,
			port,
			timeoutMs: options.timeoutMs,
			proxyTls,
		}).then(
			(socket) => {
				if (protocol === 'https:') {
					base({ ...connectOptions, httpSocket: socket }, verified(options, protocol, callback));
				} else {
					callback(null, socket);
				}
			},
			(error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
		);
	};
}
