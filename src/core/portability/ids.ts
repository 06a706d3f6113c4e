// Names on disk for Data Portability downloads. Files from a server are hostile input: a name is
// built only from ids that pass a strict check (the scope id, the query id) and from our own record
// numbers, never from an S3 key, a Content-Disposition header or a record's fields.
import { isValidScopeId } from '../dataPortability';

/** Longest id accepted as a folder name. A UUID (the documented query id) has 36 characters. */
export const MAX_ID_LENGTH = 100;

// Names Windows reserves in any folder, with or without an extension.
const RESERVED_WINDOWS_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The id when it can name a folder as it is: letters, digits, '-' and '_' only (no dot, so no '.',
 * '..' or extension tricks; no slash, backslash, percent sign, colon or control character), starting
 * with a letter or digit, at most {@link MAX_ID_LENGTH} characters, not a name Windows reserves.
 * Undefined otherwise: the caller refuses the answer rather than repairing the id.
 */
export function safeId(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
		return undefined;
	}
	if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value) || RESERVED_WINDOWS_NAMES.test(value)) {
		return undefined;
	}
	return value;
}

/** The scope id when it can name a folder (it must also be a Data Portability scope id). */
export function safeScopeId(value: unknown): string | undefined {
	return typeof value === 'string' && isValidScopeId(value) && safeId(value) !== undefined ? value : undefined;
}

/** Which file of a record. */
export type RecordFileKind = 'schema' | 'data';

// Content types whose file extension is known; anything else is saved as .data. The type only picks
// an extension from this list: the server's text never becomes part of a name.
const DATA_EXTENSIONS: Readonly<Record<string, string>> = {
	'application/json': 'json',
	'application/x-ndjson': 'jsonl',
	'application/jsonl': 'jsonl',
	'text/csv': 'csv',
	'text/plain': 'txt',
	'application/gzip': 'gz',
	'application/x-gzip': 'gz',
	'application/zip': 'zip',
	'application/parquet': 'parquet',
};

/** The extension for a data file from an allowlist of content types ('data' for any other). */
export function dataFileExtension(contentType: string | undefined): string {
	const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
	return Object.prototype.hasOwnProperty.call(DATA_EXTENSIONS, media) ? DATA_EXTENSIONS[media] : 'data';
}

/** `record-00001.schema.json` or `record-00001.data.<ext>`: the number is ours (1-based), the extension from the allowlist. */
export function recordFileName(recordNumber: number, kind: RecordFileKind, dataExtension = 'data'): string {
	if (!Number.isSafeInteger(recordNumber) || recordNumber < 1) {
		throw new RangeError('A record number is a positive integer.');
	}
	const number = String(recordNumber).padStart(5, '0');
	return kind === 'schema' ? `record-${number}.schema.json` : `record-${number}.data.${/^[a-z0-9]{1,10}$/.test(dataExtension) ? dataExtension : 'data'}`;
}

/** The temporary name a file has while it is written: hidden, with a random suffix, never a final name. */
export function partialFileName(finalName: string, random: string): string {
	return `.${finalName}.${random.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}.part`;
}

/** The per-run folder: `data-portability-20240229-101500` (UTC), a suffix added by the caller when it exists. */
export function runFolderName(now: number): string {
	const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	return `data-portability-${stamp}`;
}
