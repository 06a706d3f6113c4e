// lwa-token's server on a real Unix socket in a private folder, and the helper as a child process
// against it: what a caller with the secret gets, and that a caller without it (or with a hostile
// request) gets a closed connection and not one byte.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../../harness/paths';
import type { Rejection, TokenServer } from '../../../../src/core/terminal/socketServer';
import { createSocketHandle, startTokenServer } from '../../../../src/core/terminal/socketServer';
import type { TokenAnswer, TokenRequest } from '../../../../src/core/terminal/protocol';
import { encodeRequest, ENV, EXIT, MAX_REQUEST_BYTES } from '../../../../src/core/terminal/protocol';

/** The helper as tsc compiled it for this tier (dist/lwaToken.js is the same code, bundled). */
const HELPER_MAIN = path.join(projectRoot, 'out', 'src', 'core', 'terminal', 'lwaTokenMain.js');
const WRAPPER = path.join(projectRoot, 'bin', 'lwa-token');
const TEXTS = { invalidRequest: (field: string) => `bad ${field}`, unexpectedFailure: () => 'oops' };

/** What a raw client saw: every byte the server sent before the connection closed. */
function rawExchange(socketPath: string, write: (socket: net.Socket) => void): Promise<{ received: string }> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const socket = net.connect(socketPath, () => write(socket));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => resolve({ received: Buffer.concat(chunks).toString('utf8') }));
	});
}

interface HelperRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

function runHelper(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<HelperRun> {
	return new Promise((resolve) => {
		execFile(command, args, { env }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
		});
	});
}

