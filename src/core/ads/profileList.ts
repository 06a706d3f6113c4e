// GET /v2/profiles of the Amazon Ads API: the request (built whole before it is sent) and the answer,
// read with the raw JSON reader so that 64-bit profile ids stay exact text. Refusals become LwaErrors
// with a reason and safe facts; the Ads API's own text (its "details") is never kept or shown.
import type { LwaErrorReason } from '../lwa/errors';
import { LwaError } from '../lwa/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../ports';
import type { Profile } from '../profiles';
import { ADS_CLIENT_ID_HEADER, advertisingApiBase, hostOf, PROFILES_PATH } from './hosts';
import type { JsonValue } from './rawJson';
import { isJsonObject, JsonNumber, parseRawJson, RawJsonError } from './rawJson';

/** What kind of account an advertiser profile belongs to (Amazon documents seller, vendor, agency). */
export type AdvertisingAccountType = 'seller' | 'vendor' | 'agency' | 'other';

/** One advertiser profile as the list gives it. Text fields are the server's: escape them before showing. */
export interface AdvertisingProfile {
	/** A positive 64-bit integer as decimal text, exactly as the API wrote it. */
	profileId: string;
	countryCode: string;
	currencyCode: string;
	timezone: string;
	type: AdvertisingAccountType;
	/** accountInfo.name; '' when absent. */
	name: string;
	marketplaceStringId: string;
	/** accountInfo.id (an entity or advertiser id), '' when absent. */
	accountId: string;
	/** accountInfo.validPaymentMethod when given. */
	validPaymentMethod?: boolean;
}

/** The list, and how many entries could not be read (skipped, never guessed at). */
export interface AdvertisingProfileList {
	profiles: AdvertisingProfile[];
	skipped: number;
}

/**
 * The cap on the answer's size. Amazon returns at most 5,000 profiles; each is a few hundred bytes,
 * so the list can pass the HTTP client's 1 MiB default. 16 MiB leaves room for long names and
 * whitespace without letting a broken server fill the memory.
 */
export const PROFILE_LIST_MAX_BYTES = 16 * 1024 * 1024;
/** Amazon's documented maximum; a longer list is read up to here. */
export const PROFILE_LIST_MAX_ENTRIES = 5000;

/** A profile id: a positive integer below 2^64, written without leading zeros. */
export function isAdvertisingProfileId(text: string): boolean {
	return /^[1-9][0-9]{0,19}$/.test(text) && BigInt(text) < 2n ** 64n;
}

/** The request for the profiles of the token's user in the profile's Ads region. */
export function advertisingProfilesRequest(profile: Pick<Profile, 'region' | 'apiEndpoints' | 'clientId'>, accessToken: string): HttpRequest {
	return {
		method: 'GET',
		url: `${advertisingApiBase(profile)}${PROFILES_PATH}`,
		headers: {
			'Authorization': `Bearer ${accessToken}`,
			[ADS_CLIENT_ID_HEADER]: profile.clientId,
			'Accept': 'application/json',
		},
		maxResponseBytes: PROFILE_LIST_MAX_BYTES,
	};
}

/** Sends the request and reads the answer. Throws LwaError (facts.host names the Ads host). */
export async function listAdvertisingProfiles(http: HttpClient, profile: Pick<Profile, 'region' | 'apiEndpoints' | 'clientId'>, accessToken: string): Promise<AdvertisingProfileList> {
	const request = advertisingProfilesRequest(profile, accessToken);
	const host = hostOf(advertisingApiBase(profile));
	let response: HttpResponse;
	try {
		response = await http.send(request);
	} catch (error) {
		// The transport's errors name no server: say it was the Ads API, so the words do not blame LWA.
		if (error instanceof LwaError && error.facts.service === undefined) {
			throw new LwaError(error.code, {
				...(error.reason !== undefined ? { reason: error.reason } : {}),
				...(error.status !== undefined ? { status: error.status } : {}),
				...(error.requestSent !== undefined ? { requestSent: error.requestSent } : {}),
				facts: { ...error.facts, service: 'advertising_api', host },
				cause: error,
			});
		}
		throw error;
	}
	return readAdvertisingProfilesResponse(response, host);
}

/**
 * The answer of GET /v2/profiles: the list on 200; an LwaError otherwise:
 * - 400, 401, 403: `advertising_api` with a reason (see adsRefusalReason);
 * - 429: `rate_limited` (with Retry-After); 5xx: `server_error`;
 * - anything else, or a 200 that is not a JSON list: `malformed_response`.
 */
