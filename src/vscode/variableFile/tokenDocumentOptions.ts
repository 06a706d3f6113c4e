// What New API Request and New Data Portability Request put in the document for a token: for a
// profile with a variable file, `{{$dotenv NAME}}` (the document then holds no token; the variable
// file holds the current one), unless the argument says `{ "tokenIn": "document" }`; otherwise the
// token itself, remembered by its keyed hash so that the .http lens can offer Refresh over it.
import type { Account } from '../../core/credentials/accounts';
import type { Profile } from '../../core/profiles';
import type { IssuedToken } from '../../core/tokenLines/issuedTokens';
import { withTokenReference } from '../../core/tokenLines/tokenReference';
import { argumentFields } from '../ui/argumentFields';

/** Told of a token the extension handed out (into a document, onto the clipboard). */
export type TokenIssuedListener = (token: string, issued: IssuedToken) => void;

/** The document's content, and whether it names the variable file instead of holding the token. */
export function tokenDocumentContent(
	profile: Profile, arg: unknown, content: string, credential: { accessToken: string; expiresAt: number }, account: Account | undefined, onTokenIssued: TokenIssuedListener | undefined,
): { content: string; reference: boolean } {
	if (profile.variableFile && argumentFields(arg).tokenIn !== 'document') {
		return { content: withTokenReference(content, credential.accessToken, profile.variableFile), reference: true };
	}
	onTokenIssued?.(credential.accessToken, { profile: profile.name, expiresAt: credential.expiresAt, ...(account ? { account } : {}) });
	return { content, reference: false };
}
