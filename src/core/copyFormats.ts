// The text shapes in which an access token can be copied. Pure: no 'vscode' import, so the unit tier
// tests them in plain Node (test/unit/core/copyFormats.test.ts); the picker's localized labels are
// the VS Code layer's (commands/copyCommands.ts).

/** Identifiers of the copy formats, in the order the Copy As picker lists them. */
export type CopyFormat = 'raw' | 'bearer' | 'authorizationHeader' | 'amzAccessTokenHeader' | 'curl' | 'dotenv' | 'restClientVariable';

/** One copy format: its label and description for the picker, and how it shapes a token. */
export interface CopyFormatDescription {
	format: CopyFormat;
	label: string;
	description: string;
	render(accessToken: string): string;
}

/** Where the curl example points: LWA's customer profile endpoint, which accepts any profile-scoped token. */
const CURL_EXAMPLE_URL = 'https://api.amazon.com/user/profile';

/** Every copy format, in picker order. */
export const COPY_FORMATS: readonly CopyFormatDescription[] = [
	{ format: 'raw', label: 'Access token', description: 'Atza|…', render: (token) => token },
	{ format: 'bearer', label: 'Bearer token', description: 'Bearer Atza|…', render: (token) => `Bearer ${token}` },
	{ format: 'authorizationHeader', label: 'Authorization header', description: 'Authorization: Bearer Atza|…', render: (token) => `Authorization: Bearer ${token}` },
	{ format: 'amzAccessTokenHeader', label: 'x-amz-access-token header', description: 'Selling Partner API', render: (token) => `x-amz-access-token: ${token}` },
	{ format: 'curl', label: 'curl command', description: `curl -H 'Authorization: Bearer …' ${CURL_EXAMPLE_URL}`, render: (token) => `curl -H ${shellSingleQuote(`Authorization: Bearer ${token}`)} ${CURL_EXAMPLE_URL}` },
	{ format: 'dotenv', label: '.env line', description: 'LWA_ACCESS_TOKEN=…', render: (token) => `LWA_ACCESS_TOKEN=${token}` },
	{ format: 'restClientVariable', label: 'REST Client / httpyac variable', description: '@lwaToken = …', render: (token) => `@lwaToken = ${token}` },
];

/** True when `value` names a copy format. */
export function isCopyFormat(value: unknown): value is CopyFormat {
	return COPY_FORMATS.some((entry) => entry.format === value);
}

/** The token shaped as `format`. */
export function formatToken(format: CopyFormat, accessToken: string): string {
	const entry = COPY_FORMATS.find((candidate) => candidate.format === format);
	if (!entry) {
		throw new Error(`Unknown copy format: ${String(format)}`);
	}
	return entry.render(accessToken);
}

/** Quotes a value for a POSIX shell. LWA tokens contain '|', which a shell would read as a pipe. */
function shellSingleQuote(value: string): string {
	return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}
