// The extension activates in the real extension host, and its manifest and its registered commands
// agree with each other. The manifest alone is checked in test/unit/manifest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, setProfiles, waitFor } from './support/lwaTestKit';

interface ManifestCommand {
	command: string;
	title: string;
	category?: string;
}

interface Manifest {
	contributes: {
		commands: ManifestCommand[];
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

/** undici's bundle among the loaded modules (the HTTP client loads it on the first request). */
function loadedUndici(): string[] {
	return Object.keys(require.cache).filter((file) => /[\\/]dist[\\/]undiciHttpClient\.js$/.test(file));
}

/**
 * What was loaded right after activation. A hook outside any suite is a root hook: mocha runs it
 * before the first test of any file, so no test's HTTP request comes before it, whatever the order.
 */
let undiciAfterActivation: string[] | undefined;
suiteSetup(async () => {
	await extensionApi();
	undiciAfterActivation = loadedUndici();
});

suite('Extension', () => {
	suiteSetup(async () => {
		await extensionApi();
	});

	test('activates and exports only the testing hooks, never a token function (tokens go through the authentication provider)', async () => {
		const { exports: activated } = await extensionApi();
		assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
		assert.deepEqual(Object.keys(activated), ['testing']);
	});

	test('does not load undici at activation', () => {
		assert.deepEqual(undiciAfterActivation, []);
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

	test('with no profile, the status bar item is visible and asks to sign in', async () => {
		const { testing } = await extensionApi();
		await setProfiles([]);
		await waitFor(async () => (await testing.statusBar()).text.endsWith('LWA: Sign in'), 'the status bar to ask for a sign-in');
		assert.equal((await testing.statusBar()).visible, true);
	});
});
