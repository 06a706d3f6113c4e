// The emulator as tests and `npm start` (cli.ts) use it: a local HTTP server that speaks Login with
// Amazon's wire format (/ap/oa, /auth/o2/token, /auth/o2/tokeninfo, /user/profile), so sign-in can be
// tried without an Amazon account. It is written independently of src/core on purpose: the protocol
// client is tested against a server it did not write.
//
// This file only composes: the HTTP plumbing is in http/, what the emulator remembers in state.ts, and
// each Amazon service in a folder of its own (lwa/; sellingPartner/ for Seller Central / Vendor Central
// consent and the SP-API) that hands the server its routes. The Ads API and Data Portability move in the
// same way, as folders next to lwa/ mounted below, sharing the state (the access tokens LWA issues are
// what those APIs accept).
import type { DataPortabilityOptions } from './dataPortability/service';
import { DataPortabilityService } from './dataPortability/service';
import type { EmulatorAdsOptions } from './ads/service';
import { AdsService } from './ads/service';
import { regionalLwaRoutes } from './ads/regions';
import type { EmulatorFault } from './http/faults';
import { EmulatorServer, isLoopbackAddress } from './http/server';
import { AUTHORIZE_PATH, consentRoutes } from './lwa/consent';
import { PROFILE_PATH, profileRoute } from './lwa/profile';
import type { EmulatorStats } from './lwa/stats';
import { LwaCounters } from './lwa/stats';
import { TOKEN_PATH, tokenRoute } from './lwa/token';
import { TOKENINFO_PATH, tokenInfoRoute } from './lwa/tokenInfo';
import type { EmulatorSellingPartnerApp, EmulatorSellingPartners } from './sellingPartner/service';
import { SANDBOX_SELLING_PARTNERS, SANDBOX_SP_APP, SANDBOX_SP_CLIENT, SellingPartnerService } from './sellingPartner/service';
import type { EmulatorClient, EmulatorUser } from './state';
import { EmulatorState } from './state';

// Everything tests and scripts import stays importable from here.
export type { EmulatorFault } from './http/faults';
export { isLoopbackAddress } from './http/server';
export { appendQuery, REDIRECT_NOT_WHITELISTED } from './lwa/consent';
export type { EmulatorStats } from './lwa/stats';
export type { DataPortabilityOptions } from './dataPortability/service';
export { DataPortabilityService, INTAKE_HOSTS } from './dataPortability/service';
export type { EmulatorClient, EmulatorUser } from './state';
export type { EmulatorSellingPartnerApp, EmulatorSellingPartners, PartnerType } from './sellingPartner/service';
export { CENTRAL_PREFIXES, MD_ERRORS, SANDBOX_SELLING_PARTNERS, SANDBOX_SP_APP, SANDBOX_SP_CLIENT, SELLING_PARTNER_PATHS, SellingPartnerService } from './sellingPartner/service';
export type { AdsRegion, AdsRegionEndpoints, EmulatorAdsOptions, EmulatorAdsProfile } from './ads/service';
export { AdsService, REGIONAL_HOSTS, SANDBOX_ADS_PROFILES } from './ads/service';

/** Options of {@link LwaEmulator.start}. */
export interface EmulatorOptions {
	/** 0 = any free port (default). */
	port?: number;
	/** Interface to listen on; loopback only, default '127.0.0.1'. */
	host?: string;
	/** Registered clients; default: {@link SANDBOX_CLIENT} and the SP-API app's {@link SANDBOX_SP_CLIENT}. */
	clients?: EmulatorClient[];
	/**
	 * SP-API apps of the Seller Central / Vendor Central consent pages (`/sellercentral`,
	 * `/vendorcentral`, `/<real host>` + `/apps/authorize/consent`), the Tokens API and
	 * /sellers/v1/marketplaceParticipations; default: only {@link SANDBOX_SP_APP} (a draft app). Each
	 * app's clientId must be among `clients`.
	 */
	sellingPartnerApps?: EmulatorSellingPartnerApp[];
	/** The selling partner ids of the emulator's seller and vendor; default {@link SANDBOX_SELLING_PARTNERS}. */
	sellingPartners?: EmulatorSellingPartners;
	/** Default false: /ap/oa and the SP-API consent pages show a page with Allow (Confirm) and Deny (Cancel). */
	autoApprove?: boolean;
	/** Default 3600. */
	accessTokenLifetimeSeconds?: number;
	/** Default 300 (LWA codes and spapi_oauth_code alike). */
	codeLifetimeSeconds?: number;
	/** Clock in epoch milliseconds, default Date.now. */
	now?: () => number;
	user?: EmulatorUser;
	/** Data Portability's records, links and files (files.ts, service.ts in dataPortability/); tunable later through `dataPortability.options`. */
	dataPortability?: Partial<DataPortabilityOptions>;
	/** The Amazon Ads API: the user's advertiser profiles (default: a seller, vendor and agency across the regions). */
	ads?: EmulatorAdsOptions;
	/** Debug log: one line per request (method, path, status). Never receives query strings, bodies or secrets. */
	log?: (line: string) => void;
}

/** The demo security profile registered by default. Its secret is public demo data, not a credential. */
export const SANDBOX_CLIENT: EmulatorClient = Object.freeze({
	clientId: 'amzn1.application-oa2-client.sandbox',
	clientSecret: 'sandbox-secret',
	redirectUris: Object.freeze(['http://127.0.0.1:53682/lwa/callback']) as string[],
	appId: 'amzn1.application.sandbox',
	name: 'LWA Credentials sandbox',
}) as EmulatorClient;

