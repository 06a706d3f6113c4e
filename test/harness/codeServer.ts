// Starts code-server (VS Code 1.139 in a real Node extension host) on a free loopback port with
// every data folder inside one run folder, and stops its whole process group on every exit path.
//
// code-server's extension host outlives the page by hours, so the server is started in its own
// process group (detached) and stopped with a signal to the group, never just to the parent.
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, waitForHttp } from './net';
import { setupPaths } from './paths';

export interface CodeServerOptions {
	/** Folder that holds every file of this run (user data, extensions, config, XDG and temp dirs). */
	runDir: string;
	/** Makes the workbench honour extensionDevelopmentPath/extensionTestsPath and hides toasts. */
	testDriver: boolean;
	/** Seeds User/settings.json. */
	userSettings?: Record<string, unknown>;
	/** Port on 127.0.0.1; a free one when absent. */
	port?: number;
	/** Extra environment for code-server and so for the extension host it starts. */
	env?: Record<string, string>;
	/** The display language (code-server's --locale); it must have a language pack (see pseudoLocale.ts). */
	locale?: string;
	/** Receives code-server's own output lines (its log, not the extension host's). */
	onOutput?: (line: string) => void;
}

export interface RunningCodeServer {
	readonly url: string;
	readonly port: number;
	readonly runDir: string;
	readonly userDataDir: string;
	readonly extensionsDir: string;
	stop(): Promise<void>;
}

/** Quiet offline defaults: no welcome page, telemetry, update checks or extension auto-updates. */
export const QUIET_SETTINGS: Record<string, unknown> = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
	'chat.disableAIFeatures': true,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	// Editors open in the editor area, never in a modal overlay that later editors could land behind.
	'workbench.editor.useModal': 'off',
};

const running = new Set<childProcess.ChildProcess>();

/** Kills every process group this module started. Synchronous, so it also works in 'exit'. */
export function killAllCodeServers(): void {
	for (const child of running) {
		killGroup(child, 'SIGKILL');
	}
	running.clear();
}

function killGroup(child: childProcess.ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) {
		return;
	}
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

process.once('exit', killAllCodeServers);

/** The environment that keeps code-server, its extension host and Chromium out of the home folder. */
export function isolatedEnvironment(runDir: string): Record<string, string> {
	const dirs = {
		HOME: path.join(runDir, 'home'),
		XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
		XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
		XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
		XDG_STATE_HOME: path.join(runDir, 'xdg-state'),
		TMPDIR: path.join(runDir, 'tmp'),
	};
	for (const dir of Object.values(dirs)) {
		fs.mkdirSync(dir, { recursive: true });
	}
	return dirs;
}

function baseEnvironment(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// npm's variables would point the extension host's child processes at this project's npm run.
		if (value !== undefined && !key.startsWith('npm_')) {
			env[key] = value;
		}
	}
	return env;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
	const paths = setupPaths();
	for (const required of [paths.node24, paths.codeServerEntry]) {
		if (!fs.existsSync(required)) {
			throw new Error(`${required} is missing: run "node scripts/setup.js" first (the README's test command does).`);
		}
	}
	const runDir = options.runDir;
	const userDataDir = path.join(runDir, 'user-data');
	const extensionsDir = path.join(runDir, 'extensions');
	const configFile = path.join(runDir, 'code-server.yaml');
	fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	fs.mkdirSync(extensionsDir, { recursive: true });
	fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
	fs.writeFileSync(
		path.join(userDataDir, 'User', 'settings.json'),
		JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, '\t'),
	);

	const port = options.port ?? (await freePort());
	const args = [
		paths.codeServerEntry,
		'--bind-addr', `127.0.0.1:${port}`,
		'--auth', 'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		'--config', configFile,
	];
	if (options.locale) {
		args.push('--locale', options.locale);
	}
	if (options.testDriver) {
		// Without it the workbench silently ignores the extension development options.
		args.push('--vscode-option', 'enable-smoke-test-driver');
	}
	const env = { ...baseEnvironment(), ...isolatedEnvironment(runDir), ...options.env };
	const child = childProcess.spawn(paths.node24, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	const logFile = fs.createWriteStream(path.join(runDir, 'code-server.log'));
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			logFile.write(chunk);
			if (options.onOutput) {
				for (const line of chunk.toString('utf8').split('\n')) {
					if (line.trim()) {
						options.onOutput(line);
					}
				}
			}
		});
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const stop = async (): Promise<void> => {
		if (!running.has(child)) {
			return;
		}
		killGroup(child, 'SIGTERM');
		const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
		// The extension host may ignore SIGTERM while a test hangs; the group goes either way.
		killGroup(child, 'SIGKILL');
		running.delete(child);
		if (!stopped) {
			await Promise.race([exited, delay(2000)]);
		}
		logFile.end();
	};

	const url = `http://127.0.0.1:${port}`;
	try {
		await Promise.race([
			waitForHttp(`${url}/healthz`, 60_000),
			exited.then(() => {
				throw new Error(`code-server exited during start-up; see ${path.join(runDir, 'code-server.log')}`);
			}),
		]);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, port, runDir, userDataDir, extensionsDir, stop };
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
export async function installExtension(runDir: string, vsixPath: string): Promise<void> {
	const paths = setupPaths();
	const extensionsDir = path.join(runDir, 'extensions');
	fs.mkdirSync(extensionsDir, { recursive: true });
	const env = { ...baseEnvironment(), ...isolatedEnvironment(runDir) };
	await new Promise<void>((resolve, reject) => {
		const child = childProcess.spawn(
			paths.node24,
			[paths.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'user-data'), '--install-extension', vsixPath, '--force'],
			{ env, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`installing ${vsixPath} failed (exit ${code}):\n${output}`))));
	});
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
