// The relay page's logic (media/relay.js), loaded as the browser runs it but from Node: the only
// addresses it forwards to, and every crafted input it must refuse without forwarding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { ForwardResult, RelayWindow } from './relayModule';
import { MEDIA_DIR, relay } from './relayModule';

/** A nonce as createNonce makes them: 43 base64url characters. */
const NONCE = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const SEGMENT = `stable-${COMMIT}`;
const AUTHORITY = 'lwa-tools.lwa-credentials';
const CODE = 'ANcodeSENTINEL123';
const CODE_SERVER_BASE = 'http://127.0.0.1:8080';

function query(params: Record<string, string>): string {
	return `?${new URLSearchParams(params).toString()}`;
}

function redirect(state: string, extra: Record<string, string> = {}): string {
	return query({ code: CODE, state, scope: 'profile', ...extra });
}

function refused(result: ForwardResult): { reason: string; paste: boolean } {
	assert.equal(result.ok, false, `expected a refusal, got ${result.ok ? result.url : ''}`);
	return result as { reason: string; paste: boolean };
}

function forwardedUrl(result: ForwardResult): string {
	assert.ok(result.ok, result.ok ? '' : result.reason);
	return result.url;
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('relay page: parseState', () => {
	it('reads a desktop editor kind for every scheme in the fixed list', () => {
		for (const scheme of relay.EDITOR_SCHEMES) {
			assert.deepEqual(relay.parseState(`${NONCE}.${scheme}`), { nonce: NONCE, kind: scheme, scheme, web: false });
		}
	});

	it('reads a browser-hosted editor kind with its request id, with and without a path segment', () => {
		assert.deepEqual(relay.parseState(`${NONCE}.web-code-oss.7`), { nonce: NONCE, kind: 'web-code-oss', scheme: 'code-oss', web: true, reqid: '7' });
		assert.deepEqual(relay.parseState(`${NONCE}.web-vscode.123456789012345.${SEGMENT}`),
			{ nonce: NONCE, kind: 'web-vscode', scheme: 'vscode', web: true, reqid: '123456789012345', segment: SEGMENT });
	});

	it('accepts nonces of 16 to 128 base64url characters', () => {
		assert.equal(relay.parseState(`${'a'.repeat(16)}.vscode`)?.nonce, 'a'.repeat(16));
		assert.equal(relay.parseState(`${'-_'.repeat(64)}.vscode`)?.nonce, '-_'.repeat(64));
	});

	const refusedStates: [string, unknown][] = [
		['an empty state', ''],
		['a nonce alone (a loopback sign-in: no editor to return to)', NONCE],
		['a nonce of 15 characters', `${'a'.repeat(15)}.vscode`],
		['a nonce of 129 characters', `${'a'.repeat(129)}.vscode`],
		['a nonce with base64 "+", "/" or "="', `${NONCE.slice(0, -1)}+.vscode`],
		['a nonce with a slash', `${NONCE.slice(0, -1)}/.vscode`],
		['a nonce with padding', `${NONCE}=.vscode`],
		['a nonce with a non-ASCII letter', `${NONCE.slice(0, -1)}é.vscode`],
		['an empty nonce', '.vscode'],
		['an empty kind', `${NONCE}.`],
		['two dots in a row', `${NONCE}..vscode`],
		['a trailing dot after a desktop kind', `${NONCE}.vscode.`],
		['a scheme in capitals', `${NONCE}.VSCODE`],
		['a scheme in mixed case', `${NONCE}.VSCode`],
		['a web kind in capitals', `${NONCE}.WEB-code-oss.1`],
		['a web kind with a scheme in capitals', `${NONCE}.web-Code-OSS.1`],
		['a web kind twice', `${NONCE}.web-web-vscode.1`],
		['a web kind without a scheme', `${NONCE}.web-.1`],
		['a scheme not in the list', `${NONCE}.evil`],
		['https as a kind', `${NONCE}.https`],
		['http as a kind', `${NONCE}.http`],
		['javascript as a kind', `${NONCE}.javascript`],
		['file as a kind', `${NONCE}.file`],
		['a backslash address as a kind', `${NONCE}.http:\\\\evil\\callback`],
		['a kind with a colon', `${NONCE}.vscode:`],
		['a kind with a trailing space', `${NONCE}.vscode `],
		['a kind with a newline', `${NONCE}.vscode\n`],
		['a kind with a NUL', `${NONCE}.vscode\u0000`],
		['a kind with a zero-width space', `${NONCE}.vs\u200bcode`],
		['a kind in full-width letters', `${NONCE}.ｖｓｃｏｄｅ`],
		['a desktop kind with a request id', `${NONCE}.vscode.1`],
		['a desktop kind with a request id and segment', `${NONCE}.vscode.1.${SEGMENT}`],
		['a web kind without a request id', `${NONCE}.web-code-oss`],
		['a web kind with an empty request id', `${NONCE}.web-code-oss.`],
		['a web kind with an empty segment', `${NONCE}.web-code-oss.1.`],
		['a web kind with a fifth part', `${NONCE}.web-code-oss.1.${SEGMENT}.x`],
		['a request id of 16 digits', `${NONCE}.web-code-oss.1234567890123456`],
		['a negative request id', `${NONCE}.web-code-oss.-1`],
		['a request id in exponent form', `${NONCE}.web-code-oss.1e3`],
		['a hexadecimal request id', `${NONCE}.web-code-oss.0x10`],
		['a request id with Arabic-Indic digits', `${NONCE}.web-code-oss.١٢`],
		['a request id with a parameter injected', `${NONCE}.web-code-oss.1&vscode-scheme=vscode`],
		['a request id with an encoded ampersand', `${NONCE}.web-code-oss.1%26vscode-authority%3Devil`],
		['a request id with a slash', `${NONCE}.web-code-oss.1/`],
		['a request id with a space', `${NONCE}.web-code-oss.1 `],
		['a segment "proxy"', `${NONCE}.web-code-oss.1.proxy`],
		['a segment with a slash (proxy/8080)', `${NONCE}.web-code-oss.1.proxy/8080`],
		['a segment "proxy-8080"', `${NONCE}.web-code-oss.1.proxy-8080`],
		['a segment with an encoded slash', `${NONCE}.web-code-oss.1.${SEGMENT}%2F..%2Fproxy%2F8080`],
		['a segment with an encoded backslash', `${NONCE}.web-code-oss.1.${SEGMENT}%5C`],
		['a segment that climbs up', `${NONCE}.web-code-oss.1.%2E%2E`],
		['a segment with a slash after the commit', `${NONCE}.web-code-oss.1.${SEGMENT}/x`],
		['a segment with capital hex', `${NONCE}.web-code-oss.1.stable-${COMMIT.toUpperCase()}`],
		['a segment with 39 hex digits', `${NONCE}.web-code-oss.1.stable-${COMMIT.slice(1)}`],
		['a segment with 41 hex digits', `${NONCE}.web-code-oss.1.stable-${COMMIT}0`],
		['a segment in capitals', `${NONCE}.web-code-oss.1.STABLE-${COMMIT}`],
		['a segment without letters', `${NONCE}.web-code-oss.1.-${COMMIT}`],
		['a segment of another name with a commit (a path someone else may own under the base)', `${NONCE}.web-code-oss.1.user-${COMMIT}`],
		['a segment with two dashes', `${NONCE}.web-code-oss.1.stable--${COMMIT}`],
		['a segment with a question mark', `${NONCE}.web-code-oss.1.${SEGMENT}?`],
		['a segment with a hash', `${NONCE}.web-code-oss.1.${SEGMENT}#`],
		['the old format with a base64url target', `${NONCE}.${base64url('vscode://lwa-tools.lwa-credentials/callback')}`],
		['the old format aimed at another host', `${NONCE}.${base64url('https://evil.example/callback')}`],
		['a state of 513 characters', `${NONCE}.vscode${'a'.repeat(513 - NONCE.length - 7)}`],
		['a very long state', `${NONCE}.web-code-oss.1.${'a'.repeat(100_000)}`],
		['undefined', undefined],
		['null', null],
		['a number', 42],
		['an object', { toString: () => `${NONCE}.vscode` }],
		['an array', [NONCE, 'vscode']],
	];
	for (const [name, state] of refusedStates) {
		it(`refuses ${name}`, () => {
			assert.equal(relay.parseState(state), undefined);
		});
	}

	it('never throws, and whatever it accepts has only the allowed parts (property)', () => {
		const part = fc.oneof(fc.constantFrom(...relay.EDITOR_SCHEMES, 'web-code-oss', 'web-vscode', '1', SEGMENT, 'proxy', '8080', '', '..'), fc.string(), fc.string({ unit: 'binary' }));
		fc.assert(fc.property(fc.oneof(fc.constant(NONCE), fc.string()), fc.array(part, { maxLength: 5 }), (nonce, parts) => {
			const parsed = relay.parseState([nonce, ...parts].join('.'));
			if (parsed === undefined) {
				return;
			}
			assert.match(parsed.nonce, /^[A-Za-z0-9_-]{16,128}$/);
			assert.ok(relay.EDITOR_SCHEMES.includes(parsed.scheme));
			assert.equal(parsed.kind, parsed.web ? `web-${parsed.scheme}` : parsed.scheme);
			assert.ok(parsed.reqid === undefined || /^[0-9]{1,15}$/.test(parsed.reqid));
			assert.ok(parsed.segment === undefined || /^(stable|insider|exploration)-[0-9a-f]{40}$/.test(parsed.segment));
		}), { numRuns: 2000 });
	});
});

describe('relay page: parseEditorBase', () => {
	const accepted: [string, string][] = [
		['https://code.example.com', 'https://code.example.com'],
		['https://code.example.com/', 'https://code.example.com'],
		['https://code.example.com/ide', 'https://code.example.com/ide'],
		['https://code.example.com/ide/', 'https://code.example.com/ide'],
		['https://code.example.com/team/ide', 'https://code.example.com/team/ide'],
		['https://code.example.com:8443', 'https://code.example.com:8443'],
		['https://vscode.dev', 'https://vscode.dev'],
		['https://fuzzy-space-abc123-8080.app.github.dev', 'https://fuzzy-space-abc123-8080.app.github.dev'],
		['https://xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
		['https://127.0.0.1', 'https://127.0.0.1'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
		['http://localhost:8080', 'http://localhost:8080'],
		['http://[::1]:8080', 'http://[::1]:8080'],
		['http://127.0.0.1:8080/code', 'http://127.0.0.1:8080/code'],
	];
	for (const [content, expected] of accepted) {
		it(`accepts ${content}`, () => {
			assert.equal(relay.parseEditorBase(content), expected);
		});
	}

	const refusedBases: [string, unknown][] = [
		['an empty content', ''],
		['a leading space', ' https://code.example.com'],
		['a trailing space', 'https://code.example.com '],
		['a trailing newline', 'https://code.example.com\n'],
		['a tab inside', 'https://code.\texample.com'],
		['a NUL inside', 'https://code.example.com\u0000.evil.example'],
		['http on a host that is not loopback', 'http://code.example.com:8080'],
		['http on loopback without a port', 'http://127.0.0.1'],
		['http on localhost without a port', 'http://localhost'],
		['http on loopback with the default port written out', 'http://127.0.0.1:80'],
		['https with the default port written out', 'https://code.example.com:443'],
		['the scheme in capitals', 'HTTPS://code.example.com'],
		['the host in capitals', 'https://Code.Example.com'],
		['a user name', 'https://user@code.example.com'],
		['a user name and password', 'https://user:pw@code.example.com'],
		['an @ in the path', 'https://code.example.com/@evil.example'],
		['loopback userinfo before another host', 'http://127.0.0.1:8080@evil.example:8080'],
		['a query', 'https://code.example.com?x=1'],
		['an empty query', 'https://code.example.com/?'],
		['a fragment', 'https://code.example.com#x'],
		['an empty fragment', 'https://code.example.com/#'],
		['backslashes for slashes', 'https:\\\\code.example.com'],
		['a backslash in the path', 'https://code.example.com\\ide'],
		['a percent-encoded dot segment', 'https://code.example.com/%2e%2e/x'],
		['a percent-encoded slash', 'https://code.example.com/a%2Fb'],
		['a percent-encoded backslash', 'https://code.example.com/a%5Cb'],
		['a dot segment', 'https://code.example.com/./ide'],
		['a dot-dot segment', 'https://code.example.com/x/../ide'],
		['a trailing dot-dot segment', 'https://code.example.com/ide/..'],
		['an empty path segment', 'https://code.example.com//ide'],
		['two trailing slashes', 'https://code.example.com/ide//'],
		['a wildcard host', 'https://*.example.com'],
		['a wildcard path', 'https://code.example.com/*'],
		['an IDN host in Unicode', 'https://bücher.example'],
		['a host with a full-width dot', 'https://code。example.com'],
		['a hexadecimal IPv4 host', 'https://0x7f.0.0.1'],
		['an octal IPv4 loopback host', 'http://0177.0.0.1:8080'],
		['a shortened IPv4 loopback host', 'http://127.1:8080'],
		['a decimal IPv4 loopback host', 'http://2130706433:8080'],
		['IPv6 loopback written in full', 'http://[0:0:0:0:0:0:0:1]:8080'],
		['a loopback-looking DNS name over http', 'http://127.0.0.1.nip.io:8080'],
		['localhost as a subdomain over http', 'http://localhost.evil.example:8080'],
		['a javascript: URL', 'javascript:alert(1)'],
		['a data: URL', 'data:text/html,x'],
		['a file: URL', 'file:///etc'],
		['an editor URI', 'vscode://lwa-tools.lwa-credentials'],
		['a scheme-relative URL', '//code.example.com'],
		['https without slashes', 'https:code.example.com'],
		['https with one slash', 'https:/code.example.com'],
		['https with no host', 'https://'],
		['a space in the path', 'https://code.example.com/my ide'],
		['a non-ASCII path', 'https://code.example.com/é'],
		['a port out of range', 'https://code.example.com:65536'],
		['an empty port', 'https://code.example.com:'],
		['a content of 2049 characters', `https://code.example.com/${'a'.repeat(2049 - 25)}`],
		['undefined', undefined],
		['null', null],
		['a number', 8080],
	];
	for (const [name, content] of refusedBases) {
		it(`refuses ${name}`, () => {
			assert.equal(relay.parseEditorBase(content), undefined);
		});
	}

	it('gives a base that reads back as itself, with an https or loopback origin (property)', () => {
		fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webUrl().map((url) => url.replace(/^https?:\/\/[^/]*/, 'http://127.0.0.1:8080')), fc.string()), (content) => {
			const base = relay.parseEditorBase(content);
			if (base === undefined) {
				return;
			}
			assert.equal(relay.parseEditorBase(base), base);
			const url = new URL(base);
			assert.ok(url.protocol === 'https:' || (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.port !== ''));
			assert.equal(url.search + url.hash + url.username + url.password, '');
			assert.ok(!base.endsWith('/'));
		}), { numRuns: 2000 });
	});
});

