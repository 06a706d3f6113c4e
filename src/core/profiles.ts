// The `lwa.profiles` setting: parsing and validation. Problems are reported per field, never thrown,
// so one bad profile does not hide the good ones.
import type { EndpointProblem, Endpoints, Region } from './lwa/endpoints';
import { ENDPOINT_NAMES, endpointOverrideProblem, isLoopbackHost, REGIONS, regionalEndpoints } from './lwa/endpoints';
import { forLog } from './logText';
import { SELLING_PARTNER_TOKEN_ENDPOINT } from './sellingPartner/tokenEndpoint';

export type Grant = 'authorization_code' | 'client_credentials';

/** Which Amazon API a profile's tokens are for: plain LWA (Alexa, Data Portability), SP-API or Ads. */
export type ApiKind = 'lwa' | 'sp-api' | 'ads';

export const API_KINDS: readonly ApiKind[] = ['lwa', 'sp-api', 'ads'];

/** Base URLs that replace Amazon's consent and API hosts for a profile (a local emulator, a gateway). */
export interface ApiEndpointOverrides {
	/** Seller Central consent host; `/apps/authorize/consent` is appended. */
	sellerCentral?: string;
	/** Vendor Central consent host; `/apps/authorize/consent` is appended. */
	vendorCentral?: string;
	sellingPartnerApi?: string;
	advertisingApi?: string;
	dataPortability?: string;
}

export const API_ENDPOINT_NAMES: readonly (keyof ApiEndpointOverrides)[] = ['sellerCentral', 'vendorCentral', 'sellingPartnerApi', 'advertisingApi', 'dataPortability'];

/** What an SP-API profile adds: the app (not the LWA client) and whose consent it asks for. */
export interface SellingPartnerApp {
	/** amzn1.sp.solution.… or amzn1.sellerapps.app.… (the consent URI's application_id). */
	applicationId: string;
	partnerType: 'seller' | 'vendor';
	/** A draft app needs version=beta on the consent URI. */
	draft: boolean;
}

/** The formats a team's secret can be in (src/core/teams/teamSecret.ts documents their keys). */
export type TeamSecretFormat = 'sp-api-samples' | 'python-amazon-sp-api';

export const TEAM_SECRET_FORMATS: readonly TeamSecretFormat[] = ['sp-api-samples', 'python-amazon-sp-api'];

/**
 * A team profile's AWS Secrets Manager secret: the source of its client secret and refresh token (and
 * the check of its client id). Read with the AWS SDK's standard credential chain; `awsProfile` picks a
 * profile of the shared AWS config files. `format` absent: detected from the secret's keys.
 */
export interface SecretsManagerSetting {
	/** The secret's name, or its ARN (whose region is `region`). */
	secretId: string;
	region: string;
	awsProfile?: string;
	format?: TeamSecretFormat;
}

/** A validated profile. */
export interface Profile {
	name: string;
	region: Region;
	clientId: string;
	scopes: string[];
	/** '' for client_credentials. */
	redirectUri: string;
	grant: Grant;
	/** Defaults to true. */
	pkce: boolean;
	scopeData?: Record<string, { essential: boolean }>;
	/** Defaults to 'lwa'. */
	api: ApiKind;
	/** Overrides of the consent and API hosts (only those given). */
	apiEndpoints: ApiEndpointOverrides;
	/** Present exactly when api is 'sp-api'. */
	sellingPartner?: SellingPartnerApp;
	/** Ads: the advertiser profile id for Amazon-Advertising-API-Scope (a string: ids pass 2^53). */
	advertisingProfileId?: string;
	/** Resolved: regional defaults plus overrides. */
	endpoints: Endpoints;
	/**
	 * `lwa-token` may hand this profile's access tokens to this window's terminals. Off unless the
	 * profile says `"terminal": true`: a token leaves the extension without VS Code's consent dialog.
	 * Absent: off.
	 */
	terminal?: true;
	/** Keep the access token (never a refresh token or secret) in a git-ignored variable file; absent: off. */
	variableFile?: VariableFile;
	/** A team profile: its client secret and refresh token come from this AWS Secrets Manager secret. */
	secretsManager?: SecretsManagerSetting;
}

