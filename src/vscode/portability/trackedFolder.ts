// Whether a download folder sits inside a git repository that does not ignore it: the files are a
// customer's personal data and must not be committed by accident. Asks git itself (check-ignore), so
// every .gitignore, info/exclude and global excludes file counts.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** The repository root holding `folder` (a .git entry in it or a parent), or undefined. */
export async function repositoryRoot(folder: string): Promise<string | undefined> {
	for (let current = path.resolve(folder); ; current = path.dirname(current)) {
		try {
			await fs.stat(path.join(current, '.git'));
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
 * 'ignored' or 'tracked' when `folder` is in a repository ('tracked': git does not ignore it, or git
 * could not tell, which is treated the same), 'outside' when in none.
 */
export async function gitStatusOf(folder: string): Promise<{ state: 'outside' | 'ignored' | 'tracked'; root?: string }> {
	const root = await repositoryRoot(folder);
	if (root === undefined) {
		return { state: 'outside' };
	}
	// A file inside the folder: check-ignore answers for paths, and a new folder is not in the index.
	const probe = path.join(path.resolve(folder), 'lwa-data-portability-probe');
	const ignored = await new Promise<boolean>((resolve) => {
		execFile('git', ['check-ignore', '-q', '--no-index', probe], { cwd: root, timeout: 5000, windowsHide: true }, (error) => resolve(error === null));
	});
	return { state: ignored ? 'ignored' : 'tracked', root };
}
