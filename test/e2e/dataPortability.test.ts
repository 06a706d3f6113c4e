// "LWA: Fetch Data Portability Records" as a person runs it: switch to the Data Portability profile,
// sign in through the consent page, run the command from the palette, keep the scope, choose the
// folder in the folder dialog (code-server's simple file dialog, a quick input), watch the progress
// notification, get the summary with Open Folder, and find on disk the bytes the emulator served.
// It sets up what it needs and switches back to the Sandbox profile, so it runs alone or among others.
import * as assert from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { signInThroughConsentPage, statusText } from './signInSteps';
import { runCommand, screenshot, workbench } from './workbench';

const SCOPE = 'portability-customer-profile';

/** Narrows the open quick pick to `text` and takes the first row left. */
async function pickByFilter(page: Page, text: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 20_000 });
	await input.fill(text);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible' });
	await page.keyboard.press('Enter');
}

/** "LWA: Set Client Secret" for `profile` (a picker first when the command asks which profile). */
async function setClientSecret(page: Page, profile: string, secret: string): Promise<void> {
	await runCommand(page, 'LWA: Set Client Secret');
	const passwordBox = page.locator('.quick-input-widget input[type="password"]');
	const profileRow = page.locator('.quick-input-list .monaco-list-row', { hasText: profile }).first();
	await Promise.race([passwordBox.waitFor({ state: 'visible' }), profileRow.waitFor({ state: 'visible' })]);
	if (!(await passwordBox.isVisible())) {
		await pickByFilter(page, profile);
	}
	await passwordBox.waitFor({ state: 'visible' });
	await passwordBox.fill(secret);
	await page.keyboard.press('Enter');
	await page.locator('.notifications-toasts', { hasText: `Stored the client secret of "${profile}".` }).first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** "LWA: Switch Profile" to `name`; waits until the status bar names it. */
async function switchProfile(page: Page, name: string): Promise<void> {
	await runCommand(page, 'LWA: Switch Profile');
	await pickByFilter(page, name);
	await page.waitForFunction(
		`(document.querySelector('[id="lwa-tools.lwa-credentials.lwa.status"]')?.textContent ?? '').includes(${JSON.stringify(name)})`,
		undefined,
		{ timeout: 20_000 },
	);
}

/** Every file under `folder`, relative, with '/' between parts. */
function filesUnder(folder: string): string[] {
	return (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
		.sort();
}

describe('Fetch Data Portability Records from the palette', () => {
	it('downloads the signed-in Data Portability profile\'s records into the folder chosen in the dialog, with a progress notification and a summary offering Open Folder; the files are the bytes the emulator served', async () => {
		const { page, runDir, fixtures, emulator } = workbench();
		const profile = fixtures.dataPortabilityProfileName;
		// Three records of 200 kB that appear 2.5 s after the query is created (the progress shows meanwhile).
		Object.assign(emulator.dataPortability.options, { recordsPerQuery: 3, dataFileBytes: 200_000, recordDelayMs: 2500 });
		// code-server's home is inside the run folder; the dialog starts in ~/Downloads.
		const downloads = path.join(runDir, 'home', 'Downloads');
		fs.mkdirSync(downloads, { recursive: true });
		const before = new Set(fs.readdirSync(downloads));
		await switchProfile(page, profile);
		try {
			if (!/\b\d+m\b/.test(await statusText(page))) {
				// With the client secret the sign-in also gets a refresh token, as a confidential client does.
				await setClientSecret(page, profile, fixtures.clientSecret);
				await signInThroughConsentPage(false);
			}
			await runCommand(page, 'LWA: Fetch Data Portability Records');
			// The scopes: one row, checked; OK keeps it.
			await page.locator('.quick-input-list .monaco-list-row', { hasText: SCOPE }).first().waitFor({ state: 'visible', timeout: 20_000 });
			await page.keyboard.press('Enter');
			// The folder dialog (code-server's simple file dialog, a quick input holding a path) opens at
			// ~/Downloads. It sets its value to the parent folder first and loads the folder's entries
			// afterwards; an Enter before that is taken as "go to this folder", not "choose it". Once its
			// value is the Downloads folder and its list shows that folder's entries (at least ".."), with no
			// row highlighted, Enter chooses the folder the value names.
			await page.locator('.quick-input-widget .quick-input-title', { hasText: 'where to save the Data Portability records' }).waitFor({ state: 'visible', timeout: 20_000 });
			await page.waitForFunction(
				`(() => {
					const widget = document.querySelector('.quick-input-widget');
					const rows = widget?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [];
					return widget?.querySelector('input')?.value === ${JSON.stringify(`${downloads}/`)}
						&& [...rows].some((row) => row.querySelector('.label-name')?.textContent?.trim() === '..')
						&& !widget.querySelector('.quick-input-list .monaco-list-row.focused');
				})()`,
				undefined,
				{ timeout: 20_000 },
			).catch(async (error: unknown) => {
				const shown = await page.locator('.quick-input-widget').innerText().catch(() => '(nothing)');
				throw new Error(`the folder dialog did not settle on ${downloads}/ (value ${await page.locator('.quick-input-widget input').inputValue()}; it shows: ${shown}): ${String(error)}`);
			});
			await page.keyboard.press('Enter');
			// The dialog closes once it took the folder.
			await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
			const progress = page.locator('.notifications-toasts .notification-toast', { hasText: `LWA: fetching Data Portability records of "${profile}"` }).first();
			await progress.waitFor({ state: 'visible', timeout: 20_000 });
			await screenshot(page, '12-data-portability-progress');
			const summary = page.locator('.notifications-toasts .notification-toast', { hasText: /Fetched 3 records of 1 scopes/ }).first();
			await summary.waitFor({ state: 'visible', timeout: 40_000 });
			await summary.locator('.monaco-button', { hasText: /^Open Folder$/ }).waitFor({ state: 'visible' });
			await screenshot(page, '13-data-portability-summary');

			const runs = fs.readdirSync(downloads).filter((name) => !before.has(name));
			assert.equal(runs.length, 1, `one new run folder in ${downloads}: ${runs.join(', ')}`);
			assert.match(runs[0], /^data-portability-/);
			const runFolder = path.join(downloads, runs[0]);
			assert.ok((await summary.innerText()).includes(runFolder), 'the summary names the folder');
			const queryId = emulator.dataPortability.queryIds(SCOPE).at(-1)!;
			const files = filesUnder(runFolder);
			const expected = [1, 2, 3].flatMap((record) => [`${SCOPE}/${queryId}/record-0000${record}.data.csv`, `${SCOPE}/${queryId}/record-0000${record}.schema.json`]);
			assert.deepEqual(files, [...expected, 'transfer.json'].sort());
			for (const file of expected) {
				const match = /record-(\d+)\.(schema|data)\./.exec(file)!;
				const served = emulator.dataPortability.fileSha256({ queryId, record: Number(match[1]), kind: match[2] as 'schema' | 'data' });
				assert.equal(createHash('sha256').update(fs.readFileSync(path.join(runFolder, ...file.split('/')))).digest('hex'), served, `${file} holds the bytes the emulator served`);
			}
		} finally {
			await page.keyboard.press('Escape');
			await switchProfile(page, fixtures.profileName);
		}
	});
});
