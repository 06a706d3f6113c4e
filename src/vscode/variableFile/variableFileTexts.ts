// What the user reads about the variable file and the token lenses. The core returns a closed set of
// refusals (src/core/variableFile/variableFile.ts); each is worded here, with the file and profile
// named and never a token.
import vscode = require('vscode');
import type { VariableFileRefusal } from '../../core/variableFile/variableFile';

/** Why the access token of `profile` was not written to `file`. */
export function refusalText(reason: VariableFileRefusal, profile: string, file: string, systemCode?: string): string {
	switch (reason) {
		case 'untrusted':
			return vscode.l10n.t('The access token of "{0}" is not written to {1}: the workspace is not trusted. Trust the workspace to turn the variable file on.', profile, file);
		case 'unsafe_value':
			return vscode.l10n.t('The access token of "{0}" has characters that cannot go safely into a quoted variable line, so {1} was not written.', profile, file);
		case 'bad_path':
		case 'inside_git_folder':
			return vscode.l10n.t('{0} cannot hold the access token of "{1}": choose a file of the workspace folder outside .git in "variableFile.file".', file, profile);
		case 'no_folder':
			return vscode.l10n.t('The folder of {0} does not exist, so the access token of "{1}" was not written. Create the folder or change "variableFile.file".', file, profile);
		case 'symlinked_folder':
			return vscode.l10n.t('{0} is under a folder that is a symbolic link, so the access token of "{1}" was not written (it could land anywhere).', file, profile);
		case 'symlink':
			return vscode.l10n.t('{0} is a symbolic link, so the access token of "{1}" was not written (it could land anywhere). Replace the link with a plain file.', file, profile);
		case 'not_a_file':
			return vscode.l10n.t('{0} is not a plain file (a folder, pipe or device), so the access token of "{1}" was not written.', file, profile);
		case 'too_large':
			return vscode.l10n.t('{0} is larger than 1 MB, so the access token of "{1}" was not written.', file, profile);
		case 'write_failed':
			return vscode.l10n.t('{0} could not be written ({1}), so it does not hold the current access token of "{2}".', file, systemCode ?? vscode.l10n.t('unknown error'), profile);
		case 'tracked':
			return vscode.l10n.t('{0} is tracked by git, so the access token of "{1}" is never written to it (it would be committed). Use a file git ignores and does not track.', file, profile);
		case 'not_ignored':
			return vscode.l10n.t('git does not ignore {0}, so the access token of "{1}" was not written (it could be committed). Add the file to .gitignore first.', file, profile);
		case 'git_missing':
			return vscode.l10n.t('{0} is in a git repository but git is not installed, so nothing can tell whether the file would be committed: the access token of "{1}" was not written. Install git.', file, profile);
		case 'git_failed':
			return vscode.l10n.t('git could not tell whether {0} is ignored, so the access token of "{1}" was not written. Check the repository with git status.', file, profile);
	}
}

export const texts = {
	addToGitignore: () => vscode.l10n.t('Add to .gitignore'),
	openSettings: () => vscode.l10n.t('Open Settings'),
	dirty: (file: string, profile: string) => vscode.l10n.t('{0} has unsaved changes, so the access token of "{1}" was not written to it. Save or revert the file; the next token change writes it.', file, profile),
	conflict: (file: string, name: string, profiles: string) => vscode.l10n.t('The profiles {0} all keep {1} in {2}: one variable can hold one token, so none of them is written. Give each profile its own "variableFile.name".', profiles, name, file),
	noFolder: (profile: string) => vscode.l10n.t('"{0}" keeps its access token in a variable file of the workspace folder, and this window has no local workspace folder.', profile),
	gitignoreRefused: (file: string) => vscode.l10n.t('{0} could not be added to .gitignore (the .gitignore is a link, not a plain file, or could not be written).', file),
	lensProfile: (profile: string, remaining: string) => vscode.l10n.t('$(key) LWA "{0}": {1}', profile, remaining),
	lensRefresh: () => vscode.l10n.t('Refresh'),
	lensUseVariableFile: () => vscode.l10n.t('Use the variable file'),
	lensGone: () => vscode.l10n.t('This token line is no longer one the extension wrote in this window.'),
	lensProfileGone: (profile: string) => vscode.l10n.t('There is no LWA profile named "{0}" any more.', profile),
	lensEditRefused: () => vscode.l10n.t('The document could not be changed.'),
	lensAutoSave: (file: string) => vscode.l10n.t('Auto save is on, so the editor saves the refreshed access token into {0}. A token in a file can end up in a commit or a shared copy; the variable file keeps the current token out of your documents.', file),
	lensAutoSaveUseVariableFile: () => vscode.l10n.t('Use the Variable File'),
};
