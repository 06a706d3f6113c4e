// lwa-token's pure parts: the command line, the request check (secret first, in constant time), the
// answer as the helper reads it, and where the socket goes. Hostile forms included.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArguments } from '../../../../src/core/terminal/arguments';
import { describeCaller } from '../../../../src/core/terminal/caller';
import { decodeAnswer, encodeRequest, EXIT, MAX_NAME_LENGTH, printable } from '../../../../src/core/terminal/protocol';
import { decodeRequest, secretMatches } from '../../../../src/core/terminal/requestCheck';
import { assertPrivateFolder, createSocketHandle, MAX_SOCKET_PATH_BYTES, socketHandleFor } from '../../../../src/core/terminal/socketServer';

const SECRET = 'a'.repeat(64);

describe('lwa-token arguments', () => {
	it('reads a profile, --partner, --scope and --format in both spellings, raw by default', () => {
		assert.deepEqual(parseArguments([]), { kind: 'arguments', value: { format: 'raw' } });
		assert.deepEqual(parseArguments(['sp', '--partner', 'A1B2C3', '--format=amz']), { kind: 'arguments', value: { profile: 'sp', partner: 'A1B2C3', format: 'amz' } });
		assert.deepEqual(parseArguments(['--scope=sellingpartnerapi::notifications', 'grantless']), { kind: 'arguments', value: { profile: 'grantless', scope: 'sellingpartnerapi::notifications', format: 'raw' } });
		assert.deepEqual(parseArguments(['--help']), { kind: 'help' });
	});

	it('refuses unknown options and formats, a missing value, repeats, two profiles, and --partner with --scope', () => {
		for (const argv of [['--verbose'], ['--format', 'yaml'], ['--partner'], ['--format', 'raw', '--format=json'], ['a', 'b'], ['--partner', 'A1', '--scope', 's']]) {
			assert.equal(parseArguments(argv).kind, 'error', argv.join(' '));
		}
	});

	it('refuses control characters, bidi overrides and oversized names, and never repeats them in the problem', () => {
		for (const hostile of ['prod\u001b]0;pwned\u0007', 'a\nb', 'evil\u202egnp', 'x'.repeat(MAX_NAME_LENGTH + 1), '']) {
			for (const argv of [[hostile], ['--partner', hostile], [`--scope=${hostile}`]]) {
				const parsed = parseArguments(argv);
				assert.equal(parsed.kind, 'error');
				assert.ok(parsed.kind === 'error' && (hostile === '' || !parsed.problem.includes(hostile)));
			}
		}
	});
});

describe('lwa-token request check', () => {
	const line = (fields: Record<string, unknown>) => JSON.stringify({ v: 1, secret: SECRET, format: 'raw', ...fields });

	it('accepts the line the helper writes', () => {
		const written = encodeRequest(SECRET, { format: 'json', profile: 'p', partner: 'A1B2', pid: 10, ppid: 9 });
		assert.ok(written.endsWith('\n'));
		assert.deepEqual(decodeRequest(written.trimEnd(), SECRET), { kind: 'request', request: { format: 'json', profile: 'p', partner: 'A1B2', pid: 10, ppid: 9 } });
	});

	it('compares secrets of any length without throwing, and matches only the same secret', () => {
		assert.equal(secretMatches(SECRET, SECRET), true);
		assert.equal(secretMatches(`${SECRET}a`, SECRET), false);
		assert.equal(secretMatches('', SECRET), false);
		assert.equal(secretMatches('b'.repeat(64), SECRET), false);
		assert.equal(secretMatches(42, SECRET), false);
		assert.equal(secretMatches(undefined, SECRET), false);
	});

	it('checks the secret before any other field: a wrong secret is a mismatch whatever else the line holds', () => {
		assert.deepEqual(decodeRequest(JSON.stringify({ v: 99, secret: 'b'.repeat(64), format: 'nope', profile: '\u0000' }), SECRET), { kind: 'secret_mismatch' });
		assert.deepEqual(decodeRequest(JSON.stringify({ format: 'raw' }), SECRET), { kind: 'secret_mismatch' });
	});

	it('calls malformed what is not a JSON object', () => {
		for (const text of ['', 'not json', '[1,2]', 'null', '"text"', '{"secret":']) {
			assert.deepEqual(decodeRequest(text, SECRET), { kind: 'malformed' }, text);
		}
	});

	it('with the right secret, names the field that is wrong: version, format, control characters, both accounts, ids', () => {
		assert.deepEqual(decodeRequest(line({ v: 2 }), SECRET), { kind: 'invalid', field: 'v' });
		assert.deepEqual(decodeRequest(line({ format: 'yaml' }), SECRET), { kind: 'invalid', field: 'format' });
		assert.deepEqual(decodeRequest(line({ profile: 'prod\u001b[2J' }), SECRET), { kind: 'invalid', field: 'profile' });
		assert.deepEqual(decodeRequest(line({ profile: 7 }), SECRET), { kind: 'invalid', field: 'profile' });
		assert.deepEqual(decodeRequest(line({ partner: 'x'.repeat(MAX_NAME_LENGTH + 1) }), SECRET), { kind: 'invalid', field: 'partner' });
		assert.deepEqual(decodeRequest(line({ partner: 'A1', scope: 's' }), SECRET), { kind: 'invalid', field: 'scope' });
		assert.deepEqual(decodeRequest(line({ pid: -1 }), SECRET), { kind: 'invalid', field: 'pid' });
		assert.deepEqual(decodeRequest(line({ ppid: 1.5 }), SECRET), { kind: 'invalid', field: 'ppid' });
	});
});

