// Runs the e2e tier: installs the packaged extension (.vsix) into a fresh code-server, opens the
// workbench in Chromium as a person would (toasts visible, no test driver), and runs the mocha
// specs in test/e2e against it. Exit code 0 when every spec passed.
//
// Environment:
//   LWA_E2E_GREP      run only specs whose title matches
//   LWA_E2E_HEADED=1  show the browser (needs a display)
//   LWA_UPDATE_SCREENSHOTS=1  copy the run's screenshots to docs/screenshots (the README shows them)
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { BrowserContext } from 'playwright-core';
import { setWorkbench } from '../e2e/workbench';
import { launchBrowser } from './browser';
import { installExtension, killAllCodeServers, startCodeServer } from './codeServer';
import type { RunningCodeServer } from './codeServer';
import { e2eFixtures } from './e2eFixtures';
import type { E2eFixtures } from './e2eFixtures';
import { projectRoot } from './paths';
import { freshRunDir } from './runDir';

export const vsixPath = path.join(projectRoot, 'dist-vsix', 'lwa-credentials.vsix');

function findSpecs(dir: string): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? findSpecs(path.join(dir, entry.name)) : entry.name.endsWith('.test.js') ? [path.join(dir, entry.name)] : []))
		.sort();
}

function copyScreenshots(from: string, to: string): void {
	fs.mkdirSync(to, { recursive: true });
	for (const file of fs.readdirSync(from)) {
		fs.copyFileSync(path.join(from, file), path.join(to, file));
	}
	console.log(`[e2e] screenshots copied to ${path.relative(projectRoot, to)}`);
}

async function main(): Promise<number> {
	if (!fs.existsSync(vsixPath)) {
		throw new Error(`${path.relative(projectRoot, vsixPath)} is missing: run "npm run package" first.`);
	}
	const runDir = freshRunDir('e2e');
	let server: RunningCodeServer | undefined;
	let browser: BrowserContext | undefined;
	let fixtures: E2eFixtures | undefined;
	try {
		await installExtension(runDir, vsixPath);
		fixtures = await e2eFixtures();
		console.log(`[e2e] LWA emulator ${fixtures.emulator.url}`);
		server = await startCodeServer({ runDir, testDriver: false, userSettings: fixtures.userSettings });
		console.log(`[e2e] code-server ${server.url} (run folder ${path.relative(projectRoot, runDir)})`);
		browser = await launchBrowser(runDir, { headless: process.env.LWA_E2E_HEADED !== '1' });
		const page = browser.pages()[0] ?? (await browser.newPage());
		const workspace = path.join(runDir, 'workspace');
		fs.mkdirSync(workspace, { recursive: true });
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
		// The specs start once the extension has activated (its status bar item shows, so its commands
		// are registered) and the editor has focus.
		await page.locator('[id="lwa-tools.lwa-credentials.lwa.status"]').waitFor({ state: 'visible', timeout: 60_000 });
		await page.locator('#workbench\\.parts\\.editor').click();
		setWorkbench({ context: browser, page, serverUrl: server.url, runDir, fixtures: fixtures.values });

		const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, forbidOnly: process.env.CI !== undefined });
		if (process.env.LWA_E2E_GREP) {
			mocha.grep(process.env.LWA_E2E_GREP);
		}
		for (const spec of findSpecs(path.join(projectRoot, 'out', 'test', 'e2e'))) {
			mocha.addFile(spec);
		}
		const failures = await new Promise<number>((resolve) => mocha.run(resolve));
		if (failures === 0 && process.env.LWA_UPDATE_SCREENSHOTS === '1') {
			copyScreenshots(path.join(runDir, 'screenshots'), path.join(projectRoot, 'docs', 'screenshots'));
		}
		return failures === 0 ? 0 : 1;
	} finally {
		setWorkbench(undefined);
		await browser?.close().catch(() => undefined);
		await server?.stop();
		await fixtures?.dispose();
	}
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		console.error(`[e2e] ${signal}: stopping code-server`);
		killAllCodeServers();
		process.exit(130);
	});
}

main().then(
	(code) => {
		console.log(`[e2e] ${code === 0 ? 'passed' : 'FAILED'}`);
		process.exit(code);
	},
	(error: unknown) => {
		console.error(`[e2e] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		killAllCodeServers();
		process.exit(1);
	},
);
