// Which proxy (if any) a request goes through. Plain data in, plain data out: the VS Code layer
// passes http.proxy / http.noProxy / http.proxyStrictSSL and process.env; no undici here.
import { isLoopbackHost } from '../lwa/endpoints';

/** The resolved proxy configuration. */
export interface ProxySettings {
	proxyUrl?: string;
	noProxy: string[];
	/** Verify TLS certificates (VS Code's http.proxyStrictSSL; default true). */
	strictSSL: boolean;
}

function firstNonEmpty(...values: (string | undefined)[]): string | undefined {
	for (const value of values) {
		if (value !== undefined && value.trim() !== '') {
			return value.trim();
		}
	}
	return undefined;
}

function splitList(value: string | undefined): string[] {
	return (value ?? '').split(/[\s,]+/).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** VS Code's http.proxy / http.noProxy / http.proxyStrictSSL win; else HTTPS_PROXY/https_proxy/HTTP_PROXY/http_proxy/NO_PROXY/no_proxy. */
export function resolveProxySettings(settings: { proxy?: string; noProxy?: string[]; strictSSL?: boolean }, env: Record<string, string | undefined>): ProxySettings {
	const proxyUrl = firstNonEmpty(settings.proxy, env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy);
	const fromSettings = (settings.noProxy ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
	const noProxy = fromSettings.length > 0 ? fromSettings : splitList(firstNonEmpty(env.NO_PROXY, env.no_proxy));
	const resolved: ProxySettings = { noProxy, strictSSL: settings.strictSSL ?? true };
	if (proxyUrl) {
		resolved.proxyUrl = proxyUrl;
	}
	return resolved;
}

function defaultPort(protocol: string): string {
	return protocol === 'https:' ? '443' : '80';
}

/** Splits a noProxy entry into host and optional port: 'host', 'host:8080', '[::1]:8080', '::1'. */
function splitEntry(entry: string): { host: string; port?: string } {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
	if (bracketed) {
		return bracketed[2] !== undefined ? { host: bracketed[1], port: bracketed[2] } : { host: bracketed[1] };
	}
	const withPort = /^([^:]+):(\d+)$/.exec(entry);
	if (withPort) {
		return { host: withPort[1], port: withPort[2] };
	}
	return { host: entry };
}

/** True when a noProxy entry (host, .suffix, *.suffix, host:port, or '*') covers the URL: the host itself or any subdomain. */
function matchesNoProxy(url: URL, entry: string): boolean {
	if (entry === '*') {
		return true;
	}
	const { host: rawHost, port } = splitEntry(entry.toLowerCase());
	const host = rawHost.replace(/^\*?\./, '');
	if (host === '') {
		return false;
	}
	if (port !== undefined && port !== (url.port || defaultPort(url.protocol))) {
		return false;
	}
	const hostname = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
	return hostname === host || hostname.endsWith(`.${host}`);
}

/** The proxy URL for a request, or undefined for a direct connection (no proxy, a noProxy match, or loopback). */
export function proxyFor(url: string, settings: ProxySettings): string | undefined {
	if (!settings.proxyUrl) {
		return undefined;
	}
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return undefined;
	}
	if (isLoopbackHost(target.hostname)) {
		return undefined;
	}
	if (settings.noProxy.some((entry) => matchesNoProxy(target, entry))) {
		return undefined;
	}
	return settings.proxyUrl;
}
