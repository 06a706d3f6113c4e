// The error doctor's lookup: MD codes as read on Amazon's page and token errors as a REST client or an
// SDK shows them, and nothing for anything else.
import * as assert from 'node:assert/strict';
import { lookupErrorCode, MD_CODE_IDS } from '../../../../src/core/sellingPartner/doctor';
import { honouredArgument } from '../../../../src/core/commandArguments';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('Error code lookup', () => {
	it('finds every MD code the doctor knows, including MD1000, MD5101, MD5110, MD9010 and MD9100', () => {
		for (const code of ['MD1000', 'MD5101', 'MD5110', 'MD9010', 'MD9100', ...MD_CODE_IDS]) {
			const found = lookupErrorCode(`Error ${code.toLowerCase()}`);
			assert.equal(found?.kind, 'md', code);
			assert.equal(found?.kind === 'md' ? found.entry.code : undefined, code);
		}
	});

	it('finds the token errors in what a REST client shows, and nothing in look-alikes', () => {
		assert.deepEqual(lookupErrorCode('{"error":"invalid_client"}'), { kind: 'token', code: 'invalid_client' });
		assert.deepEqual(lookupErrorCode('INVALID_GRANT'), { kind: 'token', code: 'invalid_grant' });
		assert.deepEqual(lookupErrorCode('unauthorized_client'), { kind: 'token', code: 'unauthorized_client' });
		assert.equal(lookupErrorCode('invalid_grants'), undefined);
		assert.equal(lookupErrorCode('xinvalid_client'), undefined);
	});

	it('finds nothing in unknown codes, huge input, control characters or non-strings', () => {
		assert.equal(lookupErrorCode('MD1234'), undefined);
		assert.equal(lookupErrorCode(`MD1000${' '.repeat(100)}`), undefined);
		assert.equal(lookupErrorCode('x'.repeat(100_000)), undefined);
		assert.equal(lookupErrorCode('\u0000\u202e'), undefined);
		assert.equal(lookupErrorCode({ toString: () => 'MD1000' }), undefined);
	});
});

describe('Get Restricted Data Token arguments', () => {
	it('drops the method, path and data elements outside tests, so the user picks what the token unlocks', () => {
		const given = { profile: 'sp', partner: 'A1SELLER', method: 'GET', path: '/orders/v0/orders/1-1', dataElements: ['buyerInfo'], format: 'raw' };
		assert.deepEqual(honouredArgument('lwa.getRestrictedDataToken', given, false, silent), { profile: 'sp', partner: 'A1SELLER', format: 'raw' });
		assert.deepEqual(honouredArgument('lwa.getRestrictedDataToken', given, true, silent), given);
	});
});
