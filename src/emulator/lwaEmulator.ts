// A local HTTP server that speaks Login with Amazon's wire format (/ap/oa, /auth/o2/token,
// /auth/o2/tokeninfo, /user/profile). Tests use it as a library; `npm start` runs it through cli.ts so
// sign-in can be tried without an Amazon account. It is written independently of src/core on purpose:
// the protocol client is tested against a server it did not write.
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { consentPage, errorPage, formTargetOf, pageSecurityPolicy } from './pages';

/** A registered LWA security profile. */
export interface EmulatorClient {
	clientId: string;
	/** Absent: a public client (no refresh tokens, no client_credentials). */
	clientSecret?: string;
	/** Allowed Return URLs; matched exactly, query string included. */
	redirectUris: string[];
	/** The `app_id` reported by tokeninfo; derived from the client id when absent. */
	appId?: string;
	/** Shown on the consent page; defaults to the client id. */
	name?: string;
}

/** The Amazon customer the emulator signs in. */
export interface EmulatorUser { userId: string; name: string; email: string; postalCode: string; }

/**
 * A transport or server failure to inject. `slow` delays the whole response, `slowBody` sends the headers
 * and half of the real body and then stalls, `html` answers with a web page (status 200 unless given),
 * `truncatedJson` a cut-off JSON body, `resetMidBody` headers and part of a body and then a TCP reset,
 * `oversized` a valid-looking JSON body of `bytes` bytes. All but `slow` and `slowBody` answer without
 * touching the emulator's state (no code is consumed, no token issued).
 */
export type EmulatorFault =
	| { kind: 'slow'; delayMs: number } | { kind: 'status500' } | { kind: 'status503' }
	| { kind: 'rateLimit'; retryAfterSeconds: number } | { kind: 'html'; status?: number } | { kind: 'truncatedJson' }
	| { kind: 'resetMidBody' } | { kind: 'oversized'; bytes: number } | { kind: 'slowBody'; delayMs: number };

/** Options of {@link LwaEmulator.start}. */
export interface EmulatorOptions {
	/** 0 = any free port (default). */
	port?: number;
	/** Interface to listen on; loopback only, default '127.0.0.1'. */
	host?: string;
	/** Registered clients; default: only {@link SANDBOX_CLIENT}. */
	clients?: EmulatorClient[];
	/** Default false: /ap/oa shows a consent page with Allow and Deny. */
	autoApprove?: boolean;
	/** Default 3600. */
	accessTokenLifetimeSeconds?: number;
	/** Default 300. */
	codeLifetimeSeconds?: number;
	/** Clock in epoch milliseconds, default Date.now. */
	now?: () => number;
	user?: EmulatorUser;
	/** Debug log: one line per request (method, path, status). Never receives query strings, bodies or secrets. */
	log?: (line: string) => void;
}

/** Counters, no secrets. */
export interface EmulatorStats {
	/** Requests that reached /auth/o2/token, faulted ones included. */
	tokenRequests: number;
	/** Token requests by `grant_type` ('(none)' when absent or unreadable). */
	byGrant: Record<string, number>;
	/** Token requests by outcome: 'success', the LWA error code, or 'fault:<kind>'. */
	byOutcome: Record<string, number>;
	/** Requests that reached /ap/oa. */
	authorizeRequests: number;
}

/** The demo security profile registered by default. Its secret is public demo data, not a credential. */
export const SANDBOX_CLIENT: EmulatorClient = Object.freeze({
	clientId: 'amzn1.application-oa2-client.sandbox',
	clientSecret: 'sandbox-secret',
	redirectUris: Object.freeze(['http://127.0.0.1:53682/lwa/callback']) as string[],
	appId: 'amzn1.application.sandbox',
	name: 'LWA Credentials sandbox',
}) as EmulatorClient;

/** The customer signed in by default. */
export const SANDBOX_USER: EmulatorUser = Object.freeze({
	userId: 'amzn1.account.AEMULATORSANDBOXUSER0000000',
	name: 'Sandbox User',
	email: 'sandbox.user@example.com',
	postalCode: '98109',
});

/** Real LWA wording for a redirect URI that is not an Allowed Return URL. */
export const REDIRECT_NOT_WHITELISTED = 'The redirect URI you provided has not been whitelisted for your application. Please add your redirect URI in the \'Allowed Return URLs\' section under \'Web Settings\' for your Security Profile on Amazon Developer Portal.';

const PROFILE_SCOPES = new Set(['profile', 'profile:user_id', 'postal_code']);
/** Namespaced API scopes such as `advertising::campaign_management`, `alexa::ask:skills:read`, `cpc_advertising:campaign_management`. */
const NAMESPACED_SCOPE = /^[A-Za-z0-9_.-]+(?:::?[A-Za-z0-9_.-]+)+$/;
/** RFC 7636: 43..128 characters of the unreserved set (verifier and challenge alike). */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
const MAX_REQUEST_BODY_BYTES = 64 * 1024;
const PENDING_CONSENT_LIFETIME_MS = 10 * 60 * 1000;
const RESET_AFTER_PARTIAL_BODY_MS = 25;

