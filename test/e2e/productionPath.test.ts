// Production's activation path. The e2e tier installs the packaged .vsix into code-server and opens
// the workbench without the test driver, so the extension runs in ExtensionMode.Production: no test
// hooks (dist/testing.js is not even in the .vsix), the real clock, and dist/features.js loaded only
// by the first command, by a background refresh, or by the authentication provider when another
// extension asks for a session. Each test reloads the workbench, which starts a new extension host,
// and asks the probe extension installed beside ours (test/harness/probeExtension.ts) what that host
// has loaded: the features are not loaded at first, and each path loads them and does its work. An
// SP-API profile in lwa.profiles is a path of its own: its client secret reminders run without a
// command, so activation loads the features for it; the other tests run without one.
import * as assert from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { ensureSignedIn, statusItemSelector, statusText } from './signInSteps';
import {
	chooseQuickPickRowByKeyboard, clearNotifications, copiedText, readUserSettings, restoreUserSettings, runCommand, screenshot, tokenInfo, updateUserSettings, userSettingsFile, waitFor, workbench,
} from './workbench';

/** The Sandbox profile's account as VS Code lists it (its session's account label: profile (region)). */
const SANDBOX_ACCOUNT = 'Sandbox (NA)';

interface ProbeReport {
	pid: number;
	lwaActive: boolean;
	featuresLoaded: boolean;
	featuresLoadedBefore?: boolean;
	account?: string;
	sessionId?: string;
	scopes?: string[];
	tokenSha256?: string;
	error?: string;
}

/** Runs a probe command and reads its report from the notification it shows. */
async function probe(page: Page, command: 'LWA Probe: Report Loaded Bundles' | 'LWA Probe: Get Session', answer?: () => Promise<void>): Promise<ProbeReport> {
	await clearNotifications(page);
	await runCommand(page, command);
	await answer?.();
	const notice = page.locator('.notifications-toasts .notification-toast', { hasText: 'lwa-probe {' }).first();
	await notice.waitFor({ state: 'visible', timeout: 30_000 });
	const text = (await notice.locator('.notification-list-item-message').innerText()).trim();
	return JSON.parse(text.slice(text.indexOf('{'))) as ProbeReport;
}

