// Turns a chosen candidate plus the user's answers into what will be written: the non-secret
// profile for the lwa.profiles setting, and the secrets for the secret store. Pure.
import type { StoredCredential } from '../credentials/model';
import type { Endpoints, Region } from '../lwa/endpoints';
import type { ImportCandidate } from './candidate';

/**
 * The access token stored for an imported refresh token that came without one. It expires at 0,
 * so the first use refreshes it and it is never handed out; it is not a secret.
 */
export const PENDING_REFRESH_ACCESS_TOKEN = 'imported-pending-refresh';

/** What the user (or the command's arguments) settled for one candidate. */
export interface ImportAnswers {
	name: string;
	region: Region;
	clientId: string;
	scopes: string[];
	redirectUri: string;
	endpoints?: Partial<Endpoints>;
}

/** What one candidate writes. `credential` and `clientSecret` go to the secret store only. */
export interface ImportWrite {
	candidateId: string;
	/** For lwa.profiles: name, region, clientId, scopes, redirectUri (and endpoint overrides). Never a secret. */
	rawProfile: Record<string, unknown>;
	clientSecret?: string;
	credential?: StoredCredential;
}

/** Builds the writes of one candidate. */
export function planImport(candidate: ImportCandidate, answers: ImportAnswers, now: number): ImportWrite {
	const rawProfile: Record<string, unknown> = {
		name: answers.name,
		region: answers.region,
		clientId: answers.clientId,
		scopes: [...answers.scopes],
		redirectUri: answers.redirectUri,
	};
	const endpoints = { ...candidate.endpoints, ...answers.endpoints };
	if (Object.keys(endpoints).length > 0) {
		rawProfile.endpoints = endpoints;
	}
	const write: ImportWrite = { candidateId: candidate.id, rawProfile };
	if (candidate.clientSecret !== undefined) {
		write.clientSecret = candidate.clientSecret;
	}
	if (candidate.accessToken !== undefined || candidate.refreshToken !== undefined) {
		const credential: StoredCredential = {
			v: 1,
			profile: answers.name,
			grant: 'authorization_code',
			accessToken: candidate.accessToken ?? PENDING_REFRESH_ACCESS_TOKEN,
			tokenType: 'bearer',
			expiresAt: candidate.accessToken !== undefined ? candidate.accessTokenExpiresAt ?? 0 : 0,
			obtainedAt: now,
			scopes: [...answers.scopes],
		};
		if (candidate.refreshToken !== undefined) {
			credential.refreshToken = candidate.refreshToken;
		}
		write.credential = credential;
	}
	return write;
}
