// A whole run against the emulator over real HTTP and a real folder: what arrives on disk is what the
// emulator served; polling, paging, 429, expired links and a running query are recovered; cancelling,
// caps and a full disk leave only complete files, which transfer.json lists.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createUndiciHttpClient } from '../../../../src/core/http/undiciHttpClient';
import { isLwaError, LwaError } from '../../../../src/core/lwa/errors';
import { DataPortabilityApi } from '../../../../src/core/portability/api';
import type { TransferRequest, TransferResult } from '../../../../src/core/portability/transfer';
import { runTransfer, TRANSFER_MANIFEST } from '../../../../src/core/portability/transfer';
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { INTAKE_HOSTS } from '../../../../src/emulator/lwaEmulator';
import type { ManualClock } from '../../emulator/support';
import { signIn, startEmulator } from '../../emulator/support';
import { RecordingLogger } from '../support/fakes';

const SCOPE = 'portability-customer-profile';

async function filesUnder(folder: string): Promise<string[]> {
	const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
	return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')).sort();
}

describe('Data Portability transfer (against the emulator)', () => {
	let emulator: LwaEmulator;
	let clock: ManualClock;
	let token: string;
	let target: string;
	let logger: RecordingLogger;
	const http = createUndiciHttpClient({ bodyTimeoutMs: 5000 });
	const remembered = new Map<string, string>();

	beforeEach(async () => {
		({ emulator, clock } = await startEmulator({ autoApprove: true, dataPortability: { recordsPerQuery: 5, dataFileBytes: 200_000, recordDelayMs: 30_000 } }));
		token = (await signIn(emulator, 'profile portability::customer_profile')).access_token;
		target = await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-transfer-'));
		logger = new RecordingLogger();
		remembered.clear();
	});
	afterEach(async () => {
		await emulator.close();
		await fs.rm(target, { recursive: true, force: true });
	});
	after(() => http.close());

	function run(overrides: Partial<TransferRequest> = {}, extra: { freeSpace?: (folder: string) => Promise<number | undefined>; sleeps?: number[] } = {}): Promise<TransferResult> {
		const api = new DataPortabilityApi({ http, clock: { now: clock.now }, logger, sleep: async (ms) => { extra.sleeps?.push(ms); clock.current += ms; }, baseDelayMs: 1000 });
		return runTransfer({
			api, downloader: http, clock: { now: clock.now }, logger,
			sleep: async (ms, signal) => {
				if (signal?.aborted) {
					throw new LwaError('cancelled');
				}
				extra.sleeps?.push(ms);
				clock.current += ms;
			},
			...(extra.freeSpace ? { freeSpace: extra.freeSpace } : {}),
		}, {
			target: { baseUrl: emulator.dataPortability.endpoints[INTAKE_HOSTS[0]], accessToken: async () => token },
			scopeIds: [SCOPE], targetFolder: target,
			limits: { maxFileBytes: 1_000_000, maxRunBytes: 100_000_000, waitForRecordsMs: 600_000, pageSize: 2, reserveBytes: 0 },
			queries: { lastQueryId: (scope) => remembered.get(scope), remember: async (scope, id) => { remembered.set(scope, id); } },
			continueRunningQuery: async () => true,
			...overrides,
		});
	}

	async function assertMatchesEmulator(result: TransferResult): Promise<void> {
		for (const file of result.files) {
			const bytes = await fs.readFile(path.join(result.folder!, ...file.file.split('/')));
			assert.equal(createHash('sha256').update(bytes).digest('hex'), emulator.dataPortability.fileSha256({ queryId: file.queryId, record: file.record, kind: file.kind }), file.file);
		}
	}

	it('polls until the records appear, pages through them, and writes every schema and data file as served, 0600, with transfer.json listing them', async () => {
		const sleeps: number[] = [];
		const result = await run({}, { sleeps });
		assert.equal(result.outcome, 'complete', String(result.error));
		const queryId = result.scopes[0].queryId!;
		assert.deepEqual(await filesUnder(result.folder!), [
			...[1, 2, 3, 4, 5].flatMap((n) => [`${SCOPE}/${queryId}/record-0000${n}.data.csv`, `${SCOPE}/${queryId}/record-0000${n}.schema.json`]), TRANSFER_MANIFEST,
		].sort());
		await assertMatchesEmulator(result);
		assert.deepEqual({ sleeps: sleeps.slice(0, 3), bytes: result.bytes > 5 * 200_000, remembered: remembered.get(SCOPE) }, { sleeps: [2000, 4000, 8000], bytes: true, remembered: queryId });
		const manifest = JSON.parse(await fs.readFile(path.join(result.folder!, TRANSFER_MANIFEST), 'utf8')) as { outcome: string; files: unknown[] };
		assert.deepEqual([manifest.outcome, manifest.files.length], ['complete', 10]);
		if (process.platform !== 'win32') {
			const modes = await Promise.all(result.files.map(async (file) => (await fs.stat(path.join(result.folder!, ...file.file.split('/')))).mode & 0o777));
			assert.deepEqual(new Set(modes), new Set([0o600]));
		}
		assert.ok(!logger.text.includes('X-Amz-Signature') && !logger.text.includes(token), 'no link or token in the log');
	});

	it('waits out 429s with their Retry-After and lists again when a link has expired, then completes', async () => {
		clock.advanceSeconds(0);
		emulator.dataPortability.options.recordDelayMs = 0;
		emulator.dataPortability.throttleNext(2, 4);
		const sleeps: number[] = [];
		let expired = false;
		const result = await run({ onProgress: (progress) => {
			if (!expired && progress.files === 3) {
				expired = true;
				emulator.dataPortability.expireIssuedLinks();
			}
		} }, { sleeps });
		assert.equal(result.outcome, 'complete', String(result.error));
		assert.deepEqual({ files: result.files.length, retryAfter: sleeps.slice(0, 2), expiredLinks: emulator.dataPortability.stats().expiredLinks >= 1 }, { files: 10, retryAfter: [4000, 4000], expiredLinks: true });
		await assertMatchesEmulator(result);
	});

	it('continues the remembered running query on a conflict, and stops with query_conflict when no id is known', async () => {
		emulator.dataPortability.options.runningAfterReadyMs = 3_600_000;
		const first = await run();
		const second = await run();
		assert.deepEqual([second.outcome, second.scopes[0].queryId, emulator.dataPortability.queryIds(SCOPE).length], ['complete', first.scopes[0].queryId, 1]);
		remembered.clear();
		const third = await run();
		assert.ok(third.outcome === 'failed' && isLwaError(third.error, 'data_portability') && third.error.reason === 'query_conflict' && third.error.facts.queryId === undefined);
	});

	it('a cancellation while a file is half written leaves only the complete files, and says which they are', async () => {
		emulator.dataPortability.options.recordDelayMs = 0;
		emulator.dataPortability.stallDownloads(0);
		const controller = new AbortController();
		let stalled = false;
		const running = run({
			target: { baseUrl: emulator.dataPortability.endpoints[INTAKE_HOSTS[0]], accessToken: async () => token, signal: controller.signal },
			onProgress: (progress) => {
				if (!stalled && progress.files === 2) {
					stalled = true;
					emulator.dataPortability.stallDownloads(1);
					void emulator.dataPortability.nextStall().then(() => controller.abort());
				}
			},
		});
		const result = await running;
		assert.equal(result.outcome, 'cancelled');
		const onDisk = await filesUnder(result.folder!);
		assert.deepEqual(onDisk, [...result.files.map((file) => file.file), TRANSFER_MANIFEST].sort(), 'only complete files and the manifest; no .part file');
		assert.equal(result.files.length, 2);
		await assertMatchesEmulator(result);
		const manifest = JSON.parse(await fs.readFile(path.join(result.folder!, TRANSFER_MANIFEST), 'utf8')) as { outcome: string; files: { file: string }[] };
		assert.deepEqual([manifest.outcome, manifest.files.map((file) => file.file)], ['cancelled', result.files.map((file) => file.file)]);
	});

	it('stops at the per-file cap, the per-run cap and a full disk, leaving no partial file', async () => {
		emulator.dataPortability.options.recordDelayMs = 0;
		const perFile = await run({ limits: { maxFileBytes: 100_000, maxRunBytes: 100_000_000, waitForRecordsMs: 0, pageSize: 10, reserveBytes: 0 } });
		const perRun = await run({ scopeIds: [SCOPE], limits: { maxFileBytes: 1_000_000, maxRunBytes: 450_000, waitForRecordsMs: 0, pageSize: 10, reserveBytes: 0 } });
		const full = await run({ limits: { maxFileBytes: 1_000_000, maxRunBytes: 100_000_000, waitForRecordsMs: 0, pageSize: 10, reserveBytes: 64 * 1024 * 1024 } }, { freeSpace: async () => 1000 });
		const reasons = [perFile, perRun, full].map((result) => isLwaError(result.error) ? result.error.reason : String(result.error));
		assert.deepEqual(reasons, ['too_large', 'run_limit', 'no_space']);
		for (const result of [perFile, perRun]) {
			assert.deepEqual(await filesUnder(result.folder!), [...result.files.map((file) => file.file), TRANSFER_MANIFEST].sort());
		}
		assert.equal(full.folder, undefined, 'a full disk is found before the run folder is made');
	});
});
