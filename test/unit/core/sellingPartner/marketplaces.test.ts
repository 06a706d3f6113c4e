import * as assert from 'node:assert/strict';
import { GRANTLESS_SCOPES, SELLING_PARTNER_TOKEN_ENDPOINT, sellingPartnerApiBase, sellingPartnerApiEndpoint } from '../../../../src/core/sellingPartner/endpoints';
import { centralBase, findMarketplace, MARKETPLACES, marketplacesOf } from '../../../../src/core/sellingPartner/marketplaces';

describe('SP-API marketplaces', () => {
	it('lists the 23 marketplaces of Amazon\'s marketplace id page, each id once', () => {
		assert.equal(MARKETPLACES.length, 23);
		assert.equal(new Set(MARKETPLACES.map((marketplace) => marketplace.id)).size, 23);
		assert.equal(new Set(MARKETPLACES.map((marketplace) => marketplace.country)).size, 23);
	});

	it('puts CA, US, MX, BR in NA; SG, AU, JP in FE; the other 16 in EU', () => {
		assert.deepEqual(marketplacesOf('NA').map((m) => m.country), ['CA', 'US', 'MX', 'BR']);
		assert.deepEqual(marketplacesOf('FE').map((m) => m.country), ['SG', 'AU', 'JP']);
		assert.equal(marketplacesOf('EU').length, 16);
	});

	it('finds a marketplace by id or by country code, reading GB as UK', () => {
		assert.equal(findMarketplace('ATVPDKIKX0DER')?.country, 'US');
		assert.equal(findMarketplace('jp')?.id, 'A1VC38T7YXB528');
		assert.equal(findMarketplace('GB')?.id, 'A1F83G8C2ARO7P');
		assert.equal(findMarketplace('XX'), undefined);
		assert.equal(findMarketplace(undefined as unknown as string), undefined);
	});

	it('uses sellercentral-europe for ES, UK, FR, DE and IT, and vendorcentral.amazon.me for EG, SA and AE', () => {
		for (const country of ['ES', 'UK', 'FR', 'DE', 'IT']) {
			assert.equal(findMarketplace(country)?.sellerCentral, 'https://sellercentral-europe.amazon.com', country);
		}
		for (const country of ['EG', 'SA', 'AE']) {
			assert.equal(findMarketplace(country)?.vendorCentral, 'https://vendorcentral.amazon.me', country);
		}
	});

	it('gives the Vendor Central host for vendors and none where no source names one (IE, ZA)', () => {
		const us = findMarketplace('US')!;
		assert.equal(centralBase(us, 'seller'), 'https://sellercentral.amazon.com');
		assert.equal(centralBase(us, 'vendor'), 'https://vendorcentral.amazon.com');
		assert.equal(centralBase(findMarketplace('IE')!, 'vendor'), undefined);
		assert.equal(findMarketplace('ZA')?.hostSource, 'third-party');
	});

	it('has only https hosts without a path, query or trailing slash', () => {
		for (const marketplace of MARKETPLACES) {
			for (const host of [marketplace.sellerCentral, marketplace.vendorCentral].filter((value): value is string => value !== undefined)) {
				const url = new URL(host);
				assert.equal(url.protocol, 'https:');
				assert.equal(`${url.origin}`, host);
			}
		}
	});

	it('cannot be changed at run time', () => {
		assert.throws(() => { (MARKETPLACES as unknown as unknown[]).push({}); });
		assert.throws(() => { (MARKETPLACES[0] as { sellerCentral: string }).sellerCentral = 'https://evil.example'; });
	});
});

describe('SP-API endpoints', () => {
	it('gives the production and sandbox host and AWS region of each region', () => {
		assert.deepEqual(sellingPartnerApiEndpoint('NA'), { production: 'https://sellingpartnerapi-na.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-na.amazon.com', awsRegion: 'us-east-1' });
		assert.equal(sellingPartnerApiBase('EU', false), 'https://sellingpartnerapi-eu.amazon.com');
		assert.equal(sellingPartnerApiBase('FE', true), 'https://sandbox.sellingpartnerapi-fe.amazon.com');
		assert.equal(sellingPartnerApiEndpoint('FE')?.awsRegion, 'us-west-2');
	});

	it('knows no region other than NA, EU and FE, not even an inherited property name', () => {
		assert.equal(sellingPartnerApiEndpoint('XX' as 'NA'), undefined);
		assert.equal(sellingPartnerApiEndpoint('toString' as 'NA'), undefined);
		assert.equal(sellingPartnerApiBase('__proto__' as 'NA', true), undefined);
	});

	it('exchanges SP-API codes and refresh tokens at api.amazon.com whatever the region', () => {
		assert.equal(SELLING_PARTNER_TOKEN_ENDPOINT, 'https://api.amazon.com/auth/o2/token');
		assert.ok(GRANTLESS_SCOPES.includes('sellingpartnerapi::notifications'));
		assert.ok(GRANTLESS_SCOPES.includes('sellingpartnerapi::client_credential:rotation'));
	});
});
