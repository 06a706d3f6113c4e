// Which certificate authorities a request trusts, and what to say when a server's certificate is not
// trusted. VS Code's own networking trusts Node's bundled CAs, NODE_EXTRA_CA_CERTS and the operating
// system's store (http.systemCertificates); undici with an explicit CA list would otherwise trust only
// what is named, so the list is built here the same way. The system store is read with
// tls.getCACertificates('system') (Node 22.15 / 23.10 and later); where the function is missing,
// Node's defaults stay in force and the system store is reported as unavailable.
import * as tls from 'node:tls';

/** The part of node:tls this module reads (a seam for tests on a Node without the function). */
export interface CaSource {
	getCACertificates?: (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];
}

export interface TrustedCertificates {
	/** The CA list to pass to TLS, or undefined to keep Node's defaults (bundled + NODE_EXTRA_CA_CERTS). */
	ca?: string[];
	/** Whether the system store is part of it: `included`, `off` (http.systemCertificates false), or `unavailable`. */
	system: 'included' | 'off' | 'unavailable';
	/** How many certificates the system store gave (0 unless included). */
	systemCount: number;
}

/** Node's default CAs (bundled + NODE_EXTRA_CA_CERTS) plus, when asked and available, the system store; duplicates removed. */
export function trustedCertificates(systemCertificates: boolean, source: CaSource = tls as CaSource): TrustedCertificates {
	if (!systemCertificates) {
		return { system: 'off', systemCount: 0 };
	}
	if (typeof source.getCACertificates !== 'function') {
		return { system: 'unavailable', systemCount: 0 };
	}
	let system: string[];
	try {
		system = source.getCACertificates('system');
	} catch {
		return { system: 'unavailable', systemCount: 0 };
	}
	const all = new Set<string>([...source.getCACertificates('default'), ...system]);
	return { ca: [...all], system: 'included', systemCount: system.length };
}

/** TLS verification failures that mean "this machine does not trust the certificate's issuer". */
const UNTRUSTED_CODES = new Set([
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG',
]);

/** True for an OpenSSL verification code that a trusted CA (the system store, NODE_EXTRA_CA_CERTS) would fix. */
export function isUntrustedIssuerCode(code: string | undefined): boolean {
	return code !== undefined && UNTRUSTED_CODES.has(code);
}

const MAX_ISSUER_LENGTH = 80;

/**
 * A certificate's name as it may be shown: letters, digits, spaces and . , & ' - _ only (no markup,
 * no link, no control or direction characters), at most 80 characters. The name is chosen by
 * whoever made the certificate, so it is shown quoted, never trusted.
 */
export function printableName(value: unknown): string | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string') {
		return undefined;
	}
	const cleaned = text.normalize('NFC').replace(/[^\p{L}\p{N} .,&'_-]/gu, ' ').replace(/\s+/g, ' ').trim();
	if (cleaned === '') {
		return undefined;
	}
	return Array.from(cleaned).slice(0, MAX_ISSUER_LENGTH).join('');
}

/** The name of the top issuer of a peer certificate chain (the CA the machine would have to trust). */
export function topIssuerName(certificate: tls.DetailedPeerCertificate | undefined): string | undefined {
	let current = certificate;
	const seen = new Set<tls.DetailedPeerCertificate>();
	for (let depth = 0; current && depth < 16 && !seen.has(current); depth++) {
		seen.add(current);
		const next = current.issuerCertificate;
		if (!next || next === current || Object.keys(next).length === 0) {
			break;
		}
		current = next;
	}
	if (!current?.issuer) {
		return undefined;
	}
	return printableName(current.issuer.CN) ?? printableName(current.issuer.O);
}
