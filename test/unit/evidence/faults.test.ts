// Fault injection: every transport and server fault the design names, for each of the three grants,
// through the credential service with a seeded store and the real undici client. Each row checks the
// coded outcome, the number of attempts counted at the server (refresh and client_credentials retry
// network trouble, 5xx and 429; a code exchange is retried only when the request provably never
// left), that the run ends in bounded time, and that the stored credential is untouched.
//
// Connect timeout: on loopback a TCP connect is answered by the kernel as soon as the port listens,
// and Node accepts every queued connection at once, so an unanswered SYN (the usual cause of a
// connect timeout) cannot be produced from Node without root (a firewall rule) or a helper process
// that listens without accepting. undici's connect timeout covers the TCP *and* TLS handshakes, so
// the test uses a real server that accepts the TCP connection and never answers the TLS ClientHello:
// the same timer fires, with the same error (UND_ERR_CONNECT_TIMEOUT), and nothing is mocked.
//
// undici runs its connect, headers and body timers on a coarse clock (about 0.5 s ticks), so a 250 ms
// timeout fires after roughly one second; the elapsed column shows that, and the bound allows for it.
import * as assert from 'node:assert/strict';
import type * as net from 'node:net';
import type { Grant } from '../../../src/core/profiles';
import type { EmulatorFault } from '../../../src/emulator/lwaEmulator';
import { LwaEmulator } from '../../../src/emulator/lwaEmulator';
import { startRawServer } from '../core/support/servers';
import { CODE_SENTINEL, createRig, formatTable, profileAt, storedState, thrownBy, VERIFIER_SENTINEL } from './support';
import { isLwaError } from '../../../src/core/lwa/errors';

/** The timeouts given to the HTTP client in these tests (production defaults: 10 s connect, 30 s headers and body). */
const TIMEOUT_MS = 250;
/** The token client's documented attempt count (first attempt included). */
const MAX_ATTEMPTS = 3;
/** Generous upper bound for any one row (three timed-out attempts take about 3 s), whatever the machine's load. */
const ROW_BOUND_MS = 8000;
const RETRY_AFTER_SECONDS = 7;
const TEN_MB = 10 * 1024 * 1024;

type FaultName = 'connect timeout' | 'slow headers' | 'slow body' | 'reset mid-body' | '500' | '503' | '429 with Retry-After' | 'HTML body' | 'truncated JSON' | '10 MB body';

interface FaultRow {
	fault: FaultName;
	/** The emulator switch; undefined for the connect timeout (raw TLS-stalling server). */
	emulatorFault?: EmulatorFault;
	code: string;
	/** Does the failure count as retryable for refresh and client_credentials? */
	retriedWhenSafe: boolean;
	/** Is the code exchange retried too (only when the request provably never left)? */
	exchangeRetried: boolean;
}

const FAULTS: FaultRow[] = [
	{ fault: 'connect timeout', code: 'network', retriedWhenSafe: true, exchangeRetried: true },
	{ fault: 'slow headers', emulatorFault: { kind: 'slow', delayMs: 20_000 }, code: 'timeout', retriedWhenSafe: false, exchangeRetried: false },
	{ fault: 'slow body', emulatorFault: { kind: 'slowBody', delayMs: 20_000 }, code: 'timeout', retriedWhenSafe: false, exchangeRetried: false },
	{ fault: 'reset mid-body', emulatorFault: { kind: 'resetMidBody' }, code: 'network', retriedWhenSafe: true, exchangeRetried: false },
	{ fault: '500', emulatorFault: { kind: 'status500' }, code: 'server_error', retriedWhenSafe: true, exchangeRetried: false },
	{ fault: '503', emulatorFault: { kind: 'status503' }, code: 'server_error', retriedWhenSafe: true, exchangeRetried: false },
	{ fault: '429 with Retry-After', emulatorFault: { kind: 'rateLimit', retryAfterSeconds: RETRY_AFTER_SECONDS }, code: 'rate_limited', retriedWhenSafe: true, exchangeRetried: false },
	{ fault: 'HTML body', emulatorFault: { kind: 'html' }, code: 'malformed_response', retriedWhenSafe: false, exchangeRetried: false },
	{ fault: 'truncated JSON', emulatorFault: { kind: 'truncatedJson' }, code: 'malformed_response', retriedWhenSafe: false, exchangeRetried: false },
	{ fault: '10 MB body', emulatorFault: { kind: 'oversized', bytes: TEN_MB }, code: 'malformed_response', retriedWhenSafe: false, exchangeRetried: false },
];

