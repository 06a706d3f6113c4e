// The AWS SDK behind the SecretsManagerApi port: the only module that imports @aws-sdk. esbuild bundles
// it on its own (dist/awsSecrets.js), which the extension requires the first time a team profile is
// used, so activation and every other profile never load the SDK (about 1 MB).
//
// Credentials come from the SDK's standard chain, never from the extension: environment variables,
// the shared config and credentials files (SSO profiles included), web identity, the container and
// instance metadata services; `awsProfile` picks a profile of the files. The endpoint is AWS's for the
// region unless AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL) says otherwise, which the SDK
// reads itself (the tests point it at a stand-in).
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretLocation, SecretsManagerApi, SecretsManagerOperation, SecretVersion } from './secretsManagerApi';
import { teamSecretError } from './teamSecretErrors';

/** Bounds on each request: a hung network or service is reported, not waited on forever. */
const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;

export function createSecretsManagerApi(location: Pick<SecretLocation, 'region' | 'awsProfile'>): SecretsManagerApi {
	const client = new SecretsManagerClient({
		region: location.region,
		...(location.awsProfile !== undefined ? { profile: location.awsProfile } : {}),
		// One retry of what the SDK deems retryable (throttling, 5xx, a reset connection).
		maxAttempts: 2,
		requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
	});
	const call = async <T>(operation: SecretsManagerOperation, secretId: string, send: () => Promise<T>): Promise<T> => {
		try {
			return await send();
		} catch (error) {
			throw teamSecretError(error, { operation, secretId, region: location.region });
		}
	};
	return {
		getSecretValue: (secretId) => call('GetSecretValue', secretId, async (): Promise<SecretVersion> => {
			const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
			if (typeof answer.VersionId !== 'string') {
				throw new Error('no version id');
			}
			return typeof answer.SecretString === 'string' ? { versionId: answer.VersionId, secretString: answer.SecretString } : { versionId: answer.VersionId };
		}),
		rotationEnabled: (secretId) => call('DescribeSecret', secretId, async () => {
			const answer = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
			return answer.RotationEnabled === true;
		}),
		putSecretValue: (p) => call('PutSecretValue', p.secretId, async () => {
			const answer = await client.send(new PutSecretValueCommand({ SecretId: p.secretId, SecretString: p.secretString, ClientRequestToken: p.clientRequestToken, VersionStages: [p.stage] }));
			if (typeof answer.VersionId !== 'string') {
				throw new Error('no version id');
			}
			return answer.VersionId;
		}),
		moveCurrent: (p) => call('UpdateSecretVersionStage', p.secretId, async () => {
			await client.send(new UpdateSecretVersionStageCommand({ SecretId: p.secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: p.toVersionId, RemoveFromVersionId: p.fromVersionId }));
		}),
	};
}
