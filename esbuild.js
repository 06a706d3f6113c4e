// Bundles the extension into dist/.
//
// Five entry points, so activation loads only what it needs and the .vsix holds no test code:
//   dist/extension.js         what VS Code loads at activation: status bar, Profiles view, sessions;
//   dist/features.js          every command, the sign-in flow and the token client, required on first use;
//   dist/undiciHttpClient.js  undici (about 0.5 MB, ~90 ms to load), required on the first HTTP request;
//   dist/awsSecrets.js        the AWS SDK's Secrets Manager client, required when a team profile is first used;
//   dist/lwaToken.js          the terminal helper `lwa-token` runs (bin/lwa-token): no vscode, starts fast;
//   dist/testing.js           the integration tests' hooks, required in ExtensionMode.Test only. A bundle
//                             of its own rather than a branch of extension.js, so that no test code ships:
//                             .vscodeignore leaves it out of the .vsix, and test/package checks that the
//                             other bundles hold none of it.
// The code requires the later three by relative paths ('./features.js', './undiciHttpClient.js',
// './testing.js'), which the lazy-chunk plugin marks external so that they are resolved at run time,
// next to each other.
// Code shared by two bundles is in both (CommonJS output has no shared chunks); nothing in it keeps
// module-level state, and LwaError is recognised across copies by a registry-symbol brand.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the shape of VS Code's esbuild problem matcher. */
const problemMatcherPlugin = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

/** Keeps `require('./features.js')`, `require('./undiciHttpClient.js')` and `require('./testing.js')` run-time requires of sibling bundles. */
const lazyChunkPlugin = {
	name: 'lazy-chunk',
	setup(build) {
		build.onResolve({ filter: /^\.\/(features|undiciHttpClient|awsSecrets|testing)\.js$/ }, (args) => ({ path: args.path, external: true }));
	},
};

async function main() {
	if (!watch) {
		// A production build must not leave a development build's source maps behind.
		require('node:fs').rmSync('dist', { recursive: true, force: true });
	}
	const context = await esbuild.context({
		entryPoints: {
			extension: 'src/extension.ts',
			features: 'src/vscode/features.ts',
			undiciHttpClient: 'src/core/http/undiciHttpClient.ts',
			awsSecrets: 'src/core/teams/awsSecretsClient.ts',
			testing: 'src/testing/testingApi.ts',
			// lwa-token's helper, started by bin/lwa-token in terminals: node:net and the protocol only.
			lwaToken: 'src/core/terminal/lwaTokenMain.ts',
		},
		bundle: true,
		format: 'cjs',
		platform: 'node',
		// VS Code 1.101 runs extensions on Node 22 (Electron 35).
		target: 'node22',
		minify: production,
		sourcemap: production ? false : 'linked',
		sourcesContent: false,
		outdir: 'dist',
		external: ['vscode'],
		logLevel: 'silent',
		logOverride: { 'import-is-undefined': 'error' },
		plugins: [lazyChunkPlugin, problemMatcherPlugin],
	});
	if (watch) {
		await context.watch();
	} else {
		await context.rebuild();
		await context.dispose();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
