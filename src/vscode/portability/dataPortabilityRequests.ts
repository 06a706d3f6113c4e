// "LWA: New Data Portability Request": opens an untitled .http document (REST Client and httpyac
// syntax) with createDataQuery and listDataQueryRecords for the profile's region, holding a fresh
// bearer token. The document itself is built by the core (src/core/dataPortability.ts).
import vscode = require('vscode');
import type { CredentialService } from '../../core/credentials/service';
import type { IntakeHost } from '../../core/dataPortability';
import {
	buildDataPortabilityDocument, confirmedScopeId, defaultIntakeHost, INTAKE_HOSTS, isValidScopeId,
	portabilityScopes, scopeIdProblem, suggestedScopeId,
} from '../../core/dataPortability';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import { argumentFields } from '../ui/argumentFields';
import { validCredentialOrReport } from '../ui/errorMessages';
import type { ProfileResolver } from '../ui/profilePicker';
import { openTokenDocument, tokenDocumentWarning } from '../ui/tokenDocument';
import type { TokenIssuedListener } from '../variableFile/tokenDocumentOptions';
import { tokenDocumentContent } from '../variableFile/tokenDocumentOptions';

/** What lwa.newDataPortabilityRequest resolves to (no token). */
export interface DataPortabilityRequestResult {
	profile: string;
	/** The untitled document's URI. */
	uri: string;
	languageId: string;
	/** The intake host, or the host of the profile's endpoints.dataPortability. */
	host: string;
	/** Where the requests go: `https://<intake host>`, or the profile's endpoints.dataPortability. */
	baseUrl: string;
	scopeId: string;
}

/** Runs lwa.newDataPortabilityRequest. */
export class DataPortabilityRequests {
	constructor(private readonly deps: {
		service: CredentialService;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		profiles: ProfileResolver;
		/** Told of each token written into a document, so that the .http lens can recognise it. */
		onTokenIssued?: TokenIssuedListener;
	}) {}

	/** The command this feature adds. */
	handlers() {
		return {
			'lwa.newDataPortabilityRequest': (arg: unknown) => this.newRequest(arg),
		};
	}

	/**
	 * Argument: `{ profile?: string, host?: string (an intake host or its AWS region), scopeId?: string }`;
	 * what is not given is asked for. Resolves to the opened document, or undefined when cancelled or
	 * when no valid token could be had (reported to the user).
	 */
	async newRequest(arg: unknown): Promise<DataPortabilityRequestResult | undefined> {
		const { notifier } = this.deps;
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to create a Data Portability request for'));
		if (!profile) {
			return undefined;
		}
		if (profile.grant === 'client_credentials') {
			notifier.error(vscode.l10n.t('Data Portability needs a customer\'s consent, and "{0}" uses client credentials. Use a profile with the authorization code grant and portability:: scopes.', profile.name));
			return undefined;
		}
		const fields = argumentFields(arg);
		// The profile's endpoints.dataPortability replaces the intake host (as for Fetch Data
		// Portability Records), so there is no host to choose.
		const override = profile.apiEndpoints.dataPortability;
		const host = override !== undefined ? defaultIntakeHost(profile.region) : await this.chooseHost(profile, fields.host);
		if (!host) {
			return undefined;
		}
		const scopeId = await this.chooseScopeId(profile, fields.scopeId);
		if (!scopeId) {
			return undefined;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile);
		if (!credential) {
			return undefined;
		}
		const content = buildDataPortabilityDocument({
			profileName: profile.name,
			host: host.host,
			...(override !== undefined ? { baseUrl: override } : {}),
			scopeId,
			accessToken: credential.accessToken,
			expiresAt: credential.expiresAt,
			now: this.deps.clock.now(),
		});
		const written = tokenDocumentContent(profile, arg, content, credential, undefined, this.deps.onTokenIssued);
		const document = await openTokenDocument(written.content);
		this.deps.logger.info(`Opened a Data Portability request document for profile "${profile.name}" (${scopeId} at ${override !== undefined ? 'the endpoints.dataPortability override' : host.awsRegion}).`);
		// Say so each time the document holds the token itself.
		if (!written.reference) {
			notifier.warn(tokenDocumentWarning(vscode.l10n.t('The document holds a bearer token: other extensions can read open documents and the editor may back it up to disk, so close it without saving when done and never commit it.')));
		}
		return {
			profile: profile.name, uri: document.uri.toString(), languageId: document.languageId, scopeId,
			host: override !== undefined ? new URL(override).host : host.host, baseUrl: override ?? `https://${host.host}`,
		};
	}

