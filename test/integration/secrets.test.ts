// Secrets never reach the log: a full sign-in, refresh and copy with sentinel-looking values, then
// the captured log lines and the log file are searched for every secret the run handled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import {
	addProfile, emulatorProfile, extensionApi, followAuthorization, freePort, removeProfiles, startEmulator, startSignIn,
} from './support/lwaTestKit';

const SENTINEL_CLIENT_SECRET = 'SENTINEL-CLIENT-SECRET-0d9a7c4e';

function findFiles(dir: string, name: string, found: string[] = []): string[] {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return found;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			findFiles(full, name, found);
		} else if (entry.name === name) {
			found.push(full);
		}
	}
	return found;
}

suite('Secrets in the log', () => {
	let emulator: LwaEmulator;

	suiteSetup(async () => {
		emulator = await startEmulator();
	});

	suiteTeardown(async () => {
		await removeProfiles(['sentinel']);
		await emulator?.close();
	});

	test('no token, code, client secret, state or verifier appears in the log', async () => {
		const { testing } = await extensionApi();
		const profile = emulatorProfile(emulator, { name: 'sentinel', redirectUri: `http://127.0.0.1:${await freePort()}/cb`, clientSecret: SENTINEL_CLIENT_SECRET });
		await addProfile(profile);

		const { result, authorizationUrl } = await startSignIn(testing, 'sentinel');
		const authorization = new URL(authorizationUrl);
		const redirect = await followAuthorization(authorizationUrl);
		assert.equal((await fetch(redirect)).status, 200);
		assert.ok(await result);
		const firstToken = await testing.accessToken('sentinel');
		await vscode.commands.executeCommand('lwa.refresh', { profile: 'sentinel' });
		await vscode.commands.executeCommand('lwa.copyAs', { profile: 'sentinel', format: 'curl' });
		const secondToken = await testing.accessToken('sentinel');
		await vscode.commands.executeCommand('lwa.completeSignIn', { input: redirect.toString() });

		const secrets = [
			SENTINEL_CLIENT_SECRET,
			firstToken,
			secondToken,
			redirect.searchParams.get('code') ?? '<missing code>',
			authorization.searchParams.get('state') ?? '<missing state>',
			authorization.searchParams.get('code_challenge') ?? '<missing challenge>',
			'Atza|',
			'Atzr|',
		];
		const lines = testing.logLines();
		assert.ok(lines.some((line) => line.includes('Profile "sentinel" refreshed')), 'the log did record the events');
		for (const line of lines) {
			for (const secret of secrets) {
				assert.ok(!line.includes(secret), `a log line contains a secret value: ${line.slice(0, 60)}…`);
			}
			// PKCE verifiers, nonces and tokens are long base64url runs; log lines have none.
			assert.doesNotMatch(line, /[A-Za-z0-9_-]{40,}/, 'no long random value in the log');
		}

		// The channel's file as well, when the launcher keeps logs in the run folder.
		const runDir = process.env.LWA_TEST_RUN_DIR;
		const files = runDir ? findFiles(runDir, 'LWA Credentials.log') : [];
		for (const file of files) {
			const text = fs.readFileSync(file, 'utf8');
			for (const secret of secrets) {
				assert.ok(!text.includes(secret), `${file} contains a secret value`);
			}
		}
		console.log(`      (log lines checked: ${lines.length}; log files checked: ${files.length})`);
	});
});
