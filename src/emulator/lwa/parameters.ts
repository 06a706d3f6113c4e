// Rules for request parameters that both /ap/oa and /auth/o2/token read: scopes, scope_data and PKCE.
import { createHash } from 'node:crypto';
import { sameSecret } from '../secrets';

/** The customer profile scopes; every other known scope is a namespaced API scope. */
export const PROFILE_SCOPES: ReadonlySet<string> = new Set(['profile', 'profile:user_id', 'postal_code']);
/** Namespaced API scopes such as `advertising::campaign_management`, `alexa::ask:skills:read`, `cpc_advertising:campaign_management`. */
const NAMESPACED_SCOPE = /^[A-Za-z0-9_.-]+(?:::?[A-Za-z0-9_.-]+)+$/;
/** RFC 7636: 43..128 characters of the unreserved set (verifier and challenge alike). */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

/** Real LWA wording for a scope it does not know. */
export const UNKNOWN_SCOPE = 'An unknown scope was requested';

/** A space-separated scope parameter as a list without repeats. */
export function splitScopes(scope: string): string[] {
	return [...new Set(scope.split(/\s+/).filter((part) => part !== ''))];
}

export function isKnownScope(scope: string): boolean {
	return PROFILE_SCOPES.has(scope) || NAMESPACED_SCOPE.test(scope);
}

/** scope_data: `{"profile":{"essential":true}}`; returns scope -> essential, or undefined when malformed. */
export function parseScopeData(raw: string | null, scopes: readonly string[]): Map<string, boolean> | undefined {
	const result = new Map<string, boolean>();
	if (raw === null) {
		return result;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return undefined;
	}
	for (const [scope, value] of Object.entries(parsed as Record<string, unknown>)) {
		if (!scopes.includes(scope) || typeof value !== 'object' || value === null) {
			return undefined;
		}
		const essential = (value as Record<string, unknown>).essential;
		if (essential !== undefined && typeof essential !== 'boolean') {
			return undefined;
		}
		if (essential !== undefined) {
			result.set(scope, essential);
		}
	}
	return result;
}

/** True when the verifier answers the challenge that /ap/oa received. */
export function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
	const expected = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
	return sameSecret(expected, challenge);
}
