// The editor route that a relay-page sign-in carries in its `state`, and the editor address a
// browser-hosted editor's relay page must allowlist. The relay page (media/relay.js) builds the
// address it forwards to from these fixed parts only; it never follows a URL from the state.
//
// state = `<nonce>.<kind>[.<reqid>[.<segment>]]`:
//   kind = a desktop editor's URI scheme (EDITOR_SCHEMES): the page forwards to
//          `<scheme>://lwa-tools.lwa-credentials/callback`.
//   kind = `web-<scheme>`: a browser-hosted editor (code-server, Codespaces, vscode.dev). reqid is the
//          editor's callback request id, segment code-server's `stable-<commit>` path segment; the page
//          forwards to `<base>[/<segment>]/callback?vscode-reqid=…`, where base is written into the
//          hosted page by whoever hosts it.

/**
 * URI schemes of desktop editors that can carry a VS Code extension's URI handler. media/relay.js has
 * the same fixed list (a unit test keeps the two identical). `kiro` is Kiro's scheme (its URI handler
 * issues use kiro://…).
 */
export const EDITOR_SCHEMES: readonly string[] = Object.freeze([
	'vscode',
	'vscode-insiders',
	'vscode-exploration',
	'code-oss',
	'vscodium',
	'vscodium-insiders',
	'cursor',
	'windsurf',
	'positron',
	'kiro',
]);

/**
 * The relay page as the project publishes it (GitHub Pages of github.com/lwa-tools/lwa-credentials,
 * .github/workflows/relay-pages.yml): the default relay redirect URI, one Allowed Return URL to
 * register and nothing to host. It has no lwa-editor-base meta tag, so it returns sign-ins to
 * desktop editors only.
 */
export const PUBLISHED_RELAY_PAGE_URL = 'https://lwa-tools.github.io/lwa-credentials/relay.html';

/** The extension's URI authority (publisher.name). */
export const EXTENSION_AUTHORITY = 'lwa-tools.lwa-credentials';
/** The URI handler's path for sign-in callbacks. */
export const RELAY_CALLBACK_PATH = '/callback';
/** A whole state is at most this long; the relay page refuses longer ones. */
export const MAX_STATE_LENGTH = 512;

const WEB_KIND_PREFIX = 'web-';
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const REQUEST_ID_PATTERN = /^[0-9]{1,15}$/;
/**
 * The editor server's `stable-<commit>` (or insider-/exploration-): a fixed quality, one dash and 40 hex
 * digits, so never `proxy/8080` or `..`, nor another path of that shape under the same base. The same
 * pattern as media/relay.js.
 */
const SEGMENT_PATTERN = /^(?:stable|insider|exploration)-[0-9a-f]{40}$/;
const BASE_CHARACTERS = /^[\x21-\x7e]+$/;
const MAX_BASE_LENGTH = 2048;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Where the relay page returns a sign-in: what the state carries after the nonce. */
export interface RelayRoute {
	/** A scheme from EDITOR_SCHEMES (desktop editor) or `web-<scheme>` (browser-hosted editor). */
	kind: string;
	/** Browser-hosted editors only: the editor's callback request id. */
	reqid?: string;
	/** Browser-hosted editors only, optional: the path segment before /callback (code-server's `stable-<commit>`). */
	segment?: string;
}

/** A route as read from the editor's external callback URI, with the base the relay page must allowlist. */
export interface ExternalRelayRoute extends RelayRoute {
	/** Browser-hosted editors only: the address for the page's `<meta name="lwa-editor-base">` tag. */
	base?: string;
}

/** The problem with a route, or undefined when the relay page can forward to it. */
export function relayRouteProblem(route: RelayRoute): string | undefined {
	const web = route.kind.startsWith(WEB_KIND_PREFIX);
	const scheme = web ? route.kind.slice(WEB_KIND_PREFIX.length) : route.kind;
	if (!EDITOR_SCHEMES.includes(scheme)) {
		return 'the editor\'s URI scheme is not one the relay page knows';
	}
	if (!web) {
		return route.reqid === undefined && route.segment === undefined ? undefined : 'a desktop editor route has no request id or path segment';
	}
	if (route.reqid === undefined || !REQUEST_ID_PATTERN.test(route.reqid)) {
		return 'the browser-hosted editor\'s request id is not a short number';
	}
	if (route.segment !== undefined && !SEGMENT_PATTERN.test(route.segment)) {
		return 'the path before the browser-hosted editor\'s /callback is not one the relay page accepts';
	}
	return undefined;
}

/**
 * The normalised editor address (no trailing slash) for a relay page's meta tag, or undefined when
 * the relay page would refuse it: an https: origin with an optional path, or http: on a loopback
 * host with an explicit port; no user name, query, fragment, backslash, `%`, wildcard or dot segment,
 * and nothing a URL parser reads differently from what is written. The same rules as the page's
 * parseEditorBase (a unit test compares the two).
 */
