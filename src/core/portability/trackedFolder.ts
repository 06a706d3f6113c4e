// Whether a download folder sits inside a git repository that does not ignore it: the files are a
// customer's personal data and must not be committed by accident. Asks git itself (check-ignore), so
// every .gitignore, info/exclude and global excludes file counts. git runs only when the workspace is
// trusted: a repository's own configuration can name programs for git to run (core.fsmonitor and
// the like), and the chosen folder may sit in a repository nobody has vetted; the VS Code layer passes
// the workspace's trust in.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { repositoryRoot } from '../variableFile/git';

/** Runs git with `args` in `cwd`; resolves true when it exits 0. */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<boolean>;

const runGit: GitRunner = (args, cwd) => new Promise<boolean>((resolve) => {
	execFile('git', [...args], { cwd, timeout: 5000, windowsHide: true }, (error) => resolve(error === null));
});

export interface GitStatus {
	/**
	 * 'outside': in no repository. 'ignored': git ignores it. 'tracked': git does not ignore it, or git
	 * could not tell (treated the same). 'unchecked': in a repository, but the workspace is not trusted,
	 * so git was not asked.
	 */
	state: 'outside' | 'ignored' | 'tracked' | 'unchecked';
	root?: string;
}

/** Where `folder` stands with git; `trusted` is the workspace's trust (git runs only when it is true). */
export async function gitStatusOf(folder: string, options: { trusted: boolean; git?: GitRunner }): Promise<GitStatus> {
	const root = await repositoryRoot(folder);
	if (root === undefined) {
		return { state: 'outside' };
	}
	if (!options.trusted) {
		return { state: 'unchecked', root };
	}
	// A file inside the folder: check-ignore answers for paths, and a new folder is not in the index.
	const probe = path.join(path.resolve(folder), 'lwa-data-portability-probe');
	const ignored = await (options.git ?? runGit)(['-c', 'core.fsmonitor=false', 'check-ignore', '-q', '--no-index', probe], root);
	return { state: ignored ? 'ignored' : 'tracked', root };
}
