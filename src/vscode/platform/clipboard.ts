// Puts text on the clipboard and, when lwa.clipboard.clearAfterSeconds is set, clears it later, but
// only if the clipboard still holds what the extension put there.
import vscode = require('vscode');
import type { Logger } from '../../core/ports';
import type { TimerHandle, Timers } from '../../core/time/timers';
import { systemTimers } from '../../core/time/timers';
import { clipboardClearAfterSeconds } from './settings';

/** Writes to the clipboard and schedules the optional clearing. */
export class ClipboardWriter implements vscode.Disposable {
	private timer: TimerHandle | undefined;

	constructor(private readonly logger: Logger, private readonly timers: Timers = systemTimers) {}

	/**
	 * `clearWithin`: clear after at most this many seconds whatever lwa.clipboard.clearAfterSeconds
	 * says (0, never, included); a shorter setting still wins. Restricted Data Tokens are copied so.
	 */
	async write(text: string, options: { clearWithin?: number } = {}): Promise<void> {
		await vscode.env.clipboard.writeText(text);
		this.cancelClearing();
		const setting = clipboardClearAfterSeconds();
		const seconds = options.clearWithin === undefined ? setting : setting > 0 ? Math.min(setting, options.clearWithin) : options.clearWithin;
		if (seconds > 0) {
			this.timer = this.timers.setTimeout(() => void this.clearIfUnchanged(text), seconds * 1000);
		}
	}

	dispose(): void {
		this.cancelClearing();
	}

	private cancelClearing(): void {
		this.timer?.cancel();
		this.timer = undefined;
	}

	private async clearIfUnchanged(text: string): Promise<void> {
		this.timer = undefined;
		try {
			if ((await vscode.env.clipboard.readText()) === text) {
				await vscode.env.clipboard.writeText('');
				this.logger.info('Cleared the copied token from the clipboard.');
			} else {
				this.logger.debug('The clipboard changed since the token was copied; left as it is.');
			}
		} catch {
			this.logger.warn('Could not clear the clipboard.');
		}
	}
}
