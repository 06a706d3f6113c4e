// Activation registers every command of package.json once; the first call of any of them loads the
// features (dist/features.js) and runs the features' handler. This file runs first (files run in name
// order), before any other suite has run a command, so its command is the one that loads them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, setProfiles } from './support/lwaTestKit';

/** Whether the extension host has loaded the features bundle. */
function featuresLoaded(): boolean {
	return Object.keys(require.cache).some((file) => /[\\/]dist[\\/]features\.js$/.test(file));
}

suite('Activation', () => {
	teardown(async () => {
		await setProfiles([]);
	});

	test('a command run before anything loaded the features loads them and runs the real command', async () => {
		const { testing } = await extensionApi();
		// Activation's first render (status bar, sessions, Profiles view) is done.
		await testing.statusBar();
		const loadedBeforeTheCommand = featuresLoaded();
		await setProfiles([{
			name: 'first-command',
			region: 'NA',
			clientId: 'amzn1.application-oa2-client.firstcommand',
			scopes: ['profile'],
			redirectUri: 'http://127.0.0.1:53682/lwa/callback',
		}]);

		const switched = await vscode.commands.executeCommand<string | undefined>('lwa.switchProfile', { profile: 'first-command' });

		assert.deepEqual({
			loadedBeforeTheCommand,
			switched,
			loadedAfterTheCommand: featuresLoaded(),
			activeProfile: vscode.workspace.getConfiguration('lwa').get('activeProfile'),
		}, {
			// Activation leaves the features to the first command, in tests as in production.
			loadedBeforeTheCommand: false,
			// lwa.switchProfile's own handler ran: it resolves to the profile it made active.
			switched: 'first-command',
			loadedAfterTheCommand: true,
			activeProfile: 'first-command',
		});
	});
});
