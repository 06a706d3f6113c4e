// Sign-in end to end against the emulator: each of the three ways back (loopback listener, URI
// handler with and without the relay page, paste), and the ways a sign-in can go wrong.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodeState, relayRouteFromExternalUri } from '../../src/core/lwa/authorize';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, denyAuthorization, emulatorProfile, extensionApi, followAuthorization, freePort, noticesSince,
	removeProfiles, setSetting, signInWithLoopback, startEmulator, startSignIn, waitFor,
} from './support/lwaTestKit';

interface RelayModule {
	buildForwardUrl(search: string, editorBase?: string): { ok: true; url: string } | { ok: false; reason: string; paste: boolean };
}

// Compiled to out/test/integration; the page's script stays in media/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const relay = require(path.join(__dirname, '..', '..', '..', 'media', 'relay.js')) as RelayModule;

/** What the editor's /callback page does with vscode-* parameters, or the URI itself for an editor scheme. */
function editorUriFromRelayTarget(target: string): vscode.Uri {
	const url = new URL(target);
	const scheme = url.searchParams.get('vscode-scheme');
	if (scheme === null) {
		return vscode.Uri.parse(target);
	}
	return vscode.Uri.from({
		scheme,
		authority: url.searchParams.get('vscode-authority') ?? '',
		path: url.searchParams.get('vscode-path') ?? '',
		query: url.searchParams.get('vscode-query') ?? '',
	});
}

