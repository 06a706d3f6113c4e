// One-time Data Portability transfers in the real extension host against the emulator: the warning at
// sign-in, a refused refresh that keeps the still-valid access token for a copy, and the background
// refresh leaving such a profile alone. Later moments are reached with testing.advanceClock, never by
// waiting; absence is shown by the emulator's request counts after another profile's refresh came due.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TokenSummary } from './support/lwaTestKit';
import {
	addProfile, assertSameSecretText, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, setSetting,
	signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

suite('One-time Data Portability transfers', () => {
	let testing: LwaTestingApi;
	const added: string[] = [];
	const emulators: LwaEmulator[] = [];

	/** A profile on its own emulator with the given scopes, signed in through the loopback listener. */
	async function signedIn(name: string, scopes: string[], on?: LwaEmulator): Promise<{ emulator: LwaEmulator; summary: TokenSummary; noticesBefore: number }> {
		let emulator = on;
		if (!emulator) {
			emulator = await startEmulator();
			emulators.push(emulator);
		}
		await addProfile(emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes }));
		added.push(name);
		const noticesBefore = testing.notices().length;
		const summary = await signInWithLoopback(testing, name);
		return { emulator, summary, noticesBefore };
	}

	function advanceClockTo(moment: number): void {
		testing.advanceClock(Math.max(0, moment - testing.now()));
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
	});

	teardown(async () => {
		await setSetting('refresh.proactive', undefined);
		await setSetting('dataPortability.assumeOneTimeTransfer', undefined);
		for (const name of added.splice(0)) {
			await vscode.commands.executeCommand('lwa.removeProfile', { profile: name });
		}
	});

	suiteTeardown(async () => {
		await removeProfiles(added);
		for (const each of emulators) {
			await each.close();
		}
	});

	test('LWA: Sign In on a portability:: profile warns once that the token can be generated only once and to fetch the data within its hour', async () => {
		const { noticesBefore } = await signedIn('adp-once-warned', ['profile', 'portability::customer_profile']);
		await waitFor(() => noticesSince(testing, noticesBefore).some((notice) => notice.includes('can be generated only once')), 'the one-time transfer warning');
		const notices = noticesSince(testing, noticesBefore).filter((notice) => notice.includes('"adp-once-warned"'));
		const warnings = notices.filter((notice) => notice.startsWith('warning:') && notice.includes('can be generated only once') && notice.includes('fetch the data within its hour'));
		assert.equal(warnings.length, 1, notices.join('\n'));
		assert.equal(notices.filter((notice) => notice.startsWith('info:')).length, 0, 'the warning takes the place of the success notice');
	});

	test('a profile without portability:: scopes gets the plain success notice, no one-time warning', async () => {
		const { noticesBefore } = await signedIn('adp-once-plain', ['profile']);
		await waitFor(() => noticesSince(testing, noticesBefore).some((notice) => notice.startsWith('info:') && notice.includes('Signed in to "adp-once-plain"')), 'the success notice');
		assert.equal(noticesSince(testing, noticesBefore).some((notice) => notice.includes('can be generated only once')), false);
	});

	test('a refused refresh of a one-time profile keeps its still-valid access token, says so, and a copy still gets that token', async () => {
		const { emulator } = await signedIn('adp-once-kept', ['portability::customer_profile']);
		const token = await testing.accessToken('adp-once-kept');
		emulator.revokeRefreshTokens();
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'adp-once-kept' }), undefined);
		assert.equal(await testing.hasCredential('adp-once-kept'), true, 'the credential is kept');
		const notices = noticesSince(testing, before);
		assert.ok(notices.some((notice) => notice.startsWith('warning:') && notice.includes('cannot be renewed') && notice.includes('stays usable until it expires')), notices.join('\n'));
		assert.equal(notices.some((notice) => notice.includes('removed')), false, 'no notice claims the tokens were removed');
		const refreshes = emulator.stats.byGrant.refresh_token ?? 0;
		assert.equal(await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'adp-once-kept' }), true);
		assertSameSecretText(await vscode.env.clipboard.readText(), token, 'lwa.copyAccessToken after the refused refresh');
		assert.equal(emulator.stats.byGrant.refresh_token ?? 0, refreshes, 'the copy asked LWA for nothing');
	});

	test('with lwa.refresh.proactive, a one-time profile gets no background refresh while a normal one on the same emulator is refreshed', async () => {
		const once = await signedIn('adp-once-quiet', ['portability::customer_profile']);
		const normal = await signedIn('adp-once-normal', ['profile'], once.emulator);
		const before = once.emulator.stats.byGrant.refresh_token ?? 0;
		await setSetting('refresh.proactive', true);
		await waitFor(async () => (await testing.backgroundRefreshes()).includes('adp-once-normal'), 'the normal profile\'s background refresh to be scheduled');
		assert.equal((await testing.backgroundRefreshes()).includes('adp-once-quiet'), false, 'none scheduled for the one-time profile');
		// Both tokens are stale from here on (the normal one was issued later, so it becomes stale later).
		advanceClockTo(Math.max(once.summary.expiresAt, normal.summary.expiresAt) - 120_000);
		await waitFor(() => (once.emulator.stats.byGrant.refresh_token ?? 0) > before, 'the normal profile\'s background refresh');
		await testing.backgroundRefreshes();
		assert.equal(once.emulator.stats.byGrant.refresh_token, before + 1, 'one refresh: the normal profile\'s, not the one-time profile\'s');
		assert.equal((await testing.backgroundRefreshes()).includes('adp-once-quiet'), false);
		assert.equal(await testing.hasCredential('adp-once-quiet'), true);
	});
});
