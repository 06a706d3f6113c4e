// "LWA: Show Redirect Setup", the redirect doctor: renders the core's analysis of a profile's redirect
// URI (what to enter in Allowed Return URLs, LWA's rules, the way back, warnings) in a webview panel,
// with a Copy button for each URL to register.
import vscode = require('vscode');
import type { Logger } from '../../core/ports';
import { readExternalCallbackUri } from '../../core/lwa/authorize';
import type { RedirectSetup, RedirectSetupInput } from '../../core/redirectSetup';
import { analyzeRedirectSetup } from '../../core/redirectSetup';
import { allowedReturnUrlNote, allowedReturnUrlRules, findingText, hostingSteps, wayText } from './redirectSetupTexts';
import { escapeHtml, escapeText, sentenceHtml } from '../../core/html';
import type { Notifier } from '../platform/notifier';
import { callbackUri } from '../signIn/uriHandler';
import type { ProfileResolver } from '../ui/profilePicker';
import type { PanelMessage } from '../ui/webviewPanel';
import { buttonHtml, InfoPanel } from '../ui/webviewPanel';
import type { PanelObserver } from '../ui/webviewPanel';
import { forLog } from '../../core/logText';

/** Runs lwa.showRedirectSetup and owns its panel. */
export class RedirectDoctor implements vscode.Disposable {
	readonly panel: InfoPanel<RedirectSetup>;

	constructor(private readonly deps: {
		notifier: Notifier;
		logger: Logger;
		profiles: ProfileResolver;
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		panelObserver?: PanelObserver;
	}) {
		this.panel = new InfoPanel<RedirectSetup>('lwa.redirectSetup', deps.logger, (message, model) => this.onPanelMessage(message, model), deps.panelObserver);
	}

	/** The command this feature adds. */
	handlers() {
		return {
			'lwa.showRedirectSetup': (arg: unknown) => this.show(arg),
		};
	}

	/** lwa.showRedirectSetup. Argument: `{ profile?: string }`. Resolves to the analysis shown. */
	async show(arg: unknown): Promise<RedirectSetup | undefined> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to show the redirect setup of'));
		if (!profile) {
			return undefined;
		}
		const browserEditor = profile.grant === 'authorization_code' ? await this.browserEditor() : undefined;
		const setup = analyzeRedirectSetup({ name: profile.name, grant: profile.grant, redirectUri: profile.redirectUri, ...(browserEditor ? { browserEditor } : {}) });
		// The consent page of LWA profiles (Ads included) is the region's Amazon sign-in; SP-API's is Seller or Vendor Central.
		const consent = profile.grant === 'authorization_code' && profile.api !== 'sp-api' ? { region: profile.region, url: profile.endpoints.authorization } : undefined;
		this.panel.show(vscode.l10n.t('Redirect Setup: {0}', profile.name), setup, renderRedirectSetup(setup, consent));
		this.deps.logger.info(`Showed the redirect setup of profile "${profile.name}" (${setup.way}; ${setup.findings.length} finding${setup.findings.length === 1 ? '' : 's'}).`);
		return setup;
	}

	dispose(): void {
		this.panel.dispose();
	}

	/**
	 * In an editor that runs in a browser (code-server, Codespaces, vscode.dev): the address a hosted
	 * relay page must name in its lwa-editor-base meta tag, read from the editor's external callback
	 * address as a sign-in reads it. Undefined on a desktop editor.
	 */
	private async browserEditor(): Promise<RedirectSetupInput['browserEditor']> {
		if (vscode.env.uiKind !== vscode.UIKind.Web) {
			return undefined;
		}
		try {
			const read = readExternalCallbackUri((await vscode.env.asExternalUri(callbackUri())).toString(true));
			return 'route' in read && read.route.base !== undefined ? { editorBase: read.route.base } : {};
		} catch {
			return {};
		}
	}

	private async onPanelMessage(message: PanelMessage, model: RedirectSetup): Promise<void> {
		switch (message.action) {
			case 'copy': {
				const entry = message.index !== undefined ? model.allowedReturnUrls[message.index] : undefined;
				if (!entry) {
					return;
				}
				// Not a secret, so a plain write: no clearing timer, and a token copied earlier keeps its own.
				await vscode.env.clipboard.writeText(entry.url);
				this.deps.notifier.info(vscode.l10n.t('Copied the Allowed Return URL of "{0}": {1}', model.profile, entry.url));
				return;
			}
			case 'copyMetaTag': {
				const metaTag = model.relay?.editorBaseMetaTag;
				if (metaTag === undefined) {
					return;
				}
				await vscode.env.clipboard.writeText(metaTag);
				this.deps.notifier.info(vscode.l10n.t('Copied the line for the relay page: {0}', metaTag));
				return;
			}
			case 'openSettings':
				await vscode.commands.executeCommand('workbench.action.openSettingsJson');
				return;
			case 'signIn':
				await vscode.commands.executeCommand('lwa.signIn', { profile: model.profile });
				return;
			default:
				this.deps.logger.warn(`The redirect setup panel sent an unknown action "${forLog(message.action)}".`);
		}
	}
}

