// The lwa.profiles entries that point the extension at a running emulator: the plain LWA "Sandbox",
// the "Ads Sandbox" (consent, token and Ads hosts of NA) and the "Data Portability Sandbox"
// (portability::customer_profile, its intake at the emulator's us-east-1 stand-in). `npm start` seeds
// them into code-server's user settings; `cli.js --profiles` prints them for any other editor.
import type { DataPortabilityOptions } from './dataPortability/service';
import type { LwaEmulator } from './lwaEmulator';
import { SANDBOX_CLIENT } from './lwaEmulator';

/** The Data Portability records a sandbox emulator serves: a short wait, then five records of 256 KiB. */
export const SANDBOX_DATA_PORTABILITY: Partial<DataPortabilityOptions> = { recordDelayMs: 3000, recordsPerQuery: 5, dataFileBytes: 256 * 1024 };

export const SANDBOX_PROFILE_NAMES = { lwa: 'Sandbox', ads: 'Ads Sandbox', dataPortability: 'Data Portability Sandbox' } as const;

/** The three sandbox profiles of the demo client, as lwa.profiles entries (no secret in them). */
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
	];
}
