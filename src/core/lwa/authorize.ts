// Building the authorization request (the URL the browser opens) and the `state` that comes back.
import { codeChallengeS256, createCodeVerifier, createNonce } from './pkce';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** state = nonce when there is no (or an empty) relay target; `${nonce}.${base64url(utf8 target)}` with one. */
export function encodeState(nonce: string, relayTarget?: string): string {
	if (relayTarget === undefined || relayTarget === '') {
		return nonce;
	}
	return `${nonce}.${Buffer.from(relayTarget, 'utf8').toString('base64url')}`;
}

/** The nonce and relay target inside a state, or undefined when the state is not one this module made. */
export function decodeState(state: string): { nonce: string; relayTarget?: string } | undefined {
	const parts = state.split('.');
	if (parts.length > 2 || !BASE64URL.test(parts[0])) {
		return undefined;
	}
	if (parts.length === 1) {
		return { nonce: parts[0] };
	}
	if (!BASE64URL.test(parts[1])) {
		return undefined;
	}
	const relayTarget = Buffer.from(parts[1], 'base64url').toString('utf8');
	// Re-encoding must give the same text, or the target was not valid UTF-8 base64url.
	if (Buffer.from(relayTarget, 'utf8').toString('base64url') !== parts[1]) {
		return undefined;
	}
	return { nonce: parts[0], relayTarget };
}

/** Everything a pending sign-in needs to remember. `codeVerifier` is a secret. */
export interface AuthorizationRequest {
	url: string;
	state: string;
	nonce: string;
	codeVerifier?: string;
	redirectUri: string;
}

/** Builds the authorization URL with a fresh nonce (state) and, when `pkce`, a fresh S256 challenge. */
export function createAuthorizationRequest(input: {
	authorizationEndpoint: string;
	clientId: string;
	scopes: string[];
	scopeData?: Record<string, { essential: boolean }>;
	redirectUri: string;
	pkce: boolean;
	relayTarget?: string;
}): AuthorizationRequest {
	const nonce = createNonce();
	const state = encodeState(nonce, input.relayTarget);
	const url = new URL(input.authorizationEndpoint);
	const params = url.searchParams;
	params.set('client_id', input.clientId);
	params.set('scope', input.scopes.join(' '));
	if (input.scopeData && Object.keys(input.scopeData).length > 0) {
		params.set('scope_data', JSON.stringify(input.scopeData));
	}
	params.set('response_type', 'code');
	params.set('redirect_uri', input.redirectUri);
	params.set('state', state);
	const request: AuthorizationRequest = { url: '', state, nonce, redirectUri: input.redirectUri };
	if (input.pkce) {
		const codeVerifier = createCodeVerifier();
		params.set('code_challenge', codeChallengeS256(codeVerifier));
		params.set('code_challenge_method', 'S256');
		request.codeVerifier = codeVerifier;
	}
	// URLSearchParams writes spaces as '+' (and a literal '+' as %2B); LWA documents %20 (scope=profile%20postal_code).
	url.search = params.toString().replace(/\+/g, '%20');
	request.url = url.toString();
	return request;
}
