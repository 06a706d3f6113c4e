// The `amazon-lwa` authentication provider, used the way another extension uses it: through
// vscode.authentication against the LWA emulator. (Named lwaAuthProvider, not authProvider: files
// run in name order, and extension.test.ts must run before any suite that makes an HTTP request.)
//
// In an extension test run the workbench refuses to show its modal "wants to sign in" dialog, so
// the first consent goes the other way VS Code offers it: getSession without createIfNone adds a
// "Sign in with Login with Amazon to use LWA Credentials" entry to the Accounts menu, and the test
// runs that entry's command as a person would click it. It calls the provider's createSession; once
// the extension is allowed, getSession with createIfNone returns the session without any dialog.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, emulatorProfile, extensionApi, followAuthorization, freePort, noticesSince, removeProfiles, setSetting,
	startEmulator, waitFor,
} from './support/lwaTestKit';

const PROVIDER_ID = 'amazon-lwa';
const SIGN_IN_REQUEST_PREFIX = `${PROVIDER_ID}:lwa-tools.lwa-credentials:signIn`;

suite('Authentication provider amazon-lwa', function () {
	this.timeout(20_000);
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let profile: TestProfile;
	const events: string[] = [];
	let subscription: vscode.Disposable | undefined;

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		// Ten-minute tokens, so that lwa.refresh.ahead can make one stale.
		emulator = await startEmulator({ accessTokenLifetimeSeconds: 600 });
		const port = await freePort();
		profile = emulatorProfile(emulator, { name: 'authp', redirectUri: `http://127.0.0.1:${port}/lwa/callback`, scopes: ['profile', 'postal_code'] });
		await addProfile(profile);
		subscription = vscode.authentication.onDidChangeSessions((event) => events.push(event.provider.id));
	});

	suiteTeardown(async () => {
		subscription?.dispose();
		await setSetting('refresh.ahead', undefined);
		await removeProfiles([profile.name]);
		await emulator?.close();
	});

	/** Lines the provider logged about its session events since `from`. */
	function sessionEventsSince(from: number): string[] {
		return testing.logLines().slice(from).filter((line) => line.includes('Authentication session of profile'));
	}

	/** Whether the emulator accepts the token (tokeninfo answers 200). */
	async function acceptedByEmulator(accessToken: string): Promise<boolean> {
		const url = new URL(emulator.endpoints.tokeninfo);
		url.searchParams.set('access_token', accessToken);
		return (await fetch(url)).status === 200;
	}

	/**
	 * Asks for a session without createIfNone and runs the Accounts menu's sign-in entry it adds;
	 * returns the entry's (unawaited) run, which ends when the sign-in does.
	 */
	async function signInFromAccountsMenu(scopes: string[]): Promise<{ run: Thenable<unknown> }> {
		const before = new Set(await vscode.commands.getCommands(true));
		assert.equal(await vscode.authentication.getSession(PROVIDER_ID, scopes), undefined, 'no session yet');
		let entry: string | undefined;
		await waitFor(async () => {
			entry = (await vscode.commands.getCommands(true)).find((id) => id.startsWith(SIGN_IN_REQUEST_PREFIX) && !before.has(id));
			return entry !== undefined;
		}, 'the Accounts menu sign-in entry');
		return { run: vscode.commands.executeCommand(entry ?? '') };
	}

	test('is declared in package.json and answers without a session before any sign-in', async () => {
		const manifest = vscode.extensions.getExtension('lwa-tools.lwa-credentials')?.packageJSON as { contributes: { authentication?: { id: string; label: string }[] } };
		assert.deepEqual(manifest.contributes.authentication, [{ id: PROVIDER_ID, label: 'Login with Amazon' }]);
		assert.equal(await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true }), undefined);
		assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
	});

	test('signs in a profile configured with the requested scopes, then getSession with createIfNone returns its session', async () => {
		const logFrom = testing.logLines().length;
		const eventsFrom = events.length;
		const signIn = await signInFromAccountsMenu(['profile']);
		const authorizationUrl = await testing.nextOpenedUrl();
		assert.equal(new URL(authorizationUrl).searchParams.get('client_id'), profile.clientId);
		assert.equal((await fetch(await followAuthorization(authorizationUrl))).status, 200);
		await signIn.run;

		const opened = testing.openedUrls.length;
		const session = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { createIfNone: true });
		assert.equal(testing.openedUrls.length, opened, 'no second sign-in');
		assert.equal(session.id, 'authp');
		assert.deepEqual({ id: session.account.id, label: session.account.label }, { id: 'authp', label: 'authp (NA)' });
		assert.deepEqual([...session.scopes].sort(), ['postal_code', 'profile']);
		assert.ok(await acceptedByEmulator(session.accessToken), 'the session token is valid');
		await waitFor(() => sessionEventsSince(logFrom).length > 0, 'the session event');
		assert.deepEqual(sessionEventsSince(logFrom), ['[debug] Authentication session of profile "authp" added.']);
		await waitFor(() => events.slice(eventsFrom).includes(PROVIDER_ID), 'onDidChangeSessions for amazon-lwa');
		assert.deepEqual((await vscode.authentication.getAccounts(PROVIDER_ID)).map((account) => account.label), ['authp (NA)']);
	});

	test('getSession without createIfNone finds the session by granted scopes, and none for a scope not granted', async () => {
		const session = await vscode.authentication.getSession(PROVIDER_ID, ['postal_code']);
		assert.equal(session?.id, 'authp');
		assert.equal(await vscode.authentication.getSession(PROVIDER_ID, ['advertising::campaign_management'], { silent: true }), undefined);
	});

	test('refreshes a stale token before handing out the session, and reports the change', async () => {
		const before = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true });
		assert.ok(before);
		const logFrom = testing.logLines().length;
		const eventsFrom = events.length;
		const refreshes = emulator.stats.byGrant.refresh_token ?? 0;
		await setSetting('refresh.ahead', 900);
		try {
			const after = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true });
			assert.ok(after);
			assert.notEqual(after.accessToken, before.accessToken, 'a new token');
			assert.equal(after.id, before.id, 'the same session id');
			assert.equal(emulator.stats.byGrant.refresh_token, refreshes + 1);
			assert.ok(await acceptedByEmulator(after.accessToken));
		} finally {
			await setSetting('refresh.ahead', undefined);
		}
		await waitFor(() => sessionEventsSince(logFrom).length > 0, 'the session event');
		assert.deepEqual(sessionEventsSince(logFrom), ['[debug] Authentication session of profile "authp" changed.']);
		await waitFor(() => events.slice(eventsFrom).includes(PROVIDER_ID), 'onDidChangeSessions for amazon-lwa');
	});

	test('the session holds the same valid token the extension would use itself', async () => {
		const session = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true });
		assert.equal(await testing.accessToken('authp'), session?.accessToken);
		assert.equal(await testing.accessToken(), session?.accessToken, 'authp is the active profile');
		await assert.rejects(testing.accessToken('no-such-profile'), /no valid LWA profile named "no-such-profile"/);
	});

	test('a refresh through lwa.refresh is reported as a changed session', async () => {
		const logFrom = testing.logLines().length;
		const before = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true });
		assert.ok(await vscode.commands.executeCommand('lwa.refresh', { profile: 'authp' }));
		await waitFor(() => sessionEventsSince(logFrom).length > 0, 'the session event');
		assert.deepEqual(sessionEventsSince(logFrom), ['[debug] Authentication session of profile "authp" changed.']);
		const after = await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true });
		assert.notEqual(after?.accessToken, before?.accessToken);
	});

	test('signing out in the Accounts menu removes the session through the provider and keeps the client secret', async () => {
		const logFrom = testing.logLines().length;
		await vscode.commands.executeCommand('_signOutOfAccount', { providerId: PROVIDER_ID, accountLabel: 'authp (NA)' });
		assert.equal(await testing.hasCredential('authp'), false);
		await waitFor(() => sessionEventsSince(logFrom).length > 0, 'the session event');
		assert.deepEqual(sessionEventsSince(logFrom), ['[debug] Authentication session of profile "authp" removed.']);
		assert.ok(testing.logLines().slice(logFrom).some((line) => line.includes('Sign-out of profile "authp" requested through the authentication provider')));
		assert.equal(await vscode.authentication.getSession(PROVIDER_ID, ['profile'], { silent: true }), undefined);
		assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);

		// The client secret stayed: signing in again still gets a refresh token (LWA gives none without it).
		const result = vscode.commands.executeCommand<{ hasRefreshToken: boolean } | undefined>('lwa.signIn', { profile: 'authp' });
		const authorizationUrl = await testing.nextOpenedUrl();
		assert.equal((await fetch(await followAuthorization(authorizationUrl))).status, 200);
		assert.equal((await result)?.hasRefreshToken, true);
		await waitFor(() => sessionEventsSince(logFrom).some((line) => line.endsWith('added.')), 'the added event after lwa.signIn');
	});

	test('lwa.signOut is reported as a removed session', async () => {
		const logFrom = testing.logLines().length;
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: 'authp', removeClientSecret: false }), true);
		await waitFor(() => sessionEventsSince(logFrom).length > 0, 'the session event');
		assert.deepEqual(sessionEventsSince(logFrom), ['[debug] Authentication session of profile "authp" removed.']);
	});

	test('an Accounts-menu sign-in of a portability:: profile warns, as LWA: Sign In does, that its token can be generated only once', async () => {
		const adp = emulatorProfile(emulator, { name: 'authp-adp', redirectUri: `http://127.0.0.1:${await freePort()}/lwa/callback`, scopes: ['portability::customer_profile'] });
		await addProfile(adp);
		try {
			const from = testing.notices().length;
			const signIn = await signInFromAccountsMenu(['portability::customer_profile']);
			assert.equal((await fetch(await followAuthorization(await testing.nextOpenedUrl()))).status, 200);
			await signIn.run;
			await waitFor(() => noticesSince(testing, from).some((notice) => notice.includes('can be generated only once')), 'the one-time transfer warning');
			const warnings = noticesSince(testing, from).filter((notice) => notice.startsWith('warning:') && notice.includes('"authp-adp"') && notice.includes('can be generated only once'));
			assert.equal(warnings.length, 1, noticesSince(testing, from).join('\n'));
		} finally {
			await removeProfiles([adp.name]);
		}
	});

	test('asking for scopes no profile is configured with fails clearly and offers Add Profile', async () => {
		const from = testing.notices().length;
		const opened = testing.openedUrls.length;
		const signIn = await signInFromAccountsMenu(['alexa::ask:skills:readwrite']);
		await assert.rejects(Promise.resolve(signIn.run), /No LWA profile is configured with the scope alexa::ask:skills:readwrite/);
		assert.equal(testing.openedUrls.length, opened, 'no browser was opened');
		const notices = noticesSince(testing, from);
		assert.ok(notices.some((notice) => notice.startsWith('error: No LWA profile is configured with the scope alexa::ask:skills:readwrite')), notices.join('\n'));
	});
});
