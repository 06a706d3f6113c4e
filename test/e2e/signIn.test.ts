// The heart of the product, as a person does it in the browser: palette -> "LWA: Sign In" -> the
// emulator's consent page opens in a new tab -> Allow -> the status bar shows the remaining time ->
// "LWA: Copy Access Token" -> the clipboard holds a token that the emulator's tokeninfo accepts.
// Then two sign-ins cancelled with the progress notification's Cancel button, one while it waits for
// the browser and one while the code is exchanged: neither changes the first sign-in.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { ensureSignedIn, setClientSecret, signInThroughConsentPage, statusText } from './signInSteps';
import { copiedText, runCommand, screenshot, workbench } from './workbench';

/** Clicks Cancel on the sign-in's progress notification once it shows `message`. */
async function cancelSignIn(page: Page, message: RegExp): Promise<void> {
	const toast = page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
	await toast.waitFor({ state: 'visible', timeout: 30_000 });
	await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
	// At once: not after whatever the sign-in was waiting for.
	await toast.waitFor({ state: 'hidden', timeout: 3000 });
}

/**
 * The access token of a signed-in Sandbox profile, as copied. After the sign-in test it is there
 * already; a test run on its own sets the client secret and signs in first.
 */
async function signedInAccessToken(): Promise<string> {
	await ensureSignedIn();
	return copiedAccessToken(workbench().page);
}

/** Runs "LWA: Copy Access Token" on an emptied clipboard and returns what lands there. */
function copiedAccessToken(page: Page): Promise<string> {
	return copiedText(page, () => runCommand(page, 'LWA: Copy Access Token'));
}

describe('Sign in to copy, as a person does it', () => {
	it('takes the client secret in a password box through "LWA: Set Client Secret" and confirms it is stored for Sandbox', async () => {
		await setClientSecret(true);
	});

	it('signs in through the consent page and shows the remaining time in the status bar', async () => {
		const { page } = workbench();
		// Specs that ran earlier may have signed Sandbox in already; signing in again goes the same way.
		if (/Sign in/i.test(await statusText(page))) {
			await screenshot(page, '03-before-sign-in');
		}
		await signInThroughConsentPage(true);
		const text = await statusText(page);
		assert.match(text, /Sandbox/);
		assert.match(text, /\b(59|60)m\b/, `status bar: ${text}`);
		await page.locator('.notifications-toasts', { hasText: /Signed in/i }).first().waitFor({ state: 'visible', timeout: 20_000 });
		await screenshot(page, '06-signed-in');
	});

	it('copies an access token that the emulator\'s tokeninfo accepts', async () => {
		const { page, fixtures } = workbench();
		await runCommand(page, 'LWA: Copy Access Token');
		await page.locator('.notifications-toasts', { hasText: /copied/i }).first().waitFor({ state: 'visible', timeout: 20_000 });
		await screenshot(page, '07-copied');
		const token = String(await page.evaluate('navigator.clipboard.readText()'));
		// Not assert.match: its error would carry the clipboard's text.
		assert.ok(/^Atza\|/.test(token), 'an LWA access token is on the clipboard');
		const response = await fetch(`${fixtures.tokeninfoEndpoint}?access_token=${encodeURIComponent(token)}`);
		assert.strictEqual(response.status, 200);
		const info = (await response.json()) as { aud: string; exp: number };
		assert.strictEqual(info.aud, fixtures.clientId);
		assert.ok(info.exp > 3500, `tokeninfo says ${info.exp} s remain`);
	});

	it('Cancel while the sign-in waits for the browser stops listening and keeps the first sign-in', async () => {
		const { page, context, fixtures } = workbench();
		const firstToken = await signedInAccessToken();
		const consentTab = context.waitForEvent('page', { timeout: 30_000 });
		await runCommand(page, 'LWA: Sign In');
		const consent = await consentTab;
		await consent.locator('#allow').waitFor({ state: 'visible' });
		await page.bringToFront();
		await cancelSignIn(page, /Waiting for the browser/);
		await consent.close();
		// The loopback listener is closed: a browser coming back now finds nothing on the port.
		await assert.rejects(fetch(`${fixtures.redirectUri}?code=late&state=late`), 'nothing listens on the redirect URI');
		assert.match(await statusText(page), /\b\d+m\b/);
		// Compared without assert.strictEqual, whose message would print the tokens.
		assert.ok(await copiedAccessToken(page) === firstToken, 'the copied access token is the first sign-in\'s');
	});

	it('Cancel while the code is exchanged stores none of the new tokens and keeps the first sign-in', async () => {
		const { page, context, emulator } = workbench();
		const firstToken = await signedInAccessToken();
		// The token endpoint answers this exchange after 20 s: time enough to click Cancel, and far
		// longer than the 3 s in which the cancel must end the sign-in.
		emulator.setFault({ kind: 'slow', delayMs: 20_000 }, { times: 1 });
		const consentTab = context.waitForEvent('page', { timeout: 30_000 });
		await runCommand(page, 'LWA: Sign In');
		const consent = await consentTab;
		await consent.locator('#allow').click();
		await consent.waitForURL(/127\.0\.0\.1:\d+\/lwa\/callback/, { timeout: 30_000 });
		await consent.close();
		await page.bringToFront();
		await cancelSignIn(page, /Exchanging the authorization code/);
		// When LWA's answer arrives, the log says its tokens were dropped.
		await runCommand(page, 'LWA: Show Log');
		await page.locator('.monaco-workbench .part.panel', { hasText: 'the tokens LWA issued were not stored' }).first().waitFor({ state: 'visible', timeout: 40_000 });
		await runCommand(page, 'View: Hide Panel');
		assert.match(await statusText(page), /\b\d+m\b/);
		// Compared without assert.strictEqual, whose message would print the tokens.
		assert.ok(await copiedAccessToken(page) === firstToken, 'the copied access token is the first sign-in\'s');
	});
});
