// What an e2e test gets: the workbench page in Chromium, opened by the e2e runner with the packaged
// extension installed in code-server, plus helpers that act as a person would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';

export interface Workbench {
	readonly context: BrowserContext;
	readonly page: Page;
	readonly serverUrl: string;
	readonly runDir: string;
	/** Values the runner prepared for the tests (emulator URL, sandbox client, ...). */
	readonly fixtures: Record<string, string>;
	/** The LWA emulator the Sandbox profile points at (in the runner's process), for injecting faults. */
	readonly emulator: LwaEmulator;
}

let current: Workbench | undefined;

export function setWorkbench(workbench: Workbench | undefined): void {
	current = workbench;
}

export function workbench(): Workbench {
	if (!current) {
		throw new Error('e2e tests run through test/harness/runE2e (npm run test:e2e)');
	}
	return current;
}

export function statusBar(page: Page): Locator {
	return page.locator('#workbench\\.parts\\.statusbar');
}

/** F1, type the command's title, pick the row with exactly that title. */
export async function runCommand(page: Page, title: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	// Right after start-up the workbench may not take keys yet: press F1 until the palette shows.
	for (let attempt = 1; ; attempt++) {
		await page.keyboard.press('F1');
		try {
			await input.waitFor({ state: 'visible', timeout: 5000 });
			break;
		} catch (error) {
			if (attempt === 4) {
				throw error;
			}
		}
	}
	await input.fill(`>${title}`);
	const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
	await rows.first().waitFor({ state: 'visible' });
	// "Copy Access Token" is also part of "Copy Access Token As…": pick the row that is exactly it.
	// A row's text is its label, then any keybinding on the following lines.
	const texts = (await rows.allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
	const index = texts.indexOf(title);
	if (index < 0) {
		throw new Error(`no palette entry is exactly "${title}"; found: ${texts.join(', ')}`);
	}
	await rows.nth(index).click();
}

/** Saves a screenshot under the run folder's screenshots/ (the README uses copies of them). */
export async function screenshot(page: Page, name: string): Promise<string> {
	const dir = path.join(workbench().runDir, 'screenshots');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	await page.screenshot({ path: file, animations: 'disabled' });
	return file;
}

/** In the open quick pick (a short list: no filtering), clicks the row whose label is exactly `label`. */
export async function chooseQuickPickRow(page: Page, label: string): Promise<void> {
	// A row with the label, not any row: the palette's own row may still show a moment. Typing a filter
	// here could land in the palette's input before the next quick pick replaces it.
	const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: label });
	await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
	const labels = (await rows.locator('.label-name').allInnerTexts()).map((text) => text.trim());
	const index = labels.indexOf(label);
	if (index < 0) {
		throw new Error(`no row is exactly "${label}"; found: ${labels.join(', ')}`);
	}
	await rows.nth(index).click();
}

/**
 * Answers the open quick pick by keyboard, as a person does: types `label` into its filter, waits
 * until the highlighted row is the one labelled exactly `label`, and presses Enter. (A click can miss
 * a row that the list is still laying out.) Call it once a row of that quick pick shows.
 */
export async function chooseQuickPickRowByKeyboard(page: Page, label: string): Promise<void> {
	await page.locator('.quick-input-widget input').fill(label);
	const highlighted = `document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name')?.textContent?.trim()`;
	await page.waitForFunction(`${highlighted} === ${JSON.stringify(label)}`, undefined, { timeout: 20_000 }).catch(async (error: unknown) => {
		throw new Error(`the highlighted row is not "${label}" but "${String(await page.evaluate(highlighted))}": ${String(error)}`);
	});
	await page.keyboard.press('Enter');
}

/** "LWA: Switch Profile" to `name`; waits until the status bar names it. */
export async function switchToProfile(page: Page, name: string): Promise<void> {
	await runCommand(page, 'LWA: Switch Profile');
	await chooseQuickPickRow(page, name);
	await page.waitForFunction(
		`(document.querySelector('[id="lwa-tools.lwa-credentials.lwa.status"]')?.textContent ?? '').includes(${JSON.stringify(`LWA ${name}`)})`,
		undefined,
		{ timeout: 20_000 },
	);
}

/**
 * "LWA: Set Client Secret" of `profile` (picked when the command asks which: it takes the active profile
 * without asking); `then` answers whatever the command asks after the secret. Waits for the confirmation.
 */
export async function setClientSecretOf(page: Page, profile: string, secret: string, then?: () => Promise<void>): Promise<void> {
	await runCommand(page, 'LWA: Set Client Secret');
	const passwordBox = page.locator('.quick-input-widget input[type="password"]');
	// The profile picker, not a row of it: rows of the quick pick before may still show a moment.
	const picker = page.locator('.quick-input-widget input[placeholder="Choose the LWA profile to set the client secret of"]');
	await Promise.race([passwordBox.waitFor({ state: 'visible' }), picker.waitFor({ state: 'visible' })]);
	if (!(await passwordBox.isVisible())) {
		await chooseQuickPickRow(page, profile);
	}
	// The password box names the profile it sets the secret of.
	await page.locator('.quick-input-widget', { hasText: `Client Secret of "${profile}"` }).waitFor({ state: 'visible', timeout: 20_000 });
	await passwordBox.fill(secret);
	await page.keyboard.press('Enter');
	await then?.();
	await page.locator('.notifications-toasts', { hasText: `Stored the client secret of "${profile}".` }).first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** The workbench's user settings file (code-server's user data folder inside the run folder). */
