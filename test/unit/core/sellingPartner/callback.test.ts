import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { ConsentCallbackParams } from '../../../../src/core/sellingPartner/callback';
import { consentCallbackParamsFromQuery, parseConsentCallback, validateConsentCallback } from '../../../../src/core/sellingPartner/callback';
import { isSellingPartnerId, sellingPartnerKindOf } from '../../../../src/core/sellingPartner/identifiers';

const REDIRECT = 'https://relay.example/lwa/';
const STATE = 'n0nce-n0nce-n0nce-n0nce';
const CODE = 'ANdnMfhKQvcHjQzYpRlWeAbc';
const SELLER = 'A3EXAMPLE1234';

function redirect(extra = ''): string {
	return `${REDIRECT}?state=${STATE}&selling_partner_id=${SELLER}&spapi_oauth_code=${CODE}${extra}`;
}

function parsed(input: string, expected?: string): ConsentCallbackParams {
	const result = parseConsentCallback(input, expected);
	assert.ok(result.ok, `expected params, got ${JSON.stringify(result)}`);
	return result.params;
}

describe('parseConsentCallback', () => {
	it('reads spapi_oauth_code, selling_partner_id and state from the redirected URL', () => {
		assert.deepEqual(parsed(redirect(), REDIRECT), { state: STATE, sellingPartnerId: SELLER, spapiOauthCode: CODE });
	});

	it('reads a query string with or without its question mark, surrounding white space ignored', () => {
		const query = `state=${STATE}&selling_partner_id=${SELLER}&spapi_oauth_code=${CODE}`;
		assert.deepEqual(parsed(`  ?${query}\n`), parsed(query));
	});

	it('leaves out mws_auth_token and unknown parameters', () => {
		assert.deepEqual(parsed(redirect('&mws_auth_token=amzn.mws.secret&extra=1')), { state: STATE, sellingPartnerId: SELLER, spapiOauthCode: CODE });
	});

	it('refuses a URL at another host, scheme, port or path than the redirect URI', () => {
		for (const input of [
			redirect().replace('relay.example', 'evil.example'),
			redirect().replace('https:', 'http:'),
			redirect().replace('relay.example', 'relay.example:8443'),
			redirect().replace('/lwa/', '/other/'),
			redirect().replace('/lwa/', '/lwa%2F'),
		]) {
			assert.deepEqual(parseConsentCallback(input, REDIRECT), { ok: false, reason: 'wrong_redirect_uri' }, input);
		}
	});

	it('refuses user info and a backslash trick that a URL parser reads as another host', () => {
		assert.deepEqual(parseConsentCallback(redirect().replace('https://', 'https://user:pw@'), REDIRECT), { ok: false, reason: 'userinfo' });
		assert.deepEqual(parseConsentCallback(redirect().replace('https://relay.example', 'https://relay.example\\@evil.example'), REDIRECT), { ok: false, reason: 'wrong_redirect_uri' });
		assert.deepEqual(parseConsentCallback(redirect().replace('https://relay.example/', 'https:\\\\relay.example\\'), REDIRECT), { ok: false, reason: 'wrong_redirect_uri' });
	});

	it('refuses a repeated parameter it reads and names it', () => {
		for (const name of ['state', 'selling_partner_id', 'spapi_oauth_code', 'error']) {
			assert.deepEqual(parseConsentCallback(redirect(`&${name}=one&${name}=two`)), { ok: false, reason: 'repeated_parameter', parameter: name }, name);
		}
	});

	it('refuses control characters whether raw or percent-encoded', () => {
		assert.deepEqual(parseConsentCallback(`${redirect()}\u0007`), { ok: false, reason: 'control_character' });
		assert.deepEqual(parseConsentCallback(redirect().replace(SELLER, `${SELLER}%0AINFO%20forged`)), { ok: false, reason: 'control_character', parameter: 'selling_partner_id' });
		assert.deepEqual(parseConsentCallback(redirect().replace(STATE, `${STATE}%E2%80%AE`)), { ok: false, reason: 'control_character', parameter: 'state' });
	});

	it('refuses input over 8 KiB and a single value over 2048 characters', () => {
		assert.deepEqual(parseConsentCallback(redirect(`&pad=${'x'.repeat(9000)}`)), { ok: false, reason: 'too_long' });
		assert.deepEqual(parseConsentCallback(redirect().replace(CODE, 'A'.repeat(2049))), { ok: false, reason: 'too_long', parameter: 'spapi_oauth_code' });
	});

	it('refuses the Login URI step (amazon_callback_uri) without returning where it points', () => {
		const result = parseConsentCallback(`https://app.example/login?amazon_callback_uri=${encodeURIComponent('https://evil.example/steal')}&amazon_state=x&selling_partner_id=${SELLER}`);
		assert.deepEqual(result, { ok: false, reason: 'login_uri_step' });
		assert.ok(!JSON.stringify(result).includes('evil'));
	});

	it('refuses a bare code (no partner, no state), empty input and junk', () => {
		assert.deepEqual(parseConsentCallback(CODE), { ok: false, reason: 'bare_code' });
		assert.deepEqual(parseConsentCallback('   '), { ok: false, reason: 'empty' });
		assert.deepEqual(parseConsentCallback(42), { ok: false, reason: 'empty' });
		assert.deepEqual(parseConsentCallback('hello world'), { ok: false, reason: 'not_a_redirect' });
		assert.deepEqual(parseConsentCallback('https://[bad'), { ok: false, reason: 'not_a_redirect' });
	});

	it('keeps an error name only when it is a plain word', () => {
		assert.equal(parsed(`?state=${STATE}&error=access_denied`).error, 'access_denied');
		assert.equal(parsed(`?state=${STATE}&error=%3Cscript%3E`).error, 'unrecognised');
	});

	it('never throws, whatever the query (property)', () => {
		fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('state', 'selling_partner_id', 'spapi_oauth_code', 'error', 'amazon_callback_uri', 'x'), fc.string({ maxLength: 30 })), { maxLength: 8 }), (pairs) => {
			const result = consentCallbackParamsFromQuery(new URLSearchParams(pairs));
			assert.equal(typeof result.ok, 'boolean');
		}));
	});
});