/** Reloads the workbench page (a new extension host) and waits until the extension's status bar item shows. */
async function reload(page: Page): Promise<void> {
	await page.reload();
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator(statusItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator('#workbench\\.parts\\.editor').click();
}

/** Makes the Sandbox token stale (but not expired): a refresh while the emulator issues 60 s tokens (lwa.refresh.ahead is 120 s). */
async function makeTokenStale(page: Page): Promise<void> {
	const { emulator } = workbench();
	emulator.setAccessTokenLifetime(60);
	try {
		await runCommand(page, 'LWA: Refresh Access Token');
		await waitFor(async () => /\b[01]m$/.test(await statusText(page)), 20_000, 'the status bar shows the 60 s token');
	} finally {
		emulator.setAccessTokenLifetime(3600);
	}
}

function refreshRequests(): number {
	return workbench().emulator.stats.byGrant.refresh_token ?? 0;
}

/** The one access token the emulator issued whose SHA-256 is `sha256`, if any. */
function issuedTokenWithHash(sha256: string): string | undefined {
	return workbench().emulator.secretsSeen().find((value) => value.startsWith('Atza|') && createHash('sha256').update(value).digest('hex') === sha256);
}

describe('Production\'s activation path (the packaged extension, ExtensionMode.Production)', () => {
	let original: Record<string, unknown>;
	/** The fixtures' settings, with their SP-API profile. */
	let withSellingPartner: Record<string, unknown>;

	before(async () => {
		await ensureSignedIn();
		withSellingPartner = readUserSettings();
		await updateUserSettings(workbench().page, (settings) => {
			settings['lwa.profiles'] = (settings['lwa.profiles'] as { api?: string }[]).filter((profile) => profile.api !== 'sp-api');
		});
		original = readUserSettings();
	});

	after(async () => {
		await updateUserSettings(workbench().page, (settings) => {
			for (const key of Object.keys(settings)) {
				delete settings[key];
			}
			Object.assign(settings, withSellingPartner);
		});
	});

	afterEach(async () => {
		const { page } = workbench();
		await page.keyboard.press('Escape');
		await restoreUserSettings(page, original);
		await clearNotifications(page);
	});

	it('after a reload the features are not loaded; LWA: Copy Access Token loads them and copies a token tokeninfo accepts', async () => {
		const { page, fixtures } = workbench();
		const before = await probe(page, 'LWA Probe: Report Loaded Bundles');
		await reload(page);
		const fresh = await probe(page, 'LWA Probe: Report Loaded Bundles');
		assert.notStrictEqual(fresh.pid, before.pid, 'the reload started a new extension host');
		assert.deepStrictEqual({ lwaActive: fresh.lwaActive, featuresLoaded: fresh.featuresLoaded }, { lwaActive: true, featuresLoaded: false });
		const token = await copiedText(page, () => runCommand(page, 'LWA: Copy Access Token'));
		const info = await tokenInfo(token);
		assert.strictEqual(info.status, 200);
		assert.strictEqual(info.aud, fixtures.clientId);
		const after = await probe(page, 'LWA Probe: Report Loaded Bundles');
		assert.deepStrictEqual({ pid: after.pid, featuresLoaded: after.featuresLoaded }, { pid: fresh.pid, featuresLoaded: true });
	});

	it('after a reload with an SP-API profile in lwa.profiles, the features are loaded with no command run (its client secret reminders need them)', async () => {
		const { page } = workbench();
		await reload(page);
		assert.strictEqual((await probe(page, 'LWA Probe: Report Loaded Bundles')).featuresLoaded, false, 'without an SP-API profile they wait for a command');
		await updateUserSettings(page, (settings) => {
			settings['lwa.profiles'] = withSellingPartner['lwa.profiles'];
		});
		await reload(page);
		assert.strictEqual((await probe(page, 'LWA Probe: Report Loaded Bundles')).featuresLoaded, true);
	});

	it('after a reload with lwa.refresh.proactive on, a stale token is refreshed in the background, with no command run', async () => {
		const { page } = workbench();
		await makeTokenStale(page);
		// Written behind the running window's back (it does not watch the file), so only the reloaded
		// window sees proactive refresh switched on: the refresh cannot come from the old extension host.
		const settings = readUserSettings();
		settings['lwa.refresh.proactive'] = true;
		fs.writeFileSync(userSettingsFile(), JSON.stringify(settings, null, '\t'));
		const refreshesBefore = refreshRequests();
		await reload(page);
		await waitFor(() => refreshRequests() === refreshesBefore + 1, 30_000, 'one refresh request reached the emulator');
		await waitFor(async () => /\bLWA Sandbox (59|60)m$/.test(await statusText(page)), 20_000, 'the status bar shows the refreshed token');
		const report = await probe(page, 'LWA Probe: Report Loaded Bundles');
		assert.strictEqual(report.featuresLoaded, true, 'the background refresh loaded the features');
		assert.strictEqual(refreshRequests(), refreshesBefore + 1, 'exactly one refresh');
	});

	it('after a reload, getSession from another extension loads the features, refreshes the stale token and returns the Sandbox session with it', async () => {
		const { page, fixtures } = workbench();
		await makeTokenStale(page);
		const refreshesBefore = refreshRequests();
		await reload(page);
		const fresh = await probe(page, 'LWA Probe: Report Loaded Bundles');
		assert.strictEqual(fresh.featuresLoaded, false);
		const report = await probe(page, 'LWA Probe: Get Session', async () => {
			// VS Code asks the person before another extension gets a session (a dialog with Allow),
			// then may ask which account: each is answered once it shows, in that order.
			const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow$/ });
			const account = page.locator('.quick-input-list .monaco-list-row', { hasText: SANDBOX_ACCOUNT });
			const reported = page.locator('.notifications-toasts .notification-toast', { hasText: 'lwa-probe {' }).first();
			try {
				await allow.or(account).or(reported).first().waitFor({ state: 'visible', timeout: 30_000 });
				if (await allow.isVisible()) {
					await allow.click();
					await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 20_000 });
					await account.or(reported).first().waitFor({ state: 'visible', timeout: 30_000 });
				}
				if (!(await reported.isVisible())) {
					await chooseQuickPickRowByKeyboard(page, SANDBOX_ACCOUNT);
				}
			} finally {
				await screenshot(page, 'e2e-get-session');
			}
		});
		assert.strictEqual(report.error, undefined, `getSession failed: ${report.error}`);
		assert.deepStrictEqual(
			{ featuresLoadedBefore: report.featuresLoadedBefore, featuresLoaded: report.featuresLoaded, sessionId: report.sessionId, scopes: report.scopes },
			{ featuresLoadedBefore: false, featuresLoaded: true, sessionId: 'Sandbox', scopes: ['profile'] },
		);
		assert.strictEqual(refreshRequests(), refreshesBefore + 1, 'the stale token was refreshed once');
		const token = issuedTokenWithHash(report.tokenSha256 ?? '');
		assert.ok(token !== undefined, 'the session holds an access token the emulator issued');
		const info = await tokenInfo(token);
		assert.strictEqual(info.aud, fixtures.clientId);
		assert.ok((info.exp ?? 0) > 3500, 'the session holds the refreshed token, not the stale one');
	});
});
