// Bad-input cases for what comes back from the browser, each sent the way a real redirect travels
// to a sign-in that waits for it: callback URLs to the loopback listener over real HTTP and to the
// URI handler's routing, and text pasted into "LWA: Complete Sign-In". See signInRig.ts.
import type { CatalogueCase, Outcome } from './catalogue';
import type { Delivery } from './signInRig';
import { LOOPBACK_PATH, WaitingSignIn } from './signInRig';
import { CODE_SENTINEL, SERVER_TEXT_SENTINEL } from './support';

const enc = encodeURIComponent;
const OTHER_STATE = 'c2VudGluZWwtb3RoZXItc2lnbi1pbg';
const EDITOR_CALLBACK = 'vscode://lwa-tools.lwa-credentials/callback';

/** Runs `send` against a fresh waiting sign-in and reports what became of it. */
async function throughWaitingSignIn(way: 'loopback listener' | 'URI handler' | 'paste', send: (signIn: WaitingSignIn) => Promise<Delivery> | Delivery): Promise<Outcome> {
	const signIn = await WaitingSignIn.start(way === 'URI handler' ? { way: 'relay' } : { way: 'loopback', listen: way === 'loopback listener' });
	try {
		return await signIn.outcome(await send(signIn));
	} finally {
		await signIn.close();
	}
}

/** The expected label when both ways agree, or per way when the URI handler's decoding makes them differ. */
type Expected = string | { loopback: string; uri: string };

/**
 * A redirect with this query (`query(state)` gets the waiting sign-in's state), sent two ways: as a
 * GET to the loopback listener, and as the editor URI the relay page opens, to the URI handler.
 */
