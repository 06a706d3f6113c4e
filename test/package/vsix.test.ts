// Checks what the packaged extension holds: only the bundles, media, manifest and documents ship.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { listZipEntries, readZipEntries } from './zip';

const vsix = path.resolve(__dirname, '..', '..', '..', 'dist-vsix', 'lwa-credentials.vsix');

/** Everything that may ship; anything else in the .vsix is a packaging mistake. */
const ALLOWED = [
	/^extension\.vsixmanifest$/,
	/^\[Content_Types\]\.xml$/,
	/^extension\/package\.json$/,
	/^extension\/(readme|changelog)\.md$/i,
	/^extension\/LICENSE(\.txt)?$/,
	/^extension\/dist\/(extension|features|undiciHttpClient|awsSecrets|lwaToken)\.js$/,
	/^extension\/bin\/lwa-token(\.cmd)?$/,
	/^extension\/media\/[\w./-]+\.(png|svg|html|js|css|md)$/,
	/^extension\/package\.nls(\.[\w-]+)?\.json$/,
	/^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];

/** Things that must never ship, named so a failure says what went wrong. */
const FORBIDDEN: [RegExp, string][] = [
	[/\.ts$/, 'TypeScript sources'],
	[/\.map$/, 'source maps'],
	[/(^|\/)node_modules\//, 'node_modules'],
	[/^extension\/(src|test|out|scripts)\//, 'sources, tests or compiled tests'],
	[/(^|\/)\.(cache|test-runs|vscode|git|ci)(\/|$)/, 'caches, run data or tooling folders'],
	[/\.vsix$/, 'a nested package'],
	[/^extension\/dist\/testing\.js$/, 'the integration tests\' hooks (dist/testing.js)'],
];

describe('The packaged .vsix', () => {
	const entries = listZipEntries(vsix);

	it('holds the activation bundle, the lazily loaded features, HTTP and AWS Secrets Manager bundles, the manifest and the icon', () => {
		for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/features.js', 'extension/dist/undiciHttpClient.js', 'extension/dist/awsSecrets.js', 'extension/media/icon.png']) {
			assert.ok(entries.includes(required), `${required} is missing; entries: ${entries.join(', ')}`);
		}
	});

	it('holds lwa-token: the wrappers, the POSIX one executable (VS Code keeps the mode when it installs), and the helper', () => {
		const byName = new Map(readZipEntries(vsix).map((entry) => [entry.name, entry.mode]));
		assert.ok(byName.has('extension/bin/lwa-token.cmd'), 'bin/lwa-token.cmd is missing');
		assert.ok(byName.has('extension/dist/lwaToken.js'), 'dist/lwaToken.js is missing');
		assert.equal((byName.get('extension/bin/lwa-token') ?? 0) & 0o111, 0o111, 'bin/lwa-token is missing or not executable');
	});

	it('the lwa-token helper loads no module but node:net: it starts in every $(lwa-token)', () => {
		const helper = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'dist', 'lwaToken.js'), 'utf8');
		const required = [...helper.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
		assert.deepStrictEqual([...new Set(required)], ['node:net']);
	});

	it('does not hold the test hooks\' bundle', () => {
		assert.ok(!entries.includes('extension/dist/testing.js'), 'dist/testing.js is in the .vsix');
	});

	it('holds nothing that should not ship', () => {
		const forbidden = entries.flatMap((entry) => FORBIDDEN.filter(([pattern]) => pattern.test(entry)).map(([, why]) => `${entry} (${why})`));
		assert.deepStrictEqual(forbidden, []);
		const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
		assert.deepStrictEqual(unexpected, [], 'entries outside the allowlist');
	});
});
