// The HTTP client used by the token client. undici is loaded on the first request, never at
// activation, and the client is rebuilt (its connections closed) when VS Code's proxy or certificate
// settings change; the environment's proxy variables are read again at the rebuild.
import vscode = require('vscode');
import type * as UndiciHttpClientModule from '../../core/http/undiciHttpClient';
import { lazyHttpClient } from '../../core/http/lazyHttpClient';
import { resolveProxySettings } from '../../core/http/proxy';
import { forLog } from '../../core/logText';
import type { DownloadRequest, DownloadResponse, DownloadSink, HttpClient, HttpDownloader, HttpRequest, HttpResponse, Logger } from '../../core/ports';
import { HTTP_CLIENT_SETTINGS, httpProxySettings } from './settings';

type ClosableHttpClient = HttpClient & HttpDownloader & { close(): Promise<void> };

/** An HttpClient that delegates to a lazily loaded undici client built from the current proxy settings. */
export class HttpClientHolder implements HttpClient, HttpDownloader, vscode.Disposable {
	private current: HttpClient & HttpDownloader;
	private loaded: ClosableHttpClient | undefined;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly logger: Logger, private readonly userAgent?: string) {
		this.current = this.create();
		this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
			if (HTTP_CLIENT_SETTINGS.some((key) => event.affectsConfiguration(key))) {
				this.logger.info('Proxy or certificate settings changed; the HTTP client will be rebuilt on the next request.');
				this.replace();
			}
		});
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		return this.current.send(request);
	}

	/** Streams a file (a presigned URL) to the sink through the same proxy and trust settings. */
	async download(request: DownloadRequest, sink: DownloadSink): Promise<DownloadResponse> {
		return this.current.download(request, sink);
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

	private create(): HttpClient & HttpDownloader {
		return lazyHttpClient(() => {
			// esbuild keeps this a run-time require of dist/undiciHttpClient.js (a separate bundle), so
			// undici is loaded on the first request only.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require('./undiciHttpClient.js') as typeof UndiciHttpClientModule;
			const proxy = resolveProxySettings(httpProxySettings(), process.env);
			const client = module.createUndiciHttpClient(this.userAgent ? { proxy, userAgent: this.userAgent } : { proxy });
			const described = client.describe();
			// The proxy's address is logged without credentials; whether credentials are sent, never what they are.
			const route = proxy.problem
				? `the proxy in ${proxy.problem.setting} cannot be used (${proxy.problem.reason})`
				: described.proxyUrl ? `through the proxy ${forLog(described.proxyUrl)} from ${proxy.proxySource ?? 'http.proxy'}${described.proxyAuthorization ? ', with proxy credentials' : ''}` : 'direct';
			const system = described.system === 'included' ? `${described.systemCount} system CA certificates` : `system certificates ${described.system}`;
			this.logger.info(`HTTP client: ${route}; strict TLS ${described.strictSSL ? 'on' : 'off'}; ${system}${proxy.noProxy.length > 0 ? `; ${proxy.noProxy.length} noProxy entries` : ''}.`);
			this.loaded = client;
			return client;
		});
	}
}
