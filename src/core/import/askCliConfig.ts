// The ASK CLI's ~/.ask/cli_config: plaintext JSON with profiles.<name>.token.{access_token,
// refresh_token, token_type, expires_in, expires_at}, vendor_id and aws_profile. A custom LWA
// client may be named in the profile or through ASK_LWA_CLIENT_ID / ASK_LWA_CLIENT_CONFIRMATION;
// without one, the tokens belong to the ASK CLI's own client. This module only reads: the file is
// never written back. A malformed file is refused as a whole (ImportSourceError naming the field).
import type { Endpoints } from '../lwa/endpoints';
import type { ImportCandidate, ImportOrigin, JsonKind, SkippedSource } from './candidate';
import { ImportSourceError, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_VALUE_LENGTH, sanitizeProfileName } from './candidate';

/** The scopes the ASK CLI requests for its own client (ask configure adds alexa::ask:skills:debug). */
export const ASK_CLI_DEFAULT_SCOPES: readonly string[] = [
	'alexa::ask:skills:readwrite',
	'alexa::ask:models:readwrite',
	'alexa::ask:skills:test',
	'alexa::ask:catalogs:read',
	'alexa::ask:catalogs:readwrite',
	'alexa::ask:subscriptions',
	'alexa::ask:skills:debug',
];

/** The redirect URI the ASK CLI registers and listens on (ask configure, generate-lwa-tokens). */
export const ASK_CLI_REDIRECT_URI = 'http://127.0.0.1:9090/cb';

/** Profile keys under which a custom client id or secret may be kept next to the token. */
const CLIENT_ID_KEYS = ['client_id', 'lwa_client_id', 'clientId'];
const CLIENT_SECRET_KEYS = ['client_secret', 'client_confirmation', 'lwa_client_confirmation', 'clientSecret'];

/** The file access the reader needs; the VS Code layer passes node:fs in, tests pass fakes. */
export interface ImportFileReader {
	/** Undefined when there is nothing at the path; rejects when it cannot be looked at. */
	stat(path: string): Promise<{ size: number; isFile: boolean } | undefined>;
	/** The file's text (UTF-8); rejects when it cannot be read. */
	readText(path: string): Promise<string>;
}

/** What reading the ASK CLI config found. */
export type AskCliReadResult =
	| { kind: 'missing' }
	| { kind: 'found'; candidates: ImportCandidate[]; skipped: SkippedSource[] };

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): JsonKind {
	if (value === null) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'array';
	}
	const type = typeof value;
	return type === 'object' || type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
}

/** Reads and parses the file; missing is not an error, anything else wrong is an ImportSourceError naming the file. */
export async function readAskCliConfig(path: string, reader: ImportFileReader, environment: Readonly<Record<string, string | undefined>>): Promise<AskCliReadResult> {
	const file: ImportOrigin = { file: path };
	let info: { size: number; isFile: boolean } | undefined;
	try {
		info = await reader.stat(path);
	} catch {
		throw new ImportSourceError(file, 'unreadable');
	}
	if (info === undefined) {
		return { kind: 'missing' };
	}
	if (!info.isFile) {
		throw new ImportSourceError(file, 'not_a_file');
	}
	if (info.size > MAX_IMPORT_FILE_BYTES) {
		throw new ImportSourceError(file, 'too_large', { size: info.size, limit: MAX_IMPORT_FILE_BYTES });
	}
	let text: string;
	try {
		text = await reader.readText(path);
	} catch {
		throw new ImportSourceError(file, 'unreadable');
	}
	return { kind: 'found', ...parseAskCliConfig(text, path, environment) };
}

/**
 * Parses the text of a cli_config. Profiles without tokens are skipped with a reason; a wrong shape
 * anywhere refuses the whole file (ImportSourceError names the file and the field, never a value).
 */
