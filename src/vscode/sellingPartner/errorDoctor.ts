// LWA: Explain an Amazon Error Code… (lwa.explainSellingPartnerError). Seller Central and Vendor
// Central show MD errors on their own page, never at the redirect URI, so the extension cannot see
// them: the user types the code they read (MD1000, MD5101, MD5110, MD9000, MD9010, MD9100) or a token
// error (invalid_grant, invalid_client, unauthorized_client), and gets the cause and the fix, with the
// button that helps for the profile (`{ profile }`, else the active SP-API one): Open Settings, Show
// Redirect Setup, Sign In Again, Set Client Secret. Argument: `{ code?, profile? }`.
import vscode = require('vscode');
import type { ExplainedCode } from '../../core/sellingPartner/doctor';
import { lookupErrorCode, MD_CODE_IDS, SELLING_PARTNER_TOKEN_ERROR_CODES } from '../../core/sellingPartner/doctor';
import type { Logger } from '../../core/ports';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { stringField } from '../ui/argumentFields';
import { mdCauseText, mdFixText, tokenErrorCauseText, tokenErrorFixText } from './errorDoctorTexts';

/** What the command resolves to: the code it explained (no profile data). */
export interface ExplainedError {
	code: string;
	kind: ExplainedCode['kind'];
	/** The labels of the buttons offered. */
	actions: string[];
}

export class ErrorDoctor {
	constructor(private readonly deps: { registry: ProfileRegistry; notifier: Notifier; logger: Logger }) {}

	handlers() {
		return { 'lwa.explainSellingPartnerError': (arg: unknown) => this.explain(arg) };
	}

	async explain(arg: unknown): Promise<ExplainedError | undefined> {
		const known = [...MD_CODE_IDS, ...SELLING_PARTNER_TOKEN_ERROR_CODES].join(', ');
		const given = stringField(arg, 'code') ?? await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Explain an Amazon Error Code…'),
			prompt: vscode.l10n.t('The code Amazon\'s page (or the token endpoint) showed, e.g. MD1000 or invalid_client'),
			placeHolder: 'MD5101',
			validateInput: (value) => value.trim() === '' || lookupErrorCode(value) !== undefined ? undefined : vscode.l10n.t('Not a code the extension knows. Known codes: {0}.', known),
		});
		if (given === undefined) {
			return undefined;
		}
		const found = lookupErrorCode(given);
		if (found === undefined) {
			this.deps.notifier.warn(vscode.l10n.t('Not a code the extension knows. Known codes: {0}.', known));
			return undefined;
		}
		const code = found.kind === 'md' ? found.entry.code : found.code;
		this.deps.logger.info(`Explained the error code ${code}.`);
		const text = found.kind === 'md'
			? [
				vscode.l10n.t('{0}: {1}', code, mdCauseText(found.entry.cause)),
				...found.entry.fixes.map(mdFixText),
				...(found.entry.source === 'confirmed' ? [] : [vscode.l10n.t('(Amazon\'s own error page does not list this code; the explanation comes from other developers\' reports.)')]),
			].join(' ')
			: `${vscode.l10n.t('{0}: {1}', code, tokenErrorCauseText(found.code))} ${tokenErrorFixText(found.code)}`;
		const actions = this.actions(found, stringField(arg, 'profile'));
		this.deps.notifier.info(text, actions);
		return { code, kind: found.kind, actions: Object.keys(actions) };
	}

	/** The buttons that help with this code, for the named (or active) SP-API profile. */
	private actions(found: ExplainedCode, name: string | undefined): Record<string, () => unknown> {
		const profile = name ?? (this.deps.registry.active()?.api === 'sp-api' ? this.deps.registry.active()?.name : undefined);
		const openSettings = { [vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettings', 'lwa.profiles') };
		const redirectSetup = { [vscode.l10n.t('Show Redirect Setup')]: () => vscode.commands.executeCommand('lwa.showRedirectSetup', profile !== undefined ? { profile } : undefined) };
		const signInAgain = { [vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', profile !== undefined ? { profile } : undefined) };
		if (found.kind === 'token') {
			switch (found.code) {
				case 'invalid_grant':
					return signInAgain;
				case 'invalid_client':
					return { [vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', profile !== undefined ? { profile } : undefined), ...openSettings };
				case 'unauthorized_client':
					return openSettings;
			}
		}
		switch (found.entry.cause) {
			case 'draft_app_in_production_flow':
				return { ...openSettings, ...signInAgain };
			case 'redirect_uri_not_registered':
			case 'redirect_uri_has_fragment':
			case 'no_login_or_redirect_uri':
				return { ...redirectSetup, ...openSettings };
			case 'developer_not_eligible':
			case 'no_mws_developer_id_for_region':
				return {};
		}
	}
}
