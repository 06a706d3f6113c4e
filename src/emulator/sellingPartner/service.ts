// The Seller Central / Vendor Central consent pages and the SP-API (Tokens API and a sample resource)
// as one service of the emulator: its routes, and what tests and scripts may ask of it. Mounted by
// lwaEmulator.ts beside the LWA routes, sharing the state: an spapi_oauth_code is an LWA authorization
// code, and SP-API accepts the access tokens LWA issues.
import type { Route } from '../http/request';
import type { EmulatorClient, EmulatorState } from '../state';
import type { EmulatorSellingPartnerApp, EmulatorSellingPartners, PartnerType } from './apps';
import { SellingPartnerState } from './apps';
import { CONSENT_PATH, sellingPartnerConsentRoutes } from './consent';
import { MARKETPLACE_PARTICIPATIONS_PATH, marketplaceParticipationsRoute } from './resources';
import { RESTRICTED_DATA_TOKEN_PATH, tokensApiRoute } from './tokensApi';

export type { EmulatorSellingPartnerApp, EmulatorSellingPartners, PartnerType } from './apps';
export { CENTRAL_PREFIXES } from './consent';
export { MD_ERRORS } from './pages';

/** The LWA client of the demo SP-API app. Its secret is public demo data, not a credential. */
export const SANDBOX_SP_CLIENT: EmulatorClient = Object.freeze({
	clientId: 'amzn1.application-oa2-client.spsandbox',
	clientSecret: 'sandbox-sp-secret',
	redirectUris: Object.freeze([]) as unknown as string[],
	name: 'LWA Credentials SP-API sandbox',
}) as EmulatorClient;

/** The demo SP-API app: a draft (so consent needs version=beta) with a loopback redirect URI. */
export const SANDBOX_SP_APP: EmulatorSellingPartnerApp = Object.freeze({
	applicationId: 'amzn1.sp.solution.00000000-0000-4000-8000-emulator0001',
	clientId: SANDBOX_SP_CLIENT.clientId,
	redirectUris: Object.freeze(['http://127.0.0.1:53682/sp/callback']) as unknown as string[],
	draft: true,
	name: 'LWA Credentials SP-API sandbox',
}) as EmulatorSellingPartnerApp;

/** The selling partners the emulator signs in by default. */
export const SANDBOX_SELLING_PARTNERS: EmulatorSellingPartners = Object.freeze({ seller: 'A1EMULATORSELLER0', vendor: 'amzn1.vg.9000001' });

export class SellingPartnerService {
	/** Base URLs for a profile's endpoints overrides. */
	readonly endpoints: { sellerCentral: string; vendorCentral: string; sellingPartnerApi: string };
	private readonly state: SellingPartnerState;
	private readonly baseUrl: string;

	private readonly lwa: EmulatorState;

	constructor(url: string, lwa: EmulatorState, partners: EmulatorSellingPartners, apps: readonly EmulatorSellingPartnerApp[]) {
		this.lwa = lwa;
		this.state = new SellingPartnerState(lwa, { ...partners });
		for (const app of apps) {
			this.state.registerApp(app);
		}
		this.endpoints = { sellerCentral: `${url}/sellercentral`, vendorCentral: `${url}/vendorcentral`, sellingPartnerApi: url };
		this.baseUrl = url;
	}

	/**
	 * rotateApplicationClientSecret, as a test switch: the client's secret becomes `newSecret`, and the
	 * old one keeps working for `overlapMs` (Amazon's samples: 7 days) on the emulator's clock.
	 */
	rotateClientSecret(clientId: string, newSecret: string, overlapMs: number = 7 * 24 * 60 * 60 * 1000): void {
		const client = this.lwa.client(clientId);
		if (client?.clientSecret === undefined) {
			throw new Error(`No confidential client ${clientId} is registered.`);
		}
		this.lwa.registerClient({ ...client, clientSecret: newSecret, previousClientSecret: client.clientSecret, previousSecretValidUntil: this.lwa.now() + overlapMs });
	}

	/** The routes to mount. `isAutoApproving` is read on every consent request. */
	routes(isAutoApproving: () => boolean): Route[] {
		return [...sellingPartnerConsentRoutes(this.state, isAutoApproving), tokensApiRoute(this.state), marketplaceParticipationsRoute(this.state)];
	}

	/** The consent URL base standing in for a real host, e.g. centralBase('sellercentral.amazon.de'). */
	centralBase(host: string): string {
		return `${this.baseUrl}/${host}`;
	}

	/** Adds an app, or replaces the one with the same app ID. Its client must be registered with LWA too. */
	registerApp(app: EmulatorSellingPartnerApp): void {
		this.state.registerApp(app);
	}

	/** A refresh token as self-authorization gives it (one more each call; older ones stay valid). */
	selfAuthorize(applicationId: string, partnerType: PartnerType): string {
		return this.state.selfAuthorize(applicationId, partnerType);
	}

	/** The selling partner id the emulator's seller or vendor has. */
	sellingPartnerId(partnerType: PartnerType): string {
		return this.state.partnerId(partnerType);
	}

	/**
	 * Signs in another seller (or vendor) from now on, as when a second selling partner authorizes the
	 * same app: later consents and self-authorizations carry this id. Earlier tokens keep theirs.
	 */
	setSellingPartnerId(partnerType: PartnerType, id: string): void {
		this.state.setPartner(partnerType, id);
	}
}

/** Paths a fault may target. */
export const SELLING_PARTNER_PATHS = { consent: CONSENT_PATH, tokens: RESTRICTED_DATA_TOKEN_PATH, marketplaceParticipations: MARKETPLACE_PARTICIPATIONS_PATH } as const;
