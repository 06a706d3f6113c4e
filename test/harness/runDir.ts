import * as fs from 'node:fs';
import * as path from 'node:path';
import { testRunsDir } from './paths';

/** A fresh, empty folder for one run of a tier (the previous run of that tier is removed). */
export function freshRunDir(name: string): string {
	const dir = path.join(testRunsDir, name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}
