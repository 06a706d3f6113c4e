// The AWS side of the integration runs: a Secrets Manager stand-in on a loopback port, started by the
// harness before code-server, and the standard AWS environment that points the extension host's AWS
// SDK at it. The machine's own AWS files are never read (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE are empty files in the run folder), and the instance metadata service
// is not asked (AWS_EC2_METADATA_DISABLED), so "no credentials" never waits on it.
//
// The stand-in's secrets are made here, before code-server starts, with placeholder values: tests
// put the values they need (a client id and refresh token the LWA emulator of the extension host
// issued) through the real API, PutSecretValue with AWSCURRENT, as any AWS client would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSecretsManagerStandIn } from '../../src/emulator/secretsManager/standIn';
import type { SecretsManagerStandIn } from '../../src/emulator/secretsManager/standIn';

/** The region of the integration runs' secrets. */
export const TEAM_SECRETS_REGION = 'eu-west-1';

/** The secrets the harness makes: one per format, and one that rotation manages. */
export const TEAM_SECRET_NAMES = {
	samples: 'SPAPIAppCredentials-integration',
	python: 'lwa-integration/python-amazon-sp-api',
	rotated: 'SPAPIAppCredentials-rotated',
} as const;

/** Starts the stand-in with the integration secrets; returns it and the environment for the extension host. */
export async function startAwsStandIn(runDir: string): Promise<{ standIn: SecretsManagerStandIn; env: Record<string, string> }> {
	const standIn = await startSecretsManagerStandIn({ region: TEAM_SECRETS_REGION });
	const placeholder = JSON.stringify({ AppClientId: 'amzn1.application-oa2-client.placeholder', AppClientSecret: 'placeholder' });
	standIn.createSecret(TEAM_SECRET_NAMES.samples, placeholder);
	standIn.createSecret(TEAM_SECRET_NAMES.python, JSON.stringify({ LWA_APP_ID: 'amzn1.application-oa2-client.placeholder', LWA_CLIENT_SECRET: 'placeholder' }));
	standIn.createSecret(TEAM_SECRET_NAMES.rotated, placeholder, { rotationEnabled: true });
	const awsDir = path.join(runDir, 'aws');
	fs.mkdirSync(awsDir, { recursive: true });
	fs.writeFileSync(path.join(awsDir, 'config'), '');
	fs.writeFileSync(path.join(awsDir, 'credentials'), '');
	const env: Record<string, string> = {
		AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
		AWS_ACCESS_KEY_ID: standIn.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: standIn.credentials.secretAccessKey,
		AWS_REGION: TEAM_SECRETS_REGION,
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_CONFIG_FILE: path.join(awsDir, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
	};
	return { standIn, env };
}

/** Variables of the machine that would lead the SDK elsewhere than the stand-in; cleared for code-server. */
export const FOREIGN_AWS_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'];
