// Amazon Data Portability (ADP) request documents: the intake hosts, the LWA scope -> API scopeId
// mapping, and the .http document (REST Client and httpyac syntax) with createDataQuery and
// listDataQueryRecords. Pure: the VS Code layer asks the questions and opens the document.
import type { Region } from './lwa/endpoints';

/** An ADP intake host. Responses are synced between them, so any one can be used. */
export interface IntakeHost {
	awsRegion: 'eu-west-1' | 'us-east-1' | 'us-west-2';
	host: string;
	/** Where it is, in plain words. */
	location: string;
}

/** The three documented intake hosts. */
export const INTAKE_HOSTS: readonly IntakeHost[] = [
	{ awsRegion: 'eu-west-1', host: 'intake.eu-west-1.portability.data.amazon', location: 'Europe (Dublin)' },
	{ awsRegion: 'us-east-1', host: 'intake.us-east-1.portability.data.amazon', location: 'North America (N. Virginia)' },
	{ awsRegion: 'us-west-2', host: 'intake.us-west-2.portability.data.amazon', location: 'US West (Oregon)' },
];

const NEAREST_INTAKE: Readonly<Record<Region, IntakeHost['awsRegion']>> = {
	EU: 'eu-west-1',
	NA: 'us-east-1',
	// The Far East has no intake host of its own; Oregon is the nearest of the three.
	FE: 'us-west-2',
};

/** The intake host nearest to the profile's LWA region (the default the user may change). */
export function defaultIntakeHost(region: Region): IntakeHost {
	const awsRegion = NEAREST_INTAKE[region];
	return INTAKE_HOSTS.find((entry) => entry.awsRegion === awsRegion) ?? INTAKE_HOSTS[0];
}

/** The LWA scope prefix of Data Portability scopes. */
export const PORTABILITY_SCOPE_PREFIX = 'portability::';

/** The only LWA scope -> scopeId mappings confirmed by Amazon's documentation. */
const CONFIRMED_SCOPE_IDS: Readonly<Record<string, string>> = {
	'portability::customer_profile': 'portability-customer-profile',
};

/** The profile's Data Portability scopes (portability::…), in order, without repeats. */
export function portabilityScopes(scopes: readonly string[]): string[] {
	return [...new Set(scopes.filter((scope) => scope.startsWith(PORTABILITY_SCOPE_PREFIX) && scope.length > PORTABILITY_SCOPE_PREFIX.length))];
}

/** The confirmed API scopeId of an LWA scope, or undefined when the mapping is not confirmed. */
export function confirmedScopeId(lwaScope: string): string | undefined {
	return Object.prototype.hasOwnProperty.call(CONFIRMED_SCOPE_IDS, lwaScope) ? CONFIRMED_SCOPE_IDS[lwaScope] : undefined;
}

/**
 * A likely scopeId for an LWA scope by the documented pattern (portability::physical_orders ->
 * portability-physical-orders). Only a suggestion for the user to confirm: the pattern is confirmed
 * for customer_profile only.
 */
export function suggestedScopeId(lwaScope: string): string | undefined {
	if (!lwaScope.startsWith(PORTABILITY_SCOPE_PREFIX)) {
		return undefined;
	}
	const suggestion = `portability-${lwaScope.slice(PORTABILITY_SCOPE_PREFIX.length).toLowerCase().replace(/_/g, '-')}`;
	return isValidScopeId(suggestion) ? suggestion : undefined;
}

/** A scopeId as the ADP API names them: portability-<lower-case words joined by dashes>. */
export function isValidScopeId(scopeId: string): boolean {
	return /^portability-[a-z]+(?:-[a-z]+)*$/.test(scopeId);
}

/** The problem with a typed scopeId, or undefined when it is acceptable (for an input box). */
export function scopeIdProblem(scopeId: string): string | undefined {
	if (scopeId.trim() === '') {
		return 'Enter the API scope id, for example portability-customer-profile.';
	}
	return isValidScopeId(scopeId.trim()) ? undefined : 'A scope id looks like portability-customer-profile: "portability-" and then lower-case words joined by dashes.';
}

