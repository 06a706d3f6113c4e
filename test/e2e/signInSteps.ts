// Steps of a sign-in as a person does it in the workbench, shared by the e2e specs, so that each spec
// signs in when it needs to instead of relying on another spec having done it.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { runCommand, screenshot, statusBar, workbench } from './workbench';

export const statusItemSelector = '[id="lwa-tools.lwa-credentials.lwa.status"]';

export async function statusText(page: Page): Promise<string> {
	return (await statusBar(page).locator(statusItemSelector).innerText()).trim();
}

export async function typeIntoInputBox(page: Page, text: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible' });
	await input.fill(text);
	await page.keyboard.press('Enter');
}

/** Runs "LWA: Set Client Secret" for the Sandbox profile and waits for the confirmation naming it. */
export async function setClientSecret(shots: boolean): Promise<void> {
	const { page, fixtures } = workbench();
	await runCommand(page, 'LWA: Set Client Secret');
	// With several profiles a picker comes first; with the one Sandbox profile the password box shows.
	const passwordBox = page.locator('.quick-input-widget input[type="password"]');
	const profileRow = page.locator('.quick-input-list .monaco-list-row', { hasText: fixtures.profileName }).first();
	await Promise.race([passwordBox.waitFor({ state: 'visible' }), profileRow.waitFor({ state: 'visible' })]);
	if (!(await passwordBox.isVisible())) {
		await profileRow.click();
	}
	await passwordBox.waitFor({ state: 'visible' });
	if (shots) {
		await screenshot(page, '02-client-secret');
	}
	await typeIntoInputBox(page, fixtures.clientSecret);
	await page.locator('.notifications-toasts', { hasText: `Stored the client secret of "${fixtures.profileName}".` }).first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** Signs in through the consent page (Allow) and waits for the status bar's remaining minutes. */
export async function signInThroughConsentPage(shots: boolean): Promise<void> {
	const { page, context } = workbench();
	const consentTab = context.waitForEvent('page', { timeout: 30_000 });
	await runCommand(page, 'LWA: Sign In');
	const consent = await consentTab;
	await consent.locator('#allow').waitFor({ state: 'visible' });
	if (shots) {
		await screenshot(consent, '04-consent-page');
	}
	await consent.locator('#allow').click();
	// The loopback listener answers the redirect with its own page.
	await consent.waitForURL(/127\.0\.0\.1:\d+\/lwa\/callback/, { timeout: 30_000 });
	await consent.locator('body').waitFor();
	assert.doesNotMatch(await consent.content(), /Atza\||Atzr\||code=/, 'the success page shows no token or code');
	if (shots) {
		await screenshot(consent, '05-loopback-success');
	}
	await consent.close();

	await page.bringToFront();
	// Page-side code is passed as text: this file is compiled without the DOM types.
	await page.waitForFunction(
		`/\\b\\d+m\\b/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`,
		undefined,
		{ timeout: 30_000 },
	);
}

/** Makes sure the Sandbox profile is signed in: sets its client secret and signs in unless the status bar shows a remaining time. */
export async function ensureSignedIn(): Promise<void> {
	const { page } = workbench();
	if (!/\b\d+m\b/.test(await statusText(page))) {
		await setClientSecret(false);
		await signInThroughConsentPage(false);
	}
}
