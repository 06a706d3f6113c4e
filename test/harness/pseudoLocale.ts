// The pseudo-locale run: proves that what the extension shows comes from its l10n bundle. Every
// message of l10n/bundle.l10n.json is wrapped in ⟦…⟧ (placeholders kept) into
// bundle.l10n.qps-ploc.json, which VS Code loads for the display language qps-ploc; a text the
// user sees without the brackets was not localized.
//
// code-server shows only languages with an installed language pack, and no pack can be downloaded
// here. Its server reads the installed packs from languagepacks.json in the user data folder, and
// needs only the core translations file named there to exist: an empty one keeps VS Code's own
// strings in English, which the checks do not look at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths';

export const PSEUDO_LOCALE = 'qps-ploc';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

/** The extension's bundle with every message wrapped; written beside the real one (git- and .vsix-ignored). */
export function writePseudoBundle(root: string = projectRoot): string {
	const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
	const wrapped: Record<string, string> = {};
	for (const [key, message] of Object.entries(bundle)) {
		wrapped[key] = `${PSEUDO_OPEN}${message}${PSEUDO_CLOSE}`;
	}
	const target = path.join(root, 'l10n', `bundle.l10n.${PSEUDO_LOCALE}.json`);
	fs.writeFileSync(target, `${JSON.stringify(wrapped, null, '\t')}\n`);
	return target;
}

/** Registers a language pack for `locale` in the run's user data, and writes the pseudo bundle. */
export function preparePseudoLocale(runDir: string, locale: string): void {
	if (locale !== PSEUDO_LOCALE) {
		throw new Error(`Only the pseudo-locale ${PSEUDO_LOCALE} can be run here (no language pack for ${locale}).`);
	}
	writePseudoBundle();
	const userData = path.join(runDir, 'user-data');
	fs.mkdirSync(userData, { recursive: true });
	const translations = path.join(runDir, 'pseudo-core-translations.json');
	fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
	const languagePacks = {
		[locale]: {
			hash: 'lwa-pseudo-locale-1',
			extensions: [{ extensionIdentifier: { id: 'lwa-tests.pseudo-locale' }, version: '1.0.0' }],
			translations: { vscode: translations },
			label: 'Pseudo',
		},
	};
	fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify(languagePacks));
}
