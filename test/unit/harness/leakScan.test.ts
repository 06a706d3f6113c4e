import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanForLeaks } from '../../harness/leakScan';

describe('the leak scan', () => {
	let root: string;

	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-leak-scan-'));
	});

	afterEach(() => {
		fs.rmSync(root, { recursive: true, force: true });
	});

	it('finds a secret written as is, URL-encoded or as UTF-16, in nested files and in captured output', () => {
		const token = 'Atza|sentinel-token';
		fs.mkdirSync(path.join(root, 'logs', 'exthost'), { recursive: true });
		fs.writeFileSync(path.join(root, 'logs', 'exthost', 'plain.log'), `token=${token}\n`);
		fs.writeFileSync(path.join(root, 'encoded.txt'), `GET /x?access_token=${encodeURIComponent(token)}`);
		fs.writeFileSync(path.join(root, 'storage.bin'), Buffer.concat([Buffer.from([0, 1]), Buffer.from(token, 'utf16le')]));
		fs.writeFileSync(path.join(root, 'clean.txt'), 'nothing to see');
		const result = scanForLeaks(root, [{ label: 'access token', value: token }], { 'test output': `printed ${token}` }, () => undefined);
		assert.deepEqual(
			result.leaks.map((hit) => `${hit.location} ${hit.encoding}`).sort(),
			['encoded.txt url-encoded', path.join('logs', 'exthost', 'plain.log') + ' utf8', 'storage.bin utf16le', 'test output utf8'].sort(),
		);
		assert.equal(result.filesScanned, 4);
	});

	it('reports a hit in an allowed place as allowed, with the reason, and never as a leak', () => {
		fs.writeFileSync(path.join(root, 'secret-store.db'), 'client-secret-value');
		const result = scanForLeaks(root, [{ label: 'client secret', value: 'client-secret-value' }], {}, (hit) => (hit.location === 'secret-store.db' ? 'the secret store' : undefined));
		assert.deepEqual(result.leaks, []);
		assert.deepEqual(result.allowed, [{ location: 'secret-store.db', label: 'client secret', encoding: 'utf8', reason: 'the secret store' }]);
	});
});
