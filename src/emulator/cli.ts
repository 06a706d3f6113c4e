// `node out/src/emulator/cli.js --port N [--auto-approve] [--host 127.0.0.1] [--profiles]`: runs the LWA
// emulator so sign-in (and the Ads, Data Portability and SP-API stand-ins) can be tried without an Amazon
// account. The first line printed is always `LWA emulator listening on http://127.0.0.1:N`; with
// --profiles, the lwa.profiles entries for it follow as JSON (sandboxProfiles.ts); nothing is printed
// while serving.
import { isLoopbackAddress, LwaEmulator, SANDBOX_CLIENT, SANDBOX_SP_CLIENT } from './lwaEmulator';
import { SANDBOX_DATA_PORTABILITY, sandboxProfiles } from './sandboxProfiles';

/** Parsed command line. */
export interface CliOptions { port: number; host: string; autoApprove: boolean; profiles: boolean; help: boolean; }

const USAGE = 'Usage: node out/src/emulator/cli.js [--port N] [--auto-approve] [--host 127.0.0.1|::1|localhost] [--profiles]';

/** Parses the arguments; throws an Error with a plain message for a bad one. */
export function parseCliArguments(args: readonly string[]): CliOptions {
	const options: CliOptions = { port: 0, host: '127.0.0.1', autoApprove: false, profiles: false, help: false };
	for (let index = 0; index < args.length; index++) {
		const argument = args[index];
		const [name, inlineValue] = argument.startsWith('--') && argument.includes('=')
			? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
			: [argument, undefined];
		const value = (): string => {
			const next = inlineValue ?? args[++index];
			if (next === undefined || next === '') {
				throw new Error(`${name} needs a value.`);
			}
			return next;
		};
		switch (name) {
			case '--port': {
				const text = value();
				const port = Number(text);
				if (!/^\d+$/.test(text) || port > 65535) {
					throw new Error(`--port must be a number from 0 to 65535, not ${text}.`);
				}
				options.port = port;
				break;
			}
			case '--host': {
				const host = value();
				if (!isLoopbackAddress(host)) {
					throw new Error(`--host must be a loopback address (127.0.0.1, ::1 or localhost), not ${host}.`);
				}
				options.host = host.replace(/^\[|\]$/g, '');
				break;
			}
			case '--auto-approve':
				options.autoApprove = true;
				break;
			case '--profiles':
				options.profiles = true;
				break;
			case '--help':
			case '-h':
				options.help = true;
				break;
			default:
				throw new Error(`Unknown argument ${argument}.`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: CliOptions;
	try {
		options = parseCliArguments(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	let emulator: LwaEmulator;
	try {
		emulator = await LwaEmulator.start({ port: options.port, host: options.host, autoApprove: options.autoApprove, dataPortability: SANDBOX_DATA_PORTABILITY });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'EADDRINUSE' ? `port ${options.port} is already in use` : `${code ?? 'error'}`;
		process.stderr.write(`LWA emulator could not start: ${reason}.\n`);
		process.exitCode = 1;
		return;
	}
	process.stdout.write(`LWA emulator listening on ${emulator.url}\n`);
	process.stdout.write(`Sandbox client id: ${SANDBOX_CLIENT.clientId} (redirect URI ${SANDBOX_CLIENT.redirectUris[0]})\n`);
	if (options.profiles) {
		process.stdout.write(`SP-API sandbox client id: ${SANDBOX_SP_CLIENT.clientId}; client secret "${SANDBOX_SP_CLIENT.clientSecret}" (demo data; set it with "LWA: Set Client Secret")\n`);
		process.stdout.write(`lwa.profiles for this emulator (Sandbox, Ads Sandbox, Data Portability Sandbox, SP-API Sandbox):\n${JSON.stringify(sandboxProfiles(emulator), null, '\t')}\n`);
	}
	let stopping = false;
	const stop = (): void => {
		if (stopping) {
			return;
		}
		stopping = true;
		void emulator.close().then(() => {
			process.exitCode = 0;
		});
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	void main();
}
