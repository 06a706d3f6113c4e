// The SP-API path of issue 12 as a person walks it: switch to the SP-API profile (the emulator's
// sandbox app, seeded by e2eFixtures.ts), set its client secret, "LWA: Sign In" from the palette ->
// the emulator's Seller Central consent page opens in a new tab -> Confirm -> the loopback redirect
// comes back -> the notification names the selling partner and the status bar shows its countdown;
// then "LWA: Copy Access Token As…" -> x-amz-access-token header, read from the clipboard, and a
// GET /sellers/v1/marketplaceParticipations made with it from here answers 200 with the partner's
// participations. It signs out and switches back to the Sandbox profile, so it runs alone or among others.
import * as assert from 'node:assert';
import { statusText } from './signInSteps';
import { chooseQuickPickRow, copiedText, runCommand, screenshot, setClientSecretOf, switchToProfile, waitFor, workbench } from './workbench';

describe('SP-API from the palette to a marketplaceParticipations answer', () => {
	it('signs in through the emulator\'s Seller Central consent page (Confirm, loopback redirect), names the selling partner in the notification and the status bar\'s countdown, and the copied x-amz-access-token header gets 200 and the partner\'s participations from GET /sellers/v1/marketplaceParticipations', async () => {
		const { page, context, fixtures } = workbench();
		const profile = fixtures.sellingPartnerProfileName;
		const partner = fixtures.sellingPartnerId;
		await switchToProfile(page, profile);
		try {
			// After the secret, Set Client Secret asks an SP-API profile for Amazon's issue date: left empty.
			await setClientSecretOf(page, profile, fixtures.sellingPartnerClientSecret, async () => {
				await page.locator('.quick-input-widget', { hasText: 'When did Amazon issue this client secret?' }).waitFor({ state: 'visible', timeout: 20_000 });
				await page.keyboard.press('Enter');
			});

			const consentTab = context.waitForEvent('page', { timeout: 30_000 });
			await runCommand(page, 'LWA: Sign In');
			// The profile's endpoints.sellerCentral replaces the marketplace's host, so no marketplace is asked.
			const consent = await consentTab;
			const consentUrl = new URL(consent.url());
			// code-server opens a loopback address through its port proxy (/proxy/<port>/…).
			assert.ok(`${consentUrl.origin}${consentUrl.pathname}`.endsWith(`:${new URL(fixtures.emulatorUrl).port}/sellercentral/apps/authorize/consent`)
				|| consentUrl.pathname === `/proxy/${new URL(fixtures.emulatorUrl).port}/sellercentral/apps/authorize/consent`, `the emulator's Seller Central: ${consentUrl.pathname}`);
			assert.strictEqual(consentUrl.searchParams.get('version'), 'beta', 'a draft app is authorized with version=beta');
			await consent.locator('#allow').waitFor({ state: 'visible' });
			assert.strictEqual((await consent.locator('#selling-partner').innerText()).trim(), partner, 'Seller Central names the selling partner');
			await screenshot(consent, 'sp-api-seller-central-consent');
			await consent.locator('#allow').click();
			// The profile's redirect URI is loopback: the listener in the extension host answers the redirect.
			await consent.waitForURL(/127\.0\.0\.1:\d+\/sp\/callback/, { timeout: 30_000 });
			await consent.locator('body').waitFor();
			assert.ok(!/Atza\||Atzr\||spapi_oauth_code=/.test(await consent.content()), 'the loopback page shows no token or code');
			await consent.close();

			await page.bringToFront();
			await page.locator('.notifications-toasts .notification-toast', { hasText: `Selling partner ${partner} authorized "${profile}".` })
				.first().waitFor({ state: 'visible', timeout: 30_000 });
			await waitFor(async () => new RegExp(`LWA ${profile} ${partner} (59|60)m\\b`).test(await statusText(page)), 20_000, 'the status bar shows the partner\'s countdown');
			await screenshot(page, 'sp-api-signed-in');

			const copied = await copiedText(page, async () => {
				await runCommand(page, 'LWA: Copy Access Token As…');
				await chooseQuickPickRow(page, 'x-amz-access-token header');
			});
			// Never assert.match on the clipboard: its error would print the token.
			const header = /^x-amz-access-token: (Atza\|[\x21-\x7e]+)$/.exec(copied);
			assert.ok(header, 'the clipboard holds one x-amz-access-token header line with an LWA access token');

			const response = await fetch(`${fixtures.sellingPartnerApi}/sellers/v1/marketplaceParticipations`, { headers: { 'x-amz-access-token': header[1] } });
			assert.strictEqual(response.status, 200);
			const body = (await response.json()) as { payload: { marketplace: { id: string; countryCode: string }; participation: { isParticipating: boolean } }[] };
			assert.deepStrictEqual(body.payload.map((entry) => [entry.marketplace.id, entry.marketplace.countryCode, entry.participation.isParticipating]), [['ATVPDKIKX0DER', 'US', true]]);
		} finally {
			await page.keyboard.press('Escape');
			// Signed out again, so that later specs meet the sessions they would meet without this one.
			await runCommand(page, 'LWA: Sign Out');
			await page.locator('.notifications-toasts .notification-toast', { hasText: `Signed out of "${profile}"` }).first().waitFor({ state: 'visible', timeout: 20_000 });
			await switchToProfile(page, fixtures.profileName);
		}
	});
});
