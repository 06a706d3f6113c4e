// The page shell of the emulator and the Amazon-like error page; each service builds its own pages on
// the shell (lwa/consentPage.ts). Pages are self-contained (inline CSS only, no scripts, no images, no
// external resources) so they can be served with a strict Content-Security-Policy that allows exactly
// this stylesheet and nothing else.
import { createHash } from 'node:crypto';

const STYLE = `
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; background: #f3f3f3; color: #111; }
main { max-width: 26rem; margin: 3rem auto; background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 1.5rem 1.75rem; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.08); }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: #7a4b00; background: #fff4d6; border: 1px solid #f0c36d; border-radius: 4px; padding: 0.15rem 0.5rem; }
h1 { font-size: 1.35rem; font-weight: 500; margin: 0.9rem 0 0.5rem; }
p { line-height: 1.45; margin: 0.5rem 0; }
ul { padding-left: 1.2rem; margin: 0.5rem 0 1rem; }
li { margin: 0.3rem 0; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; background: #f6f6f6; padding: 0 0.2rem; border-radius: 3px; }
.muted { color: #555; font-size: 0.875rem; }
.tag { color: #555; font-size: 0.8rem; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.25rem; }
button { flex: 1; font: inherit; padding: 0.6rem 1rem; border-radius: 6px; cursor: pointer; }
#allow { background: #ffd814; border: 1px solid #fcd200; color: #111; font-weight: 600; }
#deny { background: #fff; border: 1px solid #aaa; color: #111; }
button:focus-visible { outline: 3px solid #007185; outline-offset: 2px; }
.error h1 { color: #b12704; }
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/**
 * The Content-Security-Policy for an emulator page: only the inline stylesheet above, no scripts,
 * no framing, and forms may post only to the emulator itself and (because a browser also checks the
 * redirect that follows a form submission) to the origin of the redirect URI.
 */
export function pageSecurityPolicy(formTargets: readonly string[] = []): string {
	const formAction = ['\'self\'', ...formTargets].join(' ');
	return [
		'default-src \'none\'',
		`style-src ${STYLE_HASH}`,
		`form-action ${formAction}`,
		'frame-ancestors \'none\'',
		'base-uri \'none\'',
	].join('; ');
}

/** The CSP source expression for the place a redirect URI points to (an origin, or a scheme such as `vscode:`). */
export function formTargetOf(redirectUri: string): string | undefined {
	try {
		const url = new URL(redirectUri);
		if (url.protocol === 'http:' || url.protocol === 'https:') {
			return url.origin;
		}
		return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : undefined;
	} catch {
		return undefined;
	}
}

/** A whole page with the shared stylesheet; `content` is HTML whose text the caller has escaped. */
export function pageDocument(title: string, bodyClass: string, content: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body class="${bodyClass}">
<main>
${content}
</main>
</body>
</html>
`;
}

/** The Amazon-like error page ("Error Summary") shown when LWA cannot redirect back to the client. */
export function errorPage(message: string): string {
	return pageDocument('Error - LWA emulator', 'error', `<span class="badge">LWA emulator</span>
<h1>Error Summary</h1>
<p id="error-message">${escapeHtml(message)}</p>`);
}
