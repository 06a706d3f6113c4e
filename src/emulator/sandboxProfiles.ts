// The lwa.profiles entries that point the extension at a running emulator: the plain LWA "Sandbox",
// the "Ads Sandbox" (consent, token and Ads hosts of NA), the "Data Portability Sandbox"
// (portability::customer_profile, its intake at the emulator's us-east-1 stand-in) and the "SP-API
// Sandbox" (the emulator's draft SP-API app: consent at its Seller Central, its Tokens API and
// marketplaceParticipations). `npm start` seeds
// them into code-server's user settings; `cli.js --profiles` prints them for any other editor.
import type { DataPortabilityOptions } from './dataPortability/service';
import type { LwaEmulator } from './lwaEmulator';
import { SANDBOX_CLIENT, SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from './lwaEmulator';

/** The Data Portability records a sandbox emulator serves: a short wait, then five records of 256 KiB. */
export const SANDBOX_DATA_PORTABILITY: Partial<DataPortabilityOptions> = { recordDelayMs: 3000, recordsPerQuery: 5, dataFileBytes: 256 * 1024 };

export const SANDBOX_PROFILE_NAMES = { lwa: 'Sandbox', ads: 'Ads Sandbox', dataPortability: 'Data Portability Sandbox', sellingPartner: 'SP-API Sandbox' } as const;

/**
 * The sandbox profiles, as lwa.profiles entries (no secret in them): three of the demo LWA client, and
 * one of the demo SP-API app and its client (SANDBOX_SP_CLIENT, whose demo secret the user sets).
 */
export function sandboxProfiles(emulator: LwaEmulator): Record<string, unknown>[] {
	const common = { region: 'NA', clientId: SANDBOX_CLIENT.clientId, redirectUri: SANDBOX_CLIENT.redirectUris[0] };
	const ads = emulator.ads.endpoints('NA');
	return [
		{ name: SANDBOX_PROFILE_NAMES.lwa, ...common, scopes: ['profile'], endpoints: { ...emulator.endpoints } },
		{
			name: SANDBOX_PROFILE_NAMES.ads, ...common, api: 'ads', scopes: ['advertising::campaign_management'],
			endpoints: { ...emulator.endpoints, authorization: ads.authorization, token: ads.token, advertisingApi: ads.advertisingApi },
		},
		{
			name: SANDBOX_PROFILE_NAMES.dataPortability, ...common, scopes: ['portability::customer_profile'],
			endpoints: { ...emulator.endpoints, dataPortability: emulator.dataPortability.endpoints['intake.us-east-1.portability.data.amazon'] },
		},
		{
			// A seller of the draft app (consent asks version=beta), signed in at the emulator's Seller
			// Central (endpoints.sellerCentral, so no marketplace is asked) with its loopback redirect URI.
			name: SANDBOX_PROFILE_NAMES.sellingPartner, region: 'NA', api: 'sp-api', applicationId: SANDBOX_SP_APP.applicationId, partnerType: 'seller', draft: true,
			clientId: SANDBOX_SP_CLIENT.clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: SANDBOX_SP_APP.redirectUris[0],
			endpoints: { ...emulator.endpoints, sellerCentral: emulator.sellingPartner.endpoints.sellerCentral, sellingPartnerApi: emulator.sellingPartner.endpoints.sellingPartnerApi },
		},
	];
}