/** Where `"variableFile"` keeps a profile's access token: a file in the workspace folder and a variable name. */
export interface VariableFile {
	/** Relative to the workspace folder, `/`-separated, never leaving it (default `.env`). */
	file: string;
	/** The variable (default `LWA_ACCESS_TOKEN`). */
	name: string;
}

export const DEFAULT_VARIABLE_FILE: VariableFile = { file: '.env', name: 'LWA_ACCESS_TOKEN' };

/**
 * What is wrong with a field (the VS Code layer words it, in src/vscode/ui/errorTexts.ts):
 * - the setting or entry: `not_an_array`, `not_an_object`, `unknown_field`;
 * - name: `name_empty`, `name_too_long` (limit), `name_unsafe_characters`, `name_taken`;
 * - `region_invalid`, `grant_invalid`, `pkce_not_boolean`, `scope_data_invalid`;
 * - clientId: `client_id_empty`, `client_id_too_long` (limit), `client_id_not_printable_ascii`;
 * - scopes: `scopes_not_an_array`, `scopes_bad_entry`, `scopes_empty`, `scopes_required_for_client_credentials`;
 * - redirectUri: `redirect_uri_missing`, `redirect_uri_invalid`, `redirect_uri_fragment`,
 *   `redirect_uri_userinfo`, `redirect_uri_loopback_without_port`, `redirect_uri_not_https`;
 * - endpoints: `endpoints_not_an_object`, `endpoint_unknown`, and the EndpointProblem kinds;
 * - API: `api_invalid`, `field_needs_api` (a field of another API kind), `application_id_missing`,
 *   `application_id_is_client_id`, `application_id_invalid`, `partner_type_invalid`,
 *   `draft_not_boolean`, `advertising_profile_id_invalid`;
 * - token outlets: `terminal_not_boolean`, `variable_file_invalid` (not true/false or an object),
 *   `variable_file_path_invalid` (absolute, `..`, backslash, control characters), `variable_name_invalid`;
 * - team profiles: `secrets_manager_invalid` (not an object, or unknown keys), `secrets_manager_secret_id_invalid`
 *   (neither a secret name nor a Secrets Manager ARN), `secrets_manager_region_invalid`,
 *   `secrets_manager_region_mismatch` (an ARN of another region), `secrets_manager_aws_profile_invalid`,
 *   `secrets_manager_format_invalid`.
 */
export type ProfileProblemKind =
	| 'not_an_array' | 'not_an_object' | 'unknown_field'
	| 'name_empty' | 'name_too_long' | 'name_unsafe_characters' | 'name_taken'
	| 'region_invalid' | 'grant_invalid' | 'pkce_not_boolean' | 'scope_data_invalid'
	| 'client_id_empty' | 'client_id_too_long' | 'client_id_not_printable_ascii'
	| 'scopes_not_an_array' | 'scopes_bad_entry' | 'scopes_empty' | 'scopes_required_for_client_credentials'
	| RedirectUriProblem
	| 'endpoints_not_an_object' | 'endpoint_unknown' | EndpointProblem
	| 'api_invalid' | 'field_needs_api' | 'application_id_missing' | 'application_id_is_client_id'
	| 'application_id_invalid' | 'partner_type_invalid' | 'draft_not_boolean' | 'advertising_profile_id_invalid'
	| 'terminal_not_boolean' | 'variable_file_invalid' | 'variable_file_path_invalid' | 'variable_name_invalid'
	| 'secrets_manager_invalid' | 'secrets_manager_secret_id_invalid' | 'secrets_manager_region_invalid'
	| 'secrets_manager_region_mismatch' | 'secrets_manager_aws_profile_invalid' | 'secrets_manager_format_invalid';

/** What is wrong with a redirect URI. */
export type RedirectUriProblem =
	| 'redirect_uri_missing' | 'redirect_uri_invalid' | 'redirect_uri_fragment' | 'redirect_uri_userinfo'
	| 'redirect_uri_loopback_without_port' | 'redirect_uri_not_https';

