// The command line of `lwa-token [profile] [--partner ID] [--scope SCOPE] [--format FORMAT]`. Pure.
import type { TokenFormat } from './protocol';
import { isSafeName, isTokenFormat, TOKEN_FORMATS } from './protocol';

/** What the command line asks for. */
export interface HelperArguments {
	profile?: string;
	partner?: string;
	scope?: string;
	format: TokenFormat;
}

/** The usage text, printed for --help and after a usage error. */
export const USAGE = `usage: lwa-token [profile] [--partner ID] [--scope SCOPE] [--format ${TOKEN_FORMATS.join('|')}]
Prints a valid access token of an LWA profile that has "terminal": true (refreshed first when stale).
Without a profile, the active profile. Formats: raw (default), bearer ("Bearer …"), header
("Authorization: Bearer …"), amz ("x-amz-access-token: …"), ads (the three Amazon Ads headers),
json ({"access_token","token_type","expires_at","expires_in","profile","partner"?,"scope"?}).`;

export type ParsedArguments =
	| { kind: 'arguments'; value: HelperArguments }
	| { kind: 'help' }
	| { kind: 'error'; problem: string };

/** Reads the arguments; `--name value` and `--name=value` both work; a second positional argument is an error. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
	const value: HelperArguments = { format: 'raw' };
	let format: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--help' || argument === '-h') {
			return { kind: 'help' };
		}
		const option = /^--(partner|scope|format)(?:=(.*))?$/s.exec(argument);
		if (option) {
			const name = option[1] as 'partner' | 'scope' | 'format';
			const given = option[2] ?? argv[++index];
			if (given === undefined) {
				return { kind: 'error', problem: `--${name} needs a value` };
			}
			if ((name === 'format' ? format : value[name]) !== undefined) {
				return { kind: 'error', problem: `--${name} is given twice` };
			}
			if (name === 'format') {
				format = given;
			} else if (!isSafeName(given)) {
				return { kind: 'error', problem: `the value of --${name} is empty, too long or has control characters` };
			} else {
				value[name] = given;
			}
			continue;
		}
		if (argument.startsWith('-') && argument !== '-') {
			return { kind: 'error', problem: `unknown option (known: --partner, --scope, --format, --help)` };
		}
		if (value.profile !== undefined) {
			return { kind: 'error', problem: 'only one profile can be named' };
		}
		if (!isSafeName(argument)) {
			return { kind: 'error', problem: 'the profile name is empty, too long or has control characters' };
		}
		value.profile = argument;
	}
	if (value.partner !== undefined && value.scope !== undefined) {
		return { kind: 'error', problem: '--partner and --scope cannot be given together' };
	}
	if (format !== undefined) {
		if (!isTokenFormat(format)) {
			return { kind: 'error', problem: `unknown format (known: ${TOKEN_FORMATS.join(', ')})` };
		}
		value.format = format;
	}
	return { kind: 'arguments', value };
}
