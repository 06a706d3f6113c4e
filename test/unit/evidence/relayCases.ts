// Bad-input cases for the relay page (media/relay.js, the file the browser runs), a representative
// set: the exhaustive hostile tests of the page are in test/unit/relay/. Each case opens the page
// with a query while a relay sign-in waits; what the page forwards travels on to the URI handler's
// routing, the waiting sign-in, validation and the code exchange (see WaitingSignIn.openRelayPage).
// A refused page must forward nothing: the sign-in keeps waiting and the store is unchanged.
import type { RelayRoute } from '../../../src/core/lwa/relayRoute';
import type { CatalogueCase, Outcome } from './catalogue';
import { WaitingSignIn } from './signInRig';
import { CODE_SENTINEL, SERVER_TEXT_SENTINEL } from './support';

const DESKTOP_ROUTE: RelayRoute = { kind: 'vscode' };
const CODE_SERVER_SEGMENT = `stable-${'0123456789abcdef'.repeat(2)}01234567`;
const WEB_ROUTE: RelayRoute = { kind: 'web-vscode', reqid: '42', segment: CODE_SERVER_SEGMENT };
const EDITOR_BASE = 'https://editor.example.com/code';
const OTHER_NONCE = 'c2VudGluZWwtb3RoZXItc2lnbi1pbg';

/** The relay page's query string, from parameters in order (a repeated name is written twice). */
function pageQuery(...params: [string, string][]): string {
	return `?${new URLSearchParams(params).toString()}`;
}

interface RelayInput {
	/** The page's query string; gets the waiting sign-in's state and nonce. */
	search(state: string, nonce: string): string;
	/** The content of the page's lwa-editor-base meta tag; none when undefined. */
	editorBase?: string;
	/** The route the waiting sign-in put in its state. */
	route?: RelayRoute;
}

function relayCase(name: string, expected: string, input: RelayInput): CatalogueCase {
	return {
		name, inputClass: 'relay page', expected,
		run: async (): Promise<Outcome> => {
			const signIn = await WaitingSignIn.start({ way: 'relay', relayRoute: input.route ?? DESKTOP_ROUTE });
			try {
				return await signIn.outcome(signIn.openRelayPage(input.search(signIn.request.state, signIn.request.nonce), input.editorBase));
			} finally {
				await signIn.close();
			}
		},
	};
}

export const relayPageCases: CatalogueCase[] = [
	// Refused by the page: nothing is forwarded.
	relayCase('a state that is only a nonce (a loopback sign-in\'s)', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', nonce]) }),
	relayCase('a state naming a scheme not on the list', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.evil-SENTINEL`]) }),
	relayCase('a state naming javascript as the editor', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.javascript`]) }),
	relayCase('a state in the withdrawn format carrying a target URL', 'relay: refused, paste offered', {
		search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.${Buffer.from('https://evil-SENTINEL.example.com/callback', 'utf8').toString('base64url')}`]),
	}),
	relayCase('a desktop route with a request id', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.vscode.42`]) }),
	relayCase('a browser-hosted route without a request id', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.web-vscode`]), editorBase: EDITOR_BASE }),
	relayCase('a browser-hosted route with a path segment that is not code-server\'s', 'relay: refused, paste offered', {
		search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.web-vscode.42.proxy-8080`]), editorBase: EDITOR_BASE,
	}),
	relayCase('a state with control characters', 'relay: refused, paste offered', { search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', `${state}\r\n\u0000SENTINEL`]) }),
	relayCase('a state over 512 characters', 'relay: refused, paste offered', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}${'S'.repeat(600)}.vscode`]) }),
	relayCase('a repeated state parameter', 'relay: refused', { search: (state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', state], ['state', `${nonce}.cursor`]) }),
	relayCase('a repeated code parameter', 'relay: refused', { search: (state) => pageQuery(['code', CODE_SENTINEL], ['code', 'other'], ['state', state]) }),
	relayCase('no code and no error', 'relay: refused', { search: (state) => pageQuery(['state', state], ['scope', 'profile']) }),
	relayCase('a query over 8 KiB', 'relay: refused', { search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', state], ['pad', 'S'.repeat(9000)]) }),
	relayCase('a browser-hosted route on a page set up for desktop editors only', 'relay: refused, paste offered', { route: WEB_ROUTE, search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', state]) }),
	relayCase('a browser-hosted route with an editor base carrying a user name', 'relay: refused, paste offered', {
		route: WEB_ROUTE, search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', state]), editorBase: 'https://SENTINEL@evil.example.com/code',
	}),
	relayCase('a browser-hosted route with a plain-http editor base on a public host', 'relay: refused, paste offered', {
		route: WEB_ROUTE, search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', state]), editorBase: 'http://evil-SENTINEL.example.com',
	}),
	relayCase('a browser-hosted route with a javascript: editor base', 'relay: refused, paste offered', {
		route: WEB_ROUTE, search: (state) => pageQuery(['code', CODE_SENTINEL], ['state', state]), editorBase: 'javascript:alert(1)//SENTINEL',
	}),
	// Forwarded by the page, then refused on the way to the sign-in or by it.
	relayCase('a forged state in the relay format', 'ignored: unknown', { search: () => pageQuery(['code', CODE_SENTINEL], ['state', `${OTHER_NONCE}.vscode`]) }),
	relayCase('the right nonce with another editor\'s route', 'ignored: mismatch', { search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.cursor`]) }),
	relayCase('error=access_denied with a planted description', 'access_denied', { search: (state) => pageQuery(['error', 'access_denied'], ['error_description', SERVER_TEXT_SENTINEL], ['state', state]) }),
	relayCase('a code with markup in it', 'malformed_callback', { search: (state) => pageQuery(['code', `<script>${CODE_SENTINEL}</script>`], ['state', state]) }),
	relayCase('a code with control characters', 'malformed_callback', { search: (state) => pageQuery(['code', `${CODE_SENTINEL}\u0000\r\n`], ['state', state]) }),
	// The desktop editor percent-decodes the URI's query: an encoded '&state=' in a value becomes a second state.
	relayCase('a description hiding a second state', 'ignored: malformed', { search: (state) => pageQuery(['error', 'access_denied'], ['error_description', `x&state=${OTHER_NONCE}.vscode`], ['state', state]) }),
	relayCase('a browser-hosted editor: a forged state', 'ignored: unknown', {
		route: WEB_ROUTE, search: () => pageQuery(['code', CODE_SENTINEL], ['state', `${OTHER_NONCE}.web-vscode.42.${CODE_SERVER_SEGMENT}`]), editorBase: EDITOR_BASE,
	}),
	relayCase('a browser-hosted editor: another request id', 'ignored: mismatch', {
		route: WEB_ROUTE, search: (_state, nonce) => pageQuery(['code', CODE_SENTINEL], ['state', `${nonce}.web-vscode.43.${CODE_SERVER_SEGMENT}`]), editorBase: EDITOR_BASE,
	}),
	relayCase('a browser-hosted editor: error=access_denied', 'access_denied', {
		route: WEB_ROUTE, search: (state) => pageQuery(['error', 'access_denied'], ['error_description', SERVER_TEXT_SENTINEL], ['state', state]), editorBase: EDITOR_BASE,
	}),
	relayCase('a browser-hosted editor: a code with markup in it', 'malformed_callback', {
		route: WEB_ROUTE, search: (state) => pageQuery(['code', `<img src=x>${CODE_SENTINEL}`], ['state', state]), editorBase: EDITOR_BASE,
	}),
];
