// The extension's side of the relay route: what it reads from the editor's external callback
// address, what it puts in `state`, and that the relay page (media/relay.js) reads the same thing.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { createAuthorizationRequest, decodeState, encodeState } from '../../../src/core/lwa/authorize';
import { createNonce } from '../../../src/core/lwa/pkce';
import type { RelayRoute } from '../../../src/core/lwa/relayRoute';
import {
	EDITOR_SCHEMES, EXTENSION_AUTHORITY, PUBLISHED_RELAY_PAGE_URL, parseEditorBase, readExternalCallbackUri, relayRouteFromExternalUri,
} from '../../../src/core/lwa/relayRoute';
import { relay } from './relayModule';

const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
const SEGMENT = `stable-${COMMIT}`;
const WEB_QUERY = (reqid: string, scheme = 'code-oss'): string =>
	`vscode-reqid=${reqid}&vscode-scheme=${scheme}&vscode-authority=lwa-tools.lwa-credentials&vscode-path=%2Fcallback`;

describe('relay route: one contract on both sides', () => {
	it('the extension and the relay page know the same editor schemes, in the same order', () => {
		assert.deepEqual([...relay.EDITOR_SCHEMES], [...EDITOR_SCHEMES]);
		assert.equal(relay.EXTENSION_AUTHORITY, EXTENSION_AUTHORITY);
	});

	it('the extension and the relay page accept and normalise the same editor bases (property)', () => {
		const corpus = [
			'https://code.example.com', 'https://code.example.com/', 'https://code.example.com/ide/', 'http://127.0.0.1:8080', 'http://localhost', 'http://[::1]:1',
			'https://a.example:443', 'https://A.example', 'https://user@a.example', 'https://a.example/%2e', 'https://a.example/./x', 'https://bücher.example', 'https://xn--bcher-kva.example',
			'https:\\\\a.example', 'https://a.example?', 'https://a.example#', 'http://127.1:8080', 'https://*.a.example', '', ' ',
		];
		for (const content of corpus) {
			assert.equal(parseEditorBase(content), relay.parseEditorBase(content), content);
		}
		fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string(), fc.string({ unit: 'binary' })), (content) => {
			assert.equal(parseEditorBase(content), relay.parseEditorBase(content));
		}), { numRuns: 2000 });
	});

	it('publishes the relay page under the project\'s GitHub Pages address', () => {
		assert.equal(PUBLISHED_RELAY_PAGE_URL, 'https://lwa-tools.github.io/lwa-credentials/relay.html');
	});
});

describe('relay route: encodeState and decodeState', () => {
	const routes: RelayRoute[] = [
		...EDITOR_SCHEMES.map((scheme) => ({ kind: scheme })),
		{ kind: 'web-code-oss', reqid: '1' },
		{ kind: 'web-code-oss', reqid: '123456789012345', segment: SEGMENT },
		{ kind: 'web-vscode', reqid: '42' },
	];

	it('a state with no route is the nonce alone, which the relay page does not forward', () => {
		const nonce = createNonce();
		assert.equal(encodeState(nonce), nonce);
		assert.deepEqual(decodeState(nonce), { nonce });
		assert.equal(relay.parseState(nonce), undefined);
	});

	it('round-trips every route, and the relay page reads the same route from the state', () => {
		for (const route of routes) {
			const nonce = createNonce();
			const state = encodeState(nonce, route);
			assert.deepEqual(decodeState(state), { nonce, relay: route });
			const parsed = relay.parseState(state);
			assert.ok(parsed, state);
			assert.equal(parsed.nonce, nonce);
			assert.equal(parsed.kind, route.kind);
			assert.equal(parsed.reqid, route.reqid);
			assert.equal(parsed.segment, route.segment);
		}
	});

	it('keeps the state well under 512 characters for the longest route', () => {
		const state = encodeState(createNonce(), { kind: 'web-vscodium-insiders', reqid: '999999999999999', segment: `insider-${COMMIT}` });
		assert.ok(state.length < 200, `${state.length}`);
	});

	it('refuses to encode a route the relay page would refuse', () => {
		const nonce = createNonce();
		const bad: RelayRoute[] = [
			{ kind: 'evil' }, { kind: 'VSCODE' }, { kind: 'vscode', reqid: '1' }, { kind: 'web-code-oss' }, { kind: 'web-code-oss', reqid: 'x' },
			{ kind: 'web-code-oss', reqid: '1', segment: 'proxy/8080' }, { kind: 'web-code-oss', reqid: '1&vscode-scheme=vscode' }, { kind: 'web-code-oss', reqid: '1', segment: '..' },
		];
		for (const route of bad) {
			assert.throws(() => encodeState(nonce, route), /encodeState/, JSON.stringify(route));
		}
		assert.throws(() => encodeState('short', { kind: 'vscode' }), /nonce/);
	});

	it('decodes only states that encodeState makes', () => {
		const nonce = createNonce();
		const refusedStates = [
			'', 'short', `${nonce}.`, `${nonce}.evil`, `${nonce}.vscode.1`, `${nonce}.web-code-oss`, `${nonce}.web-code-oss.1.proxy`, `${nonce}.web-code-oss.1.${SEGMENT}.x`,
			`${nonce}.${Buffer.from('vscode://lwa-tools.lwa-credentials/callback').toString('base64url')}`, `${nonce}.vscode${'a'.repeat(600)}`, 'ab cd'.repeat(5),
		];
		for (const state of refusedStates) {
			assert.equal(decodeState(state), undefined, state);
		}
	});

	it('agrees with the relay page on every state, valid or not (property)', () => {
		const part = fc.oneof(fc.constantFrom(...EDITOR_SCHEMES, 'web-code-oss', 'web-vscode', '7', SEGMENT, 'proxy', ''), fc.string());
		fc.assert(fc.property(fc.constantFrom(createNonce(), 'x'.repeat(16), 'short'), fc.array(part, { maxLength: 4 }), (nonce, parts) => {
			const state = [nonce, ...parts].join('.');
			const decoded = decodeState(state);
			const parsed = relay.parseState(state);
			if (parts.length === 0) {
				assert.equal(parsed, undefined);
				return;
			}
			assert.equal(decoded === undefined, parsed === undefined, state);
			if (decoded && parsed) {
				assert.deepEqual({ nonce: parsed.nonce, kind: parsed.kind, reqid: parsed.reqid, segment: parsed.segment }, { nonce: decoded.nonce, kind: decoded.relay?.kind, reqid: decoded.relay?.reqid, segment: decoded.relay?.segment });
			}
		}), { numRuns: 2000 });
	});

	it('puts the route into the authorization request\'s state', () => {
		const request = createAuthorizationRequest({
			authorizationEndpoint: 'https://www.amazon.com/ap/oa', clientId: 'c', scopes: ['profile'], redirectUri: PUBLISHED_RELAY_PAGE_URL, pkce: true,
			relay: { kind: 'web-code-oss', reqid: '3', segment: SEGMENT },
		});
		assert.equal(request.state, `${request.nonce}.web-code-oss.3.${SEGMENT}`);
		assert.equal(new URL(request.url).searchParams.get('state'), request.state);
	});
});

