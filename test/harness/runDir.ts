import * as fs from 'node:fs';
import * as path from 'node:path';
import { testRunsDir } from './paths';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * A fresh, empty folder for one run of a tier: `.test-runs/<name>-<pid>`, so that runs started at the
 * same time never share a folder. Folders of earlier runs of this tier whose process has ended are
 * removed; the latest run's folder stays until the next run, for inspection.
 */
export function freshRunDir(name: string): string {
	fs.mkdirSync(testRunsDir, { recursive: true });
	for (const entry of fs.readdirSync(testRunsDir)) {
		const match = new RegExp(`^${name}-(\\d+)$`).exec(entry);
		if (match && !isAlive(Number(match[1]))) {
			fs.rmSync(path.join(testRunsDir, entry), { recursive: true, force: true });
		}
	}
	const dir = path.join(testRunsDir, `${name}-${process.pid}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}