	private async chooseHost(profile: Profile, given: unknown): Promise<IntakeHost | undefined> {
		if (given !== undefined) {
			const host = INTAKE_HOSTS.find((entry) => entry.host === given || entry.awsRegion === given);
			if (!host) {
				this.deps.notifier.error(vscode.l10n.t('Unknown Data Portability host "{0}". Use one of: {1}.', String(given), INTAKE_HOSTS.map((entry) => entry.host).join(', ')));
			}
			return host;
		}
		const preferred = defaultIntakeHost(profile.region);
		const ordered = [preferred, ...INTAKE_HOSTS.filter((entry) => entry !== preferred)];
		const picked = await vscode.window.showQuickPick(ordered.map((entry) => ({
			label: entry.host,
			description: entry === preferred ? vscode.l10n.t('{0}, nearest to {1} (default)', entry.location, profile.region) : entry.location,
			host: entry,
		})), {
			title: vscode.l10n.t('LWA: Data Portability intake host'),
			placeHolder: vscode.l10n.t('Responses are synced between the hosts; the nearest one is preselected'),
		});
		return picked?.host;
	}

	private async chooseScopeId(profile: Profile, given: unknown): Promise<string | undefined> {
		if (given !== undefined) {
			if (typeof given !== 'string' || !isValidScopeId(given)) {
				this.deps.notifier.error(vscode.l10n.t('"{0}" is not a Data Portability scope id; one looks like portability-customer-profile.', String(given)));
				return undefined;
			}
			return given;
		}
		const scopes = portabilityScopes(profile.scopes);
		let lwaScope: string | undefined;
		if (scopes.length === 1 && confirmedScopeId(scopes[0]) !== undefined) {
			lwaScope = scopes[0];
		} else {
			const other = `$(edit) ${vscode.l10n.t('Another scope id…')}`;
			const picked = await vscode.window.showQuickPick([
				...scopes.map((scope) => ({
					label: scope,
					description: confirmedScopeId(scope) ?? vscode.l10n.t('scope id not confirmed: you will type it'),
				})),
				{ label: other, description: scopes.length === 0 ? vscode.l10n.t('"{0}" requests no portability:: scopes', profile.name) : '' },
			], { title: vscode.l10n.t('LWA: Data Portability scope'), placeHolder: vscode.l10n.t('Which scope to query') });
			if (!picked) {
				return undefined;
			}
			lwaScope = picked.label === other ? undefined : picked.label;
		}
		const confirmed = lwaScope !== undefined ? confirmedScopeId(lwaScope) : undefined;
		if (confirmed) {
			return confirmed;
		}
		const suggestion = lwaScope !== undefined ? suggestedScopeId(lwaScope) : undefined;
		const typed = await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Data Portability scope id'),
			prompt: lwaScope !== undefined
				? vscode.l10n.t('The API scope id for {0}. Only portability::customer_profile -> portability-customer-profile is confirmed; check the suggestion against Amazon\'s scope list.', lwaScope)
				: vscode.l10n.t('The API scope id, for example portability-customer-profile.'),
			value: suggestion ?? 'portability-',
			validateInput: (value) => scopeIdProblem(value),
			ignoreFocusOut: true,
		});
		return typed === undefined ? undefined : typed.trim();
	}
}
