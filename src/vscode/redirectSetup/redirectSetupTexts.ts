// The redirect doctor's words, in the editor's display language: how the browser comes back, each
// finding, the note on each Allowed Return URL, the relay page's hosting steps and LWA's rules. The
// core (src/core/redirectSetup.ts) gives codes and the facts these sentences name.
import vscode = require('vscode');
import { PUBLISHED_RELAY_PAGE_URL } from '../../core/lwa/relayRoute';
import type { AllowedReturnUrl, RedirectFinding, RedirectSetup } from '../../core/redirectSetup';

const COMPLETE_SIGN_IN = 'LWA: Complete Sign-In';
const SHOW_REDIRECT_SETUP = 'LWA: Show Redirect Setup';

/** One sentence on how the browser comes back (or why it cannot). */
export function wayText(setup: RedirectSetup): string {
	switch (setup.problem) {
		case 'missing':
			return vscode.l10n.t('No redirect URI is set, so the browser cannot come back.');
		case 'unreadable':
			return vscode.l10n.t('The redirect URI cannot be read, so the browser cannot come back.');
		case 'unservable':
			return vscode.l10n.t('The redirect URI cannot be served.');
	}
	switch (setup.way) {
		case 'none':
			return vscode.l10n.t('This profile uses client credentials: there is no browser and no redirect, so no Allowed Return URL is needed. The client id and client secret get the token directly.');
		case 'loopback':
			return setup.loopback
				? vscode.l10n.t('Loopback: while a sign-in waits, the extension listens on {0}:{1} for the path {2} and nowhere else, then stops. You can also paste the redirected address with "{3}".', setup.loopback.hostname, setup.loopback.port, setup.loopback.path, COMPLETE_SIGN_IN)
				: vscode.l10n.t('The redirect URI cannot be served.');
		case 'relay':
			return vscode.l10n.t('Relay page: Amazon sends the browser to the relay page, which hands the sign-in to the editor through its URI handler. The page returns only to this extension in a desktop editor, or to a browser-hosted editor named in the hosted page. You can also paste the redirected address with "{0}".', COMPLETE_SIGN_IN);
	}
}

/** What is wrong (or worth knowing) and what to do, for one finding. */
export function findingText(finding: RedirectFinding): string {
	const { facts } = finding;
	switch (finding.code) {
		case 'missing_redirect_uri':
			return vscode.l10n.t('The profile has no redirectUri. Set it to a URL registered in the security profile\'s Allowed Return URLs, for example http://127.0.0.1:53682/lwa/callback.');
		case 'not_a_url':
			return vscode.l10n.t('The redirectUri is not a valid absolute URL. Use one like http://127.0.0.1:53682/lwa/callback or https://example.com/lwa/relay.html.');
		case 'unsupported_scheme':
			return vscode.l10n.t('The scheme {0} is not one Login with Amazon is known to accept for web security profiles. Use the loopback way (http://127.0.0.1:<port>/<path>) or an https: page that serves the relay page.', facts.scheme ?? '');
		case 'http_not_loopback':
			return vscode.l10n.t('Login with Amazon only accepts http: for localhost and 127.0.0.1; {0} needs https:.', facts.host ?? '');
		case 'https_loopback':
			return vscode.l10n.t('The extension\'s loopback listener speaks plain http, so it does not serve an https: loopback redirect: such a sign-in finishes only by pasting the redirected URL ({0}). To use the listener, use http:// with the same host, port and path, and register that.', COMPLETE_SIGN_IN);
		case 'loopback_without_port':
			return vscode.l10n.t('A loopback redirect URI needs an explicit port (for example http://127.0.0.1:53682/lwa/callback), and the registered entry must name the same port.');
		case 'fragment':
			return vscode.l10n.t('A redirect URI must not contain a fragment (#…). Remove it here and in Allowed Return URLs.');
		case 'credentials_in_url':
			return vscode.l10n.t('A redirect URI must not contain a user name or password.');
		case 'query_string':
			return vscode.l10n.t('The redirect URI has a query string ({0}). LWA matches it exactly, so the Allowed Return URL must include "{0}" too, and Amazon adds code and state to it. A redirect URI without a query string is safer.', facts.query ?? '');
		case 'no_path':
			return vscode.l10n.t('The redirect URI has no path. Register it exactly as written ({0}): "{0}/" is a different entry. A path such as /lwa/callback avoids the ambiguity.', facts.uri ?? '');
		case 'trailing_slash':
			return vscode.l10n.t('The path ends with "/". Register it with the slash: "{0}" (the usual way to write it) is a different entry and will not match.', facts.uriWithoutSlash ?? '');
		case 'privileged_port':
			return vscode.l10n.t('Port {0} is below 1024; listening on it usually needs administrator rights. A port such as 53682 avoids that.', facts.port ?? 0);
		case 'localhost_vs_127':
			return vscode.l10n.t('127.0.0.1 and localhost are different Allowed Return URLs. The profile uses {0}, so register "{1}"; "{2}" would not match.', facts.host ?? '', facts.uri ?? '', facts.otherHostEntry ?? '');
		case 'published_relay_browser_editor':
			return vscode.l10n.t('The published relay page returns sign-ins to desktop editors only; this editor runs in a browser. Host your own copy of the relay page with this editor\'s address in it (see the steps below), or paste the redirected address with "{0}".', COMPLETE_SIGN_IN);
		case 'relay_browser_editor_unknown':
			return vscode.l10n.t('This editor runs in a browser, and its callback address is not one a relay page can return to (it needs https:, or http: on a loopback host with a port). Sign-ins finish by pasting the redirected address with "{0}"; the log says why.', COMPLETE_SIGN_IN);
	}
}

