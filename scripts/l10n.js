// `npm run l10n`: writes l10n/bundle.l10n.json, every string the code passes to vscode.l10n.t.
// The unit tests call extractL10n() too, to check that the committed bundle is up to date.
//
// The extractor (@vscode/l10n-dev) finds vscode.l10n.t through an ES import or a require() of
// 'vscode', but not through TypeScript's `import vscode = require('vscode')`, which the code uses (see
// eslint.config.mjs for why). So it is shown each file with that line in the ES form, which binds the
// same name; nothing else changes.
const fs = require('node:fs');
const path = require('node:path');
const { getL10nJson } = require('@vscode/l10n-dev');

const root = path.resolve(__dirname, '..');
const IMPORT_EQUALS_VSCODE = /^import\s+(\w+)\s*=\s*require\(\s*(['"])vscode\2\s*\)\s*;?/gm;
const L10N_CALL = /\bl10n\.t\(/;
const VSCODE_SEEN = /^import\s+(type\s+)?(\*\s+as\s+\w+|\{[^}]*\})\s+from\s+(['"])vscode\3/m;

function typeScriptFiles(folder) {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(folder, entry.name);
		return entry.isDirectory() ? typeScriptFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
	});
}

/** The l10n bundle the sources under src/ call for, keyed by message. */
async function extractL10n() {
	const files = typeScriptFiles(path.join(root, 'src')).sort().map((file) => {
		const contents = fs.readFileSync(file, 'utf8').replace(IMPORT_EQUALS_VSCODE, "import * as $1 from 'vscode';");
		// A file that localizes but whose import the extractor cannot read would lose its strings silently.
		if (L10N_CALL.test(contents) && !VSCODE_SEEN.test(contents)) {
			throw new Error(`${path.relative(root, file)} calls l10n.t but has no import of 'vscode' that this script recognises, so its strings would be missed: write import vscode = require('vscode');`);
		}
		return { contents, extension: '.ts' };
	});
	return getL10nJson(files);
}

async function main() {
	const bundle = await extractL10n();
	const target = path.join(root, 'l10n', 'bundle.l10n.json');
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.writeFileSync(target, `${JSON.stringify(bundle, undefined, 2)}\n`);
	console.log(`${path.relative(root, target)}: ${Object.keys(bundle).length} strings`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { extractL10n };