/**
 * One problem with one field of one profile: the field, the kind, and a limit where one applies. The
 * value typed is never kept (a secret may have been pasted into the wrong field); `message` is English,
 * for the log.
 */
export interface ProfileProblem {
	index: number;
	name?: string;
	field: string;
	kind: ProfileProblemKind;
	/** The limit a `*_too_long` problem exceeded (characters for names, bytes for client ids). */
	limit?: number;
	message: string;
}

const MAX_CLIENT_ID_BYTES = 100;
const KNOWN_FIELDS = new Set([
	'name', 'region', 'clientId', 'scopes', 'redirectUri', 'grant', 'pkce', 'scopeData', 'endpoints',
	'api', 'applicationId', 'partnerType', 'draft', 'advertisingProfileId', 'terminal', 'variableFile',
	'secretsManager',
]);

/** The fields that belong to one API kind only. */
const API_FIELDS: Readonly<Record<string, ApiKind>> = { applicationId: 'sp-api', partnerType: 'sp-api', draft: 'sp-api', advertisingProfileId: 'ads' };

/** An SP-API app ID (the same shape src/core/sellingPartner/identifiers.ts checks). */
const APPLICATION_ID_PATTERN = /^amzn1\.(?:sp\.solution|sellerapps\.app)\.[A-Za-z0-9-]{1,64}$/;

/** An Ads profile id: a positive 64-bit integer, kept as its decimal text. */
const ADVERTISING_PROFILE_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the raw `lwa.profiles` setting. Bad entries are skipped and reported, never thrown. Duplicate names: the later one is a problem. */
export function parseProfiles(raw: unknown): { profiles: Profile[]; problems: ProfileProblem[] } {
	const profiles: Profile[] = [];
	const problems: ProfileProblem[] = [];
	if (raw === undefined || raw === null) {
		return { profiles, problems };
	}
	if (!Array.isArray(raw)) {
		problems.push({ index: -1, field: 'lwa.profiles', kind: 'not_an_array', message: '"lwa.profiles" must be an array of profiles.' });
		return { profiles, problems };
	}
	const names: string[] = [];
	raw.forEach((entry, index) => {
		const result = checkProfile(entry, index, names);
		problems.push(...result.problems);
		if (result.profile) {
			profiles.push(result.profile);
			names.push(result.profile.name);
		}
	});
	return { profiles, problems };
}

/** One raw profile (as typed by the user in the add-profile wizard); returns problems instead of throwing. */
export function validateProfile(raw: unknown, existingNames: readonly string[] = []): { profile?: Profile; problems: ProfileProblem[] } {
	return checkProfile(raw, 0, existingNames);
}

