// Which proxy (if any) a request goes through, and with which credentials. Plain data in, plain data
// out: the VS Code layer passes http.proxy / http.proxySupport / http.proxyAuthorization /
// http.noProxy / http.proxyStrictSSL / http.systemCertificates and process.env; no undici here.
// Credentials are kept apart from the proxy's address, so that the address can be logged and shown
// while the credentials never are.
import { isLoopbackHost } from '../lwa/endpoints';

/** VS Code's http.proxySupport: `off` turns proxies off for extensions; the others use one when configured. */
export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

/** Where the proxy setting came from: a VS Code setting or an environment variable. */
export type ProxySource = 'http.proxy' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

/**
 * Why a configured proxy cannot be used. Requests then fail with this reason instead of silently
 * going direct (which would bypass what the user or the network's owner configured):
 * - `not_a_url`: not `scheme://host[:port]` (also: an empty host, a bad port, over 2,048 characters).
 * - `control_characters`: the value holds control characters or spaces.
 * - `unsupported_scheme`: not http: or https: (for example socks5:).
 * - `has_path`: a path, query or fragment, as in a PAC file's address (`http://wpad/proxy.pac`).
 * - `bad_credentials`: the user name or password in the URL is not valid percent-encoding, holds
 *   control characters, or the user name holds a colon.
 * - `bad_authorization`: http.proxyAuthorization holds control characters or is over 8,192 characters.
 */
export type ProxyProblemReason = 'not_a_url' | 'control_characters' | 'unsupported_scheme' | 'has_path' | 'bad_credentials' | 'bad_authorization';

export interface ProxyProblem {
	reason: ProxyProblemReason;
	/** The setting or variable to fix. */
	setting: ProxySource | 'http.proxyAuthorization';
}

/** The resolved proxy configuration. */
export interface ProxySettings {
	/** The proxy's address, `http(s)://host:port`, without credentials: safe to log and show. */
	proxyUrl?: string;
	/** Where proxyUrl came from. */
	proxySource?: ProxySource;
	/** The Proxy-Authorization header value (from http.proxyAuthorization or the URL's user:password). Never logged. */
	proxyAuthorization?: string;
	/** Set when the configured proxy cannot be used; requests that would use it fail with it. */
	problem?: ProxyProblem;
	noProxy: string[];
	/** Verify TLS certificates (VS Code's http.proxyStrictSSL; default true). */
	strictSSL: boolean;
	/** Trust the operating system's certificate store besides Node's own (VS Code's http.systemCertificates; default true). */
	systemCertificates?: boolean;
}

/** The settings as the VS Code layer reads them; everything optional. */
export interface ProxySettingsInput {
	proxy?: string;
	proxySupport?: ProxySupport;
	proxyAuthorization?: string;
	noProxy?: string[];
	strictSSL?: boolean;
	systemCertificates?: boolean;
}

const MAX_PROXY_URL_LENGTH = 2048;
const MAX_AUTHORIZATION_LENGTH = 8192;
// C0 controls, space, DEL, C1 controls, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function firstNonEmpty<T extends string>(...candidates: [T, string | undefined][]): [T, string] | undefined {
	for (const [source, value] of candidates) {
		if (value !== undefined && value.trim() !== '') {
			return [source, value.trim()];
		}
	}
	return undefined;
}

