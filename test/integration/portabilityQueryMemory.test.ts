// "LWA: Fetch Data Portability Records" in the real extension host: the query ids it creates are kept
// in globalState (ids only, nothing secret), and Amazon's conflict answer, which names no query, is
// met by continuing the remembered query; and the warning for a download folder inside a git
// repository that does not ignore it, against real repositories made with `git init`.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import { INTAKE_HOSTS } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { FetchRecordsSummary } from '../../src/vscode/portability/fetchRecords';
import { addProfile, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, signInWithLoopback, startEmulator } from './support/lwaTestKit';

const SCOPE = 'portability-customer-profile';
const MEMORY_KEY = 'lwa.dataPortability.queries';
const GIT_WARNING = 'which does not ignore it';

interface RememberedQuery {
	profile: string;
	scopeId: string;
	queryId: string;
}

suite('Fetch Data Portability Records: remembered queries and git', () => {
	let testing: LwaTestingApi;
	const emulators: LwaEmulator[] = [];
	const added: string[] = [];
	const folders: string[] = [];

	async function signedInProfile(name: string): Promise<LwaEmulator> {
		const emulator = await startEmulator({ dataPortability: { recordsPerQuery: 2, dataFileBytes: 5000, recordDelayMs: 0 } });
		emulators.push(emulator);
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes: ['profile', 'portability::customer_profile'] });
		profile.raw.endpoints = { ...(profile.raw.endpoints as Record<string, string>), dataPortability: emulator.dataPortability.endpoints[INTAKE_HOSTS[1]] };
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
		return emulator;
	}

	async function newFolder(): Promise<string> {
		const folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-queries-')));
		folders.push(folder);
		return folder;
	}

	function fetchRecords(arg: Record<string, unknown>): Thenable<FetchRecordsSummary | undefined> {
		return vscode.commands.executeCommand<FetchRecordsSummary | undefined>('lwa.fetchDataPortabilityRecords', { scopeIds: [SCOPE], ...arg });
	}

	function remembered(profile: string): RememberedQuery[] {
		const value = testing.globalState()[MEMORY_KEY];
		return (Array.isArray(value) ? value as RememberedQuery[] : []).filter((entry) => entry.profile === profile);
	}

	async function assertServedFiles(emulator: LwaEmulator, summary: FetchRecordsSummary): Promise<void> {
		for (const file of summary.files) {
			const [, queryId, name] = file.file.split('/');
			const match = /^record-(\d+)\.(schema|data)\./.exec(name)!;
			const bytes = await fs.readFile(path.join(summary.folder!, ...file.file.split('/')));
			assert.equal(createHash('sha256').update(bytes).digest('hex'), emulator.dataPortability.fileSha256({ queryId, record: Number(match[1]), kind: match[2] as 'schema' | 'data' }), file.file);
		}
	}

	/** A repository made by `git init` in a new folder; `ignore` lines go into its .gitignore. */
	async function gitRepository(ignore: string[]): Promise<string> {
		const root = await newFolder();
		execFileSync('git', ['init', '-q', root]);
		await fs.writeFile(path.join(root, '.gitignore'), ignore.map((line) => `${line}\n`).join(''));
		return root;
	}

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
	});

	suiteTeardown(async () => {
		await removeProfiles(added);
		for (const emulator of emulators) {
			await emulator.close();
		}
		for (const folder of folders) {
			await fs.rm(folder, { recursive: true, force: true });
		}
	});

	test('the id of a created query is kept in globalState with its profile and scope id, and globalState holds no token or link', async () => {
		const emulator = await signedInProfile('adp-memory');
		const summary = await fetchRecords({ profile: 'adp-memory', targetFolder: await newFolder() });
		assert.equal(summary?.outcome, 'complete', `${summary?.errorCode}/${summary?.errorReason}`);
		const created = emulator.dataPortability.queryIds(SCOPE);
		assert.equal(created.length, 1);
		assert.deepEqual(remembered('adp-memory').map(({ profile, scopeId, queryId }) => ({ profile, scopeId, queryId })), [{ profile: 'adp-memory', scopeId: SCOPE, queryId: created[0] }]);
		const everything = JSON.stringify(testing.globalState());
		const token = await testing.accessToken('adp-memory');
		assert.ok(!everything.includes(token), 'no access token in globalState');
		assert.doesNotMatch(everything, /Atz[ar]\||Bearer|X-Amz-Signature|X-Amz-Credential/, 'no token and no presigned link in globalState');
	});

	test('after the emulator\'s conflict answer, "continue the running query" downloads the remembered query instead of starting another', async () => {
		const emulator = await signedInProfile('adp-continue');
		// A query counts as running for an hour after its records appeared: a second createDataQuery conflicts.
		emulator.dataPortability.options.runningAfterReadyMs = 3_600_000;
		const first = await fetchRecords({ profile: 'adp-continue', targetFolder: await newFolder() });
		assert.equal(first?.outcome, 'complete');
		const queryId = first.scopes[0].queryId;
		const second = await fetchRecords({ profile: 'adp-continue', targetFolder: await newFolder(), onConflict: 'continue' });
		assert.ok(second);
		assert.equal(second.outcome, 'complete', `${second.errorCode}/${second.errorReason}`);
		const stats = emulator.dataPortability.stats();
		assert.deepEqual({ created: stats.created, conflicts: stats.conflicts, continued: second.scopes[0].queryId }, { created: 1, conflicts: 1, continued: queryId });
		assert.equal(second.files.length, 4, 'both records of the running query, two files each');
		await assertServedFiles(emulator, second);
		assert.ok(testing.logLines().some((line) => line.includes(`continuing query ${queryId}`)));
	});

	test('choosing not to continue stops with the conflict, names the remembered query and downloads nothing', async () => {
		const emulator = await signedInProfile('adp-stop');
		emulator.dataPortability.options.runningAfterReadyMs = 3_600_000;
		const first = await fetchRecords({ profile: 'adp-stop', targetFolder: await newFolder() });
		const before = testing.notices().length;
		const second = await fetchRecords({ profile: 'adp-stop', targetFolder: await newFolder(), onConflict: 'stop' });
		assert.deepEqual({ outcome: second?.outcome, reason: second?.errorReason, files: second?.files.length }, { outcome: 'failed', reason: 'query_conflict', files: 0 });
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes(`(query ${first!.scopes[0].queryId}), and it was not continued`)), notices.join('\n'));
	});

	test('a conflict with a query this editor did not create (none remembered) fails without offering to continue', async () => {
		const emulator = await signedInProfile('adp-foreign');
		emulator.dataPortability.options.runningAfterReadyMs = 3_600_000;
		// Another client of the same app started a query with the same token.
		const response = await fetch(`${emulator.dataPortability.endpoints[INTAKE_HOSTS[1]]}/${SCOPE}/data-queries`, { method: 'POST', headers: { authorization: `Bearer ${await testing.accessToken('adp-foreign')}` } });
		assert.equal(response.status, 201);
		const before = testing.notices().length;
		const summary = await fetchRecords({ profile: 'adp-foreign', targetFolder: await newFolder(), onConflict: 'continue' });
		assert.deepEqual({ outcome: summary?.outcome, reason: summary?.errorReason, files: summary?.files.length, remembered: remembered('adp-foreign').length }, { outcome: 'failed', reason: 'query_conflict', files: 0, remembered: 0 });
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('this editor did not start it')));
	});

	test('a folder inside a git repository that does not ignore it gets the warning before the download', async () => {
		await signedInProfile('adp-git-tracked');
		const root = await gitRepository(['node_modules/']);
		const target = path.join(root, 'exports');
		await fs.mkdir(target);
		const before = testing.notices().length;
		const summary = await fetchRecords({ profile: 'adp-git-tracked', targetFolder: target });
		assert.equal(summary?.outcome, 'complete');
		const warnings = noticesSince(testing, before).filter((notice) => notice.includes(GIT_WARNING));
		assert.equal(warnings.length, 1, 'one warning');
		assert.ok(warnings[0].startsWith('warning:') && warnings[0].includes(target) && warnings[0].includes(root) && warnings[0].includes('personal data'), warnings[0]);
	});

	test('a folder that the repository ignores, or one in no repository, gets no git warning', async () => {
		await signedInProfile('adp-git-ignored');
		const root = await gitRepository(['exports/']);
		const ignored = path.join(root, 'exports', '2025');
		await fs.mkdir(ignored, { recursive: true });
		const before = testing.notices().length;
		assert.equal((await fetchRecords({ profile: 'adp-git-ignored', targetFolder: ignored }))?.outcome, 'complete');
		assert.equal((await fetchRecords({ profile: 'adp-git-ignored', targetFolder: await newFolder() }))?.outcome, 'complete');
		const notices = noticesSince(testing, before);
		assert.ok(!notices.some((notice) => notice.includes(GIT_WARNING) || notice.includes('git repository')), notices.join('\n'));
		assert.equal(notices.filter((notice) => notice.includes('Fetched 2 records')).length, 2, 'both runs summed up (the events the absence is read after)');
	});
});
