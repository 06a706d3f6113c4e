// The .http token lens as a person uses it: the Sandbox profile opted into the variable file, a new
// untitled document in the HTTP language, a copied token put after `@accessToken = `, and the
// lens over that line clicked: Refresh puts a newer token on the line (and the variable file follows
// it), Use the variable file replaces the token with `{{$dotenv LWA_ACCESS_TOKEN}}`. An untitled
// document, because code-server saves files after a delay by default (files.autoSave), which would
// put the tokens into the workspace and the editor's local history; the extension's side of that is
// tested in the integration tier. Tokens are compared inside the test and never printed; the
// document is closed unsaved, and the opt-in undone, which takes the token out of the variable file.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ensureSignedIn } from './signInSteps';
import { chooseQuickPickRowByKeyboard, copiedText, readUserSettings, restoreUserSettings, runCommand, screenshot, tokenInfo, updateUserSettings, waitFor, workbench } from './workbench';

const REFERENCE = '{{$dotenv LWA_ACCESS_TOKEN}}';

/** The editor of the active editor group: earlier specs may leave other editors open in other groups. */
function activeEditor(page: Page): Locator {
	return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** The text of the active editor's `@accessToken` line as shown (the editor draws spaces as no-break spaces). */
async function tokenLineText(page: Page): Promise<string> {
	const line = activeEditor(page).locator('.view-line', { hasText: '@accessToken' }).first();
	return (await line.innerText({ timeout: 2000 })).replace(/\u00a0/g, ' ').trim();
}

/** The value of LWA_ACCESS_TOKEN in the variable file, or undefined when the file or the line is not there. */
function variableFileToken(file: string): string | undefined {
	if (!fs.existsSync(file)) {
		return undefined;
	}
	return /^LWA_ACCESS_TOKEN="([^"]*)"$/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
}

describe('The .http token lens, as a person uses it', () => {
	it('over a copied token put into an untitled HTTP document the lens names the profile and its life; clicking Refresh puts a newer token on the line and in the variable file, without saving; clicking Use the variable file writes the reference, and the lens goes', async () => {
		const { page, runDir, emulator } = workbench();
		await ensureSignedIn();
		const variableFile = path.join(runDir, 'workspace', '.env');
		const original = readUserSettings();
		try {
			await updateUserSettings(page, (settings) => {
				const sandbox = (settings['lwa.profiles'] as Record<string, unknown>[]).find((profile) => profile.name === 'Sandbox');
				assert.ok(sandbox, 'the Sandbox profile is in the settings');
				sandbox.variableFile = true;
			});
			await waitFor(() => variableFileToken(variableFile) !== undefined, 30_000, 'the variable file to hold the token of the opted-in profile');

			await runCommand(page, 'File: New Untitled Text File');
			const editor = activeEditor(page);
			await editor.waitFor({ state: 'visible', timeout: 20_000 });
			await runCommand(page, 'Change Language Mode');
			// The language list is long: filtered to the one row by typing, as a person would.
			await page.locator('.quick-input-widget input[placeholder="Select Language Mode"]').waitFor({ state: 'visible', timeout: 20_000 });
			await chooseQuickPickRowByKeyboard(page, 'HTTP');
			const copied = await copiedText(page, () => runCommand(page, 'LWA: Copy Access Token'));
			await editor.click();
			await page.keyboard.type('@accessToken = ');
			// What Ctrl+V would put there. (After the terminal spec, the workbench's paste did not reach
			// the editor in a full run; inserting the clipboard's text keeps this test about the lens.)
			await page.keyboard.insertText(copied);
			await page.keyboard.type(`\n\n### me\nGET ${emulator.endpoints.profile}\nAuthorization: Bearer {{accessToken}}\n`);
			await waitFor(async () => (await tokenLineText(page).catch(() => '')) === `@accessToken = ${copied}`, 20_000, 'the copied token on the line')
				.catch(async (error: unknown) => {
					// Said without the line's value: it may hold a token.
					const shown = await tokenLineText(page).catch(() => undefined);
					throw new Error(`${String(error)} (the active editor ${shown === undefined ? 'has no @accessToken line' : `has an @accessToken line of ${shown.length} characters`}; ${await activeEditor(page).count()} editor(s) in the active group)`);
				});

			const lens = editor.locator('.codelens-decoration').first();
			await lens.waitFor({ state: 'visible', timeout: 30_000 });
			assert.match(await lens.innerText(), /LWA "Sandbox": (59|60)m/);
			assert.match(await lens.innerText(), /Refresh/);
			assert.match(await lens.innerText(), /Use the variable file/);

			const refreshesBefore = emulator.stats.byGrant.refresh_token ?? 0;
			await lens.locator('a', { hasText: /^Refresh$/ }).click();
			let refreshed = '';
			await waitFor(async () => (refreshed = (await tokenLineText(page)).replace('@accessToken = ', '')) !== copied, 30_000, 'a newer token on the line');
			assert.strictEqual(emulator.stats.byGrant.refresh_token ?? 0, refreshesBefore + 1, 'one refresh request');
			assert.strictEqual((await tokenInfo(refreshed)).status, 200, 'the new token on the line is valid');
			await waitFor(() => variableFileToken(variableFile) === refreshed, 20_000, 'the variable file to hold the refreshed token');

			await lens.locator('a', { hasText: /^Use the variable file$/ }).click();
			await waitFor(async () => (await tokenLineText(page)) === `@accessToken = ${REFERENCE}`, 20_000, 'the reference on the line');
			// No token on the line any more, so no lens over it.
			await editor.locator('.codelens-decoration', { hasText: 'LWA "Sandbox"' }).waitFor({ state: 'detached', timeout: 20_000 });
			// Taken only now: before, the line showed a token.
			await screenshot(page, '41-token-lens-reference');
		} finally {
			// The document closes unsaved (its backup goes with it), then the opt-in is undone.
			await runCommand(page, 'View: Revert and Close Editor').catch(() => undefined);
			await restoreUserSettings(page, original);
			await waitFor(() => variableFileToken(variableFile) === undefined, 30_000, 'the variable file to hold no token once the opt-in is undone');
			fs.rmSync(variableFile, { force: true });
		}
	});
});
