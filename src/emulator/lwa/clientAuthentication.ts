// Who is calling /auth/o2/token: client_id and client_secret from the form or from HTTP Basic, as LWA
// accepts them. The coming SP-API and Ads token exchanges authenticate clients the same way.
import type * as http from 'node:http';
import type { Reply } from '../http/replies';
import { jsonError, withHeader } from '../http/replies';
import { sameSecret } from '../secrets';
import type { EmulatorClient, EmulatorState } from '../state';

const CLIENT_AUTH_FAILED = 'Client authentication failed';

/** The calling client, and whether it proved itself with its secret. */
export interface AuthenticatedClient { client: EmulatorClient; secretVerified: boolean; }

/** The secret is optional but must be right when given; a refusal comes back as the reply to send. */
export function authenticateClient(state: EmulatorState, headers: http.IncomingHttpHeaders, form: URLSearchParams): Reply | AuthenticatedClient {
	const basic = parseBasicAuthorization(headers.authorization);
	const bodyClientId = form.get('client_id') ?? undefined;
	const bodySecret = form.get('client_secret') ?? undefined;
	let clientId: string | undefined;
	let secret: string | undefined;
	if (basic === 'malformed') {
		return invalidClient(true);
	}
	if (basic !== undefined) {
		if (bodySecret !== undefined) {
			return jsonError(400, 'invalid_request', 'The request uses more than one client authentication method');
		}
		if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
			return invalidClient(true);
		}
		clientId = basic.clientId;
		secret = basic.secret;
	} else {
		clientId = bodyClientId;
		secret = bodySecret;
	}
	if (clientId === undefined || clientId === '') {
		return jsonError(400, 'invalid_request', 'The request is missing a required parameter : client_id');
	}
	const client = state.client(clientId);
	if (client === undefined) {
		return invalidClient(basic !== undefined);
	}
	if (secret === undefined) {
		return { client, secretVerified: false };
	}
	if (client.clientSecret === undefined || !(sameSecret(secret, client.clientSecret) || previousSecretAccepted(state, client, secret))) {
		return invalidClient(basic !== undefined);
	}
	return { client, secretVerified: true };
}

/** During a rotation's overlap the old secret still works, as Amazon's does for 7 days. */
function previousSecretAccepted(state: EmulatorState, client: EmulatorClient, secret: string): boolean {
	return client.previousClientSecret !== undefined && client.previousSecretValidUntil !== undefined
		&& state.now() < client.previousSecretValidUntil && sameSecret(secret, client.previousClientSecret);
}

/** 401 invalid_client, with the Basic challenge when the client tried Basic. */
export function invalidClient(usedBasic: boolean): Reply {
	const reply = jsonError(401, 'invalid_client', CLIENT_AUTH_FAILED);
	return usedBasic ? withHeader(reply, 'WWW-Authenticate', 'Basic realm="LWA"') : reply;
}

/** `Authorization: Basic base64(client_id:client_secret)`, each part form-urlencoded (RFC 6749 2.3.1). */
function parseBasicAuthorization(header: string | undefined): { clientId: string; secret: string } | 'malformed' | undefined {
	if (header === undefined) {
		return undefined;
	}
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (match === null) {
		return /^Basic\b/i.test(header) ? 'malformed' : undefined;
	}
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon <= 0) {
		return 'malformed';
	}
	const formDecode = (value: string): string => {
		try {
			return decodeURIComponent(value.replace(/\+/g, ' '));
		} catch {
			return value;
		}
	};
	return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}
