// Restricted Data Tokens in memory: keyed by slot, method and path template, handed out again only for
// the very path and data elements they were issued for, forgotten at expiry and with their partner.
import * as assert from 'node:assert/strict';
import type { Slot } from '../../../../src/core/credentials/accounts';
import { RestrictedDataTokenMemory, restrictedDataTokenKey } from '../../../../src/core/sellingPartner/restrictedDataTokenMemory';
import { checkRestrictedPath } from '../../../../src/core/sellingPartner/restrictedOperations';
import { ManualClock } from '../support/fakes';

const A: Slot = { profile: 'sp', account: { kind: 'partner', id: 'A1SELLERAAAA' } };
const B: Slot = { profile: 'sp', account: { kind: 'partner', id: 'A2SELLERBBBB' } };
const HOUR = 3_600_000;

function resource(path: string, dataElements: ('buyerInfo' | 'shippingAddress')[] = []) {
	const check = checkRestrictedPath('GET', path);
	assert.ok(check.ok);
	return { method: 'GET' as const, path, template: check.logPath, dataElements };
}

describe('Restricted Data Token memory', () => {
	it('keys by slot, method and template, never by the real path', () => {
		const key = restrictedDataTokenKey(A, 'GET', resource('/orders/v0/orders/902-1111111-2222222').template);
		assert.ok(key.includes('/orders/v0/orders/{orderId}'));
		assert.ok(!key.includes('902-1111111-2222222'));
	});

	it('hands an RDT out again only for the same path and data elements, and only for its own partner', () => {
		const clock = new ManualClock(1_000_000);
		const memory = new RestrictedDataTokenMemory(clock);
		const order1 = resource('/orders/v0/orders/902-1111111-2222222', ['buyerInfo']);
		memory.remember(A, order1, { token: 'rdt-1', expiresAt: clock.now() + HOUR, obtainedAt: clock.now() });
		assert.equal(memory.find(A, order1, 0)?.token.token, 'rdt-1');
		assert.equal(memory.find(A, { ...order1, dataElements: [] }, 0), undefined, 'other data elements');
		assert.equal(memory.find(A, resource('/orders/v0/orders/902-3333333-4444444', ['buyerInfo']), 0), undefined, 'another order of the same template');
		assert.equal(memory.find(B, order1, 0), undefined, 'another selling partner');
	});

	it('replaces the RDT of a template by the next one of the same template', () => {
		const clock = new ManualClock(1_000_000);
		const memory = new RestrictedDataTokenMemory(clock);
		memory.remember(A, resource('/orders/v0/orders/1-1'), { token: 'rdt-1', expiresAt: clock.now() + HOUR, obtainedAt: clock.now() });
		memory.remember(A, resource('/orders/v0/orders/2-2'), { token: 'rdt-2', expiresAt: clock.now() + HOUR, obtainedAt: clock.now() });
		assert.equal(memory.size, 1);
		assert.equal(memory.find(A, resource('/orders/v0/orders/2-2'), 0)?.token.token, 'rdt-2');
	});

	it('does not hand out an RDT within the refresh margin, and forgets it at expiry (fake clock)', () => {
		const clock = new ManualClock(1_000_000);
		const memory = new RestrictedDataTokenMemory(clock);
		const order = resource('/orders/v0/orders/1-1');
		memory.remember(A, order, { token: 'rdt-1', expiresAt: clock.now() + HOUR, obtainedAt: clock.now() });
		clock.advance(HOUR - 60_000);
		assert.equal(memory.find(A, order, 120_000), undefined, 'one minute left is within a two-minute margin');
		assert.equal(memory.live().length, 1);
		clock.advance(60_000);
		assert.deepEqual(memory.live(), []);
		assert.equal(memory.size, 0);
	});

	it('forgets the RDTs of one partner, or of the whole profile', () => {
		const clock = new ManualClock(1_000_000);
		const memory = new RestrictedDataTokenMemory(clock);
		const token = { token: 'rdt', expiresAt: clock.now() + HOUR, obtainedAt: clock.now() };
		memory.remember(A, resource('/orders/v0/orders/1-1'), token);
		memory.remember(B, resource('/orders/v0/orders/1-1'), token);
		memory.remember({ profile: 'sp2', account: A.account }, resource('/orders/v0/orders/1-1'), token);
		assert.equal(memory.forget('sp', A.account), 1);
		assert.equal(memory.size, 2);
		assert.equal(memory.forget('sp'), 1);
		assert.equal(memory.live()[0].slot.profile, 'sp2');
	});
});