/** The customer signed in by default. */
export const SANDBOX_USER: EmulatorUser = Object.freeze({
	userId: 'amzn1.account.AEMULATORSANDBOXUSER0000000',
	name: 'Sandbox User',
	email: 'sandbox.user@example.com',
	postalCode: '98109',
});

/** A Login with Amazon server on loopback. Start with {@link LwaEmulator.start}; always {@link LwaEmulator.close}. */
export class LwaEmulator {
	readonly url: string;
	readonly port: number;
	readonly endpoints: { authorization: string; token: string; tokeninfo: string; profile: string };
	/** Read on every /ap/oa and SP-API consent request, so a test may switch it while the emulator runs. */
	autoApprove: boolean;
	/** Seller Central / Vendor Central consent, the Tokens API and the sample SP-API resource. */
	readonly sellingPartner: SellingPartnerService;
	/** The Ads API's profiles on the regional Ads hosts, and the regional consent and token hosts. */
	readonly ads: AdsService;
	/** Data Portability's intake hosts (createDataQuery, listDataQueryRecords) and the record files. */
	readonly dataPortability: DataPortabilityService;

	private readonly server: EmulatorServer;
	private readonly state: EmulatorState;
	private readonly counters = new LwaCounters();

	private constructor(server: EmulatorServer, options: EmulatorOptions) {
		this.server = server;
		this.url = server.url;
		this.port = server.port;
		this.endpoints = {
			authorization: `${this.url}${AUTHORIZE_PATH}`,
			token: `${this.url}${TOKEN_PATH}`,
			tokeninfo: `${this.url}${TOKENINFO_PATH}`,
			profile: `${this.url}${PROFILE_PATH}`,
		};
		this.autoApprove = options.autoApprove ?? false;
		this.state = new EmulatorState(
			options.user ?? SANDBOX_USER,
			{ accessTokenSeconds: options.accessTokenLifetimeSeconds ?? 3600, codeSeconds: options.codeLifetimeSeconds ?? 300 },
			options.now ?? Date.now,
		);
		for (const client of options.clients ?? [SANDBOX_CLIENT, SANDBOX_SP_CLIENT]) {
			this.state.registerClient(client);
		}
		this.dataPortability = new DataPortabilityService(this.url, this.state, options.dataPortability);
		this.sellingPartner = new SellingPartnerService(this.url, this.state, options.sellingPartners ?? SANDBOX_SELLING_PARTNERS, options.sellingPartnerApps ?? [SANDBOX_SP_APP]);
		this.ads = new AdsService(this.url, this.state, options.ads ?? {}, (routes) => server.mount(routes));
		const consent = consentRoutes(this.state, this.counters, () => this.autoApprove);
		const token = tokenRoute(this.state, this.counters);
		// Login with Amazon. The next services mount their routes here too.
		server.mount([
			...consent,
			token,
			// The same consent and token endpoints at the regional hosts' paths, for Ads profiles.
			...regionalLwaRoutes(consent, token),
			...this.ads.routes(),
			tokenInfoRoute(this.state),
			profileRoute(this.state),
			...this.sellingPartner.routes(() => this.autoApprove),
			...this.dataPortability.routes(),
		]);
	}

	/** Starts listening (loopback only) and resolves once the port is known. */
	static async start(options: EmulatorOptions = {}): Promise<LwaEmulator> {
		const host = options.host ?? '127.0.0.1';
		if (!isLoopbackAddress(host)) {
			throw new Error(`The LWA emulator listens on loopback only, not on ${host}.`);
		}
		const server = await EmulatorServer.listen(host, options.port ?? 0, options.log);
		// Routes are mounted in the same turn as listening ends, so no request can arrive before them.
		return new LwaEmulator(server, options);
	}

	/** Counters, no secrets (a copy). */
	get stats(): EmulatorStats {
		return this.counters.snapshot();
	}

	resetStats(): void {
		this.counters.reset();
	}

	/** Adds a client, or replaces the one with the same client id. */
	registerClient(client: EmulatorClient): void {
		this.state.registerClient(client);
	}

	/** Injects a fault into the next `times` (default: all until cleared) requests to `paths` (default: ['/auth/o2/token']). */
	setFault(fault: EmulatorFault | undefined, options: { times?: number; paths?: string[] } = {}): void {
		this.server.setFault(fault, options.times, options.paths ?? [TOKEN_PATH]);
	}

	/** The lifetime of the access tokens issued from now on (tokens issued before keep theirs). */
	setAccessTokenLifetime(seconds: number): void {
		this.state.lifetimes.accessTokenSeconds = seconds;
	}

	/**
	 * A refresh token for the client, as if a user had consented to `scopes` (what a team keeps in its
	 * AWS Secrets Manager secret): the tests put it where the extension finds it, not through a sign-in.
	 */
	issueRefreshToken(clientId: string, scopes: string[], userId = 'amzn1.account.TEAMMEMBER'): string {
		return this.state.issueRefreshToken(clientId, userId, scopes);
	}

	/** Every refresh token issued so far now gives invalid_grant (as when the user removes the app). */
	revokeRefreshTokens(): void {
		this.state.revokeRefreshTokens();
	}

	/**
	 * Every authorization code, access token and refresh token the emulator issued and every PKCE
	 * verifier it received, for tests that search logs and files for leaked secrets. Never printed.
	 */
	secretsSeen(): string[] {
		return this.state.secretsSeen();
	}

	/** Stops listening and destroys every connection, stalled ones included. */
	async close(): Promise<void> {
		this.dataPortability.releaseStalls();
		await this.server.close();
	}
}
