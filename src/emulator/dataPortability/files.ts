// The files a Data Portability record links to: deterministic contents (so a test can check what
// arrived on disk), presigned URLs shaped like S3's SigV4 ones (X-Amz-Date, X-Amz-Expires,
// X-Amz-Signature) that expire by the emulator's clock, and streamed bodies of any size.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import type { Reply } from '../http/replies';

/** Where the emulator serves record files. */
export const FILES_PREFIX = '/dataportability-files';

export type FileKind = 'schema' | 'data';

/** One file: which query and record it belongs to. */
export interface FileRef {
	queryId: string;
	/** 1-based position in the query's records. */
	record: number;
	kind: FileKind;
}

const CHUNK_BYTES = 64 * 1024;

/** The schema file: small JSON describing the data file's columns. */
function schemaText(ref: FileRef): string {
	return `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: `record ${ref.record} of query ${ref.queryId}`, type: 'object', properties: { record: { type: 'integer' }, line: { type: 'integer' }, value: { type: 'string' } } })}\n`;
}

/** A 64 KiB block of CSV lines that identifies the file; the data file repeats it, cut to its size. */
function dataBlock(ref: FileRef): Buffer {
	const tag = createHash('sha256').update(`${ref.queryId}/${ref.record}`).digest('hex').slice(0, 24);
	const lines: string[] = ['record,line,value\n'];
	let length = lines[0].length;
	for (let line = 1; length < CHUNK_BYTES; line++) {
		const text = `${ref.record},${line},${tag}\n`;
		lines.push(text);
		length += text.length;
	}
	return Buffer.from(lines.join(''), 'utf8').subarray(0, CHUNK_BYTES);
}

/** The file's size: the schema's text, or `dataBytes` for the data file. */
export function fileLength(ref: FileRef, dataBytes: number): number {
	return ref.kind === 'schema' ? Buffer.byteLength(schemaText(ref)) : dataBytes;
}

/** The file's bytes in chunks of at most 64 KiB (never the whole file in memory). */
export function* fileChunks(ref: FileRef, dataBytes: number): Generator<Buffer> {
	if (ref.kind === 'schema') {
		yield Buffer.from(schemaText(ref), 'utf8');
		return;
	}
	const block = dataBlock(ref);
	for (let left = dataBytes; left > 0; left -= block.length) {
		yield left >= block.length ? block : block.subarray(0, left);
	}
}

/** SHA-256 of the file as served, for tests that compare what arrived on disk. */
export function fileSha256(ref: FileRef, dataBytes: number): string {
	const hash = createHash('sha256');
	for (const chunk of fileChunks(ref, dataBytes)) {
		hash.update(chunk);
	}
	return hash.digest('hex');
}

/**
 * Signs and checks presigned URLs. A key generation lets a test expire every link issued so far at
 * once (expireIssuedLinks); links also expire by the clock after their X-Amz-Expires.
 */
export class LinkSigner {
	private readonly key = randomBytes(32);
	private generation = 0;

	constructor(private readonly baseUrl: string, private readonly now: () => number) {}

	/** A presigned URL for the file, valid for `lifetimeSeconds` from now. */
	sign(ref: FileRef, lifetimeSeconds: number): string {
		const path = `${FILES_PREFIX}/${ref.queryId}/${ref.record}/${ref.kind}`;
		const date = new Date(this.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
		const signature = this.signature(path, date, lifetimeSeconds, this.generation);
		return `${this.baseUrl}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=${lifetimeSeconds}&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
	}

	/** Every link issued so far stops working (403 "Request has expired"); new listings issue fresh ones. */
	expireIssued(): void {
		this.generation++;
	}

	/** The file a request names, or why it is refused (S3's 403 answers). */
	check(url: URL): { ref: FileRef } | { refused: 'expired' | 'signature' | 'not_found' } {
		const match = /^\/dataportability-files\/([0-9a-f-]{36})\/(\d{1,7})\/(schema|data)$/.exec(url.pathname);
		if (!match) {
			return { refused: 'not_found' };
		}
		const date = url.searchParams.get('X-Amz-Date') ?? '';
		const expires = Number(url.searchParams.get('X-Amz-Expires') ?? 'NaN');
		const given = url.searchParams.get('X-Amz-Signature') ?? '';
		const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
		if (!dateMatch || !Number.isInteger(expires) || given !== this.signature(url.pathname, date, expires, this.generation)) {
			// A link of an earlier key generation was signed correctly once: S3 says it expired.
			return this.generation > 0 && dateMatch && Number.isInteger(expires) ? { refused: 'expired' } : { refused: 'signature' };
		}
		const signedAt = Date.UTC(Number(dateMatch[1]), Number(dateMatch[2]) - 1, Number(dateMatch[3]), Number(dateMatch[4]), Number(dateMatch[5]), Number(dateMatch[6]));
		if (this.now() >= signedAt + expires * 1000) {
			return { refused: 'expired' };
		}
		return { ref: { queryId: match[1], record: Number(match[2]), kind: match[3] as FileKind } };
	}

	private signature(path: string, date: string, expires: number, generation: number): string {
		return createHmac('sha256', this.key).update(`${generation}\n${path}\n${date}\n${expires}`).digest('hex');
	}
}

/** S3's XML error answer. */
export function s3Error(status: number, code: string, message: string): Reply {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
	return { status, headers: { 'Content-Type': 'application/xml' }, body, outcome: code };
}

/**
 * A streamed file answer. `stall` (when given) is called once half of the body has been written and
 * the rest waits until the promise it returns resolves (or the client goes away).
 */
export function fileReply(ref: FileRef, dataBytes: number, onServed: (ref: FileRef) => void, stall?: () => Promise<void>): Reply {
	const length = fileLength(ref, dataBytes);
	return {
		status: 200,
		headers: { 'Content-Type': ref.kind === 'schema' ? 'application/json' : 'text/csv', 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase() },
		body: '',
		outcome: 'success',
		stream: {
			length,
			write: async (response: http.ServerResponse) => {
				let written = 0;
				let stalled = stall === undefined;
				for (const chunk of fileChunks(ref, dataBytes)) {
					if (!stalled && written + chunk.length > length / 2) {
						const half = Math.max(1, Math.floor(length / 2) - written);
						response.write(chunk.subarray(0, half));
						written += half;
						stalled = true;
						await stall?.();
						if (response.destroyed) {
							return;
						}
						if (!response.write(chunk.subarray(half))) {
							await drained(response);
						}
						written += chunk.length - half;
						continue;
					}
					if (response.destroyed) {
						return;
					}
					written += chunk.length;
					if (!response.write(chunk)) {
						await drained(response);
					}
				}
				response.end();
				onServed(ref);
			},
		},
	};
}

function drained(response: http.ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = (): void => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.once('drain', done);
		response.once('close', done);
	});
}
