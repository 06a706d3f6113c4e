// `node out/src/emulator/secretsManager/cli.js [--port N] [--region R] [--secret-file NAME=PATH]...`:
// runs the Secrets Manager stand-in alone, to try a team profile by hand. The first line printed is
// always `Secrets Manager stand-in listening on http://127.0.0.1:N`; the second is the environment
// that points the AWS SDK (and the extension host) at it, with this run's random test key. Each
// --secret-file makes a secret NAME in the region holding PATH's text. Ctrl-C stops it.
import * as fs from 'node:fs';
import { isLoopbackAddress } from '../http/server';
import { AWS_REGIONS, startSecretsManagerStandIn } from './standIn';

const USAGE = 'Usage: node out/src/emulator/secretsManager/cli.js [--port N] [--region us-east-1] [--host 127.0.0.1] [--secret-file NAME=PATH]...';

export interface StandInCliOptions { port: number; host: string; region: string; secretFiles: Array<{ name: string; path: string }>; }

/** Parses the arguments; throws an Error with a plain message for a bad one. */
export function parseStandInArguments(args: readonly string[]): StandInCliOptions {
	const options: StandInCliOptions = { port: 0, host: '127.0.0.1', region: 'us-east-1', secretFiles: [] };
	for (let index = 0; index < args.length; index++) {
		const name = args[index];
		const value = args[++index];
		if (value === undefined || value === '') {
			throw new Error(`${name} needs a value.`);
		}
		if (name === '--port') {
			if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
				throw new Error(`--port must be a number from 0 to 65535, not ${value}.`);
			}
			options.port = Number(value);
		} else if (name === '--host') {
			if (!isLoopbackAddress(value)) {
				throw new Error(`--host must be a loopback address, not ${value}.`);
			}
			options.host = value.replace(/^\[|\]$/g, '');
		} else if (name === '--region') {
			if (!AWS_REGIONS.includes(value)) {
				throw new Error(`--region must be an AWS region, not ${value}.`);
			}
			options.region = value;
		} else if (name === '--secret-file') {
			const equals = value.indexOf('=');
			if (equals < 1 || equals === value.length - 1) {
				throw new Error('--secret-file takes NAME=PATH.');
			}
			options.secretFiles.push({ name: value.slice(0, equals), path: value.slice(equals + 1) });
		} else {
			throw new Error(`Unknown argument ${name}.`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: StandInCliOptions;
	try {
		options = parseStandInArguments(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}
	const standIn = await startSecretsManagerStandIn({ port: options.port, host: options.host, region: options.region });
	for (const { name, path } of options.secretFiles) {
		// The file's text is never printed: only the secret's name and ARN.
		const { arn } = standIn.createSecret(name, fs.readFileSync(path, 'utf8'));
		process.stderr.write(`Created ${arn}\n`);
	}
	process.stdout.write(`Secrets Manager stand-in listening on ${standIn.url}\n`);
	process.stdout.write(`AWS_ENDPOINT_URL_SECRETS_MANAGER=${standIn.url} AWS_REGION=${standIn.region} AWS_ACCESS_KEY_ID=${standIn.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${standIn.credentials.secretAccessKey} AWS_EC2_METADATA_DISABLED=true\n`);
	const stop = (): void => {
		void standIn.close();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	void main();
}