/** Why this entry, for the line under an Allowed Return URL. */
export function allowedReturnUrlNote(entry: AllowedReturnUrl, setup: RedirectSetup): string {
	switch (entry.kind) {
		case 'loopback': {
			const loopback = setup.loopback;
			if (!loopback) {
				return vscode.l10n.t('Exactly this.');
			}
			return loopback.query
				? vscode.l10n.t('Exactly this: port {0}, path {1}, query {2}, host {3}.', loopback.port, loopback.path, loopback.query, loopback.hostname)
				: vscode.l10n.t('Exactly this: port {0}, path {1}, host {2}.', loopback.port, loopback.path, loopback.hostname);
		}
		case 'published_relay':
			return vscode.l10n.t('Exactly this: the published relay page.');
		case 'hosted_relay':
			return vscode.l10n.t('Exactly this: the address where your relay page is hosted.');
	}
}

/** The steps to host (or not) the relay page. */
export function hostingSteps(setup: RedirectSetup): string[] {
	const relay = setup.relay;
	if (!relay) {
		return [];
	}
	const metaTag = relay.editorBaseMetaTag;
	if (relay.published) {
		const steps = [
			vscode.l10n.t('Nothing to host: {0} is the extension\'s relay page, published from its repository (github.com/lwa-tools/lwa-credentials) on GitHub Pages. It returns the sign-in only to this extension in a desktop editor (VS Code, VS Code Insiders, VSCodium, Cursor, Windsurf, Positron and similar).', PUBLISHED_RELAY_PAGE_URL),
			vscode.l10n.t('Add {0} to Allowed Return URLs.', relay.pageUrl),
		];
		if (metaTag !== undefined) {
			steps.push(vscode.l10n.t('For this browser-hosted editor, host your own copy instead: copy relay.html, relay.js and relay.css from the extension\'s media folder to a static https: site, add {0} inside relay.html\'s <head>, register that copy\'s address in Allowed Return URLs and use it as the profile\'s redirectUri.', metaTag));
		}
		return steps;
	}
	return [
		vscode.l10n.t('Copy relay.html, relay.js and relay.css from the extension\'s media folder to a static https: site (for example GitHub Pages or an S3 bucket behind CloudFront).'),
		vscode.l10n.t('Serve relay.html at exactly {0}, with relay.js and relay.css next to it (the page loads them by relative path).', relay.servedAt),
		metaTag !== undefined
			? vscode.l10n.t('This editor runs in a browser: add {0} inside relay.html\'s <head>, exactly as written. The page returns sign-ins to that address and to desktop editors, nowhere else.', metaTag)
			: vscode.l10n.t('For a browser-hosted editor (code-server, Codespaces, vscode.dev), add <meta name="lwa-editor-base" content="<the editor\'s address>"> inside relay.html\'s <head>; "{0}" run in that editor shows the exact line. Without it the page returns sign-ins to desktop editors only.', SHOW_REDIRECT_SETUP),
		vscode.l10n.t('Open the hosted address once in a browser: without a sign-in it reports that it received no sign-in result.'),
		vscode.l10n.t('Add {0} to Allowed Return URLs.', relay.pageUrl),
		vscode.l10n.t('For desktop editors only, {0} does the same with nothing to host.', PUBLISHED_RELAY_PAGE_URL),
	];
}

/** LWA's rules for Allowed Return URLs, shown with every analysis. */
export function allowedReturnUrlRules(): string[] {
	return [
		vscode.l10n.t('Each entry must use https:, except http://localhost and http://127.0.0.1 with a port.'),
		vscode.l10n.t('LWA compares the redirect URI with each entry exactly: scheme, host, port, path and query string must all match. There are no wildcards.'),
		vscode.l10n.t('127.0.0.1 and localhost are different entries, and so are a path with and without a trailing slash.'),
		vscode.l10n.t('Enter the URL in the security profile\'s Web Settings, under "Allowed Return URLs" (Amazon Developer Console, Login with Amazon).'),
	];
}
