// Figure 6: a Data Portability download of 1,000 records through the extension's core (runTransfer
// over createUndiciHttpClient's streamed download, files written under a temporary name and linked
// into place) against the emulator's intake, with the time and the peak memory of the downloading
// process set against the sum of the file sizes; and the same with 10x larger files and with 10x fewer
// records, to show that memory grows neither with the size nor with the number of files.
//
// Each run is a fresh Node process (`node --expose-gc portabilityDownload.js --run <records> <bytes>`),
// so no run inherits another's heap or allocator; its emulator runs in a process of its own
// (portabilityEmulatorProcess.ts), so the files it generates do not count. Memory is sampled every
// 10 ms during the run (rss, heapUsed, external and arrayBuffers of process.memoryUsage()) after three
// forced GCs; the kernel's own peak (resourceUsage().maxRSS) is read at the end.
import * as childProcess from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import * as vm from 'node:vm';
import * as v8 from 'node:v8';
import { createUndiciHttpClient } from '../../src/core/http/undiciHttpClient';
import { LwaError } from '../../src/core/lwa/errors';
import type { Logger } from '../../src/core/ports';
import { DataPortabilityApi } from '../../src/core/portability/api';
import { runTransfer } from '../../src/core/portability/transfer';

/** What one run measured. Bytes throughout. */
export interface DownloadRun {
	records: number;
	dataFileBytes: number;
	files: number;
	/** The sum of the file sizes written (schema and data files). */
	bytes: number;
	ms: number;
	baselineRss: number;
	/** Highest sampled rss minus the baseline. */
	rssGrowth: number;
	/** The kernel's peak resident set of the process (start-up included). */
	maxRss: number;
	/** Highest sampled heapUsed + external minus the baseline's. */
	heapGrowth: number;
	samples: number;
}

export interface DownloadFigures {
	/** 1,000 records of the base size. */
	base: DownloadRun;
	/** The same number of records, files 10x larger. */
	largerFiles: DownloadRun;
	/** 10x fewer records of the base size. */
	fewerRecords: DownloadRun;
}

const SCOPE = 'portability-customer-profile';
const RUN_FLAG = '--run';

const silent: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(new LwaError('cancelled'));
			return;
		}
		setTimeout(resolve, ms);
	});
}

function collectGarbage(): void {
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as () => void;
	for (let round = 0; round < 3; round++) {
		gc();
	}
}