describe('relay page: forwarding to a desktop editor', () => {
	it('forwards code, state and scope to this extension\'s callback for every editor scheme, and nothing else', () => {
		for (const scheme of relay.EDITOR_SCHEMES) {
			const state = `${NONCE}.${scheme}`;
			const url = forwardedUrl(relay.buildForwardUrl(redirect(state)));
			assert.equal(url, `${scheme}://${AUTHORITY}/callback?code=${CODE}&state=${encodeURIComponent(state)}&scope=profile`);
		}
	});

	it('forwards all seven result parameters in their fixed order and drops every other parameter', () => {
		const state = `${NONCE}.vscode`;
		const search = '?selling_partner_id=A1&spapi_oauth_code=SP1&error_description=d&error=e&scope=s&state=' + state + '&code=c'
			+ '&vscode-scheme=evil&vscode-authority=evil.ext&vscode-path=%2Fother&vscode-query=x%3D1&vscode-reqid=9&redirect=https%3A%2F%2Fevil.example&nonce=n';
		const url = new URL(forwardedUrl(relay.buildForwardUrl(search)));
		assert.equal(`${url.protocol}//${url.host}${url.pathname}`, `vscode://${AUTHORITY}/callback`);
		assert.deepEqual([...url.searchParams.keys()], ['code', 'state', 'scope', 'error', 'error_description', 'spapi_oauth_code', 'selling_partner_id']);
		assert.deepEqual([...url.searchParams.values()], ['c', state, 's', 'e', 'd', 'SP1', 'A1']);
	});

	it('forwards an error redirect that carries no code', () => {
		const url = new URL(forwardedUrl(relay.buildForwardUrl(query({ error: 'access_denied', error_description: 'The user denied the request.', state: `${NONCE}.cursor` }))));
		assert.equal(url.protocol, 'cursor:');
		assert.equal(url.searchParams.get('error'), 'access_denied');
		assert.equal(url.searchParams.get('code'), null);
	});

	it('forwards an SP-API consent result (spapi_oauth_code and selling_partner_id)', () => {
		const url = new URL(forwardedUrl(relay.buildForwardUrl(query({ spapi_oauth_code: 'SPcode', selling_partner_id: 'A3SELLER', state: `${NONCE}.vscode` }))));
		assert.equal(url.searchParams.get('spapi_oauth_code'), 'SPcode');
		assert.equal(url.searchParams.get('selling_partner_id'), 'A3SELLER');
	});

	it('ignores a meta tag base for a desktop editor kind', () => {
		const url = forwardedUrl(relay.buildForwardUrl(redirect(`${NONCE}.vscode`), 'https://evil.example'));
		assert.ok(url.startsWith(`vscode://${AUTHORITY}/callback?`));
	});

	it('keeps values with &, =, #, % and + inside their own parameter', () => {
		const url = new URL(forwardedUrl(relay.buildForwardUrl(redirect(`${NONCE}.vscode`, { error_description: 'a&vscode-scheme=evil#x%41+b c' }))));
		assert.equal(url.hash, '');
		assert.equal(url.searchParams.get('error_description'), 'a&vscode-scheme=evil#x%41+b c');
		assert.equal(url.searchParams.get('vscode-scheme'), null);
	});
});

