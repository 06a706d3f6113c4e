// Lint rules. The one that matters most: src/core and src/emulator never import 'vscode' at run time,
// so the protocol core runs under plain mocha and cannot grow a hidden dependency on the editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', '.test-runs/**', 'dist-vsix/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': 'error',
			eqeqeq: 'error',
			curly: 'error',
		},
	},
	{
		// `import vscode = require('vscode')` compiles to a plain require. An ES import of the external
		// 'vscode' module makes the bundler copy the whole API object into a new namespace object, once per
		// importing module, at load time: about half of the activation bundle's load time. (allowAsImport
		// lets import-equals through for any module; only 'vscode' needs it.)
		files: ['src/**/*.ts'],
		rules: {
			'@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
			'no-restricted-syntax': ['error', {
				selector: ":matches(ImportDeclaration[importKind='value'], ExportAllDeclaration, ExportNamedDeclaration[exportKind='value'])[source.value='vscode']",
				message: "Write `import vscode = require('vscode');` (an ES import or re-export of 'vscode' copies the API object at load time).",
			}],
		},
	},
	{
		files: ['src/core/**/*.ts', 'src/emulator/**/*.ts', 'test/unit/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', {
				paths: [{ name: 'vscode', message: 'src/core must stay vscode-free; put VS Code code in src/vscode.', allowTypeImports: false }],
				patterns: [{ group: ['**/vscode/**'], message: 'src/core must not depend on the VS Code layer.' }],
			}],
		},
	},
	{
		// The test hooks are a bundle of their own (dist/testing.js) that the .vsix does not hold: the
		// production code may name their types, but a value import would bundle them into what ships.
		files: ['src/extension.ts', 'src/vscode/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', {
				patterns: [{ group: ['**/testing/**'], message: 'The test hooks ship in no production bundle: require them at run time in ExtensionMode.Test (src/extension.ts).', allowTypeImports: true }],
			}],
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		languageOptions: {
			globals: {
				require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly',
				setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
			},
		},
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
