// What the Seller Central / Vendor Central stand-in knows: registered SP-API apps (app ID, the LWA
// client they use, OAuth redirect URIs, draft or published), the selling partners it signs in, the
// consent requests waiting for Confirm, and the Restricted Data Tokens it issued. Written apart from
// src/core on purpose, like the rest of the emulator.
import type { EmulatorState } from '../state';
import { randomToken } from '../secrets';

/** A registered SP-API app. */
export interface EmulatorSellingPartnerApp {
	/** amzn1.sp.solution.… or amzn1.sellerapps.app.… */
	applicationId: string;
	/** The LWA client id of the app; that client must be registered with the LWA emulator. */
	clientId: string;
	/** OAuth redirect URIs, matched exactly; the first is used when the consent URI names none. */
	redirectUris: string[];
	/** A draft app authorizes only with version=beta (MD1000 without). */
	draft: boolean;
	/** Default true. False: the Tokens API answers as for an app without the restricted role. */
	restrictedRole?: boolean;
	/** Shown on the consent page; defaults to the app ID. */
	name?: string;
}

/** The selling partner ids the emulator's seller and vendor have. */
export interface EmulatorSellingPartners { seller: string; vendor: string; }

export type PartnerType = 'seller' | 'vendor';

/** The consent request a Confirm answers. */
export interface SellingPartnerConsent {
	app: EmulatorSellingPartnerApp;
	partnerType: PartnerType;
	redirectUri: string;
	state?: string;
	codeChallenge?: string;
	codeChallengeMethod?: 'S256' | 'plain';
}

/** One restricted resource an RDT covers, as requested. */
export interface RestrictedGrant { method: string; path: string; }

export interface RestrictedDataTokenRecord {
	clientId: string;
	sellingPartnerId: string;
	resources: RestrictedGrant[];
	expiresAt: number;
}

const PENDING_CONSENT_LIFETIME_MS = 10 * 60 * 1000;
export const RDT_LIFETIME_SECONDS = 3600;

export class SellingPartnerState {
	private readonly apps = new Map<string, EmulatorSellingPartnerApp>();
	private readonly pending = new Map<string, SellingPartnerConsent & { expiresAt: number }>();
	private readonly rdts = new Map<string, RestrictedDataTokenRecord>();
	private readonly earlierPartners = new Set<string>();

	constructor(readonly lwa: EmulatorState, readonly partners: EmulatorSellingPartners) {}

	/** Adds an app, or replaces the one with the same app ID. */
	registerApp(app: EmulatorSellingPartnerApp): void {
		this.apps.set(app.applicationId, { ...app, redirectUris: [...app.redirectUris] });
	}

	app(applicationId: string): EmulatorSellingPartnerApp | undefined {
		return this.apps.get(applicationId);
	}

	/** True when an SP-API app uses this LWA client. */
	isAppClient(clientId: string): boolean {
		return this.appOfClient(clientId) !== undefined;
	}

	/** The (first registered) SP-API app that uses this LWA client. */
	appOfClient(clientId: string): EmulatorSellingPartnerApp | undefined {
		return [...this.apps.values()].find((app) => app.clientId === clientId);
	}

	partnerId(type: PartnerType): string {
		return type === 'seller' ? this.partners.seller : this.partners.vendor;
	}

	/** True for the id of a selling partner the emulator has signed in at any time. */
	isPartner(id: string | undefined): boolean {
		return id !== undefined && (id === this.partners.seller || id === this.partners.vendor || this.earlierPartners.has(id));
	}

	/** Signs in another seller or vendor from now on; the earlier one's tokens keep working. */
	setPartner(type: PartnerType, id: string): void {
		this.earlierPartners.add(this.partners[type]);
		this.partners[type] = id;
	}

	// ---- consent -----------------------------------------------------------------------------------

	holdForConsent(consent: SellingPartnerConsent): string {
		const id = randomToken(32);
		const now = this.lwa.now();
		for (const [key, record] of this.pending) {
			if (record.expiresAt <= now) {
				this.pending.delete(key);
			}
		}
		this.pending.set(id, { ...consent, expiresAt: now + PENDING_CONSENT_LIFETIME_MS });
		return id;
	}

	/** Takes the waiting request (it is answered once). */
	takeConsent(id: string): SellingPartnerConsent | undefined {
		const record = this.pending.get(id);
		this.pending.delete(id);
		return record !== undefined && record.expiresAt > this.lwa.now() ? record : undefined;
	}

	/** An spapi_oauth_code: an LWA authorization code of the app's client for the selling partner. */
	issueCode(consent: SellingPartnerConsent): string {
		return this.lwa.issueCode({
			clientId: consent.app.clientId,
			redirectUri: consent.redirectUri,
			scopes: [],
			state: consent.state,
			codeChallenge: consent.codeChallenge,
			codeChallengeMethod: consent.codeChallengeMethod,
		}, this.partnerId(consent.partnerType));
	}

	/** Self-authorization (Seller Central's "Authorize app", Vendor Central's "Generate refresh token"). */
	selfAuthorize(applicationId: string, type: PartnerType): string {
		const app = this.apps.get(applicationId);
		if (app === undefined) {
			throw new Error('No SP-API app is registered with this app ID.');
		}
		return this.lwa.issueRefreshToken(app.clientId, this.partnerId(type), []);
	}

	// ---- restricted data tokens ----------------------------------------------------------------------

	issueRestrictedDataToken(clientId: string, sellingPartnerId: string, resources: RestrictedGrant[]): string {
		const token = `Atz.sprdt|${randomToken(96)}`;
		this.lwa.rememberSecret(token);
		const now = this.lwa.now();
		for (const [key, record] of this.rdts) {
			if (record.expiresAt <= now) {
				this.rdts.delete(key);
			}
		}
		this.rdts.set(token, { clientId, sellingPartnerId, resources, expiresAt: now + RDT_LIFETIME_SECONDS * 1000 });
		return token;
	}

	/** The record of an RDT that exists and has not expired. */
	validRestrictedDataToken(token: string): RestrictedDataTokenRecord | undefined {
		const record = this.rdts.get(token);
		return record !== undefined && record.expiresAt > this.lwa.now() ? record : undefined;
	}

	isRestrictedDataToken(token: string): boolean {
		return this.rdts.has(token);
	}
}