export function readAdvertisingProfilesResponse(response: HttpResponse, host: string): AdvertisingProfileList {
	const facts = { service: 'advertising_api' as const, host };
	if (response.status === 200) {
		if (!isJsonContentType(response.headers['content-type'])) {
			throw new LwaError('malformed_response', { reason: 'not_json', status: 200, facts });
		}
		let body: JsonValue;
		try {
			body = parseRawJson(response.body);
		} catch (error) {
			throw new LwaError('malformed_response', { reason: 'not_a_list', status: 200, facts, cause: error instanceof RawJsonError ? error : undefined });
		}
		if (!Array.isArray(body)) {
			throw new LwaError('malformed_response', { reason: 'not_a_list', status: 200, facts });
		}
		return readEntries(body);
	}
	if (response.status === 400 || response.status === 401 || response.status === 403) {
		throw new LwaError('advertising_api', { reason: adsRefusalReason(response), status: response.status, facts, ...requestIdOf(response) });
	}
	if (response.status === 429) {
		const retryAfter = Number(response.headers['retry-after']);
		throw new LwaError('rate_limited', { status: 429, facts, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}) });
	}
	if (response.status >= 500 && response.status <= 599) {
		throw new LwaError('server_error', { status: response.status, facts });
	}
	throw new LwaError('malformed_response', { reason: 'unexpected_status', status: response.status, facts });
}

/**
 * Which refusal it is. Amazon documents only that a missing, wrong or out-of-region profile gives
 * 401 or 400; the error bodies seen in public threads are `{"code": "400" | "401" | "UNAUTHORIZED" …,
 * "details": "…"}` (third-party, UNCONFIRMED). So the status decides, and the details only narrow a
 * 400 down when they name a header; the details are matched against, never kept or shown.
 * - `ads_scope_header`: a 400/401 that names the Amazon-Advertising-API-Scope header or the scope;
 * - `ads_client_id_header`: a 400 that names the ClientId header or the client id;
 * - `ads_bad_request`: any other 400 (an agency profile used where an advertiser is needed answers so);
 * - `ads_unauthorized`: any other 401 (token without the Ads scope, client not onboarded, another client's token);
 * - `ads_forbidden`: 403 (no access to the advertising account or the resource).
 */
export function adsRefusalReason(response: HttpResponse): LwaErrorReason {
	const details = detailsOf(response.body).toLowerCase();
	if (response.status === 403) {
		return 'ads_forbidden';
	}
	if (/scope/.test(details) && !/client/.test(details)) {
		return 'ads_scope_header';
	}
	if (response.status === 400) {
		return /client.?id/.test(details) ? 'ads_client_id_header' : 'ads_bad_request';
	}
	return 'ads_unauthorized';
}

function detailsOf(body: string): string {
	try {
		const parsed = parseRawJson(body.slice(0, 64 * 1024));
		if (isJsonObject(parsed)) {
			return [parsed.details, parsed.message, parsed.code].filter((value): value is string => typeof value === 'string').join(' ').slice(0, 500);
		}
	} catch {
		// Not JSON: the status alone decides.
	}
	return '';
}

function requestIdOf(response: HttpResponse): { requestId?: string } {
	const id = response.headers['x-amz-request-id'] ?? response.headers['x-amzn-requestid'];
	// Shown to the user for Amazon support: only a short printable token is kept.
	return typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) ? { requestId: id } : {};
}

function isJsonContentType(value: string | undefined): boolean {
	if (value === undefined) {
		return false;
	}
	const mediaType = value.split(';')[0].trim().toLowerCase();
	return mediaType === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(mediaType);
}

const ACCOUNT_TYPES: readonly AdvertisingAccountType[] = ['seller', 'vendor', 'agency'];

function readEntries(entries: JsonValue[]): AdvertisingProfileList {
	const profiles: AdvertisingProfile[] = [];
	const seen = new Set<string>();
	let skipped = 0;
	for (const entry of entries) {
		if (profiles.length >= PROFILE_LIST_MAX_ENTRIES) {
			skipped++;
			continue;
		}
		const profile = readEntry(entry);
		if (!profile || seen.has(profile.profileId)) {
			skipped++;
			continue;
		}
		seen.add(profile.profileId);
		profiles.push(profile);
	}
	return { profiles, skipped };
}

function readEntry(entry: JsonValue): AdvertisingProfile | undefined {
	if (!isJsonObject(entry)) {
		return undefined;
	}
	const id = entry.profileId;
	// A number as written, or (from a gateway that quotes big integers) the same digits as a string.
	const idText = id instanceof JsonNumber ? id.text : typeof id === 'string' ? id : undefined;
	if (idText === undefined || !isAdvertisingProfileId(idText)) {
		return undefined;
	}
	const account = isJsonObject(entry.accountInfo) ? entry.accountInfo : undefined;
	const type = account !== undefined && typeof account.type === 'string' && (ACCOUNT_TYPES as readonly string[]).includes(account.type.toLowerCase())
		? account.type.toLowerCase() as AdvertisingAccountType
		: 'other';
	const profile: AdvertisingProfile = {
		profileId: idText,
		countryCode: text(entry.countryCode),
		currencyCode: text(entry.currencyCode),
		timezone: text(entry.timezone),
		type,
		name: text(account?.name),
		marketplaceStringId: text(account?.marketplaceStringId),
		accountId: text(account?.id),
	};
	if (typeof account?.validPaymentMethod === 'boolean') {
		profile.validPaymentMethod = account.validPaymentMethod;
	}
	return profile;
}

/** A string field, bounded; '' for anything else. */
function text(value: JsonValue | undefined): string {
	return typeof value === 'string' ? value.slice(0, 1000) : '';
}
