// The extension's log: a LogOutputChannel with levels, behind the core's Logger port.
// Messages describe events (which profile, which step, which error code), never secret values.
import vscode = require('vscode');
import type { Logger } from '../../core/ports';

/** The log channel's name, as the Output view and the log file show it. */
export const LOG_CHANNEL_NAME = 'LWA Credentials';

/** The level of a log line; each is a method of the channel. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Sees every line the logger writes. */
export type LogObserver = (level: LogLevel, message: string) => void;

/**
 * A Logger that writes to a LogOutputChannel. The channel (and its log file) is created on the first
 * line, not during activation. It keeps no lines itself: in ExtensionMode.Test the composition passes
 * the observer of the test hooks (src/testing), which records them.
 */
export class ChannelLogger implements Logger, vscode.Disposable {
	private created: vscode.LogOutputChannel | undefined;

	constructor(private readonly observer?: LogObserver) {}

	get channel(): vscode.LogOutputChannel {
		this.created ??= vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
		return this.created;
	}

	trace(message: string): void {
		this.write('trace', message);
	}

	debug(message: string): void {
		this.write('debug', message);
	}

	info(message: string): void {
		this.write('info', message);
	}

	warn(message: string): void {
		this.write('warn', message);
	}

	error(message: string): void {
		this.write('error', message);
	}

	show(): void {
		this.channel.show(true);
	}

	dispose(): void {
		this.created?.dispose();
	}

	private write(level: LogLevel, message: string): void {
		this.observer?.(level, message);
		this.channel[level](message);
	}
}
