// The Add Profile wizard: name, region, client id, scopes (presets or free text), redirect URI
// (explaining the three ways back), then the client secret in a password box. Returns the raw
// profile as it goes into lwa.profiles, and the secret for SecretStorage.
import vscode = require('vscode');
import { ADVERTISING_SCOPE, ADVERTISING_TEST_ACCOUNT_SCOPE, requestsAdvertisingScope } from '../../core/ads/hosts';
import { PUBLISHED_RELAY_PAGE_URL } from '../../core/lwa/relayRoute';
import type { Grant } from '../../core/profiles';
import { validateProfile } from '../../core/profiles';
import { profileFieldProblemText } from '../ui/problemTexts';

/** The wizard's result: a raw lwa.profiles entry and the client secret (undefined when skipped). */
export interface WizardResult {
	profile: Record<string, unknown>;
	clientSecret?: string;
}

interface ScopePreset extends vscode.QuickPickItem {
	scopes: string[];
	grant: Grant;
}

/** Scopes that only the client credentials grant ("grantless") uses. */
const GRANTLESS_SCOPES = new Set(['sellingpartnerapi::notifications', 'sellingpartnerapi::migration', 'sellingpartnerapi::client_credential:rotation', 'alexa:skill_messaging']);

const ALEXA_SMAPI_SCOPES = ['alexa::ask:skills:readwrite', 'alexa::ask:models:readwrite', 'alexa::ask:skills:test', 'alexa::ask:catalogs:read', 'alexa::ask:catalogs:readwrite'];

/** The scope presets (a function, so that their text is localized when the wizard runs). Labels are scope names. */
function scopePresets(): ScopePreset[] {
	const clientCredentials = vscode.l10n.t('Client credentials: no sign-in page, the client id and secret get the token');
	return [
		{ label: 'profile', description: vscode.l10n.t('Customer name, email and user id'), scopes: ['profile'], grant: 'authorization_code' },
		{ label: 'profile:user_id', description: vscode.l10n.t('Customer user id only (no consent screen)'), scopes: ['profile:user_id'], grant: 'authorization_code' },
		{ label: 'postal_code', description: vscode.l10n.t('Customer postal code'), scopes: ['postal_code'], grant: 'authorization_code' },
		{ label: 'Alexa SMAPI', description: ALEXA_SMAPI_SCOPES.join(' '), detail: vscode.l10n.t('Skill Management API, the scopes the ASK CLI asks for'), scopes: ALEXA_SMAPI_SCOPES, grant: 'authorization_code' },
		{ label: ADVERTISING_SCOPE, description: vscode.l10n.t('Amazon Ads API'), detail: vscode.l10n.t('An Ads profile: consent at the region\'s Amazon sign-in, then "LWA: Choose Advertising Profile" for the scope header'), scopes: [ADVERTISING_SCOPE], grant: 'authorization_code' },
		{ label: vscode.l10n.t('Amazon Ads API with test accounts'), description: `${ADVERTISING_TEST_ACCOUNT_SCOPE} ${ADVERTISING_SCOPE}`, detail: vscode.l10n.t('Adds the scope that creates Ads test accounts'), scopes: [ADVERTISING_TEST_ACCOUNT_SCOPE, ADVERTISING_SCOPE], grant: 'authorization_code' },
		{ label: 'sellingpartnerapi::notifications', description: vscode.l10n.t('Selling Partner API grantless: notifications'), detail: clientCredentials, scopes: ['sellingpartnerapi::notifications'], grant: 'client_credentials' },
		{ label: 'sellingpartnerapi::migration', description: vscode.l10n.t('Selling Partner API grantless: migration'), detail: clientCredentials, scopes: ['sellingpartnerapi::migration'], grant: 'client_credentials' },
		{ label: 'portability::customer_profile', description: vscode.l10n.t('Amazon Data Portability: customer profile'), scopes: ['portability::customer_profile'], grant: 'authorization_code' },
		{ label: vscode.l10n.t('Other scopes…'), description: vscode.l10n.t('Type any scopes, separated by spaces'), scopes: [], grant: 'authorization_code' },
	];
}

