// The variable line and the text around it (src/core/variableFile/variableLine.ts).
import * as assert from 'node:assert/strict';
import { isSafeVariableValue, readVariable, variableLine, withVariable } from '../../../../src/core/variableFile/variableLine';

const TOKEN = 'Atza|IwEBIA-token_value.with+all/the=chars~';

describe('variable lines (variableLine)', () => {
	it('quotes the value, so a shell that sources the line does not run the part after |', () => {
		assert.equal(variableLine('LWA_ACCESS_TOKEN', TOKEN), `LWA_ACCESS_TOKEN="${TOKEN}"`);
	});

	it('refuses values a shell would expand or that end the quotes or the line: $, backquote, backslash, ", spaces, line breaks, empty, huge', () => {
		for (const hostile of ['Atza|$(id)', 'Atza|`id`', 'Atza|a\\b', 'Atza|"; id; "', 'Atza|a b', 'Atza|a\nEVIL=1', 'Atza|a\r\nEVIL=1', 'Atza|a\u2028b', '', 'A'.repeat(8193)]) {
			assert.equal(isSafeVariableValue(hostile), false, JSON.stringify(hostile.slice(0, 20)));
			assert.throws(() => variableLine('X', hostile));
			assert.throws(() => withVariable('A=1\n', 'X', hostile));
		}
		assert.equal(isSafeVariableValue(TOKEN), true);
	});

	it('appends the line to a file without it, keeping every other byte', () => {
		assert.equal(withVariable('# comment\nOTHER=1\n', 'LWA_ACCESS_TOKEN', 'Atza|a'), '# comment\nOTHER=1\nLWA_ACCESS_TOKEN="Atza|a"\n');
		assert.equal(withVariable('', 'LWA_ACCESS_TOKEN', 'Atza|a'), 'LWA_ACCESS_TOKEN="Atza|a"\n');
	});

	it('adds a line ending first when the file lacks a trailing one', () => {
		assert.equal(withVariable('OTHER=1', 'V', 'Atza|a'), 'OTHER=1\nV="Atza|a"\n');
	});

	it('keeps CRLF in a CRLF file, for the line it appends and the one it replaces', () => {
		assert.equal(withVariable('A=1\r\nB=2', 'V', 'Atza|a'), 'A=1\r\nB=2\r\nV="Atza|a"\r\n');
		assert.equal(withVariable('A=1\r\nV="old"\r\nB=2\r\n', 'V', 'Atza|b'), 'A=1\r\nV="Atza|b"\r\nB=2\r\n');
	});

	it('replaces the first line that sets the variable in place (also with export and spaces) and drops repeats', () => {
		assert.equal(withVariable('A=1\nexport V = old\nB=2\nV=again\n', 'V', 'Atza|n'), 'A=1\nV="Atza|n"\nB=2\n');
	});

	it('leaves lines of other variables alone, including names that start with the same letters and comments naming it', () => {
		const content = 'V_OLD=1\nMY_V=2\n# V="commented"\n';
		assert.equal(withVariable(content, 'V', 'Atza|n'), `${content}V="Atza|n"\n`);
	});

	it('removes every line of the variable with its line ending and keeps the rest, down to an empty file', () => {
		assert.equal(withVariable('A=1\nV="x"\nB=2', 'V', undefined), 'A=1\nB=2');
		assert.equal(withVariable('V="x"\n', 'V', undefined), '');
		assert.equal(withVariable('A=1\n', 'V', undefined), 'A=1\n');
	});

	it('keeps bytes that are not UTF-8 unchanged (the content is read one character per byte)', () => {
		const latin1 = Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x0a]).toString('latin1');
		assert.deepEqual(Buffer.from(withVariable(latin1, 'V', 'Atza|a'), 'latin1'), Buffer.concat([Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x0a]), Buffer.from('V="Atza|a"\n')]));
	});

	it('reads the value back without its quotes', () => {
		assert.equal(readVariable('A=1\nV="Atza|a"\n', 'V'), 'Atza|a');
		assert.equal(readVariable('A=1\n', 'V'), undefined);
	});
});
