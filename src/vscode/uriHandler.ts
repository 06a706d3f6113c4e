// The URI handler: an event source for `<scheme>://lwa-tools.lwa-credentials/...` URIs. The callback
// router delivers /callback URIs to the waiting sign-in whose state they carry; the rest is logged.
import vscode = require('vscode');
import { callbackParamsFromQuery } from '../core/lwa/callback';
import { isLwaError } from '../core/lwa/errors';
import type { Logger } from '../core/ports';
import type { PendingSignIns } from './pendingSignIns';

/** The extension id, which is also the authority of its URIs. */
export const EXTENSION_ID = 'lwa-tools.lwa-credentials';
/** The path of the sign-in callback URI. */
export const CALLBACK_PATH = '/callback';

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

/** Routes callback URIs to the waiting sign-ins; unknown or mismatched ones are logged and ignored. */
export function routeCallbacks(handler: LwaUriHandler, pending: PendingSignIns, logger: Logger): vscode.Disposable {
	return handler.event((uri) => {
		if (uri.path !== CALLBACK_PATH) {
			logger.warn(`Ignored a URI with an unknown path (${uri.path.slice(0, 64)}).`);
			return;
		}
		try {
			const params = callbackParamsFromQuery(new URLSearchParams(uri.query));
			const outcome = pending.deliver(params, 'uri');
			if (outcome === 'delivered') {
				logger.info('URI handler received the redirect for a waiting sign-in.');
			} else {
				logger.warn(`URI handler ignored a callback that matches no waiting sign-in (${outcome}).`);
			}
		} catch (error) {
			logger.warn(`URI handler ignored a malformed callback (${isLwaError(error) ? error.code : 'error'}).`);
		}
	});
}
