// Tells the user about problems of the lwa.profiles setting, once per distinct set, naming each
// field. In the features bundle with the problems' words (problemTexts.ts): activation loads it only
// when the setting has problems (src/extension.ts).
import vscode = require('vscode');
import type { ProfileProblem } from '../../core/profiles';
import type { Logger } from '../../core/ports';
import { profileProblemText } from '../ui/problemTexts';
import type { Notifier } from './notifier';

export class ProfileProblemReporter {
	private lastReportedProblems = '';

	constructor(private readonly logger: Logger, private readonly notifier: Notifier) {}

	/** Shows the setting's problems, unless they are the ones shown last. */
	report(problems: readonly ProfileProblem[]): void {
		const text = problems.map(profileProblemText).join(' ');
		if (text === this.lastReportedProblems) {
			return;
		}
		this.lastReportedProblems = text;
		if (problems.length === 0) {
			return;
		}
		for (const problem of problems) {
			this.logger.warn(`Profile setting problem: ${profileProblemText(problem)}`);
		}
		const first = profileProblemText(problems[0]);
		const message = problems.length === 1
			? vscode.l10n.t('LWA profile settings: {0} Profiles with problems are skipped.', first)
			: problems.length === 2
				? vscode.l10n.t('LWA profile settings: {0} (and 1 more problem; see the log) Profiles with problems are skipped.', first)
				: vscode.l10n.t('LWA profile settings: {0} (and {1} more problems; see the log) Profiles with problems are skipped.', first, problems.length - 1);
		this.notifier.warn(message, {
			[vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettingsJson'),
		});
	}
}
