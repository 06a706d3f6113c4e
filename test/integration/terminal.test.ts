// lwa-token against the real extension host: the test runs bin/lwa-token as a child process with the
// variables the extension's environment variable collection gives new terminals, as a terminal would.
// The trusted-workspace gate cannot be reached here (the harness runs code-server with workspace trust
// off); test/unit/core/terminal/tokenRequests.test.ts covers it.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TerminalEnvironment } from '../../src/vscode/terminal/terminalTokens';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, assertAccessTokenShape, assertSameSecretText, EXTENSION_ID, emulatorProfile, extensionApi, freePort,
	removeProfiles, signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

interface HelperRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** A terminal's environment: this process's, with the collection's variables applied as VS Code applies them. */
function terminalEnv(environment: TerminalEnvironment, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const [name, { value, type }] of Object.entries(environment.variables)) {
		env[name] = type === 'replace' ? value : type === 'prepend' ? `${value}${env[name] ?? ''}` : `${env[name] ?? ''}${value}`;
	}
	return { ...env, ...overrides };
}

/** Runs `lwa-token` as found on the terminal's PATH. */
function lwaToken(args: string[], env: NodeJS.ProcessEnv): Promise<HelperRun> {
	return new Promise((resolve) => {
		execFile('lwa-token', args, { env, shell: false }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
		});
	});
}

suite('Tokens in the terminal (lwa-token)', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let opted: TestProfile;
	let closed: TestProfile;
	let environment: TerminalEnvironment;

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		closed = emulatorProfile(emulator, { name: 'closed-terminal', redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		await addProfile(closed);
		await signInWithLoopback(testing, closed.name);
		opted = emulatorProfile(emulator, { name: 'terminal', redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		opted.raw.terminal = true;
		await addProfile(opted);
		await signInWithLoopback(testing, opted.name);
		environment = await testing.terminalEnvironment();
	});

	suiteTeardown(async () => {
		await removeProfiles([opted.name, closed.name]);
		await emulator.close();
	});

	test('new terminals get bin/ on their PATH, the host\'s runtime, the socket and a secret, in a collection that is not persisted', () => {
		const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
		const { variables } = environment;
		assert.deepEqual({
			persistent: environment.persistent,
			path: variables.PATH,
			node: variables.LWA_TOKEN_NODE,
			main: variables.LWA_TOKEN_MAIN,
			secretShape: /^[0-9a-f]{64}$/.test(variables.LWA_TOKEN_IPC_SECRET?.value ?? ''),
			socketFolderMode: (fs.statSync(path.dirname(variables.LWA_TOKEN_IPC_HANDLE?.value ?? '/')).mode & 0o777).toString(8),
		}, {
			persistent: false,
			path: { value: `${path.join(extensionPath, 'bin')}${path.delimiter}`, type: 'prepend' },
			node: { value: process.execPath, type: 'replace' },
			main: { value: path.join(extensionPath, 'dist', 'lwaToken.js'), type: 'replace' },
			secretShape: true,
			socketFolderMode: '700',
		});
	});

	test('lwa-token prints the opted-in profile\'s valid access token on stdout alone; the log names the profile and the caller, never the token', async () => {
		const run = await lwaToken([opted.name], terminalEnv(environment));
		assert.deepEqual({ code: run.code, stderr: run.stderr }, { code: 0, stderr: '' });
		const printed = run.stdout.replace(/\n$/, '');
		assertAccessTokenShape(printed, 'lwa-token\'s output');
		assertSameSecretText(printed, await testing.accessToken(opted.name), 'lwa-token\'s output');
		const handedOut = testing.logLines().filter((line) => line.includes('lwa-token: handed an access token of profile "terminal" (raw) to process '));
		assert.equal(handedOut.length, 1, 'one log line for the hand-out');
		assert.ok(!testing.logLines().some((line) => line.includes(printed)), 'no log line holds the token');
	});

	test('lwa-token without a profile uses the active profile, in the format asked for', async () => {
		await vscode.commands.executeCommand('lwa.switchProfile', { profile: opted.name });
		const run = await lwaToken(['--format', 'json'], terminalEnv(environment));
		const parsed = JSON.parse(run.stdout) as { access_token: string; profile: string; token_type: string };
		assert.deepEqual({ code: run.code, profile: parsed.profile, type: parsed.token_type }, { code: 0, profile: 'terminal', type: 'bearer' });
		assertSameSecretText(parsed.access_token, await testing.accessToken(opted.name), 'the json format\'s access_token');
	});

	test('lwa-token refuses a signed-in profile that did not opt in with exit 7, and words why on stderr', async () => {
		const run = await lwaToken([closed.name], terminalEnv(environment));
		assert.deepEqual({ code: run.code, stdout: run.stdout }, { code: 7, stdout: '' });
		assert.match(run.stderr, /^lwa-token: Profile "closed-terminal" does not hand its tokens to terminals\. .*"terminal": true/);
		assert.ok(testing.logLines().some((line) => line.includes('lwa-token: refused process ') && line.includes('(not_opted_in)')));
	});

	test('lwa-token refuses an unknown profile with exit 5', async () => {
		const run = await lwaToken(['nobody'], terminalEnv(environment));
		assert.deepEqual({ code: run.code, stdout: run.stdout, stderr: run.stderr }, { code: 5, stdout: '', stderr: 'lwa-token: There is no LWA profile named "nobody".\n' });
	});

	test('lwa-token with a wrong secret gets no answer at all (exit 8), and the host logs the closed connection', async () => {
		const before = testing.logLines().length;
		const run = await lwaToken([opted.name], terminalEnv(environment, { LWA_TOKEN_IPC_SECRET: '0'.repeat(64) }));
		assert.deepEqual({ code: run.code, stdout: run.stdout }, { code: 8, stdout: '' });
		assert.deepEqual(testing.logLines().slice(before).filter((line) => line.includes('lwa-token')).map((line) => line.replace(/^.*?lwa-token/, 'lwa-token')), [
			'lwa-token: a connection was closed without an answer (wrong_secret).',
		]);
	});

	test('lwa-token refreshes a stale token first (one refresh at the emulator) and prints the new one', async () => {
		const before = await testing.accessToken(opted.name);
		const refreshes = emulator.stats.byGrant.refresh_token ?? 0;
		// An hour on: the token is past its life.
		testing.advanceClock(3600_000);
		const run = await lwaToken([opted.name], terminalEnv(environment));
		const printed = run.stdout.replace(/\n$/, '');
		assert.deepEqual({ code: run.code, refreshes: (emulator.stats.byGrant.refresh_token ?? 0) - refreshes, changed: printed !== before }, { code: 0, refreshes: 1, changed: true });
		assertSameSecretText(printed, await testing.accessToken(opted.name), 'the refreshed token');
	});

	test('when no profile opts in any more, the collection is emptied and the socket removed', async () => {
		const socket = environment.variables.LWA_TOKEN_IPC_HANDLE?.value ?? '';
		assert.ok(fs.existsSync(socket), 'the socket exists while a profile opts in');
		await vscode.commands.executeCommand('lwa.removeProfile', { profile: opted.name });
		// The settings change reaches the extension as an event; wait for the stop it causes.
		await waitFor(async () => Object.keys((await testing.terminalEnvironment()).variables).length === 0, 'the collection to be emptied');
		const after = await testing.terminalEnvironment();
		const run = await lwaToken([opted.name], terminalEnv(environment));
		assert.deepEqual({ variables: after.variables, socketExists: fs.existsSync(socket), code: run.code }, { variables: {}, socketExists: false, code: 8 });
	});
});