describe('relay page: forwarding to a browser-hosted editor', () => {
	it('builds code-server\'s /callback address from the meta tag base, the request id and the segment', () => {
		const state = `${NONCE}.web-code-oss.12.${SEGMENT}`;
		const url = forwardedUrl(relay.buildForwardUrl(redirect(state), CODE_SERVER_BASE));
		const innerQuery = `code=${CODE}&state=${encodeURIComponent(state)}&scope=profile`;
		assert.equal(url, `${CODE_SERVER_BASE}/${SEGMENT}/callback?vscode-reqid=12&vscode-scheme=code-oss&vscode-authority=${AUTHORITY}&vscode-path=%2Fcallback&vscode-query=${encodeURIComponent(innerQuery)}`);
	});

	it('puts the result only inside vscode-query, where the workbench rebuilds the URI from', () => {
		const state = `${NONCE}.web-code-oss.3.${SEGMENT}`;
		const url = new URL(forwardedUrl(relay.buildForwardUrl(redirect(state, { error_description: 'x&vscode-authority=evil.ext&vscode-reqid=99' }), CODE_SERVER_BASE)));
		assert.deepEqual([...url.searchParams.keys()], ['vscode-reqid', 'vscode-scheme', 'vscode-authority', 'vscode-path', 'vscode-query']);
		assert.equal(url.searchParams.get('vscode-reqid'), '3');
		assert.equal(url.searchParams.get('vscode-authority'), AUTHORITY);
		const inner = new URLSearchParams(url.searchParams.get('vscode-query') ?? '');
		assert.deepEqual(Object.fromEntries(inner), { code: CODE, state, scope: 'profile', error_description: 'x&vscode-authority=evil.ext&vscode-reqid=99' });
	});

	it('ignores vscode-* parameters injected into the query', () => {
		const state = `${NONCE}.web-code-oss.1`;
		const search = `${redirect(state)}&vscode-scheme=vscode&vscode-authority=evil.ext&vscode-path=%2Fother&vscode-reqid=2&vscode-query=code%3Devil`;
		const url = new URL(forwardedUrl(relay.buildForwardUrl(search, CODE_SERVER_BASE)));
		assert.equal(url.searchParams.get('vscode-scheme'), 'code-oss');
		assert.equal(url.searchParams.get('vscode-authority'), AUTHORITY);
		assert.equal(url.searchParams.get('vscode-path'), '/callback');
		assert.equal(url.searchParams.get('vscode-reqid'), '1');
		assert.equal(new URLSearchParams(url.searchParams.get('vscode-query') ?? '').get('code'), CODE);
	});

	it('a request id that an unencoded & cut short still goes only to the allowlisted base', () => {
		// `state=<nonce>.web-code-oss.1&vscode-scheme=evil` arrives as a state and a second parameter.
		const search = `?code=${CODE}&state=${NONCE}.web-code-oss.1&vscode-scheme=evil`;
		const url = new URL(forwardedUrl(relay.buildForwardUrl(search, CODE_SERVER_BASE)));
		assert.equal(url.origin, CODE_SERVER_BASE);
		assert.equal(url.searchParams.get('vscode-scheme'), 'code-oss');
	});

	it('builds vscode.dev\'s and Codespaces\' /callback address with no segment', () => {
		assert.ok(forwardedUrl(relay.buildForwardUrl(redirect(`${NONCE}.web-vscode.5`), 'https://vscode.dev'))
			.startsWith('https://vscode.dev/callback?vscode-reqid=5&vscode-scheme=vscode&'));
		assert.ok(forwardedUrl(relay.buildForwardUrl(redirect(`${NONCE}.web-vscode.1`), 'https://fuzzy-space-8080.app.github.dev/'))
			.startsWith('https://fuzzy-space-8080.app.github.dev/callback?vscode-reqid=1&'));
	});

	it('keeps the base\'s path and drops its trailing slash', () => {
		const url = forwardedUrl(relay.buildForwardUrl(redirect(`${NONCE}.web-code-oss.2.${SEGMENT}`), 'https://ide.example.com/team/code/'));
		assert.ok(url.startsWith(`https://ide.example.com/team/code/${SEGMENT}/callback?vscode-reqid=2&`));
	});

	it('forwards only to the meta tag base for any state and base (property)', () => {
		const bases = ['https://ide.example.com', 'https://ide.example.com/code', 'http://127.0.0.1:8080', 'http://[::1]:9000'];
		const stateArbitrary = fc.oneof(
			fc.tuple(fc.constantFrom(...relay.EDITOR_SCHEMES), fc.stringMatching(/^[0-9]{1,15}$/), fc.option(fc.constant(SEGMENT), { nil: undefined }))
				.map(([scheme, reqid, segment]) => [NONCE, `web-${scheme}`, reqid, ...(segment ? [segment] : [])].join('.')),
			fc.string().map((tail) => `${NONCE}.web-code-oss.${tail}`),
			fc.string(),
		);
		fc.assert(fc.property(stateArbitrary, fc.constantFrom(...bases), fc.string(), (state, base, code) => {
			const result = relay.buildForwardUrl(query({ code: code || 'c', state }), base);
			if (!result.ok) {
				return;
			}
			const url = new URL(result.url);
			assert.ok(result.url.startsWith(`${base}/`), result.url);
			assert.match(url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length), /^(\/(stable|insider|exploration)-[0-9a-f]{40})?\/callback$/);
			assert.deepEqual([...url.searchParams.keys()], ['vscode-reqid', 'vscode-scheme', 'vscode-authority', 'vscode-path', 'vscode-query']);
			assert.equal(url.searchParams.get('vscode-authority'), AUTHORITY);
		}), { numRuns: 1000 });
	});
});

