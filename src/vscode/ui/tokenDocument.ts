// The untitled .http documents that hold a bearer token (New API Request, New Data Portability
// Request): opened the same way, with the same warning. The token sits in an open editor: other
// extensions can read open documents, and hot exit can back an untitled document up to disk.
import vscode = require('vscode');

/** REST Client and httpyac both read this language id. */
export const HTTP_LANGUAGE_ID = 'http';

/** Opens `content` as an untitled .http document in a pinned editor. */
export async function openTokenDocument(content: string): Promise<vscode.TextDocument> {
	const document = await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE_ID, content });
	await vscode.window.showTextDocument(document, { preview: false });
	return document;
}

/** The warning shown each time, with the REST client hint first when neither client is installed. */
export function tokenDocumentWarning(warning: string): string {
	const restClientMissing = !vscode.extensions.all.some((extension) => extension.id === 'humao.rest-client' || extension.id === 'anweber.vscode-httpyac');
	return restClientMissing ? `${vscode.l10n.t('To send these requests, install REST Client or httpyac.')} ${warning}` : warning;
}
