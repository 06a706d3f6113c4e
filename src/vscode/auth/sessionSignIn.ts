// The sign-in behind the amazon-lwa provider's createSession (the Accounts menu, or another extension's
// getSession with createIfNone): which profile (asking when several are configured with the scopes),
// the sign-in itself, and what the user is told. It lives with the features, not in the activation
// bundle: a session is listed at activation, but signing one in needs the sign-in flow anyway.
import vscode = require('vscode');
import { parseSlotKey } from '../../core/credentials/accounts';
import type { StoredCredential } from '../../core/credentials/model';
import { forLog } from '../../core/logText';
import { isLwaError } from '../../core/lwa/errors';
import type { Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { TokenCommands } from '../commands/tokenCommands';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import type { SignInFlow } from '../signIn/signInFlow';
import { pickProfile } from '../ui/profileQuickPick';
import { signInWithProgress } from '../ui/signInProgress';
import { includesScopes } from './sessionScopes';

/** What createSession says when no profile is configured with the requested scopes (localized). */
function noProfileMessage(scopes: readonly string[], account: string | undefined): string {
	const list = scopes.join(' ');
	if (account !== undefined) {
		return scopes.length === 0
			? vscode.l10n.t('No LWA profile named "{0}" is configured with any scope.', account)
			: scopes.length === 1
				? vscode.l10n.t('No LWA profile named "{0}" is configured with the scope {1}.', account, list)
				: vscode.l10n.t('No LWA profile named "{0}" is configured with the scopes {1}.', account, list);
	}
	return scopes.length === 0
		? vscode.l10n.t('No LWA profile is configured with any scope. Add a profile with this scope, then sign in again.')
		: scopes.length === 1
			? vscode.l10n.t('No LWA profile is configured with the scope {0}. Add a profile with this scope, then sign in again.', list)
			: vscode.l10n.t('No LWA profile is configured with the scopes {0}. Add a profile with these scopes, then sign in again.', list);
}

export interface SessionSignInDeps {
	profiles: ProfileRegistry;
	flow: SignInFlow;
	tokens: Pick<TokenCommands, 'warnIfOneTimeTransfer'>;
	failureText: (error: unknown) => string;
	notifier: Notifier;
	logger: Logger;
}

/**
 * Signs in a profile whose configured scopes include the requested ones (asking which when several
 * do), for a new session. When none does, says so and offers to add a profile. Rejects with
 * vscode.CancellationError when the user cancels, and with a plain Error naming what failed otherwise.
 */
export async function signInForSession(deps: SessionSignInDeps, scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions): Promise<{ profile: Profile; credential: StoredCredential }> {
	const { profiles, notifier, logger } = deps;
	const candidates = profiles.all().filter((profile) => includesScopes(profile.scopes, scopes)
		&& (options.account === undefined || options.account.id === profile.name || parseSlotKey(options.account.id)?.profile === profile.name));
	if (candidates.length === 0) {
		const wanted = scopes.length > 0 ? `the scope${scopes.length > 1 ? 's' : ''} ${forLog(scopes.join(' '))}` : 'any scope';
		const message = noProfileMessage(scopes, options.account?.id);
		logger.warn(`A sign-in through the authentication provider found no profile with ${wanted}.`);
		notifier.error(message, { [vscode.l10n.t('Add Profile')]: () => vscode.commands.executeCommand('lwa.addProfile') });
		throw new Error(message);
	}
	const profile = candidates.length === 1 ? candidates[0] : await pickProfile(candidates, profiles.active()?.name, scopes.length > 0
		? vscode.l10n.t('Choose the LWA profile to sign in with for {0}', scopes.join(' '))
		: vscode.l10n.t('Choose the LWA profile to sign in with for this request'));
	if (!profile) {
		throw new vscode.CancellationError();
	}
	logger.info(`Sign-in of profile "${profile.name}" requested through the authentication provider.`);
	try {
		const credential = await signInWithProgress(deps.flow, profile);
		deps.tokens.warnIfOneTimeTransfer(profile, credential);
		return { profile, credential };
	} catch (error) {
		if (isLwaError(error, 'cancelled')) {
			throw new vscode.CancellationError();
		}
		logger.warn(`Sign-in of profile "${profile.name}" through the authentication provider failed (${isLwaError(error) ? error.code : 'unexpected error'}).`);
		const message = isLwaError(error)
			? vscode.l10n.t('Sign-in to "{0}" failed: {1}', profile.name, deps.failureText(error))
			: vscode.l10n.t('Sign-in to "{0}" failed: an unexpected error occurred; the log has details.', profile.name);
		notifier.error(message);
		throw new Error(message);
	}
}
