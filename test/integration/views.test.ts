// The LWA activity bar container: the Profiles tree lists each profile with its state, follows
// sign-in and sign-out, and keeps the lwa.signedIn context key. What the manifest declares for it
// (the container, the welcome view, the item actions, the walkthrough) is checked in test/unit/manifest.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { ProfileTreeElement } from '../../src/vscode/views/profilesView';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import {
	addProfile, EXTENSION_ID, emulatorProfile, extensionApi, freePort, removeProfiles, setProfiles, signInWithLoopback, startEmulator, waitFor,
} from './support/lwaTestKit';

interface ShownItem {
	label: string;
	description: string;
	tooltip: string;
	contextValue: string;
}

async function shownItems(testing: LwaTestingApi): Promise<ShownItem[]> {
	const tree = await testing.profilesTree();
	const children = (await tree.getChildren()) ?? [];
	return Promise.all(children.map(async (child: ProfileTreeElement) => {
		const item = await tree.getTreeItem(child);
		return {
			label: typeof item.label === 'string' ? item.label : item.label?.label ?? '',
			description: typeof item.description === 'string' ? item.description : '',
			tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '',
			contextValue: item.contextValue ?? '',
		};
	}));
}

function extension(): vscode.Extension<unknown> {
	const found = vscode.extensions.getExtension(EXTENSION_ID);
	assert.ok(found);
	return found;
}

suite('Profiles view', () => {
	let emulator: LwaEmulator;
	let testing: LwaTestingApi;
	/** Profiles a test added (removed after it). */
	let added: string[] = [];

	/** Adds view-idle and then view-signed, signs view-signed in; view-signed is active. */
	async function idleAndSignedInProfiles(): Promise<void> {
		const idle = emulatorProfile(emulator, { name: 'view-idle', redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		const signed = emulatorProfile(emulator, { name: 'view-signed', redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		added.push(idle.name, signed.name);
		await addProfile(idle);
		await addProfile(signed);
		await signInWithLoopback(testing, signed.name);
	}

	suiteSetup(async () => {
		({ testing } = await extensionApi());
		emulator = await startEmulator();
	});

	setup(async () => {
		await setProfiles([]);
	});

	teardown(async () => {
		await removeProfiles(added);
		added = [];
	});

	suiteTeardown(async () => {
		await emulator?.close();
	});

	test('with no profile the tree has no items (so the manifest\'s welcome view shows) and lwa.signedIn is false', async () => {
		await waitFor(async () => (await shownItems(testing)).length === 0, 'an empty tree');
		await waitFor(async () => (await testing.signedInContext()) === false, 'lwa.signedIn to be false');
	});

	test('lists signed-in and not signed-in profiles in settings order with their state, refresh token, region and the active mark', async () => {
		await idleAndSignedInProfiles();

		const items = await shownItems(testing);
		assert.deepEqual(items.map((item) => item.label), ['view-idle', 'view-signed'], 'settings order');
		const [idleItem, signedItem] = items;
		assert.equal(idleItem.description, 'not signed in · NA');
		assert.match(signedItem.description, /^active · expires in (59|60)m · refresh token · NA$/);
		assert.match(signedItem.contextValue, /hasToken/);
		assert.match(signedItem.contextValue, /refreshable/);
		assert.doesNotMatch(signedItem.contextValue, /inactive/);
		assert.match(idleItem.contextValue, /noToken/);
		assert.match(idleItem.contextValue, /inactive/);
		assert.match(signedItem.tooltip, /view-signed \(active profile\)/);
		assert.match(signedItem.tooltip, /Refresh token: present/);
		assert.match(signedItem.tooltip, /Grant: authorization_code/);
		assert.match(idleItem.tooltip, /Not signed in/);
	});

	test('sets lwa.signedIn while the active profile has tokens, and clears it when one without tokens becomes active', async () => {
		await idleAndSignedInProfiles();
		await waitFor(async () => (await testing.signedInContext()) === true, 'lwa.signedIn to be true');
		await vscode.commands.executeCommand('lwa.switchProfile', { profile: 'view-idle' });
		await waitFor(async () => (await testing.signedInContext()) === false, 'lwa.signedIn to be false');
		const items = await shownItems(testing);
		assert.equal(items[0].description, 'active · not signed in · NA');
	});

	test('on sign-out the tree redraws and shows the profile as not signed in', async () => {
		await idleAndSignedInProfiles();
		const tree = await testing.profilesTree();
		let redraws = 0;
		const listener = tree.onDidChangeTreeData?.(() => redraws++);
		try {
			await vscode.commands.executeCommand('lwa.signOut', { profile: 'view-signed', removeClientSecret: false });
			await waitFor(() => redraws > 0, 'the tree to redraw');
			const signedItem = (await shownItems(testing)).find((item) => item.label === 'view-signed');
			assert.equal(signedItem?.description, 'active · not signed in · NA');
		} finally {
			listener?.dispose();
		}
	});

	test('shows an imported refresh token without an access token as expired, to be refreshed on use', async () => {
		const result = await vscode.commands.executeCommand<{ imported: { profile: string }[] } | undefined>('lwa.importCredentials', {
			askConfigPath: path.join(extension().extensionPath, 'no-such-folder', 'cli_config'),
			environment: { LWA_CLIENT_ID: 'amzn1.application-oa2-client.viewimport', LWA_REFRESH_TOKEN: 'Atzr|view-import-refresh-token-0001' },
			accept: ['env:lwa'],
			onCollision: 'rename',
		});
		assert.ok(result?.imported[0]);
		const imported = result.imported[0].profile;
		added.push(imported);
		const item = (await shownItems(testing)).find((entry) => entry.label === imported);
		// The only profile, so the import made it the active one.
		assert.equal(item?.description, 'active · expired · refresh token · NA');
		assert.match(item?.tooltip ?? '', /expired/);
	});
});
