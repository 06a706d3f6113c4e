// Whether git would ignore a download folder (src/core/portability/trackedFolder.ts), asked of real
// repositories made with `git init` in temporary folders; and git is never run for an untrusted workspace.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitRunner } from '../../../../src/core/portability/trackedFolder';
import { gitStatusOf } from '../../../../src/core/portability/trackedFolder';
import { repositoryRoot } from '../../../../src/core/variableFile/git';

describe('download folders and git (trackedFolder)', () => {
	let scratch: string;
	let root: string;

	before(async () => {
		scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-git-')));
		root = path.join(scratch, 'repo');
		await fs.mkdir(root);
		execFileSync('git', ['init', '-q', root]);
		await fs.writeFile(path.join(root, '.gitignore'), 'exports/\n*.records\n');
		await fs.writeFile(path.join(root, '.git', 'info', 'exclude'), 'private/\n');
		// A folder git has never seen (nothing of it in the index) and that no rule ignores.
		await fs.mkdir(path.join(root, 'notes', 'downloads'), { recursive: true });
		await fs.writeFile(path.join(root, 'notes', 'todo.txt'), 'untracked\n');
	});

	after(async () => {
		await fs.rm(scratch, { recursive: true, force: true });
	});

	const trusted = { trusted: true };

	it('a folder in no repository is outside, with no root', async () => {
		const outside = path.join(scratch, 'elsewhere');
		await fs.mkdir(outside);
		assert.deepEqual(await gitStatusOf(outside, trusted), { state: 'outside' });
	});

	it('a folder the repository\'s .gitignore ignores is ignored, and so is a folder below an ignored parent', async () => {
		assert.deepEqual(await gitStatusOf(path.join(root, 'exports'), trusted), { state: 'ignored', root });
		assert.deepEqual(await gitStatusOf(path.join(root, 'exports', '2025', 'run'), trusted), { state: 'ignored', root });
	});

	it('.git/info/exclude counts as an ignore rule', async () => {
		assert.deepEqual(await gitStatusOf(path.join(root, 'private'), trusted), { state: 'ignored', root });
	});

	it('a folder no rule ignores is tracked (git would add its files), the repository\'s root named', async () => {
		assert.deepEqual(await gitStatusOf(root, trusted), { state: 'tracked', root });
		assert.deepEqual(await gitStatusOf(path.join(root, 'records'), trusted), { state: 'tracked', root });
	});

	it('a folder under an untracked but not ignored parent is tracked too', async () => {
		assert.deepEqual(await gitStatusOf(path.join(root, 'notes', 'downloads'), trusted), { state: 'tracked', root });
	});

	it('the innermost repository answers for a repository inside an ignored folder of another', async () => {
		const inner = path.join(root, 'exports', 'inner');
		await fs.mkdir(inner, { recursive: true });
		execFileSync('git', ['init', '-q', inner]);
		assert.equal(await repositoryRoot(path.join(inner, 'data')), inner);
		assert.deepEqual(await gitStatusOf(path.join(inner, 'data'), trusted), { state: 'tracked', root: inner });
	});

	it('in an untrusted workspace git is not run at all: a folder in a repository is unchecked', async () => {
		const calls: string[][] = [];
		const git: GitRunner = async (args) => {
			calls.push([...args]);
			return true;
		};
		assert.deepEqual(await gitStatusOf(path.join(root, 'exports'), { trusted: false, git }), { state: 'unchecked', root });
		assert.deepEqual(await gitStatusOf(path.join(scratch, 'elsewhere'), { trusted: false, git }), { state: 'outside' });
		assert.deepEqual(calls, [], 'no git command');
	});

	it('in a trusted workspace git runs once, in the repository\'s root, with the repository\'s fsmonitor switched off', async () => {
		const calls: { args: string[]; cwd: string }[] = [];
		const git: GitRunner = async (args, cwd) => {
			calls.push({ args: [...args], cwd });
			return false;
		};
		assert.deepEqual(await gitStatusOf(path.join(root, 'exports'), { trusted: true, git }), { state: 'tracked', root }, 'git failing to answer counts as not ignored');
		assert.deepEqual(calls, [{ args: ['-c', 'core.fsmonitor=false', 'check-ignore', '-q', '--no-index', path.join(root, 'exports', 'lwa-data-portability-probe')], cwd: root }]);
	});
});
