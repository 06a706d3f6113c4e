import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decodeState } from '../../../../src/core/lwa/authorize';
import { codeChallengeS256 } from '../../../../src/core/lwa/pkce';
import type { ConsentRequestInput } from '../../../../src/core/sellingPartner/consent';
import { consentUrlOf, createConsentRequest } from '../../../../src/core/sellingPartner/consent';

const APP_ID = 'amzn1.sp.solution.2eca283f-9f5a-4d13-b16c-474e0a1b2c57';
const base: ConsentRequestInput = {
	applicationId: APP_ID,
	consentBase: 'https://sellercentral.amazon.com',
	partnerType: 'seller',
	draft: false,
};

function build(overrides: Partial<ConsentRequestInput> = {}) {
	const result = createConsentRequest({ ...base, ...overrides });
	assert.ok(result.ok, `expected a request, got ${JSON.stringify(result)}`);
	return result.request;
}

describe('createConsentRequest', () => {
	it('builds {Seller Central}/apps/authorize/consent with application_id and state, and nothing else for a published app', () => {
		const request = build();
		const url = new URL(request.url);
		assert.equal(`${url.origin}${url.pathname}`, 'https://sellercentral.amazon.com/apps/authorize/consent');
		assert.deepEqual([...url.searchParams.keys()], ['application_id', 'state']);
		assert.equal(url.searchParams.get('application_id'), APP_ID);
		assert.equal(url.searchParams.get('state'), request.state);
		assert.equal(request.codeVerifier, undefined);
		assert.equal(request.redirectUri, undefined);
	});

	it('adds version=beta for a draft app and redirect_uri when one is given', () => {
		const request = build({ draft: true, redirectUri: 'https://relay.example/lwa/' });
		const url = new URL(request.url);
		assert.equal(url.searchParams.get('version'), 'beta');
		assert.equal(url.searchParams.get('redirect_uri'), 'https://relay.example/lwa/');
		assert.equal(request.redirectUri, 'https://relay.example/lwa/');
	});

	it('uses the Vendor Central base for a vendor and keeps an override\'s own path', () => {
		const vendor = build({ consentBase: 'https://vendorcentral.amazon.co.jp', partnerType: 'vendor' });
		assert.equal(new URL(vendor.url).host, 'vendorcentral.amazon.co.jp');
		assert.equal(vendor.partnerType, 'vendor');
		const emulator = build({ consentBase: 'http://127.0.0.1:4567/sellercentral/' });
		assert.equal(new URL(emulator.url).pathname, '/sellercentral/apps/authorize/consent');
	});

	it('sends no PKCE by default and an S256 challenge only when the (unconfirmed) switch is on', () => {
		const request = build({ pkce: true });
		const url = new URL(request.url);
		assert.ok(request.codeVerifier);
		assert.equal(url.searchParams.get('code_challenge'), codeChallengeS256(request.codeVerifier));
		assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
		assert.equal(new URL(build().url).searchParams.has('code_challenge'), false);
	});

	it('makes the state the same <nonce>.<relay route> an LWA sign-in uses', () => {
		const request = build({ relay: { kind: 'web-vscode', reqid: '12' } });
		assert.deepEqual(decodeState(request.state), { nonce: request.nonce, relay: { kind: 'web-vscode', reqid: '12' } });
	});

	it('makes a fresh state for every request', () => {
		const states = new Set(Array.from({ length: 20 }, () => build().state));
		assert.equal(states.size, 20);
	});

	it('refuses an LWA client id, or anything else, as the application id', () => {
		for (const applicationId of ['amzn1.application-oa2-client.65ff80153a3a4ee38da39d1c165fcca9', '', ' ' + APP_ID, `${APP_ID}&state=x`, 'amzn1.sp.solution.']) {
			assert.deepEqual(createConsentRequest({ ...base, applicationId }), { ok: false, reason: 'application_id_shape' }, applicationId);
		}
		assert.ok(createConsentRequest({ ...base, applicationId: 'amzn1.sellerapps.app.2eca283f-9f5a-4d13-b16c-474e0a1b2c57' }).ok);
	});

	it('refuses a consent base that is http to another host, has user info, a query, a fragment or a backslash', () => {
		for (const consentBase of ['http://sellercentral.amazon.com', 'https://user@sellercentral.amazon.com', 'https://sellercentral.amazon.com/?x=1', 'https://sellercentral.amazon.com/#x', 'https://evil.example\\@sellercentral.amazon.com', 'javascript:alert(1)', 'not a url']) {
			assert.deepEqual(createConsentRequest({ ...base, consentBase }), { ok: false, reason: 'consent_base' }, consentBase);
		}
		assert.equal(consentUrlOf('http://[::1]:8080')?.toString(), 'http://[::1]:8080/apps/authorize/consent');
	});

	it('refuses a redirect URI with a fragment, user info or another scheme', () => {
		for (const redirectUri of ['https://relay.example/cb#frag', 'https://a:b@relay.example/cb', 'vscode://lwa-tools.lwa-credentials/callback', 'relay.example/cb']) {
			assert.deepEqual(createConsentRequest({ ...base, redirectUri }), { ok: false, reason: 'redirect_uri' }, redirectUri);
		}
	});

	it('round-trips any redirect URI query through the consent URL unchanged (property)', () => {
		fc.assert(fc.property(fc.string({ maxLength: 40 }), (value) => {
			const redirectUri = `https://relay.example/cb?x=${encodeURIComponent(value)}`;
			const url = new URL(build({ redirectUri }).url);
			assert.equal(url.searchParams.get('redirect_uri'), redirectUri);
			assert.equal(url.searchParams.getAll('state').length, 1);
		}));
	});
});
