// PKCE (RFC 7636) with S256, and random nonces.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh code verifier: 32 random bytes, base64url (43 characters of the RFC 7636 unreserved set). */
export function createCodeVerifier(): string {
	return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(verifier))), per RFC 7636 section 4.2. */
export function codeChallengeS256(verifier: string): string {
	return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh nonce: 32 random bytes (256 bits), base64url. */
export function createNonce(): string {
	return randomBytes(32).toString('base64url');
}
