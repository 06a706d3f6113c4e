// One run of "LWA: Fetch Data Portability Records": for each scope, createDataQuery (or, when a query
// of the scope is already running, the query id remembered when it was created), then the records page
// by page (polling with backoff until there are any), and each record's schema and data file streamed
// to disk before its presigned URL expires (an expired URL lists the records again). Every file is
// complete or absent; the run folder's transfer.json lists the complete ones, whatever the outcome.
import * as path from 'node:path';
import { isLwaError, LwaError } from '../lwa/errors';
import type { Clock, DownloadSink, HttpDownloader, Logger } from '../ports';
import type { ApiTarget, DataPortabilityApi, PortabilityRecord, RecordsPage, Sleep } from './api';
import { createRunFolder, createSubFolder, freeBytes, PartialFile, writeFileAtomically } from './files';
import type { RecordFileKind } from './ids';
import { dataFileExtension, recordFileName, safeScopeId } from './ids';
import { linkExpired } from './presignedUrl';

/** The caps and waits of a run (from the settings). */
export interface TransferLimits {
	maxFileBytes: number;
	maxRunBytes: number;
	/** How long to poll for the first records of a query. */
	waitForRecordsMs: number;
	/** maxResults of each listing. */
	pageSize: number;
	/** Bytes to leave free on the target's file system (default 64 MiB). */
	reserveBytes?: number;
}

/** The query ids created earlier, per scope (not secret), so a conflict can continue the running query. */
export interface QueryIdMemory {
	lastQueryId(scopeId: string): string | undefined;
	remember(scopeId: string, queryId: string): Promise<void>;
}

export interface TransferProgress {
	scopeId: string;
	/** 1-based. */
	scopeNumber: number;
	scopeCount: number;
	phase: 'creating' | 'waiting' | 'downloading';
	records: number;
	files: number;
	bytes: number;
}

/** A file that arrived whole. `file` is relative to the run folder, with '/' between parts. */
export interface CompletedFile {
	scopeId: string;
	queryId: string;
	record: number;
	kind: RecordFileKind;
	file: string;
	bytes: number;
	sha256: string;
}

export interface TransferResult {
	/** The run folder (absent when the run failed before it was made). */
	folder?: string;
	outcome: 'complete' | 'cancelled' | 'failed';
	error?: unknown;
	scopes: { scopeId: string; queryId?: string; records: number }[];
	files: CompletedFile[];
	bytes: number;
}

export interface TransferRequest {
	target: ApiTarget;
	scopeIds: readonly string[];
	targetFolder: string;
	limits: TransferLimits;
	queries: QueryIdMemory;
	/** Asked on a conflict when a query id of the scope is remembered: continue that query? */
	continueRunningQuery(scopeId: string, queryId: string): Promise<boolean>;
	onProgress?(progress: TransferProgress): void;
}

export interface TransferDeps {
	api: DataPortabilityApi;
	downloader: HttpDownloader;
	clock: Clock;
	logger: Logger;
	sleep: Sleep;
	/** Free bytes under a folder (fs.statfs by default; tests pass their own). */
	freeSpace?: (folder: string) => Promise<number | undefined>;
}

/** Times a record's links are fetched again (by listing the records) before the file fails. */
export const MAX_LINK_REFRESHES = 3;
const FIRST_POLL_MS = 2000;
const MAX_POLL_MS = 30_000;
const SPACE_CHECK_EVERY_BYTES = 16 * 1024 * 1024;
const DEFAULT_RESERVE_BYTES = 64 * 1024 * 1024;
/** The name of the run's own list of complete files. */
export const TRANSFER_MANIFEST = 'transfer.json';

/** Runs the transfer; never throws: the result says how it ended and which files are complete. */
export async function runTransfer(deps: TransferDeps, request: TransferRequest): Promise<TransferResult> {
	return new Transfer(deps, request).run();
}

class Transfer {
	private readonly result: TransferResult = { outcome: 'complete', scopes: [], files: [], bytes: 0 };
	private records = 0;
	private scopeNumber = 0;
	private scopeId = '';
	private readonly freeSpace: (folder: string) => Promise<number | undefined>;

	constructor(private readonly deps: TransferDeps, private readonly request: TransferRequest) {
		this.freeSpace = deps.freeSpace ?? freeBytes;
	}

