// The loopback listener: node:http servers on the redirect URI's loopback address (both 127.0.0.1
// and ::1 for `localhost`), port and path, alive only while at least one sign-in waits on them.
// Sign-ins that share an address and port share its server; each request is delivered by state to
// the sign-in it belongs to, and only when it names the redirect URI's own host and port. No 'vscode'
// here: the texts for the user come in as LoopbackTexts (the VS Code layer passes localized ones).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLwaError, LwaError } from '../lwa/errors';
import { forLog } from '../logText';
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
	/** The page text for a request that names another host than the redirect URI's (DNS rebinding). */
	readonly otherHost: string;
	/** The page's sentence for a refused or failed redirect (the VS Code layer words every code). */
	failureReason(error: LwaError): string;
}

/** English texts, for tests and any caller without a localization. */
export const ENGLISH_LOOPBACK_TEXTS: LoopbackTexts = {
	...ENGLISH_PAGE_TEXTS,
	unreadableRequest: 'The request could not be read.',
	nothingWaiting: 'Nothing is waiting at this address.',
	onlyRedirectAccepted: 'Only the browser\'s redirect is accepted here.',
	unreadableRedirect: 'The redirect could not be read.',
	notForWaitingSignIn: 'This response does not belong to a sign-in that is waiting in the editor, so it was ignored. If you started a sign-in, finish it in the browser tab it opened.',
	otherHost: 'This address is not the one the sign-in is waiting on.',
	failureReason: (error) => error.message,
};

/**
 * The addresses to bind for a redirect URI host: loopback only. `localhost` binds both 127.0.0.1 and
 * ::1: browsers (Chromium first) may try ::1 for `localhost`, and another program listening on
 * [::1] with the same port would otherwise receive the redirect and its code.
 */
export function bindAddresses(hostname: string, localhostAddresses: readonly string[] = LOCALHOST_ADDRESSES): string[] {
	const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
	return host === 'localhost' ? [...localhostAddresses] : [host];
}

/** The addresses `localhost` binds: IPv4 first (it must work), then IPv6 (used when the machine has it). */
export const LOCALHOST_ADDRESSES: readonly string[] = ['127.0.0.1', '::1'];

/** How the listener binds; the default is right everywhere but in tests. */
export interface LoopbackOptions {
	/** The addresses `localhost` binds; tests put an address this machine lacks in place of ::1. */
	readonly localhostAddresses?: readonly string[];
	/**
	 * Sees the number of ports listened on (or being opened) each time it may have changed;
	 * `localhost` listens on two addresses of one port. None in production: tests pass one.
	 */
	readonly onListeningChanged?: (ports: number) => void;
}

/** Errors that mean the machine has no IPv6 loopback address (not that the port is taken). */
const IPV6_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** An address as people write it next to a port: IPv6 in brackets. */
function displayAddress(address: string): string {
	return address.includes(':') ? `[${address}]` : address;
}

/**
 * The Host header values that name a URL with this host and port (RFC 9110 section 7.2): the host as
 * the URL spells it (IPv6 in brackets), then the port; for port 80 the browser leaves the port out.
 */
function acceptedHosts(hostname: string, port: number): string[] {
	const host = displayAddress(hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase());
	return port === 80 ? [host, `${host}:80`] : [`${host}:${port}`];
}

/**
 * Whether a request's Host header names exactly the redirect URI's host and port. This is the
 * defence against DNS rebinding: a web page on a name that an attacker re-points at 127.0.0.1 reaches
 * this port, but its requests carry the attacker's name in Host.
 *
 * Only the redirect URI's own host:port is accepted, not the other loopback spellings (a `localhost`
 * redirect URI does not accept `127.0.0.1:<port>`): LWA redirects to the registered URI exactly
 * (RFC 8252 section 7.3 lets only the port vary, and LWA matches Allowed Return URLs exactly), so the
 * browser's redirect always carries that authority and nothing legitimate sends another. Host names
 * are case-insensitive (RFC 3986 section 3.2.2), so case is ignored; every other difference (a
 * trailing dot, userinfo, another port, another IPv6 spelling, control characters) is refused.
 */
function hostMatches(hostHeader: string, registration: Registration): boolean {
	return registration.hosts.includes(hostHeader.toLowerCase());
}

/** A sign-in waiting on a server: the Host it expects and the path of its redirect URI. */
interface Registration {
	readonly hosts: readonly string[];
	readonly path: string;
}

