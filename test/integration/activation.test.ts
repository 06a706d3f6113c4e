// Activation registers every command of package.json once; the first call of any of them loads the
// features (dist/features.js) and runs the features' handler. That first call is made in a root hook
// (a hook outside any suite): mocha runs root hooks before the first test of any file, so no other
// test's command has loaded the features yet, whatever the order of the files. The test checks what
// the hook saw.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, setProfiles } from './support/lwaTestKit';

/** Whether the extension host has loaded the features bundle. */
function featuresLoaded(): boolean {
	return Object.keys(require.cache).some((file) => /[\\/]dist[\\/]features\.js$/.test(file));
}

/** What the first command of the run found and did. */
let firstCommand: { loadedBeforeTheCommand: boolean; switched: string | undefined; loadedAfterTheCommand: boolean; activeProfile: unknown } | undefined;
suiteSetup(async () => {
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
	try {
		const switched = await vscode.commands.executeCommand<string | undefined>('lwa.switchProfile', { profile: 'first-command' });
		firstCommand = {
			loadedBeforeTheCommand,
			switched,
			loadedAfterTheCommand: featuresLoaded(),
			activeProfile: vscode.workspace.getConfiguration('lwa').get('activeProfile'),
		};
	} finally {
		await setProfiles([]);
	}
});

suite('Activation', () => {
	test('the first command of the run, made before anything loaded the features, loads them and runs the real command', () => {
		assert.deepEqual(firstCommand, {
			// Activation leaves the features to the first command, in tests as in production.
			loadedBeforeTheCommand: false,
			// lwa.switchProfile's own handler ran: it resolves to the profile it made active.
			switched: 'first-command',
			loadedAfterTheCommand: true,
			activeProfile: 'first-command',
		});
	});
});
