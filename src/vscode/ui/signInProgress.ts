// A sign-in in a progress notification, the same for the Sign In command and for a sign-in that
// another extension asks for through the authentication provider.
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { Profile } from '../../core/profiles';
import type { SignInOptions } from '../sellingPartner/consentSignIn';
import type { SignInFlow } from '../signIn/signInFlow';

/** Runs the sign-in of `profile` with its progress (and a Cancel button) in a notification. */
export function signInWithProgress(flow: SignInFlow, profile: Profile, options: SignInOptions = {}): Thenable<StoredCredential> {
	return vscode.window.withProgress({
		location: vscode.ProgressLocation.Notification,
		title: vscode.l10n.t('LWA: signing in to "{0}"', profile.name),
		// A client credentials sign-in is one token request, with nothing to cancel.
		cancellable: profile.grant !== 'client_credentials',
	}, (progress, cancellation) => flow.signIn(profile, { report: (message) => progress.report({ message }) }, cancellation, options));
}
