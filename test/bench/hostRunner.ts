// Runs inside the real extension host (code-server), loaded as extensionTestsPath by runBench.ts.
// Figure 1: activation of this extension and of the built-in vscode.github-authentication, each timed
// around `extension.activate()` with the files it loaded read from a require.cache diff.
// Figure 5 (when LWA_BENCH_MODE=heap): heapUsed before and after 1,000 lwa.refresh commands against an
// emulator in a child process, with a forced full GC before each reading.
// The result is printed as one console line that starts with RESULT_MARKER; the harness reads it.
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import {
	addProfile, EXTENSION_ID, extensionApi, freePort, removeProfiles, signInWithLoopback, uniqueClientId,
} from '../integration/support/lwaTestKit';
import type { TestProfile } from '../integration/support/lwaTestKit';
import type { ActivationFigure, HeapFigure, HostResult, WaitedRefreshFigure } from './hostProtocol';
import { GITHUB_AUTHENTICATION_COPY_ID, GITHUB_AUTHENTICATION_ID, RESULT_MARKER } from './hostProtocol';

interface ModuleLoader {
	_load(request: string, parent: unknown, isMain: boolean): unknown;
	_resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

/**
 * Times what VS Code's Running Extensions view reports as an extension's activation time: loading its
 * main module (code loading) and its activate() call until the returned value resolves. The extension
 * host loads the main module through Node's CommonJS loader, so Module._load is wrapped for the one
 * path; the module's exports are handed out behind a Proxy whose activate is timed.
 */
function timeOwnActivation(mainPath: string): { ownMs(): Promise<number>; loadMs(): number; vscodeRequireMs(): number; restore(): void } {
	const loader = Module as unknown as ModuleLoader;
	const originalLoad = loader._load;
	let loadMs: number | undefined;
	let vscodeRequireMs: number | undefined;
	let loadingMain = false;
	let activated: Promise<number> | undefined;
	loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
		if (request === 'vscode' && loadingMain && vscodeRequireMs === undefined) {
			// The first require('vscode') of an extension makes the host build that extension's API object.
			const start = performance.now();
			const api = originalLoad.call(this, request, parent, isMain);
			vscodeRequireMs = performance.now() - start;
			return api;
		}
		let resolved: string | undefined;
		try {
			resolved = loader._resolveFilename(request, parent, isMain);
		} catch {
			resolved = undefined;
		}
		if (resolved !== mainPath) {
			return originalLoad.call(this, request, parent, isMain);
		}
		const start = performance.now();
		loadingMain = true;
		let exports: Record<string, unknown>;
		try {
			exports = originalLoad.call(this, request, parent, isMain) as Record<string, unknown>;
		} finally {
			loadingMain = false;
		}
		loadMs = performance.now() - start;
		return new Proxy(exports, {
			get(target, key, receiver) {
				const value = Reflect.get(target, key, receiver) as unknown;
				if (key !== 'activate' || typeof value !== 'function') {
					return value;
				}
				return function (this: unknown, ...args: unknown[]): unknown {
					const callStart = performance.now();
					const result = (value as (...inner: unknown[]) => unknown).apply(this, args);
					activated = Promise.resolve(result).then(() => performance.now() - callStart, () => performance.now() - callStart);
					return result;
				};
			},
		});
	};
	return {
		ownMs: async () => (loadMs === undefined || activated === undefined ? Number.NaN : loadMs + await activated),
		loadMs: () => loadMs ?? Number.NaN,
		vscodeRequireMs: () => vscodeRequireMs ?? Number.NaN,
		restore: () => {
			loader._load = originalLoad;
		},
	};
}

function mainModulePath(extension: vscode.Extension<unknown>): string | undefined {
	const main = (extension.packageJSON as { main?: unknown }).main;
	if (typeof main !== 'string') {
		return undefined;
	}
	const candidate = path.join(extension.extensionPath, main);
	return fs.existsSync(candidate) ? candidate : `${candidate}.js`;
}

async function measureActivation(id: string): Promise<ActivationFigure> {
	const extension = vscode.extensions.getExtension(id);
	if (!extension) {
		return { id, found: false, wasActive: false, ms: Number.NaN, ownMs: Number.NaN, ownLoadMs: Number.NaN, vscodeRequireMs: Number.NaN, bytes: 0, files: [] };
	}
	const wasActive = extension.isActive;
	const before = new Set(Object.keys(require.cache));
	const mainPath = mainModulePath(extension);
	const own = mainPath ? timeOwnActivation(mainPath) : undefined;
	const start = performance.now();
	let error: string | undefined;
	try {
		await extension.activate();
	} catch (caught) {
		error = caught instanceof Error ? caught.message : String(caught);
	} finally {
		own?.restore();
	}
	const ms = performance.now() - start;
	const ownMs = own ? await own.ownMs() : Number.NaN;
	const ownLoadMs = own ? own.loadMs() : Number.NaN;
	const vscodeRequireMs = own ? own.vscodeRequireMs() : Number.NaN;
	const files = Object.keys(require.cache)
		.filter((file) => !before.has(file))
		.map((file) => ({ file, bytes: fs.existsSync(file) ? fs.statSync(file).size : 0 }));
	const bytes = files.reduce((sum, entry) => sum + entry.bytes, 0);
	return { id, found: true, wasActive, ms, ownMs, ownLoadMs, vscodeRequireMs, bytes, files, ...(error ? { error } : {}) };
}