export function parseEditorBase(content: string): string | undefined {
	if (content.length > MAX_BASE_LENGTH || !BASE_CHARACTERS.test(content) || /[@?#\\%*]/.test(content)) {
		return undefined;
	}
	const https = content.startsWith('https://');
	if (!https && !content.startsWith('http://')) {
		return undefined;
	}
	let url: URL;
	try {
		url = new URL(content);
	} catch {
		return undefined;
	}
	if (url.username || url.password || url.search || url.hash || !url.hostname) {
		return undefined;
	}
	if (!https && (!LOOPBACK_HOSTS.includes(url.hostname) || url.port === '')) {
		return undefined;
	}
	const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
	if (path.split('/').slice(1).some((segment) => segment === '' || segment === '.' || segment === '..')) {
		return undefined;
	}
	const normalised = url.origin + path;
	return content === normalised || content === `${normalised}/` ? normalised : undefined;
}

/**
 * Reads what `env.asExternalUri(<scheme>://lwa-tools.lwa-credentials/callback)` returned (serialised
 * with toString(true)) as a relay route:
 *   - a desktop editor gives the URI back unchanged: `{ kind: <scheme> }`;
 *   - a browser-hosted editor gives `<base>[/<segment>]/callback?vscode-reqid=N&vscode-scheme=<scheme>
 *     &vscode-authority=lwa-tools.lwa-credentials&vscode-path=%2Fcallback`:
 *     `{ kind: 'web-<scheme>', reqid, segment?, base }`.
 * Returns `{ problem }` when it fits neither shape (the sign-in then runs without a relay route and
 * the user pastes the redirected address); the problem names no value from the URI beyond its shape.
 */
export function readExternalCallbackUri(externalUri: string): { route: ExternalRelayRoute } | { problem: string } {
	let url: URL;
	try {
		url = new URL(externalUri);
	} catch {
		return { problem: 'the editor\'s callback address is not a URL' };
	}
	if (url.username || url.password || url.hash) {
		return { problem: 'the editor\'s callback address carries a user name or a fragment' };
	}
	const scheme = url.protocol.slice(0, -1);
	if (scheme !== 'http' && scheme !== 'https') {
		return readDesktopCallbackUri(url, scheme);
	}
	return readWebCallbackUri(url);
}

function readDesktopCallbackUri(url: URL, scheme: string): { route: ExternalRelayRoute } | { problem: string } {
	if (!EDITOR_SCHEMES.includes(scheme)) {
		return { problem: 'the editor\'s URI scheme is not one the relay page knows' };
	}
	if (url.host !== EXTENSION_AUTHORITY || url.pathname !== RELAY_CALLBACK_PATH || url.search !== '') {
		return { problem: 'the editor\'s callback address is not this extension\'s plain callback URI' };
	}
	return { route: { kind: scheme } };
}

const WEB_CALLBACK_PARAMETERS = ['vscode-reqid', 'vscode-scheme', 'vscode-authority', 'vscode-path'];

function readWebCallbackUri(url: URL): { route: ExternalRelayRoute } | { problem: string } {
	const params = url.searchParams;
	for (const name of new Set(params.keys())) {
		if (!WEB_CALLBACK_PARAMETERS.includes(name) && !(name === 'vscode-query' && params.get(name) === '')) {
			return { problem: 'the browser-hosted editor\'s callback address carries parameters the relay page cannot rebuild' };
		}
		if (params.getAll(name).length > 1) {
			return { problem: 'the browser-hosted editor\'s callback address repeats a parameter' };
		}
	}
	const scheme = params.get('vscode-scheme') ?? '';
	if (params.get('vscode-authority') !== EXTENSION_AUTHORITY || params.get('vscode-path') !== RELAY_CALLBACK_PATH) {
		return { problem: 'the browser-hosted editor\'s callback address is not for this extension\'s callback' };
	}
	const path = url.pathname;
	if (!path.endsWith(RELAY_CALLBACK_PATH)) {
		return { problem: 'the browser-hosted editor\'s callback address does not end in /callback' };
	}
	const before = path.slice(0, -RELAY_CALLBACK_PATH.length).split('/');
	const last = before[before.length - 1];
	const segment = before.length > 1 && SEGMENT_PATTERN.test(last) ? last : undefined;
	const prefix = (segment === undefined ? before : before.slice(0, -1)).join('/');
	// Exactly as the editor gave it: a base the page would normalise (a trailing slash, `//callback`)
	// would make the page forward somewhere else.
	const base = url.origin + prefix;
	if (parseEditorBase(base) !== base) {
		return { problem: 'the browser-hosted editor\'s address is not one a relay page can allowlist (https:, or http: on a loopback host with a port)' };
	}
	const route: ExternalRelayRoute = { kind: `${WEB_KIND_PREFIX}${scheme}`, reqid: params.get('vscode-reqid') ?? '' };
	if (segment !== undefined) {
		route.segment = segment;
	}
	const problem = relayRouteProblem(route);
	if (problem) {
		return { problem };
	}
	route.base = base;
	return { route };
}

/** The relay route for an external callback URI, or undefined when it fits neither shape (see readExternalCallbackUri). */
export function relayRouteFromExternalUri(externalUri: string): ExternalRelayRoute | undefined {
	const read = readExternalCallbackUri(externalUri);
	return 'route' in read ? read.route : undefined;
}
