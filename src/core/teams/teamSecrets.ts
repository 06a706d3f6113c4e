// Reads a team's AWS Secrets Manager secret, keeps it in this window's memory for a short while (the
// lwa.secretsManager.cacheSeconds setting), and writes changes back to it safely. Nothing read here is
// ever written to disk or to the editor's secret storage: the credential service asks for the client
// secret and refresh token each time it needs them, and gets them from here.
//
// A write-back races teammates and Amazon's rotation function, because PutSecretValue replaces the
// whole value. So it merges into the JSON read just before, puts the result as a new version under a
// custom stage only (AWSCURRENT does not move), then moves AWSCURRENT to it with
// UpdateSecretVersionStage from the version that was read. If someone wrote meanwhile, AWSCURRENT is no
// longer there and AWS refuses the move: a compare-and-swap. The new version then stays unused under
// the custom stage, the secret is read again, and the caller is told (write_conflict).
import { randomUUID } from 'node:crypto';
import { LwaError } from '../lwa/errors';
import { forLog } from '../logText';
import type { Clock, Logger } from '../ports';
import type { TeamSecretFormat } from '../profiles';
import type { SecretLocation, SecretsManagerApi } from './secretsManagerApi';
import type { ParsedTeamSecret, TeamSecretChange } from './teamSecret';
import { mergeTeamSecret, parseTeamSecret } from './teamSecret';

/** The custom stage a written version gets before AWSCURRENT moves to it. */
export const WRITE_BACK_STAGE = 'LWACREDENTIALS_WRITEBACK';

/** A profile's secret: where it is and which format it is in (absent: detected). */
export interface TeamSecretSource extends SecretLocation {
	format?: TeamSecretFormat;
}

/** A secret as read: its credentials, its JSON object (for merging) and the version read. */
export interface TeamSecretRead extends ParsedTeamSecret {
	versionId: string;
}

export interface TeamSecretsOptions {
	clock: Clock;
	logger: Logger;
	/** How long a read secret is used before it is read again (the lwa.secretsManager.cacheSeconds setting). */
	cacheSeconds: () => number;
	/** A Secrets Manager client for a region and AWS profile (the AWS SDK's bundle, loaded on first use). */
	connect: (location: Pick<SecretLocation, 'region' | 'awsProfile'>) => SecretsManagerApi | Promise<SecretsManagerApi>;
}

interface CacheEntry {
	read: TeamSecretRead;
	at: number;
}

function cacheKey(source: TeamSecretSource): string {
	return JSON.stringify([source.secretId, source.region, source.awsProfile ?? '', source.format ?? '']);
}

/** The secret's name or ARN for the log: escaped and bounded like every outside value. */
export function secretForLog(source: TeamSecretSource): string {
	return `"${forLog(source.secretId, 200)}" (${forLog(source.region, 40)})`;
}

export class TeamSecrets {
	private readonly cache = new Map<string, CacheEntry>();
	private readonly reading = new Map<string, Promise<TeamSecretRead>>();
	private readonly clients = new Map<string, Promise<SecretsManagerApi>>();

	constructor(private readonly options: TeamSecretsOptions) {}

	/**
	 * The secret's credentials: from memory while the last read is younger than cacheSeconds, else
	 * read again (one read at a time per secret). `fresh`: read now whatever the cache holds.
	 */
	async read(source: TeamSecretSource, options: { fresh?: boolean } = {}): Promise<TeamSecretRead> {
		const key = cacheKey(source);
		const cached = this.cache.get(key);
		if (!options.fresh && cached && this.options.clock.now() - cached.at < Math.max(0, this.options.cacheSeconds()) * 1000) {
			return cached.read;
		}
		const pending = this.reading.get(key);
		if (pending && !options.fresh) {
			return pending;
		}
		const reading = this.readNow(source).finally(() => {
			if (this.reading.get(key) === reading) {
				this.reading.delete(key);
			}
		});
		this.reading.set(key, reading);
		return reading;
	}

	/** Drops every secret from memory (a setting changed, the user asked). */
	forget(): void {
		this.cache.clear();
	}

