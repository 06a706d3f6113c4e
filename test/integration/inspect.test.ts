// "LWA: Inspect Access Token" against the emulator: what tokeninfo says about the token, the
// customer profile on demand, and the failures (audience mismatch, invalid token, network) shown
// plainly, never with the token or the server's text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { TokenInspection } from '../../src/vscode/inspect/tokenInspector';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TestProfile } from './support/lwaTestKit';
import {
	addProfile, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, setProfiles,
	signInWithLoopback, startEmulator,
} from './support/lwaTestKit';

suite('Inspect Access Token', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let profile: TestProfile;
	const added: string[] = [];
	const emulators: LwaEmulator[] = [];

	function inspect(arg: Record<string, unknown>): Thenable<TokenInspection | undefined> {
		return vscode.commands.executeCommand<TokenInspection | undefined>('lwa.inspectToken', arg);
	}

	/** Points the profile's settings somewhere else while its stored tokens stay. */
	async function withProfileSettings(changes: Record<string, unknown>, run: () => Promise<void>): Promise<void> {
		await setProfiles([{ ...profile.raw, ...changes }], profile.name);
		try {
			await run();
		} finally {
			await setProfiles([profile.raw], profile.name);
		}
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		emulators.push(emulator);
		profile = emulatorProfile(emulator, { name: 'inspect', redirectUri: `http://127.0.0.1:${await freePort()}/cb`, scopes: ['profile', 'postal_code'] });
		await addProfile(profile);
		added.push(profile.name);
		await signInWithLoopback(testing, profile.name);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await removeProfiles(added);
		for (const each of emulators) {
			await each.close();
		}
	});

	test('shows what tokeninfo says about the token: audience, user, app, issuer, time left, scopes, refresh token', async () => {
		const model = await inspect({ profile: profile.name });
		assert.ok(model, 'the command resolves to the model');
		assert.equal(model.error, undefined);
		const info = model.tokeninfo;
		assert.ok(info);
		assert.equal(info.audience, profile.clientId);
		assert.equal(info.audienceMatches, true);
		assert.match(info.userId ?? '', /^amzn1\.account\./);
		assert.ok(info.appId);
		assert.equal(info.issuer, 'https://www.amazon.com');
		assert.ok(info.expiresInSeconds > 3500 && info.expiresInSeconds <= 3600, `seconds left: ${info.expiresInSeconds}`);
		assert.ok(Math.abs(info.expiresAt - (testing.now() + info.expiresInSeconds * 1000)) < 5000, 'local expiry follows from exp, on the extension\'s clock');
		assert.deepEqual(model.scopes.requested, ['profile', 'postal_code']);
		assert.deepEqual(model.scopes.granted.slice().sort(), ['postal_code', 'profile']);
		assert.deepEqual(model.scopes.notGranted, []);
		assert.equal(model.hasRefreshToken, true);
		assert.equal(model.clientId, profile.clientId);
	});

	test('the panel is a strict-CSP page without the token or outside resources, with a Fetch Profile button', async () => {
		await inspect({ profile: profile.name });
		const panel = testing.panel('inspectToken');
		assert.ok(panel, 'the panel is open');
		const token = await testing.accessToken(profile.name);
		assert.ok(!panel.html.includes(token), 'the token is not in the page');
		assert.ok(!panel.html.includes(token.slice(5, 40)), 'no part of the token is in the page');
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(panel.html)?.[1] ?? '';
		assert.match(csp, /^default-src 'none';/);
		const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
		assert.ok(nonce, 'scripts need a nonce');
		assert.ok(panel.html.includes(`<script nonce="${nonce}">`));
		assert.doesNotMatch(panel.html, /<(script|link|img)[^>]+(src|href)=/i, 'nothing is loaded from outside');
		assert.match(panel.html, /var\(--vscode-foreground\)/, 'theme colours');
		assert.match(panel.html, /data-action="fetchProfile"/);
		assert.ok(panel.html.includes(profile.clientId));
		assert.match(panel.html, /matches the profile's client id/);
	});

	test('Fetch Profile asks the profile endpoint only when clicked', async () => {
		const model = await inspect({ profile: profile.name });
		assert.equal(model?.userProfile, undefined, 'not fetched before the click');
		await testing.clickPanelButton('inspectToken', { action: 'fetchProfile' });
		const after = testing.panel('inspectToken')?.model as TokenInspection;
		assert.equal(after.userProfileError, undefined);
		assert.match(after.userProfile?.userId ?? '', /^amzn1\.account\./);
		assert.ok(after.userProfile?.email, 'the profile scope gives the email');
		assert.ok(after.userProfile?.postalCode, 'postal_code is granted');
		assert.ok(testing.panel('inspectToken')?.html.includes('Postal code'));

		const direct = await inspect({ profile: profile.name, fetchProfile: true });
		assert.ok(direct?.userProfile?.name);
	});

	test('warns clearly when the token was issued to another client', async () => {
		const other = emulatorProfile(emulator, { name: 'other-client', redirectUri: profile.redirectUri });
		await withProfileSettings({ clientId: other.clientId }, async () => {
			const before = testing.notices().length;
			const model = await inspect({ profile: profile.name });
			assert.equal(model?.tokeninfo?.audienceMatches, false);
			assert.equal(model?.tokeninfo?.audience, profile.clientId);
			assert.equal(model?.clientId, other.clientId);
			const notices = noticesSince(testing, before);
			assert.ok(notices.some((notice) => notice.startsWith('warning:') && notice.includes('issued to another client')), notices.join('\n'));
			assert.match(testing.panel('inspectToken')?.html ?? '', /Audience mismatch/);
		});
	});

	test('an invalid token is reported plainly, without the server\'s text or the token', async () => {
		const stranger = await startEmulator();
		emulators.push(stranger);
		const token = await testing.accessToken(profile.name);
		await withProfileSettings({ endpoints: { ...emulator.endpoints, tokeninfo: stranger.endpoints.tokeninfo } }, async () => {
			const before = testing.notices().length;
			const model = await inspect({ profile: profile.name });
			assert.equal(model?.error?.code, 'invalid_grant');
			assert.equal(model?.tokeninfo, undefined);
			const notices = noticesSince(testing, before);
			assert.ok(notices.some((notice) => notice.startsWith('error:') && notice.includes('not valid')), notices.join('\n'));
			for (const text of [...notices, testing.panel('inspectToken')?.html ?? '']) {
				assert.ok(!text.includes(token), 'no token');
				assert.doesNotMatch(text, /The request has an invalid parameter|invalid_token/i, 'no server text');
			}
		});
	});

	test('a network failure is reported as such', async () => {
		const closedPort = await freePort();
		await withProfileSettings({ endpoints: { ...emulator.endpoints, tokeninfo: `http://127.0.0.1:${closedPort}/auth/o2/tokeninfo` } }, async () => {
			const before = testing.notices().length;
			const model = await inspect({ profile: profile.name });
			assert.equal(model?.error?.code, 'network');
			assert.ok(noticesSince(testing, before).some((notice) => notice.startsWith('error:') && notice.includes('Inspecting the access token')));
		});
	});

	test('a profile that is not signed in is told to sign in, and the inspect panel is neither opened nor redrawn', async () => {
		const fresh = emulatorProfile(emulator, { name: 'inspect-fresh', redirectUri: profile.redirectUri });
		await addProfile(fresh);
		added.push(fresh.name);
		const before = testing.notices().length;
		// Closed, or still showing another profile: each drawing has a new nonce, so its HTML changes.
		const panelBefore = testing.panel('inspectToken')?.html;
		assert.equal(await inspect({ profile: fresh.name }), undefined);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('is not signed in')));
		assert.equal(testing.panel('inspectToken')?.html, panelBefore, 'the panel shows what it showed before');
	});
});
