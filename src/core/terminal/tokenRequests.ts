// What the extension host does with a keyed `lwa-token` request: the gates (trusted workspace, the
// profile exists and opted in with "terminal": true, one account chosen), then a valid token (refreshed
// first when stale) shaped as asked. Pure of 'vscode': the VS Code layer passes in the trust, the
// profiles and the credential service, and words the outcome (src/vscode/terminal/terminalTexts.ts).
import type { Account } from '../credentials/accounts';
import { accountModeOf, partnerAccount, scopeAccount } from '../credentials/accounts';
import type { StoredCredential } from '../credentials/model';
import { isKeyableScope } from '../credentials/accounts';
import { formatToken } from '../copyFormats';
import { advertisingApiBase } from '../ads/hosts';
import { isLwaError } from '../lwa/errors';
import type { LwaErrorCode } from '../lwa/errors';
import type { Profile } from '../profiles';
import type { ExitCode, TokenFormat, TokenRequest } from './protocol';
import { EXIT } from './protocol';

/** Why a request was refused before any token was read. */
export type Refusal =
	| 'untrusted_workspace'
	| 'no_active_profile'
	| 'no_such_profile'
	| 'not_opted_in'
	| 'ambiguous_partner'
	| 'ambiguous_scope'
	| 'not_an_account_of_profile'
	| 'ads_format_not_for_profile'
	| 'no_advertising_profile';

/** The exit code of each refusal. */
export const REFUSAL_EXIT: Readonly<Record<Refusal, Exclude<ExitCode, 0>>> = {
	untrusted_workspace: EXIT.notAllowed,
	no_active_profile: EXIT.noSuchProfile,
	no_such_profile: EXIT.noSuchProfile,
	not_opted_in: EXIT.notAllowed,
	ambiguous_partner: EXIT.ambiguous,
	ambiguous_scope: EXIT.ambiguous,
	not_an_account_of_profile: EXIT.usage,
	ads_format_not_for_profile: EXIT.usage,
	no_advertising_profile: EXIT.usage,
};

/** The token endpoint's refusals, and the states in which no refresh can be tried: exit 4. */
const REFRESH_REFUSED: ReadonlySet<LwaErrorCode> = new Set<LwaErrorCode>([
	'invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_scope',
	'unsupported_grant_type', 'no_refresh_token', 'missing_client_secret',
]);

/** The exit code of an error thrown while getting the token. */
export function exitCodeOfFailure(error: unknown): Exclude<ExitCode, 0> {
	if (isLwaError(error, 'not_signed_in')) {
		return EXIT.notSignedIn;
	}
	return isLwaError(error) && REFRESH_REFUSED.has(error.code) ? EXIT.refreshRefused : EXIT.failed;
}

/** What came of a request. */
export type TokenOutcome =
	| { kind: 'token'; profile: Profile; account?: Account; output: string }
	| { kind: 'refused'; refusal: Refusal; exit: Exclude<ExitCode, 0>; profile?: Profile; named?: string }
	| { kind: 'failed'; error: unknown; exit: Exclude<ExitCode, 0>; profile: Profile; account?: Account };

export interface TokenRequestContext {
	/** vscode.workspace.isTrusted, read per request (trust can be granted while the window is open). */
	isTrusted: () => boolean;
	profiles: () => readonly Profile[];
	/** The name in lwa.activeProfile, if any. */
	activeProfile: () => string | undefined;
	/** The selling partners the profile holds tokens for (an SP-API profile with partners). */
	partnersOf: (profile: Profile) => Promise<readonly Account[]>;
	/** A valid credential of the slot, refreshed first when stale (CredentialService.getValidCredential). */
	validCredential: (profile: Profile, account: Account | undefined) => Promise<StoredCredential>;
	now: () => number;
}

