// Writing the variable file (src/core/variableFile/variableFile.ts) against real files in temporary
// folders and a real git, with the hostile cases: symlinks, a symlinked folder, a tracked file, a
// directory or FIFO in the file's place, a huge file, an untrusted workspace, git missing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitRunner } from '../../../../src/core/variableFile/git';
import { gitStandingOf } from '../../../../src/core/variableFile/git';
import { addToGitignore, gitignoreFor, MAX_VARIABLE_FILE_BYTES, updateVariableFile } from '../../../../src/core/variableFile/variableFile';

const TOKEN = 'Atza|IwEBIFirst-token';
const NEXT = 'Atza|IwEBISecond-token';

describe('the variable file (updateVariableFile)', () => {
	let scratch: string;
	let folder: string;

	beforeEach(async () => {
		scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-varfile-')));
		folder = path.join(scratch, 'workspace');
		await fs.mkdir(folder);
	});

	afterEach(async () => {
		await fs.rm(scratch, { recursive: true, force: true });
	});

	const change = (value: string | undefined, extra: Partial<Parameters<typeof updateVariableFile>[0]> = {}) =>
		updateVariableFile({ folder, file: '.env', name: 'LWA_ACCESS_TOKEN', value, trusted: true, ...extra });
	const read = (file = '.env') => fs.readFile(path.join(folder, file), 'utf8');
	const modeOf = async (file = '.env') => (await fs.stat(path.join(folder, file))).mode & 0o777;
	const ignoreEnvInRepository = async () => {
		execFileSync('git', ['init', '-q', folder]);
		await fs.writeFile(path.join(folder, '.gitignore'), '.env\n');
	};

	it('outside any repository: creates the file 0600 with the quoted line, then replaces the value, then removes the line', async () => {
		assert.deepEqual(await change(TOKEN), { status: 'written', file: '.env' });
		assert.equal(await read(), `LWA_ACCESS_TOKEN="${TOKEN}"\n`);
		assert.equal(await modeOf(), 0o600);
		assert.deepEqual(await change(NEXT), { status: 'written', file: '.env' });
		assert.equal(await read(), `LWA_ACCESS_TOKEN="${NEXT}"\n`);
		assert.deepEqual(await change(NEXT), { status: 'unchanged', file: '.env' });
		assert.deepEqual(await change(undefined), { status: 'removed', file: '.env' });
		assert.equal(await read(), '');
		assert.deepEqual(await change(undefined), { status: 'unchanged', file: '.env' });
	});

	it('keeps the other lines byte for byte (CRLF, no trailing newline, comments, non-UTF-8) and leaves no temporary file behind', async () => {
		const before = Buffer.concat([Buffer.from('# settings\r\nDB_URL="postgres://x"\r\nLATIN='), Buffer.from([0xe9, 0xff]), Buffer.from('\r\nLAST=1')]);
		await fs.writeFile(path.join(folder, '.env'), before);
		await change(TOKEN);
		assert.deepEqual(await fs.readFile(path.join(folder, '.env')), Buffer.concat([before, Buffer.from(`\r\nLWA_ACCESS_TOKEN="${TOKEN}"\r\n`)]));
		await change(undefined);
		assert.deepEqual(await fs.readFile(path.join(folder, '.env')), Buffer.concat([before, Buffer.from('\r\n')]));
		assert.deepEqual(await fs.readdir(folder), ['.env']);
	});

	it('a removal of a file that does not exist (or whose folder does not) is absent, and creates nothing', async () => {
		assert.deepEqual(await change(undefined), { status: 'absent', file: '.env' });
		assert.deepEqual(await change(undefined, { file: 'config/.env' }), { status: 'absent', file: 'config/.env' });
		assert.deepEqual(await fs.readdir(folder), []);
	});

	it('writes into a subfolder that exists, and refuses one that does not (folders are not created)', async () => {
		await fs.mkdir(path.join(folder, 'config'));
		assert.equal((await change(TOKEN, { file: 'config/.env' })).status, 'written');
		assert.deepEqual(await change(TOKEN, { file: 'missing/.env' }), { status: 'refused', file: 'missing/.env', reason: 'no_folder' });
	});

	it('in an untrusted workspace does nothing at all: no read, no git, no write', async () => {
		let gitRuns = 0;
		const git: GitRunner = async () => {
			gitRuns++;
			return { code: 0 };
		};
		assert.deepEqual(await change(TOKEN, { trusted: false, git }), { status: 'refused', file: '.env', reason: 'untrusted' });
		assert.equal(gitRuns, 0);
		assert.deepEqual(await fs.readdir(folder), []);
	});

	it('refuses a value that would inject a second line or break out of the quotes, and writes nothing', async () => {
		await fs.writeFile(path.join(folder, '.env'), 'A=1\n');
		for (const hostile of ['Atza|x\nEVIL=1', 'Atza|x"; touch pwned; "', 'Atza|$(id)']) {
			assert.equal((await change(hostile)).status === 'refused' && (await change(hostile) as { reason: string }).reason, 'unsafe_value');
		}
		assert.equal(await read(), 'A=1\n');
	});

	it('refuses a symlink in the file\'s place and leaves its target untouched', async () => {
		const target = path.join(scratch, 'elsewhere.txt');
		await fs.writeFile(target, 'precious\n');
		await fs.symlink(target, path.join(folder, '.env'));
		assert.deepEqual(await change(TOKEN), { status: 'refused', file: '.env', reason: 'symlink' });
		assert.equal(await fs.readFile(target, 'utf8'), 'precious\n');
		assert.equal((await fs.lstat(path.join(folder, '.env'))).isSymbolicLink(), true);
	});

	it('refuses a dangling symlink (it would create a file elsewhere)', async () => {
		await fs.symlink(path.join(scratch, 'created-elsewhere'), path.join(folder, '.env'));
		assert.equal((await change(TOKEN) as { reason?: string }).reason, 'symlink');
		await assert.rejects(fs.stat(path.join(scratch, 'created-elsewhere')));
	});

	it('refuses a path under a symlinked folder', async () => {
		const outside = path.join(scratch, 'outside');
		await fs.mkdir(outside);
		await fs.symlink(outside, path.join(folder, 'config'));
		assert.deepEqual(await change(TOKEN, { file: 'config/.env' }), { status: 'refused', file: 'config/.env', reason: 'symlinked_folder' });
		assert.deepEqual(await fs.readdir(outside), []);
	});

	it('refuses a directory or a FIFO in the file\'s place (without blocking on the FIFO)', async () => {
		await fs.mkdir(path.join(folder, '.env'));
		assert.equal((await change(TOKEN) as { reason?: string }).reason, 'not_a_file');
		execFileSync('mkfifo', [path.join(folder, 'pipe.env')]);
		assert.equal((await change(TOKEN, { file: 'pipe.env' }) as { reason?: string }).reason, 'not_a_file');
	});

	it('refuses a file larger than the limit and leaves it alone', async () => {
		await fs.writeFile(path.join(folder, '.env'), Buffer.alloc(MAX_VARIABLE_FILE_BYTES + 1, 0x41));
		assert.equal((await change(TOKEN) as { reason?: string }).reason, 'too_large');
		assert.equal((await fs.stat(path.join(folder, '.env'))).size, MAX_VARIABLE_FILE_BYTES + 1);
	});

	it('refuses a path into .git and paths with .. or empty parts', async () => {
		assert.equal((await change(TOKEN, { file: '.git/config' }) as { reason?: string }).reason, 'inside_git_folder');
		assert.equal((await change(TOKEN, { file: 'sub/.GIT/x' }) as { reason?: string }).reason, 'inside_git_folder');
		for (const file of ['../.env', 'a//b', '/etc/passwd']) {
			assert.equal((await change(TOKEN, { file }) as { reason?: string }).reason, 'bad_path', file);
		}
	});

	it('in a repository: writes a file git ignores, with the other lines intact', async () => {
		await ignoreEnvInRepository();
		await fs.writeFile(path.join(folder, '.env'), 'A=1\n');
		assert.deepEqual(await change(TOKEN), { status: 'written', file: '.env' });
		assert.equal(await read(), `A=1\nLWA_ACCESS_TOKEN="${TOKEN}"\n`);
	});

	it('in a repository: refuses a file git does not ignore, names the repository root, and creates nothing', async () => {
		execFileSync('git', ['init', '-q', folder]);
		assert.deepEqual(await change(TOKEN), { status: 'refused', file: '.env', reason: 'not_ignored', gitRoot: folder });
		assert.deepEqual((await fs.readdir(folder)).filter((name) => name !== '.git'), []);
	});

	it('in a repository: never writes a tracked file, even one .gitignore lists', async () => {
		await ignoreEnvInRepository();
		await fs.writeFile(path.join(folder, '.env'), 'A=1\n');
		execFileSync('git', ['add', '-f', '.env'], { cwd: folder });
		assert.deepEqual(await change(TOKEN), { status: 'refused', file: '.env', reason: 'tracked', gitRoot: folder });
		assert.equal(await read(), 'A=1\n');
	});

	it('removes the line from an untracked file git no longer ignores (lowers the risk), but not from a tracked one', async () => {
		await ignoreEnvInRepository();
		await change(TOKEN);
		await fs.writeFile(path.join(folder, '.gitignore'), '');
		assert.equal((await change(undefined)).status, 'removed');
		await fs.writeFile(path.join(folder, '.env'), `LWA_ACCESS_TOKEN="${TOKEN}"\n`);
		execFileSync('git', ['add', '.env'], { cwd: folder });
		assert.equal((await change(undefined) as { reason?: string }).reason, 'tracked');
	});

	it('runs git with core.fsmonitor off: a repository whose fsmonitor names a program does not run it', async () => {
		await ignoreEnvInRepository();
		const marker = path.join(scratch, 'fsmonitor-ran');
		const hook = path.join(scratch, 'hook.sh');
		await fs.writeFile(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
		execFileSync('git', ['config', 'core.fsmonitor', hook], { cwd: folder });
		assert.equal((await change(TOKEN)).status, 'written');
		await assert.rejects(fs.stat(marker));
	});

	it('ignores GIT_DIR in the environment (it cannot point git at another repository)', async () => {
		await ignoreEnvInRepository();
		const other = path.join(scratch, 'other');
		execFileSync('git', ['init', '-q', other]);
		process.env.GIT_DIR = path.join(other, '.git');
		try {
			assert.equal((await gitStandingOf(path.join(folder, '.env'))).standing, 'ignored');
		} finally {
			delete process.env.GIT_DIR;
		}
	});

	it('in a repository with git missing: refuses with git_missing and writes nothing', async () => {
		await ignoreEnvInRepository();
		const missing: GitRunner = async () => ({ missing: true });
		assert.deepEqual(await change(TOKEN, { git: missing }), { status: 'refused', file: '.env', reason: 'git_missing', gitRoot: folder });
		await assert.rejects(fs.stat(path.join(folder, '.env')));
	});

	it('git that fails or answers unclearly (exit 128, a timeout) refuses with git_failed', async () => {
		await ignoreEnvInRepository();
		assert.equal((await change(TOKEN, { git: async () => ({ code: 128 }) }) as { reason?: string }).reason, 'git_failed');
		assert.equal((await change(TOKEN, { git: async () => ({ failed: true }) }) as { reason?: string }).reason, 'git_failed');
	});

	it('the real git runner reports a git that is not on PATH as missing', async () => {
		await ignoreEnvInRepository();
		const savedPath = process.env.PATH;
		process.env.PATH = path.join(scratch, 'no-bin');
		try {
			assert.equal((await gitStandingOf(path.join(folder, '.env'))).standing, 'git_missing');
		} finally {
			process.env.PATH = savedPath;
		}
	});

	it('Add to .gitignore appends an anchored, escaped pattern after a missing line ending, and git then ignores the file', async () => {
		execFileSync('git', ['init', '-q', folder]);
		await fs.writeFile(path.join(folder, '.gitignore'), 'node_modules');
		assert.deepEqual(await addToGitignore(folder, '.env'), { status: 'added' });
		assert.equal(await fs.readFile(path.join(folder, '.gitignore'), 'utf8'), 'node_modules\n/.env\n');
		assert.equal((await change(TOKEN)).status, 'written');
		await fs.mkdir(path.join(folder, '[x]'));
		await addToGitignore(folder, '[x]/#a.env');
		assert.equal((await change(TOKEN, { file: '[x]/#a.env' })).status, 'written');
	});

	it('Add to .gitignore writes a nested repository\'s own .gitignore (it does not read the workspace folder\'s), and git then ignores the file', async () => {
		const nested = path.join(folder, 'service');
		await fs.mkdir(nested);
		execFileSync('git', ['init', '-q', nested]);
		const outcome = await change(TOKEN, { file: 'service/.env' });
		assert.equal(outcome.status === 'refused' && outcome.reason, 'not_ignored');
		const where = gitignoreFor(folder, 'service/.env', outcome.status === 'refused' ? outcome.gitRoot : undefined);
		assert.deepEqual(where, { folder: nested, file: '.env' });
		await addToGitignore(where.folder, where.file);
		assert.equal((await change(TOKEN, { file: 'service/.env' })).status, 'written');
		assert.deepEqual(gitignoreFor(folder, 'a/.env', path.dirname(folder)), { folder, file: 'a/.env' }, 'an enclosing repository reads the folder\'s own .gitignore');
		assert.deepEqual(gitignoreFor(folder, 'a/.env', undefined), { folder, file: 'a/.env' });
	});

	it('Add to .gitignore refuses a .gitignore that is a symlink', async () => {
		const target = path.join(scratch, 'elsewhere');
		await fs.writeFile(target, '');
		await fs.symlink(target, path.join(folder, '.gitignore'));
		assert.equal((await addToGitignore(folder, '.env')).status, 'refused');
		assert.equal(await fs.readFile(target, 'utf8'), '');
	});
});
