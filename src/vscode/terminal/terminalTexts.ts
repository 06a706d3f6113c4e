// Every sentence `lwa-token` prints for the extension (on the terminal's stderr), in the editor's language.
import vscode = require('vscode');
import type { Refusal } from '../../core/terminal/tokenRequests';
import { failureText } from '../ui/errorTexts';

/** Why a request was refused, for the person at the terminal. `name` is the profile's (checked: no control characters). */
export function refusalText(refusal: Refusal, name: string): string {
	switch (refusal) {
		case 'untrusted_workspace':
			return vscode.l10n.t('lwa-token works only in trusted workspaces. Trust this workspace (Workspaces: Manage Workspace Trust) and run it again.');
		case 'no_active_profile':
			return vscode.l10n.t('No profile was named and there is no active profile. Name one: lwa-token <profile>.');
		case 'no_such_profile':
			return vscode.l10n.t('There is no LWA profile named "{0}".', name);
		case 'not_opted_in':
			return vscode.l10n.t('Profile "{0}" does not hand its tokens to terminals. To allow it, add "terminal": true to the profile in the lwa.profiles setting.', name);
		case 'ambiguous_partner':
			return vscode.l10n.t('Profile "{0}" holds tokens for several selling partners. Choose one with --partner ID.', name);
		case 'ambiguous_scope':
			return vscode.l10n.t('Profile "{0}" has several grantless scopes. Choose one with --scope SCOPE.', name);
		case 'not_an_account_of_profile':
			return vscode.l10n.t('The selling partner or scope named is not one of profile "{0}" (--partner is for SP-API profiles, --scope for SP-API grantless profiles).', name);
		case 'ads_format_not_for_profile':
			return vscode.l10n.t('The ads format is for Amazon Ads profiles ("api": "ads"), and "{0}" is not one.', name);
		case 'no_advertising_profile':
			return vscode.l10n.t('Profile "{0}" has no advertiser profile for the Amazon-Advertising-API-Scope header yet. Run LWA: Choose Advertising Profile first.', name);
	}
}

/** Why no token could be had (not signed in, refresh refused, network), for the person at the terminal. */
export function tokenFailureText(name: string, error: unknown): string {
	return vscode.l10n.t('Could not get an access token for "{0}": {1}', name, failureText(error));
}

/** The server's own refusals and failures. */
export const serverTexts = {
	invalidRequest: (field: string): string => vscode.l10n.t('The request\'s field "{0}" is not valid (is this lwa-token from another version of the extension?).', field),
	unexpectedFailure: (): string => vscode.l10n.t('The extension could not answer; its log (LWA: Show Log) has details.'),
};

/** What the terminal's environment panel says about the variables the extension adds. */
export function environmentDescription(): string {
	return vscode.l10n.t('Puts lwa-token on the PATH: it prints access tokens of LWA profiles that have "terminal": true.');
}
