// An SP-API consent sign-in's redirect on the three ways back: the URI handler (relay page), the
// loopback listener and paste. It carries spapi_oauth_code and selling_partner_id; hostile redirects
// are refused and the sign-in keeps waiting.
import * as assert from 'node:assert/strict';
import { createConsentRequest } from '../../../../src/core/sellingPartner/consent';
import { deliverPastedInput, routeCallbackUri } from '../../../../src/core/signIn/callbackRouting';
import type { PastedInputOptions } from '../../../../src/core/signIn/callbackRouting';
import { ENGLISH_LOOPBACK_TEXTS, LoopbackServers } from '../../../../src/core/signIn/loopbackListener';
import { PendingSignIns } from '../../../../src/core/signIn/pendingSignIns';
import type { ReceivedCallback } from '../../../../src/core/signIn/pendingSignIns';
import { RecordingLogger } from '../support/fakes';
import { freePort, startWaitingSignIn } from './support';

const REDIRECT = 'https://relay.example.test/sp/callback';

function startConsentSignIn(pending: PendingSignIns, redirectUri = REDIRECT, loopbackPath?: string): { state: string; received: Promise<ReceivedCallback>; settled: () => boolean } {
	const result = createConsentRequest({ applicationId: 'amzn1.sp.solution.app-1', consentBase: 'https://sellercentral.amazon.com', partnerType: 'seller', draft: false, redirectUri });
	assert.ok(result.ok);
	const registration = pending.register({
		profileName: 'sp', nonce: result.request.nonce, state: result.request.state, startedAt: 1, kind: 'consent', redirectUri,
		...(loopbackPath ? { loopbackPath } : {}),
	});
	let settled = false;
	void registration.received.then(() => {
		settled = true;
	});
	return { state: result.request.state, received: registration.received, settled: () => settled };
}

const options = (logger: RecordingLogger): PastedInputOptions => ({ logger, chooseSignIn: async () => undefined });