describe('lwa-token answers', () => {
	it('reads a token and a refusal, and nothing that is neither', () => {
		assert.deepEqual(decodeAnswer('{"ok":true,"output":"Atza|x"}\n'), { ok: true, output: 'Atza|x' });
		assert.deepEqual(decodeAnswer('{"ok":false,"exit":7,"message":"no"}'), { ok: false, exit: EXIT.notAllowed, message: 'no' });
		for (const text of ['', '{"ok":false,"exit":0,"message":"x"}', '{"ok":false,"exit":99,"message":"x"}', '{"ok":true}', 'garbage', '{"ok":false,"exit":3}']) {
			assert.equal(decodeAnswer(text), undefined, text);
		}
	});

	it('prints a message without terminal escape sequences or bidi overrides, and bounded', () => {
		assert.equal(printable('a\u001b]0;title\u0007b\u202ec\r'), 'a?]0;title?b?c?');
		assert.equal(printable('x'.repeat(50), 10), `${'x'.repeat(10)}…`);
	});

	it('describes the caller by the ids it claims, with the parent\'s name escaped on Linux only', () => {
		const comm = () => 'ba\u001bsh\n';
		assert.equal(describeCaller(10, 9, 'linux', comm), 'process 10 (parent 9 "ba\\u001bsh")');
		assert.equal(describeCaller(10, 9, 'darwin', comm), 'process 10 (parent 9)');
		assert.equal(describeCaller(10, 9, 'linux', () => {
			throw new Error('gone');
		}), 'process 10 (parent 9)');
		assert.equal(describeCaller(undefined, undefined), 'an unnamed process');
	});
});

describe('lwa-token socket place', () => {
	it('uses a named pipe with the random part on Windows, and a folder under the temporary folder elsewhere', () => {
		assert.deepEqual(socketHandleFor('win32', 'abcdef0123456789', 'C:\\Temp'), { pipe: '\\\\.\\pipe\\lwa-token-abcdef0123456789' });
		assert.deepEqual(socketHandleFor('linux', 'abcdef0123456789', '/tmp/run'), { parent: '/tmp/run' });
		assert.deepEqual(socketHandleFor('darwin', 'abcdef0123456789', '/var/folders/xy/T'), { parent: '/var/folders/xy/T' });
	});

	it('falls back to /tmp when the temporary folder is too deep for a socket path', () => {
		const deep = `/tmp/${'d'.repeat(MAX_SOCKET_PATH_BYTES)}`;
		assert.deepEqual(socketHandleFor('linux', 'abcdef0123456789', deep), { parent: '/tmp' });
	});

	it('creates a fresh folder with mode 0700 for the socket, and accepts it', () => {
		const handle = createSocketHandle('abcdef0123456789', 'linux', os.tmpdir());
		try {
			assert.ok(handle.folder);
			assert.equal(fs.statSync(handle.folder).mode & 0o777, 0o700);
			assert.equal(path.dirname(handle.path), handle.folder);
			assertPrivateFolder(handle.folder);
		} finally {
			fs.rmSync(handle.folder ?? '', { recursive: true, force: true });
		}
	});

	it('refuses a socket folder open to group or others, and a symbolic link to a private folder', () => {
		const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-token-test-'));
		try {
			const open = path.join(parent, 'open');
			fs.mkdirSync(open, { mode: 0o700 });
			fs.chmodSync(open, 0o755);
			assert.throws(() => assertPrivateFolder(open), /open to other users \(mode 755\)/);
			const private700 = path.join(parent, 'private');
			fs.mkdirSync(private700, { mode: 0o700 });
			const link = path.join(parent, 'link');
			fs.symlinkSync(private700, link);
			assert.throws(() => assertPrivateFolder(link), /not a folder/);
		} finally {
			fs.rmSync(parent, { recursive: true, force: true });
		}
	});
});
