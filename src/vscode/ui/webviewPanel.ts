// The webview shell of the extension's panels (Inspect Access Token, Redirect Setup): one panel per
// view type, a page with a strict content security policy (nothing external, nonce'd style and
// script, theme colours only), and buttons whose messages are checked before a panel acts on them.
import { randomBytes } from 'node:crypto';
import vscode = require('vscode');
import { escapeHtml } from '../../core/html';
import { forLog } from '../../core/logText';
import type { Logger } from '../../core/ports';

/** A message from a panel's buttons. */
export interface PanelMessage {
	action: string;
	index?: number;
}

/** What a panel shows now. */
export interface PanelSnapshot<M> {
	model: M;
	html: string;
	visible: boolean;
}

/**
 * Sees what a panel shows each time it renders, is shown or hidden, and `undefined` when it closes;
 * `viewType` names the panel.
 */
export type PanelObserver = (viewType: string, shown: PanelSnapshot<unknown> | undefined) => void;

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
.due { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
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
export class InfoPanel<M> implements vscode.Disposable {
	private panel: vscode.WebviewPanel | undefined;
	private current: { model: M; html: string } | undefined;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(
		private readonly viewType: string,
		private readonly logger: Logger,
		private readonly onMessage: (message: PanelMessage, model: M) => Promise<void>,
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		private readonly observer?: PanelObserver,
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
					this.report();
				}),
				this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
				this.panel.onDidChangeViewState(() => this.report()),
			);
		} else if (reveal) {
			this.panel.reveal(undefined, false);
		}
		this.panel.title = title;
		this.panel.webview.html = html;
		this.report();
	}

	/** Acts on a message from the panel's buttons, once it is checked. */
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

	/** Tells the observer (if any) what the panel shows now. */
	private report(): void {
		this.observer?.(this.viewType, this.current && this.panel ? { model: this.current.model, html: this.current.html, visible: this.panel.visible } : undefined);
	}
}
