// The HTTP client used by the token client. undici is loaded on the first request, never at
// activation, and the client is rebuilt when VS Code's proxy settings change.
import vscode = require('vscode');
import type * as UndiciHttpClientModule from '../../core/http/undiciHttpClient';
import { lazyHttpClient } from '../../core/http/lazyHttpClient';
import { resolveProxySettings } from '../../core/http/proxy';
import type { HttpClient, HttpRequest, HttpResponse, Logger } from '../../core/ports';
import { httpProxySettings } from './settings';

type ClosableHttpClient = HttpClient & { close(): Promise<void> };

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
		return this.current.send(request);
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
