// lwa-token as a person uses it: the Sandbox profile opted in with "terminal": true in the user
// settings, a new integrated terminal from the palette, and a curl line typed into it that takes its
// Authorization header from `$(lwa-token …)`. The token never appears on the screen; the emulator's
// /user/profile answers only a valid one, and the terminal writes that answer to a file the test reads.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureSignedIn } from './signInSteps';
import { runCommand, screenshot, updateUserSettings, waitFor, workbench } from './workbench';

describe('Tokens in the terminal, as a person uses them', () => {
	it('a new integrated terminal runs curl with $(lwa-token --format header), and the emulator accepts the token', async () => {
		const { page, runDir, emulator } = workbench();
		await ensureSignedIn();
		await updateUserSettings(page, (settings) => {
			const profiles = settings['lwa.profiles'] as Record<string, unknown>[];
			const sandbox = profiles.find((profile) => profile.name === 'Sandbox');
			assert.ok(sandbox, 'the Sandbox profile is in the settings');
			sandbox.terminal = true;
		});
		await runCommand(page, 'Terminal: Create New Terminal');
		const terminal = page.locator('.terminal-wrapper.active .xterm');
		await terminal.waitFor({ state: 'visible', timeout: 30_000 });
		await terminal.click();
		const result = path.join(runDir, 'lwa-token-e2e.txt');
		const profileUrl = emulator.endpoints.profile;
		// The typed line holds no token: only the shell variable does, for the length of the line.
		await page.keyboard.type(`h=$(lwa-token Sandbox --format header); echo "exit=$?" > '${result}'; curl -s -H "$h" '${profileUrl}' >> '${result}'; unset h\n`, { delay: 5 });
		await waitFor(() => fs.existsSync(result) && fs.readFileSync(result, 'utf8').includes('}'), 30_000, 'the terminal to write the emulator\'s answer');
		const [exitLine, body] = fs.readFileSync(result, 'utf8').split('\n');
		const profile = JSON.parse(body) as { user_id?: string };
		assert.deepStrictEqual({ exitLine, hasUser: typeof profile.user_id === 'string' }, { exitLine: 'exit=0', hasUser: true });
		await screenshot(page, '40-terminal-lwa-token');
		// The next specs see Sandbox as it was.
		await updateUserSettings(page, (settings) => {
			const profiles = settings['lwa.profiles'] as Record<string, unknown>[];
			delete profiles.find((profile) => profile.name === 'Sandbox')?.terminal;
		});
	});
});
