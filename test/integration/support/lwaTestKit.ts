// Shared helpers of the integration tests: the extension's API, profiles pointed at an in-process
// LWA emulator, and the browser's part of a sign-in done with plain HTTP requests.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { LwaTestExports } from '../../../src/extension';
import type { EmulatorClient, EmulatorOptions } from '../../../src/emulator/lwaEmulator';
import { LwaEmulator } from '../../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../../src/testing/testingApi';

export const EXTENSION_ID = 'lwa-tools.lwa-credentials';

/** What lwa.signIn and lwa.refresh resolve to. */
export interface TokenSummary {
	profile: string;
	expiresAt: number;
	hasRefreshToken: boolean;
}

/** Activates the extension and returns its testing hooks (activate() returns them in ExtensionMode.Test only). */
export async function extensionApi(): Promise<{ exports: LwaTestExports; testing: LwaTestingApi }> {
	const extension = vscode.extensions.getExtension<LwaTestExports | undefined>(EXTENSION_ID);
	assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
	const activated = await extension.activate();
	assert.ok(activated?.testing, 'the testing hooks exist in ExtensionMode.Test');
	return { exports: activated, testing: activated.testing };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** A client id unique to one test, so that emulator clients never clash. */
export function uniqueClientId(label: string): string {
	return `amzn1.application-oa2-client.${label}${Math.random().toString(16).slice(2, 10)}`;
}

/** Starts an emulator that approves consent by itself unless told otherwise. */
export function startEmulator(options: EmulatorOptions = {}): Promise<LwaEmulator> {
	return LwaEmulator.start({ autoApprove: true, clients: [], ...options });
}

/** One emulator-backed profile and everything a test needs to drive it. */
export interface TestProfile {
	name: string;
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	raw: Record<string, unknown>;
}

/** Registers a client on the emulator and describes a profile for it (not yet in settings). */
export function emulatorProfile(emulator: LwaEmulator, options: { name: string; redirectUri: string; clientSecret?: string; scopes?: string[]; grant?: 'client_credentials' }): TestProfile {
	const clientId = uniqueClientId(options.name.replace(/[^a-z0-9]/gi, '').toLowerCase());
	const clientSecret = options.clientSecret ?? `secret-${Math.random().toString(36).slice(2)}`;
	const client: EmulatorClient = { clientId, clientSecret, redirectUris: options.redirectUri ? [options.redirectUri] : [] };
	emulator.registerClient(client);
	const raw: Record<string, unknown> = {
		name: options.name,
		region: 'NA',
		clientId,
		scopes: options.scopes ?? ['profile'],
		redirectUri: options.redirectUri,
		endpoints: { ...emulator.endpoints },
	};
	if (options.grant) {
		raw.grant = options.grant;
	}
	return { name: options.name, clientId, clientSecret, redirectUri: options.redirectUri, raw };
}

/** Replaces lwa.profiles (user settings) and the active profile. */
export async function setProfiles(profiles: readonly Record<string, unknown>[], active?: string): Promise<void> {
	const config = vscode.workspace.getConfiguration('lwa');
	await config.update('profiles', profiles, vscode.ConfigurationTarget.Global);
	await config.update('activeProfile', active ?? '', vscode.ConfigurationTarget.Global);
}

/** Sets one lwa.* setting in user settings (undefined resets it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration('lwa').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Adds the profile through lwa.addProfile (with its client secret) and makes it active. */
export async function addProfile(profile: TestProfile, options: { withSecret?: boolean } = {}): Promise<void> {
	const result = await vscode.commands.executeCommand<{ profile: string } | undefined>('lwa.addProfile', {
		profile: profile.raw,
		...(options.withSecret === false ? {} : { clientSecret: profile.clientSecret }),
	});
	assert.deepEqual(result, { profile: profile.name }, 'lwa.addProfile added the profile');
	await vscode.commands.executeCommand('lwa.switchProfile', { profile: profile.name });
}

/** The browser's part: requests the authorization URL and returns where the emulator redirects. */
export async function followAuthorization(authorizationUrl: string): Promise<URL> {
	const response = await fetch(authorizationUrl, { redirect: 'manual' });
	const location = response.headers.get('location');
	assert.ok(response.status >= 300 && response.status < 400 && location, `the emulator redirects (status ${response.status})`);
	return new URL(location);
}

/** The browser's part with the consent page: denies access and returns the redirect. */
export async function denyAuthorization(emulator: LwaEmulator, authorizationUrl: string): Promise<URL> {
	const page = await fetch(authorizationUrl, { redirect: 'manual' });
	assert.equal(page.status, 200, 'the emulator shows its consent page');
	const html = await page.text();
	const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
	assert.ok(requestId, 'the consent page carries a request id');
	const response = await fetch(`${emulator.url}/ap/oa/decision`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ request: requestId, decision: 'deny' }).toString(),
	});
	const location = response.headers.get('location');
	assert.ok(location, 'denying redirects back');
	return new URL(location);
}

/** Starts lwa.signIn and returns its (unawaited) result with the authorization URL it opened. */
export async function startSignIn(testing: LwaTestingApi, profile: string): Promise<{ result: Thenable<TokenSummary | undefined>; authorizationUrl: string }> {
	const result = vscode.commands.executeCommand<TokenSummary | undefined>('lwa.signIn', { profile });
	const authorizationUrl = await testing.nextOpenedUrl();
	return { result, authorizationUrl };
}

/** A whole sign-in through the loopback listener. */
export async function signInWithLoopback(testing: LwaTestingApi, profile: string): Promise<TokenSummary> {
	const { result, authorizationUrl } = await startSignIn(testing, profile);
	const redirect = await followAuthorization(authorizationUrl);
	const page = await fetch(redirect);
	assert.equal(page.status, 200, 'the loopback listener answers the redirect with its success page');
	const summary = await result;
	assert.ok(summary, 'lwa.signIn resolved with a summary');
	return summary;
}

/**
 * Asserts that a text holding a token equals the expected one. assert.equal would print both texts
 * when they differ, and test output must never show a token.
 */
export function assertSameSecretText(actual: string, expected: string, what: string): void {
	assert.ok(actual === expected, `${what}: not the expected text (${actual.length} characters, expected ${expected.length}; not shown, it holds a token)`);
}

/** Asserts that a value is shaped like an LWA access token, without printing it. */
export function assertAccessTokenShape(value: string, what: string): void {
	assert.ok(/^Atza\|/.test(value), `${what}: not shaped like an LWA access token (not shown)`);
}

/** Waits until `check` returns true. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			assert.fail(`timed out waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The notices shown since `from` (an index into testing.notices()). */
export function noticesSince(testing: LwaTestingApi, from: number): string[] {
	return testing.notices().slice(from).map((notice) => `${notice.level}: ${notice.text}`);
}

/** Removes the profiles (and their secrets) the tests added. */
export async function removeProfiles(names: readonly string[]): Promise<void> {
	for (const name of names) {
		await vscode.commands.executeCommand('lwa.removeProfile', { profile: name });
	}
	await setProfiles([]);
}
