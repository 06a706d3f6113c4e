// Run only in the pseudo-locale (`npm test` runs it as its own step: LWA_INTEGRATION_LOCALE=qps-ploc,
// see test/harness/pseudoLocale.ts), where every message of the extension's l10n bundle is wrapped in
// ⟦…⟧. What the user reads in both panels, the main notices and the status bar must be wrapped: a
// text without the brackets did not come from the bundle. Values are exempt: URLs, ids and scopes in
// <code>, moments in <time>, names and addresses in <span class="value">.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import {
	addProfile, emulatorProfile, extensionApi, freePort, removeProfiles, setProfiles, signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

const OPEN = '⟦';
const CLOSE = '⟧';

function isWrapped(text: string): boolean {
	return text.startsWith(OPEN) && text.endsWith(CLOSE);
}

/** Undoes escapeHtml/escapeText (numeric character references) and the named references. */
function decodeEntities(text: string): string {
	return text
		.replace(/&#(\d+);/g, (_whole, code: string) => String.fromCharCode(Number(code)))
		.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The texts of a panel's page that hold letters and are not wrapped (values exempt, see above). */
function unwrappedTexts(html: string): string[] {
	const withoutValues = html
		.replace(/<style[\s\S]*?<\/style>/g, '')
		.replace(/<script[\s\S]*?<\/script>/g, '')
		.replace(/<code>[\s\S]*?<\/code>/g, '')
		.replace(/<time\b[^>]*>[\s\S]*?<\/time>/g, '')
		.replace(/<span class="value">[\s\S]*?<\/span>/g, '');
	return withoutValues
		.split(/<[^>]*>/)
		.map((text) => decodeEntities(text).trim())
		.filter((text) => /\p{L}/u.test(text) && !isWrapped(text));
}

suite('Pseudo-locale: what the user reads comes from the l10n bundle', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	const added: string[] = [];

	async function signedInProfile(name: string): Promise<void> {
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/lwa/callback`, scopes: ['profile', 'postal_code'] });
		await addProfile(profile);
		added.push(name);
		await signInWithLoopback(testing, name);
	}

	function panelHtml(view: 'inspectToken' | 'redirectSetup'): string {
		const snapshot = testing.panel(view);
		assert.ok(snapshot, `the ${view} panel is open`);
		return snapshot.html;
	}

	suiteSetup(async () => {
		assert.equal(vscode.env.language, 'qps-ploc', 'this suite runs in the pseudo-locale only (LWA_INTEGRATION_LOCALE=qps-ploc)');
		({ testing } = await extensionApi());
		emulator = await startEmulator();
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await removeProfiles(added);
		await setProfiles([]);
		await emulator?.close();
	});

	test('the Redirect Setup panel of a loopback profile: every sentence, heading, label, rule and button is wrapped', async () => {
		await signedInProfile('pseudo-loopback');
		await vscode.commands.executeCommand('lwa.showRedirectSetup', { profile: 'pseudo-loopback' });
		const html = panelHtml('redirectSetup');
		assert.deepEqual(unwrappedTexts(html), []);
		assert.ok(html.includes(`${OPEN}Loopback: while a sign-in waits`), 'the way back is worded from the bundle');
	});

	test('the Redirect Setup panel of a self-hosted relay profile with a trailing slash: the hosting steps and the finding are wrapped', async () => {
		const profile = emulatorProfile(emulator, { name: 'pseudo-relay', redirectUri: 'https://relay.example.com/lwa/relay.html/' });
		await addProfile(profile);
		added.push(profile.name);
		await vscode.commands.executeCommand('lwa.showRedirectSetup', { profile: 'pseudo-relay' });
		const html = panelHtml('redirectSetup');
		assert.deepEqual(unwrappedTexts(html), []);
		assert.ok(html.includes(`${OPEN}Copy relay.html, relay.js and relay.css`), 'a hosting step is worded from the bundle');
		assert.ok(decodeEntities(html).includes(`${OPEN}The path ends with "/".`), 'the trailing-slash finding is worded from the bundle');
	});

	test('the Inspect Access Token panel, with the customer profile fetched: every label, sentence and button is wrapped', async () => {
		await vscode.commands.executeCommand('lwa.inspectToken', { profile: 'pseudo-loopback' });
		await testing.clickPanelButton('inspectToken', { action: 'fetchProfile' });
		await waitFor(() => panelHtml('inspectToken').includes('<span class="value">'), 'the customer profile in the panel');
		assert.deepEqual(unwrappedTexts(panelHtml('inspectToken')), []);
	});

	test('the status bar shows the remaining time from the bundle (LWA <name> ⟦60m⟧), and every tooltip line is wrapped', async () => {
		await vscode.commands.executeCommand('lwa.switchProfile', { profile: 'pseudo-loopback' });
		const shown = await testing.statusBar();
		assert.match(shown.text, /^\$\(key\) LWA pseudo-loopback ⟦\d+m⟧$/);
		const lines = shown.tooltip.split('\n').map((line) => line.trim()).filter((line) => /\p{L}/u.test(line));
		assert.ok(lines.length > 0, 'the tooltip has lines');
		// The first line starts with the product's name, which stays as it is.
		const texts = lines.map((line) => line.replace(/^\*\*LWA Credentials\*\*: /, ''));
		assert.deepEqual(texts.filter((text) => !isWrapped(text)), [], 'every tooltip line is a localized text');
	});

	test('the main notices are wrapped: signed in, copied, refreshed, not signed in, a refused refresh token, a profile problem', async () => {
		const from = testing.notices().length;
		await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'pseudo-loopback' });
		await vscode.commands.executeCommand('lwa.refresh', { profile: 'pseudo-loopback' });
		await vscode.commands.executeCommand('lwa.copyAccessToken', { profile: 'pseudo-relay' });
		emulator.revokeRefreshTokens();
		await vscode.commands.executeCommand('lwa.refresh', { profile: 'pseudo-loopback' });
		const settings = vscode.workspace.getConfiguration('lwa');
		const profiles = settings.get<Record<string, unknown>[]>('profiles') ?? [];
		await settings.update('profiles', [...profiles, { name: 'pseudo-broken', region: 'XX', clientId: 'c', scopes: ['profile'], redirectUri: 'https://x.example/cb' }], vscode.ConfigurationTarget.Global);
		await waitFor(() => testing.notices().slice(from).some((notice) => notice.text.includes('pseudo-broken') || notice.text.includes('lwa.profiles[')), 'the profile problem notice');
		const notices = testing.notices().slice(from);
		assert.ok(notices.length >= 5, `five notices or more (${notices.length})`);
		const unwrapped = notices.filter((notice) => !isWrapped(notice.text)).map((notice) => notice.text);
		assert.deepEqual(unwrapped, []);
		const buttons = notices.flatMap((notice) => notice.actions).filter((action) => !isWrapped(action));
		assert.deepEqual(buttons, [], 'every button label is wrapped');
	});
});
