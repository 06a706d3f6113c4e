// The Amazon Ads API per LWA region: the API host, the scopes, and the headers every call carries.
// Facts from shared/reference/api-families.md B (Amazon's Ads docs, confirmed): NA
// advertising-api.amazon.com (US, CA, MX, BR), EU advertising-api-eu.amazon.com, FE
// advertising-api-fe.amazon.com; consent and tokens use the LWA regional hosts (lwa/endpoints.ts).
// The 2018 sandbox host advertising-api-test.amazon.com was retired in 2022 in favour of test accounts
// on the production hosts, so it is not offered; a profile's endpoints.advertisingApi replaces the host.
import type { Region } from '../lwa/endpoints';
import type { Profile } from '../profiles';

/** One region's Ads API host and the marketplaces (countries) it serves. */
export interface AdvertisingApiHost {
	region: Region;
	/** Base URL, without a trailing slash. */
	url: string;
	countries: readonly string[];
}

export const ADVERTISING_API_HOSTS: Readonly<Record<Region, AdvertisingApiHost>> = {
	NA: { region: 'NA', url: 'https://advertising-api.amazon.com', countries: ['US', 'CA', 'MX', 'BR'] },
	EU: { region: 'EU', url: 'https://advertising-api-eu.amazon.com', countries: ['UK', 'FR', 'IT', 'ES', 'DE', 'NL', 'AE', 'PL', 'TR', 'EG', 'SA', 'SE', 'BE', 'IN', 'ZA'] },
	FE: { region: 'FE', url: 'https://advertising-api-fe.amazon.com', countries: ['JP', 'AU', 'SG'] },
};

/** The LWA scope of the Ads API. */
export const ADVERTISING_SCOPE = 'advertising::campaign_management';
/** Added to the Ads scope to create test accounts (the two go together, separated by a space). */
export const ADVERTISING_TEST_ACCOUNT_SCOPE = 'advertising::test:create_account';
/** What clients approved before October 2020 may still need instead of ADVERTISING_SCOPE. */
export const LEGACY_ADVERTISING_SCOPE = 'cpc_advertising:campaign_management';

/** The Ads API's headers (Amazon spells them this way; HTTP header names are case-insensitive). */
export const ADS_CLIENT_ID_HEADER = 'Amazon-Advertising-API-ClientId';
export const ADS_SCOPE_HEADER = 'Amazon-Advertising-API-Scope';

/** The path of the profiles list (no scope header needed). */
export const PROFILES_PATH = '/v2/profiles';

/** True when a scope list asks for the Ads API (the current scope or the pre-2020 one). */
export function requestsAdvertisingScope(scopes: readonly string[]): boolean {
	return scopes.some((scope) => scope === ADVERTISING_SCOPE || scope === LEGACY_ADVERTISING_SCOPE || scope.startsWith('advertising::'));
}

/** The Ads API base URL for a profile: its endpoints.advertisingApi override, else its region's host. */
export function advertisingApiBase(profile: Pick<Profile, 'region' | 'apiEndpoints'>): string {
	return profile.apiEndpoints.advertisingApi ?? ADVERTISING_API_HOSTS[profile.region].url;
}

/**
 * A base URL for messages: its host ("advertising-api-eu.amazon.com"), with the path when it has one
 * (an emulator or gateway that stands in for a host under a path); the URL itself when it does not parse.
 */
export function hostOf(base: string): string {
	try {
		const url = new URL(base);
		const path = url.pathname.replace(/\/+$/, '');
		return `${url.host}${path}`;
	} catch {
		return base;
	}
}
