// The README's run command (`npm start`): a working sandbox with no Amazon account.
//
// Sets up (like the test command), builds and packages the extension, starts the LWA emulator,
// starts code-server with the extension installed and a "Sandbox" profile pointing at the emulator,
// prints the URL to open, and stops everything on Ctrl-C.
//
// Options: --port N (code-server's port, default 8484 or a free one), --no-setup (skip the set-up check).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const npmCli = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? process.env.npm_execpath : undefined;

function step(command, args) {
	const result = childProcess.spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`[start] ${[command, ...args].join(' ')} failed`);
		process.exit(1);
	}
}

function npmRun(script) {
	if (npmCli) {
		step(process.execPath, [npmCli, 'run', '--silent', script]);
	} else {
		step('npm', ['run', '--silent', script]);
	}
}

function argumentValue(name) {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
	if (!process.argv.includes('--no-setup')) {
		step(process.execPath, [path.join(root, 'scripts', 'setup.js')]);
	}
	console.log('[start] building and packaging the extension');
	npmRun('compile-tests');
	npmRun('package');

	// The harness modules are compiled with the tests; they know how to run code-server cleanly.
	const { startCodeServer, installExtension, killAllCodeServers } = require(path.join(root, 'out', 'test', 'harness', 'codeServer.js'));
	const { freePort } = require(path.join(root, 'out', 'test', 'harness', 'net.js'));
	const { LwaEmulator, SANDBOX_CLIENT, SANDBOX_SP_CLIENT } = require(path.join(root, 'out', 'src', 'emulator', 'lwaEmulator.js'));
	const { SANDBOX_DATA_PORTABILITY, sandboxProfiles } = require(path.join(root, 'out', 'src', 'emulator', 'sandboxProfiles.js'));

	const runDir = path.join(root, '.test-runs', 'start');
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });

	let emulator;
	let server;
	const stop = async (exitCode) => {
		await server?.stop().catch(() => undefined);
		await emulator?.close().catch(() => undefined);
		killAllCodeServers();
		process.exit(exitCode);
	};
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			console.log('\n[start] stopping code-server and the LWA emulator');
			void stop(0);
		});
	}

	emulator = await LwaEmulator.start({ port: 0, dataPortability: SANDBOX_DATA_PORTABILITY });
	await installExtension(runDir, path.join(root, 'dist-vsix', 'lwa-credentials.vsix'));
	// Sandbox (plain LWA), Ads Sandbox (the emulator's stand-ins for the NA consent, token and Ads API
	// hosts) and Data Portability Sandbox (portability::customer_profile, its intake at the emulator's
	// stand-in for intake.us-east-1): the same demo client; SP-API Sandbox: the emulator's draft SP-API
	// app and its own client. See src/emulator/sandboxProfiles.ts.
	const profiles = sandboxProfiles(emulator);
	const requestedPort = Number(argumentValue('--port') ?? process.env.PORT ?? 8484);
	const workspace = path.join(runDir, 'workspace');
	fs.mkdirSync(workspace, { recursive: true });
	server = await startCodeServer({
		runDir,
		testDriver: false,
		port: (await isPortFree(requestedPort)) ? requestedPort : await freePort(),
		userSettings: { 'lwa.profiles': profiles, 'lwa.activeProfile': 'Sandbox' },
	});
	const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
	console.log('');
	console.log('LWA Credentials is running.');
	console.log(`  Open:            ${url}`);
	console.log(`  LWA emulator:    ${emulator.url} (stands in for Amazon; its consent page has Allow and Deny)`);
	console.log('  Try it:          F1 -> "LWA: Sign In" -> Allow -> "LWA: Copy Access Token"');
	console.log(`  Sandbox profile: client id ${SANDBOX_CLIENT.clientId}; client secret "${SANDBOX_CLIENT.clientSecret}"`);
	console.log('                   (demo data of the emulator; set it with "LWA: Set Client Secret" to get refresh tokens)');
	console.log('  Ads Sandbox:     the same client as an Amazon Ads profile: "LWA: Sign In" -> "LWA: Choose Advertising Profile"');
	console.log('                   -> "LWA: Copy Access Token As…" -> Ads headers, or "LWA: New API Request"');
	console.log('  Data Portability Sandbox: portability::customer_profile at the emulator\'s intake: "LWA: Sign In" (pick it)');
	console.log('                   -> "LWA: Fetch Data Portability Records" -> a folder -> five records of 256 KiB after a few seconds');
	console.log(`  SP-API Sandbox:  a seller of the emulator's draft SP-API app: "LWA: Set Client Secret" with "${SANDBOX_SP_CLIENT.clientSecret}" (demo data)`);
	console.log('                   -> "LWA: Sign In" -> Confirm on the emulator\'s Seller Central -> "LWA: New API Request"');
	console.log('                   (GET /sellers/v1/marketplaceParticipations) or "LWA: Get Restricted Data Token"');
	console.log('  Stop:            Ctrl-C');
}

function isPortFree(port) {
	return new Promise((resolve) => {
		const probe = require('node:net').createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

main().catch((error) => {
	console.error(`[start] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
	process.exit(1);
});
