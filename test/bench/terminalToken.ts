// Figure 8 of `npm run bench`: how long `lwa-token` takes with a valid token, beside a bare
// `node -e ''` start on the same machine, run alternately so that both see the same load. The helper
// runs as a terminal runs it: bin/lwa-token (the shell wrapper) starts the runtime on the bundled
// dist/lwaToken.js, which asks a real token server over a real socket. The server runs in this
// process with the production gates and the credential service over an in-memory secret store holding
// a fresh token (so no refresh is involved); in the extension host the same request also reads the
// credential from VS Code's secret storage, which this figure does not include.
//
// Run alone: `npm run compile-tests && npm run build && node out/test/bench/terminalToken.js`.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { CredentialService } from '../../src/core/credentials/service';
import { CredentialStore } from '../../src/core/credentials/store';
import { TokenClient } from '../../src/core/lwa/tokenClient';
import { regionalEndpoints } from '../../src/core/lwa/endpoints';
import type { HttpClient, Logger, SecretStore } from '../../src/core/ports';
import type { Profile } from '../../src/core/profiles';
import { ENV } from '../../src/core/terminal/protocol';
import { createSocketHandle, startTokenServer } from '../../src/core/terminal/socketServer';
import { answerTokenRequest } from '../../src/core/terminal/tokenRequests';
import { median, percentile } from './stats';

export interface TerminalTokenFigures {
	samples: number;
	warmup: number;
	helperMedianMs: number;
	nodeMedianMs: number;
	helperP90Ms: number;
	nodeP90Ms: number;
	/** helper median / node median. */
	ratio: number;
	/** Runs whose output was not the token, or whose exit code was not 0. */
	failures: number;
}

const TOKEN = `Atza|bench-${'x'.repeat(300)}`;

const quiet: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Wall time of one child process, from spawn to exit, and what it printed. */
function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; stdout: string }> {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
		let stdout = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.on('error', reject);
		child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
	});
}

/** Measures `samples` alternating pairs after `warmup` pairs; `distDir` holds the bundled lwaToken.js. */
export async function measureTerminalToken(samples: number, warmup: number, distDir: string, projectRoot: string): Promise<TerminalTokenFigures> {
	const values = new Map<string, string>();
	const secrets: SecretStore = {
		get: async (key) => values.get(key),
		store: async (key, value) => void values.set(key, value),
		delete: async (key) => void values.delete(key),
	};
	const now = Date.now();
	const profile: Profile = {
		name: 'bench', region: 'NA', clientId: 'amzn1.application-oa2-client.bench', scopes: ['profile'], redirectUri: 'http://127.0.0.1:1/cb',
		grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: regionalEndpoints('NA'), terminal: true,
	};
	const store = new CredentialStore(secrets, quiet);
	await store.setCredential({ v: 1, profile: 'bench', grant: 'authorization_code', accessToken: TOKEN, tokenType: 'bearer', expiresAt: now + 3_600_000, obtainedAt: now, refreshToken: 'Atzr|bench', scopes: ['profile'] });
	// A fresh token needs no request: an HTTP client that is used fails the run.
	const http: HttpClient = { send: () => Promise.reject(new Error('the bench token was not fresh')) };
	const clock = { now: () => Date.now() };
	const service = new CredentialService({ store, tokenClient: new TokenClient({ http, clock, logger: quiet }), clock, logger: quiet, refreshAheadSeconds: () => 120 });
	const secret = crypto.randomBytes(32).toString('hex');
	const server = await startTokenServer({
		handle: createSocketHandle(crypto.randomBytes(8).toString('hex')),
		secret,
		texts: { invalidRequest: () => 'invalid', unexpectedFailure: () => 'failed' },
		answer: async (request) => {
			const outcome = await answerTokenRequest(request, {
				isTrusted: () => true,
				profiles: () => [profile],
				activeProfile: () => 'bench',
				partnersOf: async () => [],
				validCredential: (chosen, account) => service.getValidCredential(chosen, account),
				now: () => Date.now(),
			});
			return outcome.kind === 'token' ? { ok: true, output: outcome.output } : { ok: false, exit: outcome.exit, message: outcome.kind };
		},
	});
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		[ENV.handle]: server.handle.path,
		[ENV.secret]: secret,
		[ENV.node]: process.execPath,
		[ENV.main]: path.join(distDir, 'lwaToken.js'),
	};
	const wrapper = path.join(projectRoot, 'bin', 'lwa-token');
	const helper: number[] = [];
	const node: number[] = [];
	let failures = 0;
	try {
		for (let index = 0; index < warmup + samples; index++) {
			// Alternate which goes first, so neither always runs right after the other.
			const order = index % 2 === 0 ? ['helper', 'node'] : ['node', 'helper'];
			for (const which of order) {
				if (which === 'helper') {
					const run = await timedRun(wrapper, [], env);
					if (run.code !== 0 || run.stdout !== `${TOKEN}\n`) {
						failures++;
					}
					if (index >= warmup) {
						helper.push(run.ms);
					}
				} else {
					const run = await timedRun(process.execPath, ['-e', ''], { PATH: process.env.PATH });
					if (index >= warmup) {
						node.push(run.ms);
					}
				}
			}
		}
	} finally {
		await server.close();
	}
	const helperMedianMs = median(helper);
	const nodeMedianMs = median(node);
	return {
		samples, warmup, helperMedianMs, nodeMedianMs, helperP90Ms: percentile(helper, 0.9), nodeP90Ms: percentile(node, 0.9),
		ratio: helperMedianMs / nodeMedianMs, failures,
	};
}

if (require.main === module) {
	const root = path.resolve(__dirname, '..', '..', '..');
	void measureTerminalToken(Number(process.env.LWA_BENCH_TERMINAL_RUNS ?? 40), 5, path.join(root, 'dist'), root).then((figures) => {
		console.log(JSON.stringify(figures, null, '\t'));
	});
}