describe('relay page: refusals', () => {
	/** Each case: a query, the meta tag base (if any), and whether the page offers its address to paste. */
	const cases: [string, string, string | undefined, boolean][] = [
		['a redirect without state', query({ code: CODE }), undefined, true],
		['a redirect with an empty state', query({ code: CODE, state: '' }), undefined, true],
		['a loopback sign-in\'s state (a nonce alone)', redirect(NONCE), undefined, true],
		['a state from someone else', redirect('attacker-state'), undefined, true],
		['a browser-hosted editor kind on the published copy (no meta tag)', redirect(`${NONCE}.web-code-oss.1.${SEGMENT}`), undefined, true],
		['a browser-hosted editor kind with an empty meta tag', redirect(`${NONCE}.web-code-oss.1`), '', true],
		['a redirect with no code and no error', query({ state: `${NONCE}.vscode` }), undefined, false],
		['a redirect with an empty code', query({ code: '', state: `${NONCE}.vscode` }), undefined, false],
		['an error redirect with a state from someone else', query({ error: 'access_denied', state: 'attacker' }), undefined, false],
		['an SP-API consent with a state from someone else', query({ spapi_oauth_code: 'SPcode', state: 'attacker' }), undefined, true],
		['a query of 8193 characters', `${redirect(`${NONCE}.vscode`)}&pad=${'x'.repeat(8193)}`.slice(0, 8193), undefined, false],
		['a huge code', redirect(`${NONCE}.vscode`, { code: 'A'.repeat(20_000) }), undefined, false],
	];
	for (const name of relay.FORWARDED_PARAMETERS) {
		cases.push([`a repeated ${name} parameter`, `${redirect(`${NONCE}.vscode`)}&${name}=other${name === 'code' || name === 'state' || name === 'scope' ? '' : `&${name}=again`}`, undefined, false]);
	}
	const oldTargets = [
		'https://evil.example/callback',
		'https://evil.example/x/callback',
		'http://evil.example/callback',
		'http:\\\\evil.example\\callback',
		`http://evil.example:8080/${SEGMENT}/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=${AUTHORITY}&vscode-path=%2Fcallback`,
		'http://127.0.0.1:8080/proxy/9999/callback',
		`vscode://${AUTHORITY}/callback`,
		'javascript:alert(1)//callback',
	];
	for (const target of oldTargets) {
		cases.push([`an old-format state aimed at ${target}`, redirect(`${NONCE}.${base64url(target)}`), CODE_SERVER_BASE, true]);
	}
	const craftedKinds = ['https', 'http', 'evil', 'VSCODE', 'Vscode', 'web-VSCODE.1', 'Web-vscode.1', 'vscode.1', 'web-code-oss', 'web-code-oss.1.proxy',
		'web-code-oss.1.proxy/8080', 'web-code-oss.1.%2E%2E', `web-code-oss.1.${SEGMENT}%2F..`, `web-code-oss.1.${SEGMENT}%5C`, 'web-code-oss.1%26vscode-scheme%3Devil',
		'web-code-oss.1&vscode-scheme=evil', 'web-code-oss.x', 'web-code-oss.1.stable-x', `web-code-oss.1.${SEGMENT}.x`, '', 'vscode.', 'vscode\u0000', 'vscodé', 'web-code-oss.１'];
	for (const kind of craftedKinds) {
		cases.push([`a crafted state "<nonce>.${kind}"`, redirect(`${NONCE}.${kind}`), CODE_SERVER_BASE, true]);
	}
	const badBases = ['https://evil.example/x?', 'http://evil.example:8080', 'http://127.0.0.1', 'https://user@evil.example', 'https:\\\\evil.example', 'https://evil.example/%2e%2e',
		'https://evil.example/../x', 'https://*.example.com', 'https://bücher.example', 'javascript:alert(1)', 'https://evil.example#', 'HTTPS://evil.example', ' https://evil.example'];
	for (const base of badBases) {
		cases.push([`a browser-hosted editor kind with the meta tag base "${base}"`, redirect(`${NONCE}.web-code-oss.1.${SEGMENT}`), base, true]);
	}
	cases.push(['a state of 513 characters', redirect(`${NONCE}.web-code-oss.1.${'a'.repeat(513 - NONCE.length - 16)}`), CODE_SERVER_BASE, true]);
	cases.push(['a state with control characters', redirect(`${NONCE}.vscode\r\n`), undefined, true]);
	cases.push(['a state with a Unicode nonce', redirect(`${'ä'.repeat(20)}.vscode`), undefined, true]);

	for (const [name, search, base, paste] of cases) {
		it(`refuses ${name}${paste ? ' and offers the address to paste' : ' with nothing to paste'}`, () => {
			const result = refused(relay.buildForwardUrl(search, base));
			assert.equal(result.paste, paste);
			assert.ok(result.reason.length > 10);
			assert.ok(!/SENTINEL|evil|attacker|proxy|stable-/.test(result.reason), `the reason repeats a value: ${result.reason}`);
		});
	}

	it('forwards a query of exactly 8192 characters', () => {
		const search = redirect(`${NONCE}.vscode`);
		const padded = `${search}&pad=${'x'.repeat(8192 - search.length - 5)}`;
		assert.equal(padded.length, 8192);
		assert.ok(relay.buildForwardUrl(padded).ok);
	});

	it('refuses a search that is not a string', () => {
		for (const search of [undefined, null, 42, {}]) {
			assert.equal(relay.buildForwardUrl(search).ok, false);
		}
	});

	it('never repeats a value from the query in its reason (property)', () => {
		fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (code, state, extra) => {
			const search = `?code=SENTINEL${encodeURIComponent(code)}&state=${encodeURIComponent(state)}SENTINEL&x=${encodeURIComponent(extra)}`;
			const result = relay.buildForwardUrl(search, 'https://base.example');
			if (!result.ok) {
				assert.ok(!result.reason.includes('SENTINEL'));
			}
		}), { numRuns: 1000 });
	});
});