interface RedirectChoice extends vscode.QuickPickItem {
	defaultUri: string;
}

const DEFAULT_LOOPBACK_URI = 'http://127.0.0.1:53682/lwa/callback';

/**
 * The ways back (a function, so that their text is localized when the wizard runs): loopback, the
 * published relay page, a relay page of one's own (the only relay that can return to a
 * browser-hosted editor), and paste.
 */
export function redirectChoices(): RedirectChoice[] {
	return [
		{
			label: `$(globe) ${vscode.l10n.t('Loopback')}`,
			description: DEFAULT_LOOPBACK_URI,
			detail: vscode.l10n.t('The extension listens on 127.0.0.1 at exactly this port and path while you sign in. Register the exact URL in the security profile\'s Allowed Return URLs. Best on a desktop editor.'),
			defaultUri: DEFAULT_LOOPBACK_URI,
		},
		{
			label: `$(link-external) ${vscode.l10n.t('Published relay page')}`,
			description: PUBLISHED_RELAY_PAGE_URL,
			detail: vscode.l10n.t('One Allowed Return URL to register, nothing to host. The page hands the result back to this extension in a desktop editor (also in remote SSH or container windows); it never forwards anywhere else.'),
			defaultUri: PUBLISHED_RELAY_PAGE_URL,
		},
		{
			label: `$(server) ${vscode.l10n.t('Your own relay page')}`,
			description: vscode.l10n.t('https://<your site>/lwa/relay.html'),
			detail: vscode.l10n.t('For browser-hosted editors (code-server, Codespaces, vscode.dev): host the extension\'s media/relay.html, relay.js and relay.css on an https site, with the editor\'s address in a meta tag ("LWA: Show Redirect Setup" shows the line), and register its URL.'),
			defaultUri: 'https://',
		},
		{
			label: `$(clippy) ${vscode.l10n.t('Paste')}`,
			description: vscode.l10n.t('any https URL registered for the security profile'),
			detail: vscode.l10n.t('After you allow access, copy the address the browser ends on and run "LWA: Complete Sign-In". Works anywhere.'),
			defaultUri: 'https://',
		},
	];
}

