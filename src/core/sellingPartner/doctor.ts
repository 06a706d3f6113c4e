// The SP-API "error doctor", the part that works without Amazon: what can be checked before a consent
// sign-in (an app ID where the client id belongs and the reverse, a draft app without version=beta,
// a redirect URI with a fragment or not on HTTPS), and a lookup of the MD codes Amazon shows on its own
// consent error page. Everything here is data (codes, causes, fixes as keys); the UI words it.
import { isLoopbackHost } from '../lwa/endpoints';
import type { FactSource } from './marketplaces';
import { identifierKind } from './identifiers';
import { CONSENT_PATH } from './consent';

export type PreSignInProblemCode =
	/** applicationId holds an LWA client id (Amazon answers MD1000). */
	| 'client_id_as_application_id'
	/** clientId holds an app ID (the token endpoint answers invalid_client). */
	| 'application_id_as_client_id'
	/** applicationId is neither an app ID nor a client id. */
	| 'application_id_shape'
	/** clientId is neither a client id nor an app ID. */
	| 'client_id_shape'
	/** A draft app whose consent URL has no version=beta (MD1000). */
	| 'draft_without_beta'
	/** The redirect URI has a fragment (MD5110). */
	| 'redirect_uri_fragment'
	/** The redirect URI is not a URL, or has a user name or password. */
	| 'redirect_uri_invalid'
	/** The redirect URI is not https: Amazon is reported to require HTTPS OAuth redirect URIs. */
	| 'redirect_uri_not_https'
	/** Loopback http: allowed because the user insists; Amazon may refuse it (MD5101). A warning. */
	| 'redirect_uri_loopback';

export interface PreSignInProblem {
	code: PreSignInProblemCode;
	/** 'error' stops the sign-in; 'warning' is shown and the sign-in may go on. */
	severity: 'error' | 'warning';
	/** The profile field it is about. */
	field: 'applicationId' | 'clientId' | 'draft' | 'redirectUri';
	/** The MD code Amazon would show for it, when one is known. */
	mdCode?: MdCode;
}

export interface PreSignInInput {
	applicationId: string;
	clientId: string;
	draft: boolean;
	/** Optional: Amazon uses the first registered OAuth redirect URI when none is sent. */
	redirectUri?: string;
	/** The user insists on a loopback http: redirect URI (off by default). */
	allowLoopbackRedirect?: boolean;
	/** A consent URL built elsewhere (pasted by the user), to check for version=beta. */
	consentUrl?: string;
}

/** Every problem found, errors first; an empty list means the sign-in can start. */
export function preSignInProblems(input: PreSignInInput): PreSignInProblem[] {
	const problems: PreSignInProblem[] = [];
	const applicationKind = identifierKind(input.applicationId);
	const clientKind = identifierKind(input.clientId);
	if (applicationKind === 'client_id') {
		problems.push({ code: 'client_id_as_application_id', severity: 'error', field: 'applicationId', mdCode: 'MD1000' });
	} else if (applicationKind === 'unknown') {
		problems.push({ code: 'application_id_shape', severity: 'error', field: 'applicationId' });
	}
	if (clientKind === 'application_id') {
		problems.push({ code: 'application_id_as_client_id', severity: 'error', field: 'clientId' });
	} else if (clientKind === 'unknown') {
		problems.push({ code: 'client_id_shape', severity: 'error', field: 'clientId' });
	}
	if (input.draft && input.consentUrl !== undefined && !hasVersionBeta(input.consentUrl)) {
		problems.push({ code: 'draft_without_beta', severity: 'error', field: 'draft', mdCode: 'MD1000' });
	}
	if (input.redirectUri !== undefined) {
		const redirectProblem = redirectUriProblem(input.redirectUri, input.allowLoopbackRedirect === true);
		if (redirectProblem) {
			problems.push(redirectProblem);
		}
	}
	return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** True when a consent URL (at /apps/authorize/consent) carries exactly one version=beta. */
export function hasVersionBeta(consentUrl: string): boolean {
	try {
		const url = new URL(consentUrl);
		const versions = url.searchParams.getAll('version');
		return url.pathname.endsWith(CONSENT_PATH) && versions.length === 1 && versions[0] === 'beta';
	} catch {
		return false;
	}
}

function redirectUriProblem(redirectUri: string, allowLoopback: boolean): PreSignInProblem | undefined {
	const problem = (code: PreSignInProblemCode, severity: 'error' | 'warning' = 'error', mdCode?: MdCode): PreSignInProblem =>
		mdCode === undefined ? { code, severity, field: 'redirectUri' } : { code, severity, field: 'redirectUri', mdCode };
	if (typeof redirectUri !== 'string' || redirectUri.includes('#')) {
		return typeof redirectUri === 'string' ? problem('redirect_uri_fragment', 'error', 'MD5110') : problem('redirect_uri_invalid');
	}
	let url: URL;
	try {
		url = new URL(redirectUri);
	} catch {
		return problem('redirect_uri_invalid');
	}
	if (url.username !== '' || url.password !== '' || redirectUri.includes('\\')) {
		return problem('redirect_uri_invalid');
	}
	if (url.protocol === 'https:') {
		return undefined;
	}
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
		return allowLoopback ? problem('redirect_uri_loopback', 'warning', 'MD5101') : problem('redirect_uri_not_https');
	}
	return url.protocol === 'http:' ? problem('redirect_uri_not_https') : problem('redirect_uri_invalid');
}

