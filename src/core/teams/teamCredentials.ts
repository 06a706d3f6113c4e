// Where the credential service gets a team profile's client secret and refresh token: from the team's
// AWS Secrets Manager secret (through TeamSecrets' short in-memory cache), never from this machine's
// secret storage. The secret's client id must be the profile's: a client secret or refresh token of
// another client is refused (client_id_mismatch) rather than sent to LWA with the wrong client id.
import { LwaError } from '../lwa/errors';
import type { Profile } from '../profiles';
import type { TeamSecretRead, TeamSecrets, TeamSecretSource } from './teamSecrets';

/** What the credential service asks of a team profile's secret (src/core/credentials/service.ts). */
export interface TeamCredentialSource {
	/** The secret's client secret, once its client id is checked against the profile's. */
	clientSecret(profile: Profile): Promise<string>;
	/** The secret's refresh token; undefined when it holds none (then the profile signs in by consent). */
	refreshToken(profile: Profile): Promise<string | undefined>;
}

/** A team profile's secret location and format, from its setting. */
export function teamSecretSource(profile: Profile): TeamSecretSource | undefined {
	const setting = profile.secretsManager;
	if (!setting) {
		return undefined;
	}
	return {
		secretId: setting.secretId,
		region: setting.region,
		...(setting.awsProfile !== undefined ? { awsProfile: setting.awsProfile } : {}),
		...(setting.format !== undefined ? { format: setting.format } : {}),
	};
}

/** Reads the profile's secret and checks its client id; the profile must be a team profile. */
export async function readTeamSecret(secrets: TeamSecrets, profile: Profile): Promise<TeamSecretRead> {
	const source = teamSecretSource(profile);
	if (!source) {
		throw new LwaError('invalid_profile', { facts: { field: 'secretsManager', profile: profile.name } });
	}
	const read = await secrets.read(source);
	if (read.credentials.clientId !== profile.clientId) {
		throw new LwaError('team_secret', { reason: 'client_id_mismatch', facts: { secretId: source.secretId, region: source.region, profile: profile.name } });
	}
	return read;
}

export function teamCredentialSource(secrets: TeamSecrets): TeamCredentialSource {
	return {
		clientSecret: async (profile) => (await readTeamSecret(secrets, profile)).credentials.clientSecret,
		refreshToken: async (profile) => (await readTeamSecret(secrets, profile)).credentials.refreshToken,
	};
}