/** Everything the document holds. */
export interface DataPortabilityDocumentInput {
	profileName: string;
	/** The intake host, for example intake.eu-west-1.portability.data.amazon. */
	host: string;
	/**
	 * The profile's endpoints.dataPortability (a base URL, checked by src/core/profiles.ts): when given,
	 * it replaces `https://<host>` in both requests, as it does for Fetch Data Portability Records.
	 */
	baseUrl?: string;
	scopeId: string;
	accessToken: string;
	/** When the access token expires (epoch ms) and when the document is made, for the comment. */
	expiresAt: number;
	now: number;
}

/** The placeholder for the query id until the user pastes the one createDataQuery returned. */
export const QUERY_ID_PLACEHOLDER = 'paste-the-id-from-createDataQuery';

/** Why a base URL cannot go into the document, or undefined when it can. */
export function documentBaseUrlProblem(baseUrl: string): string | undefined {
	if (!/^[\x21-\x7e]+$/.test(baseUrl) || /[{}]/.test(baseUrl)) {
		return 'The Data Portability base URL has characters that cannot go into the document.';
	}
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return 'The Data Portability base URL is not a URL.';
	}
	if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
		return 'The Data Portability base URL must be an http(s) URL without a query, fragment or credentials.';
	}
	return undefined;
}

/**
 * The .http document. Variables at the top (@host, @scopeId, @queryId; @baseUrl instead of @host
 * when the profile overrides the intake with endpoints.dataPortability), then createDataQuery and
 * listDataQueryRecords separated by ### and named with `# @name` (REST Client and httpyac both read
 * that). The bearer token is written into each Authorization line. Throws when an input would break
 * the document (a line break, or a scopeId or host that is not what ADP uses).
 */
export function buildDataPortabilityDocument(input: DataPortabilityDocumentInput): string {
	if (!isValidScopeId(input.scopeId)) {
		throw new Error('The scope id must look like portability-customer-profile.');
	}
	const baseUrl = input.baseUrl?.replace(/\/+$/, '');
	if (baseUrl !== undefined) {
		const problem = documentBaseUrlProblem(baseUrl);
		if (problem !== undefined) {
			throw new Error(problem);
		}
	} else if (!INTAKE_HOSTS.some((entry) => entry.host === input.host)) {
		throw new Error('The host must be one of the Data Portability intake hosts.');
	}
	if (!/^[\x21-\x7e]+$/.test(input.accessToken)) {
		throw new Error('The access token has characters that cannot go into a header.');
	}
	const profileName = input.profileName.replace(/[\r\n]+/g, ' ');
	const minutesLeft = Math.max(0, Math.floor((input.expiresAt - input.now) / 60_000));
	const authorization = `Authorization: Bearer ${input.accessToken}`;
	const base = baseUrl !== undefined ? '{{baseUrl}}' : 'https://{{host}}';
	const lines = [
		`# Amazon Data Portability requests for the LWA profile "${profileName}".`,
		`# The access token below expires at ${new Date(input.expiresAt).toISOString()} (in about ${minutesLeft} minutes).`,
		'# For a fresh token, run "LWA: New Data Portability Request" again.',
		'# This document holds a bearer token: do not save it in a repository or share it. While it is open,',
		'# other extensions can read it and the editor may back it up to disk (hot exit): close it without saving when done.',
		...(baseUrl !== undefined
			? [`# The profile's endpoints.dataPortability replaces Amazon's intake host (${INTAKE_HOSTS.map((entry) => entry.host).join(', ')}).`, '', `@baseUrl = ${baseUrl}`]
			: [`# Intake hosts (responses are synced, any can be used): ${INTAKE_HOSTS.map((entry) => entry.host).join(', ')}.`, '', `@host = ${input.host}`]),
		`@scopeId = ${input.scopeId}`,
		'# After createDataQuery, paste the "id" it returned here.',
		`@queryId = ${QUERY_ID_PLACEHOLDER}`,
		'',
		'### createDataQuery: start a query for the scope (do not repeat it while one is running: 409 Conflict)',
		'# @name createDataQuery',
		`POST ${base}/{{scopeId}}/data-queries`,
		authorization,
		'Accept: application/json',
		'',
		'### listDataQueryRecords: once the notification says COMPLETED, list the records (links to the schema and data files)',
		'# @name listDataQueryRecords',
		`GET ${base}/{{scopeId}}/data-queries/{{queryId}}/records?maxResults=10`,
		authorization,
		'Accept: application/json',
		'',
	];
	return lines.join('\n');
}
