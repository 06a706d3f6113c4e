// Making and comparing secret values: the random codes, tokens and ids the emulator hands out, and a
// constant-time comparison for what clients send back.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as base64url text. */
export function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

/** `length` random ASCII letters (the alphabet of LWA's authorization codes after their `AN` prefix). */
export function randomAlphanumeric(length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = randomBytes(length);
	let result = '';
	for (const byte of bytes) {
		result += alphabet[byte % alphabet.length];
	}
	return result;
}

/** Compares secrets in constant time (over their digests, so lengths do not leak either). */
export function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}
