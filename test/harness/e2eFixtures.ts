// What the e2e tier prepares before code-server starts: the LWA emulator (in this process, with its
// consent page: a person clicks Allow), a security profile registered with it whose loopback return
// URL is on a free port, and a "Sandbox" profile seeded into the user settings, as `npm start` does.
import { LwaEmulator, SANDBOX_CLIENT, SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../src/emulator/lwaEmulator';
import { SANDBOX_PROFILE_NAMES, sandboxProfiles } from '../../src/emulator/sandboxProfiles';
import type { Sentinel } from './leakScan';
import { freePort } from './net';

export interface E2eFixtures {
	userSettings: Record<string, unknown>;
	/** Read by the specs through workbench().fixtures. */
	values: Record<string, string>;
	emulator: LwaEmulator;
	/** Every secret of the run (the client secret and all the emulator issued or received), for the leak scan. */
	secrets(): Sentinel[];
	dispose(): Promise<void>;
}

/** Client secret of the e2e security profile: a sentinel, so a leak of it anywhere can be searched for. */
export const E2E_CLIENT_SECRET = 'e2e-client-secret-SENTINEL-5b1f0c';

/** Client secret of a second security profile, for grantless (client_credentials) profiles: a sentinel too. */
export const E2E_GRANTLESS_CLIENT_SECRET = 'e2e-grantless-secret-SENTINEL-93d2aa';

export async function e2eFixtures(): Promise<E2eFixtures> {
	const emulator = await LwaEmulator.start({ port: 0 });
	const redirectUri = `http://127.0.0.1:${await freePort()}/lwa/callback`;
	const clientId = 'amzn1.application-oa2-client.e2e';
	emulator.registerClient({ clientId, clientSecret: E2E_CLIENT_SECRET, redirectUris: [redirectUri], name: SANDBOX_CLIENT.name });
	const grantlessClientId = 'amzn1.application-oa2-client.e2e-grantless';
	emulator.registerClient({ clientId: grantlessClientId, clientSecret: E2E_GRANTLESS_CLIENT_SECRET, redirectUris: [], name: 'LWA Credentials e2e grantless' });
	const profile = {
		name: 'Sandbox',
		region: 'NA',
		clientId,
		scopes: ['profile'],
		redirectUri,
		endpoints: emulator.endpoints,
	};
	// A Data Portability profile of the same client, its intake at the emulator's us-east-1 stand-in
	// (as npm start's Data Portability Sandbox); a spec switches to it and back.
	const dataPortabilityProfile = {
		...profile,
		name: 'Data Portability',
		scopes: ['portability::customer_profile'],
		endpoints: { ...emulator.endpoints, dataPortability: emulator.dataPortability.endpoints['intake.us-east-1.portability.data.amazon'] },
	};
	// npm start's Ads Sandbox (api "ads", the NA consent, token and Ads hosts of the emulator), signed in
	// with the e2e client, whose secret is a sentinel and whose loopback port is free (ads.test.ts).
	const adsSandbox = sandboxProfiles(emulator).find((candidate) => candidate.name === SANDBOX_PROFILE_NAMES.ads);
	const adsProfile = { ...adsSandbox, name: 'Ads', clientId, redirectUri };
	// The emulator's sandbox SP-API app (a draft, its LWA client SANDBOX_SP_CLIENT), its loopback
	// redirect URI moved to a free port (npm start's fixed 53682 may be taken on this machine), and an
	// SP-API profile for it: consent at the emulator's Seller Central, tokens and SP-API at the emulator.
	const sellingPartnerRedirectUri = `http://127.0.0.1:${await freePort()}/sp/callback`;
	emulator.sellingPartner.registerApp({ ...SANDBOX_SP_APP, redirectUris: [sellingPartnerRedirectUri] });
	const sellingPartnerProfile = {
		name: 'SP-API',
		region: 'NA',
		api: 'sp-api',
		applicationId: SANDBOX_SP_APP.applicationId,
		partnerType: 'seller',
		draft: true,
		clientId: SANDBOX_SP_CLIENT.clientId,
		scopes: ['sellingpartnerapi::notifications'],
		redirectUri: sellingPartnerRedirectUri,
		endpoints: { ...emulator.endpoints, sellerCentral: emulator.sellingPartner.endpoints.sellerCentral, sellingPartnerApi: emulator.sellingPartner.endpoints.sellingPartnerApi },
	};
	return {
		userSettings: { 'lwa.profiles': [profile, dataPortabilityProfile, adsProfile, sellingPartnerProfile], 'lwa.activeProfile': 'Sandbox' },
		values: {
			emulatorUrl: emulator.url,
			tokeninfoEndpoint: emulator.endpoints.tokeninfo,
			clientId,
			clientSecret: E2E_CLIENT_SECRET,
			redirectUri,
			profileName: 'Sandbox',
			adsProfileName: adsProfile.name,
			sellingPartnerProfileName: sellingPartnerProfile.name,
			sellingPartnerClientSecret: SANDBOX_SP_CLIENT.clientSecret ?? '',
			sellingPartnerApi: emulator.sellingPartner.endpoints.sellingPartnerApi,
			sellingPartnerId: emulator.sellingPartner.sellingPartnerId('seller'),
			advertisingApi: emulator.ads.endpoints('NA').advertisingApi,
			dataPortabilityProfileName: dataPortabilityProfile.name,
			grantlessClientId,
			grantlessClientSecret: E2E_GRANTLESS_CLIENT_SECRET,
		},
		emulator,
		secrets: () => [
			{ label: 'client secret', value: E2E_CLIENT_SECRET },
			{ label: 'client secret', value: SANDBOX_SP_CLIENT.clientSecret ?? '' },
			{ label: 'client secret', value: E2E_GRANTLESS_CLIENT_SECRET },
			...emulator.secretsSeen().map((value) => ({ label: secretKind(value), value })),
		],
		dispose: () => emulator.close(),
	};
}

function secretKind(value: string): string {
	if (value.startsWith('Atza|')) {
		return 'access token';
	}
	if (value.startsWith('Atzr|')) {
		return 'refresh token';
	}
	return value.startsWith('AN') && value.length === 32 ? 'authorization code' : 'PKCE verifier';
}
