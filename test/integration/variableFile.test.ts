// The variable file and the .http token lens through the real extension host: a profile with
// "variableFile" keeps its access token in a git-ignored file of the workspace folder across sign-in,
// a refresh (the extension's clock moved on, the emulator issuing the new token) and sign-out, with
// the file's other lines intact; a tracked file and a symlink are refused; the lens over a token line
// the extension wrote shows the profile and the remaining life, Refresh rewrites the value without
// saving (and says once when auto save will), Use the variable file rewrites it to the .env reference.
//
// The harness starts code-server with workspace trust disabled (every workspace is trusted), so the
// untrusted case is covered by the core's unit tests (test/unit/core/variableFile/variableFile.test.ts:
// "in an untrusted workspace does nothing at all").
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, assertSameSecretText, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles,
	signInWithLoopback, startEmulator,
} from './support/lwaTestKit';

suite('Variable file and token lens', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let workspace: string;
	/** A git repository inside the workspace folder, made per test, with .env ignored. */
	let repository: string;
	let relative: string;
	const added: string[] = [];

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder && folder.uri.scheme === 'file', 'the run has a local workspace folder');
		workspace = folder.uri.fsPath;
	});

	setup(async () => {
		relative = `vf-${Math.random().toString(36).slice(2, 10)}`;
		repository = path.join(workspace, relative);
		await fs.mkdir(repository);
		execFileSync('git', ['init', '-q', repository]);
		await fs.writeFile(path.join(repository, '.gitignore'), '.env\n');
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await removeProfiles(added.splice(0));
		await testing.variableFilesSettled();
		await fs.rm(repository, { recursive: true, force: true });
	});

	suiteTeardown(async () => {
		await emulator.close();
	});

	/** A profile on the emulator whose variable file is .env of this test's repository, signed in. */
	async function signedIn(name: string, variableFile: Record<string, unknown> = { file: `${relative}/.env` }): Promise<TestProfile> {
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		profile.raw.variableFile = variableFile;
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
		await testing.variableFilesSettled();
		return profile;
	}

	const envPath = () => path.join(repository, '.env');
	const readEnv = () => fs.readFile(envPath(), 'utf8');

	test('the access token is kept in the ignored .env across sign-in and a refresh, other lines intact (CRLF), and removed at sign-out', async () => {
		const before = '# kept as it is\r\nDATABASE_URL="postgres://localhost/dev"\r\nLAST=1';
		await fs.writeFile(envPath(), before);
		const logFrom = testing.logLines().length;
		await signedIn('vf-cycle');
		const first = await testing.accessToken('vf-cycle');
		assertSameSecretText(await readEnv(), `${before}\r\nLWA_ACCESS_TOKEN="${first}"\r\n`, 'after sign-in');
		assert.equal(((await fs.stat(envPath())).mode & 0o777), 0o600, 'the file is 0600 after the write');

		// An hour later the token is stale: the next use refreshes it at the emulator, and the file follows.
		testing.advanceClock(3_600_000);
		const second = await testing.accessToken('vf-cycle');
		assert.ok(second !== first, 'the refresh brought a new access token');
		await testing.variableFilesSettled();
		assertSameSecretText(await readEnv(), `${before}\r\nLWA_ACCESS_TOKEN="${second}"\r\n`, 'after the refresh');

		await vscode.commands.executeCommand('lwa.signOut', { profile: 'vf-cycle', removeClientSecret: false });
		await testing.variableFilesSettled();
		assert.ok(await readEnv() === `${before}\r\n`, 'sign-out removed the line and kept the rest (not shown: it could hold a token)');

		const lines = testing.logLines().slice(logFrom);
		assert.ok(lines.some((line) => line.includes(`Wrote the access token of profile "vf-cycle" to ${relative}/.env as LWA_ACCESS_TOKEN.`)), 'each hand-out is logged with the profile and file');
		assert.ok(lines.some((line) => line.includes(`Removed LWA_ACCESS_TOKEN (profile "vf-cycle") from ${relative}/.env.`)));
		assert.ok(!lines.some((line) => line.includes(first) || line.includes(second)), 'no log line holds a token');
	});

	test('a tracked .env is never written, even when .gitignore lists it; the user is told why', async () => {
		await fs.writeFile(envPath(), 'A=1\n');
		execFileSync('git', ['add', '-f', '.env'], { cwd: repository });
		const from = testing.notices().length;
		await signedIn('vf-tracked');
		assert.ok(await readEnv() === 'A=1\n', 'the tracked file is unchanged (not shown: it could hold a token)');
		assert.ok(noticesSince(testing, from).some((notice) => notice.includes('is tracked by git')), noticesSince(testing, from).join('\n'));
	});

	test('a .env that is a symbolic link is refused and its target left alone', async () => {
		const target = path.join(workspace, `${relative}-target.txt`);
		await fs.writeFile(target, 'precious\n');
		try {
			await fs.symlink(target, envPath());
			const from = testing.notices().length;
			await signedIn('vf-symlink');
			assert.ok(await fs.readFile(target, 'utf8') === 'precious\n', 'the link\'s target is unchanged (not shown: it could hold a token)');
			assert.ok(noticesSince(testing, from).some((notice) => notice.includes('is a symbolic link')), noticesSince(testing, from).join('\n'));
		} finally {
			await fs.rm(target, { force: true });
		}
	});

	test('a .env open with unsaved edits is skipped and the user told; the unsaved edits and the file on disk stay as they were', async () => {
		await fs.writeFile(envPath(), 'A=1\n');
		// The edits must stay unsaved for the length of the test, whatever the editor's auto save says.
		const files = vscode.workspace.getConfiguration('files');
		const autoSave = files.inspect('autoSave')?.globalValue;
		await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(envPath()));
		const editor = await vscode.window.showTextDocument(document);
		await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), 'B=2\n'));
		assert.equal(document.isDirty, true);
		const from = testing.notices().length;
		await signedIn('vf-dirty');
		// Compared without printing: a failure must not show a token.
		assert.ok(await readEnv() === 'A=1\n', `the file on disk was not written (auto save was ${String(autoSave)})`);
		assert.ok(document.getText() === 'A=1\nB=2\n', 'the unsaved edits are kept');
		assert.ok(noticesSince(testing, from).some((notice) => notice.includes('has unsaved changes')), noticesSince(testing, from).join('\n'));
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
	});

	test('a file git does not ignore is not written, and Add to .gitignore is offered', async () => {
		await fs.writeFile(path.join(repository, '.gitignore'), '');
		const from = testing.notices().length;
		await signedIn('vf-unignored');
		await assert.rejects(fs.stat(envPath()), 'no file was created');
		const notice = testing.notices().slice(from).find((entry) => entry.text.includes('does not ignore'));
		assert.ok(notice, noticesSince(testing, from).join('\n'));
		assert.deepEqual(notice.actions, ['Add to .gitignore']);
	});

	test('two profiles naming the same file and variable are both refused, and the token written before the clash is removed', async () => {
		const from = testing.notices().length;
		await signedIn('vf-first');
		await signedIn('vf-second');
		await testing.variableFilesSettled();
		assert.ok(await readEnv() === '', 'the first profile\'s token, written before the clash, was taken out (not shown: it could hold a token)');
		assert.ok(noticesSince(testing, from).some((notice) => notice.includes('"vf-first", "vf-second"')), noticesSince(testing, from).join('\n'));
	});

	test('New API Request writes the .env reference instead of a token for a profile with a variable file', async () => {
		await signedIn('vf-reference');
		const token = await testing.accessToken('vf-reference');
		const result = await vscode.commands.executeCommand<{ uri: string } | undefined>('lwa.newApiRequest', { profile: 'vf-reference' });
		assert.ok(result);
		const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === result.uri);
		assert.ok(document);
		assert.ok(document.getText().includes('@accessToken = {{$dotenv LWA_ACCESS_TOKEN}}'));
		assert.ok(!document.getText().includes(token), 'the document holds no token');
	});

	test('the lens over a token line the extension wrote shows the profile and life; Refresh rewrites the value without saving; Use the variable file writes the reference', async () => {
		await signedIn('vf-lens');
		const untitled = await vscode.commands.executeCommand<{ uri: string } | undefined>('lwa.newApiRequest', { profile: 'vf-lens', tokenIn: 'document' });
		assert.ok(untitled);
		const written = vscode.workspace.textDocuments.find((open) => open.uri.toString() === untitled.uri);
		assert.ok(written);
		const first = await testing.accessToken('vf-lens');
		assert.ok(written.getText().includes(`@accessToken = ${first}`));
		// The same text saved as a file: a file: document, whose token the extension wrote.
		const httpPath = path.join(repository, 'requests.http');
		await fs.writeFile(httpPath, written.getText());
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(httpPath));
		await vscode.window.showTextDocument(document);
		const tokenLine = document.getText().split('\n').findIndex((line) => line.startsWith('@accessToken = '));

		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
		const ours = lenses.filter((lens) => lens.range.start.line === tokenLine);
		assert.deepEqual(ours.map((lens) => lens.command?.title.replace(/\d+m$/, 'Nm')), ['$(key) LWA "vf-lens": Nm', 'Refresh', 'Use the variable file']);
		assert.match(ours[0].command?.title ?? '', /: (59|60)m$/);
		// Half an hour later (the extension's clock), the lens shows the half hour left.
		testing.advanceClock(30 * 60_000);
		const later = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
		assert.match(later.find((lens) => lens.range.start.line === tokenLine)?.command?.title ?? '', /: (29|30)m$/);

		const refreshed = await vscode.commands.executeCommand<{ profile: string } | undefined>('lwa.tokenLens.refresh', ...(ours[1].command?.arguments ?? []));
		assert.equal(refreshed?.profile, 'vf-lens');
		const second = await testing.accessToken('vf-lens');
		assert.ok(second !== first, 'Refresh brought a newer token than the line held');
		assert.ok(document.getText().includes(`@accessToken = ${second}`), 'the line holds the new token');
		assert.equal(document.isDirty, true, 'the document was changed, not saved');
		assert.ok((await fs.readFile(httpPath, 'utf8')).includes(`@accessToken = ${first}`), 'the file on disk still holds what was saved');

		const again = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
		const lens = again.find((entry) => entry.range.start.line === tokenLine && entry.command?.command === 'lwa.tokenLens.useVariableFile');
		assert.ok(lens, 'the new token is recognised too');
		await vscode.commands.executeCommand('lwa.tokenLens.useVariableFile', ...(lens.command?.arguments ?? []));
		assert.ok(document.lineAt(tokenLine).text === '@accessToken = {{$dotenv LWA_ACCESS_TOKEN}}', 'the line holds the reference (not shown: it could hold a token)');
		assert.ok(!document.getText().includes(second));
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('a Refresh into a file with auto save on says once that the editor saves the token there, offering Use the Variable File; with auto save off it says nothing', async () => {
		const files = vscode.workspace.getConfiguration('files');
		const autoSave = files.inspect('autoSave')?.globalValue;
		const autoSaveDelay = files.inspect('autoSaveDelay')?.globalValue;
		await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
		try {
			await signedIn('vf-autosave');
			const untitled = await vscode.commands.executeCommand<{ uri: string } | undefined>('lwa.newApiRequest', { profile: 'vf-autosave', tokenIn: 'document' });
			const written = vscode.workspace.textDocuments.find((open) => open.uri.toString() === untitled?.uri);
			assert.ok(written);
			const httpPath = path.join(repository, 'autosave.http');
			await fs.writeFile(httpPath, written.getText());
			const document = await vscode.workspace.openTextDocument(vscode.Uri.file(httpPath));
			await vscode.window.showTextDocument(document);
			const refreshThroughLens = async (): Promise<void> => {
				const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
				const refresh = lenses.find((lens) => lens.command?.command === 'lwa.tokenLens.refresh');
				assert.ok(refresh, 'a Refresh lens over the token line');
				assert.ok(await vscode.commands.executeCommand('lwa.tokenLens.refresh', ...(refresh.command?.arguments ?? [])), 'the lens refreshed');
			};
			const autoSaveNotices = (from: number) => noticesSince(testing, from).filter((notice) => notice.includes('Auto save is on'));

			let from = testing.notices().length;
			await refreshThroughLens();
			assert.deepEqual(autoSaveNotices(from), [], 'auto save off: nothing to say');

			// On, with a delay longer than the test, so that nothing is saved meanwhile.
			await files.update('autoSaveDelay', 3_600_000, vscode.ConfigurationTarget.Global);
			await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
			from = testing.notices().length;
			await refreshThroughLens();
			await refreshThroughLens();
			const told = testing.notices().slice(from).filter((notice) => notice.text.includes('Auto save is on'));
			assert.equal(told.length, 1, 'said once for the document');
			assert.ok(told[0].text.includes(`${relative}/autosave.http`), told[0].text);
			assert.deepEqual(told[0].actions, ['Use the Variable File']);
			assert.equal(document.isDirty, true, 'the lens itself saved nothing');
			await vscode.commands.executeCommand('workbench.action.files.revert');
		} finally {
			await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
			await files.update('autoSaveDelay', autoSaveDelay, vscode.ConfigurationTarget.Global);
		}
	});

	test('a token-shaped line the extension did not write gets no lens', async () => {
		// The lens provider is one of the features: loaded, it answers for every .http document.
		await testing.variableFilesSettled();
		const document = await vscode.workspace.openTextDocument({ language: 'http', content: '@accessToken = Atza|IwEBInot-one-of-ours\nGET https://example.com\nAuthorization: Bearer Atza|IwEBIalso-not-ours\n' });
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
		assert.deepEqual(lenses.filter((lens) => lens.command?.command?.startsWith('lwa.') || lens.command?.title.includes('LWA')), []);
	});
});
