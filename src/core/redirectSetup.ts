// The redirect doctor: what to enter in the security profile's "Allowed Return URLs" for a profile,
// which way the browser comes back, and what about the redirect URI is likely to go wrong. Pure: the
// VS Code layer only renders the result.
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

/** One thing the user should know about the redirect URI. */
export interface RedirectFinding {
	code: RedirectFindingCode;
	severity: RedirectFindingSeverity;
	/** Plain words: what is wrong and what to do. */
	message: string;
}

/** One URL to enter in "Allowed Return URLs", exactly as given. */
export interface AllowedReturnUrl {
	url: string;
	/** Why this entry, in plain words. */
	note: string;
}

/** Everything the redirect doctor shows for one profile. */
export interface RedirectSetup {
	profile: string;
	grant: Grant;
	way: RedirectSetupWay;
	/** One sentence on how the browser comes back. */
	wayDescription: string;
	redirectUri: string;
	/** The entries to register (empty for client_credentials). */
	allowedReturnUrls: AllowedReturnUrl[];
	/** For the loopback way: where the extension listens. */
	loopback?: { hostname: string; port: number; path: string; otherHostEntry?: string };
	/** For the relay way: the page to host and how. */
	relay?: {
		pageUrl: string;
		/** True for the project's published copy (PUBLISHED_RELAY_PAGE_URL): nothing to host. */
		published: boolean;
		hostingSteps: string[];
		/**
		 * In a browser-hosted editor whose address is known: the exact line to add to a hosted copy's
		 * <head> (the published copy has none, so it never returns to a browser-hosted editor).
		 */
		editorBaseMetaTag?: string;
	};
	/** LWA's rules for Allowed Return URLs, as short sentences. */
	rules: string[];
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

/** LWA's rules, shown with every analysis. */
export const ALLOWED_RETURN_URL_RULES: readonly string[] = [
	'Each entry must use https:, except http://localhost and http://127.0.0.1 with a port.',
	'LWA compares the redirect URI with each entry exactly: scheme, host, port, path and query string must all match. There are no wildcards.',
	'127.0.0.1 and localhost are different entries, and so are a path with and without a trailing slash.',
	'Enter the URL in the security profile\'s Web Settings, under "Allowed Return URLs" (Amazon Developer Console, Login with Amazon).',
];

const SEVERITY_ORDER: Readonly<Record<RedirectFindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Analyses the profile's redirect URI. Never throws. */
export function analyzeRedirectSetup(input: RedirectSetupInput): RedirectSetup {
	const base = {
		profile: input.name,
		grant: input.grant,
		redirectUri: input.redirectUri,
		rules: [...ALLOWED_RETURN_URL_RULES],
	};
	if (input.grant === 'client_credentials') {
		return {
			...base,
			way: 'none',
			wayDescription: 'This profile uses client credentials: there is no browser and no redirect, so no Allowed Return URL is needed. The client id and client secret get the token directly.',
			allowedReturnUrls: [],
			findings: [],
		};
	}
	const findings: RedirectFinding[] = [];
	const add = (code: RedirectFindingCode, severity: RedirectFindingSeverity, message: string): void => {
		findings.push({ code, severity, message });
	};
	const raw = input.redirectUri.trim();
	if (raw === '') {
		add('missing_redirect_uri', 'error', 'The profile has no redirectUri. Set it to a URL registered in the security profile\'s Allowed Return URLs, for example http://127.0.0.1:53682/lwa/callback.');
		return finish({ ...base, way: 'relay', wayDescription: 'No redirect URI is set, so the browser cannot come back.', allowedReturnUrls: [] }, findings);
	}
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		add('not_a_url', 'error', 'The redirectUri is not a valid absolute URL. Use one like http://127.0.0.1:53682/lwa/callback or https://example.com/lwa/relay.html.');
		return finish({ ...base, way: 'relay', wayDescription: 'The redirect URI cannot be read, so the browser cannot come back.', allowedReturnUrls: [] }, findings);
	}
	const loopbackHost = isLoopbackHost(url.hostname);
	const explicitPort = hasExplicitPort(raw);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		add('unsupported_scheme', 'error', `The scheme ${url.protocol} is not one Login with Amazon is known to accept for web security profiles. Use the loopback way (http://127.0.0.1:<port>/<path>) or an https: page that serves the relay page.`);
	} else if (url.protocol === 'http:' && !loopbackHost) {
		add('http_not_loopback', 'error', `Login with Amazon only accepts http: for localhost and 127.0.0.1; ${url.hostname} needs https:.`);
	}
	if (loopbackHost && url.protocol === 'https:') {
		add('https_loopback', 'warning', 'The extension\'s loopback listener speaks plain http, so it does not serve an https: loopback redirect: such a sign-in finishes only by pasting the redirected URL (LWA: Complete Sign-In). To use the listener, use http:// with the same host, port and path, and register that.');
	}
	if (loopbackHost && !explicitPort) {
		add('loopback_without_port', 'error', 'A loopback redirect URI needs an explicit port (for example http://127.0.0.1:53682/lwa/callback), and the registered entry must name the same port.');
	}
	if (url.hash !== '' || raw.includes('#')) {
		add('fragment', 'error', 'A redirect URI must not contain a fragment (#…). Remove it here and in Allowed Return URLs.');
	}
	if (url.username !== '' || url.password !== '') {
		add('credentials_in_url', 'error', 'A redirect URI must not contain a user name or password.');
	}
	if (url.search !== '') {
		add('query_string', 'warning', `The redirect URI has a query string (${url.search}). LWA matches it exactly, so the Allowed Return URL must include "${url.search}" too, and Amazon adds code and state to it. A redirect URI without a query string is safer.`);
	}
	const pathAsTyped = pathOf(raw);
	if (pathAsTyped === '') {
		add('no_path', 'warning', `The redirect URI has no path. Register it exactly as written (${raw}): "${raw}/" is a different entry. A path such as /lwa/callback avoids the ambiguity.`);
	} else if (pathAsTyped.length > 1 && pathAsTyped.endsWith('/')) {
		add('trailing_slash', 'warning', `The path ends with "/". Register it with the slash: "${withoutTrailingSlash(raw)}" (the usual way to write it) is a different entry and will not match.`);
	}
	const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
	if (loopbackHost && explicitPort && port < 1024) {
		add('privileged_port', 'warning', `Port ${port} is below 1024; listening on it usually needs administrator rights. A port such as 53682 avoids that.`);
	}
	if (loopbackHost && url.protocol !== 'http:' && url.protocol !== 'https:') {
		// For example vscode://localhost:1/x: a loopback host, but nothing the listener can serve.
		return finish({ ...base, way: 'relay', wayDescription: 'The redirect URI cannot be served.', allowedReturnUrls: [] }, findings);
	}
	if (loopbackHost) {
		const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
		const otherHost = hostname === 'localhost' ? '127.0.0.1' : hostname === '127.0.0.1' ? 'localhost' : undefined;
		const loopback: NonNullable<RedirectSetup['loopback']> = { hostname, port, path: url.pathname };
		if (otherHost) {
			loopback.otherHostEntry = raw.replace(hostname === 'localhost' ? /localhost/i : /127\.0\.0\.1/, otherHost);
			add('localhost_vs_127', 'info', `127.0.0.1 and localhost are different Allowed Return URLs. The profile uses ${hostname}, so register "${raw}"; "${loopback.otherHostEntry}" would not match.`);
		}
		return finish({
			...base,
			way: 'loopback',
			wayDescription: `Loopback: while a sign-in waits, the extension listens on ${hostname}:${port} for the path ${url.pathname} and nowhere else, then stops. You can also paste the redirected address with "LWA: Complete Sign-In".`,
			allowedReturnUrls: [{ url: raw, note: `Exactly this: port ${port}, path ${url.pathname}${url.search ? `, query ${url.search}` : ''}, host ${hostname}.` }],
			loopback,
		}, findings);
	}
	return finish({
		...base,
		way: 'relay',
		wayDescription: 'Relay page: Amazon sends the browser to the relay page, which hands the sign-in to the editor through its URI handler. The page returns only to this extension in a desktop editor, or to a browser-hosted editor named in the hosted page. You can also paste the redirected address with "LWA: Complete Sign-In".',
		allowedReturnUrls: [{ url: raw, note: raw === PUBLISHED_RELAY_PAGE_URL ? 'Exactly this: the published relay page.' : 'Exactly this: the address where your relay page is hosted.' }],
		relay: relayAdvice(raw, url, input.browserEditor, add),
	}, findings);
}