export function parseAskCliConfig(text: string, path: string, environment: Readonly<Record<string, string | undefined>>): { candidates: ImportCandidate[]; skipped: SkippedSource[] } {
	const file: ImportOrigin = { file: path };
	if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_FILE_BYTES) {
		throw new ImportSourceError(file, 'too_large', { limit: MAX_IMPORT_FILE_BYTES });
	}
	let root: unknown;
	try {
		root = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		throw new ImportSourceError(file, text.trim() === '' ? 'empty' : 'not_json');
	}
	if (!isRecord(root)) {
		throw new ImportSourceError(file, 'not_an_object', { found: jsonKind(root) });
	}
	if (root.profiles === undefined) {
		throw new ImportSourceError(file, 'no_profiles');
	}
	if (!isRecord(root.profiles)) {
		throw new ImportSourceError(file, 'profiles_not_an_object', { found: jsonKind(root.profiles) });
	}
	const custom = customClient(environment);
	const endpoints = askEndpoints(environment);
	const candidates: ImportCandidate[] = [];
	const skipped: SkippedSource[] = [];
	for (const [name, entry] of Object.entries(root.profiles)) {
		const field = `profiles[${JSON.stringify(name.slice(0, 64))}]`;
		const sourceLabel = `ASK CLI profile "${name.slice(0, 64)}" in ${path}`;
		if (name.trim() === '') {
			throw new ImportSourceError(file, 'empty_profile_name');
		}
		if (name === '__ENVIRONMENT_ASK_PROFILE__') {
			// The ASK CLI's name for "the tokens in ASK_ACCESS_TOKEN / ASK_REFRESH_TOKEN"; never a file profile.
			skipped.push({ sourceLabel, reason: 'is the ASK CLI\'s environment pseudo-profile.' });
			continue;
		}
		if (!isRecord(entry)) {
			throw new ImportSourceError(file, 'wrong_type', { field, found: jsonKind(entry), expected: 'object' });
		}
		const candidate = parseProfile(entry, field, file);
		if (!candidate) {
			skipped.push({ sourceLabel, reason: 'has no access or refresh token.' });
			continue;
		}
		const clientId = stringValue(entry, CLIENT_ID_KEYS, field, file) ?? custom.clientId;
		const clientSecret = stringValue(entry, CLIENT_SECRET_KEYS, field, file) ?? custom.clientSecret;
		const issuedForAskCliClient = clientId === undefined;
		const notes: string[] = [];
		if (issuedForAskCliClient) {
			notes.push('These tokens were issued for the ASK CLI\'s own client, not yours: a refresh with another client id fails. Give the client id they were issued for, or sign in again with your own security profile afterwards.');
		} else {
			notes.push(`Tokens issued for the custom client configured for the ASK CLI${stringValue(entry, CLIENT_ID_KEYS, field, file) !== undefined ? ' (in the profile)' : ' (ASK_LWA_CLIENT_ID)'}.`);
		}
		if (!candidate.refreshToken) {
			notes.push('No refresh token: sign in again when the access token expires.');
		}
		const imported: ImportCandidate = {
			id: `ask-cli:${name}`,
			source: 'ask-cli',
			sourceLabel,
			suggestedName: sanitizeProfileName(`ask-${name}`),
			...candidate,
			scopes: [...ASK_CLI_DEFAULT_SCOPES],
			region: 'NA',
			issuedForAskCliClient,
			notes,
		};
		if (clientId !== undefined) {
			imported.clientId = clientId;
		}
		if (clientSecret !== undefined) {
			imported.clientSecret = clientSecret;
		}
		if (endpoints) {
			imported.endpoints = endpoints;
		}
		candidates.push(imported);
	}
	return { candidates, skipped };
}

/** The token fields of one profile; undefined when it holds no token. */
function parseProfile(entry: Record<string, unknown>, field: string, file: ImportOrigin): Pick<ImportCandidate, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken'> | undefined {
	for (const key of ['vendor_id', 'aws_profile']) {
		if (entry[key] !== undefined && entry[key] !== null && typeof entry[key] !== 'string') {
			throw new ImportSourceError(file, 'wrong_type', { field: `${field}.${key}`, found: jsonKind(entry[key]), expected: 'text' });
		}
	}
	const token = entry.token;
	if (token === undefined || token === null) {
		return undefined;
	}
	if (!isRecord(token)) {
		throw new ImportSourceError(file, 'wrong_type', { field: `${field}.token`, found: jsonKind(token), expected: 'object' });
	}
	const tokenField = `${field}.token`;
	const accessToken = tokenString(token, 'access_token', tokenField, file);
	const refreshToken = tokenString(token, 'refresh_token', tokenField, file);
	if (token.token_type !== undefined && token.token_type !== null) {
		if (typeof token.token_type !== 'string') {
			throw new ImportSourceError(file, 'wrong_type', { field: `${tokenField}.token_type`, found: jsonKind(token.token_type), expected: 'text' });
		}
		if (token.token_type.toLowerCase() !== 'bearer') {
			throw new ImportSourceError(file, 'token_type_not_bearer', { field: `${tokenField}.token_type` });
		}
	}
	if (token.expires_in !== undefined && token.expires_in !== null && (typeof token.expires_in !== 'number' || !Number.isFinite(token.expires_in))) {
		throw new ImportSourceError(file, 'wrong_type', { field: `${tokenField}.expires_in`, found: jsonKind(token.expires_in), expected: 'number' });
	}
	const expiresAt = parseExpiresAt(token.expires_at, tokenField, file);
	if (accessToken === undefined && refreshToken === undefined) {
		return undefined;
	}
	const result: Pick<ImportCandidate, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken'> = {};
	if (accessToken !== undefined) {
		result.accessToken = accessToken;
		// Without a known expiry the access token counts as expired, so the first use refreshes it.
		result.accessTokenExpiresAt = expiresAt ?? 0;
	}
	if (refreshToken !== undefined) {
		result.refreshToken = refreshToken;
	}
	return result;
}