type GrantName = 'authorization_code' | 'refresh_token' | 'client_credentials';
const GRANTS: GrantName[] = ['authorization_code', 'refresh_token', 'client_credentials'];

describe('Evidence: fault injection through the credential service', function () {
	this.timeout(20_000);
	const rows: string[][] = [];
	let emulator: LwaEmulator;

	before(async () => {
		emulator = await LwaEmulator.start();
	});

	after(async () => {
		await emulator.close();
		console.log(`\n${formatTable(['fault', 'grant', 'attempts', 'outcome code', 'elapsed ms'], rows)}\n${rows.length} fault runs.\n`);
	});

	afterEach(() => {
		emulator.setFault(undefined);
		emulator.resetStats();
	});

	/** A server that accepts TCP and never says a word, so the TLS handshake never completes. */
	async function startTlsStaller() {
		return startRawServer((socket: net.Socket) => {
			socket.on('data', () => undefined);
		});
	}

	for (const row of FAULTS) {
		for (const grant of GRANTS) {
			const retried = grant === 'authorization_code' ? row.exchangeRetried : row.retriedWhenSafe;
			const expectedAttempts = retried ? MAX_ATTEMPTS : 1;
			it(`${row.fault} on ${grant}: ${row.code} after ${expectedAttempts} attempt(s), in bounded time, stored tokens kept`, async () => {
				const staller = row.emulatorFault ? undefined : await startTlsStaller();
				const baseUrl = staller ? `https://127.0.0.1:${staller.port}` : emulator.url;
				const profileGrant: Grant = grant === 'client_credentials' ? 'client_credentials' : 'authorization_code';
				const profile = profileAt(baseUrl, profileGrant);
				const rig = await createRig({
					profile,
					maxAttempts: MAX_ATTEMPTS,
					http: { connectTimeoutMs: TIMEOUT_MS, headersTimeoutMs: TIMEOUT_MS, bodyTimeoutMs: TIMEOUT_MS, maxResponseBytes: 1024 * 1024 },
				});
				if (row.emulatorFault) {
					emulator.setFault(row.emulatorFault);
				}
				const started = Date.now();
				try {
					const error = await thrownBy(() => grant === 'authorization_code'
						? rig.service.completeAuthorization(profile, { code: CODE_SENTINEL, codeVerifier: VERIFIER_SENTINEL, redirectUri: profile.redirectUri })
						: rig.service.refresh(profile));
					const elapsed = Date.now() - started;
					const attempts = staller ? (staller as unknown as { connections: number }).connections : emulator.stats.tokenRequests;
					const code = isLwaError(error) ? error.code : 'uncoded';
					rows.push([row.fault, grant, String(attempts), code, String(elapsed)]);

					assert.equal(code, row.code);
					assert.equal(attempts, expectedAttempts, 'attempts counted at the server');
					assert.ok(elapsed < ROW_BOUND_MS, `finished in ${elapsed} ms`);
					assert.equal(storedState(rig, profile.name), 'unchanged', 'the stored credential is kept');
					if (row.fault === 'connect timeout') {
						assert.equal(isLwaError(error) && error.requestSent, false, 'a connect timeout proves the request never left');
					}
					if (row.fault === '429 with Retry-After' && retried) {
						assert.deepEqual(rig.delays, [RETRY_AFTER_SECONDS * 1000, RETRY_AFTER_SECONDS * 1000], 'Retry-After is honoured between attempts');
					} else {
						assert.equal(rig.delays.length, expectedAttempts - 1, 'one backoff wait between attempts');
					}
				} finally {
					await rig.close();
					await staller?.close();
				}
			});
		}
	}
});
