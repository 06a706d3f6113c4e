// The README's test command (`npm test`): sets up a fresh machine, builds, and runs every check and
// test tier in order. Exit code 0 only when all of them passed.
//
//   1. set-up (npm packages, Debian chromium + libkrb5-dev, Node 24, code-server 4.139.1; cached)
//   2. type check (whole project, and the core without VS Code types), lint
//   3. compile tests (tsc -> out/)
//   4. unit tests (plain Node, src/core, with coverage)
//   5. package the .vsix (production bundle) and check what it holds
//   6. harness check: a deliberately failing integration suite must make the runner exit non-zero
//   7. integration tests (mocha inside the real extension host, against the packaged bundle), then
//      the pseudo-locale suite (every message of the l10n bundle wrapped; test/harness/pseudoLocale.ts)
//   8. e2e tests (Playwright driving the code-server workbench with the .vsix installed)
//
// Plain JavaScript: it has to run before anything is installed or compiled.
'use strict';

const childProcess = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const npmCli = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? process.env.npm_execpath : undefined;

/** How many of a failed step's last output lines the summary repeats, so a log's tail shows the failure. */
const FAILURE_LINES = 60;

/**
 * Runs a command with its output passed through, keeping the step's last lines. Resolves to
 * { code, tail }: the exit code, and those lines from the last mocha "N failing" report on (or
 * the last lines when there is none).
 */
function runStep(command, args, env = {}) {
	return new Promise((resolve) => {
		const child = childProcess.spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let lines = [];
		const partial = { stdout: '', stderr: '' };
		for (const stream of ['stdout', 'stderr']) {
			child[stream].setEncoding('utf8');
			child[stream].on('data', (chunk) => {
				process[stream].write(chunk);
				const complete = (partial[stream] + chunk).split('\n');
				partial[stream] = complete.pop();
				lines.push(...complete);
				if (lines.length > 4 * FAILURE_LINES) {
					lines = lines.slice(-2 * FAILURE_LINES);
				}
			});
		}
		let finished = false;
		const finish = (code) => {
			if (finished) {
				return;
			}
			finished = true;
			const all = [...lines, ...[partial.stdout, partial.stderr].filter((rest) => rest !== '')];
			const report = all.findLastIndex((line) => /^\s*\d+ failing\b/.test(line));
			resolve({ code, tail: report >= 0 ? all.slice(report, report + FAILURE_LINES) : all.slice(-FAILURE_LINES) });
		};
		child.on('error', (error) => {
			console.error(error.message);
			lines.push(error.message);
			finish(1);
		});
		// 'close' comes once the output is read to its end; a process the step left running may hold
		// the pipes open, so after 'exit' it is awaited only for a while.
		let exitCode = 1;
		child.on('exit', (code, signal) => {
			exitCode = signal ? 1 : code ?? 1;
			setTimeout(() => finish(exitCode), 3000).unref();
		});
		child.on('close', () => finish(exitCode));
	});
}

function npmRun(script, env) {
	return npmCli ? runStep(process.execPath, [npmCli, 'run', '--silent', script], env) : runStep('npm', ['run', '--silent', script], env);
}

const failingFixture = path.join(root, 'out', 'test', 'integration', 'fixtures', 'failing.fixture.js');

/** Each step: a name, how to run it, and the exit code that counts as a pass. */
const steps = [
	{ name: 'set-up', run: () => runStep(process.execPath, [path.join(root, 'scripts', 'setup.js')]), stopOnFailure: true },
	{ name: 'type check', run: () => npmRun('check-types'), stopOnFailure: true },
	{ name: 'lint', run: () => npmRun('lint') },
	{ name: 'compile tests', run: () => npmRun('compile-tests'), stopOnFailure: true },
	{ name: 'unit tests', run: () => npmRun('test:unit') },
	{ name: 'package .vsix', run: () => npmRun('package'), stopOnFailure: true },
	{ name: 'package contents', run: () => npmRun('test:package') },
	{
		name: 'harness check (failing suite exits non-zero)',
		run: async () => {
			const { code, tail } = await npmRun('test:integration', { LWA_INTEGRATION_SPEC: failingFixture, LWA_INTEGRATION_TIMEOUT_MS: '300000' });
			console.log(`[harness check] the deliberately failing suite exited with ${code} (expected non-zero)`);
			return { code: code === 0 ? 1 : 0, tail };
		},
	},
	{ name: 'integration tests', run: () => npmRun('test:integration') },
	{
		name: 'integration tests in the pseudo-locale',
		run: () => npmRun('test:integration', { LWA_INTEGRATION_LOCALE: 'qps-ploc', LWA_INTEGRATION_SPEC: path.join(root, 'out', 'test', 'integration', 'pseudoLocale.pseudo.js') }),
	},
	{ name: 'e2e tests', run: () => npmRun('test:e2e') },
];

async function main() {
	const results = [];
	const started = Date.now();
	for (const step of steps) {
		console.log(`\n=== ${step.name} ===`);
		const stepStarted = Date.now();
		const { code, tail } = await step.run();
		const seconds = Math.round((Date.now() - stepStarted) / 1000);
		results.push({ name: step.name, passed: code === 0, seconds, tail });
		if (code !== 0 && step.stopOnFailure) {
			console.error(`\n${step.name} failed; later steps need it, so the run stops here.`);
			break;
		}
	}
	for (const result of results.filter((each) => !each.passed)) {
		console.log(`\n=== ${result.name} failed; its last report ===`);
		console.log(result.tail.join('\n'));
	}
	console.log('\n=== summary ===');
	for (const result of results) {
		console.log(`${result.passed ? 'pass' : 'FAIL'}  ${String(result.seconds).padStart(4)} s  ${result.name}`);
	}
	const passed = results.filter((result) => result.passed).length;
	const failed = results.length - passed + (steps.length - results.length);
	console.log(`total ${Math.round((Date.now() - started) / 1000)} s`);
	console.log(`steps: ${passed} passed, ${failed} failed`);
	process.exit(failed === 0 ? 0 : 1);
}

main();
