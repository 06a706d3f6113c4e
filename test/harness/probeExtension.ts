// A tiny extension installed next to the packaged one in the e2e tier's code-server, standing in for
// "another extension": it asks the `amazon-lwa` provider for a session as any extension would, and
// reports what the shared extension host has loaded (Node's module cache is one per host), so a test
// can see whether dist/features.js was loaded before and after. It reports in an information
// notification ("lwa-probe {json}"); it never shows or writes a token, only its SHA-256.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROBE_EXTENSION_ID = 'lwa-e2e.lwa-probe';

const MANIFEST = {
	name: 'lwa-probe',
	displayName: 'LWA Probe',
	publisher: 'lwa-e2e',
	version: '0.0.1',
	engines: { vscode: '^1.101.0' },
	main: './extension.js',
	activationEvents: [],
	contributes: {
		commands: [
			{ command: 'lwaProbe.report', title: 'LWA Probe: Report Loaded Bundles' },
			{ command: 'lwaProbe.getSession', title: 'LWA Probe: Get Session' },
		],
	},
};

const SOURCE = `'use strict';
const vscode = require('vscode');
const crypto = require('crypto');

function featuresLoaded() {
	return Object.keys(require.cache).some((file) => /lwa-tools\\.lwa-credentials-[^\\\\/]*[\\\\/]dist[\\\\/]features\\.js$/.test(file));
}

function report(extra) {
	const lwa = vscode.extensions.getExtension('lwa-tools.lwa-credentials');
	const facts = { pid: process.pid, lwaActive: lwa !== undefined && lwa.isActive, featuresLoaded: featuresLoaded(), ...extra };
	void vscode.window.showInformationMessage('lwa-probe ' + JSON.stringify(facts));
}

exports.activate = (context) => {
	context.subscriptions.push(
		vscode.commands.registerCommand('lwaProbe.report', () => report({})),
		vscode.commands.registerCommand('lwaProbe.getSession', async () => {
			const featuresLoadedBefore = featuresLoaded();
			try {
				const session = await vscode.authentication.getSession('amazon-lwa', ['profile'], { createIfNone: true });
				report({
					featuresLoadedBefore,
					account: session.account.label,
					sessionId: session.id,
					scopes: session.scopes,
					tokenSha256: crypto.createHash('sha256').update(session.accessToken).digest('hex'),
				});
			} catch (error) {
				report({ featuresLoadedBefore, error: error instanceof Error ? error.message : String(error) });
			}
		}),
	);
};
`;

/**
 * Writes the probe into the extensions folder the way code-server's installer leaves an extension
 * (<publisher>.<name>-<version>, listed in extensions.json), beside what is installed there already.
 */
export function installProbeExtension(extensionsDir: string): void {
	const relativeLocation = `${MANIFEST.publisher}.${MANIFEST.name}-${MANIFEST.version}`;
	const target = path.join(extensionsDir, relativeLocation);
	fs.mkdirSync(target, { recursive: true });
	fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(MANIFEST, null, '\t'));
	fs.writeFileSync(path.join(target, 'extension.js'), SOURCE);
	const listFile = path.join(extensionsDir, 'extensions.json');
	const list = fs.existsSync(listFile) ? JSON.parse(fs.readFileSync(listFile, 'utf8')) as unknown[] : [];
	list.push({
		identifier: { id: PROBE_EXTENSION_ID },
		version: MANIFEST.version,
		location: { $mid: 1, fsPath: target, external: `file://${target}`, path: target, scheme: 'file' },
		relativeLocation,
		metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
	});
	fs.writeFileSync(listFile, JSON.stringify(list));
}
