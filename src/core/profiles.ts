// The `lwa.profiles` setting: parsing and validation. Problems are reported per field, never thrown,
// so one bad profile does not hide the good ones.
import type { Endpoints, Region } from './lwa/endpoints';
import { ENDPOINT_NAMES, endpointOverrideProblem, isLoopbackHost, REGIONS, regionalEndpoints } from './lwa/endpoints';

export type Grant = 'authorization_code' | 'client_credentials';

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
	/** Resolved: regional defaults plus overrides. */
	endpoints: Endpoints;
}

/** One problem with one field of one profile; `message` names the field. */
export interface ProfileProblem {
	index: number;
	name?: string;
	field: string;
	message: string;
}

const MAX_CLIENT_ID_BYTES = 100;
const KNOWN_FIELDS = new Set(['name', 'region', 'clientId', 'scopes', 'redirectUri', 'grant', 'pkce', 'scopeData', 'endpoints']);

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
		problems.push({ index: -1, field: 'lwa.profiles', message: '"lwa.profiles" must be an array of profiles.' });
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

function profileNameProblem(name: string | undefined): string | undefined {
	if (!name) {
		return '"name" must be a non-empty text.';
	}
	if (name.length > MAX_PROFILE_NAME_LENGTH) {
		return `"name" is longer than ${MAX_PROFILE_NAME_LENGTH} characters.`;
	}
	if (UNSAFE_NAME_CHARACTERS.test(name)) {
		return '"name" must not contain control characters, line breaks or text-direction marks.';
	}
	return undefined;
}

