// Text from outside (a URI a web page opened, a request to the loopback listener, a server's answer)
// goes into the log only through forLog. Such text is chosen by someone else: a line break in it
// would write a second, forged log line, and bidi overrides or other invisible characters would make
// a line read differently from what it holds.

/** The default length bound of a logged outside value, in characters of the logged text. */
export const LOG_VALUE_MAX_LENGTH = 120;

/**
 * Characters written as escapes: C0 controls, DEL, C1 controls, the Unicode line and paragraph
 * separators, the bidi marks, embeddings, overrides and isolates, the byte order mark, lone surrogates,
 * and the backslash itself (so an escape in the log always means an escape, never text that looks like one).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\\]|[\ud800-\udfff]/u;

function escapeCodePoint(character: string): string {
	if (character === '\\') {
		return '\\\\';
	}
	return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `value` as one safe log fragment: every control, separator and bidi character escaped as `\uXXXX`,
 * and at most `maxLength` characters of escaped text, followed by a note of how many characters were
 * left off.
 */
export function forLog(value: unknown, maxLength: number = LOG_VALUE_MAX_LENGTH): string {
	const text = typeof value === 'string' ? value : String(value);
	const characters = Array.from(text);
	let logged = '';
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index];
		const piece = NEEDS_ESCAPE.test(character) ? escapeCodePoint(character) : character;
		if (logged.length + piece.length > maxLength) {
			return `${logged}… (${characters.length - index} more characters)`;
		}
		logged += piece;
	}
	return logged;
}
