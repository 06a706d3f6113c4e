// Behind a corporate network, in the real extension host: VS Code's http.proxy names a real forward
// proxy (proxy-chain) that wants Basic credentials (given in the URL), and LWA is an emulator served
// over HTTPS as lwa.corp.test, a name only the proxy resolves, with a certificate from a test CA
// that only this extension host's system store holds (the harness points SSL_CERT_FILE at it). A
// sign-in and a refresh succeed only if the extension tunnels through the proxy, authenticates and
// trusts the system store; the proxy's own log shows the tunnels. What goes wrong on the way (a
// wrong proxy password, a CA no longer trusted) is reported once, with the setting that fixes it, and
// keeps the stored tokens; http.* values a workspace brings change nothing.
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
import { emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, setProfiles, setSetting, startEmulator, startSignIn, waitFor } from './support/lwaTestKit';

const PROXY_USER = 'corp\\builder';
const PROXY_PASSWORD = `pw:${Math.random().toString(36).slice(2)}@%`;
const WRONG_PROXY_PASSWORD = `wrong:${Math.random().toString(36).slice(2)}@%`;

function proxySetting(port: number, password: string): string {
	return `http://${encodeURIComponent(PROXY_USER)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
}

/** Every form in which a proxy password could be given away: as is, percent-encoded, and inside a Basic header. */
function passwordForms(password: string): string[] {
	return [password, encodeURIComponent(password), Buffer.from(`${PROXY_USER}:${password}`).toString('base64')];
}

/** Fails, without printing the text, when any notice or log line holds either proxy password. */
function assertNoProxyPassword(testing: LwaTestingApi): void {
	const texts = [...testing.notices().map((notice) => `${notice.text} ${notice.actions.join(' ')}`), ...testing.logLines()];
	const forms = [...passwordForms(PROXY_PASSWORD), ...passwordForms(WRONG_PROXY_PASSWORD)];
	const leaking = texts.filter((text) => forms.some((form) => text.includes(form))).length;
	assert.equal(leaking, 0, `${leaking} of ${texts.length} notices and log lines hold a proxy password (not shown)`);
}

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

/**
 * Changes a user-level http.* setting and returns once the extension host has been told (the HTTP
 * client holder rebuilds its client on that event, before this listener's promise resolves).
 */
async function changeHttpSetting(key: string, value: unknown): Promise<void> {
	if (JSON.stringify(vscode.workspace.getConfiguration('http').inspect(key)?.globalValue) === JSON.stringify(value)) {
		return;
	}
	const told = new Promise<void>((resolve) => {
		const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(`http.${key}`)) {
				subscription.dispose();
				resolve();
			}
		});
	});
	await setHttpSetting(key, value);
	await told;
}

/** Writes the workspace folder's .vscode/settings.json and returns once VS Code has read it (its editor.tabSize marker is seen). */
async function writeWorkspaceSettings(settings: Record<string, unknown> | undefined, tabSize: number | undefined): Promise<void> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the test window has a workspace folder');
	const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
	const seen = (): boolean => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === tabSize;
	const read = new Promise<void>((resolve) => {
		const subscription = vscode.workspace.onDidChangeConfiguration(() => {
			if (seen()) {
				subscription.dispose();
				resolve();
			}
		});
	});
	if (settings) {
		await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
		await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify({ ...settings, 'editor.tabSize': tabSize }, null, '\t')));
	} else {
		await vscode.workspace.fs.delete(file);
	}
	await read;
}

suite('Behind a corporate proxy with a TLS-inspecting CA', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let ca: TestCa;
	let front: HttpsFront;
	let proxy: TestProxy;
	const profileNames: string[] = [];

	/** Adds a profile whose endpoints are the HTTPS LWA behind the proxy, and signs it in through the proxy. */
	async function signedInThroughProxy(name: string): Promise<TokenSummary> {
		const port = await freePort();
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${port}/callback` });
		const endpoints = profile.raw.endpoints as Record<string, string>;
		for (const [endpoint, url] of Object.entries(endpoints)) {
			endpoints[endpoint] = url.replace(emulator.url, front.origin());
		}
		const added = await vscode.commands.executeCommand<{ profile: string } | undefined>('lwa.addProfile', { profile: profile.raw, clientSecret: profile.clientSecret });
		assert.deepEqual(added, { profile: profile.name });
		profileNames.push(profile.name);

		const { result, authorizationUrl } = await startSignIn(testing, profile.name);
		assert.ok(authorizationUrl.startsWith(`${front.origin()}/`), 'the consent page is the HTTPS LWA behind the proxy');
		const consent = await browserGet(authorizationUrl, ca);
		assert.ok(consent.status === 302 && consent.location, `the emulator redirects after consent (status ${consent.status})`);
		assert.equal(await loopbackGet(consent.location), 200, 'the loopback listener answers the redirect');
		const signedIn = await result;
		assert.ok(signedIn, 'lwa.signIn resolved with a summary');
		return signedIn;
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		const caDir = process.env.LWA_TEST_CORP_CA_DIR;
		assert.ok(caDir, 'the harness made the run\'s test CA (LWA_TEST_CORP_CA_DIR)');
		ca = readTestCa(caDir, CORPORATE_CA_NAME);
		emulator = await startEmulator();
		front = await startHttpsFront(ca, Number(new URL(emulator.url).port));
		proxy = await startTestProxy({ credentials: { user: PROXY_USER, password: PROXY_PASSWORD } });
		await setHttpSetting('proxy', proxySetting(proxy.port, PROXY_PASSWORD));
		await setHttpSetting('proxyStrictSSL', true);
		await setHttpSetting('systemCertificates', true);
	});

	suiteTeardown(async () => {
		await setHttpSetting('proxy', undefined);
		await setHttpSetting('proxyStrictSSL', undefined);
		await setHttpSetting('systemCertificates', undefined);
		await removeProfiles(profileNames);
		await setProfiles([]);
		await proxy?.close();
		await front?.close();
		await emulator?.close();
	});

	test('signs in and refreshes through the authenticating proxy to an HTTPS LWA whose CA only the system store holds; the proxy log shows the tunnels', async () => {
		const logFrom = proxy.log.length;
		const grantsBefore = { ...emulator.stats.byGrant };
		const signedIn = await signedInThroughProxy('corp-proxy');

		const refreshed = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: 'corp-proxy' });
		assert.ok(refreshed && refreshed.expiresAt >= signedIn.expiresAt, 'lwa.refresh resolved with a new token');

		// The proxy's own log, printed as evidence (targets and verdicts only, never a credential).
		const log = proxy.log.slice(logFrom);
		console.log(`    proxy log:\n${log.map((line) => `      ${line}`).join('\n')}`);
		const target = `lwa.${CORP_DOMAIN}:${front.port}`;
		assert.ok(log.length >= 1, 'the proxy saw at least one tunnel');
		assert.deepEqual(new Set(log), new Set([`CONNECT ${target} 200 tunnel opened (authenticated)`]), 'every request to LWA went through an authenticated tunnel to it, with no refusal');
		assert.deepEqual(
			{ codes: (emulator.stats.byGrant.authorization_code ?? 0) - (grantsBefore.authorization_code ?? 0), refreshes: (emulator.stats.byGrant.refresh_token ?? 0) - (grantsBefore.refresh_token ?? 0) },
			{ codes: 1, refreshes: 1 },
			'LWA got the code exchange and the refresh',
		);
		assert.ok(front.connections >= 1, 'the HTTPS front served them');
	});

	test('a wrong proxy password in http.proxy: lwa.refresh sends one CONNECT and shows the 407 naming http.proxy with the tokens kept; with the right password back, copying the stale token refreshes it without a sign-in; no password in any notice or log line', async () => {
		const signedIn = await signedInThroughProxy('corp-wrong-password');
		const target = `lwa.${CORP_DOMAIN}:${front.port}`;
		const refreshesBefore = emulator.stats.byGrant.refresh_token ?? 0;
		try {
			await changeHttpSetting('proxy', proxySetting(proxy.port, WRONG_PROXY_PASSWORD));
			const noticesFrom = testing.notices().length;
			const logFrom = proxy.log.length;
			const refreshed = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: 'corp-wrong-password' });
			assert.equal(refreshed, undefined, 'lwa.refresh resolved with no token');
			assert.deepEqual(proxy.log.slice(logFrom), [`CONNECT ${target} 407 wrong credentials`], 'one CONNECT reached the proxy: the refused password was not retried');
			const notices = noticesSince(testing, noticesFrom);
			assert.equal(notices.length, 1, 'one notice');
			assert.match(notices[0], /^error: Could not refresh the access token of "corp-wrong-password": The proxy refused the proxy credentials \(HTTP 407\); it asks for: Basic\. /);
			assert.ok(notices[0].includes('Correct the user name and password in http.proxy'), 'the notice names the setting that fixes it');
			assert.ok(notices[0].endsWith('The stored tokens were kept.'), 'the notice says the tokens were kept');
			assert.equal(await testing.hasCredential('corp-wrong-password'), true, 'the stored tokens are kept');
			assert.equal(emulator.stats.byGrant.refresh_token ?? 0, refreshesBefore, 'nothing reached LWA');

			await changeHttpSetting('proxy', proxySetting(proxy.port, PROXY_PASSWORD));
			// Stale from two minutes before expiry (lwa.refresh.ahead): a copy refreshes first.
			testing.advanceClock(Math.max(0, signedIn.expiresAt - 60_000 - testing.now()));
			const copyLogFrom = proxy.log.length;
			assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'corp-wrong-password' }), true, 'the copy worked');
			assert.equal(emulator.stats.byGrant.refresh_token, refreshesBefore + 1, 'the stored refresh token renewed the token');
			assert.deepEqual(proxy.log.slice(copyLogFrom), [`CONNECT ${target} 200 tunnel opened (authenticated)`], 'through the proxy, with the right password');
			assertNoProxyPassword(testing);
		} finally {
			await vscode.env.clipboard.writeText('');
			await changeHttpSetting('proxy', proxySetting(proxy.port, PROXY_PASSWORD));
		}
	});

	test('with background refresh on, a wrong proxy password is tried once when the token goes stale: one CONNECT, one notice with Open Settings, and no CONNECT in the ten minutes after; the tokens are kept', async () => {
		// Only this profile may have a background refresh: the earlier tests' profiles go first.
		await removeProfiles(profileNames.splice(0));
		const signedIn = await signedInThroughProxy('corp-background');
		const target = `lwa.${CORP_DOMAIN}:${front.port}`;
		try {
			await changeHttpSetting('proxy', proxySetting(proxy.port, WRONG_PROXY_PASSWORD));
			await setSetting('refresh.proactive', true);
			await waitFor(async () => (await testing.backgroundRefreshes()).includes('corp-background'), 'a background refresh to be scheduled');
			const noticesFrom = testing.notices().length;
			const logFrom = proxy.log.length;
			// Stale at lwa.refresh.ahead (120 s) before expiry: the background refresh runs then.
			testing.advanceClock(Math.max(0, signedIn.expiresAt - 120_000 - testing.now()));
			await waitFor(() => testing.notices().length > noticesFrom, 'the background refresh to report the refused password');
			const notices = testing.notices().slice(noticesFrom);
			assert.equal(notices.length, 1, 'one notice');
			assert.match(notices[0].text, /^Background refresh of "corp-background" failed and needs you: The proxy refused the proxy credentials \(HTTP 407\)/);
			assert.deepEqual(notices[0].actions, ['Open Settings'], 'the button opens the settings, not a sign-in');
			assert.deepEqual(proxy.log.slice(logFrom), [`CONNECT ${target} 407 wrong credentials`], 'one CONNECT: the refused password was not retried');

			// Ten minutes on, past the refresher's one-minute retry after a failure: nothing more is sent.
			testing.advanceClock(10 * 60_000);
			assert.equal((await testing.backgroundRefreshes()).includes('corp-background'), false, 'no background refresh scheduled for the refused token');
			assert.equal(proxy.log.length - logFrom, 1, 'no CONNECT after the refusal');
			assert.equal(await testing.hasCredential('corp-background'), true, 'the stored tokens are kept');
			assertNoProxyPassword(testing);
		} finally {
			await setSetting('refresh.proactive', undefined);
			await changeHttpSetting('proxy', proxySetting(proxy.port, PROXY_PASSWORD));
		}
	});

	test('a CA the machine no longer trusts (http.systemCertificates off): lwa.refresh opens one tunnel and shows untrusted_certificate naming the CA and http.systemCertificates, with the tokens kept', async () => {
		await signedInThroughProxy('corp-untrusted');
		const refreshesBefore = emulator.stats.byGrant.refresh_token ?? 0;
		try {
			await changeHttpSetting('systemCertificates', false);
			const noticesFrom = testing.notices().length;
			const logFrom = proxy.log.length;
			assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'corp-untrusted' }), undefined, 'lwa.refresh resolved with no token');
			assert.deepEqual(proxy.log.slice(logFrom), [`CONNECT lwa.${CORP_DOMAIN}:${front.port} 200 tunnel opened (authenticated)`], 'one tunnel: the untrusted certificate was not retried');
			const notices = noticesSince(testing, noticesFrom);
			assert.equal(notices.length, 1, 'one notice');
			assert.ok(notices[0].includes(`does not trust the certificate authority "${CORPORATE_CA_NAME}"`), `the notice names the CA: ${notices[0]}`);
			assert.ok(notices[0].includes('Turn http.systemCertificates on'), 'the notice names the setting that fixes it');
			assert.ok(notices[0].endsWith('The stored tokens were kept.'), 'the notice says the tokens were kept');
			assert.equal(await testing.hasCredential('corp-untrusted'), true, 'the stored tokens are kept');
			assert.equal(emulator.stats.byGrant.refresh_token ?? 0, refreshesBefore, 'nothing reached LWA');
		} finally {
			await changeHttpSetting('systemCertificates', true);
		}
	});

	test('http.* values in the workspace folder\'s .vscode/settings.json (proxy, proxySupport, noProxy, proxyAuthorization, proxyStrictSSL, systemCertificates) are ignored: refreshes go through the user\'s proxy, none reaches the workspace\'s, and certificates are still checked', async () => {
		await signedInThroughProxy('corp-workspace');
		const workspaceProxy = await startTestProxy();
		const refreshesBefore = emulator.stats.byGrant.refresh_token ?? 0;
		try {
			// Each value, if used, would change the route or the trust: another proxy, none at all, a
			// direct connection (lwa.corp.test resolves only inside the proxy), a header the user's proxy
			// refuses, certificates unchecked, the system store (which alone trusts the test CA) left out.
			await writeWorkspaceSettings({
				'http.proxy': workspaceProxy.url,
				'http.proxySupport': 'off',
				'http.noProxy': ['*'],
				'http.proxyAuthorization': `Basic ${Buffer.from('workspace:value').toString('base64')}`,
				'http.proxyStrictSSL': false,
				'http.systemCertificates': false,
			}, 7);
			// Evidence of where the defence lies: whether VS Code itself hands these workspace values to
			// extensions (VS Code 1.139 does not: they are application or machine settings). The extension
			// reads user settings only either way; what follows is the outcome the user relies on.
			const inspected = vscode.workspace.getConfiguration('http').inspect<string>('proxy');
			console.log(`    VS Code reports the workspace's http.proxy to extensions: ${inspected?.workspaceValue === workspaceProxy.url || inspected?.workspaceFolderValue === workspaceProxy.url ? 'yes' : 'no'}; get('proxy') returns it: ${vscode.workspace.getConfiguration('http').get('proxy') === workspaceProxy.url ? 'yes' : 'no'}`);
			const logFrom = proxy.log.length;
			assert.ok(await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: 'corp-workspace' }), 'lwa.refresh resolved with a new token');
			assert.deepEqual(proxy.log.slice(logFrom), [`CONNECT lwa.${CORP_DOMAIN}:${front.port} 200 tunnel opened (authenticated)`], 'the user\'s proxy, with the user\'s credentials, carried the refresh');
			assert.equal(emulator.stats.byGrant.refresh_token, refreshesBefore + 1, 'LWA got the refresh');

			// With the system store off in the user's settings, the test CA is untrusted; the workspace's
			// http.proxyStrictSSL false must not let the certificate through.
			await changeHttpSetting('systemCertificates', false);
			const noticesFrom = testing.notices().length;
			assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'corp-workspace' }), undefined, 'lwa.refresh resolved with no token');
			assert.ok(noticesSince(testing, noticesFrom).some((notice) => notice.includes(`does not trust the certificate authority "${CORPORATE_CA_NAME}"`)), 'the certificate was checked and refused');
			assert.equal(emulator.stats.byGrant.refresh_token, refreshesBefore + 1, 'nothing more reached LWA');
			assert.deepEqual(workspaceProxy.log, [], 'no request went to the workspace\'s proxy');
		} finally {
			await changeHttpSetting('systemCertificates', true);
			await writeWorkspaceSettings(undefined, undefined);
			await workspaceProxy.close();
		}
	});
});
