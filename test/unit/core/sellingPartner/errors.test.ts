import * as assert from 'node:assert/strict';
import { isLwaError } from '../../../../src/core/lwa/errors';
import { consentCallbackParamsFromQuery, parseConsentCallback, validateConsentCallback } from '../../../../src/core/sellingPartner/callback';
import { preSignInProblems } from '../../../../src/core/sellingPartner/doctor';
import { consentCallbackError, consentRequestError, preSignInError } from '../../../../src/core/sellingPartner/errors';

const facts = (error: unknown) => {
	assert.ok(isLwaError(error));
	return { code: error.code, reason: error.reason, facts: { ...error.facts } };
};

describe('SP-API refusals as LwaErrors', () => {
	it('turns consent redirect refusals into malformed_callback with the same reason, never the value', () => {
		const parse = parseConsentCallback('?state=a&state=b');
		assert.ok(!parse.ok);
		assert.deepEqual(facts(consentCallbackError(parse)), { code: 'malformed_callback', reason: 'repeated_parameter', facts: { parameter: 'state' } });
		const shape = validateConsentCallback({ state: 's', spapiOauthCode: 'ANabc', sellingPartnerId: 'evil\u202e' }, 's');
		assert.ok(!shape.ok);
		const error = consentCallbackError(shape);
		assert.deepEqual(facts(error), { code: 'malformed_callback', reason: 'selling_partner_id_shape', facts: {} });
		assert.ok(!error.message.includes('evil'));
		const login = consentCallbackParamsFromQuery(new URLSearchParams('amazon_callback_uri=https%3A%2F%2Fevil.example'));
		assert.ok(!login.ok);
		assert.deepEqual(facts(consentCallbackError(login)), { code: 'malformed_callback', reason: 'login_uri_step', facts: {} });
	});

	it('keeps state, error and missing code refusals on their own codes', () => {
		assert.equal(consentCallbackError({ reason: 'missing_state' }).code, 'state_mismatch');
		assert.equal(consentCallbackError({ reason: 'state_mismatch' }).code, 'state_mismatch');
		assert.equal(consentCallbackError({ reason: 'authorization_error', error: 'access_denied' }).code, 'access_denied');
		assert.equal(consentCallbackError({ reason: 'authorization_error', error: 'unrecognised' }).code, 'authorization_failed');
		assert.equal(consentCallbackError({ reason: 'missing_code' }).code, 'missing_code');
	});

	it('turns the first pre-sign-in error into invalid_profile naming the field, and ignores warnings', () => {
		const problems = preSignInProblems({ applicationId: 'amzn1.application-oa2-client.abc', clientId: 'amzn1.application-oa2-client.abc', draft: false });
		assert.deepEqual(facts(preSignInError(problems)), { code: 'invalid_profile', reason: 'client_id_as_application_id', facts: { field: 'applicationId' } });
		const warningOnly = preSignInProblems({ applicationId: 'amzn1.sp.solution.x', clientId: 'amzn1.application-oa2-client.abc', draft: false, redirectUri: 'http://127.0.0.1:1/cb', allowLoopbackRedirect: true });
		assert.equal(preSignInError(warningOnly), undefined);
	});

	it('turns consent URL refusals into invalid_profile naming the field', () => {
		assert.deepEqual(facts(consentRequestError('consent_base')), { code: 'invalid_profile', reason: 'consent_base', facts: { field: 'endpoints' } });
		assert.deepEqual(facts(consentRequestError('redirect_uri')), { code: 'invalid_profile', reason: undefined, facts: { field: 'redirectUri' } });
	});
});
