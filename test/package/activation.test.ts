// The production bundle, activated the way VS Code activates an installed extension (not in
// ExtensionMode.Test): it exports nothing, so no other extension can take a token without the
// authentication provider's consent. A stand-in 'vscode' module lets it run in plain Node.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { installVscodeStub } from '../bench/vscodeStub';

const bundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'extension.js');

describe('The production bundle', () => {
	it('returns nothing from activate() outside ExtensionMode.Test: no token function, no testing hooks', () => {
		const stub = installVscodeStub();
		stub.ExtensionMode = { Production: 1, Development: 2, Test: 3 };
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const extension = require(bundle) as { activate(context: unknown): unknown };
		const subscriptions: { dispose(): unknown }[] = [];
		const context = {
			extensionMode: 1,
			subscriptions,
			extension: { packageJSON: { version: '0.0.0', contributes: { commands: [{ command: 'lwa.signIn' }] } } },
			secrets: {
				get: async () => undefined,
				store: async () => undefined,
				delete: async () => undefined,
				onDidChange: () => ({ dispose: () => undefined }),
			},
		};
		const exported = extension.activate(context);
		assert.strictEqual(exported, undefined);
		assert.ok(subscriptions.length > 0, 'activation registered its parts');
	});
});
