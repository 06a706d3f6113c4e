// The secrets the stand-in holds, per AWS region (a secret made in us-east-1 is not found when
// eu-west-1 is asked), with their versions and staging labels as AWS's API reference describes them:
// each label is on at most one version of a secret; AWSCURRENT is always on one; when AWSCURRENT
// moves, AWSPREVIOUS moves to the version it left; a version without labels is deprecated (still
// readable by its id, left out of VersionIdsToStages).
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretsManagerError } from './replies';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export interface SecretVersion {
	readonly versionId: string;
	readonly secretString: string;
	stages: string[];
	readonly createdDate: number;
}

export interface StoredSecret {
	readonly arn: string;
	readonly name: string;
	readonly region: string;
	readonly createdDate: number;
	lastChangedDate: number;
	lastAccessedDate?: number;
	rotationEnabled: boolean;
	/** GetSecretValue answers DecryptionFailure (as when the KMS key is disabled or not the caller's). */
	decryptionFails: boolean;
	/** In creation order. */
	readonly versions: SecretVersion[];
}

const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/** The ARN's partition for a region (China and GovCloud have their own). */
export function partitionOf(region: string): string {
	return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** Six characters of [A-Za-z0-9], the suffix AWS adds to a secret's name in its ARN. */
function arnSuffix(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export class SecretStore {
	private readonly regions = new Map<string, Map<string, StoredSecret>>();

	constructor(private readonly accountId: string, readonly now: () => number) {}

	create(region: string, name: string, secretString: string, rotationEnabled: boolean): StoredSecret {
		const secrets = this.secretsOf(region);
		if (secrets.has(name)) {
			throw new SecretsManagerError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
		}
		const now = this.now();
		const secret: StoredSecret = {
			arn: `arn:${partitionOf(region)}:secretsmanager:${region}:${this.accountId}:secret:${name}-${arnSuffix()}`,
			name, region, createdDate: now, lastChangedDate: now, rotationEnabled, decryptionFails: false,
			versions: [{ versionId: randomUUID(), secretString, stages: [AWSCURRENT], createdDate: now }],
		};
		secrets.set(name, secret);
		return secret;
	}

	/** The secret a SecretId names in `region`: its name, its full ARN, or its ARN without the random suffix. */
	find(region: string, secretId: string): StoredSecret | undefined {
		const secrets = this.secretsOf(region);
		if (!secretId.startsWith('arn:')) {
			return secrets.get(secretId);
		}
		for (const secret of secrets.values()) {
			if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) {
				return secret;
			}
		}
		return undefined;
	}

	resolve(region: string, secretId: string): StoredSecret {
		const secret = this.find(region, secretId);
		if (secret === undefined) {
			throw new SecretsManagerError('ResourceNotFoundException', NOT_FOUND);
		}
		return secret;
	}

	list(region: string): StoredSecret[] {
		return [...this.secretsOf(region).values()];
	}

	/** The version GetSecretValue reads: by id, by label, or AWSCURRENT; both given must name the same version. */
	read(secret: StoredSecret, versionId?: string, versionStage?: string): SecretVersion {
		if (versionId !== undefined) {
			const version = secret.versions.find((candidate) => candidate.versionId === versionId);
			if (version === undefined) {
				throw new SecretsManagerError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
			}
			if (versionStage !== undefined && !version.stages.includes(versionStage)) {
				throw new SecretsManagerError('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.');
			}
			return version;
		}
		const stage = versionStage ?? AWSCURRENT;
		const version = this.holderOf(secret, stage);
		if (version === undefined) {
			throw new SecretsManagerError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
		}
		return version;
	}

	/**
	 * PutSecretValue: a new version with `token` as its id, labelled `stages` (default AWSCURRENT). A
	 * repeated token with the same value changes nothing and answers the version (idempotent); with
	 * another value it fails, as a version cannot change.
	 */
	put(secret: StoredSecret, token: string, secretString: string, stages: readonly string[] | undefined): SecretVersion {
		const existing = secret.versions.find((version) => version.versionId === token);
		if (existing !== undefined) {
			if (existing.secretString !== secretString) {
				throw new SecretsManagerError('ResourceExistsException', 'A resource with the ID you requested already exists.');
			}
			return existing;
		}
		const version: SecretVersion = { versionId: token, secretString, stages: [], createdDate: this.now() };
		secret.versions.push(version);
		for (const stage of stages ?? [AWSCURRENT]) {
			this.attach(secret, version, stage);
		}
		secret.lastChangedDate = this.now();
		return version;
	}

	/**
	 * UpdateSecretVersionStage. A label already on a version moves only when RemoveFromVersionId names
	 * that version: the compare-and-swap that makes a stale writer fail.
	 */
	updateStage(secret: StoredSecret, stage: string, moveToVersionId?: string, removeFromVersionId?: string): void {
		const holder = this.holderOf(secret, stage);
		if (removeFromVersionId !== undefined && holder?.versionId !== removeFromVersionId) {
			throw new SecretsManagerError('InvalidParameterException', `When you move staging label ${stage}, if you specify RemoveFromVersionId, it must be set to the version that currently has the staging label ${stage}.`);
		}
		if (moveToVersionId === undefined) {
			if (stage === AWSCURRENT) {
				throw new SecretsManagerError('InvalidParameterException', `You can't remove the staging label ${AWSCURRENT} from a version without moving it to another version with MoveToVersionId.`);
			}
			if (holder !== undefined && removeFromVersionId !== undefined) {
				holder.stages = holder.stages.filter((label) => label !== stage);
				secret.lastChangedDate = this.now();
			}
			return;
		}
		const target = secret.versions.find((version) => version.versionId === moveToVersionId);
		if (target === undefined) {
			throw new SecretsManagerError('InvalidParameterException', `Not a valid version: ${moveToVersionId}`);
		}
		if (holder !== undefined && holder !== target && removeFromVersionId === undefined) {
			throw new SecretsManagerError('InvalidParameterException', `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`);
		}
		this.attach(secret, target, stage);
		secret.lastChangedDate = this.now();
	}

	holderOf(secret: StoredSecret, stage: string): SecretVersion | undefined {
		return secret.versions.find((version) => version.stages.includes(stage));
	}

	/** Puts `stage` on `version`, taking it off any other; moving AWSCURRENT moves AWSPREVIOUS behind it. */
	private attach(secret: StoredSecret, version: SecretVersion, stage: string): void {
		const holder = this.holderOf(secret, stage);
		if (holder === version) {
			return;
		}
		if (holder !== undefined) {
			holder.stages = holder.stages.filter((label) => label !== stage);
		}
		version.stages.push(stage);
		if (stage === AWSCURRENT && holder !== undefined) {
			this.attach(secret, holder, AWSPREVIOUS);
		}
	}

	private secretsOf(region: string): Map<string, StoredSecret> {
		let secrets = this.regions.get(region);
		if (secrets === undefined) {
			secrets = new Map();
			this.regions.set(region, secrets);
		}
		return secrets;
	}
}
