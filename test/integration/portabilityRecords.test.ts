// "LWA: Fetch Data Portability Records" in the real extension host against the emulator: sign in,
// run the command with a test-only target folder, and find on disk exactly what the emulator served;
// a 429 and an expired link are recovered; a cancellation leaves no partial file.
import * as assert from 'node:assert/strict';
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

suite('Fetch Data Portability Records', () => {
	let testing: LwaTestingApi;
	const emulators: LwaEmulator[] = [];
	const added: string[] = [];
	const folders: string[] = [];

	async function signedInProfile(name: string): Promise<LwaEmulator> {
		const emulator = await startEmulator({ dataPortability: { recordsPerQuery: 4, dataFileBytes: 300_000, recordDelayMs: 0 } });
		emulators.push(emulator);
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes: ['profile', 'portability::customer_profile'] });
		profile.raw.region = 'EU';
		profile.raw.endpoints = { ...(profile.raw.endpoints as Record<string, string>), dataPortability: emulator.dataPortability.endpoints[INTAKE_HOSTS[0]] };
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
		return emulator;
	}

	async function newFolder(): Promise<string> {
		const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-records-'));
		folders.push(folder);
		return folder;
	}

	function fetchRecords(arg: Record<string, unknown>): Thenable<FetchRecordsSummary | undefined> {
		return vscode.commands.executeCommand<FetchRecordsSummary | undefined>('lwa.fetchDataPortabilityRecords', { scopeIds: [SCOPE], onConflict: 'continue', ...arg });
	}

	async function filesOnDisk(folder: string): Promise<string[]> {
		const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
		return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')).sort();
	}

	async function assertServedFiles(emulator: LwaEmulator, summary: FetchRecordsSummary): Promise<void> {
		for (const file of summary.files) {
			const [, queryId, name] = file.file.split('/');
			const match = /^record-(\d+)\.(schema|data)\./.exec(name);
			assert.ok(match, file.file);
			const bytes = await fs.readFile(path.join(summary.folder!, ...file.file.split('/')));
			assert.equal(createHash('sha256').update(bytes).digest('hex'), emulator.dataPortability.fileSha256({ queryId, record: Number(match[1]), kind: match[2] as 'schema' | 'data' }), `${file.file} is what the emulator served`);
		}
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

	test('downloads every record\'s schema and data file into a per-run folder, as the emulator served them, and says where', async () => {
		const emulator = await signedInProfile('adp-records');
		const target = await newFolder();
		const before = testing.notices().length;
		const summary = await fetchRecords({ profile: 'adp-records', targetFolder: target });
		assert.ok(summary, 'the command resolves to a summary');
		assert.equal(summary.outcome, 'complete', `${summary.errorCode}/${summary.errorReason}`);
		assert.equal(path.dirname(summary.folder!), target, 'a run folder inside the chosen folder');
		assert.deepEqual(await filesOnDisk(summary.folder!), [...summary.files.map((file) => file.file), 'transfer.json'].sort());
		assert.equal(summary.files.length, 8, 'four records, two files each');
		await assertServedFiles(emulator, summary);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes('Fetched 4 records of 1 scopes') && notice.includes(summary.folder!)), notices.join('\n'));
		assert.ok(!testing.logLines().some((line) => line.includes('X-Amz-Signature')), 'no presigned link in the log');
	});

	test('recovers from a 429 (waiting as Retry-After says) and from links that expired mid-run by listing the records again', async () => {
		const emulator = await signedInProfile('adp-recover');
		emulator.dataPortability.throttleNext(1, 0);
		emulator.dataPortability.stallDownloads(1);
		void emulator.dataPortability.nextStall().then(() => {
			emulator.dataPortability.expireIssuedLinks();
			emulator.dataPortability.releaseStalls();
		});
		const summary = await fetchRecords({ profile: 'adp-recover', targetFolder: await newFolder() });
		assert.ok(summary);
		assert.equal(summary.outcome, 'complete', `${summary.errorCode}/${summary.errorReason}`);
		const stats = emulator.dataPortability.stats();
		assert.deepEqual({ throttled: stats.throttled, expiredLinksRefused: stats.expiredLinks > 0, files: summary.files.length }, { throttled: 1, expiredLinksRefused: true, files: 8 });
		await assertServedFiles(emulator, summary);
	});

	test('a cancellation while a file is half written leaves only complete files and says which they are', async () => {
		const emulator = await signedInProfile('adp-cancel');
		const cancellation = new vscode.CancellationTokenSource();
		emulator.dataPortability.stallDownloads(1);
		void emulator.dataPortability.nextStall().then(() => cancellation.cancel());
		const before = testing.notices().length;
		const summary = await fetchRecords({ profile: 'adp-cancel', targetFolder: await newFolder(), cancellation: cancellation.token });
		assert.ok(summary);
		assert.equal(summary.outcome, 'cancelled');
		const onDisk = await filesOnDisk(summary.folder!);
		assert.deepEqual(onDisk, [...summary.files.map((file) => file.file), 'transfer.json'].sort(), 'no partial or temporary file');
		assert.ok(onDisk.every((name) => !name.endsWith('.part')));
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('was cancelled') && notice.includes('no partial file was kept')));
	});
});
