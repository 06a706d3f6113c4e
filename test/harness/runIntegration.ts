// Runs the integration suite (test/integration, mocha inside the real extension host).
//
// Two launchers, one suite:
//   - a desktop VS Code through @vscode/test-electron, when LWA_VSCODE_EXECUTABLE names its
//     executable, or when LWA_TEST_ELECTRON=download and the network allows the normal download;
//   - otherwise code-server (VS Code 1.139 in a real Node extension host) driven by Debian's
//     Chromium, as on these machines.
// The exit code is the verdict: 0 when every test passed, 1 otherwise (failures, hangs, crashes).
//
// Environment:
//   LWA_INTEGRATION_SPEC      run only these compiled spec files (comma-separated, absolute paths)
//   LWA_INTEGRATION_TIMEOUT_MS overall limit for one run (default 15 minutes)
//   LWA_INTEGRATION_LOCALE    qps-ploc: run in the pseudo-locale (every string of the extension's
//                             l10n bundle wrapped in ⟦…⟧; see pseudoLocale.ts)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { killAllCodeServers, startCodeServer } from './codeServer';
import type { RunningCodeServer } from './codeServer';
import { preparePseudoLocale } from './pseudoLocale';
import { CORPORATE_CA_NAME, makeTestCa } from './corporateNetwork';
import { FOREIGN_AWS_VARIABLES, startAwsStandIn } from './awsStandIn';
import { projectRoot } from './paths';
import { freshRunDir } from './runDir';

/** Printed by test/integration/index.ts just before mocha starts. */
const SUITE_START_MARKER = '[lwa-integration] suite starting';

/** Workbench messages that only say this machine is offline. */
const WORKBENCH_NOISE = [/ENOTFOUND/, /\[AccountPolicyGate\]/, /authentication provider 'github'/, /^Creating a socket/, /^\s+at /];

const extensionTestsModule = path.join(projectRoot, 'out', 'test', 'integration', 'index.js');

/**
 * A test CA that only the extension host's system store knows: Node reads the system store on Linux
 * from OpenSSL's default places, which SSL_CERT_FILE and SSL_CERT_DIR replace (an empty folder, so
 * nothing else is in it). Node's bundled CAs and NODE_EXTRA_CA_CERTS do not hold it.
 */
function corporateCaEnvironment(runDir: string): Record<string, string> {
	const dir = path.join(runDir, 'corporate-ca');
	makeTestCa(dir, CORPORATE_CA_NAME);
	const emptyDir = path.join(dir, 'no-other-certificates');
	fs.mkdirSync(emptyDir, { recursive: true });
	return { SSL_CERT_FILE: path.join(dir, 'ca.pem'), SSL_CERT_DIR: emptyDir, LWA_TEST_CORP_CA_DIR: dir };
}

let corporateCa: Record<string, string> = {};
/** The AWS environment of the Secrets Manager stand-in (awsStandIn.ts), for team profiles. */
let awsEnvironment: Record<string, string> = {};

/** Variables handed to the extension host (where the suite runs). */
function extensionEnvironment(runDir: string): Record<string, string> {
	const env: Record<string, string> = { LWA_TEST_RUN_DIR: runDir, ...corporateCa, ...awsEnvironment };
	for (const key of ['LWA_INTEGRATION_SPEC', 'CI']) {
		const value = process.env[key];
		if (value !== undefined) {
			env[key] = value;
		}
	}
	return env;
}