/** What became of an attempt to listen on one address. */
type ListenResult = { ok: true } | { ok: false; error: NodeJS.ErrnoException };

/** One node:http server on one loopback address and port, shared by the sign-ins waiting on it. */
interface AddressServer {
	readonly address: string;
	readonly port: number;
	readonly server: http.Server;
	readonly registrations: Set<Registration>;
	/** Settles once the server listens or has failed to (never rejects). */
	readonly ready: Promise<ListenResult>;
}

/** A lease on the listening loopback servers of one sign-in; dispose() when it stops waiting. */
export interface LoopbackLease {
	/** The port actually listened on. */
	readonly port: number;
	dispose(): void;
}

/** Opens, shares and closes the loopback servers. */
export class LoopbackServers {
	/** Keyed by `${address}|${port}`. */
	private readonly servers = new Map<string, AddressServer>();

	constructor(
		private readonly pending: PendingSignIns,
		private readonly logger: Logger,
		private readonly texts: LoopbackTexts,
		private readonly options: LoopbackOptions = {},
	) {}

	/**
	 * Listens on `target` (reusing a server already on an address and port) for the sign-in whose
	 * redirect path is `target.path`. Rejects with LwaError('port_in_use') naming the port and the
	 * address that could not be listened on; then nothing of this sign-in stays listening.
	 */
	async listen(target: LoopbackTarget): Promise<LoopbackLease> {
		const addresses = bindAddresses(target.hostname, this.options.localhostAddresses);
		const registration: Registration = { hosts: acceptedHosts(target.hostname, target.port), path: target.path };
		const joined = addresses.map((address) => this.join(address, target.port, registration));
		let released = false;
		const release = (): void => {
			if (released) {
				return;
			}
			released = true;
			for (const entry of joined) {
				this.leave(entry, registration);
			}
		};
		const results = await Promise.all(joined.map((entry) => entry.ready));
		let port: number | undefined;
		for (const [index, result] of results.entries()) {
			const entry = joined[index];
			if (result.ok) {
				port ??= (entry.server.address() as AddressInfo | null)?.port;
				continue;
			}
			const code = result.error.code ?? 'error';
			// `localhost` on a machine without IPv6 loopback: the IPv4 address alone is all a browser can reach.
			if (index > 0 && IPV6_UNAVAILABLE.has(code)) {
				this.logger.info(`Loopback listener: ${displayAddress(entry.address)} is not available on this machine (${code}); listening for localhost on ${displayAddress(addresses[0])} only.`);
				this.leave(entry, registration);
				continue;
			}
			release();
			throw new LwaError('port_in_use', {
				reason: code === 'EADDRINUSE' ? 'address_in_use' : 'cannot_listen',
				facts: { port: target.port, address: displayAddress(entry.address), systemCode: code },
			});
		}
		return { port: port ?? target.port, dispose: release };
	}

	/** Closes every server (extension shutdown). */
	dispose(): void {
		for (const entry of [...this.servers.values()]) {
			entry.registrations.clear();
			this.stop(entry);
		}
	}

	/** The server on address:port with `registration` added, started when there is none. */
	private join(address: string, port: number, registration: Registration): AddressServer {
		const key = `${address}|${port}`;
		let entry = this.servers.get(key);
		if (!entry) {
			entry = this.start(address, port);
			this.servers.set(key, entry);
			this.reportListening();
		}
		entry.registrations.add(registration);
		return entry;
	}

	private leave(entry: AddressServer, registration: Registration): void {
		entry.registrations.delete(registration);
		if (entry.registrations.size === 0) {
			this.stop(entry);
		}
	}

	private start(address: string, port: number): AddressServer {
		const registrations = new Set<Registration>();
		const server = http.createServer((request, response) => this.handle(registrations, request, response));
		server.keepAliveTimeout = 1000;
		const ready = new Promise<ListenResult>((resolve) => {
			server.once('error', (error: NodeJS.ErrnoException) => {
				this.forget(address, port, server);
				this.logger.error(`Loopback listener could not listen on ${displayAddress(address)}:${port} (${error.code ?? 'error'}).`);
				resolve({ ok: false, error });
			});
			server.listen({ host: address, port, exclusive: true }, () => {
				server.on('error', (error: NodeJS.ErrnoException) => this.logger.warn(`Loopback listener error (${error.code ?? 'error'}).`));
				this.logger.info(`Loopback listener is listening on ${displayAddress(address)}:${port}.`);
				resolve({ ok: true });
			});
		});
		return { address, port, server, registrations, ready };
	}

