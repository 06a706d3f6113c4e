// The small pages the loopback listener answers with. Self-contained: inline CSS allowed by its
// hash in a strict Content-Security-Policy, no script, no external resources, and never a token,
// code or any text from the redirect. The texts and the language come in from the caller (the VS
// Code layer passes the editor's display language and its localized texts), so this stays pure.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../html';

export { escapeHtml };

const STYLE = [
	'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:3rem 1.5rem;color:#1f2328;background:#f6f8fa}',
	'main{max-width:36rem;margin:0 auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}',
	'h1{font-size:1.25rem;margin-top:0}',
	'@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}main{background:#161b22;border-color:#30363d}}',
].join('');

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

/** The Content-Security-Policy sent with every loopback page. */
export const LOOPBACK_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The fixed texts of the pages, in the user's language. */
export interface LoopbackPageTexts {
	/** The `lang` attribute of the pages, e.g. 'en' or 'de'. */
	readonly language: string;
	readonly successTitle: string;
	readonly successBody: string;
	readonly failureTitle: string;
	readonly closeTab: string;
}

/** English page texts, for tests and any caller without a localization. */
export const ENGLISH_PAGE_TEXTS: LoopbackPageTexts = {
	language: 'en',
	successTitle: 'Signed in with Amazon',
	successBody: 'The editor received the sign-in and finishes it now. You can close this tab.',
	failureTitle: 'Sign-in not completed',
	closeTab: 'You can close this tab and return to the editor.',
};

function page(language: string, title: string, paragraphs: readonly string[]): string {
	const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
	return `<!DOCTYPE html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
		+ `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
		+ `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The page after a redirect that carried a code for a waiting sign-in. */
export function successPage(texts: LoopbackPageTexts): string {
	return page(texts.language, texts.successTitle, [texts.successBody]);
}

/** The page after a request that ends or cannot continue a sign-in; `reason` is the extension's own plain text. */
export function failurePage(texts: LoopbackPageTexts, reason: string): string {
	return page(texts.language, texts.failureTitle, [reason, texts.closeTab]);
}