/** A profile name shows in the status bar, log lines and secret keys: short, and no control or direction characters. */
const MAX_PROFILE_NAME_LENGTH = 64;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** A client id is printable ASCII without spaces (LWA's look like amzn1.application-oa2-client.<hex>). */
const CLIENT_ID_CHARACTERS = /^[\x21-\x7e]+$/;

function profileNameProblem(name: string | undefined): ProfileProblemKind | undefined {
	if (!name) {
		return 'name_empty';
	}
	if (name.length > MAX_PROFILE_NAME_LENGTH) {
		return 'name_too_long';
	}
	if (UNSAFE_NAME_CHARACTERS.test(name)) {
		return 'name_unsafe_characters';
	}
	return undefined;
}

/** The English log text of a problem (the user's words come from the VS Code layer). */
function logText(field: string, kind: ProfileProblemKind, limit?: number): string {
	// An unknown field's name is the user's text: escaped and bounded like any outside value in the log.
	return `"${forLog(field, 80)}": ${kind.replace(/_/g, ' ')}${limit !== undefined ? ` (limit ${limit})` : ''}.`;
}

function checkProfile(raw: unknown, index: number, existingNames: readonly string[]): { profile?: Profile; problems: ProfileProblem[] } {
	const problems: ProfileProblem[] = [];
	if (!isRecord(raw)) {
		return { problems: [{ index, field: 'profile', kind: 'not_an_object', message: logText('profile', 'not_an_object') }] };
	}
	const givenName = typeof raw.name === 'string' ? raw.name.trim() : undefined;
	const nameProblem = profileNameProblem(givenName);
	// A name with a problem is never repeated: it may hold a line break that would forge a log line.
	const name = nameProblem === undefined ? givenName : undefined;
	const problem = (field: string, kind: ProfileProblemKind, limit?: number): void => {
		problems.push({
			index,
			...(name ? { name } : {}),
			field,
			kind,
			...(limit !== undefined ? { limit } : {}),
			message: logText(field, kind, limit),
		});
	};

	if (nameProblem !== undefined) {
		problem('name', nameProblem, nameProblem === 'name_too_long' ? MAX_PROFILE_NAME_LENGTH : undefined);
	} else if (name !== undefined && existingNames.includes(name)) {
		problem('name', 'name_taken');
	}

	for (const key of Object.keys(raw)) {
		if (!KNOWN_FIELDS.has(key)) {
			// The key is the user's text: the VS Code layer shows it through forLog (escaped, bounded).
			problem(key, 'unknown_field');
		}
	}

	let api: ApiKind = 'lwa';
	if (raw.api !== undefined) {
		if (typeof raw.api === 'string' && (API_KINDS as readonly string[]).includes(raw.api)) {
			api = raw.api as ApiKind;
		} else {
			problem('api', 'api_invalid');
		}
	}
	for (const [field, owner] of Object.entries(API_FIELDS)) {
		if (raw[field] !== undefined && owner !== api) {
			problem(field, 'field_needs_api');
		}
	}

	let region: Region | undefined;
	if (typeof raw.region === 'string' && (REGIONS as readonly string[]).includes(raw.region)) {
		region = raw.region as Region;
	} else {
		problem('region', 'region_invalid');
	}

	let clientId: string | undefined;
	if (typeof raw.clientId !== 'string' || raw.clientId.trim() === '') {
		problem('clientId', 'client_id_empty');
	} else if (Buffer.byteLength(raw.clientId.trim(), 'utf8') > MAX_CLIENT_ID_BYTES) {
		problem('clientId', 'client_id_too_long', MAX_CLIENT_ID_BYTES);
	} else if (!CLIENT_ID_CHARACTERS.test(raw.clientId.trim())) {
		// Spaces inside are not printable ASCII either.
		problem('clientId', 'client_id_not_printable_ascii');
	} else {
		clientId = raw.clientId.trim();
	}

	let grant: Grant = 'authorization_code';
	if (raw.grant !== undefined) {
		if (raw.grant === 'authorization_code' || raw.grant === 'client_credentials') {
			grant = raw.grant;
		} else {
			problem('grant', 'grant_invalid');
		}
	}

	let scopes: string[] | undefined;
	if (!Array.isArray(raw.scopes)) {
		problem('scopes', grant === 'client_credentials' ? 'scopes_required_for_client_credentials' : 'scopes_not_an_array');
	} else if (raw.scopes.some((scope) => typeof scope !== 'string' || scope.trim() === '' || /\s/.test(scope.trim()) || UNSAFE_NAME_CHARACTERS.test(scope))) {
		// No controls either: an SP-API grantless scope is part of a secret store key and a label.
		problem('scopes', 'scopes_bad_entry');
	} else {
		const cleaned = [...new Set((raw.scopes as string[]).map((scope) => scope.trim()))];
		if (cleaned.length === 0) {
			problem('scopes', grant === 'client_credentials' ? 'scopes_required_for_client_credentials' : 'scopes_empty');
		} else {
			scopes = cleaned;
		}
	}

	let redirectUri = '';
	if (grant === 'authorization_code') {
		const redirectProblem = redirectUriProblem(raw.redirectUri);
		if (redirectProblem) {
			problem('redirectUri', redirectProblem);
		} else {
			redirectUri = raw.redirectUri as string;
		}
	}

	let sellingPartner: SellingPartnerApp | undefined;
	if (api === 'sp-api') {
		sellingPartner = checkSellingPartnerApp(raw, problem);
	}
	let advertisingProfileId: string | undefined;
	if (api === 'ads' && raw.advertisingProfileId !== undefined) {
		// A number in settings.json has already lost digits above 2^53 when JSON.parse read it: only text is kept.
		if (typeof raw.advertisingProfileId === 'string' && ADVERTISING_PROFILE_ID_PATTERN.test(raw.advertisingProfileId) && BigInt(raw.advertisingProfileId) < 2n ** 64n) {
			advertisingProfileId = raw.advertisingProfileId;
		} else {
			problem('advertisingProfileId', 'advertising_profile_id_invalid');
		}
	}

	// PKCE on Seller Central's consent URI is unconfirmed (shared/reference: api-families A), so an
	// SP-API profile sends none unless it asks; everywhere else LWA supports it and it is on.
	let pkce = api !== 'sp-api';
	if (raw.pkce !== undefined) {
		if (typeof raw.pkce === 'boolean') {
			pkce = raw.pkce;
		} else {
			problem('pkce', 'pkce_not_boolean');
		}
	}

	let scopeData: Record<string, { essential: boolean }> | undefined;
	if (raw.scopeData !== undefined) {
		if (!isRecord(raw.scopeData) || Object.values(raw.scopeData).some((value) => !isRecord(value) || typeof value.essential !== 'boolean')) {
			problem('scopeData', 'scope_data_invalid');
		} else {
			scopeData = {};
			for (const [scope, value] of Object.entries(raw.scopeData)) {
				scopeData[scope] = { essential: (value as { essential: boolean }).essential };
			}
		}
	}

	let terminal = false;
	if (raw.terminal !== undefined) {
		if (typeof raw.terminal === 'boolean') {
			terminal = raw.terminal;
		} else {
			problem('terminal', 'terminal_not_boolean');
		}
	}
	const variableFile = checkVariableFile(raw.variableFile, problem);
	const secretsManager = checkSecretsManager(raw.secretsManager, problem);

	const apiEndpoints: ApiEndpointOverrides = {};
	let endpoints: Endpoints | undefined;
	if (region) {
		endpoints = regionalEndpoints(region);
		if (raw.endpoints !== undefined) {
			if (!isRecord(raw.endpoints)) {
				problem('endpoints', 'endpoints_not_an_object');
			} else {
				for (const [key, value] of Object.entries(raw.endpoints)) {
					const field = `endpoints.${key}`;
					const lwaEndpoint = (ENDPOINT_NAMES as readonly string[]).includes(key);
					if (!lwaEndpoint && !(API_ENDPOINT_NAMES as readonly string[]).includes(key)) {
						problem(field, 'endpoint_unknown');
						continue;
					}
					const overrideProblem = endpointOverrideProblem(value);
					if (overrideProblem) {
						problem(field, overrideProblem);
					} else if (lwaEndpoint) {
						endpoints[key as keyof Endpoints] = value as string;
					} else {
						// Base URLs: paths are appended as Amazon documents them, so no trailing slash is kept.
						apiEndpoints[key as keyof ApiEndpointOverrides] = (value as string).replace(/\/+$/, '');
					}
				}
			}
		}
	}

	if (problems.length > 0 || !name || !region || !clientId || !scopes || !endpoints) {
		return { problems };
	}
	if (api === 'sp-api' && !(isRecord(raw.endpoints) && raw.endpoints.token !== undefined)) {
		// SP-API documents one token host for every region (api.amazon.co.uk / .co.jp for SP-API are
		// unconfirmed); an endpoints.token override (an emulator, a gateway) still wins.
		endpoints.token = SELLING_PARTNER_TOKEN_ENDPOINT;
	}
	if (api === 'sp-api' && !sellingPartner) {
		return { problems };
	}
	const profile: Profile = { name, region, clientId, scopes, redirectUri, grant, pkce, endpoints, api, apiEndpoints };
	if (terminal) {
		profile.terminal = true;
	}
	if (variableFile) {
		profile.variableFile = variableFile;
	}
	if (secretsManager) {
		profile.secretsManager = secretsManager;
	}
	if (scopeData) {
		profile.scopeData = scopeData;
	}
	if (sellingPartner) {
		profile.sellingPartner = sellingPartner;
	}
	if (advertisingProfileId !== undefined) {
		profile.advertisingProfileId = advertisingProfileId;
	}
	return { profile, problems };
}

/** The SP-API fields of a raw profile: the app ID (never a client id), the partner type, draft. */
function checkSellingPartnerApp(raw: Record<string, unknown>, problem: (field: string, kind: ProfileProblemKind) => void): SellingPartnerApp | undefined {
	let applicationId: string | undefined;
	const given = typeof raw.applicationId === 'string' ? raw.applicationId.trim() : undefined;
	if (!given) {
		problem('applicationId', 'application_id_missing');
	} else if (/^amzn1\.application-oa2-client\./.test(given)) {
		// The commonest SP-API mix-up (Amazon answers MD1000): say which id goes where.
		problem('applicationId', 'application_id_is_client_id');
	} else if (!APPLICATION_ID_PATTERN.test(given)) {
		problem('applicationId', 'application_id_invalid');
	} else {
		applicationId = given;
	}
	let partnerType: 'seller' | 'vendor' = 'seller';
	if (raw.partnerType !== undefined) {
		if (raw.partnerType === 'seller' || raw.partnerType === 'vendor') {
			partnerType = raw.partnerType;
		} else {
			problem('partnerType', 'partner_type_invalid');
		}
	}
	let draft = false;
	if (raw.draft !== undefined) {
		if (typeof raw.draft === 'boolean') {
			draft = raw.draft;
		} else {
			problem('draft', 'draft_not_boolean');
		}
	}
	return applicationId ? { applicationId, partnerType, draft } : undefined;
}

function redirectUriProblem(value: unknown): RedirectUriProblem | undefined {
	if (typeof value !== 'string' || value.trim() === '') {
		return 'redirect_uri_missing';
	}
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'redirect_uri_invalid';
	}
	if (url.hash || value.includes('#')) {
		return 'redirect_uri_fragment';
	}
	if (url.username || url.password) {
		return 'redirect_uri_userinfo';
	}
	if (url.protocol === 'https:') {
		return undefined;
	}
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
		if (!url.port) {
			return 'redirect_uri_loopback_without_port';
		}
		return undefined;
	}
	return 'redirect_uri_not_https';
}

