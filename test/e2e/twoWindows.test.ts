// Two workbench tabs on the one code-server of this tier, as a person opens a second window of a
// browser-hosted editor, and what really crosses between them.
//
// What code-server 4.139.1 does with SecretStorage (read in its bundled VS Code 1.139.1,
// lib/vscode/out/vs/code/browser/workbench/workbench.js, from VS Code's
// src/vs/code/browser/workbench/workbench.ts and src/vs/workbench/services/secrets/browser/
// secretStorageService.ts): the workbench page is given a LocalStorageSecretStorageProvider. It
// reads the browser's localStorage item "secrets.provider" (all secrets of the origin, sealed with a
// key that is half the server's /mint-key) ONCE, when the page loads, keeps them in a map in that
// page, and on every store or delete writes the page's whole map back. It never listens to the
// browser's "storage" event, and BrowserSecretStorageService fires onDidChangeSecret only for the
// page's own writes. Each tab also gets its own extension host process on the server. So two tabs
// share secrets only through the copy a tab takes when it loads: no change and no change event
// crosses between open tabs, and the refresh lease (which lives in SecretStorage) cannot coordinate
// them. The tests below show exactly that; the lease itself is proven over a model of desktop VS
// Code's shared store in test/unit/core/lease.test.ts and test/unit/evidence/concurrency.test.ts.
//
// Desktop VS Code is different: NativeSecretStorageService (src/vs/workbench/services/secrets/
// electron-browser/secretStorageService.ts) keeps secrets in the application storage, whose database
// the main process shares across all windows and whose changes it sends to every window
// (ApplicationStorageDatabaseClient in src/vs/platform/storage/common/storageIpc.ts), and
// BaseSecretStorageService (src/vs/platform/secrets/common/secrets.ts) turns each such change into
// onDidChangeSecret. No desktop VS Code can be had on this machine, so that path is not run here.
import * as assert from 'node:assert';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ensureSignedIn, statusItemSelector, statusText } from './signInSteps';
import { clearNotifications, runCommand, tokenInfo, waitFor, workbench } from './workbench';

