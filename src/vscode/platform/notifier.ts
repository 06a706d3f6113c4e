// User-facing messages. Every message the extension shows goes through here, so that the text is
// one plain sentence (never server text or secrets) and an observer can see what was shown.
import vscode = require('vscode');

/** The level of a shown message. */
export type NoticeLevel = 'info' | 'warning' | 'error';

/** A message as shown to the user. */
export interface Notice {
	level: NoticeLevel;
	text: string;
	/** The buttons offered with it. */
	actions: string[];
}

/** Sees every message as it is shown. */
export type NoticeObserver = (notice: Notice) => void;

/**
 * Shows messages; offers buttons without ever blocking the caller on the user's answer. It keeps no
 * messages itself: in ExtensionMode.Test the composition passes the observer of the test hooks
 * (src/testing), which records them.
 */
export class Notifier {
	constructor(private readonly observer?: NoticeObserver) {}

	/** Shows a message with buttons and returns the chosen one (undefined when dismissed). */
	ask(level: NoticeLevel, text: string, ...actions: string[]): Thenable<string | undefined> {
		this.observer?.({ level, text, actions });
		switch (level) {
			case 'info':
				return vscode.window.showInformationMessage(text, ...actions);
			case 'warning':
				return vscode.window.showWarningMessage(text, ...actions);
			case 'error':
				return vscode.window.showErrorMessage(text, ...actions);
		}
	}

	/** Shows a message whose buttons run the given actions. Does not wait for the user. */
	offer(level: NoticeLevel, text: string, actions: Readonly<Record<string, () => unknown>> = {}): void {
		void this.ask(level, text, ...Object.keys(actions)).then((choice) => {
			if (choice !== undefined) {
				void Promise.resolve().then(() => actions[choice]?.());
			}
		});
	}

	info(text: string, actions?: Readonly<Record<string, () => unknown>>): void {
		this.offer('info', text, actions);
	}

	warn(text: string, actions?: Readonly<Record<string, () => unknown>>): void {
		this.offer('warning', text, actions);
	}

	error(text: string, actions?: Readonly<Record<string, () => unknown>>): void {
		this.offer('error', text, actions);
	}
}