describe('consent redirects', () => {
	it('delivers spapi_oauth_code and selling_partner_id through the URI handler to the consent sign-in whose state they carry', async () => {
		const pending = new PendingSignIns();
		const signIn = startConsentSignIn(pending);
		const query = new URLSearchParams({ state: signIn.state, selling_partner_id: 'A1SELLER', spapi_oauth_code: 'ANcode1', mws_auth_token: 'ignored' }).toString();
		assert.equal(routeCallbackUri('/callback', query, pending, new RecordingLogger()), 'delivered');
		const received = await signIn.received;
		assert.deepEqual(received.consent, { state: signIn.state, sellingPartnerId: 'A1SELLER', spapiOauthCode: 'ANcode1' });
		assert.equal(received.source, 'uri');
	});

	it('delivers a pasted consent redirect at the sign-in\'s redirect URI', async () => {
		const pending = new PendingSignIns();
		const signIn = startConsentSignIn(pending);
		const outcome = await deliverPastedInput(pending, `${REDIRECT}?state=${encodeURIComponent(signIn.state)}&selling_partner_id=A1SELLER&spapi_oauth_code=ANcode2`, options(new RecordingLogger()));
		assert.deepEqual(outcome, { kind: 'delivered' });
		assert.equal((await signIn.received).consent?.spapiOauthCode, 'ANcode2');
	});

	const hostilePastes: [string, (state: string) => string, string][] = [
		['another host', (state) => `https://evil.example.test/sp/callback?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'wrong_redirect_uri'],
		['another scheme', (state) => `http://relay.example.test/sp/callback?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'wrong_redirect_uri'],
		['another path', (state) => `https://relay.example.test/sp/other?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'wrong_redirect_uri'],
		['a user name', (state) => `https://user@relay.example.test/sp/callback?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'userinfo'],
		['a backslash', (state) => `https://relay.example.test\\sp/callback?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'wrong_redirect_uri'],
		['an encoded slash in the path', (state) => `https://relay.example.test/sp%2Fcallback?state=${state}&selling_partner_id=A1S&spapi_oauth_code=c`, 'wrong_redirect_uri'],
		['a control character', (state) => `${REDIRECT}?state=${state}&selling_partner_id=A1S%0AFORGED&spapi_oauth_code=c`, 'control_character'],
		['a huge value', (state) => `${REDIRECT}?state=${state}&selling_partner_id=${'A'.repeat(3000)}&spapi_oauth_code=c`, 'too_long'],
		['a repeated parameter', (state) => `${REDIRECT}?state=${state}&selling_partner_id=A1S&selling_partner_id=A2T&spapi_oauth_code=c`, 'repeated_parameter'],
		['an amazon_callback_uri', (state) => `${REDIRECT}?state=${state}&amazon_callback_uri=${encodeURIComponent('https://evil.example.test/')}&amazon_state=x`, 'login_uri_step'],
	];
	for (const [what, url, reason] of hostilePastes) {
		it(`refuses a pasted consent redirect with ${what} (${reason}) and keeps the sign-in waiting`, async () => {
			const pending = new PendingSignIns();
			const signIn = startConsentSignIn(pending);
			const outcome = await deliverPastedInput(pending, url(encodeURIComponent(signIn.state)), options(new RecordingLogger()));
			assert.equal(outcome.kind, 'unreadable');
			assert.equal((outcome as { error: { reason?: string } }).error.reason, reason);
			assert.equal(pending.size, 1);
			assert.equal(signIn.settled(), false);
		});
	}

	it('refuses an amazon_callback_uri, repeated and control-character values through the URI handler and keeps waiting', () => {
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		const signIn = startConsentSignIn(pending);
		const state = encodeURIComponent(signIn.state);
		for (const query of [
			`state=${state}&amazon_callback_uri=https%3A%2F%2Fevil.example.test%2F&selling_partner_id=A1S&spapi_oauth_code=c`,
			`state=${state}&spapi_oauth_code=c&spapi_oauth_code=d&selling_partner_id=A1S`,
			`state=${state}&spapi_oauth_code=c&selling_partner_id=A1S%E2%80%AE`,
		]) {
			assert.equal(routeCallbackUri('/callback', query, pending, logger), 'malformed');
		}
		assert.equal(pending.size, 1);
		assert.ok(!logger.text.includes('evil.example.test'));
	});

	it('gives a consent sign-in neither a plain LWA redirect nor a pasted bare code, and an LWA sign-in no consent redirect', async () => {
		const pending = new PendingSignIns();
		const consent = startConsentSignIn(pending);
		assert.equal(pending.deliver({ code: 'c', state: consent.state }, 'uri'), 'unknown');
		const bare = await deliverPastedInput(pending, 'ANbarecode', options(new RecordingLogger()));
		assert.deepEqual([bare.kind, (bare as { error: { reason?: string } }).error.reason], ['unreadable', 'bare_code']);
		const lwa = startWaitingSignIn(pending);
		assert.equal(pending.deliverConsent({ state: lwa.state, spapiOauthCode: 'c', sellingPartnerId: 'A1S' }, 'uri'), 'unknown');
		assert.equal(pending.size, 2);
	});

	it('answers a consent redirect on a loopback redirect URI with the success page, and a forged one with 400', async () => {
		const port = await freePort();
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		const servers = new LoopbackServers(pending, logger, ENGLISH_LOOPBACK_TEXTS);
		const redirectUri = `http://127.0.0.1:${port}/sp/callback`;
		const signIn = startConsentSignIn(pending, redirectUri, '/sp/callback');
		const lease = await servers.listen({ hostname: '127.0.0.1', port, path: '/sp/callback' });
		try {
			const forged = await fetch(`${redirectUri}?state=forged&selling_partner_id=A1S&spapi_oauth_code=c`);
			assert.equal(forged.status, 400);
			const hostile = await fetch(`${redirectUri}?state=${encodeURIComponent(signIn.state)}&amazon_callback_uri=x&selling_partner_id=A1S&spapi_oauth_code=c`);
			assert.equal(hostile.status, 400);
			assert.equal(signIn.settled(), false);
			const good = await fetch(`${redirectUri}?state=${encodeURIComponent(signIn.state)}&selling_partner_id=A1SELLER&spapi_oauth_code=ANcode3`);
			assert.equal(good.status, 200);
			assert.ok(!(await good.text()).includes('ANcode3'));
			assert.equal((await signIn.received).consent?.sellingPartnerId, 'A1SELLER');
		} finally {
			lease.dispose();
			servers.dispose();
		}
	});
});
