// Profiles: adding through the command with arguments, bad values named by field, switching,
// removing with their secrets, and setting the client secret.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import {
	addProfile, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, setProfiles,
	signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

suite('Profiles', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let redirectUri: string;
	const added: string[] = [];

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator();
		redirectUri = `http://127.0.0.1:${await freePort()}/lwa/callback`;
	});

	suiteTeardown(async () => {
		await removeProfiles(added);
		await emulator?.close();
	});

	/** Runs lwa.addProfile with a raw profile and returns the error notices it showed. */
	async function addInvalid(raw: Record<string, unknown>): Promise<string[]> {
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.addProfile', { profile: raw }), undefined);
		return noticesSince(testing, before).filter((notice) => notice.startsWith('error:'));
	}

	const valid = { name: 'good', region: 'EU', clientId: 'amzn1.application-oa2-client.good', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback' };

	test('a problem in lwa.profiles is shown once, naming the field, with Open Settings, and again only when the problems change', async () => {
		const bad = { ...valid, name: 'bad-region', region: 'XX' };
		const before = testing.notices().length;
		await setProfiles([valid, bad]);
		const shown = (): string[] => noticesSince(testing, before).filter((notice) => notice.includes('LWA profile settings:'));
		await waitFor(() => shown().length === 1, 'the problem notice');
		assert.match(shown()[0], /^warning: LWA profile settings: .*"region" must be "NA", "EU" or "FE".* Profiles with problems are skipped\.$/);
		assert.deepEqual(testing.notices()[testing.notices().findIndex((notice, index) => index >= before && notice.text.includes('LWA profile settings:'))].actions, ['Open Settings']);
		// The same problems again (the active profile changed): not shown again. Then a new problem is.
		await setProfiles([valid, bad], 'good');
		await setProfiles([valid, bad, { ...valid, name: 'bad-scopes', scopes: [] }]);
		await waitFor(() => shown().length === 2, 'the notice of the changed problems');
		assert.match(shown()[1], /and 1 more problem/);
		assert.equal(shown().length, 2, 'the unchanged problems were not shown twice');
		await setProfiles([]);
	});

	test('adds a profile to user settings and makes it active when none is', async () => {
		await setProfiles([]);
		assert.deepEqual(await vscode.commands.executeCommand('lwa.addProfile', { profile: valid }), { profile: 'good' });
		added.push('good');
		const config = vscode.workspace.getConfiguration('lwa');
		assert.deepEqual(config.inspect('profiles')?.globalValue, [valid]);
		assert.equal(config.get('activeProfile'), 'good');
		await waitFor(async () => (await testing.statusBar()).text.includes('LWA good: Sign in'), 'the status bar to show the new profile');
	});

	test('names the field of each bad value', async () => {
		assert.match((await addInvalid({ ...valid, name: 'bad-region', region: 'US' })).join('\n'), /"region"/);
		assert.match((await addInvalid({ ...valid, name: 'bad-endpoint', endpoints: { token: 'http://gateway.example.com/token' } })).join('\n'), /endpoints\.token/);
		assert.match((await addInvalid({ ...valid, name: 'bad-redirect', redirectUri: 'not a url' })).join('\n'), /"redirectUri"/);
		assert.match((await addInvalid({ ...valid, name: 'bad-http', redirectUri: 'http://example.com/cb' })).join('\n'), /"redirectUri" must use https/);
		assert.match((await addInvalid({ ...valid })).join('\n'), /another profile is already called "good"/);
	});

	test('reports bad entries written straight into settings, naming the entry and field', async () => {
		const before = testing.notices().length;
		await setProfiles([valid, { ...valid, name: 'broken', region: 'XX' }], 'good');
		await waitFor(() => noticesSince(testing, before).some((notice) => notice.includes('lwa.profiles[1] ("broken")') && notice.includes('"region"')), 'a warning naming the bad entry');
		await setProfiles([valid], 'good');
	});

	test('switches the active profile', async () => {
		const other = { ...valid, name: 'other' };
		await vscode.commands.executeCommand('lwa.addProfile', { profile: other });
		added.push('other');
		assert.equal(await vscode.commands.executeCommand('lwa.switchProfile', { profile: 'other' }), 'other');
		assert.equal(vscode.workspace.getConfiguration('lwa').get('activeProfile'), 'other');
		await waitFor(async () => (await testing.statusBar()).text.includes('LWA other'), 'the status bar to follow');
	});

	test('a command naming an unknown profile says so', async () => {
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: 'nobody' }), undefined);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('no LWA profile named "nobody"')));
	});

	test('removing a profile removes its tokens and client secret too', async () => {
		const removable = emulatorProfile(emulator, { name: 'removable', redirectUri });
		await addProfile(removable);
		assert.equal((await signInWithLoopback(testing, 'removable')).hasRefreshToken, true);
		assert.equal(await vscode.commands.executeCommand('lwa.removeProfile', { profile: 'removable' }), true);
		assert.equal(await testing.hasCredential('removable'), false);
		assert.equal(((vscode.workspace.getConfiguration('lwa').inspect('profiles')?.globalValue ?? []) as { name: string }[]).some((entry) => entry.name === 'removable'), false);

		// Added again without a secret: the old secret must be gone, so no refresh token comes back.
		await addProfile(removable, { withSecret: false });
		added.push('removable');
		assert.equal((await signInWithLoopback(testing, 'removable')).hasRefreshToken, false);
	});

	test('lwa.setClientSecret stores the secret used by the next sign-in', async () => {
		const later = emulatorProfile(emulator, { name: 'later-secret', redirectUri });
		await addProfile(later, { withSecret: false });
		added.push('later-secret');
		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: 'later-secret', clientSecret: later.clientSecret }), true);
		assert.equal((await signInWithLoopback(testing, 'later-secret')).hasRefreshToken, true);
	});
});
