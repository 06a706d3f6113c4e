// What "LWA: New API Request" and the "SP-API request" copy format write for an SP-API profile: the
// regional (or sandbox, or endpoints.sellingPartnerApi) base, the token in x-amz-access-token (the
// only header SP-API reads it from) and a user-agent (Amazon asks every caller for one, at most 500
// characters), with GET /sellers/v1/marketplaceParticipations as the example call: any selling
// partner token may call it, no role needed. SigV4 is not written: Amazon ignores signatures since
// 2023-10-02. Pure: values are checked here and the words of the document are fixed.
import { MAX_USER_AGENT_LENGTH, restrictedDataTokenUrl } from './restrictedDataToken';
import type { RestrictedMethod } from './restrictedOperations';
import { checkRestrictedPath } from './restrictedOperations';

/** The example resource: the Sellers API's marketplace participations. */
export const MARKETPLACE_PARTICIPATIONS_PATH = '/sellers/v1/marketplaceParticipations';

/** Header-safe text: printable ASCII without spaces. */
const HEADER_VALUE = /^[\x21-\x7e]{1,8192}$/;
const USER_AGENT = /^[\x20-\x7e]+$/;

/** The user-agent Amazon's guide asks for: the app and its version, then the language in parentheses. */
export function sellingPartnerUserAgent(version: string, language: string): string {
	const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40) || '0';
	return `lwa-credentials/${safe(version)} (Language=${safe(language)})`;
}

/** The base URL with no trailing slash, or undefined when it is not an SP-API base a request may go to. */
export function checkedApiBase(apiBase: string): string | undefined {
	return typeof apiBase === 'string' && restrictedDataTokenUrl(apiBase) !== undefined && HEADER_VALUE.test(apiBase) ? apiBase.replace(/\/+$/, '') : undefined;
}

function checkInputs(apiBase: string, token: string, userAgent: string): string {
	const base = checkedApiBase(apiBase);
	if (base === undefined) {
		throw new Error('The SP-API base must be an https: URL (http: only to a loopback host) without user name, query or fragment.');
	}
	if (typeof token !== 'string' || !HEADER_VALUE.test(token)) {
		throw new Error('The token has characters that cannot go into a header.');
	}
	if (typeof userAgent !== 'string' || userAgent.length > MAX_USER_AGENT_LENGTH || !USER_AGENT.test(userAgent)) {
		throw new Error('The user-agent must be printable ASCII of at most 500 characters.');
	}
	return base;
}

/** What the SP-API .http document holds. */
export interface SellingPartnerDocumentInput {
	profileName: string;
	/** The selling partner the token speaks for. */
	partner: string;
	apiBase: string;
	/** 'production', 'sandbox' or 'override' (endpoints.sellingPartnerApi): said in a comment. */
	hostKind: 'production' | 'sandbox' | 'override';
	accessToken: string;
	expiresAt: number;
	now: number;
	userAgent: string;
}

/** The .http document (REST Client and httpyac syntax). Throws when an input would break it. */
export function buildSellingPartnerRequestDocument(input: SellingPartnerDocumentInput): string {
	const base = checkInputs(input.apiBase, input.accessToken, input.userAgent);
	// eslint-disable-next-line no-control-regex -- removing control characters is the point
	const oneLine = (text: string): string => String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
	const minutesLeft = Math.max(0, Math.floor((input.expiresAt - input.now) / 60_000));
	const hostNote = input.hostKind === 'sandbox'
		? '# The sandbox host answers with Amazon\'s static examples, not the selling partner\'s data.'
		: input.hostKind === 'override' ? '# The host is the profile\'s endpoints.sellingPartnerApi override.' : '# The host is the production endpoint of the profile\'s region.';
	return [
		`# Selling Partner API requests for the LWA profile "${oneLine(input.profileName)}", selling partner ${oneLine(input.partner)}.`,
		`# The access token below expires at ${new Date(input.expiresAt).toISOString()} (in about ${minutesLeft} minutes).`,
		'# For a fresh token, run "LWA: New API Request" again, or "LWA: Copy Access Token As…" > SP-API request.',
		'# This document holds an access token: do not save it in a repository or share it. While it is open,',
		'# other extensions can read it and the editor may back it up to disk (hot exit): close it without saving when done.',
		'# Restricted operations (buyer data) need a Restricted Data Token instead: "LWA: Get Restricted Data Token".',
		hostNote,
		'',
		`@host = ${base}`,
		`@userAgent = ${input.userAgent}`,
		`@accessToken = ${input.accessToken}`,
		'',
		'### The marketplaces the selling partner participates in (Sellers API; no role needed)',
		'# @name marketplaceParticipations',
		`GET {{host}}${MARKETPLACE_PARTICIPATIONS_PATH}`,
		'x-amz-access-token: {{accessToken}}',
		'user-agent: {{userAgent}}',
		'accept: application/json',
		'',
	].join('\n');
}

/** What the "SP-API request" copy format needs besides the token. */
export interface SellingPartnerRequestContext {
	apiBase: string;
	userAgent: string;
	/** The call; marketplaceParticipations by default. An RDT's copy names its own method and path. */
	method?: RestrictedMethod;
	path?: string;
}

/** curl with the host and the two headers, quoted for a POSIX shell. Throws when an input would break it. */
export function sellingPartnerCurl(token: string, context: SellingPartnerRequestContext): string {
	const base = checkInputs(context.apiBase, token, context.userAgent);
	const method = context.method ?? 'GET';
	const path = context.path ?? MARKETPLACE_PARTICIPATIONS_PATH;
	if (path !== MARKETPLACE_PARTICIPATIONS_PATH && !checkRestrictedPath(method, path).ok) {
		throw new Error('The path cannot go into the command.');
	}
	const quote = (value: string): string => `'${value.replace(/'/g, '\'\\\'\'')}'`;
	return [
		'curl',
		...(method === 'GET' ? [] : ['-X', method]),
		'-H', quote(`x-amz-access-token: ${token}`),
		'-H', quote(`user-agent: ${context.userAgent}`),
		'-H', quote('accept: application/json'),
		quote(`${base}${path}`),
	].join(' ');
}
