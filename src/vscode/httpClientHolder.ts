// The HTTP client used by the token client. undici is loaded on the first request, never at
// activation, and the client is rebuilt when VS Code's proxy settings change.
import * as vscode from 'vscode';
import type * as UndiciHttpClientModule from '../core/http/undiciHttpClient';
import { lazyHttpClient } from '../core/http/lazyHttpClient';
import { resolveProxySettings } from '../core/http/proxy';
import type { LwaErrorCode, LwaErrorDetails } from '../core/lwa/errors';
import { LWA_ERROR_CODES, LwaError } from '../core/lwa/errors';
import type { HttpClient, HttpRequest, HttpResponse, Logger } from '../core/ports';
import { httpProxySettings } from './settings';

type ClosableHttpClient = HttpClient & { close(): Promise<void> };

/**
 * dist/undiciHttpClient.js is a separate bundle with its own copy of the LwaError class, so its
 * errors fail `instanceof LwaError` (and isLwaError) here. Errors crossing from that bundle are
 * re-created as this bundle's LwaError, keeping code, safe message and details.
 */
export function adoptLwaError(error: unknown): unknown {
	if (error instanceof LwaError || typeof error !== 'object' || error === null) {
		return error;
	}
	const foreign = error as { name?: unknown; code?: unknown; message?: unknown; status?: unknown; retryAfterSeconds?: unknown; requestId?: unknown; requestSent?: unknown };
	if (foreign.name !== 'LwaError' || typeof foreign.code !== 'string' || !(LWA_ERROR_CODES as readonly string[]).includes(foreign.code)) {
		return error;
	}
	const details: LwaErrorDetails = { cause: error };
	if (typeof foreign.message === 'string') {
		details.message = foreign.message;
	}
	if (typeof foreign.status === 'number') {
		details.status = foreign.status;
	}
	if (typeof foreign.retryAfterSeconds === 'number') {
		details.retryAfterSeconds = foreign.retryAfterSeconds;
	}
	if (typeof foreign.requestId === 'string') {
		details.requestId = foreign.requestId;
	}
	if (typeof foreign.requestSent === 'boolean') {
		details.requestSent = foreign.requestSent;
	}
	return new LwaError(foreign.code as LwaErrorCode, details);
}

/** An HttpClient that delegates to a lazily loaded undici client built from the current proxy settings. */
export class HttpClientHolder implements HttpClient, vscode.Disposable {
	private current: HttpClient;
	private loaded: ClosableHttpClient | undefined;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly logger: Logger, private readonly userAgent?: string) {
		this.current = this.create();
		this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration('http.proxy') || event.affectsConfiguration('http.noProxy') || event.affectsConfiguration('http.proxyStrictSSL')) {
				this.logger.info('Proxy settings changed; the HTTP client will be rebuilt on the next request.');
				this.replace();
			}
		});
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		try {
			return await this.current.send(request);
		} catch (error) {
			throw adoptLwaError(error);
		}
	}

	dispose(): void {
		this.subscription.dispose();
		this.closeLoaded();
	}

	private replace(): void {
		this.closeLoaded();
		this.current = this.create();
	}

	private closeLoaded(): void {
		const old = this.loaded;
		this.loaded = undefined;
		old?.close().catch(() => this.logger.debug('Closing the previous HTTP client failed.'));
	}

	private create(): HttpClient {
		return lazyHttpClient(() => {
			// esbuild keeps this a run-time require of dist/undiciHttpClient.js (a separate bundle), so
			// undici is loaded on the first request only.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require('./undiciHttpClient.js') as typeof UndiciHttpClientModule;
			const proxy = resolveProxySettings(httpProxySettings(), process.env);
			this.logger.debug(`Loading the HTTP client (${proxy.proxyUrl ? 'through a proxy' : 'direct'}, strict TLS ${proxy.strictSSL ? 'on' : 'off'}).`);
			const client = module.createUndiciHttpClient(this.userAgent ? { proxy, userAgent: this.userAgent } : { proxy });
			this.loaded = client;
			return client;
		});
	}
}
