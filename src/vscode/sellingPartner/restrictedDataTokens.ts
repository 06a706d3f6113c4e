// LWA: Get Restricted Data Token (lwa.getRestrictedDataToken). For an SP-API profile and one of its
// selling partners: the restricted operation (a pick of the listed ones, or a method and path typed),
// its data elements for the Orders operations, the path checked before any call (checkRestrictedPath:
// no trailing slash, no query, no encoded slash, specific paths where only those work), then the Tokens
// API on the profile's SP-API host with the partner's access token. The RDT is copied in the chosen
// format, and the clipboard is cleared after RDT_CLIPBOARD_SECONDS whatever lwa.clipboard.clearAfterSeconds
// says; it lives in this window's memory only (never the secret storage, a file, globalState or the
// log), keyed by slot, method and path template, with its own countdown in the status bar. The log
// shows the path template, never the real path (an order id is buyer-linked). The method, path and
// data elements as arguments are honoured only in the extension's own tests (core/commandArguments.ts):
// elsewhere the user picks them, so no other extension gets a buyer-data token onto the clipboard
// without the user choosing what it unlocks.
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import { accountForLog, accountName } from '../../core/credentials/accounts';
import type { CredentialService } from '../../core/credentials/service';
import type { CopyFormat } from '../../core/copyFormats';
import { COPY_FORMATS, formatToken, isAdsCopyFormat, isCopyFormat, SELLING_PARTNER_COPY_FORMATS } from '../../core/copyFormats';
import { isLwaError } from '../../core/lwa/errors';
import type { Clock, HttpClient, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { buildRestrictedDataTokenRequest, parseRestrictedDataTokenResponse } from '../../core/sellingPartner/restrictedDataToken';
import type { RestrictedResourceKey } from '../../core/sellingPartner/restrictedDataTokenMemory';
import { RestrictedDataTokenMemory } from '../../core/sellingPartner/restrictedDataTokenMemory';
import type { DataElement, RestrictedMethod, RestrictedOperation } from '../../core/sellingPartner/restrictedOperations';
import { checkRestrictedPath, DATA_ELEMENTS, RESTRICTED_METHODS, RESTRICTED_OPERATIONS } from '../../core/sellingPartner/restrictedOperations';
import { sellingPartnerUserAgent } from '../../core/sellingPartner/requestDocument';
import type { Timers } from '../../core/time/timers';
import type { ClipboardWriter } from '../platform/clipboard';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { refreshAheadSeconds } from '../platform/settings';
import { copyFormatLabel } from '../commands/copyCommands';
import { argumentFields, stringField } from '../ui/argumentFields';
import { formatRemaining } from '../ui/countdownText';
import { validCredentialOrReport } from '../ui/errorMessages';
import { failureText } from '../ui/errorTexts';
import { pickProfile } from '../ui/profilePicker';
import type { AccountPicker } from './accountPicker';
import type { RestrictedDataTokenCountdownObserver } from './restrictedDataTokenCountdown';
import { RestrictedDataTokenCountdown } from './restrictedDataTokenCountdown';
import { pathRefusalText, requestRefusalText, tokensApiFailureText } from './restrictedDataTokenTexts';
import { chooseHost } from './sellingPartnerHost';

/** The clipboard holding an RDT is cleared after at most this many seconds, whatever the setting says. */
export const RDT_CLIPBOARD_SECONDS = 30;

/** What lwa.getRestrictedDataToken resolves to: never the token, never the real path. */
export interface RestrictedDataTokenSummary {
	profile: string;
	partner: string;
	method: RestrictedMethod;
	template: string;
	expiresAt: number;
	/** True when the RDT in memory for exactly this path was copied again (no Tokens API call). */
	reused: boolean;
	format: CopyFormat;
	host: 'production' | 'sandbox' | 'override';
}

interface ChosenResource {
	method: RestrictedMethod;
	path: string;
	dataElements: DataElement[];
}

export class RestrictedDataTokens implements vscode.Disposable {
	readonly memory: RestrictedDataTokenMemory;
	private readonly countdown: RestrictedDataTokenCountdown;
	private readonly userAgent: string;

	constructor(private readonly deps: {
		registry: ProfileRegistry;
		service: CredentialService;
		http: HttpClient;
		clipboard: ClipboardWriter;
		accounts: AccountPicker;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		timers: Timers;
		memento: vscode.Memento;
		version: string;
		countdownObserver?: RestrictedDataTokenCountdownObserver;
	}) {
		this.memory = new RestrictedDataTokenMemory(deps.clock);
		this.countdown = new RestrictedDataTokenCountdown({ memory: this.memory, clock: deps.clock, timers: deps.timers, observer: deps.countdownObserver });
		this.userAgent = sellingPartnerUserAgent(deps.version, 'TypeScript');
	}

	handlers() {
		return { 'lwa.getRestrictedDataToken': (arg: unknown) => this.getRestrictedDataToken(arg) };
	}

	/** A selling partner signed out (or the whole profile): its RDTs go with it. */
	forget(profile: string, account?: Account): void {
		if (this.memory.forget(profile, account) > 0) {
			this.deps.logger.info(`Forgot the Restricted Data Tokens of ${account ? `profile "${profile}" (${accountForLog(account)})` : `profile "${profile}"`}.`);
			this.countdown.update();
		}
	}

	dispose(): void {
		this.memory.clear();
		this.countdown.dispose();
	}

	async getRestrictedDataToken(arg: unknown): Promise<RestrictedDataTokenSummary | undefined> {
		const { notifier, logger } = this.deps;
		const title = vscode.l10n.t('LWA: Get Restricted Data Token');
		const profile = await this.profile(arg);
		if (!profile) {
			return undefined;
		}
		const chosen = await this.deps.accounts.forUse(profile, arg, vscode.l10n.t('Selling partner whose data the token unlocks'));
		if (!chosen.ok) {
			return undefined;
		}
		if (chosen.account?.kind !== 'partner') {
			notifier.error(vscode.l10n.t('"{0}" has no signed-in selling partner yet. A Restricted Data Token is issued for a selling partner\'s token: sign in (consent) or set a refresh token first.', profile.name), {
				[vscode.l10n.t('Sign In')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
				[vscode.l10n.t('Set Refresh Token')]: () => vscode.commands.executeCommand('lwa.setRefreshToken', { profile: profile.name }),
			});
			return undefined;
		}
		const account = chosen.account;
		const resource = await this.resource(arg, title);
		if (!resource) {
			return undefined;
		}
		// Checked before anything is sent: a refused path never reaches the Tokens API.
		const check = checkRestrictedPath(resource.method, resource.path);
		if (!check.ok) {
			logger.warn(`Get Restricted Data Token for profile "${profile.name}": the typed ${resource.method} path was refused before the call (${check.reason}).`);
			notifier.error(vscode.l10n.t('No Restricted Data Token was asked for: {0}', pathRefusalText(check.reason)));
			return undefined;
		}
		if (resource.dataElements.length > 0 && check.operation?.dataElements !== true) {
			notifier.error(vscode.l10n.t('No Restricted Data Token was asked for: {0}', requestRefusalText('data_elements_not_allowed')));
			return undefined;
		}
		const key: RestrictedResourceKey = { ...resource, template: check.logPath };
		const label = `${resource.method} ${check.logPath}`;
		const host = await chooseHost(profile, this.deps.memento, arg, title);
		if (!host) {
			if (profile.apiEndpoints.sellingPartnerApi !== undefined) {
				notifier.error(requestRefusalText('api_base'));
			}
			return undefined;
		}
		const format = await this.format(arg);
		if (!format) {
			return undefined;
		}
		const slot = { profile: profile.name, account };
		const kept = this.memory.find(slot, key, refreshAheadSeconds() * 1000);
		if (kept) {
			logger.info(`Copied the Restricted Data Token kept in memory for ${label} of profile "${profile.name}" (${accountForLog(account)}).`);
			return this.copy(profile, account, key, label, kept.token.token, kept.token.expiresAt, format, host, true);
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile, account);
		if (!credential) {
			return undefined;
		}
		const built = buildRestrictedDataTokenRequest({
			apiBase: host.base, accessToken: credential.accessToken, userAgent: this.userAgent,
			resources: [{ method: resource.method, path: resource.path, ...(resource.dataElements.length > 0 ? { dataElements: resource.dataElements } : {}) }],
		});
		if (!built.ok) {
			logger.warn(`Get Restricted Data Token for profile "${profile.name}": the request was not built (${built.reason}${built.pathReason ? `/${built.pathReason}` : ''}).`);
			notifier.error(vscode.l10n.t('No Restricted Data Token was asked for: {0}', requestRefusalText(built.reason, built.pathReason)));
			return undefined;
		}
		logger.info(`Asking the Tokens API (${host.kind}) for a Restricted Data Token for ${built.logPaths.join(', ')}${resource.dataElements.length > 0 ? ` with ${resource.dataElements.join(', ')}` : ''} of profile "${profile.name}" (${accountForLog(account)}).`);
		let result;
		try {
			const response = await this.deps.http.send(built.request);
			result = parseRestrictedDataTokenResponse(response, this.deps.clock.now(), this.deps.clock);
		} catch (error) {
			logger.warn(`The Tokens API request for ${label} failed (${isLwaError(error) ? `${error.code}${error.reason ? `/${error.reason}` : ''}` : 'unexpected error'}).`);
			notifier.error(vscode.l10n.t('No Restricted Data Token for {0}: {1}', label, failureText(error)));
			return undefined;
		}
		if (!result.ok) {
			const { failure } = result;
			logger.warn(`The Tokens API refused a Restricted Data Token for ${label} of profile "${profile.name}" (${failure.reason}, HTTP ${failure.status}${failure.apiErrorCode ? `, ${failure.apiErrorCode}` : ''}${failure.requestId ? `, request id ${failure.requestId}` : ''}).`);
			const again = { [vscode.l10n.t('Try Another Path')]: () => vscode.commands.executeCommand('lwa.getRestrictedDataToken', { profile: profile.name, partner: account.id }) };
			notifier.error(tokensApiFailureText(failure, label), failure.reason === 'unauthorized'
				? { [vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }) }
				: failure.reason === 'access_denied' || failure.reason === 'invalid_input' ? again : {});
			return undefined;
		}
		this.memory.remember(slot, key, result.token);
		logger.info(`Got a Restricted Data Token for ${label} of profile "${profile.name}" (${accountForLog(account)}); kept in memory only.`);
		return this.copy(profile, account, key, label, result.token.token, result.token.expiresAt, format, host, false);
	}

	private async copy(profile: Profile, account: Account & { kind: 'partner' }, key: RestrictedResourceKey, label: string, token: string, expiresAt: number,
		format: CopyFormat, host: { base: string; kind: RestrictedDataTokenSummary['host'] }, reused: boolean): Promise<RestrictedDataTokenSummary> {
		const text = formatToken(format, token, undefined, { apiBase: host.base, userAgent: sellingPartnerUserAgent(this.deps.version, 'curl'), method: key.method, path: key.path });
		await this.deps.clipboard.write(text, { clearWithin: RDT_CLIPBOARD_SECONDS });
		this.countdown.update();
		const remaining = formatRemaining(expiresAt, this.deps.clock.now());
		this.deps.notifier.info(vscode.l10n.t('Copied: {0} with a Restricted Data Token for {1} of "{2}" ({3}), valid for {4} (see "RDT" in the status bar). It is kept in this window\'s memory only, and the clipboard is cleared in {5} seconds whatever lwa.clipboard.clearAfterSeconds says.',
			copyFormatLabel(format), label, profile.name, accountName(account), remaining, RDT_CLIPBOARD_SECONDS));
		return { profile: profile.name, partner: account.id, method: key.method, template: key.template, expiresAt, reused, format, host: host.kind };
	}

	/** The SP-API profile: named, else the active one when it is one, else the only one, else picked. */
	private async profile(arg: unknown): Promise<Profile | undefined> {
		const { registry, notifier } = this.deps;
		const fits = (profile: Profile): boolean => profile.api === 'sp-api' && profile.grant === 'authorization_code';
		const name = stringField(arg, 'profile');
		if (name !== undefined) {
			const profile = registry.find(name);
			if (!profile || !fits(profile)) {
				notifier.error(profile
					? vscode.l10n.t('Restricted Data Tokens are for SP-API profiles with selling partners ("api": "sp-api", not client credentials), and "{0}" is not one.', name)
					: vscode.l10n.t('There is no LWA profile named "{0}" in lwa.profiles.', name));
				return undefined;
			}
			return profile;
		}
		const candidates = registry.all().filter(fits);
		const active = registry.active();
		if (active && fits(active)) {
			return active;
		}
		if (candidates.length <= 1) {
			if (candidates.length === 0) {
				notifier.warn(vscode.l10n.t('No SP-API profile with selling partners is set up: add one with "api": "sp-api" first.'), {
					[vscode.l10n.t('Add Profile')]: () => vscode.commands.executeCommand('lwa.addProfile'),
				});
			}
			return candidates[0];
		}
		return pickProfile(candidates, active?.name, vscode.l10n.t('SP-API profile to get a Restricted Data Token for'));
	}

	/** Method, path and data elements: from the argument (tests), else the pick of a listed operation or typed. */
	private async resource(arg: unknown, title: string): Promise<ChosenResource | undefined> {
		const fields = argumentFields(arg);
		if (typeof fields.method === 'string' || typeof fields.path === 'string') {
			const elements = Array.isArray(fields.dataElements) ? fields.dataElements.filter((element): element is DataElement => (DATA_ELEMENTS as readonly unknown[]).includes(element)) : [];
			if (Array.isArray(fields.dataElements) && elements.length !== fields.dataElements.length) {
				this.deps.notifier.error(vscode.l10n.t('No Restricted Data Token was asked for: {0}', requestRefusalText('unknown_data_element')));
				return undefined;
			}
			return { method: String(fields.method ?? 'GET') as RestrictedMethod, path: typeof fields.path === 'string' ? fields.path : '', dataElements: elements };
		}
		type Item = vscode.QuickPickItem & { operation?: RestrictedOperation };
		const items: Item[] = [
			...RESTRICTED_OPERATIONS.map((operation) => ({ label: operation.id, description: `${operation.method} ${operation.template}`, operation,
				...(operation.specificOnly ? { detail: vscode.l10n.t('Specific path only: the id is asked next') } : {}) })),
			{ label: vscode.l10n.t('Type a method and path…'), description: vscode.l10n.t('An operation this list does not have') },
		];
		const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Restricted operation the token is for'), matchOnDescription: true });
		if (!picked) {
			return undefined;
		}
		let method: RestrictedMethod;
		if (picked.operation) {
			method = picked.operation.method;
		} else {
			const methodPick = await vscode.window.showQuickPick(RESTRICTED_METHODS.map((entry) => ({ label: entry })), { title, placeHolder: vscode.l10n.t('Method of the call') });
			if (!methodPick) {
				return undefined;
			}
			method = methodPick.label as RestrictedMethod;
		}
		const template = picked.operation?.template;
		const path = await vscode.window.showInputBox({
			title,
			prompt: template
				? vscode.l10n.t('The path: keep the {0} placeholder for any id (a generic path), or put one id in its place (a specific path)', template.replace(/^.*(\{[A-Za-z]+\}).*$/, '$1'))
				: vscode.l10n.t('The path of the call, without host or query, e.g. {0}', '/orders/v0/orders/902-1234567-1234567'),
			value: template ?? '/',
			ignoreFocusOut: true,
			validateInput: (value) => {
				const check = checkRestrictedPath(method, value);
				return check.ok ? undefined : pathRefusalText(check.reason);
			},
		});
		if (path === undefined) {
			return undefined;
		}
		let dataElements: DataElement[] = [];
		if (picked.operation?.dataElements) {
			const chosen = await vscode.window.showQuickPick(DATA_ELEMENTS.map((element) => ({ label: element })), {
				title, canPickMany: true, placeHolder: vscode.l10n.t('Data elements (buyer data) the token unlocks; none for the order alone'),
			});
			if (!chosen) {
				return undefined;
			}
			dataElements = chosen.map((item) => item.label as DataElement);
		}
		return { method, path, dataElements };
	}

	/** The copy format: the argument's, else the user's pick (the SP-API request and header first). */
	private async format(arg: unknown): Promise<CopyFormat | undefined> {
		const requested = argumentFields(arg).format;
		if (requested !== undefined) {
			if (!isCopyFormat(requested) || isAdsCopyFormat(requested)) {
				this.deps.notifier.error(vscode.l10n.t('Unknown copy format "{0}". Known formats: {1}.', String(requested), [...SELLING_PARTNER_COPY_FORMATS, ...COPY_FORMATS].map((entry) => entry.format).join(', ')));
				return undefined;
			}
			return requested;
		}
		const order: CopyFormat[] = ['spApiRequest', 'amzAccessTokenHeader', ...COPY_FORMATS.map((entry) => entry.format).filter((format) => format !== 'amzAccessTokenHeader')];
		const descriptions = new Map<CopyFormat, string>([...SELLING_PARTNER_COPY_FORMATS, ...COPY_FORMATS].map((entry) => [entry.format, entry.description]));
		const picked = await vscode.window.showQuickPick(order.map((format) => ({ label: copyFormatLabel(format), description: descriptions.get(format), format })), {
			title: vscode.l10n.t('LWA: Get Restricted Data Token'),
			placeHolder: vscode.l10n.t('How to copy the Restricted Data Token (the clipboard is cleared after {0} seconds)', RDT_CLIPBOARD_SECONDS),
		});
		return picked?.format;
	}
}
