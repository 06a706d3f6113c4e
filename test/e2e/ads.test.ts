// The Amazon Ads path of issue 13 as a person walks it: switch to the Ads profile (npm start's Ads
// Sandbox with the e2e client, seeded by e2eFixtures.ts), set its client secret, "LWA: Sign In" from
// the palette -> the emulator's NA consent host (www.amazon.com) in a new tab -> Allow -> loopback;
// "LWA: Choose Advertising Profile" lists the emulator's NA advertiser profiles with country,
// currency, type and name; pick the agency one (id 2^64-1, far above 2^53); "LWA: Copy Access Token
// As…" -> Ads headers puts the three headers with that id as exact digits on the clipboard, and
// GET /v2/profiles with them answers 200. It signs out and switches back to the Sandbox profile, so it runs alone
// or among others.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_ADS_PROFILES } from '../../src/emulator/lwaEmulator';
import { regionOfCountry } from '../../src/emulator/ads/regions';
import { statusText } from './signInSteps';
import { chooseQuickPickRow, copiedText, runCommand, screenshot, setClientSecretOf, switchToProfile, waitFor, workbench } from './workbench';

describe('Amazon Ads from the palette to a /v2/profiles answer', () => {
	it('signs in at the emulator\'s NA consent host, lists the NA advertiser profiles with country, currency, type and name, keeps the chosen agency id (above 2^53) as text, and the copied Ads headers carry it exactly and get 200 from GET /v2/profiles', async () => {
		const { page, context, fixtures, runDir } = workbench();
		const profile = fixtures.adsProfileName;
		const agency = SANDBOX_ADS_PROFILES.find((entry) => entry.accountInfo.type === 'agency' && regionOfCountry(entry.countryCode) === 'NA')!;
		assert.ok(BigInt(agency.profileId) > 2n ** 53n, 'the agency id is one JSON numbers cannot hold');
		await switchToProfile(page, profile);
		try {
			await setClientSecretOf(page, profile, fixtures.clientSecret);

			const consentTab = context.waitForEvent('page', { timeout: 30_000 });
			await runCommand(page, 'LWA: Sign In');
			const consent = await consentTab;
			const consentUrl = new URL(consent.url());
			// code-server opens a loopback address through its port proxy (/proxy/<port>/…).
			assert.ok(`${consentUrl.origin}${consentUrl.pathname}`.endsWith(`:${new URL(fixtures.emulatorUrl).port}/www.amazon.com/ap/oa`)
				|| consentUrl.pathname === `/proxy/${new URL(fixtures.emulatorUrl).port}/www.amazon.com/ap/oa`, `the emulator's NA consent host of the Ads region: ${consentUrl.pathname}`);
			assert.strictEqual(consentUrl.searchParams.get('scope'), 'advertising::campaign_management');
			await consent.locator('#allow').click();
			await consent.waitForURL(/127\.0\.0\.1:\d+\/lwa\/callback/, { timeout: 30_000 });
			await consent.close();
			await page.bringToFront();
			await page.locator('.notifications-toasts .notification-toast', { hasText: `Signed in to "${profile}".` }).first().waitFor({ state: 'visible', timeout: 30_000 });
			await waitFor(async () => new RegExp(`LWA ${profile} (59|60)m\\b`).test(await statusText(page)), 20_000, 'the status bar shows the countdown');

			await runCommand(page, 'LWA: Choose Advertising Profile');
			const rows = page.locator('.quick-input-list .monaco-list-row');
			// A row of the advertiser list, not the palette's own row that may still show a moment.
			await rows.filter({ hasText: agency.accountInfo.name }).first().waitFor({ state: 'visible', timeout: 30_000 });
			await screenshot(page, 'ads-advertiser-profiles');
			// Each row's label (its first .label-name; the detail line has one too) and description.
			const shown: string[][] = [];
			for (let index = 0; index < (await rows.count()); index++) {
				const row = rows.nth(index);
				shown.push([(await row.locator('.label-name').first().innerText()).trim(), (await row.locator('.label-description').first().innerText()).trim()]);
			}
			// The emulator's NA profiles (the host lists only its region's), agencies last.
			const expected = SANDBOX_ADS_PROFILES.filter((entry) => regionOfCountry(entry.countryCode) === 'NA')
				.map((entry) => [entry.accountInfo.name, `${entry.countryCode} · ${entry.currencyCode} · ${entry.accountInfo.type}`]);
			assert.deepStrictEqual([...shown].sort(), [...expected].sort(), 'each NA profile with its name, then country · currency · type');
			assert.deepStrictEqual(shown.at(-1), [agency.accountInfo.name, `US · USD · agency`], 'the agency profile is listed last');

			await chooseQuickPickRow(page, agency.accountInfo.name);
			await page.locator('.notifications-toasts .notification-toast', { hasText: `"${profile}" now uses the agency profile ${agency.profileId}` })
				.first().waitFor({ state: 'visible', timeout: 20_000 });
			// Kept with the LWA profile in the user settings, as text (a number would be rounded).
			const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
			let kept: unknown;
			await waitFor(() => {
				const profiles = (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { 'lwa.profiles': { name: string; advertisingProfileId?: unknown }[] })['lwa.profiles'];
				kept = profiles.find((entry) => entry.name === profile)?.advertisingProfileId;
				return kept !== undefined;
			}, 10_000, 'the settings file holds the advertiser profile id');
			assert.strictEqual(kept, agency.profileId);

			const copied = await copiedText(page, async () => {
				await runCommand(page, 'LWA: Copy Access Token As…');
				await chooseQuickPickRow(page, 'Ads headers');
			});
			// Never assert.match or deepEqual on the clipboard: the error would print the token.
			const lines = copied.split('\n');
			assert.strictEqual(lines.length, 3, 'three header lines');
			assert.ok(/^Authorization: Bearer Atza\|[\x21-\x7e]+$/.test(lines[0]), 'the first line is the Authorization header with an LWA access token');
			assert.strictEqual(lines[1], `Amazon-Advertising-API-ClientId: ${fixtures.clientId}`);
			assert.strictEqual(lines[2], `Amazon-Advertising-API-Scope: ${agency.profileId}`);

			const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
			const response = await fetch(`${fixtures.advertisingApi}/v2/profiles`, { headers });
			assert.strictEqual(response.status, 200, 'the Ads API accepts the three copied headers');
		} finally {
			await page.keyboard.press('Escape');
			// Signed out again, so that later specs meet the sessions they would meet without this one.
			await runCommand(page, 'LWA: Sign Out');
			await page.locator('.notifications-toasts .notification-toast', { hasText: `Signed out of "${profile}"` }).first().waitFor({ state: 'visible', timeout: 20_000 });
			await switchToProfile(page, fixtures.profileName);
		}
	});
});