/** A full garbage collection, twice, with turns of the event loop between for finalizers. */
async function collectGarbage(): Promise<void> {
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as () => void;
	for (let index = 0; index < 3; index++) {
		gc();
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Empties the arrays in which the test mode (only) keeps every log line and notice. */
function clearTestModeCaptures(lines: readonly unknown[], notices: readonly unknown[]): number {
	const count = lines.length + notices.length;
	(lines as unknown[]).length = 0;
	(notices as unknown[]).length = 0;
	return count;
}

/** Starts emulatorProcess.js and resolves with its endpoints once it listens. */
async function startEmulatorProcess(clientId: string, clientSecret: string, redirectUris: string[]): Promise<{ child: childProcess.ChildProcess; endpoints: Record<string, string> }> {
	const child = childProcess.spawn(process.execPath, [path.join(__dirname, 'emulatorProcess.js'), clientId, clientSecret, ...redirectUris], { stdio: ['pipe', 'pipe', 'inherit'] });
	const endpoints = await new Promise<Record<string, string>>((resolve, reject) => {
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('\n')) {
				resolve((JSON.parse(output.split('\n')[0]) as { endpoints: Record<string, string> }).endpoints);
			}
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before it listened`)));
	});
	return { child, endpoints };
}

/**
 * `refreshes` lwa.refresh commands spread over `profileCount` signed-in profiles, refreshed together
 * round after round: each refresh holds a cross-window lease with a settle delay of about 300 ms, so
 * 1,000 refreshes one after another would take minutes; refreshing several profiles at once (as a
 * user with several profiles may) keeps the count and the code path and fits the time budget.
 */
async function measureRefreshHeap(refreshes: number, profileCount: number, warmupRounds: number, waited: (figure: WaitedRefreshFigure | string) => void): Promise<HeapFigure> {
	const { testing } = await extensionApi();
	const clientId = uniqueClientId('benchheap');
	const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
	const redirectUris: string[] = [];
	for (let index = 0; index < profileCount; index++) {
		redirectUris.push(`http://127.0.0.1:${await freePort()}/cb`);
	}
	const emulator = await startEmulatorProcess(clientId, clientSecret, redirectUris);
	const profiles: TestProfile[] = redirectUris.map((redirectUri, index) => {
		const name = `bench-heap-${index + 1}`;
		return { name, clientId, clientSecret, redirectUri, raw: { name, region: 'NA', clientId, scopes: ['profile'], redirectUri, endpoints: emulator.endpoints } };
	});
	try {
		for (const profile of profiles) {
			await addProfile(profile);
			await signInWithLoopback(testing, profile.name);
		}
		const round = (): Promise<unknown[]> => Promise.all(profiles.map(async (profile) => {
			const start = performance.now();
			const summary = await vscode.commands.executeCommand('lwa.refresh', { profile: profile.name });
			return { ms: performance.now() - start, ok: summary !== undefined };
		}));
		for (let index = 0; index < warmupRounds; index++) {
			await round();
		}
		let testModeCapturedLines = clearTestModeCaptures(testing.logLines(), testing.notices());
		await collectGarbage();
		const heapUsedAtStart = process.memoryUsage().heapUsed;
		let failedRefreshes = 0;
		let done = 0;
		const times: number[] = [];
		/** `count` refreshes, then the heap after a full GC (the test mode's captures emptied first). */
		const refreshAndRead = async (count: number): Promise<number> => {
			for (let doneHere = 0; doneHere < count; doneHere += profiles.length) {
				for (const outcome of (await round()) as { ms: number; ok: boolean }[]) {
					times.push(outcome.ms);
					failedRefreshes += outcome.ok ? 0 : 1;
				}
				done += profiles.length;
			}
			testModeCapturedLines += clearTestModeCaptures(testing.logLines(), testing.notices());
			await collectGarbage();
			return process.memoryUsage().heapUsed;
		};
		// The first `refreshes` settle what the host allocates once (optimised code, caches); the
		// figure is the growth across the second `refreshes`, where a leak per refresh shows as much.
		const heapUsedBefore = await refreshAndRead(refreshes);
		const heapUsedAfter = await refreshAndRead(refreshes);
		times.sort((a, b) => a - b);
		try {
			waited(await measureWaitedRefresh(profiles[0], emulator.endpoints, clientSecret, Number(process.env.LWA_BENCH_WAITED ?? 30), 3));
		} catch (error) {
			waited(error instanceof Error ? error.message : String(error));
		}
		return { refreshes: done / 2, profiles: profiles.length, failedRefreshes, heapUsedAtStart, heapUsedBefore, heapUsedAfter, medianRefreshMs: times[Math.floor(times.length / 2)], testModeCapturedLines };
	} finally {
		await removeProfiles(profiles.map((profile) => profile.name)).catch(() => undefined);
		emulator.child.stdin?.end();
	}
}

function percentile(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/**
 * `samples` lwa.refresh commands of one signed-in profile, one after the other (nothing else runs),
 * and as many raw refresh requests (fetch, from this host, to the same emulator, with a refresh
 * token of its own got through the emulator's auto-approved consent), each after `warmup` untimed.
 */
async function measureWaitedRefresh(profile: TestProfile, endpoints: Record<string, string>, clientSecret: string, samples: number, warmup: number): Promise<WaitedRefreshFigure> {
	const commandTimes: number[] = [];
	let failedCommands = 0;
	for (let index = 0; index < warmup + samples; index++) {
		const start = performance.now();
		const summary = await vscode.commands.executeCommand('lwa.refresh', { profile: profile.name });
		const elapsed = performance.now() - start;
		if (index >= warmup) {
			commandTimes.push(elapsed);
			failedCommands += summary === undefined ? 1 : 0;
		}
	}
	const authorize = new URL(endpoints.authorization);
	for (const [name, value] of [['client_id', profile.clientId], ['scope', 'profile'], ['response_type', 'code'], ['redirect_uri', profile.redirectUri], ['state', 'bench']]) {
		authorize.searchParams.set(name, value);
	}
	const consent = await fetch(authorize, { redirect: 'manual' });
	const code = new URL(consent.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
	if (!code) {
		throw new Error(`the emulator's consent gave no code (${consent.status})`);
	}
	const tokenRequest = (fields: Record<string, string>): Promise<Response> => fetch(endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ client_id: profile.clientId, client_secret: clientSecret, ...fields }),
	});
	const exchanged = (await (await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: profile.redirectUri })).json()) as { refresh_token?: string };
	const refreshToken = exchanged.refresh_token;
	if (!refreshToken) {
		throw new Error('the code exchange gave no refresh token');
	}
	const rawTimes: number[] = [];
	for (let index = 0; index < warmup + samples; index++) {
		const start = performance.now();
		const response = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
		await response.json();
		const elapsed = performance.now() - start;
		if (!response.ok) {
			throw new Error(`a raw refresh failed (${response.status})`);
		}
		if (index >= warmup) {
			rawTimes.push(elapsed);
		}
	}
	commandTimes.sort((a, b) => a - b);
	rawTimes.sort((a, b) => a - b);
	return {
		samples,
		commandMedianMs: percentile(commandTimes, 0.5),
		commandP90Ms: percentile(commandTimes, 0.9),
		rawMedianMs: percentile(rawTimes, 0.5),
		rawP90Ms: percentile(rawTimes, 0.9),
		failedCommands,
	};
}

