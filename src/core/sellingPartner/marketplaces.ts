// Selling Partner API marketplaces: id, country, region, and the Seller Central and Vendor Central
// hosts whose /apps/authorize/consent page starts a seller's or vendor's consent. Authorizations are
// regional: one consent in any marketplace of a region covers the whole region.
//
// Sources (see the project's api-families reference, section A): marketplace ids and regions from
// Amazon's "Marketplace IDs" and "SP-API endpoints" pages (confirmed); Seller and Vendor Central hosts
// from the developer guide's URL lists (confirmed), a few only from Amazon's own sample code
// ('sample') or from third parties ('third-party'). `hostSource` says which, so the UI can say so.
import type { Region } from '../lwa/endpoints';

/** How far a fact is backed: Amazon's documentation, only Amazon's sample code, or only third parties. */
export type FactSource = 'confirmed' | 'sample' | 'third-party';

export interface Marketplace {
	/** Amazon's marketplace id, e.g. ATVPDKIKX0DER. */
	id: string;
	/** Country code as Amazon's current marketplace page writes it (UK, not GB). */
	country: string;
	region: Region;
	/** Seller Central base URL (no trailing slash). */
	sellerCentral: string;
	/** Vendor Central base URL, or undefined where no source names one. */
	vendorCentral?: string;
	/** The weakest source behind the hosts of this row. */
	hostSource: FactSource;
}

const sc = (tld: string): string => `https://sellercentral.amazon.${tld}`;
const vc = (tld: string): string => `https://vendorcentral.amazon.${tld}`;
const SC_EUROPE = 'https://sellercentral-europe.amazon.com';

/**
 * Every marketplace, in the order of Amazon's endpoint table (NA, EU, FE).
 * - ES, UK, FR, DE, IT use sellercentral-europe.amazon.com (the developer guide); country hosts such
 *   as sellercentral.amazon.de as consent hosts are UNCONFIRMED and not used.
 * - IE and ZA Seller Central hosts come from third parties only; their Vendor Central hosts from none.
 * - IN Vendor Central: the developer guide says vendorcentral.amazon.in (after 2021-10); Amazon's
 *   later sample still uses www.vendorcentral.in. The guide wins here.
 * - BE, EG, SA: hosts only in Amazon's sample code.
 */