const INVALID_CODE = 'The request has an invalid grant parameter : code';
const INVALID_REFRESH_TOKEN = 'The request has an invalid grant parameter : refresh_token. User may have revoked or didn\'t grant the permission.';
const CLIENT_AUTH_FAILED = 'Client authentication failed';
const INVALID_ACCESS_TOKEN = 'The request has an invalid parameter : access_token';
const UNKNOWN_SCOPE = 'An unknown scope was requested';

interface PendingAuthorization {
	clientId: string;
	redirectUri: string;
	scopes: string[];
	state?: string;
	codeChallenge?: string;
	codeChallengeMethod?: 'S256' | 'plain';
	expiresAt: number;
}

interface CodeRecord {
	clientId: string;
	redirectUri: string;
	scopes: string[];
	userId: string;
	codeChallenge?: string;
	codeChallengeMethod?: 'S256' | 'plain';
	expiresAt: number;
}

interface AccessTokenRecord { clientId: string; userId?: string; scopes: string[]; issuedAt: number; expiresAt: number; }
interface RefreshTokenRecord { clientId: string; userId: string; scopes: string[]; revoked: boolean; }

interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** For token-endpoint statistics: 'success' or the error code. */
	outcome?: string;
}

interface ActiveFault { fault: EmulatorFault; remaining?: number; paths: string[]; }

/** A Login with Amazon server on loopback. Start with {@link LwaEmulator.start}; always {@link LwaEmulator.close}. */
export class LwaEmulator {
	readonly url: string;
	readonly port: number;
	readonly endpoints: { authorization: string; token: string; tokeninfo: string; profile: string };
	autoApprove: boolean;

	private readonly server: http.Server;
	private readonly now: () => number;
	private readonly user: EmulatorUser;
	private readonly accessTokenLifetimeSeconds: number;
	private readonly codeLifetimeSeconds: number;
	private readonly log?: (line: string) => void;
	private readonly clients = new Map<string, EmulatorClient>();
	private readonly pending = new Map<string, PendingAuthorization>();
	private readonly codes = new Map<string, CodeRecord>();
	private readonly accessTokens = new Map<string, AccessTokenRecord>();
	private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
	private readonly sockets = new Set<Socket>();
	/** Every secret value that crossed the emulator, kept for leak scans (see {@link secretsSeen}). */
	private readonly seenSecrets = new Set<string>();
	private readonly cancelWaits = new Set<() => void>();
	private activeFault?: ActiveFault;
	private counters: EmulatorStats = emptyStats();
	private closed = false;

	private constructor(server: http.Server, host: string, port: number, options: EmulatorOptions) {
		this.server = server;
		this.port = port;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
		this.endpoints = {
			authorization: `${this.url}/ap/oa`,
			token: `${this.url}/auth/o2/token`,
			tokeninfo: `${this.url}/auth/o2/tokeninfo`,
			profile: `${this.url}/user/profile`,
		};
		this.autoApprove = options.autoApprove ?? false;
		this.now = options.now ?? Date.now;
		this.user = options.user ?? SANDBOX_USER;
		this.accessTokenLifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3600;
		this.codeLifetimeSeconds = options.codeLifetimeSeconds ?? 300;
		this.log = options.log;
		for (const client of options.clients ?? [SANDBOX_CLIENT]) {
			this.registerClient(client);
		}
	}

