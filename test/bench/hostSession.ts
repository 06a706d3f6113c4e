// One fresh code-server (real extension host) that runs hostRunner.ts once and hands back its result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import type { RunningCodeServer } from '../harness/codeServer';
import type { HostResult } from './hostProtocol';
import { RESULT_MARKER } from './hostProtocol';

export interface HostSessionOptions {
	/** A folder of its own (user data, browser profile, extensions, logs). */
	runDir: string;
	/** The extension folder to load as the development extension (the one allowed proposed APIs). */
	developmentExtensionDir: string;
	/** Extension folders to install as the user's extensions (copied into the run's extensions folder). */
	installedExtensionDirs: string[];
	/** Extension host environment (LWA_BENCH_ORDER, LWA_BENCH_HEAP, ...). */
	environment: Record<string, string>;
	timeoutMs: number;
}

const hostRunnerModule = path.join(__dirname, 'hostRunner.js');

/**
 * Installs extension folders the way code-server's own installer leaves them: each folder in the
 * extensions folder as <publisher>.<name>-<version>, listed in extensions.json. (The workbench takes
 * one development extension only, and installing from a .vsix would need a package step.)
 */
function installExtensionFolders(extensionsDir: string, dirs: readonly string[]): void {
	fs.mkdirSync(extensionsDir, { recursive: true });
	const entries = dirs.map((dir) => {
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
		const relativeLocation = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
		const target = path.join(extensionsDir, relativeLocation);
		fs.cpSync(dir, target, { recursive: true });
		return {
			identifier: { id: `${manifest.publisher}.${manifest.name}` },
			version: manifest.version,
			location: { $mid: 1, fsPath: target, external: `file://${target}`, path: target, scheme: 'file' },
			relativeLocation,
			metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
		};
	});
	fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify(entries));
}

/**
 * Starts code-server with the smoke-test driver, opens the workbench with the bench copy of the
 * extension as extensionDevelopmentPath and hostRunner.js as extensionTestsPath, and returns the
 * result line the runner prints. Everything is stopped on every path.
 */
export async function runHostSession(options: HostSessionOptions): Promise<HostResult> {
	let server: RunningCodeServer | undefined;
	let browser: BrowserContext | undefined;
	try {
		installExtensionFolders(path.join(options.runDir, 'extensions'), options.installedExtensionDirs);
		server = await startCodeServer({
			runDir: options.runDir,
			testDriver: true,
		});
		browser = await launchBrowser(options.runDir);
		const page = browser.pages()[0] ?? (await browser.newPage());
		const workbenchLog = fs.createWriteStream(path.join(options.runDir, 'workbench.log'));
		let resolveResult: (result: HostResult) => void = () => undefined;
		let rejectResult: (error: Error) => void = () => undefined;
		const result = new Promise<HostResult>((resolve, reject) => {
			resolveResult = resolve;
			rejectResult = reject;
		});
		await page.exposeFunction('codeAutomationLog', (level: unknown, args: unknown[]) => {
			// The workbench may still log while the session closes, after the log file was ended.
			if (workbenchLog.writableEnded) {
				return;
			}
			const line = util.format(...(Array.isArray(args) ? args : [args]));
			const at = line.indexOf(RESULT_MARKER);
			if (at >= 0) {
				resolveResult(JSON.parse(line.slice(at + RESULT_MARKER.length)) as HostResult);
				workbenchLog.write(`[${String(level)}] ${RESULT_MARKER}(${line.length} characters)\n`);
			} else {
				workbenchLog.write(`[${String(level)}] ${line}\n`);
			}
		});
		await page.exposeFunction('codeAutomationExit', (code: number) => {
			// The result line comes before the runner resolves; an exit without it is a failure.
			setTimeout(() => rejectResult(new Error(`the bench runner ended (exit ${code}) without a result; see ${path.join(options.runDir, 'workbench.log')}`)), 2000);
		});
		const remote = (absolutePath: string): string => `vscode-remote://127.0.0.1:${server?.port}${absolutePath}`;
		const payload = [
			['extensionDevelopmentPath', remote(options.developmentExtensionDir)],
			['extensionTestsPath', remote(hostRunnerModule)],
			['skipWelcome', 'true'],
			['extensionEnvironment', JSON.stringify({ LWA_TEST_RUN_DIR: options.runDir, ...options.environment })],
		];
		const workspace = path.join(options.runDir, 'workspace');
		fs.mkdirSync(workspace, { recursive: true });
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => reject(new Error(`no bench result within ${options.timeoutMs / 1000} s; see ${path.join(options.runDir, 'workbench.log')}`)), options.timeoutMs);
		});
		try {
			return await Promise.race([result, timedOut]);
		} finally {
			clearTimeout(timer);
			workbenchLog.end();
		}
	} finally {
		await browser?.close().catch(() => undefined);
		await server?.stop();
	}
}
