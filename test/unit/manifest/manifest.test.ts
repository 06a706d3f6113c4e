// The manifest as VS Code reads it: package.json with its %key% placeholders filled in from
// package.nls.json. Activation events, command titles, settings, workspace support, the activity bar
// container, the welcome view, the view menus and the getting-started walkthrough. That the
// declared commands are registered, and registered ones declared, is checked in the extension host
// (test/integration/extension.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface WalkthroughStep {
	id: string;
	media: { markdown?: string };
	completionEvents: string[];
}

interface Manifest {
	activationEvents: string[];
	capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
	contributes: {
		commands: { command: string; title: string; category?: string }[];
		menus: Record<string, { command: string; when?: string; group?: string }[]>;
		configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
		viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
		views: Record<string, { id: string; name: string }[]>;
		viewsWelcome: { view: string; contents: string }[];
		walkthroughs: { id: string; steps: WalkthroughStep[] }[];
	};
}

/** package.json with every "%key%" string replaced by its package.nls.json text, as VS Code does. */
function manifest(): Manifest {
	const texts = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
	return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), (_key, value: unknown) => {
		const placeholder = typeof value === 'string' ? /^%([^%]+)%$/.exec(value) : null;
		return placeholder && placeholder[1] in texts ? texts[placeholder[1]] : value;
	}) as Manifest;
}

function readFile(relative: string): string {
	return fs.readFileSync(path.join(root, relative), 'utf8');
}

describe('Manifest: activation, commands and settings', () => {
	it('activates only on a URI or after startup, never on a command', () => {
		assert.deepEqual(manifest().activationEvents, ['onUri', 'onStartupFinished']);
	});

	it('declares the issue\'s commands with their titles', () => {
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

	it('declares Choose Advertising Profile and New API Request with titles, in the palette category LWA and not hidden', () => {
		const commands = manifest().contributes.commands;
		const hidden = manifest().contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command);
		for (const [id, title] of [['lwa.chooseAdvertisingProfile', 'Choose Advertising Profile'], ['lwa.newApiRequest', 'New API Request']]) {
			const entry = commands.find((candidate) => candidate.command === id);
			assert.ok(entry, `${id} is declared`);
			assert.equal(entry.title, title);
			assert.equal(entry.category, 'LWA');
			assert.ok(!hidden.includes(id), `${id} shows in the command palette`);
		}
	});

	it('internal commands are hidden from the command palette', () => {
		const hidden = manifest().contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command);
		assert.ok(hidden.includes('lwa.showQuickActions'));
	});

	it('every lwa.* setting is application-scoped, with the documented defaults', () => {
		const properties = manifest().contributes.configuration.properties;
		const expected: Record<string, unknown> = {
			'lwa.profiles': [],
			'lwa.activeProfile': '',
			'lwa.refresh.ahead': 120,
			'lwa.refresh.proactive': false,
			'lwa.statusBar.enabled': true,
			'lwa.clipboard.clearAfterSeconds': 0,
			'lwa.signIn.timeoutSeconds': 300,
			'lwa.dataPortability.maxFileMegabytes': 1024,
			'lwa.dataPortability.maxRunMegabytes': 10240,
			'lwa.dataPortability.waitForRecordsMinutes': 30,
			'lwa.dataPortability.pageSize': 100,
			'lwa.dataPortability.assumeOneTimeTransfer': true,
			'lwa.sellingPartner.secretExpiryWarningDays': 30,
			'lwa.sellingPartner.reauthorizationWarningDays': 30,
			'lwa.sellingPartner.rotationOverlapDays': 7,
			'lwa.secretsManager.cacheSeconds': 300,
		};
		assert.deepEqual(Object.keys(properties).sort(), Object.keys(expected).sort());
		for (const [key, value] of Object.entries(expected)) {
			assert.equal(properties[key].scope, 'application', `${key} is application-scoped`);
			assert.deepEqual(properties[key].default, value, `${key} default`);
		}
	});

	it('declares support for untrusted and virtual workspaces', () => {
		assert.deepEqual(manifest().capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
	});
});

describe('Manifest: views and walkthrough', () => {
	it('declares the LWA activity bar container with a monochrome SVG icon and the Profiles view', () => {
		const container = manifest().contributes.viewsContainers.activitybar.find((entry) => entry.id === 'lwa');
		assert.ok(container, 'the lwa container');
		assert.equal(container.title, 'LWA');
		const svg = readFile(container.icon);
		assert.match(svg, /^<svg /);
		assert.match(svg, /currentColor/, 'the icon takes the theme colour');
		assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b/i, 'no fixed colours');
		assert.deepEqual(manifest().contributes.views.lwa.map((view) => [view.id, view.name]), [['lwa.profiles', 'Profiles']]);
	});

	it('offers Add Profile and Import Credentials in the welcome view', () => {
		const welcome = manifest().contributes.viewsWelcome.find((entry) => entry.view === 'lwa.profiles');
		assert.ok(welcome);
		assert.match(welcome.contents, /\n\[Add Profile\]\(command:lwa\.addProfile\)\n/, 'Add Profile is a button (a link on its own line)');
		assert.match(welcome.contents, /\[Import Credentials\]\(command:lwa\.importCredentials\)/);
	});

	it('every view menu item runs a declared command, with sign in, copy, refresh and sign out inline', () => {
		const declared = new Set(manifest().contributes.commands.map((entry) => entry.command));
		const items = [...manifest().contributes.menus['view/title'], ...manifest().contributes.menus['view/item/context']];
		for (const item of items) {
			assert.ok(declared.has(item.command), `${item.command} is declared`);
			assert.match(item.when ?? '', /view == lwa\.profiles/);
		}
		const inline = manifest().contributes.menus['view/item/context'].filter((item) => item.group?.startsWith('inline')).map((item) => item.command);
		assert.deepEqual(inline, ['lwa.signIn', 'lwa.copyAccessToken', 'lwa.refresh', 'lwa.signOut']);
	});

	it('declares the getting-started walkthrough with the completion events of each step', () => {
		const walkthrough = manifest().contributes.walkthroughs.find((entry) => entry.id === 'lwa.gettingStarted');
		assert.ok(walkthrough, 'the lwa.gettingStarted walkthrough');
		assert.deepEqual(walkthrough.steps.map((step) => step.completionEvents), [
			['onLink:https://developer.amazon.com/loginwithamazon/console/site/lwa/overview.html'],
			['onCommand:lwa.addProfile'],
			['onCommand:lwa.setClientSecret'],
			['onContext:lwa.signedIn'],
			['onCommand:lwa.copyAccessToken'],
		]);
		for (const step of walkthrough.steps) {
			assert.ok(step.media.markdown, `${step.id} has a markdown page`);
			assert.ok(fs.existsSync(path.join(root, step.media.markdown)), `${step.media.markdown} exists`);
		}
		assert.match(readFile(walkthrough.steps[0].media.markdown ?? ''), /Allowed Return URLs/);
	});
});