	private forget(address: string, port: number, server: http.Server): void {
		const key = `${address}|${port}`;
		if (this.servers.get(key)?.server === server) {
			this.servers.delete(key);
			this.reportListening();
		}
	}

	private reportListening(): void {
		this.options.onListeningChanged?.(new Set([...this.servers.values()].map((entry) => entry.port)).size);
	}

	private stop(entry: AddressServer): void {
		this.forget(entry.address, entry.port, entry.server);
		if (entry.server.listening) {
			entry.server.close();
			entry.server.closeIdleConnections();
			this.logger.info(`Loopback listener on ${displayAddress(entry.address)}:${entry.port} closed.`);
		} else {
			// Still starting (or failed to start): close it as soon as it listens.
			entry.server.once('listening', () => entry.server.close());
		}
	}

	private handle(registrations: ReadonlySet<Registration>, request: http.IncomingMessage, response: http.ServerResponse): void {
		// The Host check comes first, so a page on another name learns nothing, not even which paths wait.
		const hostHeaders = request.headersDistinct.host ?? [];
		const hostHeader = hostHeaders.length === 1 ? hostHeaders[0] : undefined;
		const forThisHost = hostHeader === undefined ? [] : [...registrations].filter((registration) => hostMatches(hostHeader, registration));
		if (forThisHost.length === 0) {
			this.logger.warn(`Loopback listener refused a request for another host (${hostHeaders.length === 0 ? 'no Host header' : hostHeaders.length > 1 ? 'several Host headers' : forLog(hostHeader)}).`);
			this.reply(response, hostHeader === undefined ? 400 : 421, this.failurePage(this.texts.otherHost));
			return;
		}
		// Only the origin form (`/path?query`): a browser sends nothing else to a server it is not using as a proxy.
		let url: URL;
		try {
			if (!request.url?.startsWith('/') || request.url.startsWith('//')) {
				throw new Error('not the origin form');
			}
			url = new URL(request.url, 'http://loopback');
		} catch {
			this.reply(response, 400, this.failurePage(this.texts.unreadableRequest));
			return;
		}
		if (!forThisHost.some((registration) => registration.path === url.pathname)) {
			// Browsers also ask for /favicon.ico; anything but a waiting path is simply not here.
			this.reply(response, 404, this.failurePage(this.texts.nothingWaiting));
			return;
		}
		if (request.method !== 'GET') {
			response.setHeader('Allow', 'GET');
			this.reply(response, 405, this.failurePage(this.texts.onlyRedirectAccepted));
			return;
		}
		let delivery;
		try {
			// A request whose state does not match a waiting sign-in (on this path) is refused with a
			// failure page and does NOT end any sign-in: otherwise anyone able to reach the port could
			// cancel a sign-in by sending a forged redirect. A consent sign-in's redirect is read as
			// Seller Central sends it (spapi_oauth_code and selling_partner_id).
			delivery = this.pending.deliverQuery(url.searchParams, 'loopback', (pending) => pending.loopbackPath === url.pathname);
		} catch (error) {
			this.logger.warn(`Loopback listener refused a malformed redirect (${isLwaError(error) ? error.code : 'error'}).`);
			this.reply(response, 400, this.failurePage(isLwaError(error) ? this.texts.failureReason(error) : this.texts.unreadableRedirect));
			return;
		}
		if (delivery.outcome !== 'delivered') {
			this.logger.warn(`Loopback listener refused a redirect whose state does not match a waiting sign-in (${delivery.outcome}).`);
			this.reply(response, 400, this.failurePage(this.texts.notForWaitingSignIn));
			return;
		}
		this.logger.info('Loopback listener received the redirect for a waiting sign-in.');
		if (delivery.error !== undefined) {
			this.reply(response, 200, this.failurePage(this.texts.failureReason(redirectError(delivery.error))));
			return;
		}
		if (!delivery.hasCode) {
			this.reply(response, 200, this.failurePage(this.texts.failureReason(new LwaError('missing_code'))));
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

/** The error for an `error=` value of a redirect (for the page text only; the sign-in gets its own). */
function redirectError(error: string): LwaError {
	switch (error) {
		case 'access_denied':
		case 'temporarily_unavailable':
			return new LwaError(error);
		case 'invalid_scope':
		case 'unauthorized_client':
			return new LwaError(error, { reason: 'at_authorization' });
		default:
			return new LwaError('authorization_failed');
	}
}
