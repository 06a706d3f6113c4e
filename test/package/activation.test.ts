// The production bundle, activated the way VS Code activates an installed extension (not in
// ExtensionMode.Test): it exports nothing, so no other extension can take a token without the
// authentication provider's consent. A stand-in 'vscode' module lets it run in plain Node. The test
// hooks (src/testing) are in dist/testing.js alone: the bundles that ship hold none of their code.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVscodeStub } from '../bench/vscodeStub';

const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
const bundle = path.join(dist, 'extension.js');

/**
 * Texts of the test hooks that minification keeps (property names of the testing API, messages) and
 * that no production source uses. (createTestingApi and createTestRecorder are not among them:
 * extension.ts calls them by name on the module it requires in ExtensionMode.Test.)
 */
const TESTING_MODULE_TEXTS = ['nextOpenedUrl', 'clickPanelButton', 'backgroundRefreshes', 'No browser URL was opened within', 'There is no active LWA profile.', 'The test clock moves forward only'];

/**
 * The activation bundle's size limit (docs/bench.md: under 50 KB loaded by activation). Checked here
 * so that a feature pulled into activation by an import fails the package check, not a later bench.
 */
const ACTIVATION_BUNDLE_LIMIT_BYTES = 50 * 1024;

/**
 * Texts of parts that load with the features, not at activation: the client secret health watch
 * (reminders, badges, the old secret's overlap) and the words of profile problems.
 */
const FEATURE_ONLY_TEXTS = ['lwa.secretHealth.warnedDays', 'lwa.previousClientSecret:', 'The client secret health check failed.', 'When did Amazon issue this client secret?', 'Profiles with problems are skipped.'];

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

	it(`is under ${ACTIVATION_BUNDLE_LIMIT_BYTES / 1024} KB (dist/extension.js, the production build)`, () => {
		const bytes = fs.statSync(bundle).size;
		assert.ok(bytes < ACTIVATION_BUNDLE_LIMIT_BYTES, `dist/extension.js is ${(bytes / 1024).toFixed(1)} KB; keep what activation does not need in dist/features.js (src/vscode/features.ts)`);
	});

	it('leaves the client secret health watch and the profile problems\' words to dist/features.js', () => {
		const features = fs.readFileSync(path.join(dist, 'features.js'), 'utf8');
		// The positive control: the texts looked for are ones the build keeps.
		assert.deepStrictEqual(FEATURE_ONLY_TEXTS.filter((text) => !features.includes(text)), [], 'texts missing from dist/features.js');
		const activation = fs.readFileSync(bundle, 'utf8');
		assert.deepStrictEqual(FEATURE_ONLY_TEXTS.filter((text) => activation.includes(text)), [], 'feature texts in dist/extension.js');
	});

	it('holds none of the test hooks\' code in dist/extension.js and dist/features.js, which dist/testing.js holds', () => {
		const testingBundle = fs.readFileSync(path.join(dist, 'testing.js'), 'utf8');
		// The positive control: the texts looked for are ones the build keeps.
		assert.deepStrictEqual(TESTING_MODULE_TEXTS.filter((text) => !testingBundle.includes(text)), [], 'texts missing from dist/testing.js');
		for (const name of ['extension.js', 'features.js']) {
			const code = fs.readFileSync(path.join(dist, name), 'utf8');
			assert.deepStrictEqual(TESTING_MODULE_TEXTS.filter((text) => code.includes(text)), [], `test hook texts in dist/${name}`);
		}
	});

	it('holds none of the AWS SDK in dist/extension.js and dist/features.js: team profiles require dist/awsSecrets.js, which holds it', () => {
		// Texts the SDK's code keeps through minification (operation names this extension never calls, the endpoint variable it reads).
		const sdkTexts = ['BatchGetSecretValue', 'AWS_ENDPOINT_URL', 'UpdateSecretVersionStage'];
		const sdkBundle = fs.readFileSync(path.join(dist, 'awsSecrets.js'), 'utf8');
		assert.deepStrictEqual(sdkTexts.filter((text) => !sdkBundle.includes(text)), [], 'texts missing from dist/awsSecrets.js');
		for (const name of ['extension.js', 'features.js']) {
			const code = fs.readFileSync(path.join(dist, name), 'utf8');
			assert.deepStrictEqual(sdkTexts.filter((text) => code.includes(text)), [], `AWS SDK texts in dist/${name}`);
			assert.ok(!/require\(["']@aws-sdk/.test(code), `dist/${name} requires an @aws-sdk package`);
		}
	});
});
