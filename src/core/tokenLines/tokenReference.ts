// An .http document that names the variable file's token instead of holding one: each token in the
// document becomes `{{$dotenv NAME}}`, and the comments that warn about a token in the document, or
// say when it expires, give way to one that says where the token comes from. Pure.
import { dotenvReference } from './tokenLines';

/** Comment lines about a token the document no longer holds (the builders' words). */
const TOKEN_COMMENTS = [
	/^# The access token below expires at /,
	/^# For a fresh token, run /,
	/^# This document holds (a bearer|an access) token: /,
	/^# other extensions can read it and the editor may back it up to disk/,
];

/** `content` with every `token` replaced by the variable's reference and the comments adjusted. */
export function withTokenReference(content: string, token: string, variable: { file: string; name: string }): string {
	const lines = content.split(token).join(dotenvReference(variable.name)).split('\n').filter((line) => !TOKEN_COMMENTS.some((pattern) => pattern.test(line)));
	const note = [
		`# The access token is ${variable.name} of ${variable.file} in the workspace folder, which LWA Credentials keeps current.`,
		'# REST Client reads the .env file next to the saved .http file; httpyac reads the .env files of the project.',
	];
	return [lines[0], ...note, ...lines.slice(1)].join('\n');
}