describe('relay route: reading the editor\'s external callback address', () => {
	const accepted: [string, string, ReturnType<typeof relayRouteFromExternalUri>][] = [
		['a desktop VS Code', 'vscode://lwa-tools.lwa-credentials/callback', { kind: 'vscode' }],
		['a desktop Cursor', 'cursor://lwa-tools.lwa-credentials/callback', { kind: 'cursor' }],
		['code-server (asExternalUri as measured)', `http://127.0.0.1:8080/${SEGMENT}/callback?${WEB_QUERY('1')}`, { kind: 'web-code-oss', reqid: '1', segment: SEGMENT, base: 'http://127.0.0.1:8080' }],
		['code-server with an empty vscode-query', `http://127.0.0.1:8080/${SEGMENT}/callback?${WEB_QUERY('2')}&vscode-query=`, { kind: 'web-code-oss', reqid: '2', segment: SEGMENT, base: 'http://127.0.0.1:8080' }],
		['code-server with vscode-path unencoded', `http://localhost:8080/${SEGMENT}/callback?vscode-reqid=3&vscode-scheme=code-oss&vscode-authority=lwa-tools.lwa-credentials&vscode-path=/callback`, { kind: 'web-code-oss', reqid: '3', segment: SEGMENT, base: 'http://localhost:8080' }],
		['code-server behind an https path prefix', `https://dev.example.com/code/${SEGMENT}/callback?${WEB_QUERY('9')}`, { kind: 'web-code-oss', reqid: '9', segment: SEGMENT, base: 'https://dev.example.com/code' }],
		['vscode.dev', `https://vscode.dev/callback?${WEB_QUERY('1', 'vscode')}`, { kind: 'web-vscode', reqid: '1', base: 'https://vscode.dev' }],
		['Codespaces', `https://fuzzy-space-abc123.github.dev/callback?${WEB_QUERY('4', 'vscode')}`, { kind: 'web-vscode', reqid: '4', base: 'https://fuzzy-space-abc123.github.dev' }],
	];
	for (const [name, external, route] of accepted) {
		it(`reads ${name}`, () => {
			assert.deepEqual(relayRouteFromExternalUri(external), route);
		});
	}

	const hostile: [string, string][] = [
		['a URI that does not parse', 'not a uri'],
		['an unknown desktop scheme', 'evil://lwa-tools.lwa-credentials/callback'],
		['another extension', 'vscode://evil.extension/callback'],
		['another path', 'vscode://lwa-tools.lwa-credentials/other'],
		['a desktop URI with a query', 'vscode://lwa-tools.lwa-credentials/callback?nonce=x'],
		['a desktop URI with a fragment', 'vscode://lwa-tools.lwa-credentials/callback#x'],
		['a web address for another extension', `http://127.0.0.1:8080/${SEGMENT}/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=evil.ext&vscode-path=%2Fcallback`],
		['a web address for another path', `http://127.0.0.1:8080/${SEGMENT}/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=lwa-tools.lwa-credentials&vscode-path=%2Fother`],
		['a web address with an unknown scheme', `http://127.0.0.1:8080/callback?${WEB_QUERY('1', 'evil')}`],
		['a web address with a scheme in capitals', `http://127.0.0.1:8080/callback?${WEB_QUERY('1', 'VSCODE')}`],
		['a web address without a request id', 'http://127.0.0.1:8080/callback?vscode-scheme=code-oss&vscode-authority=lwa-tools.lwa-credentials&vscode-path=%2Fcallback'],
		['a web address with a request id that is not a number', `http://127.0.0.1:8080/callback?${WEB_QUERY('1%26x%3Dy')}`],
		['a web address with a query to carry', `http://127.0.0.1:8080/callback?${WEB_QUERY('1')}&vscode-query=nonce%3Dx`],
		['a web address with a fragment to carry', `http://127.0.0.1:8080/callback?${WEB_QUERY('1')}&vscode-fragment=x`],
		['a web address with an extra parameter', `http://127.0.0.1:8080/callback?${WEB_QUERY('1')}&redirect=https%3A%2F%2Fevil.example`],
		['a web address with a repeated parameter', `http://127.0.0.1:8080/callback?${WEB_QUERY('1')}&vscode-reqid=2`],
		['a web address not ending in /callback', `http://127.0.0.1:8080/${SEGMENT}/other?${WEB_QUERY('1')}`],
		['a web address on http that is not loopback', `http://code.example.com:8080/callback?${WEB_QUERY('1')}`],
		['a web address on loopback without a port', `http://localhost/callback?${WEB_QUERY('1')}`],
		['a web address with userinfo', `https://user:pw@code.example.com/callback?${WEB_QUERY('1')}`],
		['a web address with a fragment', `https://code.example.com/callback?${WEB_QUERY('1')}#x`],
		['a web address with a percent-encoded path', `https://code.example.com/a%2Fb/callback?${WEB_QUERY('1')}`],
		['a web address with an empty path segment', `https://code.example.com//callback?${WEB_QUERY('1')}`],
		['a file URI', 'file:///callback'],
	];
	for (const [name, external] of hostile) {
		it(`refuses ${name}, with a reason that repeats no value`, () => {
			assert.equal(relayRouteFromExternalUri(external), undefined);
			const read = readExternalCallbackUri(external);
			assert.ok('problem' in read);
			assert.ok(!/evil|nonce=|pw|example/.test(read.problem), read.problem);
		});
	}

	it('reads code-server\'s port proxy path as part of the base, never as a segment', () => {
		assert.deepEqual(relayRouteFromExternalUri(`http://127.0.0.1:8080/proxy/8080/callback?${WEB_QUERY('1')}`), { kind: 'web-code-oss', reqid: '1', base: 'http://127.0.0.1:8080/proxy/8080' });
	});

	it('the relay page, set up with the base, forwards to exactly the address the editor gave (property)', () => {
		const arbitrary = fc.record({
			origin: fc.constantFrom('http://127.0.0.1:8080', 'http://localhost:31337', 'http://[::1]:9000', 'https://code.example.com', 'https://vscode.dev'),
			prefix: fc.constantFrom('', '/code', '/team/ide'),
			segment: fc.option(fc.stringMatching(/^(stable|insider|exploration)-[0-9a-f]{40}$/), { nil: undefined }),
			reqid: fc.stringMatching(/^[0-9]{1,15}$/),
			scheme: fc.constantFrom(...EDITOR_SCHEMES),
			code: fc.string({ minLength: 1 }),
		});
		fc.assert(fc.property(arbitrary, ({ origin, prefix, segment, reqid, scheme, code }) => {
			const external = `${origin}${prefix}${segment ? `/${segment}` : ''}/callback?${WEB_QUERY(reqid, scheme)}`;
			const route = relayRouteFromExternalUri(external);
			assert.ok(route?.base, external);
			const { base, ...stateRoute } = route;
			const state = encodeState(createNonce(), stateRoute);
			const forwarded = relay.buildForwardUrl(`?${new URLSearchParams({ code, state }).toString()}`, base);
			assert.ok(forwarded.ok, forwarded.ok ? '' : forwarded.reason);
			assert.equal(forwarded.url, `${external}&vscode-query=${encodeURIComponent(new URLSearchParams({ code, state }).toString())}`);
		}), { numRuns: 500 });
	});

	it('a desktop editor\'s route makes the relay page forward to that editor\'s callback URI', () => {
		for (const scheme of EDITOR_SCHEMES) {
			const external = `${scheme}://lwa-tools.lwa-credentials/callback`;
			const route = relayRouteFromExternalUri(external);
			assert.deepEqual(route, { kind: scheme });
			const state = encodeState(createNonce(), route);
			const forwarded = relay.buildForwardUrl(`?code=c&state=${state}`);
			assert.ok(forwarded.ok);
			assert.equal(forwarded.url, `${external}?code=c&state=${state}`);
		}
	});
});
