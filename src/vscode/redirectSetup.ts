// "LWA: Show Redirect Setup", the redirect doctor: renders the core's analysis of a profile's redirect
// URI (what to enter in Allowed Return URLs, LWA's rules, the way back, warnings) in a webview panel,
// with a Copy button for each URL to register.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { Profile } from '../core/profiles';
import type { RedirectSetup } from '../core/redirectSetup';
import { analyzeRedirectSetup } from '../core/redirectSetup';
import { buttonHtml, escapeHtml, InfoPanel, registerReportingCommand } from './inspectToken';
import type { PanelMessage } from './inspectToken';
import type { Notifier } from './notifier';

/** Runs lwa.showRedirectSetup and owns its panel. */
export class RedirectDoctor implements vscode.Disposable {
	readonly panel: InfoPanel<RedirectSetup>;

	constructor(private readonly deps: {
		notifier: Notifier;
		logger: Logger;
		resolveProfile: (arg: unknown, verb: string) => Promise<Profile | undefined>;
	}) {
		this.panel = new InfoPanel<RedirectSetup>('lwa.redirectSetup', deps.logger, (message, model) => this.onPanelMessage(message, model));
	}

	/** Registers lwa.showRedirectSetup. */
	register(): vscode.Disposable {
		return registerReportingCommand('lwa.showRedirectSetup', (arg) => this.show(arg), this.deps.logger, this.deps.notifier);
	}

	/** lwa.showRedirectSetup. Argument: `{ profile?: string }`. Resolves to the analysis shown. */
	async show(arg: unknown): Promise<RedirectSetup | undefined> {
		const profile = await this.deps.resolveProfile(arg, 'show the redirect setup of');
		if (!profile) {
			return undefined;
		}
		const setup = analyzeRedirectSetup({ name: profile.name, grant: profile.grant, redirectUri: profile.redirectUri });
		this.panel.show(`Redirect Setup: ${profile.name}`, setup, renderRedirectSetup(setup));
		this.deps.logger.info(`Showed the redirect setup of profile "${profile.name}" (${setup.way}; ${setup.findings.length} finding${setup.findings.length === 1 ? '' : 's'}).`);
		return setup;
	}

	dispose(): void {
		this.panel.dispose();
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
				this.deps.notifier.info(`Copied the Allowed Return URL of "${model.profile}": ${entry.url}`);
				return;
			}
			case 'openSettings':
				await vscode.commands.executeCommand('workbench.action.openSettingsJson');
				return;
			case 'signIn':
				await vscode.commands.executeCommand('lwa.signIn', { profile: model.profile });
				return;
			default:
				this.deps.logger.warn(`The redirect setup panel sent an unknown action "${message.action}".`);
		}
	}
}

const SEVERITY_LABEL = { error: 'Problem', warning: 'Warning', info: 'Note' } as const;

/** The panel body. Everything from settings is escaped. */
export function renderRedirectSetup(setup: RedirectSetup): string {
	const parts: string[] = [`<h1>Redirect setup of ${escapeHtml(setup.profile)}</h1>`];
	parts.push(`<p>${escapeHtml(setup.wayDescription)}</p>`);
	for (const finding of setup.findings) {
		parts.push(`<div class="callout ${finding.severity}"${finding.severity === 'info' ? '' : ' role="alert"'}><strong>${SEVERITY_LABEL[finding.severity]}:</strong> ${escapeHtml(finding.message)}</div>`);
	}
	if (setup.allowedReturnUrls.length > 0) {
		parts.push('<h2>Enter in "Allowed Return URLs"</h2>');
		setup.allowedReturnUrls.forEach((entry, index) => {
			parts.push(`<div class="url"><code>${escapeHtml(entry.url)}</code>${buttonHtml('Copy', 'copy', { index, title: 'Copy this URL' })}</div>`);
			parts.push(`<p class="muted">${escapeHtml(entry.note)}</p>`);
		});
	}
	if (setup.loopback) {
		parts.push('<h2>Loopback listener</h2><ul>');
		parts.push(`<li>Host <code>${escapeHtml(setup.loopback.hostname)}</code>, port <code>${setup.loopback.port}</code>, path <code>${escapeHtml(setup.loopback.path)}</code>: the extension listens there only while a sign-in waits.</li>`);
		if (setup.loopback.otherHostEntry) {
			parts.push(`<li><code>${escapeHtml(setup.loopback.otherHostEntry)}</code> is a different entry; registering it instead would not work.</li>`);
		}
		parts.push('<li>In a remote window (SSH, container, code-server) the browser may not reach this port; then paste the redirected address with "LWA: Complete Sign-In".</li>');
		parts.push('</ul>');
	}
	if (setup.relay) {
		parts.push('<h2>Hosting the relay page</h2><ol>');
		for (const step of setup.relay.hostingSteps) {
			parts.push(`<li>${escapeHtml(step)}</li>`);
		}
		parts.push('</ol>');
	}
	parts.push('<h2>Rules for Allowed Return URLs</h2><ul>');
	for (const rule of setup.rules) {
		parts.push(`<li>${escapeHtml(rule)}</li>`);
	}
	parts.push('</ul>');
	const actions = [buttonHtml('Edit Profile Settings', 'openSettings', { secondary: true })];
	if (setup.way !== 'none') {
		actions.unshift(buttonHtml('Sign In', 'signIn'));
	}
	parts.push(`<div class="actions">${actions.join('')}</div>`);
	return parts.join('\n');
}
