// Debian's Chromium driven by playwright-core (never `playwright install`: it downloads a browser).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';
import { isolatedEnvironment } from './codeServer';
import { setupPaths } from './paths';

/** Flags that keep Chromium quiet on a machine with no network beyond loopback. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** A fresh browser profile inside the run folder; nothing touches the home folder. */
export async function launchBrowser(runDir: string, options: { headless?: boolean } = {}): Promise<BrowserContext> {
	const profileDir = path.join(runDir, 'browser-profile');
	fs.mkdirSync(profileDir, { recursive: true });
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined) {
			env[key] = value;
		}
	}
	return chromium.launchPersistentContext(profileDir, {
		executablePath: setupPaths().chromium,
		headless: options.headless ?? true,
		args: CHROMIUM_ARGS,
		env: { ...env, ...isolatedEnvironment(runDir) },
		viewport: { width: 1400, height: 900 },
		// Let tests read back what the extension puts on the clipboard.
		permissions: ['clipboard-read', 'clipboard-write'],
	});
}