function checkProfile(raw: unknown, index: number, existingNames: readonly string[]): { profile?: Profile; problems: ProfileProblem[] } {
	const problems: ProfileProblem[] = [];
	if (!isRecord(raw)) {
		return { problems: [{ index, field: 'profile', message: `Profile ${index + 1} must be an object with "name", "region", "clientId", "scopes" and "redirectUri".` }] };
	}
	const givenName = typeof raw.name === 'string' ? raw.name.trim() : undefined;
	const nameProblem = profileNameProblem(givenName);
	// A name with a problem is never repeated: it may hold a line break that would forge a log line.
	const name = nameProblem === undefined ? givenName : undefined;
	const problem = (field: string, message: string): void => {
		problems.push(name ? { index, name, field, message } : { index, field, message });
	};

	if (nameProblem !== undefined) {
		problem('name', nameProblem);
	} else if (name !== undefined && existingNames.includes(name)) {
		problem('name', `"name": another profile is already called "${name}".`);
	}

	for (const key of Object.keys(raw)) {
		if (!KNOWN_FIELDS.has(key)) {
			problem(key, `"${key}" is not a profile field (known fields: ${[...KNOWN_FIELDS].join(', ')}).`);
		}
	}

	let region: Region | undefined;
	if (typeof raw.region === 'string' && (REGIONS as readonly string[]).includes(raw.region)) {
		region = raw.region as Region;
	} else {
		problem('region', '"region" must be "NA", "EU" or "FE".');
	}

	let clientId: string | undefined;
	if (typeof raw.clientId !== 'string' || raw.clientId.trim() === '') {
		problem('clientId', '"clientId" must not be empty (it looks like amzn1.application-oa2-client.…).');
	} else if (Buffer.byteLength(raw.clientId.trim(), 'utf8') > MAX_CLIENT_ID_BYTES) {
		problem('clientId', `"clientId" is longer than ${MAX_CLIENT_ID_BYTES} bytes.`);
	} else if (!CLIENT_ID_CHARACTERS.test(raw.clientId.trim())) {
		problem('clientId', '"clientId" must be printable ASCII without spaces (it looks like amzn1.application-oa2-client.…).');
	} else if (/\s/.test(raw.clientId.trim())) {
		problem('clientId', '"clientId" must not contain spaces.');
	} else {
		clientId = raw.clientId.trim();
	}

	let grant: Grant = 'authorization_code';
	if (raw.grant !== undefined) {
		if (raw.grant === 'authorization_code' || raw.grant === 'client_credentials') {
			grant = raw.grant;
		} else {
			problem('grant', '"grant" must be "authorization_code" or "client_credentials".');
		}
	}

	let scopes: string[] | undefined;
	if (!Array.isArray(raw.scopes)) {
		problem('scopes', grant === 'client_credentials'
			? '"scopes" must list at least one scope (client_credentials requires a scope).'
			: '"scopes" must be an array of scope names.');
	} else if (raw.scopes.some((scope) => typeof scope !== 'string' || scope.trim() === '' || /\s/.test(scope.trim()))) {
		problem('scopes', '"scopes" must contain only non-empty scope names without spaces.');
	} else {
		const cleaned = [...new Set((raw.scopes as string[]).map((scope) => scope.trim()))];
		if (cleaned.length === 0) {
			problem('scopes', grant === 'client_credentials'
				? '"scopes" must list at least one scope (client_credentials requires a scope).'
				: '"scopes" must list at least one scope.');
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

	let pkce = true;
	if (raw.pkce !== undefined) {
		if (typeof raw.pkce === 'boolean') {
			pkce = raw.pkce;
		} else {
			problem('pkce', '"pkce" must be true or false.');
		}
	}

	let scopeData: Record<string, { essential: boolean }> | undefined;
	if (raw.scopeData !== undefined) {
		if (!isRecord(raw.scopeData) || Object.values(raw.scopeData).some((value) => !isRecord(value) || typeof value.essential !== 'boolean')) {
			problem('scopeData', '"scopeData" must map scope names to { "essential": true | false }.');
		} else {
			scopeData = {};
			for (const [scope, value] of Object.entries(raw.scopeData)) {
				scopeData[scope] = { essential: (value as { essential: boolean }).essential };
			}
		}
	}

	let endpoints: Endpoints | undefined;
	if (region) {
		endpoints = regionalEndpoints(region);
		if (raw.endpoints !== undefined) {
			if (!isRecord(raw.endpoints)) {
				problem('endpoints', '"endpoints" must be an object with optional "authorization", "token", "tokeninfo" and "profile" URLs.');
			} else {
				for (const [key, value] of Object.entries(raw.endpoints)) {
					const field = `endpoints.${key}`;
					if (!(ENDPOINT_NAMES as readonly string[]).includes(key)) {
						problem(field, `"${field}" is not an endpoint (known: ${ENDPOINT_NAMES.join(', ')}).`);
						continue;
					}
					const overrideProblem = endpointOverrideProblem(field, value);
					if (overrideProblem) {
						problem(field, overrideProblem);
					} else {
						endpoints[key as keyof Endpoints] = value as string;
					}
				}
			}
		}
	}

	if (problems.length > 0 || !name || !region || !clientId || !scopes || !endpoints) {
		return { problems };
	}
	const profile: Profile = { name, region, clientId, scopes, redirectUri, grant, pkce, endpoints };
	if (scopeData) {
		profile.scopeData = scopeData;
	}
	return { profile, problems };
}

function redirectUriProblem(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') {
		return '"redirectUri" must be the redirect URL registered in the security profile\'s Allowed Return URLs.';
	}
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return '"redirectUri" is not a valid absolute URL.';
	}
	if (url.hash || value.includes('#')) {
		return '"redirectUri" must not contain a fragment (#…).';
	}
	if (url.username || url.password) {
		return '"redirectUri" must not contain a user name or password.';
	}
	if (url.protocol === 'https:') {
		return undefined;
	}
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
		if (!url.port) {
			return '"redirectUri" on localhost must name a port, for example http://127.0.0.1:53682/lwa/callback.';
		}
		return undefined;
	}
	return '"redirectUri" must use https: (http: only for 127.0.0.1, localhost or [::1] with a port).';
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
