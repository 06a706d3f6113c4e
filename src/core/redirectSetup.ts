// The redirect doctor: what to enter in the security profile's "Allowed Return URLs" for a profile,
// which way the browser comes back, and what about the redirect URI is likely to go wrong. Pure, and
// data only: codes and the facts a sentence names; the VS Code layer words and renders them
// (src/vscode/redirectSetup/redirectSetupTexts.ts).
//
// LWA redirects only to registered URLs, matched exactly (scheme, host, port, path and query string),
// and requires https: except for http on localhost / 127.0.0.1 with a port.
import { isLoopbackHost } from './lwa/endpoints';
import { PUBLISHED_RELAY_PAGE_URL } from './lwa/relayRoute';
import type { Grant } from './profiles';

/** How the browser returns: loopback listener, relay page, or no browser at all (client_credentials). */
export type RedirectSetupWay = 'loopback' | 'relay' | 'none';

/** How bad a finding is: `error` will not work, `warning` probably will not, `info` is worth knowing. */
export type RedirectFindingSeverity = 'error' | 'warning' | 'info';

/**
 * The findings the doctor knows.
 * - `not_a_url`: the redirect URI does not parse. (error)
 * - `missing_redirect_uri`: an authorization_code profile without a redirect URI. (error)
 * - `http_not_loopback`: http: on a host other than loopback; LWA refuses it. (error)
 * - `unsupported_scheme`: neither http: nor https: (for example vscode://); no evidence LWA accepts it. (error)
 * - `loopback_without_port`: a loopback URI without an explicit port. (error)
 * - `https_loopback`: https: on a loopback host; the extension's listener speaks plain http, so only paste (or the user's own relay) can finish. (warning)
 * - `fragment`: a #fragment; redirect URIs must not have one. (error)
 * - `credentials_in_url`: a user name or password in the URL. (error)
 * - `query_string`: a query string; it must be registered with the query string, exactly. (warning)
 * - `trailing_slash`: the path ends with '/'; the entry without it is a different URL. (warning)
 * - `no_path`: nothing after the port or host; registrations usually name a path, and '/' differs. (warning)
 * - `privileged_port`: a loopback port below 1024 usually needs administrator rights to listen on. (warning)
 * - `localhost_vs_127`: 127.0.0.1 and localhost are different entries. (info)
 * - `published_relay_browser_editor`: the published relay page in a browser-hosted editor; it returns only to desktop editors. (warning)
 * - `relay_browser_editor_unknown`: a browser-hosted editor whose callback address no relay page can return to; only paste finishes. (warning)
 */
export type RedirectFindingCode =
	| 'not_a_url' | 'missing_redirect_uri' | 'http_not_loopback' | 'unsupported_scheme' | 'loopback_without_port'
	| 'https_loopback' | 'fragment' | 'credentials_in_url' | 'query_string' | 'trailing_slash' | 'no_path'
	| 'privileged_port' | 'localhost_vs_127' | 'published_relay_browser_editor' | 'relay_browser_editor_unknown';

/** What a finding's sentence names, all from the profile's own redirect URI. */
export interface RedirectFindingFacts {
	/** The redirect URI as written. */
	uri?: string;
	/** The URI without its trailing slash (trailing_slash). */
	uriWithoutSlash?: string;
	/** The scheme with its colon (unsupported_scheme). */
	scheme?: string;
	/** The host name (http_not_loopback, localhost_vs_127). */
	host?: string;
	/** The query string with its '?' (query_string). */
	query?: string;
	port?: number;
	/** The entry with the other loopback name, which would not match (localhost_vs_127). */
	otherHostEntry?: string;
}

/** One thing the user should know about the redirect URI. */
export interface RedirectFinding {
	code: RedirectFindingCode;
	severity: RedirectFindingSeverity;
	facts: RedirectFindingFacts;
}

/** Which entry an Allowed Return URL is: the loopback URI, the published relay page, or a hosted copy. */
export type AllowedReturnUrlKind = 'loopback' | 'published_relay' | 'hosted_relay';

