// Whether git would commit a variable file: the file must be ignored and untracked before the
// extension writes a token into it. git itself answers (every .gitignore, info/exclude and global
// excludes file counts). A repository's configuration can name programs for git to run
// (core.fsmonitor), so git runs only in trusted workspaces (the VS Code layer checks that first),
// always with `-c core.fsmonitor=false`, a timeout, and no GIT_* variables of the editor's
// environment (GIT_DIR and the like could point git at another repository).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** How a git run ended: its exit code, or why it did not run. */
export type GitExit = { code: number } | { missing: true } | { failed: true };

/** Runs git with `args` in `cwd`. */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<GitExit>;

const GIT_TIMEOUT_MS = 5000;

/** The environment git runs with: the editor's, without GIT_* variables. */
function gitEnvironment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toUpperCase().startsWith('GIT_')) {
			env[key] = value;
		}
	}
	// Read-only questions must not take the index lock from a git command the user is running.
	env.GIT_OPTIONAL_LOCKS = '0';
	return env;
}

export const runGit: GitRunner = (args, cwd) => new Promise<GitExit>((resolve) => {
	execFile('git', ['-c', 'core.fsmonitor=false', ...args], { cwd, timeout: GIT_TIMEOUT_MS, windowsHide: true, env: gitEnvironment(), maxBuffer: 64 * 1024 }, (error) => {
		if (error === null) {
			resolve({ code: 0 });
		} else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			resolve({ missing: true });
		} else if (typeof error.code === 'number' && !error.killed) {
			resolve({ code: error.code });
		} else {
			resolve({ failed: true });
		}
	});
});

/** The innermost folder at or above `folder` that holds a `.git` entry, or undefined. */
export async function repositoryRoot(folder: string): Promise<string | undefined> {
	for (let current = path.resolve(folder); ; current = path.dirname(current)) {
		try {
			await fs.lstat(path.join(current, '.git'));
			return current;
		} catch {
			// Not here; look in the parent.
		}
		if (path.dirname(current) === current) {
			return undefined;
		}
	}
}

/**
 * Where a file stands with git: `outside` (in no repository), `ignored` (ignored and untracked: safe
 * to write), `not_ignored` (git would add it), `tracked` (in the index: never written), `git_missing`
 * (a repository, but git is not installed, so nothing can be checked), `git_failed` (git did not answer
 * clearly: a timeout, a repository git refuses).
 */
export type GitStanding = 'outside' | 'ignored' | 'not_ignored' | 'tracked' | 'git_missing' | 'git_failed';

/** Asks git about `file` (an absolute path whose folder exists). */
export async function gitStandingOf(file: string, git: GitRunner = runGit): Promise<{ standing: GitStanding; root?: string }> {
	const folder = path.dirname(file);
	const root = await repositoryRoot(folder);
	if (root === undefined) {
		return { standing: 'outside' };
	}
	const name = path.basename(file);
	// ls-files --error-unmatch: 0 when the path is in the index, 1 when it is not.
	const tracked = await git(['ls-files', '--error-unmatch', '--', name], folder);
	if ('missing' in tracked) {
		return { standing: 'git_missing', root };
	}
	if ('failed' in tracked || (tracked.code !== 0 && tracked.code !== 1)) {
		return { standing: 'git_failed', root };
	}
	if (tracked.code === 0) {
		return { standing: 'tracked', root };
	}
	// check-ignore -q: 0 ignored, 1 not ignored, 128 a fatal error.
	const ignored = await git(['check-ignore', '-q', '--', name], folder);
	if ('missing' in ignored) {
		return { standing: 'git_missing', root };
	}
	if ('failed' in ignored || (ignored.code !== 0 && ignored.code !== 1)) {
		return { standing: 'git_failed', root };
	}
	return { standing: ignored.code === 0 ? 'ignored' : 'not_ignored', root };
}