/** Opens the workbench of the run's workspace in a new tab of the same browser profile and waits for the extension's status bar item. */
async function openSecondTab(): Promise<Page> {
	const { context, serverUrl, runDir } = workbench();
	const page = await context.newPage();
	await page.goto(`${serverUrl}/?folder=${encodeURIComponent(path.join(runDir, 'workspace'))}`, { timeout: 120_000 });
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator(statusItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator('#workbench\\.parts\\.editor').click();
	return page;
}

/** The process id of the tab's extension host, from the probe extension installed beside ours. */
async function extensionHostPid(page: Page): Promise<number> {
	await clearNotifications(page);
	await runCommand(page, 'LWA Probe: Report Loaded Bundles');
	const notice = page.locator('.notifications-toasts .notification-toast', { hasText: 'lwa-probe {' }).first();
	await notice.waitFor({ state: 'visible', timeout: 30_000 });
	const text = (await notice.locator('.notification-list-item-message').innerText()).trim();
	return (JSON.parse(text.slice(text.indexOf('{'))) as { pid: number }).pid;
}

/** Opens the palette with `title` typed in and returns its row, ready to be clicked. */
async function paletteRow(page: Page, title: string): Promise<Locator> {
	await page.bringToFront();
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(`>${title}`);
	const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
	await rows.first().waitFor({ state: 'visible' });
	const texts = (await rows.allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
	const index = texts.indexOf(title);
	assert.ok(index >= 0, `a palette row is exactly "${title}"`);
	return rows.nth(index);
}

function refreshRequests(): number {
	return workbench().emulator.stats.byGrant.refresh_token ?? 0;
}

function issuedAccessTokens(): string[] {
	return workbench().emulator.secretsSeen().filter((value) => value.startsWith('Atza|'));
}

/**
 * Makes the first tab's Sandbox token stale (119 s left; lwa.refresh.ahead is 120 s) with a refresh
 * while the emulator issues 119 s tokens. Opening the second tab may take longer on a busy machine:
 * an expired token is refreshed on a copy the same way.
 */
async function makeTokenStale(page: Page): Promise<void> {
	const { emulator } = workbench();
	emulator.setAccessTokenLifetime(119);
	try {
		await runCommand(page, 'LWA: Refresh Access Token');
		await waitFor(async () => /\b[12]m$/.test(await statusText(page)), 20_000, 'the status bar shows the 119 s token');
	} finally {
		emulator.setAccessTokenLifetime(3600);
	}
}

describe('Two workbench tabs on one code-server (each tab keeps its own copy of the secrets)', () => {
	let second: Page | undefined;

	before(async () => {
		const { page } = workbench();
		await ensureSignedIn();
		// Stale before the second tab opens, so that the copy it loads holds the same stale token.
		await makeTokenStale(page);
		second = await openSecondTab();
	});

	after(async () => {
		await second?.close();
		second = undefined;
		const { page } = workbench();
		await page.bringToFront();
		await ensureSignedIn();
	});

	it('each tab runs its own extension host, and a tab opened after a sign-in starts signed in with the stale token the first tab stored', async () => {
		const { page } = workbench();
		const tab = second as Page;
		// Stale (2m, 1m: minutes are rounded up) or, after a slow start, expired: not the hour a fresh token shows.
		await waitFor(async () => /\b[12]m$|expired/i.test(await statusText(tab)), 20_000, 'the second tab shows the first tab\'s stale token');
		const pids = [await extensionHostPid(page), await extensionHostPid(tab)];
		assert.notStrictEqual(pids[0], pids[1], 'two extension host processes');
		await clearNotifications(page);
		await clearNotifications(tab);
	});

	it('Copy Access Token of the stale token at the same moment in both tabs refreshes once per tab (two refresh requests: no lease crosses tabs), and both copied tokens are valid', async () => {
		const { page } = workbench();
		const tab = second as Page;
		const before = refreshRequests();
		const issuedBefore = new Set(issuedAccessTokens());
		await page.evaluate('navigator.clipboard.writeText("")');
		const rows = [await paletteRow(page, 'LWA: Copy Access Token'), await paletteRow(tab, 'LWA: Copy Access Token')];
		await Promise.all(rows.map((row) => row.click()));
		for (const each of [page, tab]) {
			await each.locator('.notifications-toasts', { hasText: /copied/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
			await waitFor(async () => /\b(59|60)m$/.test(await statusText(each)), 20_000, 'the tab shows its refreshed token');
		}
		assert.strictEqual(refreshRequests() - before, 2, 'each tab spent the refresh token itself');
		const issued = issuedAccessTokens().filter((token) => !issuedBefore.has(token));
		assert.strictEqual(issued.length, 2, 'two new access tokens were issued');
		for (const token of issued) {
			assert.strictEqual((await tokenInfo(token)).status, 200, 'a token issued to a tab is valid');
		}
		// The two tabs share one clipboard: it holds the token of whichever copy came last.
		const copied = String(await page.evaluate('navigator.clipboard.readText()'));
		assert.ok(issued.includes(copied), 'the clipboard holds one of the two new tokens');
	});

	it('a sign-out in one tab does not reach the other: it still copies its token and shows signed out only after a reload', async () => {
		const { page } = workbench();
		const tab = second as Page;
		await page.bringToFront();
		await runCommand(page, 'LWA: Sign Out');
		await page.waitForFunction(`/Sign in/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 20_000 });
		// The other tab's own copy still holds the credential: its Copy Access Token hands out its token.
		await tab.bringToFront();
		await tab.evaluate('navigator.clipboard.writeText("")');
		await runCommand(tab, 'LWA: Copy Access Token');
		let copied = '';
		await waitFor(async () => (copied = String(await tab.evaluate('navigator.clipboard.readText()'))) !== '', 20_000, 'the second tab copied a token');
		assert.strictEqual((await tokenInfo(copied)).status, 200, 'the second tab\'s token is valid');
		assert.match(await statusText(tab), /\b\d+m$/, 'the second tab still shows the remaining time');
		// A reload loads the secrets the first tab wrote last: signed out.
		await tab.reload();
		await tab.locator(statusItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
		await tab.waitForFunction(`/Sign in/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 20_000 });
	});

	// The page's provider writes its whole map back on every store or delete (see the top of this file):
	// a tab that loaded before a sign-out in another tab writes the signed-out credential back with its
	// next write of any secret. The README ("Several windows") and SECURITY.md tell users to reload or
	// close the other tabs after a sign-out.
	it('a sign-out in one tab is undone by the next secret write of a tab that has not reloaded since: the next tab to load is signed in again', async () => {
		const { page } = workbench();
		const tab = second as Page;
		await page.bringToFront();
		await ensureSignedIn();
		// The second tab loads the signed-in copy, then the first tab signs out.
		await tab.reload();
		await tab.locator(statusItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
		await waitFor(async () => /\b\d+m$/.test(await statusText(tab)), 20_000, 'the reloaded second tab is signed in');
		await page.bringToFront();
		await runCommand(page, 'LWA: Sign Out');
		await page.waitForFunction(`/Sign in/.test(document.querySelector('${statusItemSelector}')?.textContent ?? '')`, undefined, { timeout: 20_000 });
		// The second tab writes a secret: a refresh of the token its copy still holds.
		await tab.bringToFront();
		const before = refreshRequests();
		await runCommand(tab, 'LWA: Refresh Access Token');
		await waitFor(() => refreshRequests() > before, 20_000, 'the second tab refreshed');
		await waitFor(async () => /\b(59|60)m$/.test(await statusText(tab)), 20_000, 'the second tab shows its refreshed token');
		// The first tab, reloaded, loads what the second tab wrote last: the credential is back.
		await page.reload();
		await page.locator(statusItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
		await waitFor(async () => /\b\d+m$/.test(await statusText(page)), 20_000, 'the first tab, reloaded, is signed in again');
	});
});
