// The buttons of the extension's notifications, pressed in the real workbench, and what follows each:
// Sign In Again after Login with Amazon refused a revoked refresh token, Set Client Secret for a
// grantless profile without one, Show Redirect Setup after a sign-in timed out, Copy Token after a
// sign-in, and Add Profile when there is no profile. Each test sets up the profiles and settings it
// needs through the settings editor and puts the Sandbox profile back afterwards.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { ensureSignedIn, statusItemSelector, statusText, typeIntoInputBox } from './signInSteps';
import {
	clearNotifications, copiedText, pickRow, pressNotificationButton, readUserSettings, restoreUserSettings, runCommand, toast, tokenInfo,
	updateUserSettings, waitFor, webviewContent, workbench,
} from './workbench';

/** Allows the consent page that opens in a new tab once `trigger` runs, and waits for the loopback listener's page. */
async function allowConsentAfter(trigger: () => Promise<void>): Promise<void> {
	const { page, context } = workbench();
	const consentTab = context.waitForEvent('page', { timeout: 30_000 });
	await trigger();
	const consent = await consentTab;
	await consent.locator('#allow').click();
	await consent.waitForURL(/127\.0\.0\.1:\d+\/lwa\/callback/, { timeout: 30_000 });
	await consent.close();
	await page.bringToFront();
}