describe('lwa-token server and helper', () => {
	let server: TokenServer;
	let secret: string;
	let requests: TokenRequest[];
	let rejections: Rejection[];
	let answer: (request: TokenRequest) => Promise<TokenAnswer>;

	beforeEach(async () => {
		secret = crypto.randomBytes(32).toString('hex');
		requests = [];
		rejections = [];
		answer = async () => ({ ok: true, output: 'Atza|token-1' });
		server = await startTokenServer({
			handle: createSocketHandle(crypto.randomBytes(8).toString('hex')),
			secret,
			answer: (request) => {
				requests.push(request);
				return answer(request);
			},
			texts: TEXTS,
			onRejected: (why) => rejections.push(why),
			readTimeoutMs: 200,
		});
	});

	afterEach(async () => {
		await server.close();
	});

	const helperEnv = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
		PATH: process.env.PATH, [ENV.handle]: server.handle.path, [ENV.secret]: secret, [ENV.node]: process.execPath, [ENV.main]: HELPER_MAIN, ...overrides,
	});

	it('answers a request that carries the secret with one line of JSON, then closes', async () => {
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(encodeRequest(secret, { format: 'raw', profile: 'p', pid: 5, ppid: 4 })));
		assert.deepEqual({ received, requests }, {
			received: '{"ok":true,"output":"Atza|token-1"}\n',
			requests: [{ format: 'raw', profile: 'p', pid: 5, ppid: 4 }],
		});
	});

	it('closes without a byte of answer on a wrong secret, and never asks for a token', async () => {
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(encodeRequest('b'.repeat(64), { format: 'raw' })));
		assert.deepEqual({ received, requests, rejections }, { received: '', requests: [], rejections: ['wrong_secret'] });
	});

	it('closes without an answer on malformed JSON, and on a connection that ends before its newline', async () => {
		const malformed = await rawExchange(server.handle.path, (socket) => socket.write('{"v":1,"secret":\n'));
		const cut = await rawExchange(server.handle.path, (socket) => socket.end(`{"v":1,"secret":"${secret}"`));
		assert.deepEqual({ malformed: malformed.received, cut: cut.received, requests, rejections }, { malformed: '', cut: '', requests: [], rejections: ['malformed', 'malformed'] });
	});

	it('reads at most 4 KB: a longer request, even with the right secret first, is closed unanswered', async () => {
		const padded = `{"v":1,"secret":"${secret}","format":"raw","profile":"${'p'.repeat(MAX_REQUEST_BYTES)}"}\n`;
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(padded));
		const endless = await rawExchange(server.handle.path, (socket) => socket.write(Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20)));
		assert.deepEqual({ received, endless: endless.received, requests, rejections }, { received: '', endless: '', requests: [], rejections: ['too_large', 'too_large'] });
	});

	it('closes a slow client that has not finished its line when the read timeout passes', async () => {
		// The server's timeout (200 ms here) closes the connection; the client never ends it.
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(`{"v":1,"secret":"${secret}"`));
		assert.deepEqual({ received, requests, rejections }, { received: '', requests: [], rejections: ['timeout'] });
	});

	it('with the right secret, answers a profile name with control characters as a usage error without asking for a token', async () => {
		const line = `${JSON.stringify({ v: 1, secret, format: 'raw', profile: 'prod\u001b]0;x\u0007' })}\n`;
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(line));
		assert.deepEqual({ answer: JSON.parse(received) as unknown, requests }, { answer: { ok: false, exit: EXIT.usage, message: 'bad profile' }, requests: [] });
	});

	it('answers a handler that throws with a general failure, not silence', async () => {
		answer = async () => {
			throw new Error('boom');
		};
		const { received } = await rawExchange(server.handle.path, (socket) => socket.write(encodeRequest(secret, { format: 'raw' })));
		assert.deepEqual(JSON.parse(received), { ok: false, exit: EXIT.failed, message: 'oops' });
	});

	it('refuses to listen in a socket folder that is not 0700, and close() removes its own folder', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-token-'));
		fs.chmodSync(folder, 0o755);
		try {
			await assert.rejects(startTokenServer({ handle: { path: path.join(folder, 's.sock'), folder }, secret, answer, texts: TEXTS }), /open to other users/);
			assert.equal(fs.existsSync(path.join(folder, 's.sock')), false);
		} finally {
			fs.rmSync(folder, { recursive: true, force: true });
		}
		const own = server.handle.folder ?? '';
		await server.close();
		assert.equal(fs.existsSync(own), false);
		server = await startTokenServer({ handle: createSocketHandle('0123456789abcdef'), secret, answer, texts: TEXTS });
	});

	it('the helper prints only the token on stdout and exits 0', async () => {
		const run = await runHelper(process.execPath, [HELPER_MAIN, 'p', '--format', 'bearer'], helperEnv());
		assert.deepEqual({ run, requests: requests.map(({ profile, format }) => ({ profile, format })) }, {
			run: { code: 0, stdout: 'Atza|token-1\n', stderr: '' },
			requests: [{ profile: 'p', format: 'bearer' }],
		});
	});

	it('the helper reports its own and its parent\'s process id', async () => {
		await runHelper(process.execPath, [HELPER_MAIN], helperEnv());
		assert.equal(requests[0]?.ppid, process.pid);
		assert.equal(typeof requests[0]?.pid, 'number');
	});

	it('the helper prints a refusal on stderr only, with terminal escapes removed, and exits with its code', async () => {
		answer = async () => ({ ok: false, exit: EXIT.notAllowed, message: 'not \u001b[31mallowed\u0007' });
		const run = await runHelper(process.execPath, [HELPER_MAIN], helperEnv());
		assert.deepEqual(run, { code: EXIT.notAllowed, stdout: '', stderr: 'lwa-token: not ?[31mallowed?\n' });
	});

	it('the helper with a wrong secret gets no answer and exits 8 (unreachable), nothing on stdout', async () => {
		const run = await runHelper(process.execPath, [HELPER_MAIN], helperEnv({ [ENV.secret]: 'c'.repeat(64) }));
		assert.deepEqual({ code: run.code, stdout: run.stdout, requests, rejections }, { code: EXIT.unreachable, stdout: '', requests: [], rejections: ['wrong_secret'] });
		assert.match(run.stderr, /closed the connection without an answer/);
	});

	it('the helper outside a connected terminal, or with a socket that is gone, exits 8', async () => {
		const unset = await runHelper(process.execPath, [HELPER_MAIN], { PATH: process.env.PATH });
		const gone = await runHelper(process.execPath, [HELPER_MAIN], helperEnv({ [ENV.handle]: path.join(os.tmpdir(), 'no-such-lwa-token.sock') }));
		assert.deepEqual([unset.code, unset.stdout, gone.code, gone.stdout], [EXIT.unreachable, '', EXIT.unreachable, '']);
	});

	it('the helper refuses bad arguments with exit 2 before connecting', async () => {
		const run = await runHelper(process.execPath, [HELPER_MAIN, '--format', 'yaml'], helperEnv());
		assert.deepEqual({ code: run.code, stdout: run.stdout, requests }, { code: EXIT.usage, stdout: '', requests: [] });
	});

	it('bin/lwa-token runs the helper with the runtime named in the environment and passes its exit code on', async function () {
		if (process.platform === 'win32') {
			this.skip();
		}
		const ok = await runHelper(WRAPPER, ['p'], helperEnv());
		answer = async () => ({ ok: false, exit: EXIT.ambiguous, message: 'several' });
		const refused = await runHelper(WRAPPER, [], helperEnv());
		const unset = await runHelper(WRAPPER, [], { PATH: process.env.PATH });
		assert.deepEqual([ok, refused.code, unset.code], [{ code: 0, stdout: 'Atza|token-1\n', stderr: '' }, EXIT.ambiguous, EXIT.unreachable]);
	});
});