/** Called by the extension host; never rejects, so the harness always gets a result line. */
export async function run(): Promise<void> {
	const result: HostResult = { order: [], activations: [], undiciLoadedByActivation: false, nodeVersion: process.version, vscodeVersion: vscode.version };
	if (process.env.LWA_BENCH_MODE === 'heap') {
		try {
			result.heap = await measureRefreshHeap(Number(process.env.LWA_BENCH_REFRESHES ?? 1000), Number(process.env.LWA_BENCH_HEAP_PROFILES ?? 10), 3, (figure) => {
				if (typeof figure === 'string') {
					result.waitedRefreshError = figure;
				} else {
					result.waitedRefresh = figure;
				}
			});
		} catch (error) {
			result.heapError = error instanceof Error ? error.message : String(error);
		}
	} else {
		// The built-in github-authentication goes last (it is usually active already; if not, its
		// activation must not warm anything for the other two).
		result.order = process.env.LWA_BENCH_ORDER === 'github-first'
			? [GITHUB_AUTHENTICATION_COPY_ID, EXTENSION_ID, GITHUB_AUTHENTICATION_ID]
			: [EXTENSION_ID, GITHUB_AUTHENTICATION_COPY_ID, GITHUB_AUTHENTICATION_ID];
		for (const id of result.order) {
			result.activations.push(await measureActivation(id));
		}
		const ours = result.activations.find((entry) => entry.id === EXTENSION_ID);
		result.undiciLoadedByActivation = (ours?.files ?? []).some((entry) => /[\\/]undiciHttpClient\.js$/.test(entry.file) || /[\\/]node_modules[\\/]undici[\\/]/.test(entry.file));
	}
	console.log(`${RESULT_MARKER}${JSON.stringify(result)}`);
}