export const MARKETPLACES: readonly Marketplace[] = Object.freeze([
	{ id: 'A2EUQ1WTGCTBG2', country: 'CA', region: 'NA', sellerCentral: sc('ca'), vendorCentral: vc('ca'), hostSource: 'confirmed' },
	{ id: 'ATVPDKIKX0DER', country: 'US', region: 'NA', sellerCentral: sc('com'), vendorCentral: vc('com'), hostSource: 'confirmed' },
	{ id: 'A1AM78C64UM0Y8', country: 'MX', region: 'NA', sellerCentral: sc('com.mx'), vendorCentral: vc('com.mx'), hostSource: 'confirmed' },
	{ id: 'A2Q3Y263D00KWC', country: 'BR', region: 'NA', sellerCentral: sc('com.br'), vendorCentral: vc('com.br'), hostSource: 'confirmed' },
	{ id: 'A28R8C7NBKEWEA', country: 'IE', region: 'EU', sellerCentral: sc('ie'), hostSource: 'third-party' },
	{ id: 'A1RKKUPIHCS9HS', country: 'ES', region: 'EU', sellerCentral: SC_EUROPE, vendorCentral: vc('es'), hostSource: 'confirmed' },
	{ id: 'A1F83G8C2ARO7P', country: 'UK', region: 'EU', sellerCentral: SC_EUROPE, vendorCentral: vc('co.uk'), hostSource: 'confirmed' },
	{ id: 'A13V1IB3VIYZZH', country: 'FR', region: 'EU', sellerCentral: SC_EUROPE, vendorCentral: vc('fr'), hostSource: 'confirmed' },
	{ id: 'AMEN7PMS3EDWL', country: 'BE', region: 'EU', sellerCentral: sc('com.be'), vendorCentral: vc('com.be'), hostSource: 'sample' },
	{ id: 'A1805IZSGTT6HS', country: 'NL', region: 'EU', sellerCentral: sc('nl'), vendorCentral: vc('nl'), hostSource: 'confirmed' },
	{ id: 'A1PA6795UKMFR9', country: 'DE', region: 'EU', sellerCentral: SC_EUROPE, vendorCentral: vc('de'), hostSource: 'confirmed' },
	{ id: 'APJ6JRA9NG5V4', country: 'IT', region: 'EU', sellerCentral: SC_EUROPE, vendorCentral: vc('it'), hostSource: 'confirmed' },
	{ id: 'A2NODRKZP88ZB9', country: 'SE', region: 'EU', sellerCentral: sc('se'), vendorCentral: vc('se'), hostSource: 'confirmed' },
	{ id: 'AE08WJ6YKNBMC', country: 'ZA', region: 'EU', sellerCentral: sc('co.za'), hostSource: 'third-party' },
	{ id: 'A1C3SOZRARQ6R3', country: 'PL', region: 'EU', sellerCentral: sc('pl'), vendorCentral: vc('pl'), hostSource: 'confirmed' },
	{ id: 'ARBP9OOSHTCHU', country: 'EG', region: 'EU', sellerCentral: sc('eg'), vendorCentral: vc('me'), hostSource: 'sample' },
	{ id: 'A33AVAJ2PDY3EV', country: 'TR', region: 'EU', sellerCentral: sc('com.tr'), vendorCentral: vc('com.tr'), hostSource: 'confirmed' },
	{ id: 'A17E79C6D8DWNP', country: 'SA', region: 'EU', sellerCentral: sc('sa'), vendorCentral: vc('me'), hostSource: 'sample' },
	{ id: 'A2VIGQ35RCS4UG', country: 'AE', region: 'EU', sellerCentral: sc('ae'), vendorCentral: vc('me'), hostSource: 'confirmed' },
	{ id: 'A21TJRUUN4KGV', country: 'IN', region: 'EU', sellerCentral: sc('in'), vendorCentral: vc('in'), hostSource: 'confirmed' },
	{ id: 'A19VAU5U5O7RUS', country: 'SG', region: 'FE', sellerCentral: sc('sg'), vendorCentral: vc('com.sg'), hostSource: 'confirmed' },
	{ id: 'A39IBJ37TRP1C6', country: 'AU', region: 'FE', sellerCentral: sc('com.au'), vendorCentral: vc('com.au'), hostSource: 'confirmed' },
	{ id: 'A1VC38T7YXB528', country: 'JP', region: 'FE', sellerCentral: sc('co.jp'), vendorCentral: vc('co.jp'), hostSource: 'confirmed' },
].map((row) => Object.freeze(row as Marketplace)));

/** The marketplace with this id (exact) or country code (case-insensitive; GB is read as UK). */
export function findMarketplace(idOrCountry: string): Marketplace | undefined {
	if (typeof idOrCountry !== 'string') {
		return undefined;
	}
	const byId = MARKETPLACES.find((marketplace) => marketplace.id === idOrCountry);
	if (byId) {
		return byId;
	}
	const country = idOrCountry.toUpperCase() === 'GB' ? 'UK' : idOrCountry.toUpperCase();
	return MARKETPLACES.find((marketplace) => marketplace.country === country);
}

/** The marketplaces of a region, in table order. */
export function marketplacesOf(region: Region): Marketplace[] {
	return MARKETPLACES.filter((marketplace) => marketplace.region === region);
}

export type PartnerType = 'seller' | 'vendor';

/** The consent host (base URL) of a marketplace for a seller or vendor; undefined when no source names one. */
export function centralBase(marketplace: Marketplace, partnerType: PartnerType): string | undefined {
	return partnerType === 'seller' ? marketplace.sellerCentral : marketplace.vendorCentral;
}