// ---- MD codes -------------------------------------------------------------------------------------

export type MdCode = 'MD1000' | 'MD5101' | 'MD5110' | 'MD9000' | 'MD9010' | 'MD9100';

export type MdCause =
	| 'draft_app_in_production_flow'
	| 'redirect_uri_not_registered'
	| 'redirect_uri_has_fragment'
	| 'developer_not_eligible'
	| 'no_mws_developer_id_for_region'
	| 'no_login_or_redirect_uri';

export type MdFix =
	| 'add_version_beta'
	| 'use_application_id_not_client_id'
	| 'register_redirect_uri_exactly'
	| 'remove_fragment_from_redirect_uri'
	| 'contact_developer_support'
	| 'register_mws_developer_id'
	| 'set_login_and_redirect_uri';

export interface MdCodeEntry {
	code: MdCode;
	cause: MdCause;
	/** In the order to try them. */
	fixes: readonly MdFix[];
	/** 'confirmed': Amazon's authorization-errors page; 'third-party': only others report it. */
	source: FactSource;
}

const MD_CODES: Readonly<Record<MdCode, MdCodeEntry>> = Object.freeze({
	// The client-id fix is reported by third parties (an LWA client id in application_id also gives MD1000).
	MD1000: { code: 'MD1000', cause: 'draft_app_in_production_flow', fixes: ['add_version_beta', 'use_application_id_not_client_id'], source: 'confirmed' },
	MD5101: { code: 'MD5101', cause: 'redirect_uri_not_registered', fixes: ['register_redirect_uri_exactly'], source: 'confirmed' },
	MD5110: { code: 'MD5110', cause: 'redirect_uri_has_fragment', fixes: ['remove_fragment_from_redirect_uri'], source: 'confirmed' },
	MD9000: { code: 'MD9000', cause: 'developer_not_eligible', fixes: ['contact_developer_support'], source: 'third-party' },
	MD9010: { code: 'MD9010', cause: 'no_mws_developer_id_for_region', fixes: ['register_mws_developer_id'], source: 'confirmed' },
	// Not on Amazon's own page as far as anyone could retrieve it: UNCONFIRMED.
	MD9100: { code: 'MD9100', cause: 'no_login_or_redirect_uri', fixes: ['set_login_and_redirect_uri'], source: 'third-party' },
} satisfies Record<MdCode, MdCodeEntry>);

export const MD_CODE_IDS: readonly MdCode[] = Object.freeze(Object.keys(MD_CODES) as MdCode[]);

/**
 * The entry for a code the user read on Amazon's page: "MD1000", "md 1000", "Error MD-1000" all find
 * MD1000. Undefined for anything else (input over 64 characters included).
 */
export function lookupMdCode(text: unknown): MdCodeEntry | undefined {
	if (typeof text !== 'string' || text.length > 64) {
		return undefined;
	}
	const match = /(?:^|[^A-Za-z0-9])MD[\s-]?(\d{4})(?![0-9])/i.exec(` ${text}`);
	if (match === null) {
		return undefined;
	}
	const code = `MD${match[1]}`;
	return Object.prototype.hasOwnProperty.call(MD_CODES, code) ? MD_CODES[code as MdCode] : undefined;
}

// ---- Token errors an SP-API developer reads (in a REST client, a log, an SDK's exception) ----------

/** The LWA token endpoint's errors with an SP-API-specific cause. */
export type SellingPartnerTokenErrorCode = 'invalid_grant' | 'invalid_client' | 'unauthorized_client';

export const SELLING_PARTNER_TOKEN_ERROR_CODES: readonly SellingPartnerTokenErrorCode[] = Object.freeze(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/** A code the doctor knows: an MD code of Amazon's consent page, or a token endpoint error. */
export type ExplainedCode = { kind: 'md'; entry: MdCodeEntry } | { kind: 'token'; code: SellingPartnerTokenErrorCode };

/** The MD code or token error named in `text` ("MD5101", "error: invalid_client"); undefined for anything else. */
export function lookupErrorCode(text: unknown): ExplainedCode | undefined {
	const md = lookupMdCode(text);
	if (md !== undefined) {
		return { kind: 'md', entry: md };
	}
	if (typeof text !== 'string' || text.length > 64) {
		return undefined;
	}
	const token = /(?:^|[^a-z_])(invalid_grant|invalid_client|unauthorized_client)(?![a-z_])/i.exec(text);
	return token === null ? undefined : { kind: 'token', code: token[1].toLowerCase() as SellingPartnerTokenErrorCode };
}
