// Building the authorization request (the URL the browser opens) and the `state` that comes back.
import { codeChallengeS256, createCodeVerifier, createNonce } from './pkce';
import type { RelayRoute } from './relayRoute';
import { MAX_STATE_LENGTH, NONCE_PATTERN, relayRouteProblem } from './relayRoute';

export type { ExternalRelayRoute, RelayRoute } from './relayRoute';
export { EDITOR_SCHEMES, parseEditorBase, readExternalCallbackUri, relayRouteFromExternalUri } from './relayRoute';

/**
 * state = the nonce alone when there is no relay route (a loopback sign-in, or one the user finishes
 * by pasting); `<nonce>.<kind>[.<reqid>[.<segment>]]` with one. Throws on a route the relay page
 * would refuse, or a state over 512 characters: the flow builds routes with relayRouteFromExternalUri,
 * so either is a bug.
 */
export function encodeState(nonce: string, relay?: RelayRoute): string {
	if (!NONCE_PATTERN.test(nonce)) {
		throw new Error('encodeState: the nonce is not 16 to 128 base64url characters.');
	}
	if (relay === undefined) {
		return nonce;
	}
	const problem = relayRouteProblem(relay);
	if (problem) {
		throw new Error(`encodeState: ${problem}.`);
	}
	const parts = [nonce, relay.kind];
	if (relay.reqid !== undefined) {
		parts.push(relay.reqid);
	}
	if (relay.segment !== undefined) {
		parts.push(relay.segment);
	}
	const state = parts.join('.');
	if (state.length > MAX_STATE_LENGTH) {
		throw new Error('encodeState: the state would be longer than 512 characters.');
	}
	return state;
}

/** The nonce and relay route inside a state, or undefined when the state is not one encodeState makes. */
export function decodeState(state: string): { nonce: string; relay?: RelayRoute } | undefined {
	if (state.length > MAX_STATE_LENGTH) {
		return undefined;
	}
	const [nonce, kind, reqid, segment, ...rest] = state.split('.');
	if (!NONCE_PATTERN.test(nonce) || rest.length > 0) {
		return undefined;
	}
	if (kind === undefined) {
		return { nonce };
	}
	const relay: RelayRoute = { kind };
	if (reqid !== undefined) {
		relay.reqid = reqid;
	}
	if (segment !== undefined) {
		relay.segment = segment;
	}
	return relayRouteProblem(relay) === undefined ? { nonce, relay } : undefined;
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
	/** Where the relay page returns the sign-in; none for a loopback sign-in or one finished by pasting. */
	relay?: RelayRoute;
}): AuthorizationRequest {
	const nonce = createNonce();
	const state = encodeState(nonce, input.relay);
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
