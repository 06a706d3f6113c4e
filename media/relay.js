/* global window, URL, URLSearchParams */
// Relay page logic for the LWA Credentials extension.
//
// Login with Amazon only redirects to an https address registered in the security profile (or a
// loopback one). This page, hosted at such an address, hands the sign-in result to the editor.
//
// The page never follows an address it is given. `state` carries no URL, only
// `<nonce>.<kind>[.<reqid>[.<segment>]]`, and the page builds the target from fixed parts:
//   - kind = a desktop editor's URI scheme from EDITOR_SCHEMES:
//       <scheme>://lwa-tools.lwa-credentials/callback?code=…&state=…&scope=…
//   - kind = web-<scheme>, a browser-hosted editor (code-server, Codespaces, vscode.dev): the editor's
//     address comes only from a <meta name="lwa-editor-base" content="…"> tag that whoever hosts
//     this page writes into relay.html, never from the URL:
//       <base>[/<segment>]/callback?vscode-reqid=…&vscode-scheme=…&vscode-authority=…&vscode-path=%2Fcallback&vscode-query=…
// Anything else is refused: no link, no navigation (a refused page could otherwise be made to send an
// authorization code wherever an attacker likes). When the address carries a code, the page shows
// it to paste into "LWA: Complete Sign-In"; the extension checks its state there.
//
// The same file runs in the browser (relay.html loads it with script-src 'self') and in Node
// (the tests require it): the logic is in plain functions; only run() touches the page.
(function (root, factory) {
	'use strict';
	const api = factory();
	if (typeof module === 'object' && module.exports) {
		module.exports = api;
	}
	if (typeof window !== 'undefined' && typeof window.document !== 'undefined' && root === window) {
		api.run(window);
	}
})(typeof window !== 'undefined' ? window : this, function () {
	'use strict';

	/**
	 * URI schemes of desktop editors that can carry a VS Code extension's URI handler. A fixed list:
	 * src/core/lwa/relayRoute.ts has the same one (a unit test keeps them identical).
	 */
	const EDITOR_SCHEMES = Object.freeze([
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
	/** The extension's URI authority (publisher.name). */
	const EXTENSION_AUTHORITY = 'lwa-tools.lwa-credentials';
	const CALLBACK_PATH = '/callback';
	/** The redirect parameters that are forwarded, in this order; nothing else is. */
	const FORWARDED_PARAMETERS = Object.freeze(['code', 'state', 'scope', 'error', 'error_description', 'spapi_oauth_code', 'selling_partner_id']);
	/** Parameters that carry an authorization code: only then is there something worth pasting. */
	const CODE_PARAMETERS = Object.freeze(['code', 'spapi_oauth_code']);
	const MAX_STATE_LENGTH = 512;
	const MAX_QUERY_LENGTH = 8192;
	const MAX_BASE_LENGTH = 2048;
	const WEB_KIND_PREFIX = 'web-';
	const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
	const REQUEST_ID = /^[0-9]{1,15}$/;
	// The editor server's `stable-<commit>` (or insider-/exploration-): a fixed quality, one dash, 40 hex
	// digits. Never `proxy/8080` or `..`, and no other path of that shape that someone else may own
	// under the same base.
	const SEGMENT = /^(?:stable|insider|exploration)-[0-9a-f]{40}$/;
	// Printable ASCII without space; a base is written by hand into the page, in its URL form.
	const BASE_CHARACTERS = /^[\x21-\x7e]+$/;
	const LOOPBACK_HOSTS = Object.freeze(['127.0.0.1', 'localhost', '[::1]']);

	/**
	 * The editor route inside a state this extension made for the relay page, or undefined.
	 * A state that is only a nonce (a loopback sign-in, or one started without a relay route) names no
	 * editor, so it gives undefined too.
	 */
	function parseState(state) {
		if (typeof state !== 'string' || state.length > MAX_STATE_LENGTH) {
			return undefined;
		}
		const parts = state.split('.');
		if (parts.length < 2 || parts.length > 4 || !NONCE.test(parts[0])) {
			return undefined;
		}
		const kind = parts[1];
		const web = kind.indexOf(WEB_KIND_PREFIX) === 0;
		const scheme = web ? kind.slice(WEB_KIND_PREFIX.length) : kind;
		if (EDITOR_SCHEMES.indexOf(scheme) < 0) {
			return undefined;
		}
		if (!web) {
			return parts.length === 2 ? { nonce: parts[0], kind: kind, scheme: scheme, web: false } : undefined;
		}
		if (parts.length < 3 || !REQUEST_ID.test(parts[2])) {
			return undefined;
		}
		const route = { nonce: parts[0], kind: kind, scheme: scheme, web: true, reqid: parts[2] };
		if (parts.length === 4) {
			if (!SEGMENT.test(parts[3])) {
				return undefined;
			}
			route.segment = parts[3];
		}
		return route;
	}

	/**
	 * The browser-hosted editor's address written into the page's meta tag, normalised (no trailing
	 * slash), or undefined when it is not one the page may forward to: an https: origin with an
	 * optional path, or http: on a loopback host with an explicit port; nothing else, and nothing the
	 * browser would read differently from what was written.
	 */
	function parseEditorBase(content) {
		if (typeof content !== 'string' || content.length > MAX_BASE_LENGTH || !BASE_CHARACTERS.test(content)) {
			return undefined;
		}
		// No user name, query, fragment, backslash, percent-encoding or wildcard, even where a URL
		// parser would accept or rewrite them.
		if (/[@?#\\%*]/.test(content)) {
			return undefined;
		}
		const https = content.indexOf('https://') === 0;
		if (!https && content.indexOf('http://') !== 0) {
			return undefined;
		}
		let url;
		try {
			url = new URL(content);
		} catch {
			return undefined;
		}
		if (url.username || url.password || url.search || url.hash || !url.hostname) {
			return undefined;
		}
		if (!https && (LOOPBACK_HOSTS.indexOf(url.hostname) < 0 || url.port === '')) {
			return undefined;
		}
		const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
		const segments = path.split('/').slice(1);
		for (const segment of segments) {
			if (segment === '' || segment === '.' || segment === '..') {
				return undefined;
			}
		}
		const normalised = url.origin + path;
		// What the browser understood must be exactly what was written (IDN, IPv4 shorthands, default
		// ports, case and dot segments are all rewritten by the parser, and so refused here).
		if (content !== normalised && content !== normalised + '/') {
			return undefined;
		}
		return normalised;
	}

	function refuse(reason, paste) {
		return { ok: false, reason: reason, paste: paste };
	}

	/**
	 * Builds the address to forward a redirect to, from the relay page's query string and the content
	 * of its lwa-editor-base meta tag (if any). Returns { ok: true, url } or { ok: false, reason, paste }:
	 * reason is plain text without any value from the query; paste says whether the page's own
	 * address is worth pasting into "LWA: Complete Sign-In" (it carries one code and nothing the
	 * extension's paste would refuse).
	 */
	function buildForwardUrl(search, editorBase) {
		if (typeof search !== 'string' || search.length > MAX_QUERY_LENGTH) {
			return refuse('The address is too long to be a sign-in result.', false);
		}
		const incoming = new URLSearchParams(search);
		const forwarded = [];
		for (const name of FORWARDED_PARAMETERS) {
			const values = incoming.getAll(name);
			if (values.length > 1) {
				return refuse('The address repeats the parameter "' + name + '".', false);
			}
			if (values.length === 1) {
				forwarded.push([name, values[0]]);
			}
		}
		const carriesCode = CODE_PARAMETERS.some(function (name) {
			return incoming.has(name) && incoming.get(name) !== '';
		});
		if (!carriesCode && !incoming.has('error')) {
			return refuse('The address carries no sign-in result.', false);
		}
		const state = incoming.get('state');
		if (state === null || state === '') {
			return refuse('The address carries no state from the LWA Credentials extension.', carriesCode);
		}
		if (NONCE.test(state)) {
			return refuse('This sign-in did not ask the relay page to return to an editor.', carriesCode);
		}
		const route = parseState(state);
		if (!route) {
			return refuse('The state is not one the LWA Credentials extension made for this page.', carriesCode);
		}
		const query = new URLSearchParams(forwarded).toString();
		if (!route.web) {
			return { ok: true, url: route.scheme + '://' + EXTENSION_AUTHORITY + CALLBACK_PATH + '?' + query };
		}
		if (editorBase === undefined || editorBase === null) {
			return refuse('This copy of the page is not set up to return to a browser-hosted editor.', carriesCode);
		}
		const base = parseEditorBase(editorBase);
		if (base === undefined) {
			return refuse('The editor address this copy of the page is set up with is not valid.', carriesCode);
		}
		const path = (route.segment ? '/' + route.segment : '') + CALLBACK_PATH;
		const url = base + path
			+ '?vscode-reqid=' + route.reqid
			+ '&vscode-scheme=' + route.scheme
			+ '&vscode-authority=' + EXTENSION_AUTHORITY
			+ '&vscode-path=' + encodeURIComponent(CALLBACK_PATH)
			+ '&vscode-query=' + encodeURIComponent(query);
		// Every part was checked above; this only proves the result reads back as built.
		const parsed = new URL(url);
		if (parsed.origin + parsed.pathname !== base + path) {
			return refuse('The editor address this copy of the page is set up with is not valid.', carriesCode);
		}
		return { ok: true, url: url };
	}

	/** True when the page is shown inside a frame (or the browser will not say). */
	function isFramed(page) {
		try {
			return page.top !== page.self;
		} catch {
			return true;
		}
	}

	/**
	 * The content of the page's lwa-editor-base meta tag, undefined when there is none. With several
	 * tags there is no single address to trust: the empty string, which is never a valid base, so
	 * browser-hosted editors are refused.
	 */
	function editorBaseOf(document) {
		const tags = document.querySelectorAll('meta[name="lwa-editor-base"]');
		if (tags.length > 1) {
			return '';
		}
		return tags.length === 1 ? tags[0].getAttribute('content') : undefined;
	}

	/** Shows the page's own address with a Copy button, to paste into "LWA: Complete Sign-In". */
	function offerPaste(page, address) {
		const document = page.document;
		const field = document.getElementById('address');
		const copy = document.getElementById('copy');
		field.value = address;
		document.getElementById('paste').hidden = false;
		copy.addEventListener('click', function () {
			field.focus();
			field.select();
			const copied = page.navigator.clipboard ? page.navigator.clipboard.writeText(address) : Promise.reject(new Error('no clipboard'));
			copied.then(function () {
				copy.textContent = 'Copied';
			}, function () {
				// Selected above: the user can still copy it by hand.
				copy.textContent = 'Press Ctrl+C (or ⌘C) to copy';
			});
		});
	}

	/** Runs in the relay page: forwards the redirect to the editor, or explains why not. */
	function run(page) {
		const document = page.document;
		const status = document.getElementById('status');
		if (isFramed(page)) {
			// Someone else's page shows this one: do nothing a click could turn against the user.
			status.textContent = 'This page cannot be used inside another page. Nothing was done.';
			return;
		}
		// The address as it arrived, before it is removed from the browser history below.
		const address = page.location.href;
		const result = buildForwardUrl(page.location.search, editorBaseOf(document));
		// The code must not stay in the browser history or reach another site as a referrer.
		try {
			page.history.replaceState(null, '', page.location.pathname);
		} catch {
			// Not fatal.
		}
		if (!result.ok) {
			status.textContent = 'Sign-in was not handed to your editor: ' + result.reason
				+ (result.paste
					? ' Copy this page\'s address below and paste it into "LWA: Complete Sign-In" in your editor; the editor checks that it belongs to the sign-in it started.'
					: ' Start the sign-in again from your editor.');
			if (result.paste) {
				offerPaste(page, address);
			}
			return;
		}
		status.textContent = 'Returning to your editor… You can close this tab once it has opened.';
		const link = document.getElementById('open');
		link.href = result.url;
		link.hidden = false;
		page.location.replace(result.url);
	}

	return {
		EDITOR_SCHEMES: EDITOR_SCHEMES,
		EXTENSION_AUTHORITY: EXTENSION_AUTHORITY,
		FORWARDED_PARAMETERS: FORWARDED_PARAMETERS,
		parseState: parseState,
		parseEditorBase: parseEditorBase,
		buildForwardUrl: buildForwardUrl,
		run: run,
	};
});
