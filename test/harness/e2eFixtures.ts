// What the e2e tier prepares before code-server starts: the LWA emulator (in this process, with its
// consent page: a person clicks Allow), a security profile registered with it whose loopback return
// URL is on a free port, and a "Sandbox" profile seeded into the user settings, as `npm start` does.
// Also the sources LWA: Import Credentials… reads: an ASK CLI config in code-server's home folder and
// LWA_* variables in its environment (importCredentials.test.ts), all of them fake, recognisable values.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LwaEmulator, SANDBOX_CLIENT, SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../src/emulator/lwaEmulator';
import { SANDBOX_PROFILE_NAMES, sandboxProfiles } from '../../src/emulator/sandboxProfiles';
import type { Sentinel } from './leakScan';
import { freePort } from './net';

export interface E2eFixtures {
	userSettings: Record<string, unknown>;
	/** Read by the specs through workbench().fixtures. */
	values: Record<string, string>;
	emulator: LwaEmulator;
	/** Variables for code-server's environment, so its extension host sees them (the import's LWA_* source). */
	environment: Record<string, string>;
	/** Writes what belongs in code-server's home folder before it starts (the ASK CLI's ~/.ask/cli_config). */
	prepareHome(home: string): void;
	/** Every secret of the run (the client secret and all the emulator issued or received), for the leak scan. */
	secrets(): Sentinel[];
	dispose(): Promise<void>;
}

/** Client secret of the e2e security profile: a sentinel, so a leak of it anywhere can be searched for. */
export const E2E_CLIENT_SECRET = 'e2e-client-secret-SENTINEL-5b1f0c';

/** Client secret of a second security profile, for grantless (client_credentials) profiles: a sentinel too. */
export const E2E_GRANTLESS_CLIENT_SECRET = 'e2e-grantless-secret-SENTINEL-93d2aa';

/** A client secret the import spec sets on a profile that an import then replaces: a sentinel too. */
export const IMPORT_OLD_CLIENT_SECRET = 'import-old-client-secret-SENTINEL-a7f3e9';

/**
 * The import's sources. The values are fake (LWA never issued them), long enough for the preview to
 * show their last four characters, each with its own last four, and searched for by the leak scan.
 */
export const IMPORT_SOURCES = {
	askAccessToken: 'Atza|IMPORT-ASK-ACCESS-SENTINEL-7c41e0d2b9a85f3e6d17',
	askRefreshToken: 'Atzr|IMPORT-ASK-REFRESH-SENTINEL-0f9e8d7c6b5a4a3b2c1d',
	envClientId: 'amzn1.application-oa2-client.e2e-import-env',
	envClientSecret: 'import-env-client-secret-SENTINEL-2d8c41',
	envRefreshToken: 'Atzr|IMPORT-ENV-REFRESH-SENTINEL-5e6f7a8b9c0d1e2f3a4b',
} as const;

/** The ASK CLI config the import reads: one profile, "default", with tokens of the ASK CLI's own client (no client id). */
function askCliConfig(): string {
	return JSON.stringify({
		profiles: {
			default: {
				token: {
					access_token: IMPORT_SOURCES.askAccessToken,
					refresh_token: IMPORT_SOURCES.askRefreshToken,
					token_type: 'bearer',
					expires_in: 3600,
					// Valid for the whole run, so the preview and the Profiles view call it valid.
					expires_at: new Date(Date.now() + 2 * 3600 * 1000).toISOString(),
				},
				vendor_id: 'M1E2EIMPORTVENDOR',
			},
		},
	}, null, 2);
}

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
		environment: { LWA_CLIENT_ID: IMPORT_SOURCES.envClientId, LWA_CLIENT_SECRET: IMPORT_SOURCES.envClientSecret, LWA_REFRESH_TOKEN: IMPORT_SOURCES.envRefreshToken },
		prepareHome: (home) => {
			fs.mkdirSync(path.join(home, '.ask'), { recursive: true });
			fs.writeFileSync(path.join(home, '.ask', 'cli_config'), askCliConfig());
		},
		emulator,
		secrets: () => [
			{ label: 'client secret', value: E2E_CLIENT_SECRET },
			{ label: 'client secret', value: SANDBOX_SP_CLIENT.clientSecret ?? '' },
			{ label: 'client secret', value: E2E_GRANTLESS_CLIENT_SECRET },
			{ label: 'client secret', value: IMPORT_SOURCES.envClientSecret },
			{ label: 'client secret', value: IMPORT_OLD_CLIENT_SECRET },
			{ label: 'access token', value: IMPORT_SOURCES.askAccessToken },
			{ label: 'refresh token', value: IMPORT_SOURCES.askRefreshToken },
			{ label: 'refresh token', value: IMPORT_SOURCES.envRefreshToken },
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
