// The .http document of "LWA: New API Request" for an Ads profile (REST Client and httpyac syntax,
// like the Data Portability document): variables @host, @clientId, @scope and @accessToken at the
// top, then the profiles list and a call that carries the scope header. Pure.
import { ADS_CLIENT_ID_HEADER, ADS_SCOPE_HEADER, PROFILES_PATH } from './hosts';
import { isAdvertisingProfileId } from './profileList';

/** What the Ads document holds. */
export interface AdsDocumentInput {
	profileName: string;
	/** The Ads API base URL (https://advertising-api-eu.amazon.com, or the profile's override). */
	host: string;
	clientId: string;
	/** The advertiser profile id for the scope header; undefined until one is chosen. */
	advertisingProfileId?: string;
	accessToken: string;
	expiresAt: number;
	now: number;
}

/** The scope variable's value until an advertiser profile is chosen. */
export const SCOPE_PLACEHOLDER = 'run-LWA-Choose-Advertising-Profile';

/** Header-safe text: printable ASCII without spaces. */
const HEADER_VALUE = /^[\x21-\x7e]+$/;

/** Throws when an input would break the document (a line break, a space, a malformed id or host). */
export function buildAdsRequestDocument(input: AdsDocumentInput): string {
	if (!HEADER_VALUE.test(input.accessToken)) {
		throw new Error('The access token has characters that cannot go into a header.');
	}
	if (!HEADER_VALUE.test(input.clientId)) {
		throw new Error('The client id has characters that cannot go into a header.');
	}
	if (input.advertisingProfileId !== undefined && !isAdvertisingProfileId(input.advertisingProfileId)) {
		throw new Error('The advertising profile id must be a positive 64-bit integer.');
	}
	let host: URL;
	try {
		host = new URL(input.host);
	} catch {
		throw new Error('The Ads API host must be a URL.');
	}
	if ((host.protocol !== 'https:' && host.protocol !== 'http:') || host.search || host.hash || !HEADER_VALUE.test(input.host)) {
		throw new Error('The Ads API host must be an http(s) URL without a query or fragment.');
	}
	const profileName = input.profileName.replace(/[\r\n\u2028\u2029]+/g, ' ');
	const minutesLeft = Math.max(0, Math.floor((input.expiresAt - input.now) / 60_000));
	const headers = [
		'Authorization: Bearer {{accessToken}}',
		`${ADS_CLIENT_ID_HEADER}: {{clientId}}`,
	];
	return [
		`# Amazon Ads API requests for the LWA profile "${profileName}".`,
		`# The access token below expires at ${new Date(input.expiresAt).toISOString()} (in about ${minutesLeft} minutes).`,
		'# For a fresh token, run "LWA: New API Request" again, or "LWA: Copy Access Token As…" > Ads headers.',
		'# This document holds a bearer token: do not save it in a repository or share it. While it is open,',
		'# other extensions can read it and the editor may back it up to disk (hot exit): close it without saving when done.',
		'# Every call except the profiles list needs the scope header: the advertiser profile id of the region',
		'# this host serves (401 or 400 when it is missing, wrong, or of another region; agency profiles are refused',
		'# where an advertiser is needed).',
		'',
		`@host = ${input.host}`,
		`@clientId = ${input.clientId}`,
		input.advertisingProfileId === undefined ? '# No advertiser profile chosen yet: run "LWA: Choose Advertising Profile", or paste an id from the list below.' : '# The advertiser profile chosen with "LWA: Choose Advertising Profile".',
		`@scope = ${input.advertisingProfileId ?? SCOPE_PLACEHOLDER}`,
		`@accessToken = ${input.accessToken}`,
		'',
		'### The advertiser profiles this token may use in this region (no scope header needed)',
		'# @name listProfiles',
		`GET {{host}}${PROFILES_PATH}`,
		...headers,
		'Accept: application/json',
		'',
		'### One advertiser profile, with the scope header every other call carries',
		'# @name getProfile',
		`GET {{host}}${PROFILES_PATH}/{{scope}}`,
		...headers,
		`${ADS_SCOPE_HEADER}: {{scope}}`,
		'Accept: application/json',
		'',
	].join('\n');
}
