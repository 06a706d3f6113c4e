// The loopback listener: a node:http server on the redirect URI's loopback address, port and path,
// alive only while at least one sign-in waits on it. Sign-ins that share a port share the server;
// each request is delivered by state to the sign-in it belongs to. No 'vscode' here: the texts for
// the user come in as LoopbackTexts (the VS Code layer passes localized ones).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackParamsFromQuery } from '../lwa/callback';
import { describeError, isLwaError, LwaError } from '../lwa/errors';
import type { LoopbackTarget } from '../profiles';
import type { Logger } from '../ports';
import type { LoopbackPageTexts } from './loopbackPages';
import { ENGLISH_PAGE_TEXTS, failurePage, LOOPBACK_PAGE_CSP, successPage } from './loopbackPages';
import type { PendingSignIns } from './pendingSignIns';

/** The listener's texts for the user: the pages' texts, the failure pages' reasons and the port errors. */
export interface LoopbackTexts extends LoopbackPageTexts {
	readonly unreadableRequest: string;
	readonly nothingWaiting: string;
	readonly onlyRedirectAccepted: string;
	readonly unreadableRedirect: string;
	readonly notForWaitingSignIn: string;
	portInUse(port: number, address: string): string;
	cannotListen(port: number, address: string, errorCode: string): string;
}

/** English texts, for tests and any caller without a localization. */
export const ENGLISH_LOOPBACK_TEXTS: LoopbackTexts = {
	...ENGLISH_PAGE_TEXTS,
	unreadableRequest: 'The request could not be read.',
	nothingWaiting: 'Nothing is waiting at this address.',
	onlyRedirectAccepted: 'Only the browser\'s redirect is accepted here.',
	unreadableRedirect: 'The redirect could not be read.',
	notForWaitingSignIn: 'This response does not belong to a sign-in that is waiting in the editor, so it was ignored. If you started a sign-in, finish it in the browser tab it opened.',
	portInUse: (port, address) => `Port ${port} on ${address} is already in use by another program, so the sign-in cannot receive the browser's redirect there.`,
	cannotListen: (port, address, errorCode) => `The sign-in cannot listen on port ${port} on ${address} (${errorCode}).`,
};

/** The address to bind for a redirect URI host: loopback only; `localhost` binds 127.0.0.1. */
export function bindAddress(hostname: string): string {
	const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
	return host === 'localhost' ? '127.0.0.1' : host;
}

interface SharedServer {
	server: http.Server;
	/** Paths with a waiting sign-in, with how many wait on each. */
	paths: Map<string, number>;
	ready: Promise<void>;
}

/** A lease on a listening loopback server; dispose() when the sign-in stops waiting. */
export interface LoopbackLease {
	/** The port actually listened on. */
	readonly port: number;
	dispose(): void;
}

/** Opens, shares and closes the loopback servers. */
export class LoopbackServers {
	private readonly servers = new Map<string, SharedServer>();

	constructor(
		private readonly pending: PendingSignIns,
		private readonly logger: Logger,
		private readonly texts: LoopbackTexts,
	) {}

	/** The number of servers listening now (for tests). */
	get listening(): number {
		return this.servers.size;
	}

	/**
	 * Listens on `target` (reusing a server already on that address and port) for the sign-in whose
	 * redirect path is `target.path`. Rejects with LwaError('port_in_use') naming the port.
	 */
	async listen(target: LoopbackTarget): Promise<LoopbackLease> {
		const address = bindAddress(target.hostname);
		const key = `${address}|${target.port}`;
		let shared = this.servers.get(key);
		if (!shared) {
			shared = this.start(address, target.port, key);
			this.servers.set(key, shared);
		}
		shared.paths.set(target.path, (shared.paths.get(target.path) ?? 0) + 1);
		const current = shared;
		let released = false;
		const release = (): void => {
			if (released) {
				return;
			}
			released = true;
			const count = (current.paths.get(target.path) ?? 1) - 1;
			if (count > 0) {
				current.paths.set(target.path, count);
			} else {
				current.paths.delete(target.path);
			}
			if (current.paths.size === 0) {
				this.stop(key, current);
			}
		};
		try {
			await current.ready;
		} catch (error) {
			release();
			throw error;
		}
		const port = (current.server.address() as AddressInfo | null)?.port ?? target.port;
		return { port, dispose: release };
	}

	/** Closes every server (extension shutdown). */
	dispose(): void {
		for (const [key, shared] of [...this.servers]) {
			this.stop(key, shared);
		}
	}

