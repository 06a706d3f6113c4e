// The places a person finds the extension's state and actions once signed in. The tour signs the
// Sandbox profile in first when no other spec has (ensureSignedIn), so it runs alone or in any order.
// Each step leaves a screenshot for the README.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { ensureSignedIn } from './signInSteps';
import { runCommand, screenshot, statusBar, workbench } from './workbench';

async function closeEditors(page: Page): Promise<void> {
	await runCommand(page, 'View: Close All Editors');
}

describe('A tour of the signed-in workbench', () => {
	before(async () => {
		await ensureSignedIn();
		// The sign-in's notifications would cover the screenshots.
		const { page } = workbench();
		await runCommand(page, 'Notifications: Clear All Notifications');
		await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
	});

	it('clicking the status bar item offers the quick actions', async () => {
		const { page } = workbench();
		await statusBar(page).locator('[id="lwa-tools.lwa-credentials.lwa.status"]').click();
		const rows = page.locator('.quick-input-list .monaco-list-row');
		await rows.filter({ hasText: 'Copy Authorization Header' }).first().waitFor({ state: 'visible' });
		const labels = (await rows.allInnerTexts()).join('\n');
		for (const action of ['Copy Access Token', 'Copy Authorization Header', 'Refresh', 'Switch Profile', 'Sign Out']) {
			assert.match(labels, new RegExp(action), `quick actions: ${labels}`);
		}
		await screenshot(page, '08-quick-actions');
		await page.keyboard.press('Escape');
	});

	it('the LWA view in the activity bar lists the profile with its remaining life', async () => {
		const { page } = workbench();
		await page.locator('.activitybar [aria-label^="LWA"]').first().click();
		const row = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: 'Sandbox' }).first();
		await row.waitFor({ state: 'visible', timeout: 20_000 });
		assert.match(await row.innerText(), /expires in \d+m/);
		await screenshot(page, '09-profiles-view');
	});

	it('"LWA: Inspect Access Token" opens a panel with what tokeninfo says', async () => {
		const { page } = workbench();
		await runCommand(page, 'LWA: Inspect Access Token');
		const tab = page.locator('.tabs-container .tab', { hasText: 'Access Token: Sandbox' }).first();
		await tab.waitFor({ state: 'visible', timeout: 20_000 });
		// The panel's content lives in nested webview frames.
		const content = page.frameLocator('iframe.webview').frameLocator('iframe');
		await content.locator('body', { hasText: /amzn1\.application-oa2-client\.e2e/ }).waitFor({ timeout: 20_000 });
		await screenshot(page, '10-inspect-token');
		await closeEditors(page);
	});

	it('"LWA: Show Redirect Setup" shows the exact URL to register', async () => {
		const { page, fixtures } = workbench();
		await runCommand(page, 'LWA: Show Redirect Setup');
		const content = page.frameLocator('iframe.webview').frameLocator('iframe');
		await content.locator('code', { hasText: fixtures.redirectUri }).first().waitFor({ timeout: 20_000 });
		await screenshot(page, '11-redirect-setup');
		await closeEditors(page);
	});
});