	/** Starts listening (loopback only) and resolves once the port is known. */
	static async start(options: EmulatorOptions = {}): Promise<LwaEmulator> {
		const host = options.host ?? '127.0.0.1';
		if (!isLoopbackAddress(host)) {
			throw new Error(`The LWA emulator listens on loopback only, not on ${host}.`);
		}
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const address = server.address();
		const port = typeof address === 'object' && address !== null ? address.port : 0;
		const emulator = new LwaEmulator(server, host, port, options);
		server.on('connection', (socket: Socket) => emulator.track(socket));
		server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
			emulator.onRequest(request, response).catch(() => {
				// A handler failure must not crash the test process; the connection is simply dropped.
				response.destroy();
			});
		});
		return emulator;
	}

	/** Counters, no secrets (a copy). */
	get stats(): EmulatorStats {
		return {
			tokenRequests: this.counters.tokenRequests,
			byGrant: { ...this.counters.byGrant },
			byOutcome: { ...this.counters.byOutcome },
			authorizeRequests: this.counters.authorizeRequests,
		};
	}

	resetStats(): void {
		this.counters = emptyStats();
	}

	/** Adds a client, or replaces the one with the same client id. */
	registerClient(client: EmulatorClient): void {
		this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
	}

	/** Injects a fault into the next `times` (default: all until cleared) requests to `paths` (default: ['/auth/o2/token']). */
	setFault(fault: EmulatorFault | undefined, options: { times?: number; paths?: string[] } = {}): void {
		if (fault === undefined || options.times === 0) {
			this.activeFault = undefined;
			return;
		}
		this.activeFault = { fault, remaining: options.times, paths: (options.paths ?? ['/auth/o2/token']).map(normalizePath) };
	}

	/** Every refresh token issued so far now gives invalid_grant (as when the user removes the app). */
	revokeRefreshTokens(): void {
		for (const record of this.refreshTokens.values()) {
			record.revoked = true;
		}
	}

	/** Stops listening and destroys every connection, stalled ones included. */
	/**
	 * Every authorization code, access token and refresh token the emulator issued and every PKCE
	 * verifier it received, for tests that search logs and files for leaked secrets. Never printed.
	 */
	secretsSeen(): string[] {
		return [...this.seenSecrets];
	}

	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (const cancel of [...this.cancelWaits]) {
			cancel();
		}
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) {
			socket.destroy();
		}
		this.server.closeAllConnections();
		await closing;
	}

	private track(socket: Socket): void {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		if (this.closed) {
			socket.destroy();
		}
	}

	private async onRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.url);
		const path = normalizePath(url.pathname);
		const method = request.method ?? 'GET';
		const body = await readBody(request);
		if (body === undefined) {
			this.finish(request, response, path, jsonError(413, 'invalid_request', 'The request body is too large'));
			return;
		}
		const isToken = path === '/auth/o2/token';
		let form: URLSearchParams | undefined;
		if (isToken) {
			form = method === 'POST' && isFormContentType(request.headers['content-type']) ? new URLSearchParams(body) : undefined;
			this.counters.tokenRequests++;
			const grant = form?.get('grant_type') ?? '(none)';
			this.counters.byGrant[grant] = (this.counters.byGrant[grant] ?? 0) + 1;
		} else if (path === '/ap/oa') {
			this.counters.authorizeRequests++;
		}

		const fault = this.takeFault(path);
		if (fault !== undefined) {
			if (isToken) {
				this.countOutcome(`fault:${fault.kind}`);
			}
			await this.answerWithFault(fault, request, response, path, () => this.handle(request, method, path, url, body, form));
			return;
		}
		this.finish(request, response, path, this.handle(request, method, path, url, body, form));
	}

	/** Routes the request and counts the outcome of token requests. */
	private handle(request: http.IncomingMessage, method: string, path: string, url: URL, body: string, form: URLSearchParams | undefined): Reply {
		const reply = this.route(request, method, path, url, body, form);
		if (path === '/auth/o2/token' && reply.outcome !== undefined) {
			this.countOutcome(reply.outcome);
		}
		return reply;
	}

	private countOutcome(outcome: string): void {
		this.counters.byOutcome[outcome] = (this.counters.byOutcome[outcome] ?? 0) + 1;
	}

	private takeFault(path: string): EmulatorFault | undefined {
		const active = this.activeFault;
		if (active === undefined || !active.paths.includes(path)) {
			return undefined;
		}
		if (active.remaining !== undefined) {
			active.remaining--;
			if (active.remaining <= 0) {
				this.activeFault = undefined;
			}
		}
		return active.fault;
	}

	private route(request: http.IncomingMessage, method: string, path: string, url: URL, body: string, form: URLSearchParams | undefined): Reply {
		switch (path) {
			case '/ap/oa':
				return method === 'GET' ? this.authorize(url.searchParams) : methodNotAllowed('GET');
			case '/ap/oa/decision':
				return method === 'POST' ? this.decide(request, body) : methodNotAllowed('POST');
			case '/auth/o2/token':
				if (method !== 'POST') {
					return { ...methodNotAllowed('POST'), outcome: 'method_not_allowed' };
				}
				if (form === undefined) {
					return jsonError(400, 'invalid_request', 'The request has an invalid parameter : Content-Type');
				}
				return this.token(request, form);
			case '/auth/o2/tokeninfo':
				return method === 'GET' ? this.tokenInfo(url.searchParams) : methodNotAllowed('GET');
			case '/user/profile':
				return method === 'GET' ? this.profile(request, url.searchParams) : methodNotAllowed('GET');
			default:
				return jsonReply(404, { error: 'not_found', error_description: 'There is nothing at this path' });
		}
	}

	// ---- /ap/oa ----------------------------------------------------------------------------------

	private authorize(query: URLSearchParams): Reply {
		const clientIds = query.getAll('client_id');
		if (clientIds.length === 0 || clientIds[0] === '') {
			return htmlErrorReply('The request is missing a required parameter : client_id');
		}
		const client = clientIds.length === 1 ? this.clients.get(clientIds[0]) : undefined;
		if (client === undefined) {
			return htmlErrorReply('Unknown client_id');
		}
		const redirectUris = query.getAll('redirect_uri');
		if (redirectUris.length === 0 || redirectUris[0] === '') {
			return htmlErrorReply('The request is missing a required parameter : redirect_uri');
		}
		const redirectUri = redirectUris[0];
		if (redirectUris.length > 1 || !client.redirectUris.includes(redirectUri)) {
			return htmlErrorReply(REDIRECT_NOT_WHITELISTED);
		}

		// From here on, errors go back to the client by redirect, with the state echoed.
		const state = query.get('state') ?? undefined;
		const fail = (error: string, description: string): Reply =>
			redirectReply(appendQuery(redirectUri, [['error', error], ['error_description', description], ['state', state]]));

		for (const name of ['response_type', 'scope', 'scope_data', 'state', 'code_challenge', 'code_challenge_method']) {
			if (query.getAll(name).length > 1) {
				return fail('invalid_request', `The request has a duplicate parameter : ${name}`);
			}
		}
		const responseType = query.get('response_type');
		if (responseType === null || responseType === '') {
			return fail('invalid_request', 'The request is missing a required parameter : response_type');
		}
		if (responseType !== 'code') {
			return fail('unsupported_response_type', 'The authorization server does not support obtaining an authorization code using this method');
		}
		const scopes = splitScopes(query.get('scope') ?? '');
		if (scopes.length === 0) {
			return fail('invalid_scope', 'The request is missing a required parameter : scope');
		}
		if (!scopes.every(isKnownScope)) {
			return fail('invalid_scope', UNKNOWN_SCOPE);
		}
		const essential = parseScopeData(query.get('scope_data'), scopes);
		if (essential === undefined) {
			return fail('invalid_request', 'The request has an invalid parameter : scope_data');
		}
		const codeChallenge = query.get('code_challenge') ?? undefined;
		const method = query.get('code_challenge_method') ?? undefined;
		let codeChallengeMethod: 'S256' | 'plain' | undefined;
		if (codeChallenge === undefined) {
			if (method !== undefined) {
				return fail('invalid_request', 'The request is missing a required parameter : code_challenge');
			}
		} else {
			if (method !== undefined && method !== 'S256' && method !== 'plain') {
				return fail('invalid_request', 'The request has an invalid parameter : code_challenge_method');
			}
			// LWA: "S256 is recommended. Can also be set to plain. Defaults to plain if no option is present."
			codeChallengeMethod = method ?? 'plain';
			if (!PKCE_VALUE.test(codeChallenge)) {
				return fail('invalid_request', 'The request has an invalid parameter : code_challenge');
			}
		}

		const authorization: PendingAuthorization = {
			clientId: client.clientId, redirectUri, scopes, state, codeChallenge, codeChallengeMethod,
			expiresAt: this.now() + PENDING_CONSENT_LIFETIME_MS,
		};
		if (this.autoApprove) {
			return this.approve(authorization);
		}
		const requestId = randomToken(32);
		this.prunePending();
		this.pending.set(requestId, authorization);
		const html = consentPage({
			requestId,
			appName: client.name ?? client.clientId,
			scopes,
			essential,
			userName: this.user.name,
			userEmail: this.user.email,
			returnHost: describeReturnTarget(redirectUri),
		});
		const formTarget = formTargetOf(redirectUri);
		return htmlReply(200, html, formTarget === undefined ? [] : [formTarget]);
	}

	private approve(authorization: PendingAuthorization): Reply {
		const code = 'AN' + randomAlphanumeric(30);
		this.seenSecrets.add(code);
		this.pruneCodes();
		this.codes.set(code, {
			clientId: authorization.clientId,
			redirectUri: authorization.redirectUri,
			scopes: authorization.scopes,
			userId: this.user.userId,
			codeChallenge: authorization.codeChallenge,
			codeChallengeMethod: authorization.codeChallengeMethod,
			expiresAt: this.now() + this.codeLifetimeSeconds * 1000,
		});
		return redirectReply(appendQuery(authorization.redirectUri, [
			['code', code], ['scope', authorization.scopes.join(' ')], ['state', authorization.state],
		]));
	}

	private decide(request: http.IncomingMessage, body: string): Reply {
		const form = isFormContentType(request.headers['content-type']) ? new URLSearchParams(body) : new URLSearchParams();
		const requestId = form.get('request') ?? '';
		const decision = form.get('decision');
		const authorization = this.pending.get(requestId);
		if (authorization === undefined || authorization.expiresAt <= this.now()) {
			this.pending.delete(requestId);
			return htmlErrorReply('This sign-in request has expired or was already answered. Start the sign-in again from your application.');
		}
		if (decision !== 'allow' && decision !== 'deny') {
			return htmlErrorReply('The request has an invalid parameter : decision');
		}
		this.pending.delete(requestId);
		if (decision === 'allow') {
			return this.approve(authorization);
		}
		return redirectReply(appendQuery(authorization.redirectUri, [
			['error', 'access_denied'],
			['error_description', 'The user denied the request.'],
			['state', authorization.state],
		]));
	}

	// ---- /auth/o2/token --------------------------------------------------------------------------

	private token(request: http.IncomingMessage, form: URLSearchParams): Reply {
		for (const name of new Set(form.keys())) {
			if (form.getAll(name).length > 1) {
				return jsonError(400, 'invalid_request', `The request has a duplicate parameter : ${name}`);
			}
		}
		const grantType = form.get('grant_type');
		if (grantType === null || grantType === '') {
			return jsonError(400, 'invalid_request', 'The request is missing a required parameter : grant_type');
		}
		if (grantType !== 'authorization_code' && grantType !== 'refresh_token' && grantType !== 'client_credentials') {
			return jsonError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
		}
		const authentication = this.authenticateClient(request, form);
		if ('status' in authentication) {
			return authentication;
		}
		const { client, secretVerified } = authentication;
		switch (grantType) {
			case 'authorization_code':
				return this.exchangeCode(client, secretVerified, form);
			case 'refresh_token':
				return this.refresh(client, secretVerified, form);
			case 'client_credentials':
				return this.clientCredentials(client, secretVerified, form);
		}
	}

	/** client_id and client_secret from the form or from HTTP Basic; the secret is optional but must be right when given. */
	private authenticateClient(request: http.IncomingMessage, form: URLSearchParams): Reply | { client: EmulatorClient; secretVerified: boolean } {
		const basic = parseBasicAuthorization(request.headers.authorization);
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
		const client = this.clients.get(clientId);
		if (client === undefined) {
			return invalidClient(basic !== undefined);
		}
		if (secret === undefined) {
			return { client, secretVerified: false };
		}
		if (client.clientSecret === undefined || !sameSecret(secret, client.clientSecret)) {
			return invalidClient(basic !== undefined);
		}
		return { client, secretVerified: true };
	}

	private exchangeCode(client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
		const code = form.get('code');
		if (code === null || code === '') {
			return jsonError(400, 'invalid_request', 'The request is missing a required parameter : code');
		}
		const redirectUri = form.get('redirect_uri');
		if (redirectUri === null || redirectUri === '') {
			return jsonError(400, 'invalid_request', 'The request is missing a required parameter : redirect_uri');
		}
		const record = this.codes.get(code);
		// A code is single-use: the first exchange attempt consumes it, whatever its result.
		this.codes.delete(code);
		if (record === undefined || record.expiresAt <= this.now() || record.clientId !== client.clientId || record.redirectUri !== redirectUri) {
			return jsonError(400, 'invalid_grant', INVALID_CODE);
		}
		if (record.codeChallenge !== undefined) {
			const verifier = form.get('code_verifier');
			if (verifier !== null) {
				this.seenSecrets.add(verifier);
			}
			if (verifier === null || !PKCE_VALUE.test(verifier) || !pkceMatches(verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain')) {
				return jsonError(400, 'invalid_grant', 'The request has an invalid grant parameter : code_verifier');
			}
		}
		const accessToken = this.issueAccessToken(client.clientId, record.userId, record.scopes);
		const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: this.accessTokenLifetimeSeconds };
		if (secretVerified) {
			// Real LWA: "If no client_secret is passed, the response returns no refresh token".
			const refreshToken = 'Atzr|' + randomToken(270);
			this.seenSecrets.add(refreshToken);
			this.refreshTokens.set(refreshToken, { clientId: client.clientId, userId: record.userId, scopes: record.scopes, revoked: false });
			body.refresh_token = refreshToken;
		}
		return tokenReply(body);
	}

	private refresh(client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
		const refreshToken = form.get('refresh_token');
		if (refreshToken === null || refreshToken === '') {
			return jsonError(400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
		}
		const record = this.refreshTokens.get(refreshToken);
		if (record === undefined || record.revoked || record.clientId !== client.clientId) {
			return jsonError(400, 'invalid_grant', INVALID_REFRESH_TOKEN);
		}
		const accessToken = this.issueAccessToken(client.clientId, record.userId, record.scopes);
		const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: this.accessTokenLifetimeSeconds };
		if (secretVerified) {
			// Like the Ads and Selling Partner APIs describe: the same refresh token comes back.
			body.refresh_token = refreshToken;
		}
		return tokenReply(body);
	}

	private clientCredentials(client: EmulatorClient, secretVerified: boolean, form: URLSearchParams): Reply {
		if (client.clientSecret === undefined) {
			return jsonError(400, 'unauthorized_client', 'The client is not authorized to use this grant type');
		}
		if (!secretVerified) {
			return invalidClient(false);
		}
		const scopes = splitScopes(form.get('scope') ?? '');
		if (scopes.length === 0) {
			return jsonError(400, 'invalid_scope', 'The request is missing a required parameter : scope');
		}
		// There is no customer in this grant, so customer profile scopes make no sense.
		if (!scopes.every((scope) => isKnownScope(scope) && !PROFILE_SCOPES.has(scope))) {
			return jsonError(400, 'invalid_scope', UNKNOWN_SCOPE);
		}
		const accessToken = this.issueAccessToken(client.clientId, undefined, scopes);
		return tokenReply({ access_token: accessToken, scope: scopes.join(' '), token_type: 'bearer', expires_in: this.accessTokenLifetimeSeconds });
	}

	private issueAccessToken(clientId: string, userId: string | undefined, scopes: string[]): string {
		const token = 'Atza|' + randomToken(270);
		this.seenSecrets.add(token);
		const issuedAt = this.now();
		this.pruneAccessTokens();
		this.accessTokens.set(token, { clientId, userId, scopes, issuedAt, expiresAt: issuedAt + this.accessTokenLifetimeSeconds * 1000 });
		return token;
	}

	// ---- /auth/o2/tokeninfo and /user/profile ----------------------------------------------------

	private validAccessToken(token: string): AccessTokenRecord | undefined {
		const record = this.accessTokens.get(token);
		return record !== undefined && record.expiresAt > this.now() ? record : undefined;
	}

	private tokenInfo(query: URLSearchParams): Reply {
		const token = query.get('access_token');
		if (token === null || token === '') {
			return jsonError(400, 'invalid_request', 'The request is missing a required parameter : access_token');
		}
		const record = this.validAccessToken(token);
		if (record === undefined) {
			return jsonError(400, 'invalid_token', INVALID_ACCESS_TOKEN);
		}
		const client = this.clients.get(record.clientId);
		const body: Record<string, unknown> = { iss: 'https://www.amazon.com' };
		if (record.userId !== undefined) {
			body.user_id = record.userId;
		}
		body.aud = record.clientId;
		body.app_id = client?.appId ?? derivedAppId(record.clientId);
		body.exp = Math.floor((record.expiresAt - this.now()) / 1000);
		body.iat = Math.floor(record.issuedAt / 1000);
		return jsonReply(200, body);
	}

	private profile(request: http.IncomingMessage, query: URLSearchParams): Reply {
		const authorization = request.headers.authorization;
		const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
		const amzHeader = request.headers['x-amz-access-token'];
		const token = bearer ?? (typeof amzHeader === 'string' ? amzHeader : undefined) ?? query.get('access_token') ?? '';
		if (token === '') {
			return withHeader(jsonError(400, 'invalid_request', 'The request is missing a required parameter : access_token'), 'WWW-Authenticate', 'Bearer');
		}
		const record = this.validAccessToken(token);
		if (record === undefined) {
			return withHeader(jsonError(401, 'invalid_token', INVALID_ACCESS_TOKEN), 'WWW-Authenticate', 'Bearer error="invalid_token"');
		}
		const granted = new Set(record.scopes);
		if (record.userId === undefined || ![...PROFILE_SCOPES].some((scope) => granted.has(scope))) {
			return withHeader(jsonError(403, 'insufficient_scope', 'The access token was not granted a customer profile scope'), 'WWW-Authenticate', 'Bearer error="insufficient_scope"');
		}
		const body: Record<string, unknown> = { user_id: this.user.userId };
		if (granted.has('profile')) {
			body.name = this.user.name;
			body.email = this.user.email;
		}
		if (granted.has('postal_code')) {
			body.postal_code = this.user.postalCode;
		}
		return jsonReply(200, body);
	}

	// ---- sending -----------------------------------------------------------------------------------

	private finish(request: http.IncomingMessage, response: http.ServerResponse, path: string, reply: Reply): void {
		if (response.destroyed) {
			return;
		}
		response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
		response.end(reply.body);
		this.log?.(`${request.method ?? 'GET'} ${path} -> ${reply.status}`);
	}

	private async answerWithFault(fault: EmulatorFault, request: http.IncomingMessage, response: http.ServerResponse, path: string, real: () => Reply): Promise<void> {
		this.log?.(`${request.method ?? 'GET'} ${path} -> fault ${fault.kind}`);
		switch (fault.kind) {
			case 'slow': {
				const waited = await this.wait(fault.delayMs, response);
				if (waited) {
					this.finish(request, response, path, real());
				}
				return;
			}
			case 'slowBody': {
				const reply = real();
				const bytes = Buffer.from(reply.body, 'utf8');
				const half = Math.floor(bytes.length / 2);
				response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(bytes.length) });
				response.write(bytes.subarray(0, half));
				const waited = await this.wait(fault.delayMs, response);
				if (waited) {
					response.end(bytes.subarray(half));
				}
				return;
			}
			case 'status500':
				this.finish(request, response, path, jsonError(500, 'server_error', 'The server encountered an internal error'));
				return;
			case 'status503':
				this.finish(request, response, path, jsonError(503, 'temporarily_unavailable', 'The service is temporarily unavailable'));
				return;
			case 'rateLimit':
				this.finish(request, response, path, withHeader(
					jsonError(429, 'rate_limit_exceeded', 'Rate exceeded'), 'Retry-After', String(fault.retryAfterSeconds)));
				return;
			case 'html': {
				const status = fault.status ?? 200;
				const page = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>';
				this.finish(request, response, path, { status, headers: { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' }, body: page });
				return;
			}
			case 'truncatedJson': {
				const full = JSON.stringify({ access_token: 'Atza|' + randomToken(270), token_type: 'bearer', expires_in: 3600 });
				this.finish(request, response, path, { status: 200, headers: jsonHeaders(), body: full.slice(0, Math.floor(full.length / 3)) });
				return;
			}
			case 'resetMidBody': {
				const full = JSON.stringify({ access_token: 'Atza|' + randomToken(270), token_type: 'bearer', expires_in: 3600 });
				const bytes = Buffer.from(full, 'utf8');
				response.writeHead(200, { ...jsonHeaders(), 'Content-Length': String(bytes.length) });
				response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
				// Let the headers and the first half reach the client, then reset the connection.
				await this.wait(RESET_AFTER_PARTIAL_BODY_MS, response);
				const socket = response.socket ?? request.socket;
				if (typeof socket.resetAndDestroy === 'function') {
					socket.resetAndDestroy();
				} else {
					socket.destroy();
				}
				return;
			}
			case 'oversized':
				await this.sendOversized(response, Math.max(0, fault.bytes));
				return;
		}
	}

	/** Streams a valid JSON token response of exactly `size` bytes (at least its minimal length), chunked. */
	private async sendOversized(response: http.ServerResponse, size: number): Promise<void> {
		const head = `{"access_token":"Atza|${randomToken(270)}","token_type":"bearer","expires_in":3600,"padding":"`;
		const tail = '"}';
		let padding = Math.max(0, size - head.length - tail.length);
		response.writeHead(200, jsonHeaders());
		response.write(head);
		const chunk = 'A'.repeat(64 * 1024);
		while (padding > 0) {
			if (response.destroyed || this.closed) {
				return;
			}
			const piece = padding >= chunk.length ? chunk : chunk.slice(0, padding);
			padding -= piece.length;
			if (!response.write(piece)) {
				const drained = await new Promise<boolean>((resolve) => {
					const cancel = (): void => {
						this.cancelWaits.delete(cancel);
						response.off('drain', onDrain);
						response.off('close', cancel);
						resolve(false);
					};
					const onDrain = (): void => {
						this.cancelWaits.delete(cancel);
						response.off('close', cancel);
						resolve(true);
					};
					response.once('drain', onDrain);
					response.once('close', cancel);
					this.cancelWaits.add(cancel);
				});
				if (!drained) {
					return;
				}
			}
		}
		response.end(tail);
	}

	/** Waits `ms`; resolves false early when the client goes away or the emulator closes. */
	private wait(ms: number, response: http.ServerResponse): Promise<boolean> {
		return new Promise<boolean>((resolve) => {
			const done = (result: boolean): void => {
				clearTimeout(timer);
				this.cancelWaits.delete(cancel);
				response.off('close', cancel);
				resolve(result);
			};
			const cancel = (): void => done(false);
			const timer = setTimeout(() => done(!this.closed && !response.destroyed), ms);
			this.cancelWaits.add(cancel);
			response.once('close', cancel);
		});
	}

	// ---- housekeeping --------------------------------------------------------------------------------

	private prunePending(): void {
		const now = this.now();
		for (const [id, record] of this.pending) {
			if (record.expiresAt <= now) {
				this.pending.delete(id);
			}
		}
	}

	private pruneCodes(): void {
		const now = this.now();
		for (const [code, record] of this.codes) {
			if (record.expiresAt <= now) {
				this.codes.delete(code);
			}
		}
	}

	private pruneAccessTokens(): void {
		if (this.accessTokens.size < 1000) {
			return;
		}
		const now = this.now();
		for (const [token, record] of this.accessTokens) {
			if (record.expiresAt <= now) {
				this.accessTokens.delete(token);
			}
		}
	}
}

