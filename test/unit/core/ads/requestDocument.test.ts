// The Ads .http document and the Ads copy formats: the three headers together, curl, variables.
import * as assert from 'node:assert/strict';
import { buildAdsRequestDocument, SCOPE_PLACEHOLDER } from '../../../../src/core/ads/requestDocument';
import { ADS_COPY_FORMATS, formatToken, isCopyFormat } from '../../../../src/core/copyFormats';
import { buildCustomerProfileDocument } from '../../../../src/core/customerProfileRequest';

const TOKEN = 'Atza|IwEBIabc';
const CLIENT_ID = 'amzn1.application-oa2-client.abc';
const ADS = { clientId: CLIENT_ID, advertisingProfileId: '9007199254740993', host: 'https://advertising-api-eu.amazon.com' };

describe('Ads copy formats', () => {
	it('copies the three headers together, one per line', () => {
		assert.equal(formatToken('adsHeaders', TOKEN, ADS), `Authorization: Bearer ${TOKEN}\nAmazon-Advertising-API-ClientId: ${CLIENT_ID}\nAmazon-Advertising-API-Scope: 9007199254740993`);
	});

	it('copies a curl line with the three headers quoted for a shell, listing the profiles of the region\'s host', () => {
		assert.equal(formatToken('adsCurl', TOKEN, ADS), `curl -H 'Authorization: Bearer ${TOKEN}' -H 'Amazon-Advertising-API-ClientId: ${CLIENT_ID}' -H 'Amazon-Advertising-API-Scope: 9007199254740993' 'https://advertising-api-eu.amazon.com/v2/profiles'`);
	});

	it('refuses to build the Ads formats without the client id and profile id, or with a value that would break a header', () => {
		assert.throws(() => formatToken('adsHeaders', TOKEN));
		assert.throws(() => formatToken('adsHeaders', TOKEN, { ...ADS, advertisingProfileId: '1\r\nX-Evil: 1' }));
		assert.throws(() => formatToken('adsCurl', 'Atza|a b', ADS));
	});

	it('knows the Ads formats by name', () => {
		assert.deepEqual(ADS_COPY_FORMATS.map((entry) => entry.format), ['adsHeaders', 'adsCurl']);
		assert.ok(isCopyFormat('adsHeaders') && isCopyFormat('adsCurl'));
	});
});

describe('Ads .http document', () => {
	const input = { profileName: 'ads', host: 'https://advertising-api-eu.amazon.com', clientId: CLIENT_ID, advertisingProfileId: '9007199254740993', accessToken: TOKEN, expiresAt: Date.UTC(2026, 0, 1, 13), now: Date.UTC(2026, 0, 1, 12) };

	it('has @host, @clientId, @scope and @accessToken, a GET {{host}}/v2/profiles without the scope header and a call with all three headers', () => {
		const text = buildAdsRequestDocument(input);
		const lines = text.split('\n');
		for (const line of ['@host = https://advertising-api-eu.amazon.com', `@clientId = ${CLIENT_ID}`, '@scope = 9007199254740993', `@accessToken = ${TOKEN}`, 'GET {{host}}/v2/profiles', 'GET {{host}}/v2/profiles/{{scope}}', 'Amazon-Advertising-API-Scope: {{scope}}']) {
			assert.ok(lines.includes(line), line);
		}
		const list = text.slice(text.indexOf('GET {{host}}/v2/profiles\n'), text.indexOf('###', text.indexOf('GET {{host}}/v2/profiles\n')));
		assert.ok(!list.includes('Amazon-Advertising-API-Scope'), 'the list carries no scope header');
		assert.equal(lines.filter((line) => line === 'Authorization: Bearer {{accessToken}}').length, 2);
		assert.equal(lines.filter((line) => line.includes(TOKEN)).length, 1, 'the token is written once');
		assert.match(text, /other extensions can read it/);
	});

	it('puts a placeholder in @scope and says how to choose when no advertiser profile is chosen', () => {
		const text = buildAdsRequestDocument({ ...input, advertisingProfileId: undefined });
		assert.ok(text.includes(`@scope = ${SCOPE_PLACEHOLDER}`));
		assert.match(text, /LWA: Choose Advertising Profile/);
	});

	it('refuses inputs that would add lines or headers: a token with a line break, a malformed id, a host with a query', () => {
		assert.throws(() => buildAdsRequestDocument({ ...input, accessToken: 'Atza|a\nX: y' }));
		assert.throws(() => buildAdsRequestDocument({ ...input, advertisingProfileId: '0123' }));
		assert.throws(() => buildAdsRequestDocument({ ...input, host: 'https://h/?x=1' }));
		assert.throws(() => buildAdsRequestDocument({ ...input, clientId: 'a b' }));
	});

	it('keeps a profile name with a line break on one comment line', () => {
		assert.ok(buildAdsRequestDocument({ ...input, profileName: 'a\nGET https://evil' }).split('\n').every((line) => !line.startsWith('GET https://evil')));
	});
});

describe('Customer profile .http document', () => {
	it('requests the profile endpoint with the token and says which scopes it answers for', () => {
		const text = buildCustomerProfileDocument({ profileName: 'p', profileUrl: 'https://api.amazon.com/user/profile', scopes: ['profile'], accessToken: TOKEN, expiresAt: 2, now: 1 });
		assert.ok(text.includes('@profileUrl = https://api.amazon.com/user/profile'));
		assert.ok(text.includes('GET {{profileUrl}}'));
		assert.match(text, /answers with what profile allows/);
		assert.match(buildCustomerProfileDocument({ profileName: 'p', profileUrl: 'https://api.amazon.com/user/profile', scopes: ['alexa::ask:skills:read'], accessToken: TOKEN, expiresAt: 2, now: 1 }), /403 insufficient_scope/);
	});
});
