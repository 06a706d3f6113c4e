// The loopback listener's texts in the editor's display language. The listener itself lives in the
// vscode-free core and receives these.
import vscode = require('vscode');
import type { LoopbackTexts } from '../../core/signIn/loopbackListener';
import { describeFailure } from '../ui/errorTexts';

/** The listener's pages, reasons and port errors, localized with vscode.l10n. */
export function localizedLoopbackTexts(): LoopbackTexts {
	return {
		language: vscode.env.language,
		successTitle: vscode.l10n.t('Signed in with Amazon'),
		successBody: vscode.l10n.t('The editor received the sign-in and finishes it now. You can close this tab.'),
		failureTitle: vscode.l10n.t('Sign-in not completed'),
		closeTab: vscode.l10n.t('You can close this tab and return to the editor.'),
		unreadableRequest: vscode.l10n.t('The request could not be read.'),
		nothingWaiting: vscode.l10n.t('Nothing is waiting at this address.'),
		onlyRedirectAccepted: vscode.l10n.t('Only the browser\'s redirect is accepted here.'),
		unreadableRedirect: vscode.l10n.t('The redirect could not be read.'),
		notForWaitingSignIn: vscode.l10n.t('This response does not belong to a sign-in that is waiting in the editor, so it was ignored. If you started a sign-in, finish it in the browser tab it opened.'),
		otherHost: vscode.l10n.t('This address is not the one the sign-in is waiting on.'),
		failureReason: (error) => describeFailure(error).message,
	};
}
