// The integration suite's runner: VS Code loads this module in the extension host (extensionTestsPath)
// and calls run(). It runs every compiled *.test.js under this folder with mocha's tdd UI, or only the
// files named in LWA_INTEGRATION_SPEC (comma-separated absolute paths), and rejects when any test fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

function findTestFiles(dir: string): string[] {
	const files: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			files.push(...findTestFiles(full));
		} else if (entry.name.endsWith('.test.js')) {
			files.push(full);
		}
	}
	return files.sort();
}

export async function run(): Promise<void> {
	const mocha = new Mocha({
		ui: 'tdd',
		reporter: 'spec',
		color: false,
		timeout: 60_000,
		forbidOnly: process.env.CI !== undefined,
	});
	const only = process.env.LWA_INTEGRATION_SPEC;
	const files = only ? only.split(',').map((file) => path.resolve(file)) : findTestFiles(__dirname);
	for (const file of files) {
		mocha.addFile(file);
	}
	// A root hook: after every test the extension's test clock is back to real time, so a test that
	// moved it on (a token's hour, a background refresh) leaves nothing to the tests after it.
	mocha.suite.afterEach(() => {
		// Reading the exports of an extension that is not active throws (the harness check's suite never activates it).
		const extension = vscode.extensions.getExtension<{ testing?: { resetClock(): void } }>('lwa-tools.lwa-credentials');
		if (extension?.isActive) {
			extension.exports?.testing?.resetClock();
		}
	});
	// The harness prints the extension host's console from this line on.
	console.log(`[lwa-integration] suite starting: ${files.length} file(s)`);
	await new Promise<void>((resolve, reject) => {
		mocha.run((failures) => {
			if (failures > 0) {
				reject(new Error(`${failures} integration test(s) failed`));
			} else {
				resolve();
			}
		});
	});
}
