// The Amazon Ads API as one service of the emulator: the profiles list on each regional host, the
// regional LWA consent and token hosts Ads users sign in at, and what tests and `npm start` may ask of
// it (endpoints per region, the user's advertiser profiles, approval of clients, answer counts).
// Mounted by lwaEmulator.ts beside the LWA routes, sharing the state: the Ads API accepts the access
// tokens LWA issues.
import type { Route } from '../http/request';
import type { EmulatorState } from '../state';
import type { AdsData, EmulatorAdsProfile } from './profiles';
import { PROFILES_PATH, profileByIdRoute, profilesRoute } from './profiles';
import type { AdsRegion } from './regions';
import { ADS_REGIONS, REGIONAL_HOSTS, regionOfCountry } from './regions';

export type { EmulatorAdsProfile } from './profiles';
export type { AdsRegion } from './regions';
export { REGIONAL_HOSTS } from './regions';

/**
 * The emulator user's advertiser profiles: a seller, a vendor and an agency in North America, a seller
 * and a vendor in Europe, a seller in the Far East. Every id is above 2^53, where JSON.parse rounds
 * (9007199254740993 would read as 9007199254740992); 18446744073709551615 is the largest 64-bit id.
 */
export const SANDBOX_ADS_PROFILES: readonly EmulatorAdsProfile[] = Object.freeze([
	{ profileId: '9007199254740993', countryCode: 'US', currencyCode: 'USD', timezone: 'America/Los_Angeles', accountInfo: { marketplaceStringId: 'ATVPDKIKX0DER', id: 'A1EMULATORADSSELLER', type: 'seller', name: 'Sandbox Seller US', validPaymentMethod: true } },
	{ profileId: '1234567890123456789', countryCode: 'CA', currencyCode: 'CAD', timezone: 'America/Los_Angeles', accountInfo: { marketplaceStringId: 'A2EUQ1WTGCTBG2', id: 'ENTITYEMULATORVENDOR1', type: 'vendor', name: 'Sandbox Vendor CA', validPaymentMethod: true } },
	{ profileId: '18446744073709551615', countryCode: 'US', currencyCode: 'USD', timezone: 'America/New_York', accountInfo: { marketplaceStringId: 'ATVPDKIKX0DER', id: 'ENTITYEMULATORAGENCY1', type: 'agency', name: 'Sandbox Agency' } },
	{ profileId: '9223372036854775807', countryCode: 'UK', currencyCode: 'GBP', timezone: 'Europe/London', accountInfo: { marketplaceStringId: 'A1F83G8C2ARO7P', id: 'A1EMULATORADSSELLEREU', type: 'seller', name: 'Sandbox Seller UK', validPaymentMethod: true } },
	{ profileId: '4611686018427387905', countryCode: 'DE', currencyCode: 'EUR', timezone: 'Europe/Paris', accountInfo: { marketplaceStringId: 'A1PA6795UKMFR9', id: 'ENTITYEMULATORVENDOR2', type: 'vendor', name: 'Sandbox Vendor DE', validPaymentMethod: false } },
	{ profileId: '7205759403792793601', countryCode: 'JP', currencyCode: 'JPY', timezone: 'Asia/Tokyo', accountInfo: { marketplaceStringId: 'A1VC38T7YXB528', id: 'A1EMULATORADSSELLERFE', type: 'seller', name: 'Sandbox Seller JP', validPaymentMethod: true } },
].map((profile) => Object.freeze(profile))) as readonly EmulatorAdsProfile[];

/** Options of the Ads service. */
export interface EmulatorAdsOptions {
	/** The emulator user's advertiser profiles; default {@link SANDBOX_ADS_PROFILES}. */
	profiles?: readonly EmulatorAdsProfile[];
}

/** Base URLs a profile's endpoints overrides name, per region. */
export interface AdsRegionEndpoints {
	/** endpoints.advertisingApi */
	advertisingApi: string;
	/** endpoints.authorization and endpoints.token at the region's hosts. */
	authorization: string;
	token: string;
}

export class AdsService {
	private profiles: readonly EmulatorAdsProfile[];
	private readonly unapproved = new Set<string>();
	private readonly outcomes = new Map<string, number>();
	private readonly mountedIds = new Set<string>();
	private readonly data: AdsData;

	constructor(private readonly baseUrl: string, state: EmulatorState, options: EmulatorAdsOptions, private readonly mount: (routes: Route[]) => void) {
		this.profiles = options.profiles ?? SANDBOX_ADS_PROFILES;
		this.data = {
			state,
			profiles: () => this.profiles,
			isApproved: (clientId) => !this.unapproved.has(clientId),
			count: (outcome) => this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1),
		};
	}

	/** The list routes (the single-profile routes follow the profiles, mounted by {@link setProfiles}). */
	routes(): Route[] {
		return [...ADS_REGIONS.map((region) => profilesRoute(region, this.data)), ...this.byIdRoutes()];
	}

	/** The regional base URLs for a profile's endpoints (Ads API host, consent and token hosts). */
	endpoints(region: AdsRegion): AdsRegionEndpoints {
		const hosts = REGIONAL_HOSTS[region];
		return {
			advertisingApi: `${this.baseUrl}/${hosts.adsApi}`,
			authorization: `${this.baseUrl}/${hosts.consent}/ap/oa`,
			token: `${this.baseUrl}/${hosts.token}/auth/o2/token`,
		};
	}

	/** The list path of a region, for faults. */
	profilesPath(region: AdsRegion): string {
		return `/${REGIONAL_HOSTS[region].adsApi}${PROFILES_PATH}`;
	}

	/**
	 * Replaces the user's advertiser profiles (empty: a user without access). Ids are written into the
	 * JSON as given, so a test may hand over ids no reader should accept (leading zeros, beyond 2^64).
	 */
	setProfiles(profiles: readonly EmulatorAdsProfile[]): void {
		this.profiles = profiles;
		this.mount(this.byIdRoutes());
	}

	/** Whether the Ads API accepts calls of this client (default: every client); a refused one gets 403. */
	setClientApproved(clientId: string, approved: boolean): void {
		if (approved) {
			this.unapproved.delete(clientId);
		} else {
			this.unapproved.add(clientId);
		}
	}

	/** How many answers of each outcome ('success', '401', '400', '403', …) the Ads routes gave. */
	answerCounts(): Record<string, number> {
		return Object.fromEntries(this.outcomes);
	}

	/** Single-profile routes for ids not mounted yet (a route answers for the current profiles only). */
	private byIdRoutes(): Route[] {
		const routes: Route[] = [];
		for (const profile of this.profiles) {
			const region = regionOfCountry(profile.countryCode);
			const key = `${region}:${profile.profileId}`;
			if (region === undefined || this.mountedIds.has(key) || !/^[0-9]{1,20}$/.test(profile.profileId) || this.mountedIds.size > 100) {
				continue;
			}
			this.mountedIds.add(key);
			routes.push(profileByIdRoute(region, profile.profileId, this.data));
		}
		return routes;
	}
}
