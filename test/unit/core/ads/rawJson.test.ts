// The raw JSON reader: every number kept as its text (64-bit profile ids exact), strict grammar,
// bounded depth, no prototype keys.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { JsonValue } from '../../../../src/core/ads/rawJson';
import { JsonNumber, parseRawJson, RawJsonError } from '../../../../src/core/ads/rawJson';

/** The reader's value with numbers as Number, to compare with JSON.parse where no precision is lost. */
function withNumbers(value: JsonValue): unknown {
	if (value instanceof JsonNumber) {
		return Number(value.text);
	}
	if (Array.isArray(value)) {
		return value.map(withNumbers);
	}
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withNumbers(item)]));
	}
	return value;
}

describe('Raw JSON reader', () => {
	it('reads any JSON that JSON.stringify writes as JSON.parse does, numbers aside', () => {
		fc.assert(fc.property(fc.jsonValue(), (value) => {
			const text = JSON.stringify(value);
			assert.deepEqual(withNumbers(parseRawJson(text)), JSON.parse(text));
		}), { numRuns: 300 });
	});

	it('keeps every integer id above 2^53 exactly as written, where JSON.parse rounds it', () => {
		fc.assert(fc.property(fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 64n - 1n }), (id) => {
			const text = `[{"profileId":${id.toString()},"countryCode":"US"}]`;
			const read = parseRawJson(text) as { profileId: JsonValue }[];
			assert.ok(read[0].profileId instanceof JsonNumber);
			assert.equal(read[0].profileId.text, id.toString());
		}), { numRuns: 500 });
		// The reason for the reader: JSON.parse loses the last digit here.
		assert.notEqual(String((JSON.parse('{"id":9007199254740993}') as { id: number }).id), '9007199254740993');
	});

	it('refuses what is not exactly one JSON value: leading zeros, trailing text, bad escapes, control characters, lone literals', () => {
		for (const text of ['0123', '[0123]', '{"a":1} x', '"\\x"', '"a\u0001b"', 'tru', '[1,]', '{"a" 1}', '', '-', '01', '1.', '.5', '+1', '"\\u12G4"', '[1 2]', 'NaN']) {
			assert.throws(() => parseRawJson(text), RawJsonError, JSON.stringify(text));
		}
	});

	it('refuses nesting deeper than 64 levels instead of exhausting the stack', () => {
		assert.throws(() => parseRawJson('['.repeat(100_000) + ']'.repeat(100_000)), /nesting too deep/);
		assert.doesNotThrow(() => parseRawJson('['.repeat(60) + ']'.repeat(60)));
	});

	it('reads "__proto__" as an ordinary key, never as the prototype', () => {
		const read = parseRawJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
		assert.equal(Object.getPrototypeOf(read), null);
		assert.ok(Object.hasOwn(read, '__proto__'));
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
	});

	it('keeps fractions and exponents as text too', () => {
		const read = parseRawJson('[1.50,-2e10,0]') as JsonNumber[];
		assert.deepEqual(read.map((number) => number.text), ['1.50', '-2e10', '0']);
	});
});
