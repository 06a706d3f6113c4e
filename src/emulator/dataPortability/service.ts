// Amazon Data Portability's intake hosts as one service of the emulator: createDataQuery and
// listDataQueryRecords under `/<intake host>/` (a profile's endpoints.dataPortability points there),
// records that appear after a delay by the emulator's clock, presigned file links that expire,
// 429 with Retry-After past a rate, the conflict answer without a query id while a query of the same
// customer and scope runs, and the files themselves (files.ts). It shares the LWA state: the API takes
// the access tokens LWA issues, for the portability:: scopes they were granted.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../http/replies';
import { jsonReply, withHeader } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import type { EmulatorState } from '../state';
import type { FileRef } from './files';
import { FILES_PREFIX, fileReply, fileSha256, LinkSigner, s3Error } from './files';

/** The documented intake hosts; each is served under `/<host>`. */
export const INTAKE_HOSTS = ['intake.eu-west-1.portability.data.amazon', 'intake.us-east-1.portability.data.amazon', 'intake.us-west-2.portability.data.amazon'] as const;

/** What a test (or the benchmark) may tune; every field can change while the emulator runs. */
export interface DataPortabilityOptions {
	/** Records per query (default 3). */
	recordsPerQuery: number;
	/** Size of each data file in bytes (default 2048); schema files are small JSON. */
	dataFileBytes: number;
	/** How long after createDataQuery the records appear, by the emulator's clock (default 0). */
	recordDelayMs: number;
	/** Lifetime of a presigned link (default 300 s, as a third-party reading says). */
	linkLifetimeSeconds: number;
	/** How long a query counts as running for the conflict answer after its records appeared (default 0). */
	runningAfterReadyMs: number;
	/** API requests allowed per window before 429 (default: no limit), and the Retry-After sent. */
	rateLimit?: { requests: number; windowMs: number; retryAfterSeconds: number };
}

const DEFAULTS: DataPortabilityOptions = { recordsPerQuery: 3, dataFileBytes: 2048, recordDelayMs: 0, linkLifetimeSeconds: 300, runningAfterReadyMs: 0 };

interface Query {
	id: string;
	scopeId: string;
	/** Whose query: the LWA user and client of the token that created it. */
	owner: string;
	readyAt: number;
	records: number;
	dataFileBytes: number;
}

export class DataPortabilityService {
	readonly options: DataPortabilityOptions;
	/** Base URLs per intake host, for a profile's endpoints.dataPortability. */
	readonly endpoints: Readonly<Record<(typeof INTAKE_HOSTS)[number], string>>;
	private readonly queries = new Map<string, Query>();
	private readonly signer: LinkSigner;
	private readonly pageTokens = new Map<string, { queryId: string; offset: number }>();
	private requestTimes: number[] = [];
	private throttleNextCount = 0;
	private throttleRetryAfter = 1;
	private readonly servedFiles: FileRef[] = [];
	private stallNext = 0;
	private readonly stallWaiters: (() => void)[] = [];
	private readonly stalled: (() => void)[] = [];
	private readonly counters = { created: 0, conflicts: 0, listed: 0, throttled: 0, expiredLinks: 0, downloads: 0 };

	constructor(url: string, private readonly state: EmulatorState, options: Partial<DataPortabilityOptions> = {}) {
		this.options = { ...DEFAULTS, ...options };
		this.signer = new LinkSigner(url, state.now);
		this.endpoints = Object.fromEntries(INTAKE_HOSTS.map((host) => [host, `${url}/${host}`])) as DataPortabilityService['endpoints'];
	}

	/** The routes to mount: one prefix route per intake host, and the files. */
	routes(): Route[] {
		return [
			...INTAKE_HOSTS.map((host): Route => ({ path: `/${host}`, prefix: true, handle: (request) => this.intake(host, request) })),
			{ path: FILES_PREFIX, prefix: true, handle: (request) => this.file(request) },
		];
	}

	/** The next `count` API requests answer 429 with Retry-After `retryAfterSeconds`. */
	throttleNext(count: number, retryAfterSeconds = 1): void {
		this.throttleNextCount = count;
		this.throttleRetryAfter = retryAfterSeconds;
	}

