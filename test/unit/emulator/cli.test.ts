import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseProfiles } from '../../../src/core/profiles';
import { parseCliArguments } from '../../../src/emulator/cli';

// Compiled layout: out/test/unit/emulator/cli.test.js -> out/src/emulator/cli.js
const CLI = path.resolve(__dirname, '../../../src/emulator/cli.js');

interface Running { child: ChildProcess; firstLine: string; }

/** Spawns the CLI and resolves with its first stdout line. */
function startCli(args: string[]): Promise<Running> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => {
			output += chunk;
			const newline = output.indexOf('\n');
			if (newline !== -1) {
				resolve({ child, firstLine: output.slice(0, newline) });
			}
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the emulator exited early with code ${String(code)}`)));
	});
}

/** Spawns the auto-approving CLI with --profiles and resolves with everything it printed up to the end of the profiles' JSON. */
function startPrintingProfiles(): Promise<{ child: ChildProcess; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, '--port', '0', '--auto-approve', '--profiles'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => {
			output += chunk;
			if (/^\]$/m.test(output)) {
				resolve({ child, output });
			}
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the emulator exited early with code ${String(code)}`)));
	});
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
	}
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.once('error', reject);
		child.once('exit', (code) => resolve({ code, stderr }));
	});
}

describe('LWA emulator command line', function () {
	this.timeout(15_000);
	const started: ChildProcess[] = [];

	afterEach(() => {
		for (const child of started.splice(0)) {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		}
	});

	it('prints the listening line, serves LWA and stops cleanly on SIGTERM', async () => {
		const { child, firstLine } = await startCli(['--port', '0']);
		started.push(child);
		const match = /^LWA emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(firstLine);
		assert.ok(match, `unexpected first line: ${firstLine}`);
		assert.notEqual(match[2], '0');
		const tokeninfo = await fetch(`${match[1]}/auth/o2/tokeninfo?access_token=x`);
		assert.equal(tokeninfo.status, 400);
		assert.equal((await tokeninfo.json() as { error: string }).error, 'invalid_token');
		child.kill('SIGTERM');
		assert.deepEqual(await exitOf(child), { code: 0, signal: null });
	});

	it('auto-approves with --auto-approve and stops on SIGINT', async () => {
		const { child, firstLine } = await startCli(['--auto-approve', '--port=0']);
		started.push(child);
		const base = firstLine.replace('LWA emulator listening on ', '');
		const query = new URLSearchParams({
			client_id: 'amzn1.application-oa2-client.sandbox',
			redirect_uri: 'http://127.0.0.1:53682/lwa/callback',
			response_type: 'code',
			scope: 'profile',
		});
		const response = await fetch(`${base}/ap/oa?${query.toString()}`, { redirect: 'manual' });
		assert.equal(response.status, 302);
		assert.match(response.headers.get('location') ?? '', /[?&]code=/);
		child.kill('SIGINT');
		assert.deepEqual(await exitOf(child), { code: 0, signal: null });
	});

	it('with --profiles prints lwa.profiles entries the settings reader accepts, whose Data Portability Sandbox creates a query at the emulator', async () => {
		const { child, output } = await startPrintingProfiles();
		started.push(child);
		const base = /^LWA emulator listening on (\S+)$/m.exec(output)![1];
		const { profiles, problems } = parseProfiles(JSON.parse(output.slice(output.indexOf('\n[') + 1)));
		assert.deepEqual(problems, []);
		assert.deepEqual(profiles.map((profile) => profile.name), ['Sandbox', 'Ads Sandbox', 'Data Portability Sandbox', 'SP-API Sandbox']);
		const portability = profiles[2];
		assert.deepEqual(portability.scopes, ['portability::customer_profile']);
		assert.equal(portability.apiEndpoints.dataPortability, `${base}/intake.us-east-1.portability.data.amazon`);
		// Sign in as the profile would (auto-approved), then createDataQuery at its endpoints.dataPortability.
		const authorize = new URL(portability.endpoints.authorization);
		authorize.search = new URLSearchParams({ client_id: portability.clientId, response_type: 'code', scope: portability.scopes.join(' '), redirect_uri: portability.redirectUri, state: 's' }).toString();
		const consent = await fetch(authorize, { redirect: 'manual' });
		const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
		const token = await fetch(portability.endpoints.token, {
			method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: portability.redirectUri, client_id: portability.clientId, client_secret: 'sandbox-secret' }),
		});
		assert.equal(token.status, 200);
		const { access_token: accessToken } = await token.json() as { access_token: string };
		const created = await fetch(`${portability.apiEndpoints.dataPortability}/portability-customer-profile/data-queries`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
		assert.equal(created.status, 201);
		child.kill('SIGTERM');
		assert.deepEqual(await exitOf(child), { code: 0, signal: null });
	});

	it('with --profiles prints an SP-API Sandbox whose Seller Central consent, code exchange and token get 200 from marketplaceParticipations at the emulator', async () => {
		const { child, output } = await startPrintingProfiles();
		started.push(child);
		const base = /^LWA emulator listening on (\S+)$/m.exec(output)![1];
		const secret = /^SP-API sandbox client id: \S+; client secret "([^"]+)"/m.exec(output)?.[1];
		assert.ok(secret, 'the demo client secret the user sets is printed');
		const { profiles, problems } = parseProfiles(JSON.parse(output.slice(output.indexOf('\n[') + 1)));
		assert.deepEqual(problems, []);
		const sp = profiles.find((profile) => profile.name === 'SP-API Sandbox');
		assert.ok(sp, 'an SP-API Sandbox profile');
		assert.equal(sp.api, 'sp-api');
		assert.deepEqual({ ...sp.sellingPartner }, { applicationId: 'amzn1.sp.solution.00000000-0000-4000-8000-emulator0001', partnerType: 'seller', draft: true });
		assert.equal(sp.apiEndpoints.sellerCentral, `${base}/sellercentral`, 'consent at the emulator\'s Seller Central, so no real host is asked');
		assert.equal(sp.apiEndpoints.sellingPartnerApi, base);
		// Consent as the profile's sign-in asks it (a draft app: version=beta), auto-approved.
		const consentUrl = new URL(`${sp.apiEndpoints.sellerCentral}/apps/authorize/consent`);
		consentUrl.search = new URLSearchParams({ application_id: sp.sellingPartner?.applicationId ?? '', state: 's', version: 'beta', redirect_uri: sp.redirectUri }).toString();
		const consent = await fetch(consentUrl, { redirect: 'manual' });
		assert.equal(consent.status, 302);
		const redirect = new URL(consent.headers.get('location') ?? '');
		assert.equal(`${redirect.origin}${redirect.pathname}`, sp.redirectUri);
		const token = await fetch(sp.endpoints.token, {
			method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'authorization_code', code: redirect.searchParams.get('spapi_oauth_code') ?? '', redirect_uri: sp.redirectUri, client_id: sp.clientId, client_secret: secret }),
		});
		assert.equal(token.status, 200);
		const { access_token: accessToken } = await token.json() as { access_token: string };
		const participations = await fetch(`${sp.apiEndpoints.sellingPartnerApi}/sellers/v1/marketplaceParticipations`, { headers: { 'x-amz-access-token': accessToken } });
		assert.equal(participations.status, 200);
		child.kill('SIGTERM');
		assert.deepEqual(await exitOf(child), { code: 0, signal: null });
	});

	it('refuses a host that is not loopback', async () => {
		const { code, stderr } = await runToExit(['--host', '0.0.0.0']);
		assert.equal(code, 2);
		assert.match(stderr, /loopback/);
	});

	it('reports a port that is already in use', async () => {
		const { child, firstLine } = await startCli(['--port', '0']);
		started.push(child);
		const port = /:(\d+)$/.exec(firstLine)?.[1] ?? '';
		const { code, stderr } = await runToExit(['--port', port]);
		assert.equal(code, 1);
		assert.match(stderr, /already in use/);
	});

	describe('parseCliArguments', () => {
		it('defaults to port 0 on 127.0.0.1 without auto-approval', () => {
			assert.deepEqual(parseCliArguments([]), { port: 0, host: '127.0.0.1', autoApprove: false, profiles: false, help: false });
		});

		it('reads --port, --auto-approve and a loopback --host', () => {
			assert.deepEqual(parseCliArguments(['--port', '8123', '--auto-approve', '--host=localhost']), { port: 8123, host: 'localhost', autoApprove: true, profiles: false, help: false });
			assert.equal(parseCliArguments(['--profiles']).profiles, true);
			assert.equal(parseCliArguments(['--host', '[::1]']).host, '::1');
		});

		it('refuses bad ports, non-loopback hosts and unknown arguments', () => {
			assert.throws(() => parseCliArguments(['--port', 'abc']), /--port/);
			assert.throws(() => parseCliArguments(['--port', '70000']), /--port/);
			assert.throws(() => parseCliArguments(['--port']), /needs a value/);
			assert.throws(() => parseCliArguments(['--host', '192.168.1.2']), /loopback/);
			assert.throws(() => parseCliArguments(['--verbose']), /Unknown argument/);
		});
	});
});
