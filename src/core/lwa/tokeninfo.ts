// tokeninfo (who was this access token issued to, and for how much longer) and the user profile.
import type { HttpClient } from '../ports';
import { systemClock } from '../ports';
import type { LwaErrorCode } from './errors';
import { LwaError } from './errors';
import { jsonObjectFromResponse, malformedResponse, optionalString, requiredString } from './response';

/** What LWA says about an access token. */
export interface TokenInfo {
	/** The client id the token was issued to. */
	audience: string;
	userId?: string;
	appId?: string;
	issuer?: string;
	/** LWA's `exp`: seconds remaining, not an epoch. */
	expiresInSeconds: number;
	/** LWA's `iat`, epoch seconds. */
	issuedAt?: number;
}

/** The signed-in user's profile (fields depend on the granted scopes). */
export interface UserProfile {
	userId: string;
	name?: string;
	email?: string;
	postalCode?: string;
}

// tokeninfo and profile answer an unusable token with invalid_token; to the user that is a refused grant.
const TOKEN_LOOKUP_ERRORS: Readonly<Record<string, LwaErrorCode>> = {
	invalid_token: 'invalid_grant',
	invalid_grant: 'invalid_grant',
	invalid_request: 'invalid_request',
	invalid_client: 'invalid_client',
	insufficient_scope: 'invalid_scope',
	server_error: 'server_error',
};

function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
	const value = body[field];
	if (value === undefined || value === null) {
		return undefined;
	}
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw malformedResponse('bad_field', { field });
	}
	return value;
}

/** GET <tokeninfo>?access_token=... with the usual response checks. */
export async function fetchTokenInfo(http: HttpClient, tokeninfoEndpoint: string, accessToken: string): Promise<TokenInfo> {
	const url = new URL(tokeninfoEndpoint);
	url.searchParams.set('access_token', accessToken);
	const response = await http.send({ method: 'GET', url: url.toString(), headers: { accept: 'application/json' } });
	const body = jsonObjectFromResponse(response, systemClock, TOKEN_LOOKUP_ERRORS);
	const audience = requiredString(body, 'aud');
	const expiresInSeconds = optionalNumber(body, 'exp');
	if (expiresInSeconds === undefined || !Number.isInteger(expiresInSeconds) || expiresInSeconds < 0) {
		throw malformedResponse('bad_field', { field: 'exp' });
	}
	const info: TokenInfo = { audience, expiresInSeconds };
	const userId = optionalString(body, 'user_id');
	const appId = optionalString(body, 'app_id');
	const issuer = optionalString(body, 'iss');
	const issuedAt = optionalNumber(body, 'iat');
	if (userId !== undefined) {
		info.userId = userId;
	}
	if (appId !== undefined) {
		info.appId = appId;
	}
	if (issuer !== undefined) {
		info.issuer = issuer;
	}
	if (issuedAt !== undefined) {
		info.issuedAt = issuedAt;
	}
	return info;
}

/** Throws LwaError('audience_mismatch') when the token was issued to another client. */
export function checkAudience(info: TokenInfo, clientId: string): void {
	if (info.audience !== clientId) {
		throw new LwaError('audience_mismatch');
	}
}

/** GET <profile> with Authorization: Bearer, with the usual response checks. */
export async function fetchUserProfile(http: HttpClient, profileEndpoint: string, accessToken: string): Promise<UserProfile> {
	const response = await http.send({
		method: 'GET',
		url: profileEndpoint,
		headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
	});
	const body = jsonObjectFromResponse(response, systemClock, TOKEN_LOOKUP_ERRORS);
	const profile: UserProfile = { userId: requiredString(body, 'user_id') };
	const name = optionalString(body, 'name');
	const email = optionalString(body, 'email');
	const postalCode = optionalString(body, 'postal_code');
	if (name !== undefined) {
		profile.name = name;
	}
	if (email !== undefined) {
		profile.email = email;
	}
	if (postalCode !== undefined) {
		profile.postalCode = postalCode;
	}
	return profile;
}
