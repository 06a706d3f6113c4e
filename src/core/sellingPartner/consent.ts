// The Seller Central / Vendor Central consent URI of the website authorization workflow:
// {central base}/apps/authorize/consent?application_id=…&state=…[&version=beta][&redirect_uri=…]
// (Amazon's developer guide, "Constructing an OAuth authorization URI"). The state is the same
// `<nonce>[.<relay route>]` an LWA sign-in uses, so the relay page and the pending sign-ins route it
// alike. Refusals come back as reasons with data, never as sentences: the UI words them.
import { encodeState } from '../lwa/authorize';
import { isLoopbackHost } from '../lwa/endpoints';
import { codeChallengeS256, createCodeVerifier, createNonce } from '../lwa/pkce';
import type { RelayRoute } from '../lwa/relayRoute';
import { APPLICATION_ID_PATTERN } from './identifiers';
import type { PartnerType } from './marketplaces';

export const CONSENT_PATH = '/apps/authorize/consent';

export interface ConsentRequestInput {
	/** The app ID (amzn1.sp.solution.… / amzn1.sellerapps.app.…), not the LWA client id. */
	applicationId: string;
	/**
	 * Seller Central or Vendor Central base URL: `centralBase(marketplace, partnerType)`, or the
	 * profile's `endpoints.sellerCentral` / `endpoints.vendorCentral` override. https:, or http: to a
	 * loopback host (an emulator); no user name, query or fragment.
	 */
	consentBase: string;
	partnerType: PartnerType;
	/** A draft app needs version=beta; without it Amazon authorizes the published app (or shows MD1000). */
	draft: boolean;
	/** Optional for Amazon (it then uses the first registered OAuth redirect URI); sent when given. */
	redirectUri?: string;
	relay?: RelayRoute;
	/**
	 * PKCE on the SP-API consent URI is UNCONFIRMED: Amazon documents none for SP-API (LWA itself accepts
	 * code_challenge). Off unless the profile turns it on; when on, an S256 challenge is sent and the
	 * verifier must go with the code exchange.
	 */
	pkce?: boolean;
}

/** What a pending consent sign-in remembers. `codeVerifier` is a secret. */
export interface ConsentRequest {
	url: string;
	state: string;
	nonce: string;
	partnerType: PartnerType;
	/** The redirect URI sent, which the code exchange must send again; undefined when none was sent. */
	redirectUri?: string;
	codeVerifier?: string;
}

export type ConsentRequestRefusal =
	/** The application id is not an app ID (a client id there fails with MD1000). */
	| 'application_id_shape'
	/** The consent base is not an https: URL (or http: to loopback) without user name, query and fragment. */
	| 'consent_base'
	/** The redirect URI is not an http(s) URL, has a user name, or has a fragment (MD5110). */
	| 'redirect_uri';

export type ConsentRequestResult = { ok: true; request: ConsentRequest } | { ok: false; reason: ConsentRequestRefusal };

/** The consent URL of `base` (its own path kept, trailing slashes dropped), or undefined when `base` is not acceptable. */
export function consentUrlOf(base: string): URL | undefined {
	let url: URL;
	try {
		url = new URL(base);
	} catch {
		return undefined;
	}
	const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
	if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || base.includes('#') || base.includes('\\')) {
		return undefined;
	}
	url.pathname = `${url.pathname.replace(/\/+$/, '')}${CONSENT_PATH}`;
	return url;
}

function acceptableRedirectUri(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}
	return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && !value.includes('#');
}

/** Builds the consent URL with a fresh nonce (state) and, when asked, a PKCE challenge. */
export function createConsentRequest(input: ConsentRequestInput): ConsentRequestResult {
	if (typeof input.applicationId !== 'string' || !APPLICATION_ID_PATTERN.test(input.applicationId)) {
		return { ok: false, reason: 'application_id_shape' };
	}
	const url = typeof input.consentBase === 'string' ? consentUrlOf(input.consentBase) : undefined;
	if (url === undefined) {
		return { ok: false, reason: 'consent_base' };
	}
	if (input.redirectUri !== undefined && (typeof input.redirectUri !== 'string' || !acceptableRedirectUri(input.redirectUri))) {
		return { ok: false, reason: 'redirect_uri' };
	}
	const nonce = createNonce();
	const state = encodeState(nonce, input.relay);
	const params = url.searchParams;
	params.set('application_id', input.applicationId);
	params.set('state', state);
	if (input.draft) {
		params.set('version', 'beta');
	}
	if (input.redirectUri !== undefined) {
		params.set('redirect_uri', input.redirectUri);
	}
	const request: ConsentRequest = { url: '', state, nonce, partnerType: input.partnerType };
	if (input.redirectUri !== undefined) {
		request.redirectUri = input.redirectUri;
	}
	if (input.pkce === true) {
		const codeVerifier = createCodeVerifier();
		params.set('code_challenge', codeChallengeS256(codeVerifier));
		params.set('code_challenge_method', 'S256');
		request.codeVerifier = codeVerifier;
	}
	request.url = url.toString();
	return { ok: true, request };
}
