// The emulator's Ads API over real HTTP on a free loopback port, read by the core's client as the
// extension reads it: regional consent, token and Ads hosts; the list per region with exact 64-bit
// ids; the documented refusals; and hostile answers (huge lists, bad ids, not JSON, oversize).
import * as assert from 'node:assert/strict';
import type { AdvertisingProfileList } from '../../../../src/core/ads/profileList';
import { listAdvertisingProfiles } from '../../../../src/core/ads/profileList';
import { createUndiciHttpClient } from '../../../../src/core/http/undiciHttpClient';
import { LwaError } from '../../../../src/core/lwa/errors';
import type { HttpClient } from '../../../../src/core/ports';
import type { EmulatorAdsProfile, LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { SANDBOX_ADS_PROFILES } from '../../../../src/emulator/lwaEmulator';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, signIn, startEmulator } from '../support';

const ADS_SCOPE = 'advertising::campaign_management';

describe('Ads emulator: GET /v2/profiles on the regional hosts', () => {
	let emulator: LwaEmulator;
	let http: HttpClient & { close(): Promise<void> };
	let token: string;

	/** The core's profile shape for a region of the emulator. */
	function profileFor(region: 'NA' | 'EU' | 'FE', clientId = CLIENT_ID) {
		return { region, clientId, apiEndpoints: { advertisingApi: emulator.ads.endpoints(region).advertisingApi } };
	}

	async function refusal(promise: Promise<AdvertisingProfileList>): Promise<LwaError> {
		try {
			await promise;
		} catch (error) {
			assert.ok(error instanceof LwaError);
			return error;
		}
		assert.fail('the list was accepted');
	}

	function get(region: 'NA' | 'EU' | 'FE', headers: Record<string, string>, path = '/v2/profiles'): Promise<Response> {
		return fetch(`${emulator.ads.endpoints(region).advertisingApi}${path}`, { headers });
	}

	beforeEach(async () => {
		({ emulator } = await startEmulator({ autoApprove: true }));
		http = createUndiciHttpClient({ headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });
		token = (await signIn(emulator, ADS_SCOPE)).access_token;
	});

	afterEach(async () => {
		await http.close();
		await emulator.close();
	});

	it('signs in at the EU consent host and exchanges the code at the EU token host', async () => {
		const eu = emulator.ads.endpoints('EU');
		assert.match(eu.authorization, /\/eu\.account\.amazon\.com\/ap\/oa$/);
		assert.match(eu.token, /\/api\.amazon\.co\.uk\/auth\/o2\/token$/);
		const consent = await fetch(`${eu.authorization}?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: ADS_SCOPE, state: 's' })}`, { redirect: 'manual' });
		const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
		assert.ok(code, 'the regional consent host redirects with a code');
		const exchanged = await fetch(eu.token, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
		});
		assert.equal(exchanged.status, 200);
		const euToken = (await exchanged.json() as { access_token: string }).access_token;
		const list = await listAdvertisingProfiles(http, profileFor('EU'), euToken);
		assert.deepEqual(list.profiles.map((profile) => profile.countryCode), ['UK', 'DE']);
	});

	it('lists each region\'s profiles only, with the ids above 2^53 exact and seller, vendor and agency types', async () => {
		const na = await listAdvertisingProfiles(http, profileFor('NA'), token);
		assert.deepEqual(na.profiles.map((profile) => [profile.profileId, profile.type, profile.countryCode, profile.currencyCode, profile.name]), [
			['9007199254740993', 'seller', 'US', 'USD', 'Sandbox Seller US'],
			['1234567890123456789', 'vendor', 'CA', 'CAD', 'Sandbox Vendor CA'],
			['18446744073709551615', 'agency', 'US', 'USD', 'Sandbox Agency'],
		]);
		assert.deepEqual((await listAdvertisingProfiles(http, profileFor('FE'), token)).profiles.map((profile) => profile.profileId), ['7205759403792793601']);
	});

	it('writes the ids as JSON numbers, so that JSON.parse would round them', async () => {
		const text = await (await get('NA', { 'authorization': `Bearer ${token}`, 'amazon-advertising-api-clientid': CLIENT_ID })).text();
		assert.ok(text.includes('"profileId":9007199254740993,'));
		assert.equal(String((JSON.parse(text) as { profileId: number }[])[0].profileId), '9007199254740992');
	});

	it('answers an empty list for a user without advertiser profiles', async () => {
		emulator.ads.setProfiles([]);
		assert.deepEqual(await listAdvertisingProfiles(http, profileFor('NA'), token), { profiles: [], skipped: 0 });
	});

	it('refuses with 401 a token it did not issue, one of another client, and one without the Ads scope', async () => {
		assert.equal((await refusal(listAdvertisingProfiles(http, profileFor('NA'), 'Atza|forged'))).reason, 'ads_unauthorized');
		assert.equal((await refusal(listAdvertisingProfiles(http, profileFor('NA', 'amzn1.application-oa2-client.other'), token))).status, 401);
		const profileToken = (await signIn(emulator, 'profile')).access_token;
		assert.equal((await refusal(listAdvertisingProfiles(http, profileFor('NA'), profileToken))).reason, 'ads_unauthorized');
	});

	it('refuses with 400, naming the header, a request without the ClientId header', async () => {
		const response = await get('NA', { authorization: `Bearer ${token}` });
		assert.equal(response.status, 400);
		assert.match(await response.text(), /ClientId header is missing/);
	});

	it('refuses with 403 a client the Ads API has not approved', async () => {
		emulator.ads.setClientApproved(CLIENT_ID, false);
		const error = await refusal(listAdvertisingProfiles(http, profileFor('NA'), token));
		assert.deepEqual([error.code, error.reason, error.status], ['advertising_api', 'ads_forbidden', 403]);
	});

	it('refuses a scope header of another region with 401, and a call that needs one without it with 400', async () => {
		const headers = { 'authorization': `Bearer ${token}`, 'amazon-advertising-api-clientid': CLIENT_ID };
		assert.equal((await get('EU', { ...headers, 'amazon-advertising-api-scope': '9007199254740993' })).status, 401);
		assert.equal((await get('NA', { ...headers, 'amazon-advertising-api-scope': 'abc' })).status, 400);
		assert.equal((await get('NA', headers, '/v2/profiles/9007199254740993')).status, 400);
		const byId = await get('NA', { ...headers, 'amazon-advertising-api-scope': '9007199254740993' }, '/v2/profiles/9007199254740993');
		assert.equal(byId.status, 200);
		assert.ok((await byId.text()).startsWith('{"profileId":9007199254740993,'));
	});

	it('reads a list of 5,000 profiles that passes the HTTP client\'s 1 MiB default cap', async () => {
		const many: EmulatorAdsProfile[] = Array.from({ length: 5000 }, (_, index) => ({
			...SANDBOX_ADS_PROFILES[0],
			profileId: (9007199254740993n + BigInt(index)).toString(),
			accountInfo: { ...SANDBOX_ADS_PROFILES[0].accountInfo, name: `Advertiser ${index} ${'n'.repeat(120)}` },
		}));
		emulator.ads.setProfiles(many);
		const text = await (await get('NA', { 'authorization': `Bearer ${token}`, 'amazon-advertising-api-clientid': CLIENT_ID })).text();
		assert.ok(Buffer.byteLength(text) > 1024 * 1024, 'the answer is over 1 MiB');
		const list = await listAdvertisingProfiles(http, profileFor('NA'), token);
		assert.equal(list.profiles.length, 5000);
		assert.equal(list.profiles[4999].profileId, (9007199254740993n + 4999n).toString());
	});

	it('skips ids beyond 2^64 and refuses a list whose ids have leading zeros (not JSON)', async () => {
		emulator.ads.setProfiles([{ ...SANDBOX_ADS_PROFILES[0], profileId: '18446744073709551616' }, SANDBOX_ADS_PROFILES[1]]);
		assert.deepEqual(await listAdvertisingProfiles(http, profileFor('NA'), token).then((list) => [list.profiles.map((profile) => profile.profileId), list.skipped]), [['1234567890123456789'], 1]);
		emulator.ads.setProfiles([{ ...SANDBOX_ADS_PROFILES[0], profileId: '0123' }]);
		assert.equal((await refusal(listAdvertisingProfiles(http, profileFor('NA'), token))).reason, 'not_a_list');
	});

	it('refuses an HTML page, a truncated body and a body over the 16 MiB cap, naming the Ads API', async () => {
		const path = [emulator.ads.profilesPath('NA')];
		emulator.setFault({ kind: 'html', status: 200 }, { times: 1, paths: path });
		const html = await refusal(listAdvertisingProfiles(http, profileFor('NA'), token));
		assert.deepEqual([html.reason, html.facts.service], ['not_json', 'advertising_api']);
		emulator.setFault({ kind: 'truncatedJson' }, { times: 1, paths: path });
		assert.equal((await refusal(listAdvertisingProfiles(http, profileFor('NA'), token))).code, 'malformed_response');
		emulator.setFault({ kind: 'oversized', bytes: 17 * 1024 * 1024 }, { times: 1, paths: path });
		const oversized = await refusal(listAdvertisingProfiles(http, profileFor('NA'), token));
		assert.deepEqual([oversized.code, oversized.reason, oversized.facts.service, oversized.facts.host], ['malformed_response', 'too_large', 'advertising_api', `${new URL(emulator.url).host}/advertising-api.amazon.com`]);
	});

	it('counts its answers by outcome', async () => {
		await listAdvertisingProfiles(http, profileFor('NA'), token);
		await refusal(listAdvertisingProfiles(http, profileFor('NA'), 'Atza|forged'));
		assert.deepEqual(emulator.ads.answerCounts(), { success: 1, 401: 1 });
	});
});