/** The localized label of a finding's severity. */
function severityLabel(severity: 'error' | 'warning' | 'info'): string {
	switch (severity) {
		case 'error':
			return vscode.l10n.t('Problem');
		case 'warning':
			return vscode.l10n.t('Warning');
		case 'info':
			return vscode.l10n.t('Note');
	}
}

/** The panel body. Everything from settings is escaped. */
export function renderRedirectSetup(setup: RedirectSetup, consent?: { region: string; url: string }): string {
	const parts: string[] = [`<h1>${escapeText(vscode.l10n.t('Redirect setup of {0}', setup.profile))}</h1>`];
	parts.push(`<p>${escapeHtml(wayText(setup))}</p>`);
	if (consent) {
		const url = '\u0000url\u0000';
		parts.push(`<p>${sentenceHtml(vscode.l10n.t('The consent page of region {0} is {1}: Amazon checks the redirect URI there, and an account of another region (an Ads account in Europe, say) signs in at that region\'s host.', consent.region, url), {
			[url]: `<code>${escapeHtml(consent.url)}</code>`,
		})}</p>`);
	}
	for (const finding of setup.findings) {
		parts.push(`<div class="callout ${finding.severity}"${finding.severity === 'info' ? '' : ' role="alert"'}><strong>${escapeText(vscode.l10n.t('{0}:', severityLabel(finding.severity)))}</strong> ${escapeHtml(findingText(finding))}</div>`);
	}
	if (setup.allowedReturnUrls.length > 0) {
		parts.push(`<h2>${escapeText(vscode.l10n.t('Enter in "Allowed Return URLs"'))}</h2>`);
		setup.allowedReturnUrls.forEach((entry, index) => {
			parts.push(`<div class="url"><code>${escapeHtml(entry.url)}</code>${buttonHtml(vscode.l10n.t('Copy'), 'copy', { index, title: vscode.l10n.t('Copy this URL') })}</div>`);
			parts.push(`<p class="muted">${escapeHtml(allowedReturnUrlNote(entry, setup))}</p>`);
		});
	}
	if (setup.loopback) {
		const host = '\u0000host\u0000';
		const port = '\u0000port\u0000';
		const path = '\u0000path\u0000';
		parts.push(`<h2>${escapeText(vscode.l10n.t('Loopback listener'))}</h2><ul>`);
		parts.push(`<li>${sentenceHtml(vscode.l10n.t('Host {0}, port {1}, path {2}: the extension listens there only while a sign-in waits.', host, port, path), {
			[host]: `<code>${escapeHtml(setup.loopback.hostname)}</code>`,
			[port]: `<code>${setup.loopback.port}</code>`,
			[path]: `<code>${escapeHtml(setup.loopback.path)}</code>`,
		})}</li>`);
		if (setup.loopback.otherHostEntry) {
			const entry = '\u0000entry\u0000';
			parts.push(`<li>${sentenceHtml(vscode.l10n.t('{0} is a different entry; registering it instead would not work.', entry), { [entry]: `<code>${escapeHtml(setup.loopback.otherHostEntry)}</code>` })}</li>`);
		}
		parts.push(`<li>${escapeText(vscode.l10n.t('In a remote window (SSH, container, code-server) the browser may not reach this port; then paste the redirected address with "LWA: Complete Sign-In".'))}</li>`);
		parts.push('</ul>');
	}
	if (setup.relay) {
		parts.push(`<h2>${escapeText(vscode.l10n.t('Hosting the relay page'))}</h2><ol>`);
		for (const step of hostingSteps(setup)) {
			parts.push(`<li>${escapeHtml(step)}</li>`);
		}
		parts.push('</ol>');
		if (setup.relay.editorBaseMetaTag !== undefined) {
			parts.push(`<h3>${escapeText(vscode.l10n.t('The line for a hosted relay page\'s <head> in this editor'))}</h3>`);
			parts.push(`<div class="url"><code>${escapeHtml(setup.relay.editorBaseMetaTag)}</code>${buttonHtml(vscode.l10n.t('Copy'), 'copyMetaTag', { title: vscode.l10n.t('Copy this line') })}</div>`);
		}
	}
	parts.push(`<h2>${escapeText(vscode.l10n.t('Rules for Allowed Return URLs'))}</h2><ul>`);
	for (const rule of allowedReturnUrlRules()) {
		parts.push(`<li>${escapeHtml(rule)}</li>`);
	}
	parts.push('</ul>');
	const actions = [buttonHtml(vscode.l10n.t('Edit Profile Settings'), 'openSettings', { secondary: true })];
	if (setup.way !== 'none') {
		actions.unshift(buttonHtml(vscode.l10n.t('Sign In'), 'signIn'));
	}
	parts.push(`<div class="actions">${actions.join('')}</div>`);
	return parts.join('\n');
}
