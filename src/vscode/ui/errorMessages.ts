// What the user is shown when something fails: the notification, its sentence (worded in
// errorTexts.ts) and the buttons that help (sign in again, set the client secret, show the redirect
// setup). The core's errors carry codes and data; the log gets the code, never server text.
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import { isLwaError, isTransientFailure } from '../../core/lwa/errors';
import type { Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import { describeFailure, failureText } from './errorTexts';
import { sellingPartnerTokenHint } from '../sellingPartner/errorDoctorTexts';

/** The MD code Amazon would show for a pre-sign-in refusal of an SP-API profile (see core/sellingPartner/doctor.ts). */
const MD_CODE_OF_REASON: Readonly<Record<string, string>> = {
	client_id_as_application_id: 'MD1000',
	draft_without_beta: 'MD1000',
	redirect_uri_fragment: 'MD5110',
	redirect_uri_not_https: 'MD5101',
};

/** For an SP-API profile: the SP-API cause and fix of a token error appended, and the error doctor's button. */
function sellingPartnerWords(profile: Profile, error: unknown, text: string): { text: string; explain: Record<string, () => unknown> } {
	if (profile.api !== 'sp-api' || !isLwaError(error)) {
		return { text, explain: {} };
	}
	const hint = sellingPartnerTokenHint(error);
	const code = hint !== undefined ? error.code : error.reason !== undefined ? MD_CODE_OF_REASON[error.reason] : undefined;
	const explain = code !== undefined || isLwaError(error, 'sign_in_timeout')
		? { [vscode.l10n.t('Explain Error Code')]: () => vscode.commands.executeCommand('lwa.explainSellingPartnerError', { profile: profile.name, ...(code !== undefined ? { code } : {}) }) }
		: {};
	return { text: hint !== undefined ? `${text} ${hint}` : text, explain };
}

/** Where a failure is reported: the log and the user. */
export interface FailureReporting {
	notifier: Notifier;
	logger: Logger;
}

/** Reports a failed sign-in (nothing when the user cancelled it). */
export function reportSignInError({ notifier, logger }: FailureReporting, profile: Profile, error: unknown): void {
	if (isLwaError(error, 'cancelled')) {
		logger.info(`Sign-in for profile "${profile.name}" was cancelled.`);
		return;
	}
	logger.warn(`Sign-in for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
	if (isLwaError(error, 'sign_in_timeout')) {
		notifier.error(vscode.l10n.t('Sign-in to "{0}" timed out. {1}', profile.name, describeFailure(error).message), {
			[vscode.l10n.t('Show Redirect Setup')]: () => vscode.commands.executeCommand('lwa.showRedirectSetup', { profile: profile.name }),
			[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
			// Seller Central's MD codes appear on its own page: the user reads one and looks it up.
			...sellingPartnerWords(profile, error, '').explain,
		});
		return;
	}
	if (isLwaError(error, 'missing_client_secret')) {
		notifier.error(vscode.l10n.t('Sign-in to "{0}" failed: {1}', profile.name, failureText(error)), {
			[vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
		});
		return;
	}
	const sellingPartner = sellingPartnerWords(profile, error, isLwaError(error) ? failureText(error) : '');
	notifier.error(isLwaError(error)
		? vscode.l10n.t('Sign-in to "{0}" failed: {1}', profile.name, sellingPartner.text)
		: vscode.l10n.t('Sign-in to "{0}" failed: an unexpected error occurred; the log has details.', profile.name), {
		[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		...sellingPartner.explain,
	});
}

/** Reports a failure to get or refresh a token (refresh, copy, inspect, Data Portability). */
export function reportTokenError({ notifier, logger }: FailureReporting, profile: Profile, error: unknown, during: 'refresh' | 'copy'): void {
	const signIn = () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name });
	const signInAgain = { [vscode.l10n.t('Sign In Again')]: signIn };
	const setClientSecret = () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name });
	logger.warn(`${during === 'refresh' ? 'Refresh' : 'Getting a token'} for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
	if (!isLwaError(error)) {
		notifier.error(vscode.l10n.t('Could not get an access token for "{0}": an unexpected error occurred; the log has details.', profile.name));
		return;
	}
	switch (error.code) {
		case 'invalid_grant': {
			if (error.reason === 'access_token_kept') {
				// A possible one-time Data Portability transfer: the access token was kept, not removed.
				notifier.warn(vscode.l10n.t('The access token of "{0}" cannot be renewed: {1}', profile.name, failureText(error)), {
					[vscode.l10n.t('Fetch Data Portability Records')]: () => vscode.commands.executeCommand('lwa.fetchDataPortabilityRecords', { profile: profile.name }),
					[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name }),
				});
				return;
			}
			const words = sellingPartnerWords(profile, error, vscode.l10n.t('Login with Amazon refused the refresh token of "{0}" (revoked or expired), so its tokens were removed. Sign in again.', profile.name));
			notifier.error(words.text, { ...signInAgain, ...words.explain });
			return;
		}
		case 'not_signed_in':
			notifier.error(vscode.l10n.t('Profile "{0}" is not signed in.', profile.name), { [vscode.l10n.t('Sign In')]: signIn });
			return;
		case 'no_refresh_token':
			notifier.error(vscode.l10n.t('The access token of "{0}" cannot be renewed: there is no refresh token (no client secret was set at sign-in). Sign in again.', profile.name), {
				...signInAgain,
				[vscode.l10n.t('Set Client Secret')]: setClientSecret,
			});
			return;
		case 'missing_client_secret':
		case 'invalid_client':
		case 'unauthorized_client': {
			const words = sellingPartnerWords(profile, error, failureText(error));
			notifier.error(vscode.l10n.t('Could not get an access token for "{0}": {1}', profile.name, words.text), {
				[vscode.l10n.t('Set Client Secret')]: setClientSecret,
				...words.explain,
			});
			return;
		}
		default:
			if (isTransientFailure(error)) {
				notifier.error(during === 'refresh'
					? vscode.l10n.t('Could not refresh the access token of "{0}": {1} The stored tokens were kept.', profile.name, failureText(error))
					: vscode.l10n.t('Could not get the access token of "{0}": {1} The stored tokens were kept.', profile.name, failureText(error)));
			} else {
				notifier.error(vscode.l10n.t('Could not get an access token for "{0}": {1}', profile.name, failureText(error)));
			}
	}
}

/**
 * The profile's valid credential (refreshed first when stale) for a command that uses its token (copy,
 * inspect, Data Portability); undefined after reporting why there is none.
 */
export async function validCredentialOrReport(service: CredentialService, reporting: FailureReporting, profile: Profile, account?: Account): Promise<StoredCredential | undefined> {
	try {
		return await service.getValidCredential(profile, account);
	} catch (error) {
		reportTokenError(reporting, profile, error, 'copy');
		return undefined;
	}
}

/**
 * Reports a failed Amazon Ads API request (the advertiser profile list), with the button that helps:
 * Sign In Again after a refused token (401) or denied access (403), Choose Advertising Profile after
 * a refused scope header or a refused (agency) profile.
 */
export function reportAdvertisingApiError({ notifier, logger }: FailureReporting, profile: Profile, error: unknown): void {
	logger.warn(`Ads API request for profile "${profile.name}" failed (${isLwaError(error) ? `${error.code}${error.reason ? `/${error.reason}` : ''}${error.status ? `, HTTP ${error.status}` : ''}${error.requestId ? `, request id ${error.requestId}` : ''}` : 'unexpected error'}).`);
	const message = vscode.l10n.t('Could not list the advertiser profiles of "{0}": {1}', profile.name, failureText(error));
	const signInAgain = { [vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }) };
	if (!isLwaError(error, 'advertising_api')) {
		notifier.error(message, isLwaError(error) && isTransientFailure(error) ? {} : signInAgain);
		return;
	}
	switch (error.reason) {
		case 'ads_scope_header':
		case 'ads_bad_request':
			notifier.error(message, { [vscode.l10n.t('Choose Advertising Profile')]: () => vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }) });
			return;
		case 'ads_client_id_header':
			notifier.error(message, { [vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettingsJson') });
			return;
		default:
			notifier.error(message, signInAgain);
	}
}

/** Reports a failure a command did not report itself (without the error's own text). */
export function reportUnexpectedCommandFailure({ notifier, logger }: FailureReporting, command: string, error: unknown): void {
	logger.error(`Command ${command} failed (${isLwaError(error) ? error.code : error instanceof Error ? error.name : 'unexpected error'}).`);
	if (command === 'lwa.importCredentials') {
		// The import may have written some profiles before it failed.
		notifier.error(vscode.l10n.t('The import failed unexpectedly; the log has details. Check the imported profiles in lwa.profiles.'));
		return;
	}
	notifier.error(isLwaError(error) ? failureText(error) : vscode.l10n.t('An unexpected error occurred; the log has details.'));
}

/**
 * Reports a background refresh the user has to act on: a refused refresh token or client secret
 * (Sign In Again), or a proxy or certificate problem only a settings change can end (Open Settings on
 * the setting that fixes it). The background refresh does not try that token again.
 */
export function reportRefreshRefused({ notifier, logger }: FailureReporting, profile: Profile, error: unknown): void {
	logger.warn(`Background refresh of profile "${profile.name}" was refused (${isLwaError(error) ? `${error.code}${error.reason ? `/${error.reason}` : ''}` : 'unexpected error'}); it is not tried again in the background.`);
	const actions = isLwaError(error, 'network')
		? { [vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettings', error.reason === 'untrusted_certificate' ? 'http.systemCertificates' : 'http.proxy') }
		: { [vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }) };
	notifier.error(vscode.l10n.t('Background refresh of "{0}" failed and needs you: {1}', profile.name, failureText(error)), actions);
}
