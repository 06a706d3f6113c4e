// The URI handler: an event source for `<scheme>://lwa-tools.lwa-credentials/...` URIs. Each URI goes
// to the core's callback router, which delivers /callback URIs to the waiting sign-in whose state
// they carry and logs the rest.
import vscode = require('vscode');
import type { Logger } from '../../core/ports';
import { CALLBACK_PATH, routeCallbackUri } from '../../core/signIn/callbackRouting';
import type { PendingSignIns } from '../../core/signIn/pendingSignIns';

/** The extension id, which is also the authority of its URIs. */
export const EXTENSION_ID = 'lwa-tools.lwa-credentials';

/** Fires every URI the editor hands to the extension. Registered once, in the composition root. */
export class LwaUriHandler extends vscode.EventEmitter<vscode.Uri> implements vscode.UriHandler {
	handleUri(uri: vscode.Uri): void {
		this.fire(uri);
	}
}

/** The callback URI before the editor maps it for the browser (asExternalUri). */
export function callbackUri(query?: string): vscode.Uri {
	return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: EXTENSION_ID, path: CALLBACK_PATH, query: query ?? '' });
}

/** Routes the handler's URIs to the waiting sign-ins; unknown or mismatched ones are logged and ignored. */
export function routeCallbacks(handler: LwaUriHandler, pending: PendingSignIns, logger: Logger): vscode.Disposable {
	return handler.event((uri) => {
		routeCallbackUri(uri.path, uri.query, pending, logger);
	});
}
