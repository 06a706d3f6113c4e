// A strict JSON reader (RFC 8259) that keeps every number as the text it was written as. The Ads API
// writes profile ids as JSON numbers, and they are 64-bit integers: JSON.parse turns them into
// doubles, which round every id above 2^53 to a neighbour (another advertiser's id, or none). Here a
// number stays a JsonNumber holding its digits, so nothing ever goes through Number.
//
// Bounded: nesting depth is limited (no stack exhaustion from "[[[[…"), and objects are built without
// a prototype, so a "__proto__" key is an ordinary key. Duplicate keys: the last one wins, as in JSON.parse.

/** A JSON number, as written. */
export class JsonNumber {
	constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

/** Why a text is not JSON (for the log; never shown with the text). */
export class RawJsonError extends Error {
	constructor(readonly position: number, what: string) {
		super(`${what} at character ${position}`);
		this.name = 'RawJsonError';
	}
}

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads a whole JSON text; throws RawJsonError when it is not exactly one JSON value. */
export function parseRawJson(text: string): JsonValue {
	const reader = new Reader(text);
	reader.skipWhitespace();
	const value = reader.value(0);
	reader.skipWhitespace();
	if (!reader.atEnd()) {
		throw new RawJsonError(reader.position, 'text after the JSON value');
	}
	return value;
}

class Reader {
	position = 0;

	constructor(private readonly text: string) {}

	atEnd(): boolean {
		return this.position >= this.text.length;
	}

	skipWhitespace(): void {
		while (this.position < this.text.length) {
			const character = this.text[this.position];
			if (character !== ' ' && character !== '\t' && character !== '\n' && character !== '\r') {
				return;
			}
			this.position++;
		}
	}

	value(depth: number): JsonValue {
		if (depth > MAX_DEPTH) {
			throw new RawJsonError(this.position, 'nesting too deep');
		}
		const character = this.text[this.position];
		switch (character) {
			case '{':
				return this.object(depth);
			case '[':
				return this.array(depth);
			case '"':
				return this.string();
			case 't':
				return this.literal('true', true);
			case 'f':
				return this.literal('false', false);
			case 'n':
				return this.literal('null', null);
			default:
				return this.number();
		}
	}

	private literal<T extends JsonValue>(word: string, value: T): T {
		if (!this.text.startsWith(word, this.position)) {
			throw new RawJsonError(this.position, 'unexpected character');
		}
		this.position += word.length;
		return value;
	}

	private number(): JsonNumber {
		NUMBER.lastIndex = this.position;
		const match = NUMBER.exec(this.text);
		if (!match || match[0] === '-' || match[0] === '') {
			throw new RawJsonError(this.position, 'unexpected character');
		}
		this.position += match[0].length;
		// "0123" would leave "123" behind: caught as text after the value or a missing separator.
		return new JsonNumber(match[0]);
	}

	private string(): string {
		this.position++; // the opening quote
		let result = '';
		let runStart = this.position;
		while (this.position < this.text.length) {
			const code = this.text.charCodeAt(this.position);
			if (code === 0x22) {
				result += this.text.slice(runStart, this.position);
				this.position++;
				return result;
			}
			if (code < 0x20) {
				throw new RawJsonError(this.position, 'control character in a string');
			}
			if (code === 0x5c) {
				result += this.text.slice(runStart, this.position);
				result += this.escape();
				runStart = this.position;
				continue;
			}
			this.position++;
		}
		throw new RawJsonError(this.position, 'unterminated string');
	}

	private escape(): string {
		const next = this.text[this.position + 1];
		if (next === 'u') {
			const hex = this.text.slice(this.position + 2, this.position + 6);
			if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
				throw new RawJsonError(this.position, 'bad \\u escape');
			}
			this.position += 6;
			// Lone surrogates are kept as JSON.parse keeps them; display code escapes them.
			return String.fromCharCode(parseInt(hex, 16));
		}
		const replacement = next !== undefined ? ESCAPES[next] : undefined;
		if (replacement === undefined) {
			throw new RawJsonError(this.position, 'bad escape');
		}
		this.position += 2;
		return replacement;
	}

	private array(depth: number): JsonValue[] {
		this.position++;
		const items: JsonValue[] = [];
		this.skipWhitespace();
		if (this.text[this.position] === ']') {
			this.position++;
			return items;
		}
		for (;;) {
			this.skipWhitespace();
			items.push(this.value(depth + 1));
			this.skipWhitespace();
			const separator = this.text[this.position++];
			if (separator === ']') {
				return items;
			}
			if (separator !== ',') {
				throw new RawJsonError(this.position - 1, 'expected , or ]');
			}
		}
	}

	private object(depth: number): { [key: string]: JsonValue } {
		this.position++;
		const result = Object.create(null) as { [key: string]: JsonValue };
		this.skipWhitespace();
		if (this.text[this.position] === '}') {
			this.position++;
			return result;
		}
		for (;;) {
			this.skipWhitespace();
			if (this.text[this.position] !== '"') {
				throw new RawJsonError(this.position, 'expected a key');
			}
			const key = this.string();
			this.skipWhitespace();
			if (this.text[this.position++] !== ':') {
				throw new RawJsonError(this.position - 1, 'expected :');
			}
			this.skipWhitespace();
			result[key] = this.value(depth + 1);
			this.skipWhitespace();
			const separator = this.text[this.position++];
			if (separator === '}') {
				return result;
			}
			if (separator !== ',') {
				throw new RawJsonError(this.position - 1, 'expected , or }');
			}
		}
	}
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}
