// Checks the localization files against their sources: the manifest's %key% placeholders and
// package.nls.json match one to one, and the committed l10n/bundle.l10n.json holds exactly the
// strings that the code passes to vscode.l10n.t (run `npm run l10n` after changing one).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function readJson(file: string): unknown {
	return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

/** Every string value in a JSON value, with its path (for messages). */
function strings(value: unknown, at = ''): [string, string][] {
	if (typeof value === 'string') {
		return [[at, value]];
	}
	if (Array.isArray(value)) {
		return value.flatMap((entry, index) => strings(entry, `${at}[${index}]`));
	}
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, entry]) => strings(entry, at === '' ? key : `${at}.${key}`));
	}
	return [];
}

/** scripts/l10n.js, the extraction `npm run l10n` writes the bundle with. */
function l10nScript(): { extractL10n(): Promise<Record<string, unknown>> } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(root, 'scripts', 'l10n.js')) as { extractL10n(): Promise<Record<string, unknown>> };
}

interface Manifest {
	contributes: {
		commands: { command: string; title: string; category: string }[];
		configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
	};
}

describe('Localization files', () => {
	const manifest = readJson('package.json');
	const nls = readJson('package.nls.json') as Record<string, string>;

	it('resolves every %key% of package.json in package.nls.json, and package.nls.json holds no unused key', () => {
		const used = strings(manifest).map(([, value]) => /^%([^%]+)%$/.exec(value)?.[1]).filter((key): key is string => key !== undefined);
		assert.deepEqual(used.filter((key) => nls[key] === undefined), [], 'placeholders without an English text');
		assert.deepEqual(Object.keys(nls).filter((key) => !used.includes(key)), [], 'English texts no placeholder uses');
		assert.ok(Object.values(nls).every((text) => typeof text === 'string' && text.trim() !== ''), 'every English text is a non-empty string');
	});

	it('takes command titles and setting descriptions from package.nls.json, and keeps the category LWA as it is', () => {
		const { commands, configuration } = (manifest as Manifest).contributes;
		for (const command of commands) {
			assert.match(command.title, /^%command\.[\w.]+\.title%$/, `${command.command} has a localizable title`);
			assert.equal(command.category, 'LWA');
		}
		for (const [name, setting] of Object.entries(configuration.properties)) {
			assert.match(setting.description ?? setting.markdownDescription ?? '', /^%config\.[\w.-]+%$/, `${name} has a localizable description`);
		}
		assert.equal(nls['command.signIn.title'], 'Sign In');
	});

	it('has a committed l10n bundle that holds exactly the strings the code passes to vscode.l10n.t', async function () {
		// The extraction parses every source file: seconds on an idle machine, more on a busy one.
		this.timeout(120_000);
		const extracted = await l10nScript().extractL10n();
		const committed = readJson(path.join('l10n', 'bundle.l10n.json')) as Record<string, unknown>;
		assert.ok(Object.keys(extracted).length > 100, 'the code localizes its user-facing text');
		assert.deepEqual(Object.keys(committed).sort(), Object.keys(extracted).sort(), 'the bundle is out of date: run npm run l10n');
		assert.deepEqual(committed, extracted);
	});
});
