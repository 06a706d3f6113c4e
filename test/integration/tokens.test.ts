// After sign-in: refresh, every copy format, sign out, the refresh failures (revoked, emulator
// down), clipboard clearing, background refresh and the status bar's countdown and colours. What
// happens later in a token's life is reached by moving the extension's clock on (testing.advanceClock)
// and asserted on what follows (a render, a request, a log line), never by waiting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile, TokenSummary } from './support/lwaTestKit';
import {
	addProfile, assertAccessTokenShape, assertSameSecretText, emulatorProfile, extensionApi, freePort,
	noticesSince, removeProfiles, setSetting, signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

suite('Tokens', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let profile: TestProfile;
	/** The suite's profile ('tokens'), then the profiles of the running test (removed after it). */
	const added: string[] = [];
	const emulators: LwaEmulator[] = [];

	/** A profile on its own emulator, signed in through the loopback listener and made active. */
	async function signedInProfile(name: string, options: { accessTokenLifetimeSeconds?: number; on?: LwaEmulator } = {}): Promise<{ profile: TestProfile; emulator: LwaEmulator; summary: TokenSummary }> {
		let target = options.on;
		if (!target) {
			target = await startEmulator(options.accessTokenLifetimeSeconds ? { accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds } : {});
			emulators.push(target);
		}
		const created = emulatorProfile(target, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		await addProfile(created);
		added.push(name);
		const summary = await signInWithLoopback(testing, name);
		return { profile: created, emulator: target, summary };
	}

	/** Moves the extension's clock on to `moment` (epoch ms on that clock), running the timers due by then. */
	function advanceClockTo(moment: number): void {
		testing.advanceClock(Math.max(0, moment - testing.now()));
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		emulators.push(emulator);
		profile = (await signedInProfile('tokens', { on: emulator })).profile;
	});

	teardown(async () => {
		await setSetting('clipboard.clearAfterSeconds', undefined);
		await setSetting('statusBar.enabled', undefined);
		await setSetting('refresh.proactive', undefined);
		await setSetting('refresh.ahead', undefined);
		// The test's own profiles go, so that no later test (nor a later clock move) meets them.
		for (const name of added.splice(1)) {
			await vscode.commands.executeCommand('lwa.removeProfile', { profile: name });
		}
	});

	suiteTeardown(async () => {
		await removeProfiles(added);
		for (const each of emulators) {
			await each.close();
		}
	});

	test('the status bar shows the active profile\'s remaining life with a tooltip', async () => {
		await vscode.commands.executeCommand('lwa.switchProfile', { profile: profile.name });
		await waitFor(async () => (await testing.statusBar()).text.includes('LWA tokens'), 'the status bar to show the profile');
		const status = await testing.statusBar();
		assert.match(status.text, /^\$\([a-z-]+\) LWA tokens (59m|60m)$/);
		assert.equal(status.background, undefined);
		assert.match(status.tooltip, /Region: NA/);
		assert.match(status.tooltip, /Scopes: profile/);
		assert.match(status.tooltip, /Grant: authorization\\_code/);
		assert.match(status.tooltip, /Expires: /);
	});

	test('lwa.refresh gets a new access token', async () => {
		const before = emulator.stats.byGrant.refresh_token ?? 0;
		const oldToken = await testing.accessToken(profile.name);
		const summary = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: profile.name });
		assert.equal(summary?.profile, profile.name);
		assert.equal(emulator.stats.byGrant.refresh_token, before + 1);
		assert.notEqual(await testing.accessToken(profile.name), oldToken);
	});

	test('copies the token in every format', async () => {
		const token = await testing.accessToken(profile.name);
		assertAccessTokenShape(token, 'lwa.refresh');
		const expected: Record<string, string> = {
			raw: token,
			bearer: `Bearer ${token}`,
			authorizationHeader: `Authorization: Bearer ${token}`,
			amzAccessTokenHeader: `x-amz-access-token: ${token}`,
			curl: `curl -H 'Authorization: Bearer ${token}' https://api.amazon.com/user/profile`,
			dotenv: `LWA_ACCESS_TOKEN=${token}`,
			restClientVariable: `@lwaToken = ${token}`,
		};
		for (const [format, text] of Object.entries(expected)) {
			assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format }), true, format);
			assertSameSecretText(await vscode.env.clipboard.readText(), text, format);
		}
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), token, 'lwa.copyAccessToken');
		assert.equal(await vscode.commands.executeCommand('lwa.copyAuthorizationHeader', { profile: profile.name }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), `Authorization: Bearer ${token}`, 'lwa.copyAuthorizationHeader');
	});

	test('refuses an unknown copy format', async () => {
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format: 'yaml' }), false);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('Unknown copy format')));
	});

	test('clears the clipboard when lwa.clipboard.clearAfterSeconds has passed if it still holds the token, and leaves what the user copied since', async () => {
		await setSetting('clipboard.clearAfterSeconds', 30);
		const cleared = (from: number): boolean => testing.logLines().slice(from).some((line) => line.includes('Cleared the copied token from the clipboard.'));

		let logFrom = testing.logLines().length;
		await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name });
		testing.advanceClock(29_000);
		assert.equal(cleared(logFrom), false, 'nothing is cleared before the time has passed');
		testing.advanceClock(1_000);
		// The clearing timer's decision is logged once it has read and written the clipboard.
		await waitFor(() => cleared(logFrom), 'the clearing timer to clear the clipboard');
		assert.equal(await vscode.env.clipboard.readText(), '');

		logFrom = testing.logLines().length;
		await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name });
		await vscode.env.clipboard.writeText('something the user copied');
		testing.advanceClock(30_000);
		await waitFor(() => testing.logLines().slice(logFrom).some((line) => line.includes('The clipboard changed since the token was copied; left as it is.')), 'the clearing timer to leave the changed clipboard alone');
		assert.equal(await vscode.env.clipboard.readText(), 'something the user copied');
		assert.equal(cleared(logFrom), false, 'nothing was cleared');
	});

	test('a stale token is refreshed before it is copied, and the status bar warns while it is stale', async () => {
		const stale = await signedInProfile('stale', { accessTokenLifetimeSeconds: 100 });
		await waitFor(async () => (await testing.statusBar()).text.includes('LWA stale'), 'the status bar to show the stale profile');
		assert.equal((await testing.statusBar()).background, 'statusBarItem.warningBackground');
		const before = stale.emulator.stats.byGrant.refresh_token ?? 0;
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'stale' }), true);
		assert.equal(stale.emulator.stats.byGrant.refresh_token, before + 1);
	});

	test('the status bar turns to the warning colour when the token becomes stale and to the error colour when it expires, by itself', async () => {
		const { summary } = await signedInProfile('expiring');
		await waitFor(async () => /LWA expiring (59|60)m$/.test((await testing.statusBar()).text), 'the status bar to show the new profile');
		assert.equal((await testing.statusBar()).background, undefined);

		// lwa.refresh.ahead is 120 s by default: from then on the token is stale. The status bar's own
		// timer fires as the clock passes it, and statusBar() waits for the render it starts.
		advanceClockTo(summary.expiresAt - 120_000);
		let status = await testing.statusBar();
		assert.match(status.text, /LWA expiring [12]m$/);
		assert.equal(status.background, 'statusBarItem.warningBackground');

		advanceClockTo(summary.expiresAt + 1_000);
		status = await testing.statusBar();
		assert.match(status.text, /LWA expiring expired$/);
		assert.equal(status.background, 'statusBarItem.errorBackground');
	});

	test('with lwa.refresh.proactive, a token is refreshed in the background once it becomes stale, and not before', async () => {
		const proactive = await signedInProfile('proactive');
		const before = proactive.emulator.stats.byGrant.refresh_token ?? 0;
		await setSetting('refresh.proactive', true);
		await waitFor(async () => (await testing.backgroundRefreshes()).includes('proactive'), 'a background refresh to be scheduled');
		advanceClockTo(proactive.summary.expiresAt - 121_000);
		assert.equal((await testing.backgroundRefreshes()).includes('proactive'), true, 'still scheduled one second before the token is stale');
		assert.equal(proactive.emulator.stats.byGrant.refresh_token ?? 0, before, 'no refresh yet');

		advanceClockTo(proactive.summary.expiresAt - 120_000);
		await waitFor(() => (proactive.emulator.stats.byGrant.refresh_token ?? 0) > before, 'a background refresh');
		// The new token gets a background refresh of its own.
		await waitFor(async () => (await testing.backgroundRefreshes()).includes('proactive'), 'the next background refresh to be scheduled');
	});

	test('a change while a background refresh runs does not start it again, so a refusal is reported once', async () => {
		const inFlight = await signedInProfile('in-flight');
		const client = { clientId: inFlight.profile.clientId, clientSecret: inFlight.profile.clientSecret, redirectUris: [inFlight.profile.redirectUri] };
		inFlight.emulator.registerClient({ ...client, clientSecret: 'rotated-elsewhere' });
		// LWA takes 3 s to refuse the refresh, long enough to change a setting while it runs.
		inFlight.emulator.setFault({ kind: 'slow', delayMs: 3000 }, { times: 1 });
		const refreshesBefore = inFlight.emulator.stats.byGrant.refresh_token ?? 0;
		const before = testing.notices().length;
		await setSetting('refresh.proactive', true);
		try {
			await waitFor(async () => (await testing.backgroundRefreshes()).includes('in-flight'), 'a background refresh to be scheduled');
			advanceClockTo(inFlight.summary.expiresAt - 120_000);
			await waitFor(() => (inFlight.emulator.stats.byGrant.refresh_token ?? 0) > refreshesBefore, 'the background refresh to start');
			// Reschedules every background refresh while this one waits for LWA.
			await setSetting('refresh.ahead', 60);
			const refusal = (): string[] => noticesSince(testing, before).filter((notice) => notice.startsWith('error:') && notice.includes('Background refresh of "in-flight" failed'));
			await waitFor(() => refusal().length > 0, 'the refused background refresh to be reported', 10_000);
			// No waiting for a second refresh "to have had time": one started by the reschedule would have
			// reached LWA at once (the slow answer is for the first request only, and LWA counts a request
			// when it arrives), long before the first refusal came back after 3 s. backgroundRefreshes()
			// waits for the last reschedule to finish.
			const scheduled = await testing.backgroundRefreshes();
			assert.equal(refusal().length, 1, 'the user was told once');
			assert.equal(inFlight.emulator.stats.byGrant.refresh_token, refreshesBefore + 1, 'one refresh request');
			assert.equal(scheduled.includes('in-flight'), false, 'no further background refresh of the refused credential');
		} finally {
			inFlight.emulator.setFault(undefined);
		}
	});

	test('a background refresh LWA refuses asks the user once and is not tried again until the next sign-in', async () => {
		const refused = await signedInProfile('refused');
		const client = { clientId: refused.profile.clientId, clientSecret: refused.profile.clientSecret, redirectUris: [refused.profile.redirectUri] };
		// As after the client secret was rotated in the Developer Console: LWA answers invalid_client.
		refused.emulator.registerClient({ ...client, clientSecret: 'rotated-elsewhere' });
		const before = testing.notices().length;
		await setSetting('refresh.proactive', true);
		const refusal = (): string[] => noticesSince(testing, before).filter((notice) => notice.startsWith('error:') && notice.includes('Background refresh of "refused" failed'));
		await waitFor(async () => (await testing.backgroundRefreshes()).includes('refused'), 'a background refresh to be scheduled');
		advanceClockTo(refused.summary.expiresAt - 120_000);
		await waitFor(() => refusal().length > 0, 'the refused background refresh to be reported');
		assert.equal(refused.emulator.stats.byOutcome.invalid_client, 1);
		assert.equal((await testing.backgroundRefreshes()).includes('refused'), false, 'no further background refresh of the refused credential');
		// Well past the minute after which a failed background refresh is tried again: nothing is due.
		testing.advanceClock(5 * 60_000);
		assert.equal((await testing.backgroundRefreshes()).includes('refused'), false, 'still none five minutes later');
		assert.equal(refused.emulator.stats.byOutcome.invalid_client, 1, 'LWA was not asked again');
		assert.equal(await testing.hasCredential('refused'), true, 'the tokens are kept');
		// A new sign-in is a new credential: it is refreshed in the background again.
		refused.emulator.registerClient(client);
		await signInWithLoopback(testing, 'refused');
		await waitFor(async () => (await testing.backgroundRefreshes()).includes('refused'), 'a background refresh to be scheduled after the new sign-in');
		assert.equal(refusal().length, 1, 'the user was told once');
		assert.equal(refused.emulator.stats.byOutcome.invalid_client, 1);
	});

	test('a revoked refresh token clears the profile\'s tokens and offers to sign in again', async () => {
		const revoked = await signedInProfile('revoked');
		revoked.emulator.revokeRefreshTokens();
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'revoked' }), undefined);
		assert.equal(await testing.hasCredential('revoked'), false);
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.startsWith('error:') && notice.includes('refused the refresh token') && notice.includes('Sign in again')), notices.join('\n'));
		await waitFor(async () => (await testing.statusBar()).text.includes('Sign in'), 'the status bar to ask for sign-in');
	});

	test('an unreachable token endpoint keeps the tokens and says what failed', async () => {
		const down = await signedInProfile('down');
		await down.emulator.close();
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'down' }), undefined);
		assert.equal(await testing.hasCredential('down'), true, 'the tokens are kept');
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.includes('Could not reach Login with Amazon') && notice.includes('kept')), notices.join('\n'));
	});

	test('the testing hooks\' accessToken() rejects for a profile that does not exist', async () => {
		await assert.rejects(testing.accessToken('no-such-profile'), /no valid LWA profile named "no-such-profile"/);
	});

	test('sign out removes the tokens and, when asked, the client secret', async () => {
		const { profile: signingOut } = await signedInProfile('signing-out');
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: signingOut.name, removeClientSecret: false }), true);
		assert.equal(await testing.hasCredential(signingOut.name), false);
		await waitFor(async () => (await testing.statusBar()).text.endsWith('LWA signing-out: Sign in'), 'the status bar to ask for sign-in');
		assert.equal((await signInWithLoopback(testing, signingOut.name)).hasRefreshToken, true, 'the client secret was kept');

		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: signingOut.name, removeClientSecret: true }), true);
		assert.equal((await signInWithLoopback(testing, signingOut.name)).hasRefreshToken, false, 'the client secret was removed');
	});

	test('in a browser-hosted editor (this tier\'s code-server) a sign-out says to reload the other tabs, once in the window\'s life', async () => {
		assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'code-server is a browser-hosted editor');
		const { profile: first } = await signedInProfile('tabs-warned');
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: first.name, removeClientSecret: false }), true);
		await signInWithLoopback(testing, first.name);
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: first.name, removeClientSecret: false }), true);
		// Every notice of the run so far: earlier suites may have signed out first, and it is still one.
		const warnings = testing.notices().filter((notice) => notice.text.includes('each tab keeps its own copy of the secrets'));
		assert.equal(warnings.length, 1, warnings.map((notice) => notice.text).join('\n'));
		assert.equal(warnings[0].level, 'warning');
		assert.match(warnings[0].text, /Reload or close this editor's other tabs now/);
	});

	test('the status bar hides when lwa.statusBar.enabled is false and shows again when it is reset', async () => {
		await setSetting('statusBar.enabled', false);
		try {
			await waitFor(async () => !(await testing.statusBar()).visible, 'the status bar to hide');
		} finally {
			await setSetting('statusBar.enabled', undefined);
		}
		await waitFor(async () => (await testing.statusBar()).visible, 'the status bar to come back');
	});
});
