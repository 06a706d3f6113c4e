// Reads the extension's settings. Every lwa.* setting is application-scoped, so no workspace can
// change where a token exchange goes; the values are read fresh each time (no cache to go stale).
import vscode = require('vscode');
import type { ProxySettingsInput } from '../../core/http/proxy';

/** The configuration section of every extension setting. */
export const CONFIG_SECTION = 'lwa';

function numberSetting(key: string, fallback: number, minimum: number, maximum: number): number {
	const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>(key);
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return fallback;
	}
	return Math.min(maximum, Math.max(minimum, value));
}

function booleanSetting(key: string, fallback: boolean): boolean {
	const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>(key);
	return typeof value === 'boolean' ? value : fallback;
}

/** Seconds before expiry at which a token counts as stale (lwa.refresh.ahead, default 120). */
export function refreshAheadSeconds(): number {
	return numberSetting('refresh.ahead', 120, 0, 3000);
}

/** Whether stale tokens are refreshed in the background (lwa.refresh.proactive, default false). */
export function proactiveRefreshEnabled(): boolean {
	return booleanSetting('refresh.proactive', false);
}

/** Whether the status bar item is shown (lwa.statusBar.enabled, default true). */
export function statusBarEnabled(): boolean {
	return booleanSetting('statusBar.enabled', true);
}

/** Seconds after which a copied token is cleared from the clipboard; 0 = never (lwa.clipboard.clearAfterSeconds). */
export function clipboardClearAfterSeconds(): number {
	return numberSetting('clipboard.clearAfterSeconds', 0, 0, 24 * 60 * 60);
}

/** How long a sign-in waits for the browser (lwa.signIn.timeoutSeconds, default 300). */
export function signInTimeoutSeconds(): number {
	return numberSetting('signIn.timeoutSeconds', 300, 1, 3600);
}

/** The raw lwa.profiles value as stored in user settings (the only place an application setting lives). */
export function rawProfilesSetting(): unknown {
	const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<unknown>('profiles');
	return inspected?.globalValue ?? inspected?.defaultValue ?? [];
}

/** The lwa.activeProfile value ('' or undefined when unset). */
export function activeProfileSetting(): string | undefined {
	const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>('activeProfile');
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Writes an lwa.* setting to user settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** VS Code's own network settings that the HTTP client honours (read fresh; the client is rebuilt when they change). */
export const HTTP_CLIENT_SETTINGS = ['http.proxy', 'http.proxySupport', 'http.proxyAuthorization', 'http.noProxy', 'http.proxyStrictSSL', 'http.systemCertificates'] as const;

/** VS Code's own proxy and certificate settings, for the HTTP client. Values of the wrong type are ignored. */
export function httpProxySettings(): ProxySettingsInput {
	const http = vscode.workspace.getConfiguration('http');
	// User (or remote machine) settings and defaults only: a workspace must not be able to send token
	// requests through its own proxy or turn certificate checks off.
	const userValue = (key: string): unknown => {
		const inspected = http.inspect<unknown>(key);
		return inspected?.globalValue ?? inspected?.defaultValue;
	};
	const proxy = userValue('proxy');
	const proxySupport = userValue('proxySupport');
	const proxyAuthorization = userValue('proxyAuthorization');
	const noProxy = userValue('noProxy');
	const strictSSL = userValue('proxyStrictSSL');
	const systemCertificates = userValue('systemCertificates');
	const settings: ProxySettingsInput = {};
	if (typeof proxy === 'string' && proxy.trim() !== '') {
		settings.proxy = proxy.trim();
	}
	if (proxySupport === 'off' || proxySupport === 'on' || proxySupport === 'fallback' || proxySupport === 'override') {
		settings.proxySupport = proxySupport;
	}
	if (typeof proxyAuthorization === 'string' && proxyAuthorization.trim() !== '') {
		settings.proxyAuthorization = proxyAuthorization;
	}
	if (Array.isArray(noProxy)) {
		settings.noProxy = noProxy.filter((entry): entry is string => typeof entry === 'string');
	}
	if (typeof strictSSL === 'boolean') {
		settings.strictSSL = strictSSL;
	}
	if (typeof systemCertificates === 'boolean') {
		settings.systemCertificates = systemCertificates;
	}
	return settings;
}

/** Days before a SP-API client secret's 180-day deadline at which the warnings start (lwa.sellingPartner.secretExpiryWarningDays). */
export function secretExpiryWarningDays(): number {
	return numberSetting('sellingPartner.secretExpiryWarningDays', 30, 0, 179);
}

/** Days before a consent authorization's 365-day renewal at which the reminders start (lwa.sellingPartner.reauthorizationWarningDays). */
export function reauthorizationWarningDays(): number {
	return numberSetting('sellingPartner.reauthorizationWarningDays', 30, 0, 364);
}

/**
 * Days the old client secret is kept and tried after a new one is set (lwa.sellingPartner.rotationOverlapDays).
 * Amazon's samples, not its reference docs, give 7 days, so 7 is also the maximum; 0 keeps none.
 */
export function rotationOverlapDays(): number {
	return Math.floor(numberSetting('sellingPartner.rotationOverlapDays', 7, 0, 7));
}
