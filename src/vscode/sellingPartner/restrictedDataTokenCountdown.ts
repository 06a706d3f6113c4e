// The Restricted Data Token's own countdown: a status bar entry beside the LWA one, showing the time
// left of the RDT that lives longest ("RDT 59m"), redrawn when its text changes (not on a fast tick)
// and hidden once no RDT is left. It names the method and path template, never the real path, and
// never the token. Clicking it gets (or copies again) a Restricted Data Token.
import vscode = require('vscode');
import type { RestrictedDataTokenMemory } from '../../core/sellingPartner/restrictedDataTokenMemory';
import { accountName } from '../../core/credentials/accounts';
import type { Clock } from '../../core/ports';
import type { TimerHandle, Timers } from '../../core/time/timers';
import { nextTextChangeAt } from '../../core/time/countdown';
import { formatRemaining } from '../ui/countdownText';

/** What the entry shows (tests read it through the observer). */
export interface RestrictedDataTokenCountdownSnapshot {
	visible: boolean;
	text: string;
	tooltip: string;
}

export type RestrictedDataTokenCountdownObserver = (snapshot: RestrictedDataTokenCountdownSnapshot) => void;

export class RestrictedDataTokenCountdown implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private timer: TimerHandle | undefined;

	constructor(private readonly deps: { memory: RestrictedDataTokenMemory; clock: Clock; timers: Timers; observer?: RestrictedDataTokenCountdownObserver }) {
		this.item = vscode.window.createStatusBarItem('lwa.restrictedDataToken', vscode.StatusBarAlignment.Left, 99);
		this.item.name = vscode.l10n.t('LWA Restricted Data Token');
		this.item.command = 'lwa.getRestrictedDataToken';
	}

	/** Redraws now and schedules the next redraw for the moment the text changes. */
	update(): void {
		this.timer?.cancel();
		this.timer = undefined;
		const now = this.deps.clock.now();
		const live = this.deps.memory.live();
		const longest = live[0];
		if (longest === undefined) {
			this.item.hide();
			this.deps.observer?.({ visible: false, text: '', tooltip: '' });
			return;
		}
		const remaining = formatRemaining(longest.token.expiresAt, now);
		this.item.text = `$(shield) ${vscode.l10n.t('RDT {0}', remaining)}`;
		const lines = live.map((entry) => vscode.l10n.t('{0} {1} of "{2}" ({3}): {4}', entry.resource.method, entry.resource.template, entry.slot.profile,
			entry.slot.account ? accountName(entry.slot.account) : '', formatRemaining(entry.token.expiresAt, now)));
		const tooltip = [
			vscode.l10n.t('Restricted Data Tokens, kept in this window\'s memory only (never stored):'),
			...lines,
			vscode.l10n.t('Click to get or copy one.'),
		].join('\n');
		this.item.tooltip = tooltip;
		this.item.show();
		this.deps.observer?.({ visible: true, text: this.item.text, tooltip });
		const next = nextTextChangeAt(longest.token.expiresAt, now);
		// The earliest moment any listed text changes: the tooltip lists each RDT's time left.
		const changes = live.map((entry) => nextTextChangeAt(entry.token.expiresAt, now)).filter((at): at is number => at !== undefined);
		const at = changes.length > 0 ? Math.min(...changes) : next;
		if (at !== undefined) {
			this.timer = this.deps.timers.setTimeout(() => this.update(), Math.max(0, at - now));
		}
	}

	dispose(): void {
		this.timer?.cancel();
		this.item.dispose();
	}
}
