import * as assert from 'node:assert/strict';
import { PendingSignIns } from '../../../../src/core/signIn/pendingSignIns';
import { startWaitingSignIn } from './support';

describe('PendingSignIns', () => {
	it('hands a redirect to the sign-in whose state it carries and forgets that sign-in', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);

		assert.equal(pending.deliver({ code: 'code-1', state: signIn.state }, 'loopback'), 'delivered');

		assert.deepEqual(await signIn.received, { params: { code: 'code-1', state: signIn.state }, bareCode: false, source: 'loopback' });
		assert.equal(pending.size, 0);
	});

	it('gives each of two waiting sign-ins its own redirect', async () => {
		const pending = new PendingSignIns();
		const first = startWaitingSignIn(pending, { profileName: 'A' });
		const second = startWaitingSignIn(pending, { profileName: 'B' });

		assert.equal(pending.deliver({ code: 'for-second', state: second.state }, 'uri'), 'delivered');
		assert.equal(pending.deliver({ code: 'for-first', state: first.state }, 'paste'), 'delivered');

		assert.equal((await first.received).params.code, 'for-first');
		assert.equal((await second.received).params.code, 'for-second');
	});

	it('answers unknown for a redirect without state or with a state no sign-in waits for, and keeps the sign-in waiting', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);
		const other = startWaitingSignIn(new PendingSignIns());

		assert.equal(pending.deliver({ code: 'c' }, 'uri'), 'unknown');
		assert.equal(pending.deliver({ code: 'c', state: other.state }, 'uri'), 'unknown');
		assert.equal(pending.deliver({ code: 'c', state: 'not a state at all' }, 'uri'), 'unknown');

		assert.equal(pending.size, 1);
		assert.equal(pending.deliver({ code: 'real', state: signIn.state }, 'uri'), 'delivered');
		assert.equal((await signIn.received).params.code, 'real');
	});

	it('refuses a redirect the caller does not accept for that sign-in (another sign-in\'s loopback path) as a mismatch, and keeps it waiting', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending, { loopbackPath: '/a' });

		assert.equal(pending.deliver({ code: 'c', state: signIn.state }, 'loopback', (entry) => entry.loopbackPath === '/b'), 'mismatch');

		assert.equal(pending.size, 1);
		assert.equal(pending.deliver({ code: 'c', state: signIn.state }, 'loopback', (entry) => entry.loopbackPath === '/a'), 'delivered');
		await signIn.received;
	});

	it('hands a bare code to the sign-in with the given nonce, marked as a bare code from paste', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);

		assert.equal(pending.deliverBareCode('no-such-nonce', 'code'), 'unknown');
		assert.equal(pending.deliverBareCode(signIn.nonce, 'code'), 'delivered');

		assert.deepEqual(await signIn.received, { params: { code: 'code' }, bareCode: true, source: 'paste' });
	});

	it('forgets a disposed sign-in, so a later redirect for it is unknown', () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);

		signIn.dispose();

		assert.equal(pending.size, 0);
		assert.equal(pending.deliver({ code: 'c', state: signIn.state }, 'uri'), 'unknown');
	});

	it('lists the waiting sign-ins oldest first with what others may see and nothing else', () => {
		const pending = new PendingSignIns();
		const first = startWaitingSignIn(pending, { profileName: 'A', loopbackPath: '/lwa/callback', startedAt: 1 });
		const second = startWaitingSignIn(pending, { profileName: 'B', startedAt: 2 });

		assert.deepEqual(pending.list(), [
			{ profileName: 'A', nonce: first.nonce, state: first.state, loopbackPath: '/lwa/callback', startedAt: 1 },
			{ profileName: 'B', nonce: second.nonce, state: second.state, loopbackPath: undefined, startedAt: 2 },
		]);
	});
});
