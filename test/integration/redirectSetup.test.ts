// "LWA: Show Redirect Setup" (the redirect doctor) for loopback, relay and grantless profiles: the
// exact Allowed Return URL with a working Copy button, LWA's rules, the way back and the warnings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { RedirectSetup } from '../../src/core/redirectSetup';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import {
	addProfile, emulatorProfile, extensionApi, freePort, noticesSince, removeProfiles, startEmulator,
} from './support/lwaTestKit';

suite('Show Redirect Setup', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	const added: string[] = [];

	function showSetup(profile: string): Thenable<RedirectSetup | undefined> {
		return vscode.commands.executeCommand<RedirectSetup | undefined>('lwa.showRedirectSetup', { profile });
	}

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		emulator = await startEmulator();
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await removeProfiles(added);
		await emulator.close();
	});

	test('a loopback profile gets its exact URL with port and path, a Copy button that works, and the rules', async () => {
		const port = await freePort();
		const loopback = emulatorProfile(emulator, { name: 'doctor-loop', redirectUri: `http://127.0.0.1:${port}/lwa/callback` });
		await addProfile(loopback);
		added.push(loopback.name);
		const setup = await showSetup(loopback.name);
		assert.ok(setup);
		assert.equal(setup.way, 'loopback');
		assert.deepEqual(setup.allowedReturnUrls.map((entry) => entry.url), [loopback.redirectUri]);
		assert.equal(setup.loopback?.port, port);
		assert.equal(setup.loopback?.path, '/lwa/callback');
		assert.equal(setup.loopback?.otherHostEntry, `http://localhost:${port}/lwa/callback`);
		assert.ok(setup.findings.every((finding) => finding.severity === 'info'), 'a good loopback URI has notes only');

		const panel = testing.panel('redirectSetup');
		assert.ok(panel, 'the panel is open');
		assert.ok(panel.html.includes(`<code>${loopback.redirectUri}</code>`));
		assert.match(panel.html, /data-action="copy" data-index="0"/);
		assert.match(panel.html, /content="default-src 'none';/);
		assert.match(panel.html, /127\.0\.0\.1 and localhost are different/);
		assert.match(panel.html, /https:, except http:\/\/localhost and http:\/\/127\.0\.0\.1 with a port/);
		assert.match(panel.html, /query string/);

		await vscode.env.clipboard.writeText('before');
		const before = testing.notices().length;
		await testing.clickPanelButton('redirectSetup', { action: 'copy', index: 0 });
		assert.equal(await vscode.env.clipboard.readText(), loopback.redirectUri);
		assert.ok(noticesSince(testing, before).some((notice) => notice.includes('Copied the Allowed Return URL')));
	});

	test('a relay profile gets the hosted page URL, how to host the relay page, and a trailing-slash warning', async () => {
		const relay = emulatorProfile(emulator, { name: 'doctor-relay', redirectUri: 'https://relay.example.test/lwa/relay/' });
		await addProfile(relay);
		added.push(relay.name);
		const setup = await showSetup(relay.name);
		assert.equal(setup?.way, 'relay');
		assert.deepEqual(setup?.allowedReturnUrls.map((entry) => entry.url), ['https://relay.example.test/lwa/relay/']);
		assert.equal(setup?.relay?.pageUrl, 'https://relay.example.test/lwa/relay/');
		assert.deepEqual(setup?.findings.map((finding) => finding.code), ['trailing_slash']);
		const html = testing.panel('redirectSetup')?.html ?? '';
		assert.match(html, /Hosting the relay page/);
		assert.match(html, /relay\.html, relay\.js and relay\.css/);
		assert.match(html, /class="callout warning"/);
	});

	test('in a browser-hosted editor, a relay profile gets the exact meta tag line for its hosted page, with a Copy button', async () => {
		const relay = emulatorProfile(emulator, { name: 'doctor-own-relay', redirectUri: 'https://relay.example.test/lwa/relay.html' });
		await addProfile(relay);
		added.push(relay.name);
		const setup = await showSetup(relay.name);
		// Here the editor is code-server, which a browser reaches on 127.0.0.1 with a port.
		assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
		const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://lwa-tools.lwa-credentials/callback`));
		const metaTag = `<meta name="lwa-editor-base" content="${new URL(external.toString(true)).origin}">`;
		assert.equal(setup?.relay?.published, false);
		assert.equal(setup?.relay?.editorBaseMetaTag, metaTag);
		assert.deepEqual(setup?.findings.map((finding) => finding.code), []);
		const html = testing.panel('redirectSetup')?.html ?? '';
		assert.ok(html.includes(`<code>${metaTag.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)}</code>`), 'the line is shown escaped');
		assert.match(html, /data-action="copyMetaTag"/);

		await testing.clickPanelButton('redirectSetup', { action: 'copyMetaTag' });
		assert.equal(await vscode.env.clipboard.readText(), metaTag);
	});

	test('the published relay page needs nothing hosted, and in a browser-hosted editor says it returns to desktop editors only', async () => {
		const published = emulatorProfile(emulator, { name: 'doctor-published', redirectUri: 'https://lwa-tools.github.io/lwa-credentials/relay.html' });
		await addProfile(published);
		added.push(published.name);
		const setup = await showSetup(published.name);
		assert.equal(setup?.way, 'relay');
		assert.equal(setup?.relay?.published, true);
		assert.deepEqual(setup?.allowedReturnUrls.map((entry) => entry.url), ['https://lwa-tools.github.io/lwa-credentials/relay.html']);
		assert.deepEqual(setup?.findings.map((finding) => finding.code), ['published_relay_browser_editor']);
		assert.match(testing.panel('redirectSetup')?.html ?? '', /Nothing to host/);
	});

	test('a redirect URI with a query string is flagged: it must be registered with it', async () => {
		const query = emulatorProfile(emulator, { name: 'doctor-query', redirectUri: 'https://app.example.test/cb?close' });
		await addProfile(query);
		added.push(query.name);
		const setup = await showSetup(query.name);
		assert.deepEqual(setup?.findings.map((finding) => finding.code), ['query_string']);
		assert.equal(setup?.allowedReturnUrls[0].url, 'https://app.example.test/cb?close');
	});

	test('a client credentials profile needs no Allowed Return URL', async () => {
		const grantless = emulatorProfile(emulator, { name: 'doctor-grantless', redirectUri: '', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications'] });
		await addProfile(grantless);
		added.push(grantless.name);
		const setup = await showSetup(grantless.name);
		assert.equal(setup?.way, 'none');
		assert.deepEqual(setup?.allowedReturnUrls, []);
		assert.doesNotMatch(testing.panel('redirectSetup')?.html ?? '', /data-action="copy"/);
	});

	test('ignores panel messages that are not its buttons', async () => {
		await vscode.env.clipboard.writeText('unchanged');
		await testing.clickPanelButton('redirectSetup', { action: 'copy', index: 7 });
		await testing.clickPanelButton('redirectSetup', { action: 'x'.repeat(100) });
		assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
	});
});
