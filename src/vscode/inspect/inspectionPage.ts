// The Inspect Access Token panel's page: what tokeninfo said about the token, the profile and the
// credential, and the customer profile once fetched. Everything that comes from outside is escaped.
import vscode = require('vscode');
import { escapeHtml, escapeText, sentenceHtml } from '../../core/html';
import { authorizationAgeLine, secretExpiryLine } from '../sellingPartner/secretHealthTexts';
import type { SecretHealthInspection } from '../sellingPartner/secretHealthWatch';
import { buttonHtml } from '../ui/webviewPanel';
import type { TokenInspection } from './tokenInspector';

function row(label: string, value: string): string {
	return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

function code(text: string): string {
	return `<code>${escapeHtml(text)}</code>`;
}

/** A value from the profile, the token or the customer (a name, an address), not a sentence. */
function value(text: string): string {
	return `<span class="value">${escapeHtml(text)}</span>`;
}

/** A moment, in the user's locale. */
function time(epochMs: number): string {
	return `<time datetime="${new Date(epochMs).toISOString()}">${escapeHtml(new Date(epochMs).toLocaleString())}</time>`;
}

function scopeList(scopes: readonly string[]): string {
	return scopes.length > 0 ? scopes.map(code).join(' ') : muted(vscode.l10n.t('none'));
}

/** Localized text in the muted style. */
function muted(text: string): string {
	return `<span class="muted">${escapeText(text)}</span>`;
}

function duration(seconds: number): string {
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const rest = seconds % 60;
	return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : minutes > 0 ? `${minutes}m ${rest}s` : `${rest}s`;
}

/** A deadline's words in the style of its state: plain, due (within the warning's lead time), bad (passed). */
function deadline(text: string, state: 'ok' | 'due_soon' | 'expired'): string {
	return state === 'ok' ? escapeText(text) : `<span class="${state === 'expired' ? 'bad' : 'due'}">${escapeText(text)}</span>`;
}

/** SP-API: the client secret's 180-day deadline, the old secret's overlap, the selling partner's authorization. */
function secretHealthSection(health: SecretHealthInspection, now: number): string {
	const parts = [`<h2>${escapeText(vscode.l10n.t('Client secret and authorization'))}</h2><table>`];
	parts.push(row(vscode.l10n.t('Client secret'), health.secret
		? deadline(secretExpiryLine(health.secret), health.secret.state)
		: muted(vscode.l10n.t('no dates recorded: set the client secret with LWA: Set Client Secret to count its 180 days'))));
	if (health.previousSecretUntil !== undefined) {
		parts.push(row(vscode.l10n.t('Previous client secret'), escapeText(vscode.l10n.t('kept for the rotation\'s overlap and tried when the new one is refused, until {0}', new Date(health.previousSecretUntil).toLocaleString()))));
	}
	const partner = health.partner;
	if (partner) {
		parts.push(row(vscode.l10n.t('Selling partner'), code(partner.id)));
		const authorization = partner.authorization;
		const reauthorization = partner.reauthorization;
		parts.push(row(vscode.l10n.t('Authorization'), authorization
			? deadline(authorizationAgeLine(authorization.kind, authorization.authorizedAt, now), reauthorization?.applies ? reauthorization.state : 'ok')
			: muted(vscode.l10n.t('not recorded (authorized before this version kept the date)'))));
	}
	parts.push('</table>');
	return parts.join('\n');
}

/** The panel body for a model. Everything from outside is escaped. */
export function renderInspection(model: TokenInspection): string {
	const parts: string[] = [`<h1>${escapeText(vscode.l10n.t('Access token of {0}', model.profile))}</h1>`];
	parts.push(`<p class="muted">${escapeText(vscode.l10n.t('Checked with Login with Amazon\'s tokeninfo at {0}. The token itself is not shown.', new Date(model.checkedAt).toLocaleString()))}</p>`);
	const info = model.tokeninfo;
	if (model.error) {
		parts.push(`<div class="callout error" role="alert"><strong>${escapeText(vscode.l10n.t('tokeninfo did not confirm the token.'))}</strong> ${escapeHtml(model.error.message)}</div>`);
	} else if (info && !info.audienceMatches) {
		const audience = '\u0000audience\u0000';
		const clientId = '\u0000clientId\u0000';
		const sentence = sentenceHtml(vscode.l10n.t('This token was issued to {0}, not to the profile\'s client id {1}. Do not use it with this profile; sign in again.', audience, clientId), {
			[audience]: code(info.audience),
			[clientId]: code(model.clientId),
		});
		parts.push(`<div class="callout warning" role="alert"><strong>${escapeText(vscode.l10n.t('Audience mismatch.'))}</strong> ${sentence}</div>`);
	}
	if (info) {
		parts.push(`<h2>${escapeText(vscode.l10n.t('Token'))}</h2><table>`);
		parts.push(row(vscode.l10n.t('Audience (aud)'), `${code(info.audience)} ${info.audienceMatches
			? `<span class="ok">${escapeText(vscode.l10n.t('matches the profile\'s client id'))}</span>`
			: `<span class="bad">${escapeText(vscode.l10n.t('does not match the profile\'s client id'))}</span>`}`));
		parts.push(row(vscode.l10n.t('Profile client id'), code(model.clientId)));
		parts.push(row(vscode.l10n.t('User id'), info.userId !== undefined ? code(info.userId) : muted(vscode.l10n.t('none (no customer: client credentials token)'))));
		parts.push(row(vscode.l10n.t('App id'), info.appId !== undefined ? code(info.appId) : muted(vscode.l10n.t('not reported'))));
		parts.push(row(vscode.l10n.t('Issuer'), info.issuer !== undefined ? code(info.issuer) : muted(vscode.l10n.t('not reported'))));
		parts.push(row(vscode.l10n.t('Seconds left'), escapeText(vscode.l10n.t('{0} ({1}), until {2}', info.expiresInSeconds, duration(info.expiresInSeconds), new Date(info.expiresAt).toLocaleString()))));
		if (info.issuedAt !== undefined) {
			parts.push(row(vscode.l10n.t('Issued'), time(info.issuedAt * 1000)));
		}
		parts.push('</table>');
	}
	parts.push(`<h2>${escapeText(vscode.l10n.t('Profile and credential'))}</h2><table>`);
	parts.push(row(vscode.l10n.t('Profile'), `${value(model.profile)} <span class="muted">(${value(model.region)}, ${value(model.grant)})</span>`));
	parts.push(row(vscode.l10n.t('Scopes requested'), scopeList(model.scopes.requested)));
	parts.push(row(vscode.l10n.t('Scopes granted'), scopeList(model.scopes.granted)));
	if (model.scopes.notGranted.length > 0) {
		parts.push(row(vscode.l10n.t('Not granted'), `${scopeList(model.scopes.notGranted)} ${muted(vscode.l10n.t('(the customer may leave voluntary scopes unchecked)'))}`));
	}
	if (model.scopes.extra.length > 0) {
		parts.push(row(vscode.l10n.t('Granted, not requested'), scopeList(model.scopes.extra)));
	}
	parts.push(row(vscode.l10n.t('Refresh token'), model.grant === 'client_credentials'
		? escapeText(vscode.l10n.t('not needed: a new token is fetched with the client secret'))
		: model.hasRefreshToken
			? escapeText(vscode.l10n.t('present'))
			: `<span class="bad">${escapeText(vscode.l10n.t('none'))}</span>: ${escapeText(vscode.l10n.t('sign in again when the access token expires'))}`));
	parts.push(row(vscode.l10n.t('Stored expiry'), time(model.storedExpiresAt)));
	parts.push('</table>');
	if (model.secretHealth) {
		parts.push(secretHealthSection(model.secretHealth, model.checkedAt));
	}
	if (model.userProfile || model.userProfileError) {
		parts.push(`<h2>${escapeText(vscode.l10n.t('Customer profile'))}</h2>`);
		if (model.userProfileError) {
			parts.push(`<div class="callout ${model.userProfileError.code === 'not_applicable' ? 'info' : 'error'}">${escapeHtml(model.userProfileError.message)}</div>`);
		}
		const user = model.userProfile;
		if (user) {
			parts.push('<table>');
			parts.push(row(vscode.l10n.t('User id'), code(user.userId)));
			parts.push(row(vscode.l10n.t('Name'), user.name !== undefined ? value(user.name) : muted(vscode.l10n.t('not granted'))));
			parts.push(row(vscode.l10n.t('Email'), user.email !== undefined ? value(user.email) : muted(vscode.l10n.t('not granted'))));
			parts.push(row(vscode.l10n.t('Postal code'), user.postalCode !== undefined ? value(user.postalCode) : muted(vscode.l10n.t('not granted'))));
			parts.push('</table>');
		}
	}
	const actions = [buttonHtml(vscode.l10n.t('Inspect Again'), 'inspectAgain'), buttonHtml(vscode.l10n.t('Refresh Token'), 'refresh', { secondary: true })];
	if (model.grant === 'authorization_code') {
		actions.unshift(buttonHtml(vscode.l10n.t('Fetch Profile'), 'fetchProfile', { title: vscode.l10n.t('Ask the customer profile endpoint (name, email, postal code as granted)') }));
	}
	parts.push(`<div class="actions">${actions.join('')}</div>`);
	return parts.join('\n');
}
