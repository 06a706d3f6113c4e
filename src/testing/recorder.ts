// What the extension wrote, showed and opened, recorded for its integration tests. The production
// objects keep none of it: the log channel and the notifier take an observer, and the sign-in flow
// takes the URL opener it is given; in ExtensionMode.Test the composition passes these.
import type { LogLevel } from '../vscode/platform/log';
import type { Notice } from '../vscode/platform/notifier';

export class TestRecorder {
	/** Lines written to the log channel, as `[level] message`, oldest first. */
	readonly logLines: string[] = [];
	/** Messages shown to the user, oldest first. */
	readonly notices: Notice[] = [];
	/** URLs the extension asked to open in the browser, oldest first. */
	readonly openedUrls: string[] = [];
	/** Opened URLs that no nextOpenedUrl() has taken yet. */
	private untaken: string[] = [];
	private waiters: ((url: string) => void)[] = [];

	/** The log channel's observer. */
	readonly recordLogLine = (level: LogLevel, message: string): void => {
		this.logLines.push(`[${level}] ${message}`);
	};

	/** The notifier's observer. */
	readonly recordNotice = (notice: Notice): void => {
		this.notices.push(notice);
	};

	/**
	 * The sign-in flow's URL opener in tests: it records the URL instead of opening a browser tab,
	 * so that no browser races the test, which opens the URL itself when it wants to.
	 */
	readonly openUrl = (url: string): Promise<boolean> => {
		this.openedUrls.push(url);
		const waiter = this.waiters.shift();
		if (waiter) {
			waiter(url);
		} else {
			this.untaken.push(url);
		}
		return Promise.resolve(true);
	};

	/** The next URL opened (or one opened earlier that was not taken yet). */
	nextOpenedUrl(timeoutMs = 10_000): Promise<string> {
		const ready = this.untaken.shift();
		if (ready !== undefined) {
			return Promise.resolve(ready);
		}
		return new Promise<string>((resolve, reject) => {
			const waiter = (url: string): void => {
				clearTimeout(timer);
				resolve(url);
			};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
				reject(new Error(`No browser URL was opened within ${timeoutMs} ms.`));
			}, timeoutMs);
			this.waiters.push(waiter);
		});
	}
}