/** Decides a request and, when every gate passes, gets the token and shapes it. */
export async function answerTokenRequest(request: TokenRequest, context: TokenRequestContext): Promise<TokenOutcome> {
	const refuse = (refusal: Refusal, profile?: Profile, named?: string): TokenOutcome => ({ kind: 'refused', refusal, exit: REFUSAL_EXIT[refusal], ...(profile ? { profile } : {}), ...(named !== undefined ? { named } : {}) });
	if (!context.isTrusted()) {
		return refuse('untrusted_workspace');
	}
	const name = request.profile ?? context.activeProfile();
	if (name === undefined) {
		return refuse('no_active_profile');
	}
	const profile = context.profiles().find((candidate) => candidate.name === name);
	if (!profile) {
		return refuse('no_such_profile', undefined, name);
	}
	if (profile.terminal !== true) {
		return refuse('not_opted_in', profile);
	}
	if (request.format === 'ads' && profile.api !== 'ads') {
		return refuse('ads_format_not_for_profile', profile);
	}
	if (request.format === 'ads' && profile.advertisingProfileId === undefined) {
		return refuse('no_advertising_profile', profile);
	}
	const chosen = await chooseAccount(request, profile, context);
	if (typeof chosen === 'string') {
		return refuse(chosen, profile);
	}
	const account = chosen.account;
	let credential: StoredCredential;
	try {
		credential = await context.validCredential(profile, account);
	} catch (error) {
		return { kind: 'failed', error, exit: exitCodeOfFailure(error), profile, ...(account ? { account } : {}) };
	}
	return { kind: 'token', profile, ...(account ? { account } : {}), output: renderToken(request.format, profile, account, credential, context.now()) };
}

/** The account the request names, else the only one; a refusal when it names a wrong one or there are several. */
async function chooseAccount(request: TokenRequest, profile: Profile, context: TokenRequestContext): Promise<{ account?: Account } | Refusal> {
	const mode = accountModeOf(profile);
	if (mode === 'single') {
		return request.partner !== undefined || request.scope !== undefined ? 'not_an_account_of_profile' : {};
	}
	if (mode === 'partner') {
		if (request.scope !== undefined) {
			return 'not_an_account_of_profile';
		}
		if (request.partner !== undefined) {
			const account = partnerAccount(request.partner);
			return account ? { account } : 'not_an_account_of_profile';
		}
		const partners = await context.partnersOf(profile);
		if (partners.length > 1) {
			return 'ambiguous_partner';
		}
		// None: getValidCredential says not_signed_in.
		return partners.length === 1 ? { account: partners[0] } : {};
	}
	if (request.partner !== undefined) {
		return 'not_an_account_of_profile';
	}
	if (request.scope !== undefined) {
		const account = scopeAccount(request.scope);
		return account && profile.scopes.includes(request.scope) ? { account } : 'not_an_account_of_profile';
	}
	const scopes = profile.scopes.filter(isKeyableScope);
	if (scopes.length > 1) {
		return 'ambiguous_scope';
	}
	return scopes.length === 1 ? { account: { kind: 'scope', scope: scopes[0] } } : {};
}

/**
 * The token as the format asks: raw, bearer, header and amz are the copy formats of the same names
 * (copyFormats.ts); ads the three Amazon Ads headers on three lines; json one object on one line.
 */
export function renderToken(format: TokenFormat, profile: Profile, account: Account | undefined, credential: StoredCredential, now: number): string {
	switch (format) {
		case 'raw':
			return formatToken('raw', credential.accessToken);
		case 'bearer':
			return formatToken('bearer', credential.accessToken);
		case 'header':
			return formatToken('authorizationHeader', credential.accessToken);
		case 'amz':
			return formatToken('amzAccessTokenHeader', credential.accessToken);
		case 'ads':
			return formatToken('adsHeaders', credential.accessToken, {
				clientId: profile.clientId,
				advertisingProfileId: profile.advertisingProfileId ?? '',
				host: advertisingApiBase(profile),
			});
		case 'json':
			return JSON.stringify({
				access_token: credential.accessToken,
				token_type: 'bearer',
				expires_at: new Date(credential.expiresAt).toISOString(),
				expires_in: Math.max(0, Math.floor((credential.expiresAt - now) / 1000)),
				profile: profile.name,
				...(account?.kind === 'partner' ? { partner: account.id } : {}),
				...(account?.kind === 'scope' ? { scope: account.scope } : {}),
			});
	}
}
