// One cold load, in its own child process (so nothing is cached yet):
// `node coldLoad.js <file or package> [--vscode-stub]` prints
// `{ "ms": <time to require it>, "bytes": <size of the files it loaded>, "files": <how many> }`.
// With --vscode-stub the 'vscode' stand-in is installed (and built) before the clock starts, so only
// the module's own evaluation is timed. Node's start-up is not timed: it is the same for every target.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { installVscodeStub } from './vscodeStub';

function main(): void {
	const target = process.argv[2];
	if (!target) {
		throw new Error('usage: node coldLoad.js <file or package> [--vscode-stub]');
	}
	if (process.argv.includes('--vscode-stub')) {
		installVscodeStub();
	}
	const before = new Set(Object.keys(require.cache));
	const start = performance.now();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(target);
	const ms = performance.now() - start;
	const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
	const bytes = loaded.reduce((sum, file) => sum + fs.statSync(file).size, 0);
	process.stdout.write(`${JSON.stringify({ ms, bytes, files: loaded.length })}\n`);
}

main();