/** Starts the emulator process; resolves with its intake URL and token once it has signed in. */
async function startEmulator(records: number, dataFileBytes: number): Promise<{ child: childProcess.ChildProcess; baseUrl: string; accessToken: string }> {
	const child = childProcess.spawn(process.execPath, [path.join(__dirname, 'portabilityEmulatorProcess.js'), String(records), String(dataFileBytes)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = readline.createInterface({ input: child.stdout! });
	const first = await new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the emulator process exited with code ${String(code)}`)));
	});
	lines.close();
	const { baseUrl, accessToken } = JSON.parse(first) as { baseUrl: string; accessToken: string };
	return { child, baseUrl, accessToken };
}

/** One measured download, in this process (the child side of measurePortabilityDownloads). */
async function measuredRun(records: number, dataFileBytes: number): Promise<DownloadRun> {
	const emulator = await startEmulator(records, dataFileBytes);
	const http = createUndiciHttpClient();
	const target = await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-bench-adp-'));
	try {
		collectGarbage();
		const baseline = process.memoryUsage();
		let peakRss = baseline.rss;
		let peakHeap = baseline.heapUsed + baseline.external;
		let samples = 0;
		const sample = (): void => {
			const now = process.memoryUsage();
			peakRss = Math.max(peakRss, now.rss);
			peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
			samples++;
		};
		const sampler = setInterval(sample, 10);
		const started = performance.now();
		const remembered = new Map<string, string>();
		const result = await runTransfer({
			api: new DataPortabilityApi({ http, clock: { now: Date.now }, logger: silent, sleep }),
			downloader: http, clock: { now: Date.now }, logger: silent, sleep,
		}, {
			target: { baseUrl: emulator.baseUrl, accessToken: async () => emulator.accessToken },
			scopeIds: [SCOPE], targetFolder: target,
			limits: { maxFileBytes: 1024 * 1024 * 1024, maxRunBytes: 1024 * 1024 * 1024 * 1024, waitForRecordsMs: 60_000, pageSize: 100 },
			queries: { lastQueryId: (scope) => remembered.get(scope), remember: async (scope, id) => { remembered.set(scope, id); } },
			continueRunningQuery: async () => false,
		});
		const ms = performance.now() - started;
		sample();
		clearInterval(sampler);
		if (result.outcome !== 'complete') {
			throw new Error(`the download ended ${result.outcome}: ${result.error instanceof LwaError ? `${result.error.code}/${result.error.reason ?? ''}` : String(result.error)}`);
		}
		const dataFiles = result.files.filter((file) => file.kind === 'data');
		if (result.files.length !== 2 * records || dataFiles.some((file) => file.bytes !== dataFileBytes)) {
			throw new Error(`expected ${2 * records} files with data files of ${dataFileBytes} bytes, got ${result.files.length}`);
		}
		// A spot check that the bytes on disk are the ones whose hash the transfer recorded.
		const last = result.files[result.files.length - 1];
		const onDisk = createHash('sha256').update(await fs.readFile(path.join(result.folder!, ...last.file.split('/')))).digest('hex');
		if (onDisk !== last.sha256) {
			throw new Error(`${last.file} on disk differs from what was downloaded`);
		}
		return {
			records, dataFileBytes, files: result.files.length, bytes: result.bytes, ms,
			baselineRss: baseline.rss, rssGrowth: peakRss - baseline.rss, maxRss: process.resourceUsage().maxRSS * 1024,
			heapGrowth: peakHeap - (baseline.heapUsed + baseline.external), samples,
		};
	} finally {
		await http.close();
		emulator.child.stdin?.end();
		await fs.rm(target, { recursive: true, force: true });
	}
}

/** Runs one download in a fresh Node process and returns what it measured. */
function runInChild(records: number, dataFileBytes: number, timeoutMs: number): DownloadRun {
	const output = childProcess.execFileSync(process.execPath, [__filename, RUN_FLAG, String(records), String(dataFileBytes)], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'inherit'] });
	return JSON.parse(output.trim().split('\n').at(-1)!) as DownloadRun;
}

/** Figure 6: the three runs, each in a fresh process, the base run first. */
export function measurePortabilityDownloads(records: number, dataFileBytes: number): DownloadFigures {
	const base = runInChild(records, dataFileBytes, 600_000);
	const largerFiles = runInChild(records, dataFileBytes * 10, 1_200_000);
	const fewerRecords = runInChild(Math.max(1, Math.round(records / 10)), dataFileBytes, 600_000);
	return { base, largerFiles, fewerRecords };
}

const MB = 1024 * 1024;

function mb(bytes: number): string {
	return `${(bytes / MB).toFixed(1)} MB`;
}

function ratio(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

function runName(run: DownloadRun): string {
	return `${run.records} records of ${(run.dataFileBytes / 1000).toFixed(0)} kB`;
}

/** A row of the bench's table; `ok` is the verdict (undefined: not measured, null: no target). */
export interface DownloadRow {
	figure: string;
	value: string;
	baseline: string;
	ratio: string;
	target: string;
	ok: boolean | undefined | null;
}

/** Figure 6's rows: the base download's time and memory against the sum of its files, then the two ratios. */
export function downloadRows({ base, largerFiles, fewerRecords }: DownloadFigures, target: number): DownloadRow[] {
	const sizeRatio = largerFiles.rssGrowth / base.rssGrowth;
	const countRatio = base.rssGrowth / fewerRecords.rssGrowth;
	const memory = (run: DownloadRun): string => `peak rss +${mb(run.rssGrowth)}, heap+external +${mb(run.heapGrowth)}`;
	const verdict = (value: number): boolean | undefined => (Number.isFinite(value) ? value <= target : undefined);
	return [
		{
			figure: `6. Data Portability download, ${runName(base)} (time)`,
			value: `${(base.ms / 1000).toFixed(1)} s (${(base.bytes / MB / (base.ms / 1000)).toFixed(0)} MB/s)`, baseline: `files ${mb(base.bytes)}`, ratio: '', target: '', ok: null,
		},
		{
			figure: '6. Peak memory of that download vs the sum of the file sizes',
			value: memory(base), baseline: `files ${mb(base.bytes)}`, ratio: ratio(base.rssGrowth / base.bytes), target: '', ok: null,
		},
		{
			figure: `6. Peak memory, 10x larger files (${runName(largerFiles)}: ${mb(largerFiles.bytes)} in ${(largerFiles.ms / 1000).toFixed(1)} s)`,
			value: memory(largerFiles), baseline: `${runName(base)}: rss +${mb(base.rssGrowth)}`, ratio: ratio(sizeRatio),
			target: `<= ${target}x (no growth with file size)`, ok: verdict(sizeRatio),
		},
		{
			figure: `6. Peak memory, 10x more records (${runName(base)} vs ${fewerRecords.records})`,
			value: `rss +${mb(base.rssGrowth)}`, baseline: `${runName(fewerRecords)}: ${memory(fewerRecords)}`, ratio: ratio(countRatio),
			target: `<= ${target}x (no growth with file count)`, ok: verdict(countRatio),
		},
	];
}

/** The figure's note: every run in full. */
export function downloadNote(figures: DownloadFigures): string {
	const runs = [figures.base, figures.largerFiles, figures.fewerRecords].map((run) => `${runName(run)}: ${run.files} files, ${mb(run.bytes)} in ${(run.ms / 1000).toFixed(1)} s, rss ${mb(run.baselineRss)} + ${mb(run.rssGrowth)} at the peak (kernel maxRSS ${mb(run.maxRss)}), heap+external + ${mb(run.heapGrowth)}, ${run.samples} samples`);
	return `Data Portability downloads (core runTransfer over the undici client's streamed download, emulator in a process of its own, each run in a fresh Node process, memory sampled every 10 ms after three forced GCs; growth is over the reading before the run): ${runs.join('; ')}.`;
}

if (require.main === module && process.argv[2] === RUN_FLAG) {
	measuredRun(Number(process.argv[3]), Number(process.argv[4])).then(
		(run) => {
			process.stdout.write(`${JSON.stringify(run)}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			console.error(`[bench] Data Portability download: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		},
	);
}
