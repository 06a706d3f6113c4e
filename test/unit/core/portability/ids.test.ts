// Names on disk come only from validated ids and our own record numbers: hostile ids are refused, not repaired.
import * as assert from 'node:assert/strict';
import { dataFileExtension, MAX_ID_LENGTH, partialFileName, recordFileName, runFolderName, safeId, safeScopeId } from '../../../../src/core/portability/ids';

describe('Data Portability file names', () => {
	it('accepts a UUID query id and plain ids as folder names', () => {
		assert.deepEqual(['a1111111-b222-c333-d444-e55555555555', 'Q_1', 'x'].map(safeId), ['a1111111-b222-c333-d444-e55555555555', 'Q_1', 'x']);
	});

	it('refuses hostile ids: dots, slashes, backslashes, encoded slashes, control characters, NUL, reserved names, huge values, non-strings', () => {
		const hostile: unknown[] = [
			'..', '.', '../etc', 'a/../b', 'a/b', '/abs', 'a\\b', '..\\..\\win', '%2e%2e%2f', 'a%2Fb', 'a%5Cb', 'a\u0000b', 'a\nb', 'a\rb', '\u001b[31m',
			'a\u202eb', 'CON', 'nul', 'com1', 'LPT9', 'a:b', 'C:', 'x'.repeat(MAX_ID_LENGTH + 1), 'x'.repeat(1_000_000), '', ' ', '-leading', '_leading',
			'name.json', 'é', 42, null, undefined, {}, ['a'],
		];
		assert.deepEqual(hostile.map(safeId).filter((value) => value !== undefined), [], 'every hostile id is refused');
	});

	it('accepts only Data Portability scope ids as scope folders', () => {
		assert.deepEqual(['portability-customer-profile', 'portability-../x', 'Portability-x', 'portability-', 'portability-a/b'].map(safeScopeId),
			['portability-customer-profile', undefined, undefined, undefined, undefined]);
	});

	it('names record files from our own numbers, with data extensions only from an allowlist of content types', () => {
		assert.deepEqual({
			schema: recordFileName(1, 'schema'),
			csv: recordFileName(12, 'data', dataFileExtension('text/csv; charset=utf-8')),
			json: recordFileName(3, 'data', dataFileExtension('Application/JSON')),
			unknown: recordFileName(4, 'data', dataFileExtension('application/x-msdownload')),
			hostileType: recordFileName(5, 'data', dataFileExtension('../../evil; filename=x.sh')),
			hostileExtension: recordFileName(6, 'data', '../sh'),
		}, {
			schema: 'record-00001.schema.json', csv: 'record-00012.data.csv', json: 'record-00003.data.json',
			unknown: 'record-00004.data.data', hostileType: 'record-00005.data.data', hostileExtension: 'record-00006.data.data',
		});
		assert.throws(() => recordFileName(0, 'data'), RangeError);
	});

	it('gives partial files a hidden temporary name and run folders a UTC stamp', () => {
		assert.equal(partialFileName('record-00001.data.csv', 'ab/../12'), '.record-00001.data.csv.ab12.part');
		assert.equal(runFolderName(Date.UTC(2024, 1, 29, 10, 15, 0)), 'data-portability-20240229-101500');
	});
});