/** One URL to enter in "Allowed Return URLs", exactly as given. */
export interface AllowedReturnUrl {
	url: string;
	kind: AllowedReturnUrlKind;
}

/** Why no way back works: no redirect URI, one that does not parse, or one nothing can serve. */
export type RedirectSetupProblem = 'missing' | 'unreadable' | 'unservable';

/** Everything the redirect doctor shows for one profile. */
export interface RedirectSetup {
	profile: string;
	grant: Grant;
	way: RedirectSetupWay;
	/** Set when the browser cannot come back at all. */
	problem?: RedirectSetupProblem;
	redirectUri: string;
	/** The entries to register (empty for client_credentials). */
	allowedReturnUrls: AllowedReturnUrl[];
	/** For the loopback way: where the extension listens. */
	loopback?: { hostname: string; port: number; path: string; query?: string; otherHostEntry?: string };
	/** For the relay way: the page to host and how. */
	relay?: {
		pageUrl: string;
		/** True for the project's published copy (PUBLISHED_RELAY_PAGE_URL): nothing to host. */
		published: boolean;
		/** Where relay.html must be served (origin and path of the redirect URI). */
		servedAt: string;
		/** True in a browser-hosted editor (the steps differ). */
		browserEditor: boolean;
		/**
		 * In a browser-hosted editor whose address is known: the exact line to add to a hosted copy's
		 * <head> (the published copy has none, so it never returns to a browser-hosted editor).
		 */
		editorBaseMetaTag?: string;
	};
	/** Most severe first. */
	findings: RedirectFinding[];
}

/** What the doctor needs to know about a profile, and about the editor it runs in. */
export interface RedirectSetupInput {
	name: string;
	grant: Grant;
	redirectUri: string;
	/**
	 * Set when the editor runs in a browser (code-server, Codespaces, vscode.dev): `editorBase` is
	 * the address a relay page must allowlist (relayRouteFromExternalUri's base), undefined when the
	 * editor's callback address fits no relay route.
	 */
	browserEditor?: { editorBase?: string };
}

/** The meta tag line that lets a hosted relay page return to the browser-hosted editor at `editorBase`. */
export function editorBaseMetaTag(editorBase: string): string {
	return `<meta name="lwa-editor-base" content="${editorBase}">`;
}