function callbackCases(name: string, expected: Expected, query: (state: string) => string): CatalogueCase[] {
	return [
		{
			name: `${name} (loopback listener)`, inputClass: 'callback URL', expected: typeof expected === 'string' ? expected : expected.loopback,
			run: () => throughWaitingSignIn('loopback listener', (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}?${query(signIn.request.state)}`)),
		},
		{
			name: `${name} (URI handler)`, inputClass: 'callback URL', expected: typeof expected === 'string' ? expected : expected.uri,
			run: () => throughWaitingSignIn('URI handler', (signIn) => signIn.routeUri(`${EDITOR_CALLBACK}?${query(signIn.request.state)}`)),
		},
	];
}

/** A request only the loopback listener can get (a header, a method, bytes on the socket). */
function listenerCase(name: string, expected: string, send: (signIn: WaitingSignIn) => Promise<Delivery>): CatalogueCase {
	return { name: `${name} (loopback listener)`, inputClass: 'callback URL', expected, run: () => throughWaitingSignIn('loopback listener', send) };
}

/** A URI only the URI handler can get. */
function uriCase(name: string, expected: string, url: (state: string) => string): CatalogueCase {
	return { name: `${name} (URI handler)`, inputClass: 'callback URL', expected, run: () => throughWaitingSignIn('URI handler', (signIn) => signIn.routeUri(url(signIn.request.state))) };
}

/** Text pasted into "LWA: Complete Sign-In" while one sign-in waits. */
function pasteCase(name: string, expected: string, text: (state: string) => string): CatalogueCase {
	return { name, inputClass: 'pasted input', expected, run: () => throughWaitingSignIn('paste', (signIn) => signIn.paste(text(signIn.request.state))) };
}

/** The state with its last character replaced. */
const changeLastCharacter = (state: string): string => `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`;
/** The state's nonce with a relay route it was not issued with (a known nonce, a state that does not match). */
const withOtherRoute = (state: string): string => `${state.split('.')[0]}.${state.endsWith('.cursor') ? 'vscode' : 'cursor'}`;

/** A request with a forged state and a code, as the line after `GET `. */
const forgedRedirect = `${LOOPBACK_PATH}?code=${CODE_SENTINEL}&state=${OTHER_STATE}`;

export const callbackUrlCases: CatalogueCase[] = [
	...callbackCases('a state from another sign-in', 'ignored: unknown', () => `code=${CODE_SENTINEL}&state=${OTHER_STATE}`),
	...callbackCases('a code without any state', 'ignored: unknown', () => `code=${CODE_SENTINEL}&scope=profile`),
	...callbackCases('the right state with one character changed', 'ignored: unknown', (state) => `code=${CODE_SENTINEL}&state=${changeLastCharacter(state)}`),
	...callbackCases('the right nonce with another editor\'s route', 'ignored: mismatch', (state) => `code=${CODE_SENTINEL}&state=${withOtherRoute(state)}`),
	...callbackCases('the right state with a suffix appended', 'ignored: unknown', (state) => `code=${CODE_SENTINEL}&state=${state}x`),
	...callbackCases('an empty state', 'ignored: unknown', () => `code=${CODE_SENTINEL}&state=`),
	...callbackCases('a repeated code parameter', 'ignored: malformed', (state) => `code=${CODE_SENTINEL}&code=other&state=${state}`),
	...callbackCases('a repeated state parameter', 'ignored: malformed', (state) => `code=${CODE_SENTINEL}&state=${state}&state=${state}`),
	...callbackCases('a repeated error parameter', 'ignored: malformed', (state) => `error=access_denied&error=server_error&state=${state}`),
	...callbackCases('a redirect over 8 KiB', 'ignored: malformed', (state) => `code=${CODE_SENTINEL}&state=${state}&junk=${'A'.repeat(9000)}`),
	...callbackCases('no code and no error', 'missing_code', (state) => `state=${state}&scope=profile`),
	...callbackCases('an empty code', 'missing_code', (state) => `code=&state=${state}`),
	...callbackCases('a code with markup in it', 'malformed_callback', (state) => `code=${enc(`<script>${CODE_SENTINEL}</script>`)}&state=${state}`),
	...callbackCases('a code with spaces and quotes', 'malformed_callback', (state) => `code=${enc(`"${CODE_SENTINEL}" OR 1=1`)}&state=${state}`),
	...callbackCases('a code with control characters', 'malformed_callback', (state) => `code=${CODE_SENTINEL}${enc('\u0000\r\n\u001b[31m')}&state=${state}`),
	...callbackCases('a state with control characters', 'ignored: unknown', (state) => `code=${CODE_SENTINEL}&state=${state}${enc('\r\nSet-Cookie: SENTINEL')}`),
	...callbackCases('a code longer than 2048 characters', 'malformed_callback', (state) => `code=${CODE_SENTINEL}${'A'.repeat(2100)}&state=${state}`),
	...callbackCases('error=access_denied with a planted description', 'access_denied', (state) => `error=access_denied&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	...callbackCases('error=invalid_scope', 'invalid_scope', (state) => `error=invalid_scope&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	...callbackCases('error=unauthorized_client', 'unauthorized_client', (state) => `error=unauthorized_client&state=${state}`),
	...callbackCases('error=invalid_request', 'invalid_request', (state) => `error=invalid_request&state=${state}`),
	...callbackCases('error=unsupported_response_type', 'unsupported_response_type', (state) => `error=unsupported_response_type&state=${state}`),
	...callbackCases('error=server_error', 'server_error', (state) => `error=server_error&state=${state}`),
	...callbackCases('error=temporarily_unavailable', 'temporarily_unavailable', (state) => `error=temporarily_unavailable&state=${state}`),
	...callbackCases('an unknown error code carrying planted text', 'authorization_failed', (state) => `error=${enc(`SENTINEL_${SERVER_TEXT_SENTINEL}`)}&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	...callbackCases('an error for another sign-in', 'ignored: unknown', () => `error=access_denied&state=${OTHER_STATE}`),
	// The editor percent-decodes a URI's query before the handler sees it: an encoded '&state=' inside a
	// value becomes a second state there (refused as repeated), while the listener reads it as text.
	...callbackCases('a description hiding a second state', { loopback: 'access_denied', uri: 'ignored: malformed' }, (state) => `error=access_denied&error_description=${enc(`x&state=${OTHER_STATE}`)}&state=${state}`),
	listenerCase('a Host header naming another site (DNS rebinding), with a forged state', 'ignored: otherHost', (signIn) => signIn.sendToListener(forgedRedirect, { host: `evil.example.com:${signIn.port}` })),
	listenerCase('a Host header naming another site, with the right state', 'ignored: otherHost', (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}?code=${CODE_SENTINEL}&state=${signIn.request.state}`, { host: 'evil.example.com' })),
	listenerCase('a Host header with markup', 'ignored: otherHost', (signIn) => signIn.sendToListener(forgedRedirect, { host: '<script>alert(1)</script>' })),
	listenerCase('a Host header with control characters', 'ignored: HTTP 400', (signIn) => signIn.sendRawToListener(`GET ${forgedRedirect} HTTP/1.0\r\nHost: 127.0.0.1\u0007\u001b[31m\r\n\r\n`)),
	listenerCase('a Host header of 12 KB', 'ignored: otherHost', (signIn) => signIn.sendToListener(forgedRedirect, { host: `${'h'.repeat(12 * 1024)}.example.com` })),
	listenerCase('a Host header of 20 KB', 'ignored: HTTP 431', (signIn) => signIn.sendToListener(forgedRedirect, { host: `${'h'.repeat(20 * 1024)}.example.com` })),
	listenerCase('two Host headers', 'ignored: otherHost', (signIn) => signIn.sendRawToListener(`GET ${forgedRedirect} HTTP/1.0\r\nHost: 127.0.0.1:${signIn.port}\r\nHost: evil.example.com\r\n\r\n`)),
	listenerCase('a Host header with a bare carriage return', 'ignored: HTTP 400', (signIn) => signIn.sendRawToListener(`GET ${forgedRedirect} HTTP/1.0\r\nHost: 127.0.0.1\rX-Injected: 1\r\n\r\n`)),
	listenerCase('no Host header', 'ignored: otherHost', (signIn) => signIn.sendRawToListener(`GET ${forgedRedirect} HTTP/1.0\r\n\r\n`)),
	listenerCase('a request line with control characters', 'ignored: HTTP 400', (signIn) => signIn.sendRawToListener(`GET ${LOOPBACK_PATH}?code=${CODE_SENTINEL}\u0000\u0007&state=${signIn.request.state} HTTP/1.0\r\nHost: 127.0.0.1:${signIn.port}\r\n\r\n`)),
	listenerCase('a request line of 64 KB', 'ignored: HTTP 431', (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}?code=${CODE_SENTINEL}&state=${signIn.request.state}&pad=${'S'.repeat(64 * 1024)}`)),
	listenerCase('a POST with the right state', 'ignored: onlyRedirectAccepted', (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}?code=${CODE_SENTINEL}&state=${signIn.request.state}`, {}, 'POST')),
	listenerCase('the right state on another path', 'ignored: nothingWaiting', (signIn) => signIn.sendToListener(`/other/callback?code=${CODE_SENTINEL}&state=${signIn.request.state}`)),
	listenerCase('the right state on the path with a trailing slash', 'ignored: nothingWaiting', (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}/?code=${CODE_SENTINEL}&state=${signIn.request.state}`)),
	uriCase('the right state on another path', 'ignored: unknown_path', (state) => `vscode://lwa-tools.lwa-credentials/signOut?code=${CODE_SENTINEL}&state=${state}`),
	uriCase('a query that does not decode', 'ignored: unknown', (state) => `${EDITOR_CALLBACK}?code=${CODE_SENTINEL}%E0%A4%A&state=${state}%ZZ`),
];

const REDIRECT = 'http://127.0.0.1:53682/lwa/callback';

export const pastedInputCases: CatalogueCase[] = [
	pasteCase('empty text', 'ignored: malformed_callback', () => ''),
	pasteCase('only white space', 'ignored: malformed_callback', () => ' \n\t '),
	pasteCase('text over 8 KiB', 'ignored: malformed_callback', () => `${REDIRECT}?code=${CODE_SENTINEL}&pad=${'x'.repeat(9000)}`),
	pasteCase('a megabyte of text', 'ignored: malformed_callback', () => `${CODE_SENTINEL}${'A'.repeat(1024 * 1024)}`),
	pasteCase('a URL that does not parse', 'ignored: malformed_callback', () => `http://[${CODE_SENTINEL}/callback?code=x`),
	pasteCase('prose instead of a redirect', 'ignored: malformed_callback', () => `the code was ${CODE_SENTINEL} I think`),
	pasteCase('a JSON object', 'ignored: malformed_callback', () => JSON.stringify({ code: CODE_SENTINEL })),
	pasteCase('a bare code longer than 2048 characters', 'ignored: malformed_callback', () => `${CODE_SENTINEL}${'A'.repeat(2100)}`),
	pasteCase('a bare code with control characters', 'ignored: malformed_callback', () => `${CODE_SENTINEL}\u0000\u0007`),
	pasteCase('a bare code with non-ASCII letters', 'ignored: malformed_callback', () => `${CODE_SENTINEL}ünïcödé`),
	pasteCase('a full redirected URL with another sign-in\'s state', 'ignored: unknown', () => `${REDIRECT}?code=${CODE_SENTINEL}&state=${OTHER_STATE}`),
	pasteCase('a full redirected URL with the state one character off', 'ignored: unknown', (state) => `${REDIRECT}?code=${CODE_SENTINEL}&state=${changeLastCharacter(state)}`),
	pasteCase('a full redirected URL with the right nonce and an editor\'s route', 'ignored: mismatch', (state) => `${REDIRECT}?code=${CODE_SENTINEL}&state=${withOtherRoute(state)}`),
	pasteCase('a full redirected URL without state', 'ignored: unknown', () => `${REDIRECT}?code=${CODE_SENTINEL}&scope=profile`),
	pasteCase('a full redirected URL with a repeated code', 'ignored: malformed_callback', (state) => `${REDIRECT}?code=${CODE_SENTINEL}&state=${state}&code=x`),
	pasteCase('a full redirected URL without a code', 'missing_code', (state) => `${REDIRECT}?state=${state}&scope=profile`),
	pasteCase('a full redirected URL with a code with control characters', 'malformed_callback', (state) => `${REDIRECT}?code=${CODE_SENTINEL}%00%0A&state=${state}`),
	pasteCase('the parameters after # instead of ?', 'ignored: missing_code', (state) => `${REDIRECT}#code=${CODE_SENTINEL}&state=${state}`),
	pasteCase('a query string with access_denied', 'access_denied', (state) => `?error=access_denied&error_description=${enc(SERVER_TEXT_SENTINEL)}&state=${state}`),
	pasteCase('a query string with an empty code', 'missing_code', (state) => `code=&state=${state}`),
	pasteCase('a javascript: URL', 'ignored: missing_code', () => `javascript:alert('${CODE_SENTINEL}')`),
];
