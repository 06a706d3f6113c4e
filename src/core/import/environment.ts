// Credentials in environment variables: the generic LWA_CLIENT_ID / LWA_CLIENT_SECRET /
// LWA_REFRESH_TOKEN, the Selling Partner API's SELLING_PARTNER_APP_CLIENT_ID / _SECRET /
// SELLING_PARTNER_REFRESH_TOKEN, and the ASK CLI's ASK_ACCESS_TOKEN / ASK_REFRESH_TOKEN. Pure: the
// variables are passed in. A set with a bad value is skipped with the variable's name, never its value.
import { ASK_CLI_DEFAULT_SCOPES } from './askCliConfig';
import type { ImportCandidate, SkippedSource } from './candidate';
import { MAX_IMPORT_VALUE_LENGTH } from './candidate';

interface VariableSet {
	id: string;
	label: string;
	suggestedName: string;
	clientId?: string;
	clientSecret?: string;
	refreshToken?: string;
	accessToken?: string;
	askCli?: boolean;
}

const VARIABLE_SETS: readonly VariableSet[] = [
	{ id: 'env:lwa', label: 'LWA_*', suggestedName: 'env-lwa', clientId: 'LWA_CLIENT_ID', clientSecret: 'LWA_CLIENT_SECRET', refreshToken: 'LWA_REFRESH_TOKEN' },
	{
		id: 'env:sp-api',
		label: 'SELLING_PARTNER_*',
		suggestedName: 'sp-api',
		clientId: 'SELLING_PARTNER_APP_CLIENT_ID',
		clientSecret: 'SELLING_PARTNER_APP_CLIENT_SECRET',
		refreshToken: 'SELLING_PARTNER_REFRESH_TOKEN',
	},
	{ id: 'env:ask-cli', label: 'ASK_*', suggestedName: 'ask-env', refreshToken: 'ASK_REFRESH_TOKEN', accessToken: 'ASK_ACCESS_TOKEN', askCli: true },
];

/** The variable names this module reads (for messages such as "none of … is set"). */
export const IMPORT_ENVIRONMENT_VARIABLES: readonly string[] = VARIABLE_SETS.flatMap((set) =>
	[set.clientId, set.clientSecret, set.refreshToken, set.accessToken].filter((name): name is string => name !== undefined));

function problemOf(value: string): string | undefined {
	if (value.length > MAX_IMPORT_VALUE_LENGTH) {
		return `is longer than ${MAX_IMPORT_VALUE_LENGTH} characters`;
	}
	if (/[\s\p{Cc}]/u.test(value)) {
		return 'has spaces or control characters in it';
	}
	return undefined;
}

/** One candidate per variable set that has at least one variable set (non-empty). */
export function candidatesFromEnvironment(environment: Readonly<Record<string, string | undefined>>): { candidates: ImportCandidate[]; skipped: SkippedSource[] } {
	const candidates: ImportCandidate[] = [];
	const skipped: SkippedSource[] = [];
	for (const set of VARIABLE_SETS) {
		const values: Partial<Record<'clientId' | 'clientSecret' | 'refreshToken' | 'accessToken', string>> = {};
		const problems: string[] = [];
		for (const key of ['clientId', 'clientSecret', 'refreshToken', 'accessToken'] as const) {
			const variable = set[key];
			const value = variable !== undefined ? environment[variable]?.trim() : undefined;
			if (variable === undefined || value === undefined || value === '') {
				continue;
			}
			const problem = problemOf(value);
			if (problem) {
				problems.push(`${variable} ${problem}`);
			} else {
				values[key] = value;
			}
		}
		const sourceLabel = `environment variables ${set.label}`;
		if (problems.length > 0) {
			skipped.push({ sourceLabel, reason: `${problems.join('; ')}.` });
			continue;
		}
		if (values.refreshToken === undefined && values.accessToken === undefined && values.clientId === undefined) {
			if (values.clientSecret !== undefined) {
				skipped.push({ sourceLabel, reason: `has a client secret but neither ${set.clientId ?? 'a client id'} nor ${set.refreshToken ?? 'a refresh token'}.` });
			}
			continue;
		}
		const notes: string[] = [];
		if (set.askCli) {
			notes.push('ASK CLI tokens are issued for the ASK CLI\'s own client unless a custom one is configured (ASK_LWA_CLIENT_ID): a refresh with another client id fails.');
		}
		if (values.refreshToken === undefined) {
			notes.push(values.accessToken !== undefined
				? 'No refresh token: sign in again when the access token expires.'
				: 'No token: sign in after the import.');
		} else if (values.accessToken === undefined) {
			notes.push('Refresh token only: the first use fetches an access token.');
		}
		if (values.clientSecret === undefined && values.refreshToken !== undefined) {
			notes.push('No client secret: set one, or refreshing may fail.');
		}
		const candidate: ImportCandidate = {
			id: set.id,
			source: 'environment',
			sourceLabel,
			suggestedName: set.suggestedName,
			issuedForAskCliClient: set.askCli === true,
			notes,
			...values,
		};
		if (set.askCli) {
			candidate.scopes = [...ASK_CLI_DEFAULT_SCOPES];
			candidate.region = 'NA';
		}
		if (set.askCli && environment.ASK_LWA_CLIENT_ID?.trim()) {
			candidate.clientId = environment.ASK_LWA_CLIENT_ID.trim();
			candidate.issuedForAskCliClient = false;
			const secret = environment.ASK_LWA_CLIENT_CONFIRMATION?.trim();
			if (secret) {
				candidate.clientSecret = secret;
			}
		}
		if (values.accessToken !== undefined) {
			// Its expiry is unknown: it counts as expired, so the first use refreshes it when it can.
			candidate.accessTokenExpiresAt = 0;
		}
		candidates.push(candidate);
	}
	return { candidates, skipped };
}