export function userSettingsFile(): string {
	return path.join(workbench().runDir, 'user-data', 'User', 'settings.json');
}

/** The user settings as the workbench last saved them. */
export function readUserSettings(): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(userSettingsFile(), 'utf8')) as Record<string, unknown>;
}

/**
 * Changes the user settings as a person would: "Preferences: Open User Settings (JSON)", select all,
 * paste the changed settings, save, close. (code-server does not notice a settings file changed
 * behind its back.) `change` edits a copy of the settings as saved; undefined values are removed.
 */
export async function updateUserSettings(page: Page, change: (settings: Record<string, unknown>) => void): Promise<void> {
	const settings = readUserSettings();
	change(settings);
	const text = JSON.stringify(settings, null, '\t');
	await page.bringToFront();
	await runCommand(page, 'Preferences: Open User Settings (JSON)');
	const editor = page.locator('.editor-instance .monaco-editor').first();
	await editor.waitFor({ state: 'visible', timeout: 20_000 });
	await editor.click();
	await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Control+V');
	await page.keyboard.press('Control+S');
	await page.locator('.tab.dirty').waitFor({ state: 'detached', timeout: 10_000 });
	await runCommand(page, 'View: Close All Editors');
	// The saved file is what the workbench reads: wait until it holds the change.
	await waitFor(() => JSON.stringify(readUserSettings()) === JSON.stringify(JSON.parse(text)), 10_000, 'the settings file holds the change');
}

/**
 * Puts the user settings back to `original` (a copy read with readUserSettings before a test changed
 * them), through the settings editor as updateUserSettings does; nothing happens when they are equal.
 */
export async function restoreUserSettings(page: Page, original: Record<string, unknown>): Promise<void> {
	if (JSON.stringify(readUserSettings()) === JSON.stringify(original)) {
		return;
	}
	await updateUserSettings(page, (settings) => {
		for (const key of Object.keys(settings)) {
			delete settings[key];
		}
		Object.assign(settings, original);
	});
}

/** Polls `check` every 100 ms until it is true; fails after `timeoutMs` naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`not within ${timeoutMs} ms: ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** The visible notification toast whose text matches `message`. */
export function toast(page: Page, message: string | RegExp): Locator {
	return page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
}

/** Waits for the toast that says `message` and presses its button labelled exactly `button`. */
export async function pressNotificationButton(page: Page, message: string | RegExp, button: string): Promise<void> {
	const notice = toast(page, message);
	await notice.waitFor({ state: 'visible', timeout: 30_000 });
	await notice.locator('.monaco-button', { hasText: new RegExp(`^${button.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
}

/** Dismisses every notification, so the next test's toasts are not hidden behind older ones. */
export async function clearNotifications(page: Page): Promise<void> {
	await runCommand(page, 'Notifications: Clear All Notifications');
	await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Empties the clipboard, runs `copy`, and returns what lands on the clipboard within 20 s. */
export async function copiedText(page: Page, copy: () => Promise<void>): Promise<string> {
	await page.evaluate('navigator.clipboard.writeText("")');
	await copy();
	let text = '';
	await waitFor(async () => (text = String(await page.evaluate('navigator.clipboard.readText()'))) !== '', 20_000, 'something was copied');
	return text;
}

/** The content of the webview panel in front (webviews nest their content in two iframes; while it re-renders, the active one). */
export function webviewContent(page: Page): FrameLocator {
	return page.frameLocator('iframe.webview').frameLocator('#active-frame');
}

/** What the emulator's tokeninfo says of `token` (its status and body); the token is never printed. */
export async function tokenInfo(token: string): Promise<{ status: number; aud?: string; exp?: number }> {
	const response = await fetch(`${workbench().fixtures.tokeninfoEndpoint}?access_token=${encodeURIComponent(token)}`);
	const body = (await response.json()) as { aud?: string; exp?: number };
	return { status: response.status, aud: body.aud, exp: body.exp };
}

/** Clicks the row of the open quick pick whose label is exactly `label` (icons and descriptions aside). */
export async function pickRow(page: Page, label: string): Promise<void> {
	const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: label });
	await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
	// Each row's label, without its description, detail or keybinding.
	const labels = (await rows.locator('.monaco-icon-label .label-name').allInnerTexts()).map((text) => text.trim());
	const index = labels.indexOf(label);
	if (index < 0) {
		throw new Error(`no row is exactly "${label}"; found: ${labels.join(', ')}`);
	}
	await rows.nth(index).click();
}
