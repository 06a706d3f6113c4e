// Login with Amazon endpoints per region, and the rule for overriding them.
import { LwaError } from './errors';

/** LWA regions: North America, Europe, Far East. */
export type Region = 'NA' | 'EU' | 'FE';

export const REGIONS: readonly Region[] = ['NA', 'EU', 'FE'];

/** The four URLs the extension talks to for one profile. */
export interface Endpoints {
	authorization: string;
	token: string;
	tokeninfo: string;
	profile: string;
}

export const ENDPOINT_NAMES: readonly (keyof Endpoints)[] = ['authorization', 'token', 'tokeninfo', 'profile'];

// tokeninfo and profile are only documented on api.amazon.com; access tokens are global.
const REGIONAL: Readonly<Record<Region, Endpoints>> = {
	NA: {
		authorization: 'https://www.amazon.com/ap/oa',
		token: 'https://api.amazon.com/auth/o2/token',
		tokeninfo: 'https://api.amazon.com/auth/o2/tokeninfo',
		profile: 'https://api.amazon.com/user/profile',
	},
	EU: {
		authorization: 'https://eu.account.amazon.com/ap/oa',
		token: 'https://api.amazon.co.uk/auth/o2/token',
		tokeninfo: 'https://api.amazon.com/auth/o2/tokeninfo',
		profile: 'https://api.amazon.com/user/profile',
	},
	FE: {
		authorization: 'https://apac.account.amazon.com/ap/oa',
		token: 'https://api.amazon.co.jp/auth/o2/token',
		tokeninfo: 'https://api.amazon.com/auth/o2/tokeninfo',
		profile: 'https://api.amazon.com/user/profile',
	},
};

/** The Amazon endpoints of a region. */
export function regionalEndpoints(region: Region): Endpoints {
	const endpoints = REGIONAL[region];
	if (!endpoints) {
		throw new LwaError('invalid_profile', { reason: 'region', facts: { field: 'region' } });
	}
	return { ...endpoints };
}

/** True for localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
	if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') {
		return true;
	}
	const parts = host.split('.');
	return parts.length === 4 && parts[0] === '127' && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** What is wrong with an endpoint override. */
export type EndpointProblem = 'endpoint_not_a_url' | 'endpoint_invalid_url' | 'endpoint_userinfo' | 'endpoint_not_https';

/**
 * Checks one endpoint override and returns what is wrong with it, or undefined when it is acceptable:
 * an absolute https: URL, or http: to a loopback host.
 */
export function endpointOverrideProblem(value: unknown): EndpointProblem | undefined {
	if (typeof value !== 'string' || value.trim() === '') {
		return 'endpoint_not_a_url';
	}
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'endpoint_invalid_url';
	}
	if (url.username || url.password) {
		return 'endpoint_userinfo';
	}
	if (url.protocol === 'https:') {
		return undefined;
	}
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
		return undefined;
	}
	return 'endpoint_not_https';
}

/** Regional endpoints with per-profile overrides applied. Overrides must be https: unless loopback; else LwaError('invalid_profile') naming the field. */
export function resolveEndpoints(region: Region, overrides?: Partial<Endpoints>): Endpoints {
	const endpoints = regionalEndpoints(region);
	if (!overrides) {
		return endpoints;
	}
	for (const name of ENDPOINT_NAMES) {
		const value = overrides[name];
		if (value === undefined) {
			continue;
		}
		const problem = endpointOverrideProblem(value);
		if (problem) {
			throw new LwaError('invalid_profile', { reason: 'endpoint_override', facts: { field: `endpoints.${name}` } });
		}
		endpoints[name] = value;
	}
	return endpoints;
}