suite('Sign-in', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let clockOffsetMs = 0;
	let loopback: TestProfile;
	let relayProfile: TestProfile;
	const added: string[] = [];

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator({ now: () => Date.now() + clockOffsetMs });
		const port = await freePort();
		loopback = emulatorProfile(emulator, { name: 'loop', redirectUri: `http://127.0.0.1:${port}/lwa/callback` });
		relayProfile = emulatorProfile(emulator, { name: 'relay', redirectUri: 'https://relay.example.test/lwa/relay.html' });
		await addProfile(relayProfile);
		await addProfile(loopback);
		added.push(loopback.name, relayProfile.name);
	});

	suiteTeardown(async () => {
		await removeProfiles(added);
		await emulator?.close();
	});

	setup(() => {
		emulator.autoApprove = true;
		clockOffsetMs = 0;
	});

	test('signs in through the loopback listener, then closes the listener', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const authorization = new URL(authorizationUrl);
		assert.equal(authorization.origin + authorization.pathname, emulator.endpoints.authorization);
		assert.equal(authorization.searchParams.get('redirect_uri'), loopback.redirectUri);
		assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
		assert.equal(testing.loopbackListeners(), 1, 'the listener is up while the sign-in waits');

		const redirect = await followAuthorization(authorizationUrl);
		const page = await fetch(redirect);
		assert.equal(page.status, 200);
		const html = await page.text();
		assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
		assert.ok(!html.includes(redirect.searchParams.get('code') ?? '<no code>'), 'the page does not show the code');

		const summary = await result;
		assert.equal(summary?.profile, loopback.name);
		assert.equal(summary?.hasRefreshToken, true);
		assert.ok((summary?.expiresAt ?? 0) > Date.now() + 3500_000);
		assert.equal(testing.loopbackListeners(), 0, 'the listener closed after the redirect');
		assert.equal(testing.pendingSignIns(), 0);
		await assert.rejects(fetch(redirect), 'nothing listens on the port any more');
		assert.equal(await testing.hasCredential(loopback.name), true);
	});

	test('refuses a redirect with a wrong state or path on the loopback port without ending the sign-in', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const registered = new URL(loopback.redirectUri);

		const forged = await fetch(`${registered.origin}${registered.pathname}?code=ANforgedcode&state=forged-state`);
		assert.equal(forged.status, 400, 'a wrong state gets the failure page');
		const elsewhere = await fetch(`${registered.origin}/other/path`);
		assert.equal(elsewhere.status, 404, 'another path is not served');
		assert.equal(testing.pendingSignIns(), 1, 'the sign-in still waits');

		const redirect = await followAuthorization(authorizationUrl);
		assert.equal((await fetch(redirect)).status, 200);
		assert.equal((await result)?.profile, loopback.name);
	});

	test('ends the sign-in with a clear message when the user denies access', async () => {
		emulator.autoApprove = false;
		const before = testing.notices().length;
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const redirect = await denyAuthorization(emulator, authorizationUrl);
		assert.equal(redirect.searchParams.get('error'), 'access_denied');
		const page = await fetch(redirect);
		assert.equal(page.status, 200);
		assert.match(await page.text(), /denied/i);
		assert.equal(await result, undefined);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => /^error: Sign-in to "loop" failed: Access was denied/.test(notice)), notices.join('\n'));
	});

	test('reports an expired authorization code and does not store anything new', async () => {
		await vscode.commands.executeCommand('lwa.signOut', { profile: loopback.name, removeClientSecret: false });
		const before = testing.notices().length;
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const redirect = await followAuthorization(authorizationUrl);
		clockOffsetMs = 301_000;
		await fetch(redirect);
		assert.equal(await result, undefined);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => /^error: Sign-in to "loop" failed: .*(refused the authorization code|invalid or missing parameter)/.test(notice)), notices.join('\n'));
		assert.equal(await testing.hasCredential(loopback.name), false);
	});

	test('completes a sign-in from a pasted redirected URL, with its state checked', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const redirect = await followAuthorization(authorizationUrl);

		const wrong = new URL(redirect);
		wrong.searchParams.set('state', 'someone-elses-state');
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: wrong.toString() }), false);
		assert.equal(testing.pendingSignIns(), 1, 'a pasted URL of another sign-in does not end this one');

		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: redirect.toString() }), true);
		assert.equal((await result)?.profile, loopback.name);
		assert.equal(testing.loopbackListeners(), 0);
	});

	test('completes a sign-in from a pasted bare code', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, loopback.name);
		const code = (await followAuthorization(authorizationUrl)).searchParams.get('code');
		assert.ok(code);
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: code }), true);
		assert.equal((await result)?.hasRefreshToken, true);
	});

	test('says so when a code is pasted while no sign-in waits', async () => {
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: 'ANsomecode' }), false);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('No sign-in is waiting')));
	});

	test('completes a relay-page sign-in through the URI handler', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, relayProfile.name);
		assert.equal(testing.loopbackListeners(), 0, 'a relay redirect URI needs no listener');
		const state = new URL(authorizationUrl).searchParams.get('state') ?? '';
		const expectedKind = vscode.env.uiKind === vscode.UIKind.Web ? `web-${vscode.env.uriScheme}` : vscode.env.uriScheme;
		assert.equal(decodeState(state)?.relay?.kind, expectedKind, 'the state names the editor');
		assert.doesNotMatch(state, /[:/%]/, 'the state carries no URL');

		const redirect = await followAuthorization(authorizationUrl);
		assert.equal(redirect.origin + redirect.pathname, relayProfile.redirectUri);
		const callback = vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback?${redirect.searchParams.toString()}`);
		await vscode.commands.executeCommand('vscode.open', callback);
		assert.equal((await result)?.profile, relayProfile.name);
	});

	test('the relay page forwards the redirect to the URI handler, inside vscode-query for a browser editor', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, relayProfile.name);
		const redirect = await followAuthorization(authorizationUrl);
		// A browser-hosted editor (code-server here) needs a relay page that names its address in a meta
		// tag; a desktop editor needs none.
		const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback`));
		const editorBase = relayRouteFromExternalUri(external.toString(true))?.base;
		const forwarded = relay.buildForwardUrl(redirect.search, editorBase);
		assert.ok(forwarded.ok, forwarded.ok ? '' : forwarded.reason);
		const target = new URL(forwarded.url);
		if (target.searchParams.has('vscode-scheme')) {
			const inner = new URLSearchParams(target.searchParams.get('vscode-query') ?? '');
			assert.equal(inner.get('code'), redirect.searchParams.get('code'), 'the code travels inside vscode-query');
			assert.equal(inner.get('state'), redirect.searchParams.get('state'));
			assert.equal(target.searchParams.get('code'), null, 'not as a separate parameter');
		}
		await vscode.commands.executeCommand('vscode.open', editorUriFromRelayTarget(forwarded.url));
		assert.equal((await result)?.profile, relayProfile.name);
	});

	test('the URI handler ignores a callback for an unknown sign-in', async () => {
		const { result, authorizationUrl } = await startSignIn(testing, relayProfile.name);
		const stray = vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback?code=ANstray&state=unknownnonce`);
		await vscode.commands.executeCommand('vscode.open', stray);
		await waitFor(() => testing.logLines().some((line) => line.includes('ignored a callback')), 'the handler to log the stray callback');
		assert.equal(testing.pendingSignIns(), 1);
		const redirect = await followAuthorization(authorizationUrl);
		await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback?${redirect.searchParams.toString()}`));
		assert.equal((await result)?.profile, relayProfile.name);
	});

	test('the URI handler logs a URI path with %0A, %0D and U+2028 in it as one line', async () => {
		const forged = vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/x%0D%0A2025-01-01 [error] forged%E2%80%A8line`);
		await vscode.commands.executeCommand('vscode.open', forged);
		// URIs are handled one after another: once the marker's line is logged, the forged URI's lines all are.
		await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/end-marker-of-this-test`));
		await waitFor(() => testing.logLines().some((line) => line.includes('unknown path') && line.includes('end-marker-of-this-test')), 'the handler to log the marker URI');
		const logged = testing.logLines().filter((line) => line.includes('unknown path') && line.includes('forged'));
		assert.equal(logged.length, 1);
		assert.doesNotMatch(logged[0], /[\r\n\u2028\u2029]/);
		assert.match(logged[0], /\\u000d\\u000a2025-01-01 \[error\] forged\\u2028line/);
	});

	test('two sign-ins waiting at once on the same port each finish with their own redirect', async () => {
		const second = emulatorProfile(emulator, { name: 'loop-two', redirectUri: loopback.redirectUri });
		await addProfile(second);
		added.push(second.name);
		const first = await startSignIn(testing, loopback.name);
		const other = await startSignIn(testing, second.name);
		assert.equal(testing.pendingSignIns(), 2);
		assert.equal(testing.loopbackListeners(), 1, 'they share one listener');
		assert.notEqual(new URL(first.authorizationUrl).searchParams.get('state'), new URL(other.authorizationUrl).searchParams.get('state'));

		assert.equal((await fetch(await followAuthorization(other.authorizationUrl))).status, 200);
		assert.equal((await other.result)?.profile, second.name);
		assert.equal(testing.pendingSignIns(), 1);
		assert.equal(testing.loopbackListeners(), 1, 'the listener stays for the sign-in still waiting');
		assert.equal((await fetch(await followAuthorization(first.authorizationUrl))).status, 200);
		assert.equal((await first.result)?.profile, loopback.name);
		assert.equal(testing.loopbackListeners(), 0);
	});

	test('a busy loopback port gives a clear error naming the port, before the browser opens', async () => {
		const port = Number(new URL(loopback.redirectUri).port);
		const blocker = net.createServer();
		await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
		try {
			const before = testing.notices().length;
			const opened = testing.openedUrls.length;
			const result = await vscode.commands.executeCommand('lwa.signIn', { profile: loopback.name });
			assert.equal(result, undefined);
			assert.equal(testing.openedUrls.length, opened, 'no browser was opened');
			assert.ok(noticesSince(testing, before).some((notice) => notice.includes(`Port ${port}`)), noticesSince(testing, before).join('\n'));
			assert.equal(testing.pendingSignIns(), 0);
		} finally {
			await new Promise<void>((resolve) => blocker.close(() => resolve()));
		}
	});

	test('a sign-in that times out names the redirect URI to register', async () => {
		await setSetting('signIn.timeoutSeconds', 1);
		try {
			const before = testing.notices().length;
			const { result } = await startSignIn(testing, loopback.name);
			assert.equal(await result, undefined);
			const notices = noticesSince(testing, before);
			assert.ok(notices.some((notice) => notice.includes(loopback.redirectUri) && notice.includes('Allowed Return URLs')), notices.join('\n'));
			const timeoutNotice = testing.notices().slice(before).find((notice) => notice.text.includes('Allowed Return URLs'));
			assert.ok(timeoutNotice?.actions.includes('Show Redirect Setup'), 'the timeout offers the redirect doctor');
			assert.equal(testing.pendingSignIns(), 0);
			assert.equal(testing.loopbackListeners(), 0);
		} finally {
			await setSetting('signIn.timeoutSeconds', undefined);
		}
	});

	test('without a client secret it warns that there will be no refresh token', async () => {
		const publicProfile = emulatorProfile(emulator, { name: 'no-secret', redirectUri: loopback.redirectUri });
		await addProfile(publicProfile, { withSecret: false });
		added.push(publicProfile.name);
		const before = testing.notices().length;
		const summary = await signInWithLoopback(testing, publicProfile.name);
		assert.equal(summary.hasRefreshToken, false);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.startsWith('warning:') && notice.includes('no client secret') && notice.includes('no refresh token')), notices.join('\n'));
	});

	test('a client credentials profile gets its token without a browser', async () => {
		const grantless = emulatorProfile(emulator, { name: 'grantless', redirectUri: '', scopes: ['sellingpartnerapi::notifications'], grant: 'client_credentials' });
		delete grantless.raw.redirectUri;
		await addProfile(grantless);
		added.push(grantless.name);
		const opened = testing.openedUrls.length;
		const summary = await vscode.commands.executeCommand<{ profile: string } | undefined>('lwa.signIn', { profile: grantless.name });
		assert.equal(summary?.profile, grantless.name);
		assert.equal(testing.openedUrls.length, opened);
		assert.equal(emulator.stats.byGrant.client_credentials, 1);
	});
});
