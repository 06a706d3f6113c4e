// The regional hosts the Ads API's users meet, standing in on one loopback server: each real host is a
// path prefix (/advertising-api-eu.amazon.com/v2/profiles, /eu.account.amazon.com/ap/oa,
// /api.amazon.co.uk/auth/o2/token), so a profile's endpoint overrides name the region they stand for.
import type { Route } from '../http/request';

export type AdsRegion = 'NA' | 'EU' | 'FE';

export const ADS_REGIONS: readonly AdsRegion[] = ['NA', 'EU', 'FE'];

/** The real hosts per region (Amazon's Ads docs): Ads API, LWA consent, LWA token. */
export const REGIONAL_HOSTS: Readonly<Record<AdsRegion, { adsApi: string; consent: string; token: string }>> = {
	NA: { adsApi: 'advertising-api.amazon.com', consent: 'www.amazon.com', token: 'api.amazon.com' },
	EU: { adsApi: 'advertising-api-eu.amazon.com', consent: 'eu.account.amazon.com', token: 'api.amazon.co.uk' },
	FE: { adsApi: 'advertising-api-fe.amazon.com', consent: 'apac.account.amazon.com', token: 'api.amazon.co.jp' },
};

/** The marketplaces each Ads host serves (Amazon's API overview); a profile's country decides its region. */
const COUNTRIES: Readonly<Record<AdsRegion, readonly string[]>> = {
	NA: ['US', 'CA', 'MX', 'BR'],
	EU: ['UK', 'GB', 'FR', 'IT', 'ES', 'DE', 'NL', 'AE', 'PL', 'TR', 'EG', 'SA', 'SE', 'BE', 'IN', 'ZA'],
	FE: ['JP', 'AU', 'SG'],
};

/** The region whose host lists a profile of this country; undefined for a country no host serves. */
export function regionOfCountry(countryCode: string): AdsRegion | undefined {
	return ADS_REGIONS.find((region) => COUNTRIES[region].includes(countryCode));
}

/** Copies of LWA's consent routes under each regional consent host, and of its token route under each token host. */
export function regionalLwaRoutes(consent: readonly Route[], token: Route): Route[] {
	const routes: Route[] = [];
	for (const region of ADS_REGIONS) {
		const hosts = REGIONAL_HOSTS[region];
		routes.push(...consent.map((route) => ({ ...route, path: `/${hosts.consent}${route.path}` })));
		routes.push({ ...token, path: `/${hosts.token}${token.path}` });
	}
	return routes;
}
