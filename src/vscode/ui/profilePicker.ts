// Which profile a command acts on: the one named in its argument, else the active one, else the one
// the user picks. The picker is the same wherever a profile is chosen.
import vscode = require('vscode');
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { pickProfile } from './profileQuickPick';
import { profileProblemText } from './problemTexts';
import { stringField } from './argumentFields';

// The picker itself is in profileQuickPick.ts, which the activation bundle holds (the Accounts
// menu's sign-in uses it); this file's problem texts stay in the features bundle.
export { pickProfile } from './profileQuickPick';

/** Finds the profile a command acts on. */
export class ProfileResolver {
	constructor(private readonly profiles: ProfileRegistry, private readonly notifier: Notifier) {}

	/**
	 * The profile a command acts on: the one named in the argument, else the active one (unless
	 * `alwaysAsk`), else the user's choice (`placeHolder`, already localized, is the picker's question).
	 * Undefined (after telling the user why, unless they cancelled) when there is none.
	 */
	async resolve(arg: unknown, placeHolder: string, alwaysAsk = false): Promise<Profile | undefined> {
		const { profiles, notifier } = this;
		const name = stringField(arg, 'profile');
		if (name !== undefined) {
			const profile = profiles.find(name);
			if (!profile) {
				const problems = profiles.problems().filter((problem) => problem.name === name);
				notifier.error(problems.length > 0
					? vscode.l10n.t('The LWA profile "{0}" has problems: {1}', name, problems.map(profileProblemText).join(' '))
					: vscode.l10n.t('There is no LWA profile named "{0}" in lwa.profiles.', name));
			}
			return profile;
		}
		if (!alwaysAsk) {
			const active = profiles.active();
			if (active) {
				return active;
			}
		}
		const all = profiles.all();
		if (all.length === 0) {
			notifier.warn(vscode.l10n.t('No LWA profile is set up yet.'), { [vscode.l10n.t('Add Profile')]: () => vscode.commands.executeCommand('lwa.addProfile') });
			return undefined;
		}
		return pickProfile(all, profiles.active()?.name, placeHolder);
	}
}