// ---- helpers ---------------------------------------------------------------------------------------

function emptyStats(): EmulatorStats {
	return { tokenRequests: 0, byGrant: {}, byOutcome: {}, authorizeRequests: 0 };
}

/** Paths are matched case-insensitively for /auth/o2 (older Amazon docs spell it /auth/O2) and without a trailing slash. */
function normalizePath(pathname: string): string {
	const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
	return trimmed.toLowerCase();
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackAddress(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
	return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_REQUEST_BODY_BYTES) {
				tooLarge = true;
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
		request.on('error', () => resolve(undefined));
	});
}

function isFormContentType(contentType: string | undefined): boolean {
	return contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function splitScopes(scope: string): string[] {
	return [...new Set(scope.split(/\s+/).filter((part) => part !== ''))];
}

function isKnownScope(scope: string): boolean {
	return PROFILE_SCOPES.has(scope) || NAMESPACED_SCOPE.test(scope);
}

/** scope_data: `{"profile":{"essential":true}}`; returns scope -> essential, or undefined when malformed. */
function parseScopeData(raw: string | null, scopes: readonly string[]): Map<string, boolean> | undefined {
	const result = new Map<string, boolean>();
	if (raw === null) {
		return result;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return undefined;
	}
	for (const [scope, value] of Object.entries(parsed as Record<string, unknown>)) {
		if (!scopes.includes(scope) || typeof value !== 'object' || value === null) {
			return undefined;
		}
		const essential = (value as Record<string, unknown>).essential;
		if (essential !== undefined && typeof essential !== 'boolean') {
			return undefined;
		}
		if (essential !== undefined) {
			result.set(scope, essential);
		}
	}
	return result;
}

/**
 * Appends parameters to a redirect URI without re-encoding what it already carries (an Allowed Return
 * URL may have its own query string, matched exactly), before any fragment. Undefined values are skipped.
 */
export function appendQuery(uri: string, params: ReadonlyArray<readonly [string, string | undefined]>): string {
	const hashIndex = uri.indexOf('#');
	const base = hashIndex === -1 ? uri : uri.slice(0, hashIndex);
	const fragment = hashIndex === -1 ? '' : uri.slice(hashIndex);
	const encoded = params
		.filter((param): param is readonly [string, string] => param[1] !== undefined)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
	if (encoded === '') {
		return uri;
	}
	let separator = '?';
	if (base.includes('?')) {
		separator = base.endsWith('?') || base.endsWith('&') ? '' : '&';
	}
	return `${base}${separator}${encoded}${fragment}`;
}

function describeReturnTarget(redirectUri: string): string {
	try {
		const url = new URL(redirectUri);
		return url.host === '' ? `${url.protocol}${url.pathname}` : url.host;
	} catch {
		return redirectUri;
	}
}

function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function randomAlphanumeric(length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = randomBytes(length);
	let result = '';
	for (const byte of bytes) {
		result += alphabet[byte % alphabet.length];
	}
	return result;
}

function derivedAppId(clientId: string): string {
	return 'amzn1.application.' + createHash('sha256').update(clientId, 'utf8').digest('hex').slice(0, 32);
}

/** Compares secrets in constant time (over their digests, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
	const expected = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
	return sameSecret(expected, challenge);
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

function jsonHeaders(): Record<string, string> {
	return {
		'Content-Type': 'application/json;charset=UTF-8',
		'Cache-Control': 'no-store',
		'Pragma': 'no-cache',
		'x-amzn-RequestId': randomUUID(),
	};
}

function jsonReply(status: number, body: unknown): Reply {
	return { status, headers: jsonHeaders(), body: JSON.stringify(body) };
}

function tokenReply(body: Record<string, unknown>): Reply {
	return { ...jsonReply(200, body), outcome: 'success' };
}

/** LWA's error body: `{"error_description":...,"error":...,"error_index":...,"request_id":...}`. */
function jsonError(status: number, error: string, description: string): Reply {
	const headers = jsonHeaders();
	const body = {
		error_description: description,
		error,
		error_index: randomToken(24),
		request_id: headers['x-amzn-RequestId'],
	};
	return { status, headers, body: JSON.stringify(body), outcome: error };
}

function invalidClient(usedBasic: boolean): Reply {
	const reply = jsonError(401, 'invalid_client', CLIENT_AUTH_FAILED);
	return usedBasic ? withHeader(reply, 'WWW-Authenticate', 'Basic realm="LWA"') : reply;
}

function withHeader(reply: Reply, name: string, value: string): Reply {
	return { ...reply, headers: { ...reply.headers, [name]: value } };
}

function methodNotAllowed(allowed: string): Reply {
	return withHeader(jsonError(405, 'invalid_request', 'The request method is not allowed'), 'Allow', allowed);
}

function htmlReply(status: number, html: string, formTargets: readonly string[] = []): Reply {
	return {
		status,
		headers: {
			'Content-Type': 'text/html;charset=UTF-8',
			'Content-Security-Policy': pageSecurityPolicy(formTargets),
			'Cache-Control': 'no-store',
			'Pragma': 'no-cache',
			'X-Content-Type-Options': 'nosniff',
			'X-Frame-Options': 'DENY',
			'Referrer-Policy': 'no-referrer',
		},
		body: html,
	};
}

function htmlErrorReply(message: string): Reply {
	return htmlReply(400, errorPage(message));
}

function redirectReply(location: string): Reply {
	return { status: 302, headers: { 'Location': location, 'Cache-Control': 'no-store', 'Pragma': 'no-cache', 'Referrer-Policy': 'no-referrer' }, body: '' };
}