	async run(): Promise<TransferResult> {
		try {
			for (const scopeId of this.request.scopeIds) {
				if (safeScopeId(scopeId) === undefined) {
					throw new LwaError('data_portability', { reason: 'unsafe_id', facts: { field: 'scopeId' } });
				}
			}
			await this.checkSpace(this.request.targetFolder, 0);
			this.result.folder = await createRunFolder(this.request.targetFolder, this.deps.clock.now());
			for (const scopeId of this.request.scopeIds) {
				this.scopeNumber++;
				this.scopeId = scopeId;
				await this.fetchScope(this.result.folder, scopeId);
			}
		} catch (error) {
			this.result.outcome = isLwaError(error, 'cancelled') ? 'cancelled' : 'failed';
			this.result.error = error;
			this.deps.logger.warn(`Data Portability transfer ${this.result.outcome} (${isLwaError(error) ? `${error.code}${error.reason ? `/${error.reason}` : ''}` : 'unexpected error'}) after ${this.result.files.length} complete files.`);
		}
		if (this.result.folder !== undefined) {
			await this.writeManifest(this.result.folder);
		}
		return this.result;
	}

	private progress(phase: TransferProgress['phase']): void {
		this.request.onProgress?.({
			scopeId: this.scopeId, scopeNumber: this.scopeNumber, scopeCount: this.request.scopeIds.length, phase,
			records: this.records, files: this.result.files.length, bytes: this.result.bytes,
		});
	}

	private async fetchScope(runFolder: string, scopeId: string): Promise<void> {
		const { api } = this.deps;
		const { target, queries } = this.request;
		const summary: TransferResult['scopes'][number] = { scopeId, records: 0 };
		this.result.scopes.push(summary);
		this.progress('creating');
		let queryId: string;
		try {
			queryId = await api.createDataQuery(target, scopeId);
			this.deps.logger.info(`Data Portability ${scopeId}: created query ${queryId}.`);
			await queries.remember(scopeId, queryId);
		} catch (error) {
			const known = queries.lastQueryId(scopeId);
			if (!isLwaError(error) || error.reason !== 'query_conflict') {
				throw error;
			}
			if (known === undefined || !await this.request.continueRunningQuery(scopeId, known)) {
				throw new LwaError('data_portability', { reason: 'query_conflict', facts: { scopeId, ...(known !== undefined ? { queryId: known } : {}) }, ...(error.status !== undefined ? { status: error.status } : {}) });
			}
			this.deps.logger.info(`Data Portability ${scopeId}: a query is running; continuing query ${known}.`);
			queryId = known;
		}
		summary.queryId = queryId;
		const folder = await createSubFolder(runFolder, scopeId, queryId);
		let page = await this.firstPage(scopeId, queryId);
		const seenTokens = new Set<string>();
		for (let number = 0; ;) {
			for (const record of page.records) {
				number++;
				this.records++;
				summary.records++;
				await this.fetchRecord(folder, scopeId, queryId, number, record);
			}
			if (page.nextPageToken === undefined) {
				return;
			}
			if (seenTokens.has(page.nextPageToken)) {
				throw new LwaError('data_portability', { reason: 'bad_field', facts: { scopeId, field: 'nextPageToken' } });
			}
			seenTokens.add(page.nextPageToken);
			page = await api.listRecords(target, scopeId, queryId, { maxResults: this.request.limits.pageSize, nextPageToken: page.nextPageToken });
		}
	}

	/** The first page with records (or a next page), polling with backoff until the wait is over. */
	private async firstPage(scopeId: string, queryId: string): Promise<RecordsPage> {
		const { api, clock, sleep } = this.deps;
		const started = clock.now();
		let delay = FIRST_POLL_MS;
		for (;;) {
			const page = await api.listRecords(this.request.target, scopeId, queryId, { maxResults: this.request.limits.pageSize });
			if (page.records.length > 0 || page.nextPageToken !== undefined) {
				this.progress('downloading');
				return page;
			}
			const waited = clock.now() - started;
			if (waited >= this.request.limits.waitForRecordsMs) {
				throw new LwaError('data_portability', { reason: 'records_not_ready', facts: { scopeId, queryId, seconds: Math.round(waited / 1000) } });
			}
			this.progress('waiting');
			await sleep(Math.min(delay, this.request.limits.waitForRecordsMs - waited), this.request.target.signal);
			delay = Math.min(MAX_POLL_MS, delay * 2);
		}
	}

	private async fetchRecord(folder: string, scopeId: string, queryId: string, number: number, record: PortabilityRecord): Promise<void> {
		let current = record;
		for (const kind of ['schema', 'data'] as const) {
			for (let refresh = 0; ; refresh++) {
				const url = kind === 'schema' ? current.schemaUrl : current.dataUrl;
				if (!linkExpired(url, this.deps.clock.now()) && await this.fetchFile(folder, scopeId, queryId, number, kind, url)) {
					break;
				}
				if (refresh >= MAX_LINK_REFRESHES) {
					throw new LwaError('download_failed', { reason: 'link_expired', facts: { scopeId, queryId } });
				}
				this.deps.logger.info(`Data Portability ${scopeId}: the links of record ${number} expired; listing the records again.`);
				current = await this.findAgain(scopeId, queryId, number, current.id);
			}
		}
	}

