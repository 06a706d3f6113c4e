// What an e2e test gets: the workbench page in Chromium, opened by the e2e runner with the packaged
// extension installed in code-server, plus helpers that act as a person would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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