function tokenString(token: Record<string, unknown>, key: string, field: string, file: ImportOrigin): string | undefined {
	const value = token[key];
	if (value === undefined || value === null || value === '') {
		return undefined;
	}
	if (typeof value !== 'string') {
		throw new ImportSourceError(file, 'wrong_type', { field: `${field}.${key}`, found: jsonKind(value), expected: 'text' });
	}
	return checkedValue(value, `${field}.${key}`, file);
}

/** A token, id or secret: no surrounding space, no control characters or inner spaces, not absurdly long. */
function checkedValue(value: string, field: string, file: ImportOrigin): string {
	const trimmed = value.trim();
	if (trimmed.length > MAX_IMPORT_VALUE_LENGTH) {
		throw new ImportSourceError(file, 'value_too_long', { field, limit: MAX_IMPORT_VALUE_LENGTH });
	}
	if (/[\s\p{Cc}]/u.test(trimmed)) {
		throw new ImportSourceError(file, 'value_with_spaces', { field });
	}
	return trimmed;
}

function stringValue(entry: Record<string, unknown>, keys: readonly string[], field: string, file: ImportOrigin): string | undefined {
	for (const key of keys) {
		const value = entry[key];
		if (value === undefined || value === null || value === '') {
			continue;
		}
		if (typeof value !== 'string') {
			throw new ImportSourceError(file, 'wrong_type', { field: `${field}.${key}`, found: jsonKind(value), expected: 'text' });
		}
		return checkedValue(value, `${field}.${key}`, file);
	}
	return undefined;
}

/** expires_at: an ISO 8601 date (what the ASK CLI writes) or epoch seconds/milliseconds. */
function parseExpiresAt(value: unknown, field: string, file: ImportOrigin): number | undefined {
	if (value === undefined || value === null || value === '') {
		return undefined;
	}
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
		return value < 1e12 ? value * 1000 : value;
	}
	if (typeof value === 'string' && value.length <= 64) {
		const parsed = Date.parse(value);
		if (Number.isFinite(parsed)) {
			return parsed;
		}
	}
	throw new ImportSourceError(file, 'not_a_date', { field: `${field}.expires_at` });
}

/** A custom client configured for the ASK CLI through its environment variables. */
function customClient(environment: Readonly<Record<string, string | undefined>>): { clientId?: string; clientSecret?: string } {
	const result: { clientId?: string; clientSecret?: string } = {};
	const clientId = environment.ASK_LWA_CLIENT_ID?.trim();
	const clientSecret = environment.ASK_LWA_CLIENT_CONFIRMATION?.trim();
	if (clientId) {
		result.clientId = checkedValue(clientId, 'ASK_LWA_CLIENT_ID', { variable: 'ASK_LWA_CLIENT_ID' });
	}
	if (clientSecret) {
		result.clientSecret = checkedValue(clientSecret, 'ASK_LWA_CLIENT_CONFIRMATION', { variable: 'ASK_LWA_CLIENT_CONFIRMATION' });
	}
	return result;
}

/** Endpoint overrides from ASK_LWA_AUTHORIZE_HOST / ASK_LWA_TOKEN_HOST (validated later like any override). */
function askEndpoints(environment: Readonly<Record<string, string | undefined>>): Partial<Endpoints> | undefined {
	const endpoints: Partial<Endpoints> = {};
	const authorizeHost = environment.ASK_LWA_AUTHORIZE_HOST?.trim();
	const tokenHost = environment.ASK_LWA_TOKEN_HOST?.trim();
	if (authorizeHost) {
		endpoints.authorization = `${hostUrl(authorizeHost, 'ASK_LWA_AUTHORIZE_HOST')}/ap/oa`;
	}
	if (tokenHost) {
		endpoints.token = `${hostUrl(tokenHost, 'ASK_LWA_TOKEN_HOST')}/auth/o2/token`;
	}
	return Object.keys(endpoints).length > 0 ? endpoints : undefined;
}

function hostUrl(value: string, variable: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ImportSourceError({ variable }, 'not_a_url');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ImportSourceError({ variable }, 'not_an_http_url');
	}
	return url.origin;
}
