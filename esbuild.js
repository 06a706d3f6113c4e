// Bundles the extension into dist/.
//
// Two entry points: dist/extension.js is what VS Code loads at activation; dist/undiciHttpClient.js
// holds undici (about 0.5 MB, ~90 ms to load) and is required lazily on the first HTTP request, so
// activation never pays for it. The extension requires it by the relative path './undiciHttpClient.js',
// which the lazy-chunk plugin marks external so that it is resolved at run time, next to extension.js.
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

/** Keeps `require('./undiciHttpClient.js')` as a run-time require of the sibling bundle. */
const lazyChunkPlugin = {
	name: 'lazy-chunk',
	setup(build) {
		build.onResolve({ filter: /^\.\/undiciHttpClient\.js$/ }, (args) => ({ path: args.path, external: true }));
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
			undiciHttpClient: 'src/core/http/undiciHttpClient.ts',
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
