import * as assert from 'node:assert/strict';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { CENTRAL_PREFIXES } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../support';
import { startEmulator } from '../support';
import { APP_ID, consentRedirect, consentUrl, exchangeSpCode, getConsent, SP_CLIENT_ID, SP_REDIRECT_URI } from './support';

/** The MD code shown on an error page, or undefined. */
async function mdCode(response: Response): Promise<string | undefined> {
	return /id="md-code">([^<]+)</.exec(await response.text())?.[1];
}

function postDecision(base: string, requestId: string, decision: string): Promise<Response> {
	return fetch(`${base}/apps/authorize/consent/decision`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ request: requestId, decision }).toString(),
		redirect: 'manual',
	});
}

describe('SP-API emulator: Seller Central / Vendor Central consent', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator());
		emulator.sellingPartner.registerApp({ applicationId: 'amzn1.sellerapps.app.published-1', clientId: SP_CLIENT_ID, redirectUris: ['https://relay.example/sp', 'https://relay.example/other'], draft: false });
	});

	afterEach(async () => {
		await emulator.close();
	});

	describe('with auto-approval', () => {
		beforeEach(() => {
			emulator.autoApprove = true;
		});

		it('redirects to the first registered redirect URI with state, selling_partner_id and spapi_oauth_code, in that order', async () => {
			const response = await getConsent(emulator);
			assert.equal(response.status, 302);
			const location = new URL(response.headers.get('location') ?? '');
			assert.equal(`${location.origin}${location.pathname}`, SP_REDIRECT_URI);
			assert.deepEqual([...location.searchParams.keys()], ['state', 'selling_partner_id', 'spapi_oauth_code']);
			assert.equal(location.searchParams.get('state'), 'sp-state-1');
			assert.equal(location.searchParams.get('selling_partner_id'), emulator.sellingPartner.sellingPartnerId('seller'));
			assert.match(location.searchParams.get('spapi_oauth_code') ?? '', /^AN[A-Za-z]{30}$/);
		});

		it('signs in the vendor on Vendor Central, under the generic prefix and under a real host', async () => {
			for (const base of [emulator.sellingPartner.endpoints.vendorCentral, emulator.sellingPartner.centralBase('vendorcentral.amazon.co.jp')]) {
				const params = await consentRedirect(emulator, {}, base);
				assert.equal(params.get('selling_partner_id'), 'amzn1.vg.9000001', base);
			}
			const seller = await consentRedirect(emulator, {}, emulator.sellingPartner.centralBase('sellercentral-europe.amazon.com'));
			assert.equal(seller.get('selling_partner_id'), 'A1EMULATORSELLER0');
		});

		it('serves every central host path it lists', async () => {
			for (const prefix of CENTRAL_PREFIXES.keys()) {
				const response = await getConsent(emulator, {}, `${emulator.url}${prefix}`);
				assert.equal(response.status, 302, prefix);
			}
		});

		it('uses the redirect_uri given when it is registered, and a published app needs no version=beta', async () => {
			const params = await consentRedirect(emulator, { application_id: 'amzn1.sellerapps.app.published-1', version: undefined, redirect_uri: 'https://relay.example/other' });
			assert.ok(params.get('spapi_oauth_code'));
			const response = await getConsent(emulator, { application_id: 'amzn1.sellerapps.app.published-1', version: undefined, redirect_uri: 'https://relay.example/other' });
			assert.ok((response.headers.get('location') ?? '').startsWith('https://relay.example/other?'));
		});

		it('issues a code that the LWA token endpoint exchanges once, for tokens of the selling partner', async () => {
			const code = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
			const first = await exchangeSpCode(emulator, code);
			assert.equal(first.status, 200);
			const body = await first.json() as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
			assert.match(body.access_token, /^Atza\|/);
			assert.match(body.refresh_token, /^Atzr\|/);
			const second = await exchangeSpCode(emulator, code);
			assert.equal(second.status, 400);
			assert.equal((await second.json() as { error: string }).error, 'invalid_grant');
		});

		it('lets the code expire after 5 minutes by the emulator\'s clock', async () => {
			const fresh = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
			clock.advanceSeconds(299);
			assert.equal((await exchangeSpCode(emulator, fresh)).status, 200);
			const stale = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
			clock.advanceSeconds(300);
			const response = await exchangeSpCode(emulator, stale);
			assert.equal(response.status, 400);
			assert.equal((await response.json() as { error: string }).error, 'invalid_grant');
		});

		it('refuses the code with another redirect_uri or another client', async () => {
			const code = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
			assert.equal((await exchangeSpCode(emulator, code, { redirect_uri: 'http://127.0.0.1:53682/other' })).status, 400);
			const again = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
			assert.equal((await exchangeSpCode(emulator, again, { client_id: 'amzn1.application-oa2-client.sandbox', client_secret: 'sandbox-secret' })).status, 400);
		});

		it('honours a PKCE challenge when one is sent (unconfirmed for SP-API) and wants its verifier', async () => {
			const verifier = 'v'.repeat(43);
			const { createHash } = await import('node:crypto');
			const challenge = createHash('sha256').update(verifier).digest('base64url');
			const code = (await consentRedirect(emulator, { code_challenge: challenge, code_challenge_method: 'S256' })).get('spapi_oauth_code') ?? '';
			assert.equal((await exchangeSpCode(emulator, code)).status, 400);
			const second = (await consentRedirect(emulator, { code_challenge: challenge, code_challenge_method: 'S256' })).get('spapi_oauth_code') ?? '';
			assert.equal((await exchangeSpCode(emulator, second, { code_verifier: verifier })).status, 200);
		});
	});

	describe('MD errors, on the central\'s own page and never by redirect', () => {
		beforeEach(() => {
			emulator.autoApprove = true;
		});

		const cases: [string, Record<string, string | undefined>, string][] = [
			['a draft app without version=beta', { version: undefined }, 'MD1000'],
			['a draft app with another version', { version: 'BETA' }, 'MD1000'],
			['an LWA client id as application_id', { application_id: 'amzn1.application-oa2-client.spsandbox' }, 'MD1000'],
			['a redirect URI that is not registered', { redirect_uri: 'https://evil.example/steal' }, 'MD5101'],
			['a registered redirect URI on another scheme', { redirect_uri: SP_REDIRECT_URI.replace('http:', 'https:') }, 'MD5101'],
			['a registered redirect URI with userinfo', { redirect_uri: SP_REDIRECT_URI.replace('http://', 'http://user@') }, 'MD5101'],
			['a registered redirect URI with a backslash', { redirect_uri: SP_REDIRECT_URI.replace('/sp/', '\\sp/') }, 'MD5101'],
			['a registered redirect URI with an encoded slash', { redirect_uri: SP_REDIRECT_URI.replace('/sp/callback', '/sp%2Fcallback') }, 'MD5101'],
			['a redirect URI with a fragment', { redirect_uri: `${SP_REDIRECT_URI}#x` }, 'MD5110'],
		];
		for (const [what, params, code] of cases) {
			it(`shows ${code} for ${what}`, async () => {
				const response = await getConsent(emulator, params);
				assert.equal(response.status, 400);
				assert.equal(response.headers.get('location'), null);
				assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
				assert.equal(await mdCode(response), code);
			});
		}

		it('shows MD9100 for an app with no redirect URI', async () => {
			emulator.sellingPartner.registerApp({ applicationId: 'amzn1.sp.solution.no-redirect', clientId: SP_CLIENT_ID, redirectUris: [], draft: false });
			const response = await getConsent(emulator, { application_id: 'amzn1.sp.solution.no-redirect' });
			assert.equal(await mdCode(response), 'MD9100');
		});

		it('shows an error page without a redirect for an unknown app, a missing app id, repeated parameters and a bad PKCE challenge', async () => {
			const bad: Record<string, string | undefined>[] = [
				{ application_id: 'amzn1.sp.solution.unknown' },
				{ application_id: undefined },
				{ code_challenge: 'short', code_challenge_method: 'S256' },
				{ code_challenge_method: 'S256' },
			];
			for (const params of bad) {
				const response = await getConsent(emulator, params);
				assert.equal(response.status, 400, JSON.stringify(params));
				assert.equal(response.headers.get('location'), null);
			}
			for (const name of ['application_id', 'state', 'redirect_uri', 'version']) {
				const url = `${consentUrl(emulator, { redirect_uri: SP_REDIRECT_URI })}&${name}=${encodeURIComponent(name === 'application_id' ? APP_ID : name === 'version' ? 'beta' : name === 'redirect_uri' ? SP_REDIRECT_URI : 'x')}`;
				const response = await fetch(url, { redirect: 'manual' });
				assert.equal(response.status, 400, name);
				assert.equal(response.headers.get('location'), null, name);
			}
		});

		it('escapes whatever the request carries on its pages', async () => {
			const response = await getConsent(emulator, { application_id: '<script>alert(1)</script>' });
			assert.ok(!(await response.text()).includes('<script>'));
		});
	});

	describe('with the consent page', () => {
		async function requestIdOf(response: Response): Promise<string> {
			const match = /name="request" value="([^"]+)"/.exec(await response.text());
			assert.ok(match, 'the consent page carries a request id');
			return match[1];
		}

		it('shows the app and the selling partner, and Confirm redirects with the code', async () => {
			const page = await getConsent(emulator);
			assert.equal(page.status, 200);
			assert.match(page.headers.get('content-security-policy') ?? '', /form-action 'self' http:\/\/127\.0\.0\.1:53682/);
			const html = await page.clone().text();
			assert.match(html, /id="selling-partner">A1EMULATORSELLER0</);
			assert.match(html, /id="draft-note"/);
			const confirm = await postDecision(emulator.sellingPartner.endpoints.sellerCentral, await requestIdOf(page), 'allow');
			assert.equal(confirm.status, 302);
			const params = new URL(confirm.headers.get('location') ?? '').searchParams;
			assert.equal(params.get('state'), 'sp-state-1');
			assert.ok(params.get('spapi_oauth_code'));
		});

		it('answers a request once, and Cancel shows a page instead of redirecting', async () => {
			const base = emulator.sellingPartner.endpoints.sellerCentral;
			const requestId = await requestIdOf(await getConsent(emulator));
			const cancel = await postDecision(base, requestId, 'deny');
			assert.equal(cancel.status, 200);
			assert.equal(cancel.headers.get('location'), null);
			assert.match(await cancel.text(), /id="cancelled"/);
			const again = await postDecision(base, requestId, 'allow');
			assert.equal(again.status, 400);
			assert.equal(again.headers.get('location'), null);
		});

		it('refuses a Seller Central request answered on Vendor Central, an unknown request and a bad decision', async () => {
			const requestId = await requestIdOf(await getConsent(emulator));
			assert.equal((await postDecision(emulator.sellingPartner.endpoints.vendorCentral, requestId, 'allow')).status, 400);
			assert.equal((await postDecision(emulator.sellingPartner.endpoints.sellerCentral, 'nope', 'allow')).status, 400);
			assert.equal((await postDecision(emulator.sellingPartner.endpoints.sellerCentral, requestId, 'maybe')).status, 400);
		});

		it('forgets a consent request after 10 minutes by the emulator\'s clock', async () => {
			const requestId = await requestIdOf(await getConsent(emulator));
			clock.advanceSeconds(601);
			assert.equal((await postDecision(emulator.sellingPartner.endpoints.sellerCentral, requestId, 'allow')).status, 400);
		});

		it('refuses other methods on the consent and decision paths', async () => {
			assert.equal((await fetch(consentUrl(emulator), { method: 'POST' })).status, 405);
			assert.equal((await fetch(`${emulator.sellingPartner.endpoints.sellerCentral}/apps/authorize/consent/decision`)).status, 405);
		});
	});
});
