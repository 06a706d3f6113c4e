// The one line a variable file holds for a profile: `NAME="value"`. Pure text work on the file's
// bytes, read as latin1 so that every byte maps to one character and back: lines the extension does
// not own come out byte for byte, whatever their encoding.
//
// The value is quoted because a shell that sources an unquoted `Atza|…` runs the part after `|` as a
// command. Inside double quotes a shell still expands `$`, backquotes and `\`, and `"` ends the value:
// LWA access tokens hold none of them (letters, digits and `|-_.+/=~`), and a value with any other
// character is refused rather than escaped, so the line means the same to a shell, dotenv and REST
// Client's `$dotenv`.

/** The characters a value may have: those of LWA access tokens. */
const SAFE_VALUE = /^[A-Za-z0-9|\-_.+/=~]{1,8192}$/;

/** True when `value` can go between double quotes unchanged. */
export function isSafeVariableValue(value: string): boolean {
	return SAFE_VALUE.test(value);
}

/** `NAME="value"`. Throws on a value isSafeVariableValue refuses (callers check first). */
export function variableLine(name: string, value: string): string {
	if (!isSafeVariableValue(value)) {
		throw new Error('The value has characters that cannot go into a variable line.');
	}
	return `${name}="${value}"`;
}

/** One line of the file: its text and its own line ending ('' for a last line without one). */
interface Line {
	text: string;
	ending: string;
}

function splitLines(content: string): Line[] {
	const lines: Line[] = [];
	const pattern = /\r\n|\n/g;
	let start = 0;
	for (let match = pattern.exec(content); match !== null; match = pattern.exec(content)) {
		lines.push({ text: content.slice(start, match.index), ending: match[0] });
		start = match.index + match[0].length;
	}
	if (start < content.length) {
		lines.push({ text: content.slice(start), ending: '' });
	}
	return lines;
}

/** True for a line that sets `name` (`NAME=`, `export NAME=`, spaces around `=` allowed). */
function setsVariable(text: string, name: string): boolean {
	const match = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/.exec(text);
	return match !== null && match[1] === name;
}

/** The file's line ending: that of its first line, `\n` when it has none. */
function lineEndingOf(lines: readonly Line[]): string {
	return lines.find((line) => line.ending !== '')?.ending ?? '\n';
}

/**
 * The file's content with `name` set to `value`, or with the lines setting `name` removed when
 * `value` is undefined. The first line that sets the variable is replaced in place (keeping its line
 * ending); further lines setting it are dropped, so the file holds one value. Without such a line, the
 * line is appended, after a line ending when the file lacks a trailing one, with the file's own line
 * ending (CRLF stays CRLF). Every other line stays byte for byte.
 */
export function withVariable(content: string, name: string, value: string | undefined): string {
	const lines = splitLines(content);
	const newText = value === undefined ? undefined : variableLine(name, value);
	const kept: Line[] = [];
	let replaced = false;
	for (const line of lines) {
		if (!setsVariable(line.text, name)) {
			kept.push(line);
		} else if (newText !== undefined && !replaced) {
			kept.push({ text: newText, ending: line.ending });
			replaced = true;
		}
	}
	if (newText !== undefined && !replaced) {
		const ending = lineEndingOf(lines);
		const last = kept[kept.length - 1];
		if (last !== undefined && last.ending === '') {
			last.ending = ending;
		}
		kept.push({ text: newText, ending });
	}
	return kept.map((line) => line.text + line.ending).join('');
}

/** The value the file sets `name` to (first line, quotes removed), or undefined. For tests and checks. */
export function readVariable(content: string, name: string): string | undefined {
	const line = splitLines(content).find((entry) => setsVariable(entry.text, name));
	if (!line) {
		return undefined;
	}
	const raw = line.text.slice(line.text.indexOf('=') + 1).trim();
	return /^"[^"]*"$/.test(raw) ? raw.slice(1, -1) : raw;
}