function relayAdvice(
	raw: string,
	url: URL,
	browserEditor: RedirectSetupInput['browserEditor'],
	add: (code: RedirectFindingCode, severity: RedirectFindingSeverity, message: string) => void,
): NonNullable<RedirectSetup['relay']> {
	const metaTag = browserEditor?.editorBase !== undefined ? editorBaseMetaTag(browserEditor.editorBase) : undefined;
	if (browserEditor && browserEditor.editorBase === undefined) {
		add('relay_browser_editor_unknown', 'warning', 'This editor runs in a browser, and its callback address is not one a relay page can return to (it needs https:, or http: on a loopback host with a port). Sign-ins finish by pasting the redirected address with "LWA: Complete Sign-In"; the log says why.');
	}
	if (raw === PUBLISHED_RELAY_PAGE_URL) {
		if (browserEditor) {
			add('published_relay_browser_editor', 'warning', 'The published relay page returns sign-ins to desktop editors only; this editor runs in a browser. Host your own copy of the relay page with this editor\'s address in it (see the steps below), or paste the redirected address with "LWA: Complete Sign-In".');
		}
		const advice: NonNullable<RedirectSetup['relay']> = {
			pageUrl: raw,
			published: true,
			hostingSteps: [
				`Nothing to host: ${PUBLISHED_RELAY_PAGE_URL} is the extension's relay page, published from its repository (github.com/lwa-tools/lwa-credentials) on GitHub Pages. It returns the sign-in only to this extension in a desktop editor (VS Code, VS Code Insiders, VSCodium, Cursor, Windsurf, Positron and similar).`,
				`Add ${raw} to Allowed Return URLs.`,
			],
		};
		if (metaTag !== undefined) {
			advice.hostingSteps.push(`For this browser-hosted editor, host your own copy instead: copy relay.html, relay.js and relay.css from the extension's media folder to a static https: site, add ${metaTag} inside relay.html's <head>, register that copy's address in Allowed Return URLs and use it as the profile's redirectUri.`);
			advice.editorBaseMetaTag = metaTag;
		}
		return advice;
	}
	const advice: NonNullable<RedirectSetup['relay']> = {
		pageUrl: raw,
		published: false,
		hostingSteps: [
			'Copy relay.html, relay.js and relay.css from the extension\'s media folder to a static https: site (for example GitHub Pages or an S3 bucket behind CloudFront).',
			`Serve relay.html at exactly ${url.origin}${url.pathname}, with relay.js and relay.css next to it (the page loads them by relative path).`,
			metaTag !== undefined
				? `This editor runs in a browser: add ${metaTag} inside relay.html's <head>, exactly as written. The page returns sign-ins to that address and to desktop editors, nowhere else.`
				: 'For a browser-hosted editor (code-server, Codespaces, vscode.dev), add <meta name="lwa-editor-base" content="<the editor\'s address>"> inside relay.html\'s <head>; "LWA: Show Redirect Setup" run in that editor shows the exact line. Without it the page returns sign-ins to desktop editors only.',
			'Open the hosted address once in a browser: without a sign-in it reports that it received no sign-in result.',
			`Add ${raw} to Allowed Return URLs.`,
			`For desktop editors only, ${PUBLISHED_RELAY_PAGE_URL} does the same with nothing to host.`,
		],
	};
	if (metaTag !== undefined) {
		advice.editorBaseMetaTag = metaTag;
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
