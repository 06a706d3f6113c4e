// "LWA: Inspect Access Token": asks tokeninfo about the profile's current valid token and shows who it
// was issued to, for how much longer, and which scopes were granted, in a webview panel with a strict
// content security policy. The customer profile endpoint is asked only on demand ("Fetch Profile").
// The token itself never reaches the panel, the log or a message.
//
// This file also holds InfoPanel, the small webview shell the redirect doctor uses too.
import { randomBytes } from 'node:crypto';
import vscode = require('vscode');
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import { escapeHtml, escapeText, sentenceHtml } from '../../core/html';
import { forLog } from '../../core/logText';
import { isLwaError, toUserMessage } from '../../core/lwa/errors';
import type { UserProfile } from '../../core/lwa/tokeninfo';
import { fetchTokenInfo, fetchUserProfile } from '../../core/lwa/tokeninfo';
import type { Clock, HttpClient, Logger } from '../../core/ports';
import type { Grant, Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';

// ---- the webview shell ------------------------------------------------------------------------

/** A message from a panel's buttons. */
export interface PanelMessage {
	action: string;
	index?: number;
}

// The other panels (redirect setup) take the HTML helpers from here.
export { escapeHtml, escapeText, sentenceHtml };

/** What a panel shows now (for tests). */
export interface PanelSnapshot<M> {
	model: M;
	html: string;
	visible: boolean;
}

/** A panel as the testing API sees it: its content, and its buttons as if clicked. */
export interface PanelHook {
	snapshot(): PanelSnapshot<unknown> | undefined;
	receive(message: unknown): Promise<void>;
}

function isPanelMessage(value: unknown): value is PanelMessage {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const { action, index } = value as { action?: unknown; index?: unknown };
	return typeof action === 'string' && /^[a-zA-Z]{1,40}$/.test(action) && (index === undefined || (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < 1000));
}

/** The shared page: strict CSP (nothing external, nonce'd style and script), theme colours only. */
function pageHtml(nonce: string, title: string, body: string): string {
	return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 20px; line-height: 1.5; }
h1 { font-size: 1.4em; font-weight: 600; }
h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding-bottom: 4px; }
table { border-collapse: collapse; }
th { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 3px 16px 3px 0; vertical-align: top; white-space: nowrap; }
td { padding: 3px 0; vertical-align: top; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.callout { border-left: 4px solid; padding: 6px 12px; margin: 12px 0; background: var(--vscode-textBlockQuote-background); }
.error { border-color: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.warning { border-color: var(--vscode-editorWarning-foreground); }
.info { border-color: var(--vscode-editorInfo-foreground, var(--vscode-textLink-foreground)); }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.bad { color: var(--vscode-errorForeground); font-weight: 600; }
.muted { color: var(--vscode-descriptionForeground); }
.url { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; cursor: pointer; font-family: inherit; border-radius: 2px; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.actions { display: flex; gap: 8px; margin: 16px 0; flex-wrap: wrap; }
ul { padding-left: 20px; }
</style>
</head>
<body>
${body}
<script nonce="${nonce}">
(function () {
	const vscode = acquireVsCodeApi();
	document.addEventListener('click', function (event) {
		const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
		if (!button) { return; }
		const message = { action: button.getAttribute('data-action') };
		const index = button.getAttribute('data-index');
		if (index !== null) { message.index = Number(index); }
		vscode.postMessage(message);
	});
}());
</script>
</body>
</html>`;
}

/** A button that posts `{ action, index }` to the extension. */
export function buttonHtml(label: string, action: string, options: { index?: number; secondary?: boolean; title?: string } = {}): string {
	const index = options.index !== undefined ? ` data-index="${options.index}"` : '';
	const title = options.title !== undefined ? ` title="${escapeHtml(options.title)}"` : '';
	return `<button type="button" data-action="${escapeHtml(action)}"${index}${title}${options.secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button>`;
}

/**
 * One webview panel at a time for one view type: created on first show, revealed and re-rendered
 * afterwards. Messages from its buttons are checked before they reach the handler.
 */
export class InfoPanel<M> implements vscode.Disposable, PanelHook {
	private panel: vscode.WebviewPanel | undefined;
	private current: { model: M; html: string } | undefined;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(
		private readonly viewType: string,
		private readonly logger: Logger,
		private readonly onMessage: (message: PanelMessage, model: M) => Promise<void>,
	) {}

	/** Shows the model (rendered by `body`) in the panel, creating or revealing it. */
	show(title: string, model: M, body: string, reveal = true): void {
		const html = pageHtml(randomBytes(16).toString('base64'), title, body);
		this.current = { model, html };
		if (!this.panel) {
			this.panel = vscode.window.createWebviewPanel(this.viewType, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
				enableScripts: true,
				enableCommandUris: false,
				localResourceRoots: [],
			});
			this.subscriptions.push(
				this.panel.onDidDispose(() => {
					this.panel = undefined;
					this.current = undefined;
				}),
				this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
			);
		} else if (reveal) {
			this.panel.reveal(undefined, false);
		}
		this.panel.title = title;
		this.panel.webview.html = html;
	}

	/** The model currently shown, if the panel is open. */
	get model(): M | undefined {
		return this.current?.model;
	}

	snapshot(): PanelSnapshot<M> | undefined {
		return this.current && this.panel ? { model: this.current.model, html: this.current.html, visible: this.panel.visible } : undefined;
	}

	async receive(message: unknown): Promise<void> {
		const model = this.current?.model;
		if (!isPanelMessage(message) || model === undefined) {
			this.logger.warn(`The ${this.viewType} panel sent a message that was ignored.`);
			return;
		}
		try {
			await this.onMessage(message, model);
		} catch {
			this.logger.error(`The ${this.viewType} panel action "${forLog(message.action)}" failed.`);
		}
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
		this.panel?.dispose();
	}
}

// ---- Inspect Access Token ---------------------------------------------------------------------

/** A safe error for the panel and the command's result: a code and plain words, never server text. */
export interface InspectionError {
	code: string;
	message: string;
}

/** What tokeninfo said, plus what follows from it. */
export interface TokenInfoView {
	audience: string;
	audienceMatches: boolean;
	userId?: string;
	appId?: string;
	issuer?: string;
	expiresInSeconds: number;
	/** Local expiry computed from tokeninfo's `exp` (epoch ms). */
	expiresAt: number;
	/** tokeninfo's `iat` (epoch seconds), when it sent one. */
	issuedAt?: number;
}

/** The model of the Inspect Access Token panel (and the command's result). No token in it. */
export interface TokenInspection {
	profile: string;
	grant: Grant;
	clientId: string;
	region: string;
	/** When tokeninfo was asked (epoch ms). */
	checkedAt: number;
	/** The stored credential's own expiry (epoch ms). */
	storedExpiresAt: number;
	hasRefreshToken: boolean;
	scopes: {
		/** The profile's configuration. */
		requested: string[];
		/** The stored credential (what the token endpoint granted). */
		granted: string[];
		notGranted: string[];
		extra: string[];
	};
	tokeninfo?: TokenInfoView;
	/** Why tokeninfo gave no answer. */
	error?: InspectionError;
	/** The customer profile, once fetched. */
	userProfile?: UserProfile;
	userProfileError?: InspectionError;
}

/** Runs lwa.inspectToken and owns its panel. */
export class TokenInspector implements vscode.Disposable {
	readonly panel: InfoPanel<TokenInspection>;

	constructor(private readonly deps: {
		service: CredentialService;
		http: HttpClient;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		/** The profile named in the argument, else the active one, else the user's choice. */
		resolveProfile: (arg: unknown, placeHolder: string) => Promise<Profile | undefined>;
		/** Reports a failure to get a valid token (not signed in, missing secret, …) with its actions. */
		reportTokenError: (profile: Profile, error: unknown) => void;
		findProfile: (name: string) => Profile | undefined;
	}) {
		this.panel = new InfoPanel<TokenInspection>('lwa.inspectToken', deps.logger, (message, model) => this.onPanelMessage(message, model));
	}

	/** Registers lwa.inspectToken. */
	register(): vscode.Disposable {
		return registerReportingCommand('lwa.inspectToken', (arg) => this.inspect(arg), this.deps.logger, this.deps.notifier);
	}

	/**
	 * lwa.inspectToken. Argument: `{ profile?: string, fetchProfile?: boolean }`. Resolves to the
	 * model shown (also when tokeninfo failed: see `error`), or undefined when there was no profile or
	 * no valid token (reported to the user).
	 */
	async inspect(arg: unknown): Promise<TokenInspection | undefined> {
		const profile = await this.deps.resolveProfile(arg, vscode.l10n.t('Choose the LWA profile to inspect the access token of'));
		if (!profile) {
			return undefined;
		}
		const credential = await this.validCredential(profile);
		if (!credential) {
			return undefined;
		}
		const model = await this.buildModel(profile, credential);
		if (typeof arg === 'object' && arg !== null && (arg as { fetchProfile?: unknown }).fetchProfile === true) {
			await this.addUserProfile(profile, model);
		}
		this.show(model);
		this.announce(model);
		return model;
	}

	dispose(): void {
		this.panel.dispose();
	}

	private async validCredential(profile: Profile): Promise<StoredCredential | undefined> {
		try {
			return await this.deps.service.getValidCredential(profile);
		} catch (error) {
			this.deps.reportTokenError(profile, error);
			return undefined;
		}
	}

	private async buildModel(profile: Profile, credential: StoredCredential): Promise<TokenInspection> {
		const requested = [...profile.scopes];
		const granted = [...credential.scopes];
		const model: TokenInspection = {
			profile: profile.name,
			grant: profile.grant,
			clientId: profile.clientId,
			region: profile.region,
			checkedAt: this.deps.clock.now(),
			storedExpiresAt: credential.expiresAt,
			hasRefreshToken: credential.refreshToken !== undefined,
			scopes: {
				requested,
				granted,
				notGranted: requested.filter((scope) => !granted.includes(scope)),
				extra: granted.filter((scope) => !requested.includes(scope)),
			},
		};
		try {
			const info = await fetchTokenInfo(this.deps.http, profile.endpoints.tokeninfo, credential.accessToken);
			model.checkedAt = this.deps.clock.now();
			const view: TokenInfoView = {
				audience: info.audience,
				audienceMatches: info.audience === profile.clientId,
				expiresInSeconds: info.expiresInSeconds,
				expiresAt: model.checkedAt + info.expiresInSeconds * 1000,
			};
			if (info.userId !== undefined) {
				view.userId = info.userId;
			}
			if (info.appId !== undefined) {
				view.appId = info.appId;
			}
			if (info.issuer !== undefined) {
				view.issuer = info.issuer;
			}
			if (info.issuedAt !== undefined) {
				view.issuedAt = info.issuedAt;
			}
			model.tokeninfo = view;
			this.deps.logger.info(`Inspected the access token of profile "${profile.name}" (audience ${view.audienceMatches ? 'matches' : 'does NOT match'} the client id).`);
		} catch (error) {
			model.error = inspectionError(error, 'tokeninfo');
			this.deps.logger.warn(`tokeninfo for profile "${profile.name}" failed (${model.error.code}).`);
		}
		return model;
	}

	private async addUserProfile(profile: Profile, model: TokenInspection): Promise<void> {
		delete model.userProfile;
		delete model.userProfileError;
		if (profile.grant === 'client_credentials') {
			model.userProfileError = { code: 'not_applicable', message: vscode.l10n.t('A client credentials token belongs to no customer, so there is no customer profile to fetch.') };
			return;
		}
		let credential: StoredCredential;
		try {
			credential = await this.deps.service.getValidCredential(profile);
		} catch (error) {
			model.userProfileError = inspectionError(error, 'profile');
			return;
		}
		try {
			model.userProfile = await fetchUserProfile(this.deps.http, profile.endpoints.profile, credential.accessToken);
			this.deps.logger.info(`Fetched the customer profile for profile "${profile.name}".`);
		} catch (error) {
			model.userProfileError = inspectionError(error, 'profile');
			this.deps.logger.warn(`The profile endpoint for profile "${profile.name}" failed (${model.userProfileError.code}).`);
		}
	}

	private show(model: TokenInspection, reveal = true): void {
		this.panel.show(vscode.l10n.t('Access Token: {0}', model.profile), model, renderInspection(model), reveal);
	}

	private announce(model: TokenInspection): void {
		if (model.error) {
			this.deps.notifier.error(vscode.l10n.t('Inspecting the access token of "{0}" failed: {1}', model.profile, model.error.message), {
				[vscode.l10n.t('Refresh Access Token')]: () => vscode.commands.executeCommand('lwa.refresh', { profile: model.profile }),
			});
		} else if (model.tokeninfo && !model.tokeninfo.audienceMatches) {
			this.deps.notifier.warn(vscode.l10n.t('The access token of "{0}" was issued to another client ({1}), not to the profile\'s client id. Do not use it with this profile: sign in again.', model.profile, safeClientId(model.tokeninfo.audience)), {
				[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: model.profile }),
			});
		}
	}

	private async onPanelMessage(message: PanelMessage, model: TokenInspection): Promise<void> {
		const profile = this.deps.findProfile(model.profile);
		if (!profile) {
			this.deps.notifier.error(vscode.l10n.t('The profile "{0}" no longer exists.', model.profile));
			return;
		}
		switch (message.action) {
			case 'fetchProfile':
				await this.addUserProfile(profile, model);
				if (model.userProfileError && model.userProfileError.code !== 'not_applicable') {
					this.deps.notifier.error(vscode.l10n.t('Fetching the customer profile of "{0}" failed: {1}', model.profile, model.userProfileError.message));
				}
				this.show(model, false);
				return;
			case 'inspectAgain':
				await this.inspect({ profile: model.profile });
				return;
			case 'refresh':
				await vscode.commands.executeCommand('lwa.refresh', { profile: model.profile });
				await this.inspect({ profile: model.profile });
				return;
			default:
				this.deps.logger.warn(`The inspect panel sent an unknown action "${forLog(message.action)}".`);
		}
	}
}

/** Plain words for a tokeninfo or profile failure; never the server's text. */
function inspectionError(error: unknown, endpoint: 'tokeninfo' | 'profile'): InspectionError {
	if (!isLwaError(error)) {
		return { code: 'unexpected', message: vscode.l10n.t('An unexpected error occurred; the log has details.') };
	}
	switch (error.code) {
		case 'invalid_grant':
			return { code: error.code, message: vscode.l10n.t('Login with Amazon says the access token is not valid (expired, revoked or not issued by it). Refresh the token or sign in again.') };
		case 'invalid_scope':
			return endpoint === 'profile'
				? { code: error.code, message: vscode.l10n.t('The token was not granted a customer profile scope (profile, profile:user_id or postal_code), so the profile endpoint refuses it.') }
				: { code: error.code, message: toUserMessage(error) };
		default:
			return { code: error.code, message: toUserMessage(error) };
	}
}

function row(label: string, value: string): string {
	return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

function code(text: string): string {
	return `<code>${escapeHtml(text)}</code>`;
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
			parts.push(row(vscode.l10n.t('Issued'), escapeHtml(new Date(info.issuedAt * 1000).toLocaleString())));
		}
		parts.push('</table>');
	}
	parts.push(`<h2>${escapeText(vscode.l10n.t('Profile and credential'))}</h2><table>`);
	parts.push(row(vscode.l10n.t('Profile'), `${escapeHtml(model.profile)} <span class="muted">(${escapeHtml(model.region)}, ${escapeHtml(model.grant)})</span>`));
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
	parts.push(row(vscode.l10n.t('Stored expiry'), escapeHtml(new Date(model.storedExpiresAt).toLocaleString())));
	parts.push('</table>');
	if (model.userProfile || model.userProfileError) {
		parts.push(`<h2>${escapeText(vscode.l10n.t('Customer profile'))}</h2>`);
		if (model.userProfileError) {
			parts.push(`<div class="callout ${model.userProfileError.code === 'not_applicable' ? 'info' : 'error'}">${escapeHtml(model.userProfileError.message)}</div>`);
		}
		const user = model.userProfile;
		if (user) {
			parts.push('<table>');
			parts.push(row(vscode.l10n.t('User id'), code(user.userId)));
			parts.push(row(vscode.l10n.t('Name'), user.name !== undefined ? escapeHtml(user.name) : muted(vscode.l10n.t('not granted'))));
			parts.push(row(vscode.l10n.t('Email'), user.email !== undefined ? escapeHtml(user.email) : muted(vscode.l10n.t('not granted'))));
			parts.push(row(vscode.l10n.t('Postal code'), user.postalCode !== undefined ? escapeHtml(user.postalCode) : muted(vscode.l10n.t('not granted'))));
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

/**
 * Registers a command that reports an unexpected failure (without its text) and resolves to
 * undefined instead of throwing, like the commands in commands.ts.
 */
export function registerReportingCommand(id: string, run: (arg: unknown) => Promise<unknown>, logger: Logger, notifier: Notifier): vscode.Disposable {
	return vscode.commands.registerCommand(id, async (arg: unknown) => {
		try {
			return await run(arg);
		} catch (error) {
			logger.error(`Command ${id} failed (${isLwaError(error) ? error.code : error instanceof Error ? error.name : 'unexpected error'}).`);
			notifier.error(isLwaError(error) ? toUserMessage(error) : vscode.l10n.t('An unexpected error occurred; the log has details.'));
			return undefined;
		}
	});
}

/**
 * The audience tokeninfo reported, for a notification: it is server text, so only a value shaped like
 * an LWA client id is shown (the panel shows the rest, escaped).
 */
function safeClientId(audience: string): string {
	return /^amzn1\.application-oa2-client\.[A-Za-z0-9._-]{1,100}$/.test(audience) ? audience : vscode.l10n.t('an unexpected value, shown in the panel');
}
