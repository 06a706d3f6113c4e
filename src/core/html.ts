// HTML text for the extension's pages and panels: escaping, and localized sentences whose
// placeholders hold HTML. Pure, so the panels' handling of server text is tested without an editor.

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Escapes text for HTML element content only (not attributes): the extension's own, localized
 * sentences, whose apostrophes and quotes may stay as they are.
 */
export function escapeText(text: string): string {
	return text.replace(/[&<>]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * A localized sentence with HTML in its placeholders: vscode.l10n.t is called with markers as the
 * placeholder values (NUL-delimited words, which neither a translation nor escaping produces); the
 * sentence is escaped as text, then every occurrence of each marker is replaced by its HTML.
 *
 * The HTML is inserted by a replacement function, never as a replacement string: it can hold
 * server text (a token's audience), and in a replacement string `$&`, `` $` ``, `$'` and `$1` would
 * insert the marker or parts of the sentence instead of the text.
 */
export function sentenceHtml(sentence: string, html: Readonly<Record<string, string>>): string {
	let result = escapeText(sentence);
	for (const [marker, value] of Object.entries(html)) {
		result = result.replaceAll(marker, () => value);
	}
	return result;
}
