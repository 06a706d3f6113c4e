// GET /v2/profiles: the request per region and override, and the answer read with exact ids, the
// refusals as coded errors that keep none of the server's text.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { advertisingProfileDisplay, displayText, sortForPicker } from '../../../../src/core/ads/display';
import { ADVERTISING_API_HOSTS, advertisingApiBase, requestsAdvertisingScope } from '../../../../src/core/ads/hosts';
import type { AdvertisingProfile } from '../../../../src/core/ads/profileList';
import { advertisingProfilesRequest, isAdvertisingProfileId, PROFILE_LIST_MAX_BYTES, readAdvertisingProfilesResponse } from '../../../../src/core/ads/profileList';
import { isLwaError, LwaError } from '../../../../src/core/lwa/errors';
import type { HttpResponse } from '../../../../src/core/ports';

const JSON_HEADERS = { 'content-type': 'application/json' };

function ok(body: string, headers: Record<string, string> = JSON_HEADERS): HttpResponse {
	return { status: 200, headers, body };
}

function refusal(response: HttpResponse): LwaError {
	try {
		readAdvertisingProfilesResponse(response, 'advertising-api.amazon.com');
	} catch (error) {
		assert.ok(error instanceof LwaError);
		return error;
	}
	assert.fail('the answer was accepted');
}

describe('Ads profiles list', () => {
	it('goes to the Ads host of the profile\'s region: NA advertising-api, EU advertising-api-eu, FE advertising-api-fe', () => {
		for (const [region, host] of [['NA', 'https://advertising-api.amazon.com'], ['EU', 'https://advertising-api-eu.amazon.com'], ['FE', 'https://advertising-api-fe.amazon.com']] as const) {
			assert.equal(advertisingApiBase({ region, apiEndpoints: {} }), host);
			assert.equal(ADVERTISING_API_HOSTS[region].url, host);
		}
	});

	it('goes to the profile\'s endpoints.advertisingApi override instead of the regional host', () => {
		assert.equal(advertisingApiBase({ region: 'EU', apiEndpoints: { advertisingApi: 'http://127.0.0.1:9/advertising-api-eu.amazon.com' } }), 'http://127.0.0.1:9/advertising-api-eu.amazon.com');
	});

	it('sends the bearer token and the client id header, no scope header, and allows a larger answer than the 1 MiB default', () => {
		const request = advertisingProfilesRequest({ region: 'FE', apiEndpoints: {}, clientId: 'amzn1.application-oa2-client.abc' }, 'Atza|token');
		assert.deepEqual(request, {
			method: 'GET',
			url: 'https://advertising-api-fe.amazon.com/v2/profiles',
			headers: { 'Authorization': 'Bearer Atza|token', 'Amazon-Advertising-API-ClientId': 'amzn1.application-oa2-client.abc', 'Accept': 'application/json' },
			maxResponseBytes: PROFILE_LIST_MAX_BYTES,
		});
		assert.ok(PROFILE_LIST_MAX_BYTES > 1024 * 1024);
	});

	it('reads ids above 2^53 as their exact digits, with country, currency, type and name', () => {
		const list = readAdvertisingProfilesResponse(ok('[{"profileId":9007199254740993,"countryCode":"US","currencyCode":"USD","timezone":"America/Los_Angeles","accountInfo":{"marketplaceStringId":"ATVPDKIKX0DER","id":"A1","type":"agency","name":"Agency","validPaymentMethod":true}}]'), 'h');
		assert.deepEqual(list, {
			profiles: [{ profileId: '9007199254740993', countryCode: 'US', currencyCode: 'USD', timezone: 'America/Los_Angeles', type: 'agency', name: 'Agency', marketplaceStringId: 'ATVPDKIKX0DER', accountId: 'A1', validPaymentMethod: true }],
			skipped: 0,
		});
	});

	it('keeps any id between 1 and 2^64 - 1 exactly (fast-check), and skips ids of 2^64 and above', () => {
		fc.assert(fc.property(fc.bigInt({ min: 1n, max: 2n ** 70n }), (id) => {
			const list = readAdvertisingProfilesResponse(ok(`[{"profileId":${id},"countryCode":"US"}]`), 'h');
			if (id < 2n ** 64n) {
				assert.deepEqual(list.profiles.map((profile) => profile.profileId), [id.toString()]);
			} else {
				assert.deepEqual(list, { profiles: [], skipped: 1 });
			}
		}), { numRuns: 500 });
	});

	it('skips entries it cannot read (no id, negative, fractional, exponent, quoted with leading zeros, duplicates) and counts them', () => {
		const body = '[{"countryCode":"US"},{"profileId":-5},{"profileId":1.5},{"profileId":1e3},{"profileId":"0123"},{"profileId":"77"},{"profileId":77},"text",null,{"profileId":0}]';
		assert.deepEqual(readAdvertisingProfilesResponse(ok(body), 'h').profiles.map((profile) => profile.profileId), ['77']);
		assert.equal(readAdvertisingProfilesResponse(ok(body), 'h').skipped, 9);
	});

	it('refuses a body with a number written with leading zeros as not a list (no JSON reader accepts it)', () => {
		const error = refusal(ok('[{"profileId":0123}]'));
		assert.deepEqual([error.code, error.reason, error.facts.service], ['malformed_response', 'not_a_list', 'advertising_api']);
	});

	it('refuses a 200 that is not JSON by its Content-Type, or not a list', () => {
		assert.equal(refusal(ok('<html></html>', { 'content-type': 'text/html' })).reason, 'not_json');
		assert.equal(refusal(ok('[]', {})).reason, 'not_json');
		assert.equal(refusal(ok('{"profiles":[]}')).reason, 'not_a_list');
		assert.equal(refusal(ok('[{"profileId":1}')).reason, 'not_a_list');
	});

	it('reads an empty list as no profiles, not as an error', () => {
		assert.deepEqual(readAdvertisingProfilesResponse(ok('[]'), 'h'), { profiles: [], skipped: 0 });
	});

	it('reads at most 5,000 entries and counts the rest as skipped', () => {
		const entries = Array.from({ length: 5003 }, (_, index) => `{"profileId":${9007199254740993n + BigInt(index)},"countryCode":"US"}`);
		const list = readAdvertisingProfilesResponse(ok(`[${entries.join(',')}]`), 'h');
		assert.equal(list.profiles.length, 5000);
		assert.equal(list.skipped, 3);
		assert.equal(list.profiles[4999].profileId, (9007199254740993n + 4999n).toString());
	});

	it('turns 401, 400 and 403 into advertising_api reasons, by status and by the header the details name, keeping none of the details', () => {
		const cases: [number, string, string][] = [
			[401, '{"code":"401","details":"Authentication failed"}', 'ads_unauthorized'],
			[401, '{"code":"UNAUTHORIZED","details":"Not authorized to access scope 123"}', 'ads_scope_header'],
			[400, '{"code":"400","details":"Scope header is missing"}', 'ads_scope_header'],
			[400, '{"code":"400","details":"Amazon-Advertising-API-ClientId header is missing."}', 'ads_client_id_header'],
			[400, '{"code":"400","details":" The request input is invalid. Advertiser ID cannot be decrypted"}', 'ads_bad_request'],
			[400, 'not json at all', 'ads_bad_request'],
			[403, '{"code":"403","details":"Forbidden"}', 'ads_forbidden'],
		];
		for (const [status, body, reason] of cases) {
			const error = refusal({ status, headers: JSON_HEADERS, body });
			assert.deepEqual([error.code, error.reason, error.status, error.facts.host], ['advertising_api', reason, status, 'advertising-api.amazon.com'], body);
			assert.ok(!JSON.stringify({ ...error, message: error.message }).includes('details'), 'no server text is kept');
		}
	});

	it('turns 429 into rate_limited with Retry-After, 5xx into server_error, other statuses into malformed_response', () => {
		const limited = refusal({ status: 429, headers: { 'retry-after': '7' }, body: '' });
		assert.deepEqual([limited.code, limited.retryAfterSeconds], ['rate_limited', 7]);
		assert.equal(refusal({ status: 503, headers: {}, body: '' }).code, 'server_error');
		assert.equal(refusal({ status: 302, headers: {}, body: '' }).reason, 'unexpected_status');
		assert.ok(isLwaError(refusal({ status: 404, headers: {}, body: '' }), 'malformed_response'));
	});

	it('accepts only positive integers below 2^64 without leading zeros as profile ids', () => {
		assert.deepEqual(['1', '18446744073709551615', '18446744073709551616', '0', '01', '-1', '1.0', ' 1', '', '99999999999999999999'].map(isAdvertisingProfileId), [true, true, false, false, false, false, false, false, false, false]);
	});

	it('knows the Ads scopes, the pre-2020 one included', () => {
		assert.equal(requestsAdvertisingScope(['profile', 'advertising::campaign_management']), true);
		assert.equal(requestsAdvertisingScope(['cpc_advertising:campaign_management']), true);
		assert.equal(requestsAdvertisingScope(['profile', 'portability::customer_profile']), false);
	});
});