	/**
	 * Writes a new refresh token or client secret into the secret: refused when rotation is enabled
	 * (rotation_enabled) or the refresh token is another selling partner's (partner_mismatch); a
	 * teammate's write in between is reported as write_conflict after reading the secret again.
	 * Resolves with the secret as now written.
	 */
	async writeBack(source: TeamSecretSource, change: TeamSecretChange): Promise<TeamSecretRead> {
		const api = await this.client(source);
		// Amazon's rotation function rewrites the secret on its own schedule, and its versions would
		// race ours: a rotated secret is managed there, not here.
		if (await api.rotationEnabled(source.secretId)) {
			throw new LwaError('team_secret', { reason: 'rotation_enabled', facts: { secretId: source.secretId, region: source.region } });
		}
		const read = await this.read(source, { fresh: true });
		const merged = mergeTeamSecret(read, change);
		const versionId = await api.putSecretValue({ secretId: source.secretId, secretString: merged, clientRequestToken: randomUUID(), stage: WRITE_BACK_STAGE });
		try {
			await api.moveCurrent({ secretId: source.secretId, toVersionId: versionId, fromVersionId: read.versionId });
		} catch (error) {
			// Refused or not: what does AWSCURRENT hold now? Another version than the one read means a
			// teammate (or rotation) wrote in between, whatever the error said.
			const now = await this.read(source, { fresh: true });
			if (now.versionId !== read.versionId && now.versionId !== versionId) {
				this.options.logger.warn(`Writing back to the team secret ${secretForLog(source)} lost a race: someone changed it after it was read. Nothing was replaced; it has been read again.`);
				throw new LwaError('team_secret', { reason: 'write_conflict', facts: { secretId: source.secretId, region: source.region } });
			}
			if (now.versionId !== versionId) {
				throw error;
			}
			// The move went through although its answer did not arrive: the read above holds the new value.
			return now;
		}
		const written: TeamSecretRead = { ...parseTeamSecret(merged, read.credentials.format), versionId };
		this.cache.set(cacheKey(source), { read: written, at: this.options.clock.now() });
		this.options.logger.info(`Wrote a new ${change.clientSecret !== undefined ? 'client secret' : 'refresh token'} back to the team secret ${secretForLog(source)} (version ${forLog(versionId, 80)}).`);
		return written;
	}

	private async readNow(source: TeamSecretSource): Promise<TeamSecretRead> {
		const api = await this.client(source);
		const version = await api.getSecretValue(source.secretId);
		if (version.secretString === undefined) {
			throw new LwaError('team_secret', { reason: 'secret_binary', facts: { secretId: source.secretId, region: source.region } });
		}
		let parsed: ParsedTeamSecret;
		try {
			parsed = parseTeamSecret(version.secretString, source.format);
		} catch (error) {
			if (error instanceof LwaError) {
				throw new LwaError('team_secret', { ...(error.reason !== undefined ? { reason: error.reason } : {}), facts: { ...error.facts, secretId: source.secretId, region: source.region } });
			}
			throw error;
		}
		const read: TeamSecretRead = { ...parsed, versionId: version.versionId };
		this.cache.set(cacheKey(source), { read, at: this.options.clock.now() });
		this.options.logger.info(`Read the team secret ${secretForLog(source)} (${read.credentials.format} format, version ${forLog(version.versionId, 80)}); kept in memory for ${Math.max(0, this.options.cacheSeconds())} s.`);
		return read;
	}

	private client(source: TeamSecretSource): Promise<SecretsManagerApi> {
		const key = JSON.stringify([source.region, source.awsProfile ?? '']);
		let client = this.clients.get(key);
		if (!client) {
			client = Promise.resolve(this.options.connect({ region: source.region, ...(source.awsProfile !== undefined ? { awsProfile: source.awsProfile } : {}) }));
			// A failed load (a damaged install) is not remembered: the next use tries again.
			client.catch(() => this.clients.delete(key));
			this.clients.set(key, client);
		}
		return client;
	}
}
