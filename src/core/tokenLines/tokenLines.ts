// Where a .http document holds a bearer token, in the shapes the extension writes (REST Client and
// httpyac syntax): a file variable `@accessToken = <token>`, `Authorization: Bearer <token>` and
// `x-amz-access-token: <token>`. Pure; the CodeLens asks IssuedTokens whether a found value is a token
// this window wrote, so a look-alike written by someone else gets no lens.

/** A token value on a line: its character offsets within the line. */
export interface TokenOnLine {
	start: number;
	end: number;
	token: string;
}

/** Longer lines are not looked at (no token is that long; a minified blob is not a request). */
export const MAX_TOKEN_LINE_LENGTH = 9000;

const SHAPES = [
	/^([ \t]*@[A-Za-z_][A-Za-z0-9_.-]*[ \t]*=[ \t]*)([\x21-\x7e]+)[ \t]*$/,
	/^([ \t]*Authorization[ \t]*:[ \t]*Bearer[ \t]+)([\x21-\x7e]+)[ \t]*$/i,
	/^([ \t]*x-amz-access-token[ \t]*:[ \t]*)([\x21-\x7e]+)[ \t]*$/i,
];

/** The token-shaped value of a line, or undefined. A `{{variable}}` reference is not a token. */
export function tokenOnLine(line: string): TokenOnLine | undefined {
	if (line.length > MAX_TOKEN_LINE_LENGTH) {
		return undefined;
	}
	for (const shape of SHAPES) {
		const match = shape.exec(line);
		if (match && !match[2].includes('{{')) {
			return { start: match[1].length, end: match[1].length + match[2].length, token: match[2] };
		}
	}
	return undefined;
}

/** REST Client's and httpyac's reference to a variable of the .env file. */
export function dotenvReference(name: string): string {
	return `{{$dotenv ${name}}}`;
}
