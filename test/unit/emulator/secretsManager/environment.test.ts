import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import { startStandIn, TEAM_SECRET } from './support';

// The extension host is pointed at the stand-in only through the standard environment, so this runs
// the SDK in a child process with nothing else: no endpoint, region or credentials in code, HOME in
// an empty folder (no ~/.aws), and the EC2 metadata service off.
const CHILD = `
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.TEST_SECRET_ID })).then(
	(answer) => process.stdout.write(JSON.stringify({ versionId: answer.VersionId, name: answer.Name, length: answer.SecretString.length })),
	(error) => process.stdout.write(JSON.stringify({ error: error.name })),
);`;

const REPOSITORY = path.resolve(__dirname, '../../../../..');

async function runChild(env: Record<string, string>): Promise<Record<string, unknown>> {
	const child = spawn(process.execPath, ['-e', CHILD], { cwd: REPOSITORY, env, stdio: ['ignore', 'pipe', 'ignore'] });
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
	});
	await new Promise<void>((resolve) => child.once('close', () => resolve()));
	return JSON.parse(stdout) as Record<string, unknown>;
}

describe('Secrets Manager stand-in: the SDK configured only through the environment', function () {
	this.timeout(30_000);
	let standIn: SecretsManagerStandIn;
	let home: string;
	let baseEnv: Record<string, string>;

	beforeEach(async () => {
		standIn = await startStandIn();
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-sm-env-'));
		baseEnv = {
			PATH: process.env.PATH ?? '',
			HOME: home,
			AWS_CONFIG_FILE: path.join(home, 'no-config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
			AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
			AWS_REGION: standIn.region,
			AWS_EC2_METADATA_DISABLED: 'true',
		};
	});

	afterEach(async () => {
		await standIn.close();
		fs.rmSync(home, { recursive: true, force: true });
	});

	it('reads a secret with AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION and static keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY', async () => {
		standIn.createSecret('SPAPIAppCredentials-Env', TEAM_SECRET);
		const answer = await runChild({
			...baseEnv,
			AWS_ACCESS_KEY_ID: standIn.credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: standIn.credentials.secretAccessKey,
			TEST_SECRET_ID: 'SPAPIAppCredentials-Env',
		});
		assert.deepEqual(answer, { versionId: standIn.current('SPAPIAppCredentials-Env').versionId, name: 'SPAPIAppCredentials-Env', length: TEAM_SECRET.length });
		assert.deepEqual(standIn.requests.map((request) => [request.target, request.region, request.signature]), [['GetSecretValue', 'us-east-1', 'valid']]);
	});

	it('fails with CredentialsProviderError, without any request, when the chain has no credentials', async () => {
		standIn.createSecret('SPAPIAppCredentials-Env', TEAM_SECRET);
		const answer = await runChild({ ...baseEnv, TEST_SECRET_ID: 'SPAPIAppCredentials-Env' });
		assert.deepEqual(answer, { error: 'CredentialsProviderError' });
		assert.equal(standIn.requests.length, 0);
	});

	it('a client of another AWS_REGION does not find the secret (what a profile with the wrong region meets)', async () => {
		standIn.createSecret('SPAPIAppCredentials-Env', TEAM_SECRET);
		const answer = await runChild({
			...baseEnv,
			AWS_REGION: 'eu-west-1',
			AWS_ACCESS_KEY_ID: standIn.credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: standIn.credentials.secretAccessKey,
			TEST_SECRET_ID: 'SPAPIAppCredentials-Env',
		});
		assert.deepEqual(answer, { error: 'ResourceNotFoundException' });
	});
});
