import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseStandInArguments } from '../../../../src/emulator/secretsManager/cli';
import { TEAM_SECRET } from './support';

const CLI = path.resolve(__dirname, '../../../../src/emulator/secretsManager/cli.js');

describe('Secrets Manager stand-in: the command line', () => {
	it('parses port, region, host and secret files, and refuses a public host, an unknown region and stray arguments', () => {
		assert.deepEqual(parseStandInArguments(['--port', '4566', '--region', 'eu-west-1', '--secret-file', 'team=/tmp/a.json']), {
			port: 4566, host: '127.0.0.1', region: 'eu-west-1', secretFiles: [{ name: 'team', path: '/tmp/a.json' }],
		});
		assert.throws(() => parseStandInArguments(['--host', '0.0.0.0']), /loopback/);
		assert.throws(() => parseStandInArguments(['--region', 'moon-1']), /AWS region/);
		assert.throws(() => parseStandInArguments(['--port', '70000']), /0 to 65535/);
		assert.throws(() => parseStandInArguments(['--secret-file', 'no-path']), /NAME=PATH/);
		assert.throws(() => parseStandInArguments(['--verbose', 'yes']), /Unknown argument/);
	});

	it('serves a secret from a file and prints the environment that points the SDK at it, never the value', async function () {
		this.timeout(20_000);
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-sm-cli-'));
		const file = path.join(folder, 'team.json');
		fs.writeFileSync(file, TEAM_SECRET);
		const child = spawn(process.execPath, [CLI, '--secret-file', `SPAPIAppCredentials-Cli=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		let errors = '';
		try {
			const lines = await new Promise<string[]>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					output += chunk.toString('utf8');
					const complete = output.split('\n');
					if (complete.length > 2) {
						resolve(complete);
					}
				});
				child.stderr.on('data', (chunk: Buffer) => {
					errors += chunk.toString('utf8');
				});
				child.once('exit', () => reject(new Error(`the stand-in exited: ${errors}`)));
			});
			assert.match(lines[0], /^Secrets Manager stand-in listening on http:\/\/127\.0\.0\.1:\d+$/);
			const env = Object.fromEntries(lines[1].split(' ').map((pair) => pair.split('=') as [string, string]));
			assert.equal(env.AWS_EC2_METADATA_DISABLED, 'true');
			const client = new SecretsManagerClient({
				endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER, region: env.AWS_REGION, maxAttempts: 1,
				credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
			});
			assert.equal((await client.send(new GetSecretValueCommand({ SecretId: 'SPAPIAppCredentials-Cli' }))).SecretString, TEAM_SECRET);
			assert.match(errors, /^Created arn:aws:secretsmanager:us-east-1:\d{12}:secret:SPAPIAppCredentials-Cli-\w{6}\n$/);
			assert.ok(!`${output}${errors}`.includes('team-client-secret'), 'the value is not printed');
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			fs.rmSync(folder, { recursive: true, force: true });
		}
	});
});
