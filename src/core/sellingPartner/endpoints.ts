// Selling Partner API hosts per region (production and sandbox) and the LWA token host SP-API uses.
// Source: Amazon's "SP-API endpoints" page and the developer guide's sandbox section (confirmed).
import type { Region } from '../lwa/endpoints';

export interface SellingPartnerApiEndpoint {
	production: string;
	sandbox: string;
	/** The AWS region Amazon names for it (SigV4 is no longer required since 2023-10-02). */
	awsRegion: string;
}

const ENDPOINTS: Readonly<Record<Region, SellingPartnerApiEndpoint>> = Object.freeze({
	NA: { production: 'https://sellingpartnerapi-na.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-na.amazon.com', awsRegion: 'us-east-1' },
	EU: { production: 'https://sellingpartnerapi-eu.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-eu.amazon.com', awsRegion: 'eu-west-1' },
	FE: { production: 'https://sellingpartnerapi-fe.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-fe.amazon.com', awsRegion: 'us-west-2' },
});

/** The SP-API hosts of a region; undefined for anything that is not NA, EU or FE. */
export function sellingPartnerApiEndpoint(region: Region): SellingPartnerApiEndpoint | undefined {
	const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, region) ? ENDPOINTS[region] : undefined;
	return endpoint ? { ...endpoint } : undefined;
}

/** The base URL for requests: the regional host, or its sandbox. */
export function sellingPartnerApiBase(region: Region, sandbox: boolean): string | undefined {
	const endpoint = sellingPartnerApiEndpoint(region);
	return endpoint === undefined ? undefined : sandbox ? endpoint.sandbox : endpoint.production;
}

// The token host, in a module of its own: profile parsing needs it at activation, the tables above not.
export { SELLING_PARTNER_TOKEN_ENDPOINT } from './tokenEndpoint';

/** Scopes of SP-API's grantless operations (client_credentials). */
export const GRANTLESS_SCOPES: readonly string[] = Object.freeze([
	'sellingpartnerapi::notifications',
	// getAuthorizationCode (MWS migration); its current status is unconfirmed.
	'sellingpartnerapi::migration',
	// rotateApplicationClientSecret; from Amazon's sample code.
	'sellingpartnerapi::client_credential:rotation',
]);
