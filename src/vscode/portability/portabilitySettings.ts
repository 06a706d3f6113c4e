// The lwa.dataPortability.* settings (application scope, like every lwa.* setting), read fresh.
import vscode = require('vscode');
import type { TransferLimits } from '../../core/portability/transfer';

function numberSetting(key: string, fallback: number, minimum: number, maximum: number): number {
	const value = vscode.workspace.getConfiguration('lwa').get<unknown>(key);
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(maximum, Math.max(minimum, value)) : fallback;
}

const MB = 1000 * 1000;

/** Caps, the wait for records and the page size of a run. */
export function transferLimits(): TransferLimits {
	return {
		maxFileBytes: numberSetting('dataPortability.maxFileMegabytes', 1024, 1, 1024 * 1024) * MB,
		maxRunBytes: numberSetting('dataPortability.maxRunMegabytes', 10240, 1, 1024 * 1024) * MB,
		waitForRecordsMs: numberSetting('dataPortability.waitForRecordsMinutes', 30, 0, 24 * 60) * 60_000,
		pageSize: numberSetting('dataPortability.pageSize', 100, 1, 250),
	};
}

/**
 * Whether profiles with portability:: scopes are treated as possibly authorized for a one-time
 * transfer (lwa.dataPortability.assumeOneTimeTransfer, default true). Whether LWA issues a refresh
 * token for a one-time transfer, and what a refresh then answers, is UNCONFIRMED: the safe default
 * keeps a still-valid access token when a refresh is refused and never refreshes these in the background.
 */
export function assumeOneTimeTransfer(): boolean {
	const value = vscode.workspace.getConfiguration('lwa').get<unknown>('dataPortability.assumeOneTimeTransfer');
	return typeof value === 'boolean' ? value : true;
}
