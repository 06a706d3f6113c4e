// `lwa-token`, the helper a terminal runs: reads its arguments and this window's handle and secret from
// the environment, asks the extension host over the socket, prints the token on stdout (nothing else)
// and every message on stderr, and exits with one of the protocol's codes. It starts in every
// `$(lwa-token)`, so it loads node:net and two small pure modules, nothing more (esbuild bundles it on
// its own as dist/lwaToken.js). It never reads the secret storage: only the extension host does.
//
// The extension words its refusals in the editor's language; the few messages written here, for when
// there is no extension to ask, are English.
import * as net from 'node:net';
import { parseArguments, USAGE } from './arguments';
import type { ExitCode } from './protocol';
import { decodeAnswer, encodeRequest, ENV, EXIT, MAX_ANSWER_BYTES, printable } from './protocol';

/** Where the helper writes; process.stdout and process.stderr in production. */
export interface HelperOutput {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
}

/** How long the helper waits for an answer: long enough for a refresh with its retries. */
export const ANSWER_TIMEOUT_MS = 120_000;

/** Runs the helper and resolves with its exit code. */
export async function runHelper(argv: readonly string[], env: NodeJS.ProcessEnv, out: HelperOutput, ids: { pid: number; ppid: number } = process): Promise<ExitCode> {
	const parsed = parseArguments(argv);
	if (parsed.kind === 'help') {
		out.stderr(`${USAGE}\n`);
		return EXIT.ok;
	}
	if (parsed.kind === 'error') {
		out.stderr(`lwa-token: ${parsed.problem}\n${USAGE}\n`);
		return EXIT.usage;
	}
	const handle = env[ENV.handle];
	const secret = env[ENV.secret];
	if (!handle || !secret) {
		out.stderr('lwa-token: this terminal is not connected to LWA Credentials. Use a terminal opened in a VS Code window where a profile has "terminal": true (terminals opened before that need reopening).\n');
		return EXIT.unreachable;
	}
	const line = encodeRequest(secret, { ...parsed.value, pid: ids.pid, ppid: ids.ppid });
	const reply = await exchange(handle, line);
	if (reply.kind === 'unreachable') {
		out.stderr(reply.closed
			? 'lwa-token: the editor closed the connection without an answer: this terminal\'s key is not the current one (the window was reloaded?). Open a new terminal.\n'
			: 'lwa-token: LWA Credentials is not reachable from this terminal (its window was closed or reloaded, or no profile has "terminal": true any more). Open a new terminal.\n');
		return EXIT.unreachable;
	}
	if (reply.kind === 'timeout') {
		out.stderr('lwa-token: the editor did not answer in time.\n');
		return EXIT.failed;
	}
	const answer = decodeAnswer(reply.text);
	if (!answer) {
		out.stderr('lwa-token: the editor\'s answer could not be read.\n');
		return EXIT.failed;
	}
	if (!answer.ok) {
		out.stderr(`lwa-token: ${printable(answer.message)}\n`);
		return answer.exit;
	}
	out.stdout(`${answer.output}\n`);
	return EXIT.ok;
}

/** Sends the request line and reads the answer until the server ends the connection. */
function exchange(handle: string, line: string): Promise<{ kind: 'answer'; text: string } | { kind: 'unreachable'; closed: boolean } | { kind: 'timeout' }> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let connected = false;
		const socket = net.connect(handle, () => {
			connected = true;
			socket.write(line);
		});
		const timer = setTimeout(() => {
			socket.destroy();
			resolve({ kind: 'timeout' });
		}, ANSWER_TIMEOUT_MS);
		const finish = () => {
			clearTimeout(timer);
			resolve(size > 0 ? { kind: 'answer', text: Buffer.concat(chunks).toString('utf8') } : { kind: 'unreachable', closed: connected });
		};
		socket.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_ANSWER_BYTES) {
				socket.destroy();
				return;
			}
			chunks.push(chunk);
		});
		socket.on('error', () => undefined);
		socket.on('close', finish);
	});
}