/** Runs the wizard; undefined when the user cancels at any step. */
export async function runProfileWizard(existingNames: readonly string[]): Promise<WizardResult | undefined> {
	const steps = 6;
	const title = (step: number): string => vscode.l10n.t('Add LWA Profile ({0}/{1})', step, steps);

	const name = (await vscode.window.showInputBox({
		title: title(1),
		prompt: vscode.l10n.t('A short name for the profile, shown in the status bar'),
		placeHolder: 'sandbox',
		ignoreFocusOut: true,
		validateInput: (value) => {
			const trimmed = value.trim();
			if (trimmed === '') {
				return vscode.l10n.t('The name must not be empty.');
			}
			return existingNames.includes(trimmed) ? vscode.l10n.t('A profile called "{0}" already exists.', trimmed) : undefined;
		},
	}))?.trim();
	if (!name) {
		return undefined;
	}

	const region = await vscode.window.showQuickPick([
		{ label: 'NA', description: vscode.l10n.t('North America'), detail: 'www.amazon.com/ap/oa, api.amazon.com' },
		{ label: 'EU', description: vscode.l10n.t('Europe'), detail: 'eu.account.amazon.com/ap/oa, api.amazon.co.uk' },
		{ label: 'FE', description: vscode.l10n.t('Far East'), detail: 'apac.account.amazon.com/ap/oa, api.amazon.co.jp' },
	], { title: title(2), placeHolder: vscode.l10n.t('The Login with Amazon region'), ignoreFocusOut: true });
	if (!region) {
		return undefined;
	}

	const clientId = (await vscode.window.showInputBox({
		title: title(3),
		prompt: vscode.l10n.t('The security profile\'s client id (Developer Console > Login with Amazon > Web Settings)'),
		placeHolder: 'amzn1.application-oa2-client.…',
		ignoreFocusOut: true,
		validateInput: (value) => {
			const trimmed = value.trim();
			if (trimmed === '') {
				return vscode.l10n.t('The client id must not be empty.');
			}
			if (/\s/.test(trimmed)) {
				return vscode.l10n.t('The client id has no spaces.');
			}
			return trimmed.startsWith('amzn1.application-oa2-client.')
				? undefined
				: { message: vscode.l10n.t('LWA client ids usually start with amzn1.application-oa2-client.'), severity: vscode.InputBoxValidationSeverity.Warning };
		},
	}))?.trim();
	if (!clientId) {
		return undefined;
	}

	const preset = await vscode.window.showQuickPick(scopePresets(), {
		title: title(4),
		placeHolder: vscode.l10n.t('Scopes to request (you can edit them next)'),
		matchOnDescription: true,
		matchOnDetail: true,
		ignoreFocusOut: true,
	});
	if (!preset) {
		return undefined;
	}
	const scopeText = await vscode.window.showInputBox({
		title: title(4),
		prompt: vscode.l10n.t('Scopes, separated by spaces (any scope the security profile allows)'),
		value: preset.scopes.join(' '),
		ignoreFocusOut: true,
		validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('List at least one scope.') : undefined),
	});
	if (scopeText === undefined) {
		return undefined;
	}
	const scopes = [...new Set(scopeText.split(/\s+/).filter((scope) => scope !== ''))];
	const grant: Grant = scopes.every((scope) => GRANTLESS_SCOPES.has(scope)) ? 'client_credentials' : 'authorization_code';

	const profile: Record<string, unknown> = { name, region: region.label, clientId, scopes };
	if (grant === 'authorization_code' && requestsAdvertisingScope(scopes)) {
		// An Ads profile: its advertiser profile is chosen after sign-in (lwa.chooseAdvertisingProfile).
		profile.api = 'ads';
	}
	if (grant === 'client_credentials') {
		profile.grant = grant;
	} else {
		const way = await vscode.window.showQuickPick(redirectChoices(), {
			title: title(5),
			placeHolder: vscode.l10n.t('How does the browser come back to the editor? (Pasting always works as well.)'),
			ignoreFocusOut: true,
		});
		if (!way) {
			return undefined;
		}
		const redirectUri = (await vscode.window.showInputBox({
			title: title(5),
			prompt: vscode.l10n.t('The redirect URI, exactly as listed in the security profile\'s Allowed Return URLs'),
			value: way.defaultUri,
			ignoreFocusOut: true,
			validateInput: (value) => {
				const problem = validateProfile({ ...profile, redirectUri: value.trim() }).problems.find((candidate) => candidate.field === 'redirectUri');
				return problem ? profileFieldProblemText(problem) : undefined;
			},
		}))?.trim();
		if (!redirectUri) {
			return undefined;
		}
		profile.redirectUri = redirectUri;
	}

	const clientSecret = await vscode.window.showInputBox({
		title: title(6),
		prompt: grant === 'client_credentials'
			? vscode.l10n.t('The client secret (required for client credentials). It is kept in the editor\'s secret storage only.')
			: vscode.l10n.t('The client secret, kept in the editor\'s secret storage only. Leave empty to skip: without it Login with Amazon returns no refresh token, so you sign in again every hour.'),
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => (grant === 'client_credentials' && value.trim() === '' ? vscode.l10n.t('Client credentials need the client secret.') : undefined),
	});
	if (clientSecret === undefined) {
		return undefined;
	}
	return clientSecret.trim() === '' ? { profile } : { profile, clientSecret: clientSecret.trim() };
}
