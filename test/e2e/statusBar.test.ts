import * as assert from 'node:assert';
import { screenshot, statusBar, workbench } from './workbench';

describe('The workbench with the extension installed', () => {
	it('shows the active Sandbox profile in the status bar, with its state: "Sign in" or the remaining minutes', async () => {
		const { page } = workbench();
		const item = statusBar(page).locator('[id="lwa-tools.lwa-credentials.lwa.status"]');
		await item.waitFor({ state: 'visible', timeout: 60_000 });
		const text = (await item.innerText()).trim();
		// Whether another spec signed in before this one or not, the item names the profile and its state.
		assert.match(text, /LWA Sandbox(: Sign in| \d+m)$/, `status bar item text: ${text}`);
		await screenshot(page, '01-status-bar');
	});
});
