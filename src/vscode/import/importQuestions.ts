// The import's questions for what a source lacks (name, client id, region, scopes, redirect URI) and
// for a name that is taken. Dismissing any of them cancels the import before anything is written.
import vscode = require('vscode');
import type { ImportCandidate } from '../../core/import/candidate';
import type { Region } from '../../core/lwa/endpoints';
import { REGIONS } from '../../core/lwa/endpoints';
import type { CollisionChoice } from './importArguments';

/** Thrown inside the importer when the user cancels a question: nothing has been written yet. */
export class ImportCancelled extends Error {}

export async function askCollision(name: string): Promise<CollisionChoice> {
	const picked = await vscode.window.showQuickPick([
		{ label: vscode.l10n.t('Import under another name'), description: vscode.l10n.t('keep the existing profile'), choice: 'rename' as const },
		{ label: vscode.l10n.t('Replace "{0}"', name), description: vscode.l10n.t('its settings, tokens and client secret are replaced'), choice: 'replace' as const },
		{ label: vscode.l10n.t('Skip this one'), choice: 'skip' as const },
	], { title: vscode.l10n.t('LWA: Import — a profile named "{0}" exists', name), placeHolder: vscode.l10n.t('What should the import do?'), ignoreFocusOut: true });
	if (!picked) {
		throw new ImportCancelled();
	}
	return picked.choice;
}

export async function askName(suggestion: string, taken: readonly string[]): Promise<string> {
	const name = await vscode.window.showInputBox({
		title: vscode.l10n.t('LWA: Import — profile name'),
		value: suggestion,
		prompt: vscode.l10n.t('A new name for the imported profile'),
		ignoreFocusOut: true,
		validateInput: (value) => value.trim() === '' ? vscode.l10n.t('Enter a name.') : taken.includes(value.trim()) ? vscode.l10n.t('A profile named "{0}" exists already.', value.trim()) : undefined,
	});
	if (name === undefined) {
		throw new ImportCancelled();
	}
	return name.trim();
}

export async function askClientId(candidate: ImportCandidate): Promise<string> {
	const value = await vscode.window.showInputBox({
		title: vscode.l10n.t('LWA: Import "{0}" — client id', candidate.suggestedName),
		prompt: candidate.issuedForAskCliClient
			? vscode.l10n.t('These ASK CLI tokens were issued for the ASK CLI\'s own client. Enter the client id of your security profile (refreshing these tokens with it will fail; sign in again afterwards).')
			: vscode.l10n.t('The security profile\'s client id the tokens were issued for'),
		placeHolder: 'amzn1.application-oa2-client.…',
		ignoreFocusOut: true,
		validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter the client id.') : /\s/.test(text.trim()) ? vscode.l10n.t('A client id has no spaces.') : undefined,
	});
	if (value === undefined) {
		throw new ImportCancelled();
	}
	return value.trim();
}

export async function askRegion(name: string): Promise<Region> {
	const picked = await vscode.window.showQuickPick(REGIONS.map((region) => ({ label: region, region })), {
		title: vscode.l10n.t('LWA: Import "{0}" — region', name),
		placeHolder: vscode.l10n.t('The Login with Amazon region of the security profile (NA if unsure)'),
		ignoreFocusOut: true,
	});
	if (!picked) {
		throw new ImportCancelled();
	}
	return picked.region;
}

export async function askScopes(name: string): Promise<string[]> {
	const value = await vscode.window.showInputBox({
		title: vscode.l10n.t('LWA: Import "{0}" — scopes', name),
		prompt: vscode.l10n.t('Scopes to request when signing in again, separated by spaces'),
		value: 'profile',
		ignoreFocusOut: true,
		validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter at least one scope.') : undefined,
	});
	if (value === undefined) {
		throw new ImportCancelled();
	}
	return value.trim().split(/\s+/);
}

export async function askRedirectUri(name: string, suggestion: string): Promise<string> {
	const value = await vscode.window.showInputBox({
		title: vscode.l10n.t('LWA: Import "{0}" — redirect URI', name),
		prompt: vscode.l10n.t('The redirect URI registered in the security profile\'s Allowed Return URLs (used when you sign in again)'),
		value: suggestion,
		ignoreFocusOut: true,
		validateInput: (text) => text.trim() === '' ? vscode.l10n.t('Enter the redirect URI.') : undefined,
	});
	if (value === undefined) {
		throw new ImportCancelled();
	}
	return value.trim();
}