	/** The record again, with fresh links: by its id when it has one, else by its place in the listing. */
	private async findAgain(scopeId: string, queryId: string, number: number, id: string | undefined): Promise<PortabilityRecord> {
		let seen = 0;
		let nextPageToken: string | undefined;
		const seenTokens = new Set<string>();
		do {
			const page = await this.deps.api.listRecords(this.request.target, scopeId, queryId, { maxResults: this.request.limits.pageSize, ...(nextPageToken !== undefined ? { nextPageToken } : {}) });
			for (const record of page.records) {
				seen++;
				if (id !== undefined ? record.id === id : seen === number) {
					return record;
				}
			}
			nextPageToken = page.nextPageToken;
			if (nextPageToken !== undefined && seenTokens.has(nextPageToken)) {
				break;
			}
			if (nextPageToken !== undefined) {
				seenTokens.add(nextPageToken);
			}
		} while (nextPageToken !== undefined);
		throw new LwaError('download_failed', { reason: 'link_expired', facts: { scopeId, queryId } });
	}

	/** Downloads one file; false when its link was refused as expired (403) and nothing was kept. */
	private async fetchFile(folder: string, scopeId: string, queryId: string, number: number, kind: RecordFileKind, url: string): Promise<boolean> {
		const { maxFileBytes, maxRunBytes } = this.request.limits;
		const runLeft = maxRunBytes - this.result.bytes;
		if (runLeft <= 0) {
			throw new LwaError('download_failed', { reason: 'run_limit', facts: { limitBytes: maxRunBytes } });
		}
		await this.checkSpace(folder, 0);
		const limit = Math.min(maxFileBytes, runLeft);
		const file = await PartialFile.open(folder, recordFileName(number, kind));
		try {
			const response = await this.deps.downloader.download({ url, maxBytes: limit, ...(this.request.target.signal ? { signal: this.request.target.signal } : {}) }, this.watchSpace(folder, file));
			if (response.status === 403) {
				// S3 answers an expired (or otherwise refused) presigned URL with 403.
				await file.discard();
				return false;
			}
			if (response.status < 200 || response.status >= 300) {
				throw new LwaError('download_failed', { reason: 'unexpected_status', status: response.status });
			}
			const name = recordFileName(number, kind, kind === 'data' ? dataFileExtension(response.headers['content-type']) : 'json');
			const committed = await file.commit(name);
			this.result.files.push({ scopeId, queryId, record: number, kind, file: [scopeId, queryId, name].join('/'), bytes: committed.bytes, sha256: committed.sha256 });
			this.result.bytes += committed.bytes;
			this.progress('downloading');
			return true;
		} catch (error) {
			await file.discard();
			if (isLwaError(error, 'download_failed') && error.reason === 'too_large' && limit < maxFileBytes) {
				throw new LwaError('download_failed', { reason: 'run_limit', facts: { limitBytes: maxRunBytes } });
			}
			throw error;
		}
	}

	/** A sink that asks the file system for free space every 16 MiB written and stops before the reserve. */
	private watchSpace(folder: string, file: PartialFile): DownloadSink {
		let sinceCheck = 0;
		return {
			write: async (chunk) => {
				sinceCheck += chunk.length;
				if (sinceCheck >= SPACE_CHECK_EVERY_BYTES) {
					sinceCheck = 0;
					await this.checkSpace(folder, chunk.length);
				}
				await file.write(chunk);
			},
		};
	}

	private async checkSpace(folder: string, neededBytes: number): Promise<void> {
		const available = await this.freeSpace(folder);
		const reserve = this.request.limits.reserveBytes ?? DEFAULT_RESERVE_BYTES;
		if (available !== undefined && available - neededBytes < reserve) {
			throw new LwaError('download_failed', { reason: 'no_space', facts: { neededBytes: neededBytes + reserve, availableBytes: available } });
		}
	}

	private async writeManifest(folder: string): Promise<void> {
		const manifest = {
			version: 1,
			outcome: this.result.outcome,
			finishedAt: new Date(this.deps.clock.now()).toISOString(),
			scopes: this.result.scopes,
			files: this.result.files.map(({ file, bytes, sha256, record, kind }) => ({ file, record, kind, bytes, sha256 })),
			bytes: this.result.bytes,
		};
		try {
			await writeFileAtomically(folder, TRANSFER_MANIFEST, `${JSON.stringify(manifest, null, '\t')}\n`);
		} catch {
			this.deps.logger.warn(`Data Portability: could not write ${TRANSFER_MANIFEST} in the run folder.`);
		}
	}
}

/** A path of the result relative to the run folder, for the platform's separators. */
export function completedFilePath(runFolder: string, file: CompletedFile): string {
	return path.join(runFolder, ...file.file.split('/'));
}
