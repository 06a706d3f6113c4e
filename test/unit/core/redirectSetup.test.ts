import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { RedirectFindingCode, RedirectSetup } from '../../../src/core/redirectSetup';
import { PUBLISHED_RELAY_PAGE_URL } from '../../../src/core/lwa/relayRoute';
import { analyzeRedirectSetup, editorBaseMetaTag } from '../../../src/core/redirectSetup';

function analyze(redirectUri: string): RedirectSetup {
	return analyzeRedirectSetup({ name: 'p', grant: 'authorization_code', redirectUri });
}

function codes(setup: RedirectSetup): RedirectFindingCode[] {
	return setup.findings.map((finding) => finding.code);
}

describe('redirect setup analysis', () => {
	it('tells a loopback profile to register its exact URI and names the port, path and the other host', () => {
		const setup = analyze('http://127.0.0.1:53682/lwa/callback');
		assert.equal(setup.way, 'loopback');
		assert.deepEqual(setup.allowedReturnUrls.map((entry) => entry.url), ['http://127.0.0.1:53682/lwa/callback']);
		assert.equal(setup.allowedReturnUrls[0].kind, 'loopback');
		assert.deepEqual(setup.loopback, { hostname: '127.0.0.1', port: 53682, path: '/lwa/callback', otherHostEntry: 'http://localhost:53682/lwa/callback' });
		assert.deepEqual(codes(setup), ['localhost_vs_127']);
		assert.deepEqual(setup.findings[0].facts, { host: '127.0.0.1', uri: 'http://127.0.0.1:53682/lwa/callback', otherHostEntry: 'http://localhost:53682/lwa/callback' });
		assert.equal(setup.problem, undefined);
	});

	it('names 127.0.0.1 as the different entry for a localhost profile', () => {
		const setup = analyze('http://localhost:9090/cb');
		assert.equal(setup.loopback?.otherHostEntry, 'http://127.0.0.1:9090/cb');
		assert.equal(setup.findings[0].severity, 'info');
	});

	it('tells a relay profile to register the hosted relay page and how to host it', () => {
		const setup = analyze('https://example.com/lwa/relay.html');
		assert.equal(setup.way, 'relay');
		assert.deepEqual(setup.allowedReturnUrls.map((entry) => entry.url), ['https://example.com/lwa/relay.html']);
		assert.equal(setup.relay?.pageUrl, 'https://example.com/lwa/relay.html');
		assert.equal(setup.relay?.servedAt, 'https://example.com/lwa/relay.html');
		assert.deepEqual([setup.relay?.published, setup.relay?.browserEditor, setup.allowedReturnUrls[0].kind], [false, false, 'hosted_relay']);
		assert.deepEqual(codes(setup), []);
	});

	it('offers the published relay page as one Allowed Return URL with nothing to host', () => {
		const setup = analyze(PUBLISHED_RELAY_PAGE_URL);
		assert.equal(setup.way, 'relay');
		assert.deepEqual(setup.allowedReturnUrls.map((entry) => entry.url), [PUBLISHED_RELAY_PAGE_URL]);
		assert.equal(setup.relay?.published, true);
		assert.equal(setup.allowedReturnUrls[0].kind, 'published_relay');
		assert.equal(setup.relay?.editorBaseMetaTag, undefined);
		assert.deepEqual(codes(setup), []);
	});

	it('warns that the published relay page returns to desktop editors only, and shows the line for an own copy, in a browser-hosted editor', () => {
		const setup = analyzeRedirectSetup({ name: 'p', grant: 'authorization_code', redirectUri: PUBLISHED_RELAY_PAGE_URL, browserEditor: { editorBase: 'https://code.example.com' } });
		assert.deepEqual(codes(setup), ['published_relay_browser_editor']);
		assert.equal(setup.relay?.editorBaseMetaTag, '<meta name="lwa-editor-base" content="https://code.example.com">');
		assert.equal(setup.relay?.browserEditor, true);
	});

	it('tells the host of an own relay page the exact meta tag line for this browser-hosted editor', () => {
		const setup = analyzeRedirectSetup({ name: 'p', grant: 'authorization_code', redirectUri: 'https://example.com/lwa/relay.html', browserEditor: { editorBase: 'http://127.0.0.1:8080' } });
		assert.deepEqual(codes(setup), []);
		assert.equal(setup.relay?.published, false);
		assert.equal(setup.relay?.editorBaseMetaTag, editorBaseMetaTag('http://127.0.0.1:8080'));
	});

	it('warns that only paste works in a browser-hosted editor whose address no relay page can name', () => {
		const setup = analyzeRedirectSetup({ name: 'p', grant: 'authorization_code', redirectUri: 'https://example.com/lwa/relay.html', browserEditor: {} });
		assert.deepEqual(codes(setup), ['relay_browser_editor_unknown']);
		assert.equal(setup.relay?.editorBaseMetaTag, undefined);
	});

	it('needs nothing registered for a client credentials profile', () => {
		const setup = analyzeRedirectSetup({ name: 'grantless', grant: 'client_credentials', redirectUri: '' });
		assert.equal(setup.way, 'none');
		assert.deepEqual(setup.allowedReturnUrls, []);
		assert.deepEqual(setup.findings, []);
		assert.equal(setup.relay, undefined);
		assert.equal(setup.loopback, undefined);
	});

	it('says why no way back works: no redirect URI, one that does not parse, one nothing can serve', () => {
		assert.deepEqual([analyze('').problem, codes(analyze(''))], ['missing', ['missing_redirect_uri']]);
		assert.deepEqual([analyze('not a url').problem, codes(analyze('not a url'))], ['unreadable', ['not_a_url']]);
		assert.deepEqual([analyze('vscode://localhost:1/x').problem, codes(analyze('vscode://localhost:1/x'))], ['unservable', ['unsupported_scheme', 'privileged_port']]);
		assert.deepEqual(analyze('vscode://localhost:1/x').findings[0].facts, { scheme: 'vscode:' });
	});

	it('calls http on a non-loopback host an error', () => {
		const setup = analyze('http://example.com/callback');
		assert.deepEqual(codes(setup), ['http_not_loopback']);
		assert.equal(setup.findings[0].severity, 'error');
	});

	it('calls a loopback URI without an explicit port an error, and :80 written out is explicit', () => {
		assert.ok(codes(analyze('http://127.0.0.1/cb')).includes('loopback_without_port'));
		assert.ok(codes(analyze('http://localhost/cb')).includes('loopback_without_port'));
		assert.ok(!codes(analyze('http://127.0.0.1:80/cb')).includes('loopback_without_port'));
		assert.ok(codes(analyze('http://127.0.0.1:80/cb')).includes('privileged_port'));
	});

	it('warns that a query string must be registered exactly, query included', () => {
		const setup = analyze('https://example.com/r?close');
		assert.deepEqual(codes(setup), ['query_string']);
		assert.deepEqual(setup.findings[0].facts, { query: '?close' });
		assert.equal(analyze('http://127.0.0.1:4000/cb?x=1').loopback?.query, '?x=1');
	});

	it('warns about a trailing slash and names the entry that would not match', () => {
		const setup = analyze('https://example.com/lwa/callback/');
		assert.deepEqual(codes(setup), ['trailing_slash']);
		assert.deepEqual(setup.findings[0].facts, { uri: 'https://example.com/lwa/callback/', uriWithoutSlash: 'https://example.com/lwa/callback' });
	});

	it('warns about a redirect URI without a path, since the one with "/" is a different entry', () => {
		const setup = analyze('http://127.0.0.1:53682');
		assert.ok(codes(setup).includes('no_path'));
		assert.equal(setup.allowedReturnUrls[0].url, 'http://127.0.0.1:53682', 'the entry is the URI exactly as written');
		assert.ok(!codes(analyze('https://example.com/')).includes('no_path'));
		assert.ok(!codes(analyze('https://example.com/')).includes('trailing_slash'), 'a bare "/" path is not a trailing slash');
	});

	it('refuses https on loopback, custom schemes, fragments and credentials', () => {
		assert.ok(codes(analyze('https://127.0.0.1:8443/cb')).includes('https_loopback'));
		assert.ok(codes(analyze('vscode://lwa-tools.lwa-credentials/callback')).includes('unsupported_scheme'));
		assert.ok(codes(analyze('https://example.com/cb#x')).includes('fragment'));
		assert.ok(codes(analyze('https://user:pw@example.com/cb')).includes('credentials_in_url'));
	});

	it('reports a missing or unreadable redirect URI without throwing', () => {
		assert.deepEqual(codes(analyze('')), ['missing_redirect_uri']);
		assert.deepEqual(codes(analyze('not a url')), ['not_a_url']);
		assert.deepEqual(analyze('not a url').allowedReturnUrls, []);
	});

	it('lists errors before warnings before notes', () => {
		const setup = analyze('http://localhost/cb/?a=1');
		const severities = setup.findings.map((finding) => finding.severity);
		assert.deepEqual(severities, [...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
		assert.equal(severities[0], 'error');
	});

	it('never throws and always registers the redirect URI as written when it is a URL', () => {
		fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (uri) => {
			const setup = analyze(uri);
			if (setup.allowedReturnUrls.length > 0) {
				assert.equal(setup.allowedReturnUrls[0].url, uri.trim());
			}
			for (const finding of setup.findings) {
				assert.ok(!Object.values(finding.facts).some((value) => value === undefined), 'facts hold values only');
			}
		}));
	});
});
