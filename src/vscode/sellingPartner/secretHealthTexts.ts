// The words of client secret health and the re-authorization reminder (the core gives dates and days).
import vscode = require('vscode');
import type { HealthWarning } from '../../core/sellingPartner/healthReminders';
import type { ExpiryBasis, SecretHealth } from '../../core/sellingPartner/secretHealth';

function day(time: number): string {
	return new Date(time).toISOString().slice(0, 10);
}

function basisText(basis: ExpiryBasis): string {
	switch (basis) {
		case 'amazon_expiry': return vscode.l10n.t('the expiry Amazon shows');
		case 'issue_date': return vscode.l10n.t('180 days from Amazon\'s issue date');
		case 'set_date': return vscode.l10n.t('180 days from the day it was set here (Amazon\'s issue date was not given)');
	}
}

/** The warning's message. */
export function healthWarningText(warning: HealthWarning): string {
	const { health } = warning;
	if (warning.kind === 'secret') {
		return health.state === 'expired'
			? vscode.l10n.t('The client secret of "{0}" expired on {1} ({2}): SP-API calls fail until a new one is set. Rotate it in the Solution Provider Portal and set the new one.', warning.profile, day(health.expiresAt), basisText(warning.health.basis))
			: vscode.l10n.t('The client secret of "{0}" expires in {1} days, on {2} ({3}). Rotate it in the Solution Provider Portal and set the new one; the old one is kept for the 7-day overlap.', warning.profile, health.daysLeft, day(health.expiresAt), basisText(warning.health.basis));
	}
	return health.state === 'expired'
		? vscode.l10n.t('The authorization of selling partner {0} in "{1}" is over 365 days old: the partner must authorize the app again (sign in again through the consent page).', warning.partnerId, warning.profile)
		: vscode.l10n.t('Selling partner {0} of "{1}" must authorize the app again within {2} days (by {3}): consent-based authorizations last 365 days.', warning.partnerId, warning.profile, health.daysLeft, day(health.expiresAt));
}

/** A short badge for the Profiles view: 'secret 5d left', 'secret expired'. */
export function secretBadge(health: SecretHealth): string {
	return health.state === 'expired' ? vscode.l10n.t('secret expired') : vscode.l10n.t('secret {0}d left', health.daysLeft);
}

/** The tooltip line and inspect row of the secret's expiry. */
export function secretExpiryLine(health: SecretHealth): string {
	return health.state === 'expired'
		? vscode.l10n.t('Client secret expired {0} ({1})', day(health.expiresAt), basisText(health.basis))
		: vscode.l10n.t('Client secret expires {0}, in {1} days ({2})', day(health.expiresAt), health.daysLeft, basisText(health.basis));
}

/** A partner's badge: 're-authorize in 25d'. */
export function reauthorizationBadge(daysLeft: number): string {
	return daysLeft < 0 ? vscode.l10n.t('re-authorize now') : vscode.l10n.t('re-authorize in {0}d', daysLeft);
}

/** The inspect row of an authorization's age. */
export function authorizationAgeLine(kind: 'consent' | 'self', authorizedAt: number, now: number): string {
	const days = Math.floor((now - authorizedAt) / (24 * 60 * 60 * 1000));
	return kind === 'consent'
		? vscode.l10n.t('Authorized by consent {0} days ago ({1}); renew within 365 days', days, day(authorizedAt))
		: vscode.l10n.t('Self-authorized {0} days ago ({1}); Amazon documents no expiry for these', days, day(authorizedAt));
}

export const setClientSecretLabel = (): string => vscode.l10n.t('Set Client Secret');
export const signInAgainLabel = (): string => vscode.l10n.t('Sign In Again');

/** The question for Amazon's date, after a new secret. */
export function secretDatePrompt(): { title: string; prompt: string; placeHolder: string; invalid: string } {
	return {
		title: vscode.l10n.t('When did Amazon issue this client secret?'),
		prompt: vscode.l10n.t('Amazon\'s issue date (YYYY-MM-DD) or, prefixed with "expires ", the expiry the Solution Provider Portal shows. Leave empty to count 180 days from today.'),
		placeHolder: vscode.l10n.t('2025-01-31 or expires 2025-07-30'),
		invalid: vscode.l10n.t('A date such as 2025-01-31 (not in the future), or "expires 2025-07-30" (within 180 days).'),
	};
}
