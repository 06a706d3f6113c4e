// What an import offers: one candidate per source profile (an ASK CLI profile, a set of environment
// variables), the masked preview of what it would store, and the error a malformed source gives.
// Pure: no file or environment access here; callers pass the text and the variables in.
import type { Endpoints, Region } from '../lwa/endpoints';

/** Where a candidate comes from. */
export type ImportSource = 'ask-cli' | 'environment';

/** One set of credentials that could be imported as one profile. Holds secrets: never log it. */
export interface ImportCandidate {
	/** Stable id, e.g. 'ask-cli:default' or 'env:lwa'; used by the command's `accept` argument. */
	id: string;
	source: ImportSource;
	/** Where it was found, in plain words (no values): 'ASK CLI profile "default" in /home/me/.ask/cli_config'. */
	sourceLabel: string;
	/** The profile name the import suggests (the user may rename it on a collision). */
	suggestedName: string;
	clientId?: string;
	clientSecret?: string;
	accessToken?: string;
	/** Epoch ms at which the access token expires, when known. */
	accessTokenExpiresAt?: number;
	refreshToken?: string;
	/** Scopes known from the source (the ASK CLI's defaults); undefined means ask. */
	scopes?: string[];
	/** Region known from the source; undefined means ask. */
	region?: Region;
	/** Endpoint overrides known from the source (ASK_LWA_TOKEN_HOST, ASK_LWA_AUTHORIZE_HOST). */
	endpoints?: Partial<Endpoints>;
	/** True when the tokens were issued for the ASK CLI's own client (no custom client configured). */
	issuedForAskCliClient: boolean;
	/** Plain notes for the preview (never values). */
	notes: string[];
}

/** What an import error concerns: the ASK CLI config file, or an environment variable. */
export type ImportOrigin = { readonly file: string } | { readonly variable: string };

/**
 * What is wrong with a source as a whole (the VS Code layer words it, in src/vscode/ui/errorTexts.ts):
 * `unreadable`, `not_a_file`, `too_large` (size, limit), `empty`, `not_json`, `not_an_object`
 * (found), `no_profiles`, `profiles_not_an_object` (found), `empty_profile_name`, `wrong_type` (field,
 * found, expected), `token_type_not_bearer` (field), `value_too_long` (field, limit),
 * `value_with_spaces` (field), `not_a_date` (field), `not_a_url`, `not_an_http_url`.
 */
export type ImportSourceProblem =
	| 'unreadable' | 'not_a_file' | 'too_large' | 'empty' | 'not_json' | 'not_an_object' | 'no_profiles'
	| 'profiles_not_an_object' | 'empty_profile_name' | 'wrong_type' | 'token_type_not_bearer'
	| 'value_too_long' | 'value_with_spaces' | 'not_a_date' | 'not_a_url' | 'not_an_http_url';

/** What a JSON value turned out to be, for a `wrong_type` problem. */
export type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';

/** Facts a problem's sentence names: the file's own field path, sizes, kinds; never a value. */
export interface ImportProblemFacts {
	/** The field path in the file (profile names are the file's keys, shown escaped). */
	readonly field?: string;
	readonly found?: JsonKind;
	readonly expected?: 'object' | 'text' | 'number';
	readonly size?: number;
	readonly limit?: number;
}

/**
 * A source that could not be read as a whole: the source, what is wrong and safe facts, never a value.
 * The message is English, for the log.
 */
export class ImportSourceError extends Error {
	constructor(readonly origin: ImportOrigin, readonly problem: ImportSourceProblem, readonly facts: ImportProblemFacts = {}) {
		super(`Nothing was imported: ${'file' in origin ? `the ASK CLI config ${origin.file}` : `the environment variable ${origin.variable}`}: ${problem.replace(/_/g, ' ')}${facts.field !== undefined ? ` (${facts.field})` : ''}.`);
		this.name = 'ImportSourceError';
	}
}

/** A candidate that was found but cannot be offered, with the reason (no values). */
export interface SkippedSource {
	sourceLabel: string;
	reason: string;
}

/** The largest source file an import reads (1 MiB); a cli_config is a few kilobytes. */
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024;

/** The longest single value (token, secret, id) an import accepts. */
export const MAX_IMPORT_VALUE_LENGTH = 4096;

/**
 * A secret for display: its `Atzr|`-style prefix (when it has one) and at most its last 4 characters,
 * and only when the value is long enough that 4 characters give nothing away; else just '…'.
 */
export function maskSecret(value: string): string {
	const prefix = /^(Atz[a-z]\|)/.exec(value)?.[1] ?? '';
	const rest = value.slice(prefix.length);
	const tail = rest.length >= 20 ? rest.slice(-4) : '';
	return `${prefix}…${tail}`;
}

/** The preview line of what a candidate would store: masked tokens, "client secret present", never a whole value. */
export function describeCandidateContents(candidate: ImportCandidate, now: number): string {
	const parts: string[] = [];
	if (candidate.clientId) {
		parts.push(`client id ${candidate.clientId}`);
	} else {
		parts.push('no client id (you will be asked)');
	}
	if (candidate.clientSecret) {
		parts.push('client secret present');
	}
	if (candidate.refreshToken) {
		parts.push(`refresh token ${maskSecret(candidate.refreshToken)}`);
	}
	if (candidate.accessToken) {
		const expiresAt = candidate.accessTokenExpiresAt;
		const state = expiresAt === undefined ? 'expiry unknown' : expiresAt <= now ? 'expired' : 'valid';
		parts.push(`access token ${maskSecret(candidate.accessToken)} (${state})`);
	}
	return parts.join(' · ');
}

/** A profile name made from free text: letters, digits, '-', '_' and '.', at most 64 characters. */
export function sanitizeProfileName(text: string): string {
	const cleaned = text.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
	return cleaned === '' ? 'imported' : cleaned;
}

/** `base`, or `base-2`, `base-3`, … : the first name not in `taken`. */
export function uniqueProfileName(base: string, taken: readonly string[]): string {
	if (!taken.includes(base)) {
		return base;
	}
	for (let suffix = 2; ; suffix++) {
		const name = `${base}-${suffix}`;
		if (!taken.includes(name)) {
			return name;
		}
	}
}