const SEVERITY_ORDER: Readonly<Record<RedirectFindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Analyses the profile's redirect URI. Never throws. */
export function analyzeRedirectSetup(input: RedirectSetupInput): RedirectSetup {
	const base = {
		profile: input.name,
		grant: input.grant,
		redirectUri: input.redirectUri,
	};
	if (input.grant === 'client_credentials') {
		return {
			...base,
			way: 'none',
			allowedReturnUrls: [],
			findings: [],
		};
	}
	const findings: RedirectFinding[] = [];
	const add = (code: RedirectFindingCode, severity: RedirectFindingSeverity, facts: RedirectFindingFacts = {}): void => {
		findings.push({ code, severity, facts });
	};
	const raw = input.redirectUri.trim();
	if (raw === '') {
		add('missing_redirect_uri', 'error');
		return finish({ ...base, way: 'relay', problem: 'missing', allowedReturnUrls: [] }, findings);
	}
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		add('not_a_url', 'error');
		return finish({ ...base, way: 'relay', problem: 'unreadable', allowedReturnUrls: [] }, findings);
	}
	const loopbackHost = isLoopbackHost(url.hostname);
	const explicitPort = hasExplicitPort(raw);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		add('unsupported_scheme', 'error', { scheme: url.protocol });
	} else if (url.protocol === 'http:' && !loopbackHost) {
		add('http_not_loopback', 'error', { host: url.hostname });
	}
	if (loopbackHost && url.protocol === 'https:') {
		add('https_loopback', 'warning');
	}
	if (loopbackHost && !explicitPort) {
		add('loopback_without_port', 'error');
	}
	if (url.hash !== '' || raw.includes('#')) {
		add('fragment', 'error');
	}
	if (url.username !== '' || url.password !== '') {
		add('credentials_in_url', 'error');
	}
	if (url.search !== '') {
		add('query_string', 'warning', { query: url.search });
	}
	const pathAsTyped = pathOf(raw);
	if (pathAsTyped === '') {
		add('no_path', 'warning', { uri: raw });
	} else if (pathAsTyped.length > 1 && pathAsTyped.endsWith('/')) {
		add('trailing_slash', 'warning', { uri: raw, uriWithoutSlash: withoutTrailingSlash(raw) });
	}
	const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
	if (loopbackHost && explicitPort && port < 1024) {
		add('privileged_port', 'warning', { port });
	}
	if (loopbackHost && url.protocol !== 'http:' && url.protocol !== 'https:') {
		// For example vscode://localhost:1/x: a loopback host, but nothing the listener can serve.
		return finish({ ...base, way: 'relay', problem: 'unservable', allowedReturnUrls: [] }, findings);
	}
	if (loopbackHost) {
		const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
		const otherHost = hostname === 'localhost' ? '127.0.0.1' : hostname === '127.0.0.1' ? 'localhost' : undefined;
		const loopback: NonNullable<RedirectSetup['loopback']> = { hostname, port, path: url.pathname, ...(url.search ? { query: url.search } : {}) };
		if (otherHost) {
			loopback.otherHostEntry = raw.replace(hostname === 'localhost' ? /localhost/i : /127\.0\.0\.1/, otherHost);
			add('localhost_vs_127', 'info', { host: hostname, uri: raw, otherHostEntry: loopback.otherHostEntry });
		}
		return finish({
			...base,
			way: 'loopback',
			allowedReturnUrls: [{ url: raw, kind: 'loopback' }],
			loopback,
		}, findings);
	}
	return finish({
		...base,
		way: 'relay',
		allowedReturnUrls: [{ url: raw, kind: raw === PUBLISHED_RELAY_PAGE_URL ? 'published_relay' : 'hosted_relay' }],
		relay: relayAdvice(raw, url, input.browserEditor, add),
	}, findings);
}

function relayAdvice(
	raw: string,
	url: URL,
	browserEditor: RedirectSetupInput['browserEditor'],
	add: (code: RedirectFindingCode, severity: RedirectFindingSeverity, facts?: RedirectFindingFacts) => void,
): NonNullable<RedirectSetup['relay']> {
	if (browserEditor && browserEditor.editorBase === undefined) {
		add('relay_browser_editor_unknown', 'warning');
	}
	const published = raw === PUBLISHED_RELAY_PAGE_URL;
	if (published && browserEditor) {
		add('published_relay_browser_editor', 'warning');
	}
	const advice: NonNullable<RedirectSetup['relay']> = {
		pageUrl: raw,
		published,
		servedAt: `${url.origin}${url.pathname}`,
		browserEditor: browserEditor !== undefined,
	};
	if (browserEditor?.editorBase !== undefined) {
		advice.editorBaseMetaTag = editorBaseMetaTag(browserEditor.editorBase);
	}
	return advice;
}

function finish(setup: Omit<RedirectSetup, 'findings'>, findings: RedirectFinding[]): RedirectSetup {
	const sorted = findings
		.map((finding, index) => ({ finding, index }))
		.sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.index - b.index)
		.map((entry) => entry.finding);
	return { ...setup, findings: sorted };
}

/** Whether the URL as typed names a port (URL drops a default port such as :80, which still counts). */
function hasExplicitPort(raw: string): boolean {
	const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
	const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
	return /:\d+$/.test(hostAndPort.replace(/^\[[^\]]*\]/, ''));
}

/** The path exactly as typed ('' when there is none), without the query or fragment. */
function pathOf(raw: string): string {
	const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(raw);
	return match?.[1] ?? '';
}

function withoutTrailingSlash(raw: string): string {
	const end = raw.search(/[?#]/);
	const head = end === -1 ? raw : raw.slice(0, end);
	const tail = end === -1 ? '' : raw.slice(end);
	return head.replace(/\/+$/, '') + tail;
}