async function runWithTestElectron(runDir: string): Promise<number> {
	// Loaded only here: the code-server path never needs it.
	const { runTests } = await import('@vscode/test-electron');
	const executable = process.env.LWA_VSCODE_EXECUTABLE;
	try {
		await runTests({
			...(executable ? { vscodeExecutablePath: executable } : {}),
			extensionDevelopmentPath: projectRoot,
			extensionTestsPath: extensionTestsModule,
			extensionTestsEnv: extensionEnvironment(runDir),
			launchArgs: [
				'--disable-extensions',
				'--use-inmemory-secretstorage',
				'--user-data-dir', path.join(runDir, 'user-data'),
				'--extensions-dir', path.join(runDir, 'extensions'),
				path.join(runDir, 'workspace'),
			],
		});
		return 0;
	} catch (error) {
		console.error(`[integration] ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
}

async function runInCodeServer(runDir: string, timeoutMs: number): Promise<number> {
	let server: RunningCodeServer | undefined;
	let browser: BrowserContext | undefined;
	try {
		const locale = process.env.LWA_INTEGRATION_LOCALE;
		if (locale !== undefined) {
			preparePseudoLocale(runDir, locale);
		}
		server = await startCodeServer({ runDir, testDriver: true, env: { ...corporateCa, ...awsEnvironment }, ...(locale !== undefined ? { locale } : {}) });
		console.log(`[integration] code-server ${server.url} (run folder ${path.relative(projectRoot, runDir)})`);
		browser = await launchBrowser(runDir);
		const page = browser.pages()[0] ?? (await browser.newPage());

		let resolveExit: (code: number) => void = () => undefined;
		const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
		// The workbench calls these in smoke-test-driver mode: the log streams the extension host's
		// console (mocha's reporter); exit reports 0 when the runner's promise resolved.
		// Every line goes to workbench.log; the console shows the suite's own output, which starts
		// at the runner's marker, minus the workbench's offline noise.
		const workbenchLog = fs.createWriteStream(path.join(runDir, 'workbench.log'));
		let suiteStarted = false;
		await page.exposeFunction('codeAutomationLog', (level: unknown, args: unknown[]) => {
			const line = util.format(...(Array.isArray(args) ? args : [args]));
			workbenchLog.write(`[${String(level)}] ${line}\n`);
			if (line.includes(SUITE_START_MARKER)) {
				suiteStarted = true;
			} else if (suiteStarted && !WORKBENCH_NOISE.some((pattern) => pattern.test(line))) {
				console.log(line);
			}
		});
		await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));

		const remote = (absolutePath: string): string => `vscode-remote://127.0.0.1:${server?.port}${absolutePath}`;
		const payload = [
			['extensionDevelopmentPath', remote(projectRoot)],
			['extensionTestsPath', remote(extensionTestsModule)],
			['skipWelcome', 'true'],
			['extensionEnvironment', JSON.stringify(extensionEnvironment(runDir))],
		];
		const workspace = path.join(runDir, 'workspace');
		fs.mkdirSync(workspace, { recursive: true });
		const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
		await page.goto(url);

		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<number>((resolve) => {
			timer = setTimeout(() => {
				console.error(`[integration] no verdict within ${timeoutMs / 1000} s: the suite hung`);
				resolve(1);
			}, timeoutMs);
		});
		const code = await Promise.race([exitCode, timedOut]);
		clearTimeout(timer);
		return code === 0 ? 0 : 1;
	} finally {
		await browser?.close().catch(() => undefined);
		await server?.stop();
	}
}

async function main(): Promise<number> {
	const runDir = freshRunDir('integration');
	corporateCa = corporateCaEnvironment(runDir);
	// Milliseconds to start; the machine's own AWS variables must not lead the extension host's SDK away from it.
	const aws = await startAwsStandIn(runDir);
	for (const key of FOREIGN_AWS_VARIABLES) {
		delete process.env[key];
	}
	awsEnvironment = aws.env;
	const timeoutMs = Number(process.env.LWA_INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);
	const useDesktop = process.env.LWA_VSCODE_EXECUTABLE !== undefined || process.env.LWA_TEST_ELECTRON === 'download';
	const code = await (useDesktop ? runWithTestElectron(runDir) : runInCodeServer(runDir, timeoutMs)).finally(() => aws.standIn.close());
	console.log(`[integration] ${code === 0 ? 'passed' : 'FAILED'}`);
	return code;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		console.error(`[integration] ${signal}: stopping code-server`);
		killAllCodeServers();
		process.exit(130);
	});
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[integration] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		killAllCodeServers();
		process.exit(1);
	},
);
