// What hostRunner.ts (inside the extension host) and the bench process (outside) agree on. No 'vscode'
// import here: the bench process loads this file too.

/** The line prefix under which the runner prints its result JSON. */
export const RESULT_MARKER = '[lwa-bench] result ';

/** The built-in extension that is the activation baseline. */
export const GITHUB_AUTHENTICATION_ID = 'vscode.github-authentication';

/**
 * A copy of the built-in github-authentication (same files, same code) under this id, with no
 * activation events and no declared authentication provider: the workbench asks for a GitHub session
 * at start-up, which activates the built-in one before any measurement can start, while nothing
 * activates the copy until the runner does.
 */
export const GITHUB_AUTHENTICATION_COPY_ID = 'lwa-bench.github-authentication-copy';

/** One extension's activation, timed around `extension.activate()`. */
export interface ActivationFigure {
	id: string;
	found: boolean;
	/** Already active before the measurement: then nothing was measured. */
	wasActive: boolean;
	/** Around `extension.activate()`: the extension host's own work (context, storage) included. */
	ms: number;
	/**
	 * The extension's own cost, as VS Code's Running Extensions view counts activation time: loading
	 * its main module plus its activate() call until the returned value resolves. NaN when the main
	 * module was not seen loading.
	 */
	ownMs: number;
	/** The code-loading part of ownMs (the rest is the activate() call). */
	ownLoadMs: number;
	/**
	 * The part of ownLoadMs spent in the main module's first require('vscode'), in which the host builds
	 * the extension's API object: a cost every extension pays, whatever its code.
	 */
	vscodeRequireMs: number;
	/** Total size of the files the activation added to require.cache. */
	bytes: number;
	files: { file: string; bytes: number }[];
	error?: string;
}

/** heapUsed around the lwa.refresh commands: `refreshes` of them to settle, then `refreshes` measured. */
export interface HeapFigure {
	/** Refreshes in each of the two stretches. */
	refreshes: number;
	/** Signed-in profiles the refreshes were spread over (refreshed together, round after round). */
	profiles: number;
	/** Over both stretches. */
	failedRefreshes: number;
	/** After 3 warm-up rounds, before the first stretch. */
	heapUsedAtStart: number;
	/** After the first stretch, before the measured one. */
	heapUsedBefore: number;
	/** After the measured stretch. */
	heapUsedAfter: number;
	medianRefreshMs: number;
	/** Log lines and notices the test mode kept in memory during the refreshes (emptied before each reading). */
	testModeCapturedLines: number;
}

/**
 * A refresh a user waits on, inside the extension host: `lwa.refresh` of one signed-in profile, one
 * command after the other, beside the same refresh request sent raw (fetch) from the same host to the
 * same emulator. The difference is what the command adds: the lease, the secret storage round trips
 * to the browser, the status bar, the notice.
 */
export interface WaitedRefreshFigure {
	samples: number;
	commandMedianMs: number;
	commandP90Ms: number;
	rawMedianMs: number;
	rawP90Ms: number;
	failedCommands: number;
}

/** Everything one code-server run measured. */
export interface HostResult {
	order: string[];
	activations: ActivationFigure[];
	undiciLoadedByActivation: boolean;
	heap?: HeapFigure;
	heapError?: string;
	waitedRefresh?: WaitedRefreshFigure;
	waitedRefreshError?: string;
	nodeVersion: string;
	vscodeVersion: string;
}
