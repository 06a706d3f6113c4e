import * as assert from 'node:assert/strict';
import { forLog, LOG_VALUE_MAX_LENGTH } from '../../../src/core/logText';

describe('forLog', () => {
	it('keeps ordinary text, including non-Latin letters and emoji, as it is', () => {
		assert.equal(forLog('/callback?x=1 Grüße 東京 🙂'), '/callback?x=1 Grüße 東京 🙂');
	});

	it('escapes every C0 control character, so a line break cannot start a forged line', () => {
		for (let code = 0; code <= 0x1f; code++) {
			const escaped = forLog(`a${String.fromCharCode(code)}b`);
			assert.equal(escaped, `a\\u${code.toString(16).padStart(4, '0')}b`);
		}
		assert.equal(forLog('x\r\n2025-01-01 [error] forged'), 'x\\u000d\\u000a2025-01-01 [error] forged');
	});

	it('escapes DEL and every C1 control character', () => {
		for (let code = 0x7f; code <= 0x9f; code++) {
			assert.equal(forLog(String.fromCharCode(code)), `\\u00${code.toString(16)}`);
		}
	});

	it('escapes the Unicode line and paragraph separators', () => {
		assert.equal(forLog('a\u2028b\u2029c'), 'a\\u2028b\\u2029c');
	});

	it('escapes bidi marks, embeddings, overrides and isolates, and the byte order mark', () => {
		const invisible = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff'];
		for (const character of invisible) {
			assert.equal(forLog(`x${character}y`), `x\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}y`);
		}
	});

	it('escapes a lone surrogate but keeps a surrogate pair', () => {
		assert.equal(forLog('a\ud800b\udc00c'), 'a\\ud800b\\udc00c');
		assert.equal(forLog('\ud83d\ude42'), '🙂');
	});

	it('writes a backslash as two, so logged text never looks like an escape it is not', () => {
		assert.equal(forLog('\\u000a'), '\\\\u000a');
	});

	it('bounds a long value and says how many characters it left off', () => {
		const logged = forLog('a'.repeat(1000));
		assert.equal(logged, `${'a'.repeat(LOG_VALUE_MAX_LENGTH)}… (${1000 - LOG_VALUE_MAX_LENGTH} more characters)`);
	});

	it('counts the escaped text against the bound and never cuts an escape in half', () => {
		const logged = forLog('\n'.repeat(10), 20);
		assert.equal(logged, '\\u000a\\u000a\\u000a… (7 more characters)');
	});

	it('turns a value that is not a string into text', () => {
		assert.equal(forLog(undefined), 'undefined');
		assert.equal(forLog(42), '42');
	});
});