/** A page for run(): records what it does, and throws on anything the test did not give it. */
function fakePage(options: { search: string; metaBases?: string[]; framed?: boolean | 'throws' }): {
	page: RelayWindow;
	navigations: string[];
	elements: Record<'status' | 'open' | 'paste' | 'address' | 'copy', Record<string, unknown>>;
	historyReplaced: string[];
} {
	const navigations: string[] = [];
	const historyReplaced: string[] = [];
	const elements = {
		status: { textContent: '' },
		open: { hidden: true, href: '' },
		paste: { hidden: true },
		address: { value: '', focus: () => undefined, select: () => undefined },
		copy: { textContent: 'Copy', listeners: [] as unknown[], addEventListener(type: string, listener: unknown) {
			this.listeners.push([type, listener]);
		} },
	};
	const self = {};
	const page: RelayWindow = {
		get top() {
			if (options.framed === 'throws') {
				throw new Error('SecurityError: cross-origin frame');
			}
			return options.framed ? {} : self;
		},
		self,
		location: {
			href: `https://relay.example/relay.html${options.search}`,
			search: options.search,
			pathname: '/relay.html',
			replace: (url: string) => {
				navigations.push(url);
			},
		},
		history: { replaceState: (_data, _unused, url) => {
			historyReplaced.push(url);
		} },
		navigator: {},
		document: {
			getElementById: (id: string) => {
				if (!(id in elements)) {
					throw new Error(`unexpected element #${id}`);
				}
				return elements[id as keyof typeof elements];
			},
			querySelectorAll: (selector: string) => {
				assert.equal(selector, 'meta[name="lwa-editor-base"]');
				return (options.metaBases ?? []).map((content) => ({ getAttribute: (name: string) => (name === 'content' ? content : null) }));
			},
		},
	};
	return { page, navigations, elements, historyReplaced };
}

