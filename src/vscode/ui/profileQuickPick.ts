// The profile picker, the same wherever a profile is chosen (profilePicker.ts resolves which profile
// a command acts on). Apart from it so that the Accounts menu's sign-in, built at activation, does not
// bring the profile problems' texts into the activation bundle.
import vscode = require('vscode');
import type { Profile } from '../../core/profiles';

/** Asks the user to pick one of `candidates` (`placeHolder`, already localized, is the question); undefined when dismissed. */
export async function pickProfile(candidates: readonly Profile[], activeName: string | undefined, placeHolder: string): Promise<Profile | undefined> {
	const picked = await vscode.window.showQuickPick(candidates.map((profile) => ({
		label: profile.name,
		description: `${profile.region} · ${profile.scopes.join(' ')}`,
		detail: profile.name === activeName ? vscode.l10n.t('active') : undefined,
		profile,
	})), { placeHolder });
	return picked?.profile;
}
