// Where things are, seen from the compiled harness (out/test/harness/*.js).
import * as path from 'node:path';

/** The project folder: out/test/harness -> project root. */
export const projectRoot = path.resolve(__dirname, '..', '..', '..');

/** Folder for the data of test runs (git-ignored); each run gets a fresh subfolder. */
export const testRunsDir = path.join(projectRoot, '.test-runs');

export interface SetupPaths {
	node24: string;
	codeServerEntry: string;
	chromium: string;
}

/** The cached tools installed by scripts/setup.js (the one place that knows their versions). */
export function setupPaths(): SetupPaths {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const setup = require(path.join(projectRoot, 'scripts', 'setup.js')) as { paths: SetupPaths };
	return setup.paths;
}
