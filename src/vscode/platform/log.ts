// The extension's log: a LogOutputChannel with levels, behind the core's Logger port.
// Messages describe events (which profile, which step, which error code), never secret values.
import vscode = require('vscode');
import type { Logger } from '../../core/ports';

/** The log channel's name, as the Output view and the log file show it. */
export const LOG_CHANNEL_NAME = 'LWA Credentials';

/**
 * A Logger that writes to a LogOutputChannel and, in tests, also keeps the lines it wrote. The channel
 * (and its log file) is created on the first line, not during activation.
 */
export class ChannelLogger implements Logger, vscode.Disposable {
	private created: vscode.LogOutputChannel | undefined;
	/** Lines written so far; kept only when `captureLines` was set (extension tests). */
	readonly capturedLines: string[] = [];

	constructor(private readonly captureLines: boolean) {}

	get channel(): vscode.LogOutputChannel {
		this.created ??= vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
		return this.created;
	}

	trace(message: string): void {
		this.capture('trace', message);
		this.channel.trace(message);
	}

	debug(message: string): void {
		this.capture('debug', message);
		this.channel.debug(message);
	}

	info(message: string): void {
		this.capture('info', message);
		this.channel.info(message);
	}

	warn(message: string): void {
		this.capture('warn', message);
		this.channel.warn(message);
	}

	error(message: string): void {
		this.capture('error', message);
		this.channel.error(message);
	}

	show(): void {
		this.channel.show(true);
	}

	dispose(): void {
		this.created?.dispose();
	}

	private capture(level: string, message: string): void {
		if (this.captureLines) {
			this.capturedLines.push(`[${level}] ${message}`);
		}
	}
}