	/** Every presigned link issued so far answers 403 "Request has expired". */
	expireIssuedLinks(): void {
		this.signer.expireIssued();
	}

	/** The next `count` file downloads send half their body and wait until {@link releaseStalls}. */
	stallDownloads(count = 1): void {
		this.stallNext = count;
	}

	/** Resolves when a download has stalled (at once when one is stalled now). */
	nextStall(): Promise<void> {
		return this.stalled.length > 0 ? Promise.resolve() : new Promise((resolve) => this.stallWaiters.push(resolve));
	}

	/** Lets every stalled download finish. */
	releaseStalls(): void {
		for (const release of this.stalled.splice(0)) {
			release();
		}
	}

	/** The SHA-256 of a file as the emulator serves it. */
	fileSha256(ref: FileRef): string {
		const query = this.queries.get(ref.queryId);
		return fileSha256(ref, query?.dataFileBytes ?? this.options.dataFileBytes);
	}

	/** Files sent whole so far (no links, no secrets). */
	served(): readonly FileRef[] {
		return [...this.servedFiles];
	}

	/** Query ids created so far, per scope id, oldest first. */
	queryIds(scopeId: string): string[] {
		return [...this.queries.values()].filter((query) => query.scopeId === scopeId).map((query) => query.id);
	}

	stats(): Readonly<typeof this.counters> {
		return { ...this.counters };
	}

	private intake(host: string, request: EmulatorRequest): Reply {
		const rest = request.url.pathname.slice(host.length + 1);
		const create = /^\/(portability-[a-z]+(?:-[a-z]+)*)\/data-queries$/.exec(rest);
		const list = /^\/(portability-[a-z]+(?:-[a-z]+)*)\/data-queries\/([^/]+)\/records$/.exec(rest);
		if (!create && !list) {
			return adpError(404, 'NOT_FOUND', 'RESOURCE_NOT_FOUND', 'The requested resource was not found');
		}
		const throttled = this.throttle();
		if (throttled) {
			return throttled;
		}
		const scopeId = (create ?? list)![1];
		const caller = this.caller(request, scopeId);
		if ('reply' in caller) {
			return caller.reply;
		}
		if (create) {
			return request.method === 'POST' ? this.createQuery(scopeId, caller.owner) : withHeader(adpError(405, 'VALIDATION', 'METHOD_NOT_ALLOWED', 'Method not allowed'), 'Allow', 'POST');
		}
		return request.method === 'GET' ? this.listRecords(scopeId, list![2], caller.owner, request.url.searchParams) : withHeader(adpError(405, 'VALIDATION', 'METHOD_NOT_ALLOWED', 'Method not allowed'), 'Allow', 'GET');
	}

	/** 429 for a throttled request: the switch first, then the rate by the emulator's clock. */
	private throttle(): Reply | undefined {
		const now = this.state.now();
		const limit = this.options.rateLimit;
		let retryAfter: number | undefined;
		if (this.throttleNextCount > 0) {
			this.throttleNextCount--;
			retryAfter = this.throttleRetryAfter;
		} else if (limit) {
			this.requestTimes = this.requestTimes.filter((at) => at > now - limit.windowMs);
			if (this.requestTimes.length >= limit.requests) {
				retryAfter = limit.retryAfterSeconds;
			} else {
				this.requestTimes.push(now);
			}
		}
		if (retryAfter === undefined) {
			return undefined;
		}
		this.counters.throttled++;
		return withHeader(adpError(429, 'THROTTLING', 'TOO_MANY_REQUESTS', 'Rate exceeded'), 'Retry-After', String(retryAfter));
	}

	private caller(request: EmulatorRequest, scopeId: string): { owner: string } | { reply: Reply } {
		const header = request.headers.authorization ?? '';
		const token = /^Bearer (\S+)$/i.exec(header)?.[1];
		const record = token === undefined ? undefined : this.state.validAccessToken(token);
		if (record === undefined || record.userId === undefined) {
			return { reply: adpError(401, 'UNAUTHORIZED', 'INVALID_TOKEN', 'The access token is missing, expired or invalid') };
		}
		const lwaScope = `portability::${scopeId.slice('portability-'.length).replace(/-/g, '_')}`;
		if (!record.scopes.includes(lwaScope)) {
			return { reply: adpError(403, 'FORBIDDEN', 'SCOPE_NOT_GRANTED', 'The customer did not grant this scope') };
		}
		return { owner: `${record.userId} ${record.clientId}` };
	}