	private start(address: string, port: number, key: string): SharedServer {
		const paths = new Map<string, number>();
		const server = http.createServer((request, response) => this.handle(paths, request, response));
		server.keepAliveTimeout = 1000;
		const ready = new Promise<void>((resolve, reject) => {
			server.once('error', (error: NodeJS.ErrnoException) => {
				if (this.servers.get(key)?.server === server) {
					this.servers.delete(key);
				}
				this.logger.error(`Loopback listener could not listen on ${address}:${port} (${error.code ?? 'error'}).`);
				reject(new LwaError('port_in_use', {
					message: error.code === 'EADDRINUSE'
						? this.texts.portInUse(port, address)
						: this.texts.cannotListen(port, address, error.code ?? 'error'),
				}));
			});
			server.listen({ host: address, port, exclusive: true }, () => {
				server.on('error', (error: NodeJS.ErrnoException) => this.logger.warn(`Loopback listener error (${error.code ?? 'error'}).`));
				this.logger.info(`Loopback listener is listening on ${address}:${port}.`);
				resolve();
			});
		});
		return { server, paths, ready };
	}

	private stop(key: string, shared: SharedServer): void {
		if (this.servers.get(key) === shared) {
			this.servers.delete(key);
		}
		if (shared.server.listening) {
			shared.server.close();
			shared.server.closeIdleConnections();
			this.logger.info('Loopback listener closed.');
		} else {
			// Still starting (or failed to start): close it as soon as it listens.
			shared.server.once('listening', () => shared.server.close());
		}
	}

	private handle(paths: Map<string, number>, request: http.IncomingMessage, response: http.ServerResponse): void {
		let url: URL;
		try {
			url = new URL(request.url ?? '/', 'http://loopback');
		} catch {
			this.reply(response, 400, this.failurePage(this.texts.unreadableRequest));
			return;
		}
		if (!paths.has(url.pathname)) {
			// Browsers also ask for /favicon.ico; anything but a waiting path is simply not here.
			this.reply(response, 404, this.failurePage(this.texts.nothingWaiting));
			return;
		}
		if (request.method !== 'GET') {
			response.setHeader('Allow', 'GET');
			this.reply(response, 405, this.failurePage(this.texts.onlyRedirectAccepted));
			return;
		}
		let outcome;
		let params;
		try {
			params = callbackParamsFromQuery(url.searchParams);
			// A request whose state does not match a waiting sign-in (on this path) is refused with a
			// failure page and does NOT end any sign-in: otherwise anyone able to reach the port could
			// cancel a sign-in by sending a forged redirect.
			outcome = this.pending.deliver(params, 'loopback', (pending) => pending.loopbackPath === url.pathname);
		} catch (error) {
			this.logger.warn(`Loopback listener refused a malformed redirect (${isLwaError(error) ? error.code : 'error'}).`);
			this.reply(response, 400, this.failurePage(isLwaError(error) ? error.message : this.texts.unreadableRedirect));
			return;
		}
		if (outcome !== 'delivered') {
			this.logger.warn(`Loopback listener refused a redirect whose state does not match a waiting sign-in (${outcome}).`);
			this.reply(response, 400, this.failurePage(this.texts.notForWaitingSignIn));
			return;
		}
		this.logger.info('Loopback listener received the redirect for a waiting sign-in.');
		if (params.error !== undefined) {
			this.reply(response, 200, this.failurePage(describeError(redirectErrorCode(params.error)).message));
			return;
		}
		if (params.code === undefined || params.code === '') {
			this.reply(response, 200, this.failurePage(describeError('missing_code').message));
			return;
		}
		this.reply(response, 200, successPage(this.texts));
	}

	private failurePage(reason: string): string {
		return failurePage(this.texts, reason);
	}

	private reply(response: http.ServerResponse, status: number, html: string): void {
		response.writeHead(status, {
			'Content-Type': 'text/html; charset=utf-8',
			'Content-Security-Policy': LOOPBACK_PAGE_CSP,
			'Cache-Control': 'no-store',
			'Referrer-Policy': 'no-referrer',
			'X-Content-Type-Options': 'nosniff',
			'X-Frame-Options': 'DENY',
			Connection: 'close',
		});
		response.end(html);
	}
}

/** The catalogue code for an `error=` value of a redirect (for the page text only). */
function redirectErrorCode(error: string): 'access_denied' | 'invalid_scope' | 'unauthorized_client' | 'temporarily_unavailable' | 'authorization_failed' {
	switch (error) {
		case 'access_denied':
		case 'invalid_scope':
		case 'unauthorized_client':
		case 'temporarily_unavailable':
			return error;
		default:
			return 'authorization_failed';
	}
}
