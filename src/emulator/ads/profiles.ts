// The Ads API's GET /v2/profiles (and GET /v2/profiles/{profileId}) on each regional host. What it
// checks, in order, and how it answers (status per Amazon's docs; the error bodies' shape
// {"code","details","requestId"} is what public threads show, UNCONFIRMED):
// - a method other than GET: 405;
// - no Amazon-Advertising-API-ClientId header: 400;
// - no bearer token, or one the emulator did not issue or that expired: 401;
// - a token issued to another client than the ClientId header names, or without an Ads scope: 401;
// - a client not approved for the Ads API: 403;
// - a scope header that is not an id: 400; an id the user has no profile of in this region: 401;
// - /v2/profiles/{id} without the scope header: 400 "Scope header is missing".
// The list holds the user's profiles whose country this host serves; ids are written as given (digits
// in the JSON number), so an id above 2^53 reaches the client exactly as Amazon would send it.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../http/replies';
import { jsonHeaders, withHeader } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import type { EmulatorState } from '../state';
import type { AdsRegion } from './regions';
import { REGIONAL_HOSTS, regionOfCountry } from './regions';

/** One advertiser profile. `profileId` is decimal text, written into the JSON as a number exactly. */
export interface EmulatorAdsProfile {
	profileId: string;
	countryCode: string;
	currencyCode: string;
	timezone: string;
	accountInfo: { marketplaceStringId: string; id: string; type: string; name: string; validPaymentMethod?: boolean };
}

export const PROFILES_PATH = '/v2/profiles';

/** The scopes the Ads API accepts a token for. */
const ADS_SCOPES = new Set(['advertising::campaign_management', 'cpc_advertising:campaign_management']);

/** What the Ads routes read from the service (changed by tests while the emulator runs). */
export interface AdsData {
	readonly state: EmulatorState;
	/** The profiles of the emulator's user (all regions). */
	profiles(): readonly EmulatorAdsProfile[];
	isApproved(clientId: string): boolean;
	/** Counts each answer by outcome. */
	count(outcome: string): void;
}

/** An Ads error answer. */
export function adsError(status: number, code: string, details: string): Reply {
	const headers = jsonHeaders();
	return { status, headers, body: JSON.stringify({ code, details, requestId: headers['x-amzn-RequestId'] }), outcome: code };
}

/** The list route of one region's host. */
export function profilesRoute(region: AdsRegion, data: AdsData): Route {
	return {
		path: `/${REGIONAL_HOSTS[region].adsApi}${PROFILES_PATH}`,
		handle: (request) => answer(request, region, data, undefined),
		answered: (outcome) => data.count(outcome),
	};
}

/** The single-profile route of one region's host, for one id. */
export function profileByIdRoute(region: AdsRegion, profileId: string, data: AdsData): Route {
	return {
		path: `/${REGIONAL_HOSTS[region].adsApi}${PROFILES_PATH}/${profileId}`,
		handle: (request) => answer(request, region, data, profileId),
		answered: (outcome) => data.count(outcome),
	};
}

function answer(request: EmulatorRequest, region: AdsRegion, data: AdsData, byId: string | undefined): Reply {
	if (request.method !== 'GET') {
		return withHeader(adsError(405, 'METHOD_NOT_ALLOWED', 'The request method is not allowed.'), 'Allow', 'GET');
	}
	const clientId = header(request, 'amazon-advertising-api-clientid');
	if (clientId === undefined) {
		return adsError(400, '400', 'Amazon-Advertising-API-ClientId header is missing.');
	}
	const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '')?.[1];
	const record = bearer !== undefined ? data.state.validAccessToken(bearer) : undefined;
	if (record === undefined || record.userId === undefined) {
		return adsError(401, '401', 'Authentication failed');
	}
	if (record.clientId !== clientId || !record.scopes.some((scope) => ADS_SCOPES.has(scope))) {
		return adsError(401, '401', 'Authentication failed');
	}
	if (!data.isApproved(clientId)) {
		return adsError(403, '403', 'Forbidden');
	}
	const inRegion = data.profiles().filter((profile) => regionOfCountry(profile.countryCode) === region);
	const scope = header(request, 'amazon-advertising-api-scope');
	if (scope !== undefined) {
		if (!/^[0-9]{1,20}$/.test(scope)) {
			return adsError(400, '400', 'Invalid scope header.');
		}
		if (!inRegion.some((profile) => profile.profileId === scope)) {
			return adsError(401, 'UNAUTHORIZED', 'Not authorized to access scope');
		}
	}
	if (byId !== undefined) {
		if (scope === undefined) {
			return adsError(400, '400', 'Scope header is missing');
		}
		const profile = inRegion.find((candidate) => candidate.profileId === byId);
		return profile === undefined ? adsError(404, 'NOT_FOUND', 'Profile not found') : listReply(`${profileJson(profile)}`);
	}
	return listReply(`[${inRegion.map(profileJson).join(',')}]`);
}

function listReply(body: string): Reply {
	return { status: 200, headers: { ...jsonHeaders(), 'x-amzn-RequestId': randomUUID() }, body, outcome: 'success' };
}

/** One profile as JSON, its id written as a number with exactly the given digits (no JSON.stringify of a Number). */
function profileJson(profile: EmulatorAdsProfile): string {
	const rest = JSON.stringify({ countryCode: profile.countryCode, currencyCode: profile.currencyCode, dailyBudget: 10000000, timezone: profile.timezone, accountInfo: profile.accountInfo });
	return `{"profileId":${profile.profileId},${rest.slice(1)}`;
}

function header(request: EmulatorRequest, name: string): string | undefined {
	const value = request.headers[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}
