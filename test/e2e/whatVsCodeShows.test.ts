// What VS Code shows, read from the workbench's DOM rather than from the extension's own fields: the
// status bar item's colour as the token goes stale and then expires, the walkthrough's checkboxes
// after a sign-in and a copy, Fetch Profile clicked inside the Inspect panel's webview, and a quick
// action of the status bar item acting on the profile the item shows.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { ensureSignedIn, signInThroughConsentPage, statusItemSelector, statusText, typeIntoInputBox } from './signInSteps';
import {
	clearNotifications, copiedText, pickRow, readUserSettings, restoreUserSettings, runCommand, statusBar, toast, tokenInfo, updateUserSettings,
	waitFor, webviewContent, workbench,
} from './workbench';

interface ItemColours {
	/** The status bar item's class list (VS Code marks the theme colour with warning-kind / error-kind). */
	classes: string;
	/** The item's computed background colour. */
	background: string;
	/** The theme's warning and error backgrounds for status bar items, computed the same way. */
	warning: string;
	error: string;
}

/** The computed colours of the LWA status bar item and of the theme's warning and error backgrounds. */
async function itemColours(page: Page): Promise<ItemColours> {
	// Page-side code is passed as text: this file is compiled without the DOM types.
	return page.evaluate<ItemColours>(`(() => {
		const item = document.querySelector('${statusItemSelector}');
		const themed = (variable) => {
			const probe = document.createElement('div');
			probe.style.backgroundColor = 'var(' + variable + ')';
			document.querySelector('.monaco-workbench').appendChild(probe);
			const colour = getComputedStyle(probe).backgroundColor;
			probe.remove();
			return colour;
		};
		return {
			classes: item.className,
			background: getComputedStyle(item).backgroundColor,
			warning: themed('--vscode-statusBarItem-warningBackground'),
			error: themed('--vscode-statusBarItem-errorBackground'),
		};
	})()`);
}

/** The walkthrough step's checkbox in the Welcome editor: true when checked. */
async function stepChecked(page: Page, stepId: string): Promise<boolean> {
	const box = page.locator(`[data-done-step-id$="#${stepId}"]`).first();
	await box.waitFor({ state: 'attached', timeout: 20_000 });
	return (await box.getAttribute('aria-checked')) === 'true';
}