/** How the browser comes back: to a one-shot loopback server, or through a relay page to the URI handler. */
export type RedirectWay = 'loopback' | 'relay';

/** Where the one-shot loopback server listens. */
export interface LoopbackTarget {
	hostname: string;
	port: number;
	path: string;
}

/** 'loopback' when the redirect URI is http(s)://127.0.0.1|localhost|[::1]:port/path, else 'relay'. */
export function redirectWay(redirectUri: string): RedirectWay {
	return loopbackTarget(redirectUri) ? 'loopback' : 'relay';
}

/**
 * The host, port and path to listen on for a loopback redirect URI; undefined for any other URI.
 * Only http: counts: the listener speaks plain HTTP, so an https: loopback URI (a local TLS server
 * of the user's own) goes the relay or paste way.
 */
export function loopbackTarget(redirectUri: string): LoopbackTarget | undefined {
	let url: URL;
	try {
		url = new URL(redirectUri);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
		return undefined;
	}
	const port = url.port ? Number(url.port) : 80;
	return { hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, path: url.pathname };
}

/** A file name part: no control characters, no backslash (a Windows separator), no reserved `:*?"<>|`. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const VARIABLE_FILE_SEGMENT = /^[^\u0000-\u001f\u007f\\:*?"<>|/]{1,255}$/;
/** A variable name a shell, dotenv and REST Client's `$dotenv` all accept. */
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * `"variableFile"`: `true` for `.env` and `LWA_ACCESS_TOKEN`, or `{ "file"?, "name"? }`. The file stays
 * inside the workspace folder (relative, no `..`, no absolute or drive path), so a profile cannot
 * point the token at a file elsewhere on the machine.
 */
