// The Amazon Data Portability API (version 2024-02-29): createDataQuery and listDataQueryRecords.
// Request building is separate from response processing; every answer is hostile input, read
// defensively, and nothing from it reaches an error but a status and a field's name. Presigned URLs in
// the records are secrets: they are never logged and never put into an error.
//
// Facts (shared/reference api-families.md, section C) and what is done where they are not confirmed:
// - createDataQuery is `POST /{scopeId}/data-queries` returning {"id": ...}; 200 or 201 is
//   UNCONFIRMED, so any 2xx with an id is accepted.
// - A running query of the same scope answers {"category":"CONFLICT","type":"REQUEST_CONFLICT",...}
//   with no query id; its status ("409-style") is not confirmed, so the body's type counts too.
// - listDataQueryRecords is `GET /{scopeId}/data-queries/{queryId}/records?maxResults=&nextPageToken=`;
//   the record field names are UNCONFIRMED (a third-party client reads records[].schema and
//   records[].file), so a few spellings are accepted (RECORD_FIELDS) and anything else is refused.
// - maxResults bounds are UNCONFIRMED (a third-party client assumes 1-250): the page size is a setting,
//   clamped to that range.
import type { IntakeHost } from '../dataPortability';
import { defaultIntakeHost } from '../dataPortability';
import { downloadUrlProblem } from '../http/downloadPolicy';
import type { LwaErrorReason } from '../lwa/errors';
import { isLwaError, LwaError } from '../lwa/errors';
import { isJsonContentType, parseRetryAfter } from '../lwa/response';
import type { Clock, HttpClient, HttpRequest, HttpResponse, Logger } from '../ports';
import type { Profile } from '../profiles';
import { safeId } from './ids';

/** Waits `ms`, rejecting with LwaError('cancelled') when `signal` aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** One record: its two presigned URLs (secrets) and, when the answer has a usable one, its id. */
export interface PortabilityRecord {
	id?: string;
	schemaUrl: string;
	dataUrl: string;
}

/** One page of listDataQueryRecords. */
export interface RecordsPage {
	records: PortabilityRecord[];
	nextPageToken?: string;
}

/** Field spellings accepted for a record's URLs (UNCONFIRMED; the first is what a third-party client reads). */
export const RECORD_FIELDS = { schema: ['schema', 'schemaUrl', 'schemaFile'], data: ['file', 'dataUrl', 'dataFile', 'data'] } as const;
/** Page size bounds (UNCONFIRMED, as a third-party client assumes them). */
export const MAX_RESULTS_RANGE = { min: 1, max: 250 } as const;
const MAX_URL_LENGTH = 8192;
const MAX_PAGE_TOKEN_LENGTH = 4096;
const MAX_RECORDS_PER_PAGE = 1000;

/**
 * The base URL of the intake: the profile's endpoints.dataPortability override when it has one (an
 * emulator, a gateway; checked by src/core/profiles.ts), else the intake host nearest to its region.
 */
export function intakeBaseUrl(profile: Profile, host: IntakeHost = defaultIntakeHost(profile.region)): string {
	return profile.apiEndpoints.dataPortability ?? `https://${host.host}`;
}