describe('What VS Code shows', () => {
	let original: Record<string, unknown>;

	before(() => {
		original = readUserSettings();
	});

	afterEach(async () => {
		const { page, emulator } = workbench();
		emulator.setAccessTokenLifetime(3600);
		await page.keyboard.press('Escape');
		await runCommand(page, 'View: Close All Editors');
		await restoreUserSettings(page, original);
		await clearNotifications(page);
	});

	it('the status bar item takes the theme\'s warning background when the token is within lwa.refresh.ahead of expiry, then the error background once it expired, and none after a refresh', async () => {
		const { page, emulator } = workbench();
		await ensureSignedIn();
		// An access token of 8 s is stale at once (lwa.refresh.ahead is 120 s) and expired 8 s later.
		emulator.setAccessTokenLifetime(8);
		await runCommand(page, 'LWA: Refresh Access Token');
		let colours = await itemColours(page);
		await waitFor(async () => (colours = await itemColours(page)).classes.includes('warning-kind'), 10_000, 'the item is marked warning-kind');
		assert.strictEqual(colours.background, colours.warning, 'the item is painted with statusBarItem.warningBackground');
		await waitFor(async () => (colours = await itemColours(page)).classes.includes('error-kind'), 20_000, 'the item is marked error-kind');
		assert.strictEqual(colours.background, colours.error, 'the item is painted with statusBarItem.errorBackground');
		assert.notStrictEqual(colours.warning, colours.error);
		assert.match(await statusText(page), /LWA Sandbox expired$/);
		emulator.setAccessTokenLifetime(3600);
		await runCommand(page, 'LWA: Refresh Access Token');
		await waitFor(async () => /\b(59|60)m$/.test(await statusText(page)), 20_000, 'the status bar shows the new token\'s minutes');
		colours = await itemColours(page);
		assert.ok(!/warning-kind|error-kind/.test(colours.classes), `classes: ${colours.classes}`);
		assert.notStrictEqual(colours.background, colours.warning);
		assert.notStrictEqual(colours.background, colours.error);
	});

	it('the walkthrough\'s "Sign in" step is checked after a sign-in and its "Copy a token" step after a copy, and neither before', async () => {
		const { page, context } = workbench();
		await ensureSignedIn();
		await runCommand(page, 'LWA: Sign Out');
		await page.waitForFunction(`/Sign in/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 20_000 });
		await runCommand(page, 'Developer: Reset Welcome Page Walkthrough Progress');
		await runCommand(page, 'Welcome: Open Walkthrough...');
		await pickRow(page, 'Get Started with LWA Credentials');
		assert.strictEqual(await stepChecked(page, 'lwa.signIn'), false, 'Sign in is unchecked while signed out');
		assert.strictEqual(await stepChecked(page, 'lwa.copyToken'), false, 'Copy a token is unchecked before a copy');
		// Sign in through the consent page, as from the palette.
		const consentTab = context.waitForEvent('page', { timeout: 30_000 });
		await runCommand(page, 'LWA: Sign In');
		const consent = await consentTab;
		await consent.locator('#allow').click();
		await consent.waitForURL(/127\.0\.0\.1:\d+\/lwa\/callback/, { timeout: 30_000 });
		await consent.close();
		await page.bringToFront();
		await waitFor(() => stepChecked(page, 'lwa.signIn'), 20_000, 'the Sign in step is checked');
		assert.strictEqual(await stepChecked(page, 'lwa.copyToken'), false, 'Copy a token is still unchecked');
		await copiedText(page, () => runCommand(page, 'LWA: Copy Access Token'));
		await waitFor(() => stepChecked(page, 'lwa.copyToken'), 20_000, 'the Copy a token step is checked');
	});

	it('Fetch Profile, clicked inside the Inspect Access Token panel\'s webview, shows the customer profile LWA returns', async () => {
		const { page } = workbench();
		await ensureSignedIn();
		await runCommand(page, 'LWA: Inspect Access Token');
		const content = webviewContent(page);
		await content.locator('body', { hasText: /amzn1\.application-oa2-client\.e2e/ }).waitFor({ timeout: 20_000 });
		assert.strictEqual(await content.locator('body', { hasText: 'sandbox.user@example.com' }).count(), 0, 'no profile before the click');
		await content.getByRole('button', { name: 'Fetch Profile' }).click();
		await content.locator('body', { hasText: 'sandbox.user@example.com' }).waitFor({ timeout: 20_000 });
		await content.locator('body', { hasText: 'Sandbox User' }).waitFor({ timeout: 5000 });
	});

	it('Copy Access Token from the status bar item\'s quick actions copies the token of the profile the item shows, before and after Switch Profile there', async () => {
		const { page, fixtures, emulator } = workbench();
		await ensureSignedIn();
		const secondClientId = 'amzn1.application-oa2-client.e2e-second';
		emulator.registerClient({ clientId: secondClientId, clientSecret: fixtures.clientSecret, redirectUris: [fixtures.redirectUri], name: 'LWA Credentials e2e second' });
		await updateUserSettings(page, (settings) => {
			const [sandbox] = settings['lwa.profiles'] as Record<string, unknown>[];
			settings['lwa.profiles'] = [sandbox, { ...sandbox, name: 'Second', clientId: secondClientId }];
			settings['lwa.activeProfile'] = 'Second';
		});
		await waitFor(async () => /LWA Second/.test(await statusText(page)), 20_000, 'the status bar shows Second');
		await runCommand(page, 'LWA: Set Client Secret');
		await page.locator('.quick-input-widget input[type="password"]').waitFor({ state: 'visible' });
		await typeIntoInputBox(page, fixtures.clientSecret);
		await toast(page, 'Stored the client secret of "Second".').waitFor({ state: 'visible', timeout: 20_000 });
		await signInThroughConsentPage(false);
		assert.match(await statusText(page), /^LWA Second \d+m$/);

		const item = statusBar(page).locator(statusItemSelector);
		const second = await copiedText(page, async () => {
			await item.click();
			await pickRow(page, 'Copy Access Token');
		});
		assert.strictEqual((await tokenInfo(second)).aud, secondClientId, 'the token of Second, the profile the item shows');

		await item.click();
		await pickRow(page, 'Switch Profile');
		await pickRow(page, 'Sandbox');
		await waitFor(async () => /^LWA Sandbox \d+m$/.test(await statusText(page)), 20_000, 'the status bar shows Sandbox');
		const sandbox = await copiedText(page, async () => {
			await item.click();
			await pickRow(page, 'Copy Access Token');
		});
		assert.strictEqual((await tokenInfo(sandbox)).aud, fixtures.clientId, 'the token of Sandbox, the profile the item shows now');
	});
});
