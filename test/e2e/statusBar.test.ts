import * as assert from 'node:assert';
import { screenshot, statusBar, workbench } from './workbench';

describe('The workbench with the extension installed', () => {
	it('shows the LWA status bar item once the workbench has started', async () => {
		const { page } = workbench();
		const item = statusBar(page).locator('[id="lwa-tools.lwa-credentials.lwa.status"]');
		await item.waitFor({ state: 'visible', timeout: 60_000 });
		const text = (await item.innerText()).trim();
		assert.match(text, /LWA/, `status bar item text: ${text}`);
		await screenshot(page, '01-status-bar');
	});
});
