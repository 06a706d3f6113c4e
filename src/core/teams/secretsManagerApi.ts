// The four AWS Secrets Manager operations a team profile needs, as a port: the core depends on this,
// the AWS SDK implements it in its own lazily loaded bundle (awsSecretsClient.ts, dist/awsSecrets.js).
// Every method rejects only with LwaError('team_secret') (teamSecretErrors.ts): an SDK error's own
// message and response never leave the adapter.

/** Which operation was called: an access denied names its IAM action from it (`secretsmanager:<operation>`). */
export type SecretsManagerOperation = 'GetSecretValue' | 'DescribeSecret' | 'PutSecretValue' | 'UpdateSecretVersionStage';

/** Where a team's secret lives, and which AWS credentials read it. */
export interface SecretLocation {
	/** The secret's name or ARN. */
	secretId: string;
	/** The AWS region, such as us-east-1. */
	region: string;
	/** A profile of the AWS shared config and credentials files (SSO profiles included); absent: the default chain. */
	awsProfile?: string;
}

/** The AWSCURRENT version of a secret. */
export interface SecretVersion {
	versionId: string;
	/** Absent when the secret holds binary data, which this extension does not read. */
	secretString?: string;
}

export interface SecretsManagerApi {
	/** GetSecretValue of AWSCURRENT. */
	getSecretValue(secretId: string): Promise<SecretVersion>;
	/** DescribeSecret: whether rotation is enabled. */
	rotationEnabled(secretId: string): Promise<boolean>;
	/** PutSecretValue: a new version under `stage` only (not AWSCURRENT); resolves with its version id. */
	putSecretValue(p: { secretId: string; secretString: string; clientRequestToken: string; stage: string }): Promise<string>;
	/**
	 * UpdateSecretVersionStage: moves AWSCURRENT to `toVersionId` from `fromVersionId`. AWS refuses it
	 * when AWSCURRENT is no longer on `fromVersionId` (someone wrote meanwhile): a compare-and-swap.
	 */
	moveCurrent(p: { secretId: string; toVersionId: string; fromVersionId: string }): Promise<void>;
}

/** What the lazily loaded bundle exports. */
export interface AwsSecretsModule {
	createSecretsManagerApi(location: Pick<SecretLocation, 'region' | 'awsProfile'>): SecretsManagerApi;
}
