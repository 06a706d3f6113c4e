// Behind a corporate network, in the real extension host: VS Code's http.proxy names a real forward
// proxy (proxy-chain) that wants Basic credentials (given in the URL), and LWA is an emulator served
// over HTTPS as lwa.corp.test, a name only the proxy resolves, with a certificate from a test CA
// that only this extension host's system store holds (the harness points SSL_CERT_FILE at it). A
// sign-in and a refresh succeed only if the extension tunnels through the proxy, authenticates and
// trusts the system store; the proxy's own log shows the tunnels.
import * as assert from 'node:assert/strict';
import type * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as vscode from 'vscode';
import type { HttpsFront, TestCa, TestProxy } from '../harness/corporateNetwork';
import { CORP_DOMAIN, CORPORATE_CA_NAME, readTestCa, startHttpsFront, startTestProxy } from '../harness/corporateNetwork';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TokenSummary } from './support/lwaTestKit';
import { emulatorProfile, extensionApi, freePort, setProfiles, startEmulator, startSignIn } from './support/lwaTestKit';

const PROXY_USER = 'corp\\builder';
const PROXY_PASSWORD = `pw:${Math.random().toString(36).slice(2)}@%`;

/** The browser's part of the consent: a GET of an https://*.corp.test URL, trusting the test CA, resolving the name to loopback. */
function browserGet(url: string, ca: TestCa): Promise<{ status: number; location?: string }> {
	return new Promise((resolve, reject) => {
		const request = https.get(url, {
			ca: ca.caPem,
			lookup: ((_host: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4))) as unknown as typeof dns.lookup,
		}, (response) => {
			response.resume();
			resolve({ status: response.statusCode ?? 0, ...(response.headers.location ? { location: response.headers.location } : {}) });
		});
		request.on('error', reject);
	});
}

function loopbackGet(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		http.get(url, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		}).on('error', reject);
	});
}

async function setHttpSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Behind a corporate proxy with a TLS-inspecting CA', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let ca: TestCa;
	let front: HttpsFront;
	let proxy: TestProxy;

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		const caDir = process.env.LWA_TEST_CORP_CA_DIR;
		assert.ok(caDir, 'the harness made the run\'s test CA (LWA_TEST_CORP_CA_DIR)');
		ca = readTestCa(caDir, CORPORATE_CA_NAME);
		emulator = await startEmulator();
		front = await startHttpsFront(ca, Number(new URL(emulator.url).port));
		proxy = await startTestProxy({ credentials: { user: PROXY_USER, password: PROXY_PASSWORD } });
		await setHttpSetting('proxy', `http://${encodeURIComponent(PROXY_USER)}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${proxy.port}`);
		await setHttpSetting('proxyStrictSSL', true);
		await setHttpSetting('systemCertificates', true);
	});

	suiteTeardown(async () => {
		await setHttpSetting('proxy', undefined);
		await setHttpSetting('proxyStrictSSL', undefined);
		await setHttpSetting('systemCertificates', undefined);
		await setProfiles([]);
		await proxy?.close();
		await front?.close();
		await emulator?.close();
	});

	test('signs in and refreshes through the authenticating proxy to an HTTPS LWA whose CA only the system store holds; the proxy log shows the tunnels', async () => {
		const port = await freePort();
		const profile = emulatorProfile(emulator, { name: 'corp-proxy', redirectUri: `http://127.0.0.1:${port}/callback` });
		const endpoints = profile.raw.endpoints as Record<string, string>;
		for (const [name, url] of Object.entries(endpoints)) {
			endpoints[name] = url.replace(emulator.url, front.origin());
		}
		const added = await vscode.commands.executeCommand<{ profile: string } | undefined>('lwa.addProfile', { profile: profile.raw, clientSecret: profile.clientSecret });
		assert.deepEqual(added, { profile: profile.name });

		const { result, authorizationUrl } = await startSignIn(testing, profile.name);
		assert.ok(authorizationUrl.startsWith(`${front.origin()}/`), 'the consent page is the HTTPS LWA behind the proxy');
		const consent = await browserGet(authorizationUrl, ca);
		assert.ok(consent.status === 302 && consent.location, `the emulator redirects after consent (status ${consent.status})`);
		assert.equal(await loopbackGet(consent.location), 200, 'the loopback listener answers the redirect');
		const signedIn = await result;
		assert.ok(signedIn, 'lwa.signIn resolved with a summary');

		const refreshed = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: profile.name });
		assert.ok(refreshed && refreshed.expiresAt >= signedIn.expiresAt, 'lwa.refresh resolved with a new token');

		// The proxy's own log, printed as evidence (targets and verdicts only, never a credential).
		console.log(`    proxy log:\n${proxy.log.map((line) => `      ${line}`).join('\n')}`);
		const target = `lwa.${CORP_DOMAIN}:${front.port}`;
		assert.ok(proxy.log.length >= 1, 'the proxy saw at least one tunnel');
		assert.deepEqual(new Set(proxy.log), new Set([`CONNECT ${target} 200 tunnel opened (authenticated)`]), 'every request to LWA went through an authenticated tunnel to it, with no refusal');
		assert.deepEqual(emulator.stats.byGrant, { authorization_code: 1, refresh_token: 1 }, 'LWA got the code exchange and the refresh');
		assert.ok(front.connections >= 1, 'the HTTPS front served them');
	});
});
