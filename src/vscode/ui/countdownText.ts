// The remaining life of a token in the editor's display language: '42m', '1h 5m', 'expired'.
import vscode = require('vscode');
import { remainingTime } from '../../core/time/countdown';

/** The status bar's short text for what is left of a token (the core decides the value and when it changes). */
export function formatRemaining(expiresAt: number, now: number): string {
	const left = remainingTime(expiresAt, now);
	switch (left.kind) {
		case 'expired':
			return vscode.l10n.t('expired');
		case 'minutes':
			return vscode.l10n.t('{0}m', left.minutes);
		case 'hours':
			return vscode.l10n.t('{0}h {1}m', left.hours, left.minutes);
	}
}
