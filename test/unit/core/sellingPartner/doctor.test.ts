import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { PreSignInInput } from '../../../../src/core/sellingPartner/doctor';
import { hasVersionBeta, lookupMdCode, MD_CODE_IDS, preSignInProblems } from '../../../../src/core/sellingPartner/doctor';
import { identifierKind } from '../../../../src/core/sellingPartner/identifiers';

const APP_ID = 'amzn1.sp.solution.2eca283f-9f5a-4d13-b16c-474e0a1b2c57';
const CLIENT_ID = 'amzn1.application-oa2-client.65ff80153a3a4ee38da39d1c165fcca9';
const ok: PreSignInInput = { applicationId: APP_ID, clientId: CLIENT_ID, draft: false, redirectUri: 'https://relay.example/lwa/' };
const codes = (input: Partial<PreSignInInput>): string[] => preSignInProblems({ ...ok, ...input }).map((problem) => problem.code);

describe('identifierKind', () => {
	it('tells app IDs, LWA client ids and anything else apart', () => {
		assert.equal(identifierKind(APP_ID), 'application_id');
		assert.equal(identifierKind('amzn1.sellerapps.app.2eca283f-9f5a-4d13-b16c-474e0a1b2c57'), 'application_id');
		assert.equal(identifierKind(`  ${CLIENT_ID}\n`), 'client_id');
		assert.equal(identifierKind('amzn1.application.abc'), 'unknown');
		assert.equal(identifierKind(undefined), 'unknown');
	});
});

describe('preSignInProblems', () => {
	it('finds nothing wrong with an app ID, a client id and an https redirect URI', () => {
		assert.deepEqual(preSignInProblems(ok), []);
	});

	it('says a client id is in the application id field (MD1000) and the reverse', () => {
		assert.deepEqual(preSignInProblems({ ...ok, applicationId: CLIENT_ID, clientId: APP_ID }), [
			{ code: 'client_id_as_application_id', severity: 'error', field: 'applicationId', mdCode: 'MD1000' },
			{ code: 'application_id_as_client_id', severity: 'error', field: 'clientId' },
		]);
	});

	it('says when neither field holds an identifier of a known shape', () => {
		assert.deepEqual(codes({ applicationId: 'my app', clientId: '' }), ['application_id_shape', 'client_id_shape']);
	});

	it('flags a draft app whose consent URL lacks version=beta (MD1000), and not one that has it', () => {
		const without = 'https://sellercentral.amazon.com/apps/authorize/consent?application_id=x&state=y';
		assert.deepEqual(preSignInProblems({ ...ok, draft: true, consentUrl: without }), [{ code: 'draft_without_beta', severity: 'error', field: 'draft', mdCode: 'MD1000' }]);
		assert.deepEqual(codes({ draft: true, consentUrl: `${without}&version=beta` }), []);
		assert.deepEqual(codes({ draft: false, consentUrl: without }), []);
		assert.equal(hasVersionBeta(`${without}&version=beta&version=beta`), false);
		assert.equal(hasVersionBeta('not a url'), false);
	});

	it('flags a redirect URI with a fragment (MD5110), http to a real host, another scheme, or user info', () => {
		assert.deepEqual(preSignInProblems({ ...ok, redirectUri: 'https://relay.example/lwa/#x' }), [{ code: 'redirect_uri_fragment', severity: 'error', field: 'redirectUri', mdCode: 'MD5110' }]);
		assert.deepEqual(codes({ redirectUri: 'http://relay.example/lwa/' }), ['redirect_uri_not_https']);
		assert.deepEqual(codes({ redirectUri: 'vscode://lwa-tools.lwa-credentials/callback' }), ['redirect_uri_invalid']);
		assert.deepEqual(codes({ redirectUri: 'https://u:p@relay.example/' }), ['redirect_uri_invalid']);
		assert.deepEqual(codes({ redirectUri: 'https://relay.example\\@evil.example/' }), ['redirect_uri_invalid']);
		assert.deepEqual(codes({ redirectUri: 'nonsense' }), ['redirect_uri_invalid']);
	});

	it('refuses a loopback redirect URI unless the user insists, and then only warns', () => {
		assert.deepEqual(codes({ redirectUri: 'http://127.0.0.1:53682/cb' }), ['redirect_uri_not_https']);
		assert.deepEqual(preSignInProblems({ ...ok, redirectUri: 'http://127.0.0.1:53682/cb', allowLoopbackRedirect: true }), [
			{ code: 'redirect_uri_loopback', severity: 'warning', field: 'redirectUri', mdCode: 'MD5101' },
		]);
	});

	it('lists errors before warnings', () => {
		const problems = preSignInProblems({ ...ok, applicationId: CLIENT_ID, redirectUri: 'http://localhost:8080/cb', allowLoopbackRedirect: true });
		assert.deepEqual(problems.map((problem) => problem.severity), ['error', 'warning']);
	});
});

describe('lookupMdCode', () => {
	it('finds each documented code with a cause, fixes and its source', () => {
		assert.deepEqual(lookupMdCode('MD1000'), { code: 'MD1000', cause: 'draft_app_in_production_flow', fixes: ['add_version_beta', 'use_application_id_not_client_id'], source: 'confirmed' });
		assert.equal(lookupMdCode('MD5101')?.cause, 'redirect_uri_not_registered');
		assert.equal(lookupMdCode('MD5110')?.fixes[0], 'remove_fragment_from_redirect_uri');
		assert.equal(lookupMdCode('MD9010')?.cause, 'no_mws_developer_id_for_region');
		assert.equal(lookupMdCode('MD9100')?.source, 'third-party');
	});

	it('reads the code however the user copied it', () => {
		for (const text of ['md1000', 'MD 1000', 'Error MD-1000', '  (MD1000)  ', 'Error code: MD1000.']) {
			assert.equal(lookupMdCode(text)?.code, 'MD1000', text);
		}
	});

	it('finds nothing for unknown codes, longer numbers, words around the code or long text', () => {
		for (const text of ['MD1234', 'MD10000', 'XMD1000', '1000', '', `MD1000 ${'x'.repeat(80)}`, 42]) {
			assert.equal(lookupMdCode(text), undefined, String(text));
		}
	});

	it('finds every listed code by its own name, and never throws (property)', () => {
		for (const code of MD_CODE_IDS) {
			assert.equal(lookupMdCode(code)?.code, code);
		}
		fc.assert(fc.property(fc.string({ maxLength: 70 }), (text) => {
			const entry = lookupMdCode(text);
			assert.ok(entry === undefined || MD_CODE_IDS.includes(entry.code));
		}));
	});
});