function authorized(accessToken: string): Record<string, string> {
	if (!/^[\x21-\x7e]+$/.test(accessToken)) {
		throw new LwaError('data_portability', { reason: 'token_refused' });
	}
	return { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
}

export function buildCreateDataQueryRequest(baseUrl: string, scopeId: string, accessToken: string): HttpRequest {
	return { method: 'POST', url: `${baseUrl}/${encodeURIComponent(scopeId)}/data-queries`, headers: authorized(accessToken) };
}

export function buildListRecordsRequest(baseUrl: string, scopeId: string, queryId: string, accessToken: string, page: { maxResults: number; nextPageToken?: string }): HttpRequest {
	const maxResults = Math.min(MAX_RESULTS_RANGE.max, Math.max(MAX_RESULTS_RANGE.min, Math.floor(page.maxResults)));
	const query = new URLSearchParams({ maxResults: String(maxResults) });
	if (page.nextPageToken !== undefined) {
		query.set('nextPageToken', page.nextPageToken);
	}
	return { method: 'GET', url: `${baseUrl}/${encodeURIComponent(scopeId)}/data-queries/${encodeURIComponent(queryId)}/records?${query.toString()}`, headers: authorized(accessToken) };
}

function refused(reason: LwaErrorReason, scopeId: string, extra: { status?: number; field?: string; retryAfterSeconds?: number } = {}): LwaError {
	return new LwaError('data_portability', {
		reason,
		facts: { scopeId, ...(extra.field !== undefined ? { field: extra.field } : {}) },
		...(extra.status !== undefined ? { status: extra.status } : {}),
		...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
	});
}

function jsonBody(response: HttpResponse): Record<string, unknown> | undefined {
	if (!isJsonContentType(response.headers['content-type'])) {
		return undefined;
	}
	try {
		const value: unknown = JSON.parse(response.body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

/** A non-2xx answer (or the conflict body) as a coded error; undefined for a 2xx that is not a conflict. */
export function statusError(response: HttpResponse, scopeId: string, now: number): LwaError | undefined {
	const { status } = response;
	const body = jsonBody(response);
	if (status === 409 || body?.type === 'REQUEST_CONFLICT') {
		return refused('query_conflict', scopeId, { status });
	}
	if (status >= 200 && status < 300) {
		return undefined;
	}
	switch (status) {
		case 401:
			return refused('token_refused', scopeId, { status });
		case 403:
			return refused('forbidden', scopeId, { status });
		case 404:
			return refused('not_found', scopeId, { status });
		case 429: {
			const retryAfterSeconds = parseRetryAfter(response.headers['retry-after'], now);
			return refused('throttled', scopeId, { status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
		}
		default:
			return status >= 500 ? refused('service_error', scopeId, { status }) : refused('unexpected_status', scopeId, { status });
	}
}

/** The query id createDataQuery returned. */
export function parseCreateDataQueryResponse(response: HttpResponse, scopeId: string, now: number): string {
	const error = statusError(response, scopeId, now);
	if (error) {
		throw error;
	}
	const id = jsonBody(response)?.id;
	if (typeof id !== 'string') {
		throw refused('bad_field', scopeId, { field: 'id', status: response.status });
	}
	const safe = safeId(id);
	if (safe === undefined) {
		throw refused('unsafe_id', scopeId, { field: 'id', status: response.status });
	}
	return safe;
}

function presignedUrl(record: Record<string, unknown>, names: readonly string[]): string | undefined {
	for (const name of names) {
		const value = record[name];
		if (typeof value === 'string') {
			return value.length <= MAX_URL_LENGTH && downloadUrlProblem(value) === undefined ? value : undefined;
		}
	}
	return undefined;
}

/** One page of records. A record without two usable URLs refuses the whole page (nothing is guessed). */
export function parseRecordsPage(response: HttpResponse, scopeId: string, now: number): RecordsPage {
	const error = statusError(response, scopeId, now);
	if (error) {
		throw error;
	}
	const body = jsonBody(response);
	if (body === undefined) {
		throw refused('bad_field', scopeId, { field: 'body', status: response.status });
	}
	const list = body.records ?? [];
	if (!Array.isArray(list) || list.length > MAX_RECORDS_PER_PAGE) {
		throw refused('bad_field', scopeId, { field: 'records', status: response.status });
	}
	const records: PortabilityRecord[] = [];
	for (const entry of list) {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw refused('bad_field', scopeId, { field: 'records[]', status: response.status });
		}
		const fields = entry as Record<string, unknown>;
		const schemaUrl = presignedUrl(fields, RECORD_FIELDS.schema);
		const dataUrl = presignedUrl(fields, RECORD_FIELDS.data);
		if (schemaUrl === undefined || dataUrl === undefined) {
			throw refused('bad_field', scopeId, { field: schemaUrl === undefined ? 'records[].schema' : 'records[].file', status: response.status });
		}
		// An id only helps to find the record again after its links expired; one that is not safe is ignored.
		const id = safeId(fields.id);
		records.push({ schemaUrl, dataUrl, ...(id !== undefined ? { id } : {}) });
	}
	const token = body.nextPageToken;
	if (token === undefined || token === null || token === '') {
		return { records };
	}
	if (typeof token !== 'string' || token.length > MAX_PAGE_TOKEN_LENGTH || !/^[\x20-\x7e]+$/.test(token)) {
		throw refused('bad_field', scopeId, { field: 'nextPageToken', status: response.status });
	}
	return { records, nextPageToken: token };
}

export interface DataPortabilityApiOptions {
	http: HttpClient;
	clock: Clock;
	logger: Logger;
	sleep: Sleep;
	/** Attempts in all per request (default 6). */
	maxAttempts?: number;
	/** First backoff delay, doubled per attempt (default 1 s). */
	baseDelayMs?: number;
	/** Upper bound of any wait, Retry-After included (default 60 s). */
	maxDelayMs?: number;
}

/** Where the API is and who asks. */
export interface ApiTarget {
	baseUrl: string;
	/** A valid access token (refreshed first when stale), asked for each request. */
	accessToken: () => Promise<string>;
	signal?: AbortSignal;
}

/** Sends the two calls with retries where they are safe: 429 (Retry-After) always; 5xx and network trouble for the listing only. */
export class DataPortabilityApi {
	constructor(private readonly options: DataPortabilityApiOptions) {}

	/** Starts a query; its id. A running query of the scope -> data_portability/query_conflict. */
	async createDataQuery(target: ApiTarget, scopeId: string): Promise<string> {
		const response = await this.send(target, scopeId, false, async () => buildCreateDataQueryRequest(target.baseUrl, scopeId, await target.accessToken()));
		return parseCreateDataQueryResponse(response, scopeId, this.options.clock.now());
	}

	async listRecords(target: ApiTarget, scopeId: string, queryId: string, page: { maxResults: number; nextPageToken?: string }): Promise<RecordsPage> {
		const response = await this.send(target, scopeId, true, async () => buildListRecordsRequest(target.baseUrl, scopeId, queryId, await target.accessToken(), page));
		return parseRecordsPage(response, scopeId, this.options.clock.now());
	}

	private async send(target: ApiTarget, scopeId: string, idempotent: boolean, build: () => Promise<HttpRequest>): Promise<HttpResponse> {
		const { http, clock, logger, sleep } = this.options;
		const maxAttempts = this.options.maxAttempts ?? 6;
		for (let attempt = 1; ; attempt++) {
			if (target.signal?.aborted) {
				throw new LwaError('cancelled');
			}
			let failure: LwaError;
			try {
				const response = await http.send(await build());
				const error = statusError(response, scopeId, clock.now());
				const retry = error !== undefined && (error.reason === 'throttled' || (idempotent && error.reason === 'service_error'));
				if (!retry) {
					return response;
				}
				failure = error;
			} catch (error) {
				if (!isLwaError(error) || !(error.code === 'network' || error.code === 'timeout') || !(idempotent || error.requestSent === false)) {
					throw isLwaError(error) && (error.code === 'network' || error.code === 'timeout') ? withService(error) : error;
				}
				failure = withService(error);
			}
			if (attempt >= maxAttempts) {
				throw failure;
			}
			const delay = this.delayMs(failure, attempt);
			logger.info(`Data Portability ${scopeId}: ${failure.reason ?? failure.code}${failure.status !== undefined ? ` (HTTP ${failure.status})` : ''}; trying again in ${Math.round(delay / 1000)} s (attempt ${attempt + 1} of ${maxAttempts}).`);
			await sleep(delay, target.signal);
		}
	}

	private delayMs(failure: LwaError, attempt: number): number {
		const max = this.options.maxDelayMs ?? 60_000;
		const backoff = (this.options.baseDelayMs ?? 1000) * 2 ** (attempt - 1);
		const wanted = failure.retryAfterSeconds !== undefined ? Math.max(failure.retryAfterSeconds * 1000, backoff / 2) : backoff;
		return Math.min(max, wanted);
	}
}

/** A network or timeout error of the intake, naming it (the sentence says Data Portability, not Login with Amazon). */
function withService(error: LwaError): LwaError {
	if (error.facts.service !== undefined) {
		return error;
	}
	return new LwaError(error.code, {
		...(error.reason !== undefined ? { reason: error.reason } : {}),
		...(error.requestSent !== undefined ? { requestSent: error.requestSent } : {}),
		...(error.status !== undefined ? { status: error.status } : {}),
		facts: { ...error.facts, service: 'data_portability' },
		cause: error,
	});
}