function checkVariableFile(raw: unknown, problem: (field: string, kind: ProfileProblemKind) => void): VariableFile | undefined {
	if (raw === undefined || raw === false) {
		return undefined;
	}
	if (raw === true) {
		return { ...DEFAULT_VARIABLE_FILE };
	}
	if (!isRecord(raw) || Object.keys(raw).some((key) => key !== 'file' && key !== 'name')) {
		problem('variableFile', 'variable_file_invalid');
		return undefined;
	}
	let file = DEFAULT_VARIABLE_FILE.file;
	if (raw.file !== undefined) {
		const segments = typeof raw.file === 'string' ? raw.file.split('/') : [];
		if (typeof raw.file !== 'string' || raw.file.length > 1024 || segments.some((segment) => !VARIABLE_FILE_SEGMENT.test(segment) || segment === '.' || segment === '..')) {
			problem('variableFile.file', 'variable_file_path_invalid');
			return undefined;
		}
		file = raw.file;
	}
	let name = DEFAULT_VARIABLE_FILE.name;
	if (raw.name !== undefined) {
		if (typeof raw.name !== 'string' || !VARIABLE_NAME_PATTERN.test(raw.name)) {
			problem('variableFile.name', 'variable_name_invalid');
			return undefined;
		}
		name = raw.name;
	}
	return { file, name };
}

