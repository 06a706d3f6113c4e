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
import { captureProcessOutput, scanForLeaks } from './leakScan';
import type { E2eFixtures } from './e2eFixtures';
import { projectRoot } from './paths';
import { installProbeExtension } from './probeExtension';
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

/**
 * Where a secret may be found after the run:
 *   - the browser's Local Storage, where code-server keeps SecretStorage (its workbench runs in the
 *     browser): the secret store's own storage;
 *   - an authorization code in the browser's own records of the redirect it followed (history,
 *     sessions, its metrics database, and its HTTP cache of code-server's /callback page, whose URL
 *     carries the code after a relay sign-in): LWA sends the code in the redirect URL, so any browser
 *     keeps it. Such a code is single-use and PKCE-bound; the scan checks that replaying it is refused;
 *   - the import's fake tokens in the ASK CLI config the run wrote for LWA: Import Credentials… to read.
 */
const SECRET_STORE = /^browser-profile\/Default\/Local Storage\//;
/** The ASK CLI config the run wrote for the import to read: a source, holding its fake tokens by design. */
const IMPORT_SOURCE_FILE = 'home/.ask/cli_config';
const BROWSER_NAVIGATION_RECORDS = /^browser-profile\/(Default\/(History|Sessions\/|Top Sites|Visited Links|Favicons|Network Action Predictor|Shortcuts|Cache\/Cache_Data\/)|segmentation_platform\/)/;

/** True when the emulator refuses a second exchange of `code` (so the copy in the browser is worthless). */
async function codeIsSpent(fixtures: E2eFixtures, code: string): Promise<boolean> {
	const response = await fetch(fixtures.emulator.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: fixtures.values.redirectUri, client_id: fixtures.values.clientId, client_secret: fixtures.values.clientSecret }),
	});
	const body = (await response.json()) as { error?: string };
	return response.status === 400 && body.error === 'invalid_grant';
}

/** Searches every file of the run and the run's output for every secret; true when one leaked. */
async function leakScan(runDir: string, fixtures: E2eFixtures, output: string): Promise<boolean> {
	const sentinels = fixtures.secrets();
	const kinds = new Set(sentinels.map((sentinel) => sentinel.label));
	// A scan for nothing proves nothing: the run must have produced each kind of secret.
	for (const kind of ['client secret', 'authorization code', 'access token', 'refresh token', 'PKCE verifier']) {
		if (!kinds.has(kind)) {
			console.error(`[leak scan] the run produced no ${kind}, so the scan cannot vouch for it`);
			return true;
		}
	}
	for (const sentinel of sentinels.filter((candidate) => candidate.label === 'authorization code')) {
		if (!(await codeIsSpent(fixtures, sentinel.value))) {
			console.error('[leak scan] an authorization code of the run can still be exchanged');
			return true;
		}
	}
	const result = scanForLeaks(runDir, sentinels, { 'e2e test output': output }, (hit, isFile) => {
		if (isFile && SECRET_STORE.test(hit.location)) {
			return "the secret store's own storage";
		}
		if (isFile && hit.location === IMPORT_SOURCE_FILE) {
			return "the ASK CLI's config the import reads (written by the run as the import's source)";
		}
		if (isFile && hit.label === 'authorization code' && BROWSER_NAVIGATION_RECORDS.test(hit.location)) {
			return "the browser's record of LWA's redirect URL; the code is spent (replay refused)";
		}
		return undefined;
	});
	console.log(`[leak scan] ${sentinels.length} secrets (${[...kinds].join(', ')}) searched in ${result.filesScanned} files (${(result.bytesScanned / 1e6).toFixed(1)} MB) and the test output`);
	for (const hit of result.allowed) {
		console.log(`[leak scan]   allowed: ${hit.label} in ${hit.location} (${hit.encoding}): ${hit.reason}`);
	}
	for (const hit of result.leaks) {
		console.error(`[leak scan]   LEAK: ${hit.label} in ${hit.location} (${hit.encoding})`);
	}
	console.log(`[leak scan] ${result.leaks.length} leaks`);
	return result.leaks.length > 0;
}

async function main(): Promise<number> {
	if (!fs.existsSync(vsixPath)) {
		throw new Error(`${path.relative(projectRoot, vsixPath)} is missing: run "npm run package" first.`);
	}
	const runDir = freshRunDir('e2e');
	const output = captureProcessOutput();
	let server: RunningCodeServer | undefined;
	let browser: BrowserContext | undefined;
	let fixtures: E2eFixtures | undefined;
	try {
		await installExtension(runDir, vsixPath);
		// "Another extension" for the tests of the production activation path (productionPath.test.ts).
		installProbeExtension(path.join(runDir, 'extensions'));
		fixtures = await e2eFixtures();
		console.log(`[e2e] LWA emulator ${fixtures.emulator.url}`);
		fixtures.prepareHome(path.join(runDir, 'home'));
		server = await startCodeServer({ runDir, testDriver: false, userSettings: fixtures.userSettings, env: fixtures.environment });
		console.log(`[e2e] code-server ${server.url} (run folder ${path.relative(projectRoot, runDir)})`);
		browser = await launchBrowser(runDir, { headless: process.env.LWA_E2E_HEADED !== '1' });
		const page = browser.pages()[0] ?? (await browser.newPage());
		const workspace = path.join(runDir, 'workspace');
		fs.mkdirSync(workspace, { recursive: true });
		// On a busy machine the first load of the workbench takes longer than Playwright's 30 s default.
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
		await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
		// The specs start once the extension has activated (its status bar item shows, so its commands
		// are registered) and the editor has focus.
		await page.locator('[id="lwa-tools.lwa-credentials.lwa.status"]').waitFor({ state: 'visible', timeout: 60_000 });
		await page.locator('#workbench\\.parts\\.editor').click();
		setWorkbench({ context: browser, page, serverUrl: server.url, runDir, fixtures: fixtures.values, emulator: fixtures.emulator });

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
		setWorkbench(undefined);
		// Stop everything first, so every log and storage file is flushed before the scan.
		await browser.close();
		browser = undefined;
		await server.stop();
		server = undefined;
		const leaksFound = await leakScan(runDir, fixtures, output.text());
		return failures === 0 && !leaksFound ? 0 : 1;
	} finally {
		output.stop();
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
