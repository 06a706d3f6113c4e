// Failures on the way to the server that the corporate network causes: the proxy (unusable setting,
// unreachable, refusing the tunnel, asking for authentication, answering garbage) and a certificate
// this machine does not trust. Raised by the connector (connector.ts, tunnel.ts) before any byte of
// the request is written, and mapped to an LwaError by the HTTP client. Every fact here is safe to
// show: the extension's own setting names, numbers, a closed set of scheme names, and a certificate
// issuer's name made printable and bounded (tlsTrust.ts); never credentials or server text.
import type { ProxyProblem } from './proxy';

/** The closed set of authentication schemes a proxy may ask for, as named to the user. */
export type ProxyAuthScheme = 'Basic' | 'Digest' | 'Negotiate' | 'NTLM' | 'Kerberos' | 'Bearer' | 'other';

export type ConnectionFailureKind =
	| 'invalid_proxy'
	| 'proxy_unreachable'
	| 'proxy_auth_required'
	| 'proxy_refused'
	| 'proxy_bad_gateway'
	| 'proxy_bad_response'
	| 'untrusted_certificate';

export interface ConnectionFailureFacts {
	/** invalid_proxy: what is wrong and the setting or variable to fix. */
	problem?: ProxyProblem;
	/** The proxy's address without credentials (`http://host:port`). */
	proxy?: string;
	/** proxy_refused / proxy_bad_gateway / proxy_auth_required: the proxy's status code. */
	status?: number;
	/** proxy_auth_required: the schemes the proxy asked for (Proxy-Authenticate), in order, at most 5. */
	schemes?: ProxyAuthScheme[];
	/** proxy_auth_required: whether a Proxy-Authorization header was sent (so the credentials were refused). */
	credentialsSent?: boolean;
	/** proxy_unreachable / untrusted_certificate: Node's or OpenSSL's code (ECONNREFUSED, UNABLE_TO_GET_ISSUER_CERT_LOCALLY). */
	systemCode?: string;
	/** untrusted_certificate: the name of the certificate chain's top issuer, printable and bounded. */
	issuer?: string;
	/** untrusted_certificate: whether the operating system's store was part of the trusted set. */
	systemStoreUsed?: boolean;
}

const BRAND = Symbol.for('lwa-credentials.ConnectionFailure');

/** A failure before the request left: always `requestSent: false`. */
export class ConnectionFailure extends Error {
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
	}

	readonly requestSent = false;

	constructor(readonly kind: ConnectionFailureKind, readonly facts: ConnectionFailureFacts = {}, cause?: unknown) {
		super(`connection failure: ${kind}`);
		this.name = 'ConnectionFailure';
		Object.defineProperty(this, BRAND, { value: true, enumerable: false });
		if (cause !== undefined) {
			Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
		}
	}
}