describe('validateConsentCallback', () => {
	const good: ConsentCallbackParams = { state: STATE, sellingPartnerId: SELLER, spapiOauthCode: CODE };

	it('gives the code and the selling partner id when the state is this sign-in\'s', () => {
		assert.deepEqual(validateConsentCallback(good, STATE), { ok: true, code: CODE, sellingPartnerId: SELLER });
	});

	it('refuses a missing or different state before anything else', () => {
		assert.deepEqual(validateConsentCallback({ ...good, state: undefined }, STATE), { ok: false, reason: 'missing_state' });
		assert.deepEqual(validateConsentCallback({ ...good, state: `${STATE}x`, error: 'access_denied' }, STATE), { ok: false, reason: 'state_mismatch' });
		assert.deepEqual(validateConsentCallback({ state: 'other', sellingPartnerId: 'bad id' }, STATE), { ok: false, reason: 'state_mismatch' });
	});

	it('reports an error redirect with its name, then a missing or odd code', () => {
		assert.deepEqual(validateConsentCallback({ state: STATE, error: 'access_denied' }, STATE), { ok: false, reason: 'authorization_error', error: 'access_denied' });
		assert.deepEqual(validateConsentCallback({ ...good, spapiOauthCode: undefined }, STATE), { ok: false, reason: 'missing_code' });
		assert.deepEqual(validateConsentCallback({ ...good, spapiOauthCode: 'a b' }, STATE), { ok: false, reason: 'code_shape' });
	});

	it('refuses a selling_partner_id of the wrong shape without returning it', () => {
		for (const sellingPartnerId of ['a3example1234', 'A3EX', 'A3EXAMPLE1234/../x', 'A3EXAMPLE1234:other', 'amzn1.vg.', 'amzn1.vg.12 34', 'A'.repeat(33), 'ÄBCDEFGH']) {
			const result = validateConsentCallback({ ...good, sellingPartnerId }, STATE);
			assert.deepEqual(result, { ok: false, reason: 'selling_partner_id_shape' }, sellingPartnerId);
		}
		assert.deepEqual(validateConsentCallback({ ...good, sellingPartnerId: undefined }, STATE), { ok: false, reason: 'missing_selling_partner_id' });
	});

	it('accepts a vendor\'s amzn1.vg id', () => {
		assert.deepEqual(validateConsentCallback({ ...good, sellingPartnerId: 'amzn1.vg.5436212' }, STATE), { ok: true, code: CODE, sellingPartnerId: 'amzn1.vg.5436212' });
	});

	it('passes only ids of the key-safe alphabet (property)', () => {
		fc.assert(fc.property(fc.string({ maxLength: 40 }), (value) => {
			if (isSellingPartnerId(value)) {
				assert.match(value, /^[A-Za-z0-9.]+$/);
				assert.ok(sellingPartnerKindOf(value) !== undefined);
			} else {
				assert.equal(sellingPartnerKindOf(value), undefined);
			}
		}));
	});
});
