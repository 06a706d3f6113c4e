// Assertions the core's tests share.
import * as assert from 'node:assert/strict';
import { LwaError } from '../../../../src/core/lwa/errors';

/** The LwaError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<LwaError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof LwaError, `expected an LwaError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected a rejection');
}
