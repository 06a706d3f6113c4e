// What the extension wrote, showed, rendered, scheduled, listened on and opened, recorded for its
// integration tests. The production objects keep none of it: the log channel, the notifier, the status
// bar, the Profiles view, the panels, the background refresher and the loopback servers each take an
// optional observer, and the sign-in flow takes the URL opener it is given; in ExtensionMode.Test the
// composition passes these, and nothing otherwise.
import type { ShownQuickPick } from '../vscode/ads/advertisingProfiles';
import type { FeatureObservers } from '../vscode/features';
import type { LogLevel } from '../vscode/platform/log';
import type { Notice } from '../vscode/platform/notifier';
import type { PanelSnapshot } from '../vscode/ui/webviewPanel';
import type { ProfilesViewState } from '../vscode/views/profilesView';
import type { StatusBarSnapshot } from '../vscode/views/statusBar';
import type { RestrictedDataTokenCountdownSnapshot } from '../vscode/sellingPartner/restrictedDataTokenCountdown';

/**
 * The value of the latest of a series of updates, once it is applied. An update started while one is
 * awaited replaces it, so this resolves with the state after the last update started before it resolves.
 */
async function latestApplied<T>(latest: () => Promise<T> | undefined): Promise<T | undefined> {
	for (;;) {
		const awaited = latest();
		if (awaited === undefined) {
			return undefined;
		}
		const value = await awaited;
		if (latest() === awaited) {
			return value;
		}
	}
}

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
	private statusBarUpdate: Promise<StatusBarSnapshot> | undefined;
	private profilesViewUpdate: Promise<ProfilesViewState> | undefined;
	private backgroundRefreshUpdate: Promise<readonly string[]> | undefined;
	private loopbackPorts = 0;
	private readonly panels = new Map<string, PanelSnapshot<unknown> | undefined>();
	private shownPicks: ShownQuickPick[] = [];
	private pickWaiters: ((shown: ShownQuickPick) => void)[] = [];
	/** Values written to the secret storage in this run (test-only memory), so tests can prove what never went there. */
	private readonly secretWrites: string[] = [];
	/** The Restricted Data Token's status bar entry as last drawn. */
	restrictedDataTokenCountdown: RestrictedDataTokenCountdownSnapshot | undefined;

	/** The secret store's observer: each value stored. */
	readonly recordSecretWrite = (value: string): void => {
		this.secretWrites.push(value);
	};

	/** Whether any value written to the secret storage in this run contains `text`. */
	secretStorageHolds(text: string): boolean {
		return this.secretWrites.some((value) => value.includes(text));
	}

	/** The log channel's observer. */
	readonly recordLogLine = (level: LogLevel, message: string): void => {
		this.logLines.push(`[${level}] ${message}`);
	};

	/** The notifier's observer. */
	readonly recordNotice = (notice: Notice): void => {
		this.notices.push(notice);
	};

	/** The status bar's observer: each update as it starts. */
	readonly recordStatusBar = (applied: Promise<StatusBarSnapshot>): void => {
		this.statusBarUpdate = applied;
	};

	/** The Profiles view's observer: each refresh as it starts. */
	readonly recordProfilesView = (applied: Promise<ProfilesViewState>): void => {
		this.profilesViewUpdate = applied;
	};

	/** The observers the features take. */
	readonly featureObservers: FeatureObservers = {
		panel: (viewType, shown) => {
			this.panels.set(viewType, shown);
		},
		scheduledRefreshes: (scheduled) => {
			this.backgroundRefreshUpdate = scheduled;
		},
		listeningPorts: (ports) => {
			this.loopbackPorts = ports;
		},
		restrictedDataTokenCountdown: (snapshot) => {
			this.restrictedDataTokenCountdown = snapshot;
		},
		quickPicks: (shown) => {
			const waiter = this.pickWaiters.shift();
			if (waiter) {
				waiter(shown);
			} else {
				this.shownPicks.push(shown);
			}
		},
	};

	/** The next quick pick a feature shows (or one shown earlier that was not taken yet). */
	nextQuickPick(timeoutMs = 10_000): Promise<ShownQuickPick> {
		const ready = this.shownPicks.shift();
		if (ready !== undefined) {
			return Promise.resolve(ready);
		}
		return new Promise<ShownQuickPick>((resolve, reject) => {
			const waiter = (shown: ShownQuickPick): void => {
				clearTimeout(timer);
				resolve(shown);
			};
			const timer = setTimeout(() => {
				this.pickWaiters = this.pickWaiters.filter((candidate) => candidate !== waiter);
				reject(new Error(`No quick pick was shown within ${timeoutMs} ms.`));
			}, timeoutMs);
			this.pickWaiters.push(waiter);
		});
	}

	/** What the status bar item shows once the update in progress (if any) is applied; undefined before the first. */
	statusBar(): Promise<StatusBarSnapshot | undefined> {
		return latestApplied(() => this.statusBarUpdate);
	}

	/** The Profiles view's state once its refresh in progress (if any) is applied; undefined before the first. */
	profilesView(): Promise<ProfilesViewState | undefined> {
		return latestApplied(() => this.profilesViewUpdate);
	}

	/** The profiles with a background refresh scheduled, once the rescheduling in progress (if any) is done. */
	async backgroundRefreshes(): Promise<string[]> {
		return [...(await latestApplied(() => this.backgroundRefreshUpdate)) ?? []];
	}

	/** The number of loopback ports listened on (or being opened) now. */
	loopbackListeners(): number {
		return this.loopbackPorts;
	}

	/** What the panel of that view type shows, if it is open. */
	panel(viewType: string): PanelSnapshot<unknown> | undefined {
		return this.panels.get(viewType);
	}

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