/** A secret name as AWS allows it (1-512 of letters, digits and /_+=.@-), or an ARN of Secrets Manager whose group 1 is the region. */
const SECRET_ID_PATTERN = /^(?:arn:aws(?:-[a-z]+)*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:secret:)?[\w/+=.@-]{1,512}$/;
/** An AWS region (us-east-1, us-gov-west-1 …); an AWS profile name: no white space, brackets or control characters. */
const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const AWS_PROFILE_PATTERN = /^[\w.+@:/-]{1,128}$/;

/**
 * `"secretsManager"`: `{ secretId, region, awsProfile?, format? }`: a secret name, or an ARN of the
 * same region; a region and an AWS profile name of their shapes. Only the user's settings hold it
 * (scope application), so no workspace can choose which secret a profile reads or writes.
 */
function checkSecretsManager(raw: unknown, problem: (field: string, kind: ProfileProblemKind) => void): SecretsManagerSetting | undefined {
	if (raw === undefined) {
		return undefined;
	}
	if (!isRecord(raw) || Object.keys(raw).some((key) => !['secretId', 'region', 'awsProfile', 'format'].includes(key))) {
		problem('secretsManager', 'secrets_manager_invalid');
		return undefined;
	}
	const { secretId, region, awsProfile, format } = raw;
	const id = typeof secretId === 'string' ? SECRET_ID_PATTERN.exec(secretId) : null;
	const problems: [string, ProfileProblemKind][] = [];
	if (typeof region !== 'string' || !AWS_REGION_PATTERN.test(region)) {
		problems.push(['region', 'secrets_manager_region_invalid']);
	}
	if (!id) {
		problems.push(['secretId', 'secrets_manager_secret_id_invalid']);
	} else if (id[1] !== undefined && id[1] !== region) {
		problems.push(['secretId', 'secrets_manager_region_mismatch']);
	}
	if (awsProfile !== undefined && (typeof awsProfile !== 'string' || !AWS_PROFILE_PATTERN.test(awsProfile))) {
		problems.push(['awsProfile', 'secrets_manager_aws_profile_invalid']);
	}
	if (format !== undefined && !(TEAM_SECRET_FORMATS as readonly unknown[]).includes(format)) {
		problems.push(['format', 'secrets_manager_format_invalid']);
	}
	for (const [field, kind] of problems) {
		problem(`secretsManager.${field}`, kind);
	}
	return problems.length > 0 ? undefined : raw as unknown as SecretsManagerSetting;
}
