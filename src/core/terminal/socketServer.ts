// The server end of `lwa-token`: a Unix socket in a fresh private folder (a named pipe on Windows),
// one request line per connection, checked before anything is answered. No 'vscode': the VS Code
// layer (src/vscode/terminal/) gives it the handler that decides and words the answer.
//
// Why each limit: the socket folder is 0700 and owned by this user, so on Linux and macOS only this
// user can connect at all. Windows pipe names are visible to every local user and the pipe is
// reachable by them, so there the secret alone keeps others out; on every platform it also keeps out
// this user's processes that were not started from this window's terminals. A caller without the
// secret can make the server read at most MAX_REQUEST_BYTES for at most REQUEST_READ_TIMEOUT_MS and
// then sees the connection close, with no byte of answer.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TokenAnswer, TokenRequest } from './protocol';
import { EXIT, MAX_REQUEST_BYTES, REQUEST_READ_TIMEOUT_MS } from './protocol';
import { decodeRequest } from './requestCheck';

/** Why a connection was closed without an answer (for the log: never the request's content). */
export type Rejection = 'too_large' | 'timeout' | 'malformed' | 'wrong_secret';

/** Where the server listens and what to clean up when it stops. */
export interface SocketHandle {
	/** The socket path, or the pipe name on Windows. */
	path: string;
	/** The private folder holding the socket (none on Windows). */
	folder?: string;
}

/** Unix socket paths are limited to about 104 (macOS) or 108 (Linux) bytes; stay below both. */
export const MAX_SOCKET_PATH_BYTES = 100;

/**
 * Where a server of this window listens: on Windows a pipe name with a random part; elsewhere a path
 * in a fresh folder that mkdtemp creates with mode 0700. A temporary folder whose path is too long for
 * a socket gives way to /tmp. `random` is 16 or more hex characters.
 */
export function socketHandleFor(platform: NodeJS.Platform, random: string, temporaryFolder: string): { pipe: string } | { parent: string } {
	if (platform === 'win32') {
		return { pipe: `\\\\.\\pipe\\lwa-token-${random}` };
	}
	// mkdtemp adds 6 characters, then '/lwa-token.sock'.
	const fits = (parent: string) => Buffer.byteLength(path.join(parent, 'lwa-token-XXXXXX', 'lwa-token.sock')) <= MAX_SOCKET_PATH_BYTES;
	return { parent: fits(temporaryFolder) ? temporaryFolder : '/tmp' };
}

/** Makes a fresh private socket folder (or a pipe name) for a server. */
export function createSocketHandle(random: string, platform: NodeJS.Platform = process.platform, temporaryFolder: string = os.tmpdir()): SocketHandle {
	const where = socketHandleFor(platform, random, temporaryFolder);
	if ('pipe' in where) {
		return { path: where.pipe };
	}
	const folder = fs.mkdtempSync(path.join(where.parent, 'lwa-token-'));
	return { path: path.join(folder, 'lwa-token.sock'), folder };
}

/**
 * Throws unless `folder` is a real folder (not a link to one) of this user with no access for group
 * or others. Checked before listening, so a folder another user could list, or swap, never holds the socket.
 */
export function assertPrivateFolder(folder: string): void {
	const stat = fs.lstatSync(folder);
	if (!stat.isDirectory() || stat.isSymbolicLink()) {
		throw new Error('The socket folder is not a folder.');
	}
	if ((stat.mode & 0o077) !== 0) {
		throw new Error(`The socket folder is open to other users (mode ${(stat.mode & 0o777).toString(8)}).`);
	}
	if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
		throw new Error('The socket folder belongs to another user.');
	}
}

export interface TokenServerOptions {
	handle: SocketHandle;
	secret: string;
	/** Decides and words the answer to a request whose secret matched. */
	answer: (request: TokenRequest) => Promise<TokenAnswer>;
	/** The sentences for a keyed request with an invalid field, and for an answer that threw (the VS Code layer words them). */
	texts: { invalidRequest: (field: string) => string; unexpectedFailure: () => string };
	/** Told about every connection closed without an answer. */
	onRejected?: (why: Rejection) => void;
	/** Tests shorten these; production uses the protocol's limits. */
	maxRequestBytes?: number;
	readTimeoutMs?: number;
}

/** A listening server; close() stops it and removes its folder. */
export interface TokenServer {
	readonly handle: SocketHandle;
	close(): Promise<void>;
}

/** Starts listening; rejects when the socket folder is not private or the socket cannot be made. */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
	const { handle } = options;
	if (handle.folder !== undefined) {
		assertPrivateFolder(handle.folder);
	}
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		serveConnection(socket, options);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(handle.path, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return {
		handle,
		close: async () => {
			for (const socket of sockets) {
				socket.destroy();
			}
			await new Promise<void>((resolve) => server.close(() => resolve()));
			if (handle.folder !== undefined) {
				fs.rmSync(handle.folder, { recursive: true, force: true });
			}
		},
	};
}

/** Reads one request line within the limits, then answers it or closes without a word. */
function serveConnection(socket: net.Socket, options: TokenServerOptions): void {
	const maxBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
	const chunks: Buffer[] = [];
	let received = 0;
	let done = false;
	const reject = (why: Rejection): void => {
		if (done) {
			return;
		}
		done = true;
		clearTimeout(timer);
		socket.destroy();
		options.onRejected?.(why);
	};
	const timer = setTimeout(() => reject('timeout'), options.readTimeoutMs ?? REQUEST_READ_TIMEOUT_MS);
	socket.on('error', () => socket.destroy());
	socket.on('data', (chunk: Buffer) => {
		if (done) {
			return;
		}
		const newline = chunk.indexOf(0x0a);
		const take = newline >= 0 ? chunk.subarray(0, newline + 1) : chunk;
		received += take.length;
		if (received > maxBytes) {
			reject('too_large');
			return;
		}
		chunks.push(take);
		if (newline < 0) {
			return;
		}
		done = true;
		clearTimeout(timer);
		socket.pause();
		const line = Buffer.concat(chunks).toString('utf8').trimEnd();
		const decoded = decodeRequest(line, options.secret);
		if (decoded.kind === 'malformed' || decoded.kind === 'secret_mismatch') {
			socket.destroy();
			options.onRejected?.(decoded.kind === 'malformed' ? 'malformed' : 'wrong_secret');
			return;
		}
		const answered = decoded.kind === 'invalid'
			? Promise.resolve<TokenAnswer>({ ok: false, exit: EXIT.usage, message: options.texts.invalidRequest(decoded.field) })
			: options.answer(decoded.request).catch((): TokenAnswer => ({ ok: false, exit: EXIT.failed, message: options.texts.unexpectedFailure() }));
		void answered.then((answer) => {
			if (!socket.destroyed) {
				socket.end(`${JSON.stringify(answer)}\n`);
			}
		});
	});
	socket.on('end', () => {
		if (!done) {
			reject('malformed');
		}
	});
}