describe('relay page: run()', () => {
	it('navigates to the editor, shows the link and strips the code from the history', () => {
		const { page, navigations, elements, historyReplaced } = fakePage({ search: redirect(`${NONCE}.vscode`) });
		relay.run(page);
		assert.equal(navigations.length, 1);
		assert.ok(navigations[0].startsWith(`vscode://${AUTHORITY}/callback?code=`));
		assert.equal(elements.open.href, navigations[0]);
		assert.equal(elements.open.hidden, false);
		assert.equal(elements.paste.hidden, true);
		assert.deepEqual(historyReplaced, ['/relay.html']);
	});

	it('forwards to a browser-hosted editor named by the page\'s one meta tag', () => {
		const { page, navigations } = fakePage({ search: redirect(`${NONCE}.web-code-oss.4.${SEGMENT}`), metaBases: [CODE_SERVER_BASE] });
		relay.run(page);
		assert.ok(navigations[0]?.startsWith(`${CODE_SERVER_BASE}/${SEGMENT}/callback?vscode-reqid=4&`));
	});

	it('refuses a browser-hosted editor when the page has several meta tags, with no link and no navigation', () => {
		const { page, navigations, elements } = fakePage({ search: redirect(`${NONCE}.web-code-oss.4`), metaBases: [CODE_SERVER_BASE, 'https://evil.example'] });
		relay.run(page);
		assert.deepEqual(navigations, []);
		assert.equal(elements.open.href, '');
		assert.equal(elements.open.hidden, true);
		assert.equal(elements.paste.hidden, false);
	});

	it('shows the address as it arrived, with a Copy button, when it refuses a redirect that carries a code', () => {
		const { page, navigations, elements, historyReplaced } = fakePage({ search: redirect(`${NONCE}.${base64url('https://evil.example/callback')}`) });
		relay.run(page);
		assert.deepEqual(navigations, []);
		assert.equal(elements.open.href, '');
		assert.equal(elements.open.hidden, true);
		assert.equal(elements.paste.hidden, false);
		assert.equal(elements.address.value, `https://relay.example/relay.html${redirect(`${NONCE}.${base64url('https://evil.example/callback')}`)}`);
		assert.equal((elements.copy.listeners as unknown[]).length, 1);
		assert.match(String(elements.status.textContent), /LWA: Complete Sign-In/);
		assert.deepEqual(historyReplaced, ['/relay.html']);
	});

	it('offers nothing to paste when the redirect carries no code', () => {
		const { page, navigations, elements } = fakePage({ search: query({ error: 'access_denied', state: 'attacker' }) });
		relay.run(page);
		assert.deepEqual(navigations, []);
		assert.equal(elements.paste.hidden, true);
		assert.equal(elements.address.value, '');
		assert.match(String(elements.status.textContent), /Start the sign-in again/);
	});

	for (const framed of [true, 'throws'] as const) {
		it(`does nothing but say so when framed${framed === 'throws' ? ' (the top window cannot be read)' : ''}`, () => {
			const { page, navigations, elements, historyReplaced } = fakePage({ search: redirect(`${NONCE}.vscode`), framed });
			relay.run(page);
			assert.deepEqual(navigations, []);
			assert.deepEqual(historyReplaced, []);
			assert.equal(elements.open.hidden, true);
			assert.equal(elements.paste.hidden, true);
			assert.equal(elements.address.value, '');
			assert.match(String(elements.status.textContent), /inside another page/);
			assert.ok(!String(elements.status.textContent).includes(CODE));
		});
	}
});

describe('relay page: the published files', () => {
	const html = fs.readFileSync(path.join(MEDIA_DIR, 'relay.html'), 'utf8');

	it('loads only its own script under a strict Content-Security-Policy', () => {
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		assert.match(csp, /default-src 'none'/);
		assert.match(csp, /script-src 'self'/);
		assert.match(csp, /form-action 'none'/);
		assert.match(csp, /base-uri 'none'/);
		assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
		assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
		assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no external resources');
		assert.match(html, /<meta name="referrer" content="no-referrer">/);
	});

	it('has no lwa-editor-base meta tag, so the published copy never forwards to a browser-hosted editor', () => {
		const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
		assert.doesNotMatch(withoutComments, /lwa-editor-base/);
	});

	it('has the elements run() uses, the link and the paste box hidden until needed', () => {
		assert.match(html, /<p id="status">/);
		assert.match(html, /<a id="open" hidden>/);
		assert.match(html, /<div id="paste" hidden>/);
		assert.match(html, /<input id="address" type="text" readonly/);
		assert.match(html, /<button id="copy" type="button">/);
	});
});
