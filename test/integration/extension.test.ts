// The extension activates in the real extension host, and its manifest and its registered commands
// agree with each other.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from './support/lwaTestKit';

interface ManifestCommand {
	command: string;
	title: string;
	category?: string;
}

interface Manifest {
	activationEvents: string[];
	capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
	contributes: {
		commands: ManifestCommand[];
		menus: { commandPalette: { command: string; when: string }[] };
		configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
		views?: Record<string, { id: string }[]>;
	};
}

/** VS Code itself registers `<view id>.focus`, `.open` and the like for every contributed view. */
function isGeneratedViewCommand(command: string, viewIds: readonly string[]): boolean {
	return viewIds.some((viewId) => command.startsWith(`${viewId}.`) && /^[a-zA-Z]+$/.test(command.slice(viewId.length + 1)));
}

function manifest(): Manifest {
	const extension = vscode.extensions.getExtension(EXTENSION_ID);
	assert.ok(extension);
	return extension.packageJSON as Manifest;
}

suite('Extension', () => {
	suiteSetup(async () => {
		await extensionApi();
	});

	test('activates and exports only the testing hooks, never a token function (tokens go through the authentication provider)', async () => {
		const { exports: activated } = await extensionApi();
		assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
		assert.deepEqual(Object.keys(activated), ['testing']);
	});

	// Runs before any suite that makes an HTTP request (files run in name order).
	test('does not load undici at activation', () => {
		const loaded = Object.keys(require.cache).filter((file) => /[\\/]dist[\\/]undiciHttpClient\.js$/.test(file));
		assert.deepEqual(loaded, []);
	});

	test('activates only on a URI or after startup, never on a command', () => {
		assert.deepEqual(manifest().activationEvents, ['onUri', 'onStartupFinished']);
	});

	test('every command declared in package.json is registered', async () => {
		const registered = new Set(await vscode.commands.getCommands(true));
		const missing = manifest().contributes.commands.map((entry) => entry.command).filter((command) => !registered.has(command));
		assert.deepEqual(missing, []);
	});

	test('every registered lwa.* command is declared with the LWA category and a title', async () => {
		const declared = new Map(manifest().contributes.commands.map((entry) => [entry.command, entry]));
		const viewIds = Object.values(manifest().contributes.views ?? {}).flat().map((view) => view.id);
		const registered = (await vscode.commands.getCommands(true))
			.filter((command) => command.startsWith('lwa.') && (declared.has(command) || !isGeneratedViewCommand(command, viewIds)));
		assert.ok(registered.length >= 12, `found ${registered.length} lwa.* commands`);
		for (const command of registered) {
			const entry = declared.get(command);
			assert.ok(entry, `${command} is declared in contributes.commands`);
			assert.equal(entry.category, 'LWA', `${command} has the LWA category`);
			assert.match(entry.title, /^[A-Z]/, `${command} has a Title Case title`);
		}
	});

	test('declares the issue\'s commands with their titles', () => {
		const titles = Object.fromEntries(manifest().contributes.commands.map((entry) => [entry.command, entry.title]));
		assert.equal(titles['lwa.signIn'], 'Sign In');
		assert.equal(titles['lwa.signOut'], 'Sign Out');
		assert.equal(titles['lwa.refresh'], 'Refresh Access Token');
		assert.equal(titles['lwa.copyAccessToken'], 'Copy Access Token');
		assert.equal(titles['lwa.copyAuthorizationHeader'], 'Copy Authorization Header');
		assert.equal(titles['lwa.copyAs'], 'Copy Access Token As…');
		assert.equal(titles['lwa.addProfile'], 'Add Profile');
		assert.equal(titles['lwa.removeProfile'], 'Remove Profile');
		assert.equal(titles['lwa.switchProfile'], 'Switch Profile');
		assert.equal(titles['lwa.setClientSecret'], 'Set Client Secret');
		assert.equal(titles['lwa.completeSignIn'], 'Complete Sign-In (Paste Redirect URL or Code)');
		assert.equal(titles['lwa.showLog'], 'Show Log');
		assert.equal(titles['lwa.inspectToken'], 'Inspect Access Token');
		assert.equal(titles['lwa.showRedirectSetup'], 'Show Redirect Setup');
		assert.equal(titles['lwa.newDataPortabilityRequest'], 'New Data Portability Request');
	});

	test('internal commands are hidden from the command palette', () => {
		const hidden = manifest().contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command);
		assert.ok(hidden.includes('lwa.showQuickActions'));
	});

	test('every lwa.* setting is application-scoped, with the documented defaults', () => {
		const properties = manifest().contributes.configuration.properties;
		const expected: Record<string, unknown> = {
			'lwa.profiles': [],
			'lwa.activeProfile': '',
			'lwa.refresh.ahead': 120,
			'lwa.refresh.proactive': false,
			'lwa.statusBar.enabled': true,
			'lwa.clipboard.clearAfterSeconds': 0,
			'lwa.signIn.timeoutSeconds': 300,
		};
		assert.deepEqual(Object.keys(properties).sort(), Object.keys(expected).sort());
		for (const [key, value] of Object.entries(expected)) {
			assert.equal(properties[key].scope, 'application', `${key} is application-scoped`);
			assert.deepEqual(properties[key].default, value, `${key} default`);
		}
	});

	test('declares support for untrusted and virtual workspaces', () => {
		assert.deepEqual(manifest().capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
	});

	test('shows a status bar item that asks to sign in when no profile is signed in', async () => {
		const { testing } = await extensionApi();
		const status = await testing.statusBar();
		assert.equal(status.visible, true);
		assert.match(status.text, /Sign in/);
	});
});