	private createQuery(scopeId: string, owner: string): Reply {
		const now = this.state.now();
		const running = [...this.queries.values()].some((query) => query.owner === owner && query.scopeId === scopeId && now < query.readyAt + this.options.runningAfterReadyMs);
		if (running) {
			this.counters.conflicts++;
			return adpError(409, 'CONFLICT', 'REQUEST_CONFLICT', 'There is a conflicting request in progress');
		}
		const query: Query = { id: randomUUID(), scopeId, owner, readyAt: now + this.options.recordDelayMs, records: this.options.recordsPerQuery, dataFileBytes: this.options.dataFileBytes };
		this.queries.set(query.id, query);
		this.counters.created++;
		return { ...jsonReply(201, { id: query.id }), outcome: 'success' };
	}

	private listRecords(scopeId: string, queryId: string, owner: string, params: URLSearchParams): Reply {
		const query = this.queries.get(queryId);
		if (!query || query.scopeId !== scopeId || query.owner !== owner) {
			return adpError(404, 'NOT_FOUND', 'QUERY_NOT_FOUND', 'The data query was not found');
		}
		const maxResults = Number(params.get('maxResults') ?? '10');
		if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 250) {
			return adpError(400, 'VALIDATION', 'INVALID_PARAMETER', 'maxResults must be between 1 and 250');
		}
		this.counters.listed++;
		if (this.state.now() < query.readyAt) {
			return { ...jsonReply(200, { records: [] }), outcome: 'not_ready' };
		}
		let offset = 0;
		const given = params.get('nextPageToken');
		if (given !== null) {
			const page = this.pageTokens.get(given);
			if (!page || page.queryId !== queryId) {
				return adpError(400, 'VALIDATION', 'INVALID_PAGE_TOKEN', 'The page token is not valid');
			}
			offset = page.offset;
		}
		const end = Math.min(query.records, offset + maxResults);
		const records = [];
		for (let record = offset + 1; record <= end; record++) {
			records.push({
				id: `${queryId.slice(0, 8)}-record-${record}`,
				schema: this.signer.sign({ queryId, record, kind: 'schema' }, this.options.linkLifetimeSeconds),
				file: this.signer.sign({ queryId, record, kind: 'data' }, this.options.linkLifetimeSeconds),
			});
		}
		const body: Record<string, unknown> = { records };
		if (end < query.records) {
			const token = randomUUID().replace(/-/g, '');
			this.pageTokens.set(token, { queryId, offset: end });
			body.nextPageToken = token;
		}
		return { ...jsonReply(200, body), outcome: 'success' };
	}

	private file(request: EmulatorRequest): Reply {
		if (request.method !== 'GET') {
			return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
		}
		const checked = this.signer.check(request.url);
		if ('refused' in checked) {
			if (checked.refused === 'expired') {
				this.counters.expiredLinks++;
				return s3Error(403, 'AccessDenied', 'Request has expired');
			}
			return checked.refused === 'signature'
				? s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.')
				: s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
		}
		const query = this.queries.get(checked.ref.queryId);
		if (!query || checked.ref.record > query.records) {
			return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
		}
		this.counters.downloads++;
		let stall: (() => Promise<void>) | undefined;
		if (this.stallNext > 0) {
			this.stallNext--;
			stall = () => new Promise<void>((resolve) => {
				this.stalled.push(resolve);
				for (const waiter of this.stallWaiters.splice(0)) {
					waiter();
				}
			});
		}
		return fileReply(checked.ref, query.dataFileBytes, (ref) => this.servedFiles.push(ref), stall);
	}
}

/** Data Portability's error body: `{"category":...,"type":...,"message":...}`. */
function adpError(status: number, category: string, type: string, message: string): Reply {
	return { ...jsonReply(status, { category, type, message }), outcome: type };
}
