import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkRestrictedPath, RESTRICTED_OPERATIONS, templateOfPath } from '../../../../src/core/sellingPartner/restrictedOperations';

describe('checkRestrictedPath', () => {
	it('matches a specific Orders path to its operation and logs the template, not the order id', () => {
		const check = checkRestrictedPath('GET', '/orders/v0/orders/902-3159896-1390916/address');
		assert.ok(check.ok);
		assert.equal(check.operation?.id, 'orders.getOrderAddress');
		assert.equal(check.specific, true);
		assert.equal(check.logPath, '/orders/v0/orders/{orderId}/address');
		assert.ok(!JSON.stringify(check).includes('902-3159896'));
	});

	it('accepts a generic path with its placeholder and says it is not specific', () => {
		const check = checkRestrictedPath('GET', '/mfn/v0/shipments/{shipmentId}');
		assert.ok(check.ok);
		assert.equal(check.operation?.id, 'merchantFulfillment.getShipment');
		assert.equal(check.specific, false);
	});

	it('refuses a generic path for getReportDocument, which takes specific paths only', () => {
		assert.deepEqual(checkRestrictedPath('GET', '/reports/2021-06-30/documents/{reportDocumentId}'), { ok: false, reason: 'generic_not_allowed' });
		assert.ok(checkRestrictedPath('GET', '/reports/2021-06-30/documents/amzn1.spdoc.1.4.na.abc').ok);
	});

	it('refuses a trailing slash, a relative or protocol-relative path, a query and a fragment', () => {
		assert.deepEqual(checkRestrictedPath('GET', '/orders/v0/orders/'), { ok: false, reason: 'trailing_slash' });
		assert.deepEqual(checkRestrictedPath('GET', 'orders/v0/orders'), { ok: false, reason: 'not_absolute' });
		assert.deepEqual(checkRestrictedPath('GET', '//evil.example/orders/v0/orders'), { ok: false, reason: 'not_absolute' });
		assert.deepEqual(checkRestrictedPath('GET', '/orders/v0/orders?MarketplaceIds=X'), { ok: false, reason: 'query_or_fragment' });
		assert.deepEqual(checkRestrictedPath('GET', '/orders/v0/orders#x'), { ok: false, reason: 'query_or_fragment' });
	});

	it('refuses backslashes, encoded slashes, spaces, control and non-ASCII characters', () => {
		for (const path of ['/orders\\v0/orders', '/orders/v0/orders/1%2F2', '/orders/v0/orders/1 2', '/orders/v0/orders/1\n', '/orders/v0/orders/\u202e1', '/orders/v0/ördérs']) {
			assert.deepEqual(checkRestrictedPath('GET', path), { ok: false, reason: 'unsafe_character' }, JSON.stringify(path));
		}
	});

	it('refuses dot and empty segments, huge paths and empty input', () => {
		assert.deepEqual(checkRestrictedPath('GET', '/orders/v0/../orders'), { ok: false, reason: 'dot_or_empty_segment' });
		assert.deepEqual(checkRestrictedPath('GET', '/orders//v0/orders'), { ok: false, reason: 'dot_or_empty_segment' });
		assert.deepEqual(checkRestrictedPath('GET', `/orders/v0/orders/${'1'.repeat(600)}`), { ok: false, reason: 'too_long' });
		assert.deepEqual(checkRestrictedPath('GET', ''), { ok: false, reason: 'empty' });
	});

	it('refuses a listed path with another method, and an unknown method', () => {
		assert.deepEqual(checkRestrictedPath('POST', '/orders/v0/orders/902-3159896-1390916'), { ok: false, reason: 'method_mismatch' });
		assert.ok(checkRestrictedPath('DELETE', '/mfn/v0/shipments/abc').ok);
		assert.deepEqual(checkRestrictedPath('PATCH', '/orders/v0/orders'), { ok: false, reason: 'unknown_method' });
	});

	it('lets an unlisted typed path through with id-like segments masked, but no placeholders', () => {
		const check = checkRestrictedPath('GET', '/vendor/directFulfillment/orders/2021-12-28/purchaseOrders/PO123456');
		assert.deepEqual(check, { ok: true, specific: true, logPath: '/vendor/directFulfillment/orders/2021-12-28/purchaseOrders/{id}' });
		assert.deepEqual(checkRestrictedPath('GET', '/vendor/x/{purchaseOrderNumber}'), { ok: false, reason: 'placeholder_in_unlisted_path' });
	});

	it('gives the template of every listed operation for a path with a real id in each placeholder', () => {
		for (const operation of RESTRICTED_OPERATIONS) {
			const real = operation.template.replace(/\{[A-Za-z]+\}/g, '123-4567890-1234567');
			assert.equal(templateOfPath(operation.method, real), operation.template, operation.id);
		}
	});

	it('never logs a segment with a digit that is not the template\'s (property)', () => {
		fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), (id) => {
			const check = checkRestrictedPath('GET', `/orders/v0/orders/${id}/buyerInfo`);
			assert.ok(check.ok);
			assert.equal(check.logPath, '/orders/v0/orders/{orderId}/buyerInfo');
		}));
	});
});
