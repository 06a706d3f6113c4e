/* global window, document, URL, URLSearchParams, atob, TextDecoder */
// Relay page logic for the LWA Credentials extension.
//
// Login with Amazon only redirects to an https address registered in the security profile (or a
// loopback one). This page, hosted at such an address, forwards the sign-in result to the editor:
// the extension puts the editor's callback URI, base64url-encoded, in `state` after a random nonce
// (`<nonce>.<base64url(target)>`). The page decodes it, refuses every target that is not the
// extension's own callback, and navigates there with code, state, scope, error and error_description.
//
// The same file runs in the browser (relay.html loads it with script-src 'self') and in Node
// (the tests require it): the logic is in plain functions; only run() touches the page.
(function (root, factory) {
	'use strict';
	const api = factory();
	if (typeof module === 'object' && module.exports) {
		module.exports = api;
	}
	if (typeof window !== 'undefined' && typeof document !== 'undefined' && root === window) {
		api.run(window);
	}
})(typeof window !== 'undefined' ? window : this, function () {
	'use strict';

	/** URI schemes of editors that can carry a VS Code extension's URI handler. */
	const EDITOR_SCHEMES = ['vscode', 'vscode-insiders', 'vscode-exploration', 'code-oss', 'vscodium', 'vscodium-insiders', 'cursor', 'windsurf', 'positron'];
	/** The extension's URI authority (publisher.name) and handler path. */
	const EXTENSION_AUTHORITY = 'lwa-tools.lwa-credentials';
	const CALLBACK_PATH = '/callback';
	/** The redirect parameters that are forwarded, in this order; nothing else is. */
	const FORWARDED_PARAMETERS = ['code', 'state', 'scope', 'error', 'error_description'];
	/** A state longer than this is not ours. */
	const MAX_STATE_LENGTH = 4096;

	/** Decodes base64url (no padding) into a UTF-8 string; undefined when it is not base64url. */
	function decodeBase64Url(text) {
		if (!/^[A-Za-z0-9_-]*$/.test(text)) {
			return undefined;
		}
		const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
		try {
			const binary = atob(base64);
			const bytes = new Uint8Array(binary.length);
			for (let index = 0; index < binary.length; index++) {
				bytes[index] = binary.charCodeAt(index);
			}
			return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			return undefined;
		}
	}

	/** Splits `state` into its nonce and relay target; undefined when it carries no target. */
	function decodeState(state) {
		if (typeof state !== 'string' || state.length > MAX_STATE_LENGTH) {
			return undefined;
		}
		const dot = state.indexOf('.');
		if (dot <= 0) {
			return undefined;
		}
		const nonce = state.slice(0, dot);
		const target = decodeBase64Url(state.slice(dot + 1));
		if (!/^[A-Za-z0-9_-]+$/.test(nonce) || !target) {
			return undefined;
		}
		return { nonce: nonce, target: target };
	}

	function refuse(reason) {
		return { ok: false, reason: reason };
	}

	/**
	 * Builds the address to forward a redirect to, from the relay page's query string.
	 * Returns { ok: true, url } or { ok: false, reason } (reason is plain text, without any value
	 * from the query).
	 */
	function buildForwardUrl(search) {
		const incoming = new URLSearchParams(search);
		const forwarded = [];
		for (const name of FORWARDED_PARAMETERS) {
			const values = incoming.getAll(name);
			if (values.length > 1) {
				return refuse('The redirect repeats the parameter "' + name + '".');
			}
			if (values.length === 1) {
				forwarded.push([name, values[0]]);
			}
		}
		const decoded = decodeState(incoming.get('state'));
		if (!decoded) {
			return refuse('The redirect carries no state from the LWA Credentials extension.');
		}
		let target;
		try {
			target = new URL(decoded.target);
		} catch {
			return refuse('The return address in the state is not a URL.');
		}
		if (target.username || target.password || target.hash) {
			return refuse('The return address in the state is not allowed.');
		}
		const scheme = target.protocol.slice(0, -1).toLowerCase();
		if (EDITOR_SCHEMES.indexOf(scheme) >= 0) {
			if (target.host.toLowerCase() !== EXTENSION_AUTHORITY || target.pathname !== CALLBACK_PATH) {
				return refuse('The return address is not the LWA Credentials extension\'s callback.');
			}
			appendParameters(target.searchParams, forwarded);
			return { ok: true, url: target.href };
		}
		if (scheme !== 'https' && scheme !== 'http') {
			return refuse('The return address uses a scheme that is not allowed.');
		}
		if (!/\/callback$/.test(target.pathname)) {
			return refuse('The return address is not an editor callback.');
		}
		if (target.searchParams.has('vscode-scheme') || target.searchParams.has('vscode-query')) {
			// A browser-hosted editor (code-server, vscode.dev) rebuilds the URI from the vscode-*
			// parameters only, so the redirect parameters go inside vscode-query.
			const innerScheme = (target.searchParams.get('vscode-scheme') || '').toLowerCase();
			const innerAuthority = (target.searchParams.get('vscode-authority') || '').toLowerCase();
			const innerPath = target.searchParams.get('vscode-path') || '';
			if (EDITOR_SCHEMES.indexOf(innerScheme) < 0 || innerAuthority !== EXTENSION_AUTHORITY || innerPath !== CALLBACK_PATH) {
				return refuse('The return address is not the LWA Credentials extension\'s callback.');
			}
			const innerQuery = new URLSearchParams(target.searchParams.get('vscode-query') || '');
			appendParameters(innerQuery, forwarded);
			target.searchParams.set('vscode-query', innerQuery.toString());
			return { ok: true, url: target.href };
		}
		appendParameters(target.searchParams, forwarded);
		return { ok: true, url: target.href };
	}

	function appendParameters(searchParams, forwarded) {
		for (const pair of forwarded) {
			searchParams.delete(pair[0]);
		}
		for (const pair of forwarded) {
			searchParams.append(pair[0], pair[1]);
		}
	}

	/** Runs in the relay page: forwards the redirect or explains why not. */
	function run(page) {
		const result = buildForwardUrl(page.location.search);
		// The code must not stay in the browser history or reach another site as a referrer.
		try {
			page.history.replaceState(null, '', page.location.pathname);
		} catch {
			// Not fatal: the page still forwards.
		}
		const status = page.document.getElementById('status');
		const link = page.document.getElementById('open');
		if (!result.ok) {
			status.textContent = 'Sign-in was not forwarded: ' + result.reason + ' Start the sign-in again from your editor.';
			return;
		}
		status.textContent = 'Returning to your editor… You can close this tab once it has opened.';
		link.href = result.url;
		link.hidden = false;
		page.location.replace(result.url);
	}

	return {
		EDITOR_SCHEMES: EDITOR_SCHEMES,
		decodeState: decodeState,
		buildForwardUrl: buildForwardUrl,
		run: run,
	};
});