async function statusShowsMinutes(page: Page): Promise<void> {
	await page.waitForFunction(`/\\b\\d+m\\b/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 30_000 });
}

describe('Notification buttons, pressed in the workbench', () => {
	/** The settings as the run started them: each test's changes are undone from this copy. */
	let original: Record<string, unknown>;

	before(() => {
		original = readUserSettings();
	});

	afterEach(async () => {
		const { page } = workbench();
		await page.keyboard.press('Escape');
		await runCommand(page, 'View: Close All Editors');
		await restoreUserSettings(page, original);
		await clearNotifications(page);
	});

	it('Sign In Again, on the notice that Login with Amazon refused a revoked refresh token, opens the consent page and the status bar shows minutes again', async () => {
		const { page, emulator } = workbench();
		await ensureSignedIn();
		await clearNotifications(page);
		emulator.revokeRefreshTokens();
		await runCommand(page, 'LWA: Refresh Access Token');
		// The refused refresh token removed the tokens: the status bar says so before the button is pressed.
		await page.waitForFunction(`/Sign in/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 20_000 });
		await allowConsentAfter(() => pressNotificationButton(page, /refused the refresh token of "Sandbox"/, 'Sign In Again'));
		await statusShowsMinutes(page);
		assert.match(await statusText(page), /LWA Sandbox (59|60)m$/);
	});

	it('Copy Token, on the notice that a sign-in succeeded, puts an access token of the Sandbox client on the clipboard', async () => {
		const { page, fixtures } = workbench();
		await ensureSignedIn();
		await allowConsentAfter(() => runCommand(page, 'LWA: Sign In'));
		const token = await copiedText(page, () => pressNotificationButton(page, /Signed in to "Sandbox"/, 'Copy Token'));
		// Not assert.match: its message would carry the clipboard's text.
		assert.ok(/^Atza\|/.test(token), 'an LWA access token is on the clipboard');
		const info = await tokenInfo(token);
		assert.strictEqual(info.status, 200);
		assert.strictEqual(info.aud, fixtures.clientId);
	});

	it('Set Client Secret, on the notice that a grantless profile has no client secret, asks for that profile\'s secret even after another profile became active, after which its sign-in succeeds', async () => {
		const { page, fixtures, emulator } = workbench();
		await updateUserSettings(page, (settings) => {
			settings['lwa.profiles'] = [...(settings['lwa.profiles'] as unknown[]), {
				name: 'Grantless',
				region: 'NA',
				clientId: fixtures.grantlessClientId,
				grant: 'client_credentials',
				scopes: ['sellingpartnerapi::notifications'],
				endpoints: emulator.endpoints,
			}];
			settings['lwa.activeProfile'] = 'Grantless';
		});
		await statusBarNames(page, 'Grantless');
		const grantsBefore = emulator.stats.byGrant.client_credentials ?? 0;
		await runCommand(page, 'LWA: Sign In');
		await toast(page, /Sign-in to "Grantless" failed/).waitFor({ state: 'visible', timeout: 30_000 });
		// Another profile becomes the active one while the notice shows: the button must still mean Grantless.
		await runCommand(page, 'LWA: Switch Profile');
		await pickRow(page, 'Sandbox');
		await statusBarNames(page, 'Sandbox');
		await pressNotificationButton(page, /Sign-in to "Grantless" failed/, 'Set Client Secret');
		const passwordBox = page.locator('.quick-input-widget input[type="password"]');
		await passwordBox.waitFor({ state: 'visible' });
		// The box asks for this profile's secret: no profile picker came first.
		await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Client Secret of "Grantless"' }).waitFor({ state: 'visible' });
		await typeIntoInputBox(page, fixtures.grantlessClientSecret);
		await toast(page, 'Stored the client secret of "Grantless".').waitFor({ state: 'visible', timeout: 20_000 });
		assert.strictEqual(emulator.stats.byGrant.client_credentials ?? 0, grantsBefore, 'no token request was made without the secret');
		await runCommand(page, 'LWA: Switch Profile');
		await pickRow(page, 'Grantless');
		await statusBarNames(page, 'Grantless');
		await runCommand(page, 'LWA: Sign In');
		await toast(page, /Signed in to "Grantless"/).waitFor({ state: 'visible', timeout: 20_000 });
		assert.strictEqual(emulator.stats.byGrant.client_credentials, grantsBefore + 1, 'one client_credentials request, with the secret');
		await statusShowsMinutes(page);
	});

	it('Show Redirect Setup, on the notice that a sign-in timed out, opens the redirect setup panel showing the exact redirect URI', async () => {
		const { page, context, fixtures } = workbench();
		await updateUserSettings(page, (settings) => {
			settings['lwa.signIn.timeoutSeconds'] = 5;
		});
		const consentTab = context.waitForEvent('page', { timeout: 30_000 });
		await runCommand(page, 'LWA: Sign In');
		// The person never comes back from the browser.
		await (await consentTab).close();
		await page.bringToFront();
		await pressNotificationButton(page, /Sign-in to "Sandbox" timed out/, 'Show Redirect Setup');
		await page.locator('.tabs-container .tab', { hasText: 'Sandbox' }).first().waitFor({ state: 'visible', timeout: 20_000 });
		const content = webviewContent(page);
		const exact = content.locator('code').filter({ hasText: new RegExp(`^${fixtures.redirectUri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
		await exact.first().waitFor({ state: 'visible', timeout: 20_000 });
	});

	it('Add Profile, on the notice that no profile is set up, starts the add-profile wizard', async () => {
		const { page } = workbench();
		await updateUserSettings(page, (settings) => {
			settings['lwa.profiles'] = [];
			delete settings['lwa.activeProfile'];
		});
		await runCommand(page, 'LWA: Sign In');
		await pressNotificationButton(page, 'No LWA profile is set up yet.', 'Add Profile');
		// The wizard's first step asks for the name; the second for the region.
		const title = page.locator('.quick-input-widget .quick-input-title');
		await title.filter({ hasText: /^Add LWA Profile \(1\/\d+\)$/ }).waitFor({ state: 'visible', timeout: 20_000 });
		await page.locator('.quick-input-widget', { hasText: 'A short name for the profile, shown in the status bar' }).waitFor({ state: 'visible' });
		await typeIntoInputBox(page, 'Added');
		await title.filter({ hasText: /^Add LWA Profile \(2\/\d+\)$/ }).waitFor({ state: 'visible', timeout: 20_000 });
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'NA' }).first().waitFor({ state: 'visible' });
		await page.keyboard.press('Escape');
	});
});

async function statusBarNames(page: Page, profile: string): Promise<void> {
	await waitFor(async () => (await statusText(page)).includes(profile), 20_000, `the status bar names ${profile}`);
}