function splitList(value: string | undefined): string[] {
	return (value ?? '').split(/[\s,]+/).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function decodeCredential(value: string): string | undefined {
	try {
		const decoded = decodeURIComponent(value);
		return CONTROL.test(decoded) ? undefined : decoded;
	} catch {
		return undefined;
	}
}

/**
 * Parses a proxy URL: `http://host:port`, `https://host:port`, or `host:port` (http assumed, as curl
 * does), with optional percent-encoded `user:password@`. Returns the address without credentials,
 * and the Basic credentials separately, or the reason it cannot be used.
 */
export function parseProxyUrl(raw: string): { proxyUrl: string; basicAuthorization?: string } | { reason: ProxyProblemReason } {
	const value = raw.trim();
	if (value.length > MAX_PROXY_URL_LENGTH) {
		return { reason: 'not_a_url' };
	}
	if (CONTROL_OR_SPACE.test(value)) {
		return { reason: 'control_characters' };
	}
	const withScheme = SCHEME.test(value) ? value : `http://${value}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return { reason: 'not_a_url' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { reason: 'unsupported_scheme' };
	}
	if (url.hostname === '') {
		return { reason: 'not_a_url' };
	}
	if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || /[?#]$/.test(withScheme)) {
		return { reason: 'has_path' };
	}
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	const proxyUrl = `${url.protocol}//${url.hostname}:${port}`;
	if (url.username === '' && url.password === '') {
		return { proxyUrl };
	}
	const user = decodeCredential(url.username);
	const password = decodeCredential(url.password);
	if (user === undefined || password === undefined || user.includes(':')) {
		return { reason: 'bad_credentials' };
	}
	return { proxyUrl, basicAuthorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

/**
 * VS Code's settings win over the environment: http.proxy, else HTTPS_PROXY/https_proxy/HTTP_PROXY/
 * http_proxy; http.noProxy, else NO_PROXY/no_proxy. http.proxySupport `off` means no proxy at all.
 * http.proxyAuthorization, when set, is sent instead of the URL's credentials.
 */
export function resolveProxySettings(settings: ProxySettingsInput, env: Record<string, string | undefined>): ProxySettings {
	const fromSettings = (settings.noProxy ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
	const noProxy = fromSettings.length > 0 ? fromSettings : splitList(firstNonEmpty(['NO_PROXY', env.NO_PROXY], ['NO_PROXY', env.no_proxy])?.[1]);
	const resolved: ProxySettings = { noProxy, strictSSL: settings.strictSSL ?? true, systemCertificates: settings.systemCertificates ?? true };
	if (settings.proxySupport === 'off') {
		return resolved;
	}
	const chosen = firstNonEmpty(['http.proxy', settings.proxy], ['HTTPS_PROXY', env.HTTPS_PROXY], ['https_proxy', env.https_proxy], ['HTTP_PROXY', env.HTTP_PROXY], ['http_proxy', env.http_proxy]);
	if (!chosen) {
		return resolved;
	}
	const [source, raw] = chosen;
	resolved.proxySource = source;
	const parsed = parseProxyUrl(raw);
	if ('reason' in parsed) {
		resolved.problem = { reason: parsed.reason, setting: source };
		return resolved;
	}
	resolved.proxyUrl = parsed.proxyUrl;
	const authorization = settings.proxyAuthorization?.trim();
	if (authorization) {
		if (authorization.length > MAX_AUTHORIZATION_LENGTH || CONTROL.test(authorization)) {
			resolved.problem = { reason: 'bad_authorization', setting: 'http.proxyAuthorization' };
			return resolved;
		}
		resolved.proxyAuthorization = authorization;
	} else if (parsed.basicAuthorization) {
		resolved.proxyAuthorization = parsed.basicAuthorization;
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

/** True when a request to `url` should use the configured proxy (or fail with its problem): not loopback, not covered by noProxy. */
export function usesProxy(url: string, settings: ProxySettings): boolean {
	if (!settings.proxyUrl && !settings.problem) {
		return false;
	}
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return false;
	}
	if (isLoopbackHost(target.hostname)) {
		return false;
	}
	return !settings.noProxy.some((entry) => matchesNoProxy(target, entry));
}

/** The proxy URL for a request (without credentials), or undefined for a direct connection (no proxy, a noProxy match, or loopback). */
export function proxyFor(url: string, settings: ProxySettings): string | undefined {
	return settings.proxyUrl && usesProxy(url, settings) ? settings.proxyUrl : undefined;
}