describe('Ads profiles in the picker (hostile server text)', () => {
	const hostile: AdvertisingProfile = {
		profileId: '9007199254740993',
		countryCode: 'U\u202eS',
		currencyCode: '$(alert)',
		timezone: 'Europe/London\nforged',
		type: 'seller',
		name: `$(warning) Evil\u202e\u0007name\r\n${'x'.repeat(500)}`,
		marketplaceStringId: 'A\u2028B',
		accountId: '',
	};

	it('escapes controls, line separators and bidi characters, breaks up $( icon syntax, and bounds the length', () => {
		const shown = advertisingProfileDisplay(hostile);
		assert.equal(shown.country, '?');
		assert.equal(shown.currency, '?');
		// eslint-disable-next-line no-control-regex -- finding control characters is the point
		assert.ok(!/[\u0000-\u001f\u202e\u2028]/.test(shown.name + shown.timezone + shown.marketplace), 'no control or bidi character is left');
		assert.ok(!shown.name.includes('$('), 'no icon syntax is left');
		assert.ok(shown.name.length < 130, 'the name is bounded');
		assert.equal(shown.profileId, '9007199254740993');
	});

	it('keeps ordinary names as they are', () => {
		assert.equal(displayText('Acme Ltd (UK)'), 'Acme Ltd (UK)');
	});

	it('lists the chosen profile first, then sellers and vendors, agencies last', () => {
		const entry = (profileId: string, type: AdvertisingProfile['type'], countryCode: string): AdvertisingProfile => ({ ...hostile, profileId, type, countryCode, name: profileId });
		const sorted = sortForPicker([entry('1', 'agency', 'US'), entry('2', 'vendor', 'US'), entry('3', 'seller', 'CA'), entry('4', 'other', 'US'), entry('5', 'agency', 'US')], '5');
		assert.deepEqual(sorted.map((profile) => profile.profileId), ['5', '3', '2', '1', '4']);
	});
});
