// What `lwa-token` (the terminal helper) and the extension host say to each other over the socket,
// with the limits and checks the server applies before it answers anything. Pure, no 'vscode'.
//
// One request, one answer, each a single line of JSON:
//   helper -> host: {"v":1,"secret":"<64 hex>","format":"raw","profile"?,"partner"?,"scope"?,"pid","ppid"}
//   host -> helper: {"ok":true,"output":"<what to print>"} or {"ok":false,"exit":<code>,"message":"<why>"}
// The server reads at most MAX_REQUEST_BYTES and waits at most REQUEST_READ_TIMEOUT_MS for the line.
// Until the secret matches it says nothing at all: an oversized, slow, malformed or wrongly keyed
// request is met by a closed connection, so nothing about the server leaks to a caller without the secret.
// The server's checks are in requestCheck.ts: this file is also the helper's, which must not load node:crypto.

/** The protocol's version; a helper of another version is answered with a usage refusal. */
export const PROTOCOL_VERSION = 1;

/** The most bytes the server reads of a request, its newline included. */
export const MAX_REQUEST_BYTES = 4096;

/** How long the server waits for a whole request line after the connection opens. */
export const REQUEST_READ_TIMEOUT_MS = 2000;

/** The most bytes the helper reads of an answer (an Ads header block or the JSON object fit many times over). */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** The environment variables the extension puts into this window's terminals. */
export const ENV = {
	/** The socket path (a named pipe on Windows) the server listens on. */
	handle: 'LWA_TOKEN_IPC_HANDLE',
	/** The random secret every request must carry. */
	secret: 'LWA_TOKEN_IPC_SECRET',
	/** The runtime the wrapper script starts (the extension host's own: node, or Electron as node). */
	node: 'LWA_TOKEN_NODE',
	/** The helper's script, dist/lwaToken.js. */
	main: 'LWA_TOKEN_MAIN',
} as const;

/** The secret's length in bytes (it travels as hex). */
export const SECRET_BYTES = 32;

/**
 * The helper's exit codes, one per outcome a script can act on. Documented in the README.
 * 1 is every other failure (network, the token endpoint's trouble, an answer that cannot be read).
 */
export const EXIT = {
	ok: 0,
	failed: 1,
	usage: 2,
	notSignedIn: 3,
	refreshRefused: 4,
	noSuchProfile: 5,
	ambiguous: 6,
	notAllowed: 7,
	unreachable: 8,
} as const;

export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** True for one of the EXIT codes. */
export function isExitCode(value: unknown): value is ExitCode {
	return typeof value === 'number' && (Object.values(EXIT) as number[]).includes(value);
}

/** The output formats, as the helper's --format names them. */
export const TOKEN_FORMATS = ['raw', 'bearer', 'header', 'amz', 'ads', 'json'] as const;
export type TokenFormat = typeof TOKEN_FORMATS[number];

export function isTokenFormat(value: unknown): value is TokenFormat {
	return typeof value === 'string' && (TOKEN_FORMATS as readonly string[]).includes(value);
}

/** A request, once its secret matched and its fields were checked. */
export interface TokenRequest {
	format: TokenFormat;
	profile?: string;
	partner?: string;
	scope?: string;
	/** What the helper says its process id and its parent's (the shell) are. Claimed, not proven. */
	pid?: number;
	ppid?: number;
}

/** The answer the server sends. */
export type TokenAnswer =
	| { ok: true; output: string }
	| { ok: false; exit: Exclude<ExitCode, 0>; message: string };

/** The longest profile name, partner id or scope a request may carry (longer ones are refused as usage). */
export const MAX_NAME_LENGTH = 256;

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** True for a name a request may carry: a non-empty string, bounded, without control or bidi characters. */
export function isSafeName(value: unknown): value is string {
	return typeof value === 'string' && value !== '' && value.length <= MAX_NAME_LENGTH && !UNSAFE_TEXT.test(value);
}

/** The fields of a request line as the helper writes them. */
export function encodeRequest(secret: string, request: TokenRequest): string {
	return `${JSON.stringify({ v: PROTOCOL_VERSION, secret, ...request })}\n`;
}

/** Reads the server's answer; undefined for anything the server does not send. */
export function decodeAnswer(text: string): TokenAnswer | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null) {
		return undefined;
	}
	const record = parsed as Record<string, unknown>;
	if (record.ok === true && typeof record.output === 'string') {
		return { ok: true, output: record.output };
	}
	if (record.ok === false && isExitCode(record.exit) && record.exit !== EXIT.ok && typeof record.message === 'string') {
		return { ok: false, exit: record.exit, message: record.message };
	}
	return undefined;
}

/**
 * Text from the server made safe to print on a terminal: control characters (escape sequences could
 * retitle the window, move the cursor or hide text) and bidi overrides become '?', and the length is bounded.
 */
export function printable(text: string, maxLength = 2000): string {
	// eslint-disable-next-line no-control-regex -- replacing control characters is the point
	const cleaned = text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
	return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength)}…` : cleaned;
}
