// The server's checks of a request line: the secret, compared in constant time, then every field.
// Kept apart from protocol.ts so that the helper, which starts in every `$(lwa-token)`, loads neither
// node:crypto nor this code.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenRequest } from './protocol';
import { isSafeName, isTokenFormat, PROTOCOL_VERSION } from './protocol';

/**
 * Compares the secret a request carries with the server's in constant time: both are hashed first, so
 * neither the length nor the position of the first difference shows in the time taken.
 */
export function secretMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string') {
		return false;
	}
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Reads a request line. `secret_mismatch` and `malformed` (not JSON, not an object) get no answer at
 * all; `invalid` (the secret matched, a field did not) gets a usage refusal.
 */
export function decodeRequest(line: string, expectedSecret: string):
	| { kind: 'request'; request: TokenRequest }
	| { kind: 'malformed' }
	| { kind: 'secret_mismatch' }
	| { kind: 'invalid'; field: string } {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return { kind: 'malformed' };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return { kind: 'malformed' };
	}
	const record = parsed as Record<string, unknown>;
	if (!secretMatches(record.secret, expectedSecret)) {
		return { kind: 'secret_mismatch' };
	}
	if (record.v !== PROTOCOL_VERSION) {
		return { kind: 'invalid', field: 'v' };
	}
	if (!isTokenFormat(record.format)) {
		return { kind: 'invalid', field: 'format' };
	}
	const request: TokenRequest = { format: record.format };
	for (const field of ['profile', 'partner', 'scope'] as const) {
		const value = record[field];
		if (value === undefined) {
			continue;
		}
		if (!isSafeName(value)) {
			return { kind: 'invalid', field };
		}
		request[field] = value;
	}
	if (request.partner !== undefined && request.scope !== undefined) {
		return { kind: 'invalid', field: 'scope' };
	}
	for (const field of ['pid', 'ppid'] as const) {
		const value = record[field];
		if (value === undefined) {
			continue;
		}
		if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
			return { kind: 'invalid', field };
		}
		request[field] = value;
	}
	return { kind: 'request', request };
}
