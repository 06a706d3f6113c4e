// The relay page's forwarding logic (media/relay.js), loaded as the browser would run it but from
// Node: the targets it builds and the ones it refuses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface RelayModule {
	EDITOR_SCHEMES: string[];
	decodeState(state: string): { nonce: string; target: string } | undefined;
	buildForwardUrl(search: string): { ok: true; url: string } | { ok: false; reason: string };
}

const mediaDir = path.join(__dirname, '..', '..', '..', 'media');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const relay = require(path.join(mediaDir, 'relay.js')) as RelayModule;

const NONCE = 'n0nce_-AbC';

function stateFor(target: string): string {
	return `${NONCE}.${Buffer.from(target, 'utf8').toString('base64url')}`;
}

function query(params: Record<string, string>): string {
	return `?${new URLSearchParams(params).toString()}`;
}

function forward(target: string, extra: Record<string, string> = {}): { ok: true; url: string } | { ok: false; reason: string } {
	return relay.buildForwardUrl(query({ code: 'ANcode123', scope: 'profile postal_code', state: stateFor(target), ...extra }));
}

suite('Relay page', () => {
	test('forwards code, state and scope to a desktop editor callback', () => {
		const target = `vscode://lwa-tools.lwa-credentials/callback?nonce=${NONCE}`;
		const result = forward(target);
		assert.ok(result.ok);
		const url = new URL(result.url);
		assert.equal(url.protocol, 'vscode:');
		assert.equal(url.host, 'lwa-tools.lwa-credentials');
		assert.equal(url.pathname, '/callback');
		assert.equal(url.searchParams.get('nonce'), NONCE);
		assert.equal(url.searchParams.get('code'), 'ANcode123');
		assert.equal(url.searchParams.get('scope'), 'profile postal_code');
		assert.equal(url.searchParams.get('state'), stateFor(target));
	});

	test('forwards an error redirect with its description', () => {
		const result = relay.buildForwardUrl(query({ error: 'access_denied', error_description: 'The user denied the request.', state: stateFor('vscode-insiders://lwa-tools.lwa-credentials/callback') }));
		assert.ok(result.ok);
		const url = new URL(result.url);
		assert.equal(url.searchParams.get('error'), 'access_denied');
		assert.equal(url.searchParams.get('error_description'), 'The user denied the request.');
		assert.equal(url.searchParams.get('code'), null);
	});

	test('merges the parameters into vscode-query for a browser-hosted editor', () => {
		const inner = new URLSearchParams({ nonce: NONCE }).toString();
		const target = `http://127.0.0.1:8080/stable-abc123/callback?vscode-reqid=7&vscode-scheme=code-oss&vscode-authority=lwa-tools.lwa-credentials&vscode-path=%2Fcallback&vscode-query=${encodeURIComponent(inner)}`;
		const result = forward(target);
		assert.ok(result.ok);
		const url = new URL(result.url);
		assert.equal(url.pathname, '/stable-abc123/callback');
		assert.equal(url.searchParams.get('vscode-reqid'), '7');
		assert.equal(url.searchParams.get('vscode-scheme'), 'code-oss');
		assert.equal(url.searchParams.get('code'), null, 'no separate code parameter: the workbench would drop it');
		const merged = new URLSearchParams(url.searchParams.get('vscode-query') ?? '');
		assert.equal(merged.get('nonce'), NONCE);
		assert.equal(merged.get('code'), 'ANcode123');
		assert.equal(merged.get('state'), stateFor(target));
		assert.equal(merged.get('scope'), 'profile postal_code');
	});

	test('forwards to a plain https callback by appending the parameters', () => {
		const result = forward('https://editor.example.com/callback?x=1');
		assert.ok(result.ok);
		const url = new URL(result.url);
		assert.equal(url.searchParams.get('x'), '1');
		assert.equal(url.searchParams.get('code'), 'ANcode123');
	});

	test('refuses targets that are not the extension\'s callback', () => {
		const refused = [
			'javascript:alert(1)//callback',
			'data:text/html,<script>alert(1)</script>/callback',
			'file:///etc/callback',
			'https://evil.example.com/steal',
			'vscode://some.other-extension/callback',
			'vscode://lwa-tools.lwa-credentials/other',
			'https://user:pass@editor.example.com/callback',
			'http://127.0.0.1:8080/stable-1/callback?vscode-scheme=code-oss&vscode-authority=other.extension&vscode-path=%2Fcallback',
			'not a url',
		];
		for (const target of refused) {
			const result = forward(target);
			assert.equal(result.ok, false, `refuses ${target}`);
		}
	});

	test('refuses a redirect without a state carrying a target, or with repeated parameters', () => {
		assert.equal(relay.buildForwardUrl(query({ code: 'ANcode123' })).ok, false);
		assert.equal(relay.buildForwardUrl(query({ code: 'ANcode123', state: NONCE })).ok, false);
		assert.equal(relay.buildForwardUrl(`?code=a&code=b&state=${stateFor('vscode://lwa-tools.lwa-credentials/callback')}`).ok, false);
	});

	test('the refusal reason never repeats values from the query', () => {
		const result = forward('https://evil.example.com/steal');
		assert.ok(!result.ok);
		assert.ok(!result.reason.includes('ANcode123') && !result.reason.includes('evil.example.com'));
	});

	test('the page loads only its own script under a strict Content-Security-Policy', () => {
		const html = fs.readFileSync(path.join(mediaDir, 'relay.html'), 'utf8');
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		assert.match(csp, /default-src 'none'/);
		assert.match(csp, /script-src 'self'/);
		assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
		assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
		assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no external resources');
		assert.match(html, /<meta name="referrer" content="no-referrer">/);
	});
});
