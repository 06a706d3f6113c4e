// The token endpoint: authorization_code, refresh_token and client_credentials grants.
// Request building is separate from response processing; retries happen only where they are safe.
import type { Clock, HttpClient, HttpRequest, HttpResponse, Logger } from '../ports';
import { silentLogger, systemClock } from '../ports';
import { forLog } from '../logText';
import { isLwaError, LwaError } from './errors';
import { jsonObjectFromResponse, malformedResponse, optionalString, requiredString } from './response';

/** What the token endpoint gave us, with the expiry fixed at receipt. */
export interface TokenSet {
	accessToken: string;
	tokenType: 'bearer';
	/** Epoch ms: clock.now() at receipt + expires_in * 1000. */
	expiresAt: number;
	obtainedAt: number;
	/** Absent when LWA sent none (e.g. a code exchange without a client secret, or client_credentials). */
	refreshToken?: string;
	scope?: string;
}

export interface TokenClientOptions {
	http: HttpClient;
	clock?: Clock;
	logger?: Logger;
	/** Attempts in all, first one included (default 3). */
	maxAttempts?: number;
	/** Injectable so tests do not wait. */
	sleep?: (ms: number) => Promise<void>;
	/** Upper bound for any single wait between attempts, Retry-After included (default 30 s). */
	maxRetryDelayMs?: number;
	/** First backoff delay; doubles per attempt (default 500 ms). */
	baseRetryDelayMs?: number;
}

type RetryPolicy = 'safe' | 'only-if-not-sent';

/**
 * Network failures that a second attempt a moment later cannot change, so the token client fails at
 * once (the stored tokens are still kept: they stay transient failures, see isTransientFailure):
 * - `proxy_auth_required` (407): the proxy refused the credentials sent, or wants ones that are not
 *   configured; repeating them only adds refusals to the proxy's log and may lock the account.
 * - `proxy_refused` (403 and other refusals): the proxy's policy forbids the host.
 * - `proxy_invalid`: the proxy setting cannot be used; nothing was contacted.
 * - `untrusted_certificate`: this machine does not trust the certificate's authority.
 * Each needs the user (or the network's owner) to change something first. Still retried:
 * - `proxy_bad_gateway` (502/503/504): the proxy could not reach Amazon, which is a server error one
 *   step away and often brief, as with a 5xx from LWA itself.
 * - `proxy_unreachable`: refused or timed-out connections to the proxy, as to any host; a proxy that
 *   is restarting or a network that is coming back answers the next attempt, and a wrong address costs
 *   only the bounded attempts.
 * - `proxy_bad_response`: a proxy that hung up or said nothing in time may answer the next attempt.
 */
const NOT_RETRIED_NETWORK_REASONS: ReadonlySet<string> = new Set(['proxy_auth_required', 'proxy_refused', 'proxy_invalid', 'untrusted_certificate']);

/**
 * True for a network failure that only a change of settings (or of the network) can end: a refused
 * proxy password, a proxy refusing the host, an unusable proxy setting, an untrusted CA. Nothing
 * should try again on its own, a background refresh included: a proxy may lock an account after a
 * few wrong passwords.
 */
export function needsNetworkSettingsChange(error: LwaError): boolean {
	return error.code === 'network' && error.reason !== undefined && NOT_RETRIED_NETWORK_REASONS.has(error.reason);
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the POST to the token endpoint. Parameters with undefined values are left out. */
export function buildTokenRequest(tokenEndpoint: string, params: Record<string, string | undefined>): HttpRequest {
	const form = new URLSearchParams();
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined) {
			form.set(name, value);
		}
	}
	return {
		method: 'POST',
		url: tokenEndpoint,
		headers: { 'content-type': FORM_CONTENT_TYPE, accept: 'application/json' },
		body: form.toString(),
	};
}

/** Checks a token response and turns it into a TokenSet, or throws the coded LwaError it stands for. */
export function parseTokenResponse(response: HttpResponse, receivedAt: number, clock: Clock = systemClock): TokenSet {
	const body = jsonObjectFromResponse(response, clock);
	const accessToken = requiredString(body, 'access_token');
	const tokenType = requiredString(body, 'token_type');
	if (tokenType.toLowerCase() !== 'bearer') {
		throw malformedResponse('bad_field', { field: 'token_type' });
	}
	const expiresIn = body.expires_in;
	if (typeof expiresIn !== 'number' || !Number.isSafeInteger(expiresIn) || expiresIn <= 0) {
		throw malformedResponse('bad_field', { field: 'expires_in' });
	}
	const refreshToken = optionalString(body, 'refresh_token');
	const scope = optionalString(body, 'scope');
	const tokens: TokenSet = { accessToken, tokenType: 'bearer', expiresAt: receivedAt + expiresIn * 1000, obtainedAt: receivedAt };
	if (refreshToken) {
		tokens.refreshToken = refreshToken;
	}
	if (scope !== undefined) {
		tokens.scope = scope;
	}
	return tokens;
}

/** Talks to the LWA token endpoint over the HttpClient port. */
export class TokenClient {
	private readonly http: HttpClient;
	private readonly clock: Clock;
	private readonly logger: Logger;
	private readonly maxAttempts: number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly maxRetryDelayMs: number;
	private readonly baseRetryDelayMs: number;

	constructor(options: TokenClientOptions) {
		this.http = options.http;
		this.clock = options.clock ?? systemClock;
		this.logger = options.logger ?? silentLogger;
		this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
		this.sleep = options.sleep ?? defaultSleep;
		this.maxRetryDelayMs = Math.max(0, options.maxRetryDelayMs ?? 30_000);
		this.baseRetryDelayMs = Math.max(0, options.baseRetryDelayMs ?? 500);
	}

	/**
	 * Exchanges an authorization code. A code is single-use, so the request is retried only when it
	 * provably never left (a network error with requestSent === false). Without a client secret LWA
	 * returns no refresh token; the TokenSet then has none.
	 */
	exchangeCode(p: { tokenEndpoint: string; clientId: string; clientSecret?: string; code: string; redirectUri: string; codeVerifier?: string }): Promise<TokenSet> {
		const request = buildTokenRequest(p.tokenEndpoint, {
			grant_type: 'authorization_code',
			code: p.code,
			redirect_uri: p.redirectUri,
			client_id: p.clientId,
			client_secret: p.clientSecret,
			code_verifier: p.codeVerifier,
		});
		return this.send('authorization_code', request, 'only-if-not-sent');
	}

	/** Uses a refresh token; retried after network errors, 5xx and 429. */
	refresh(p: { tokenEndpoint: string; clientId: string; clientSecret?: string; refreshToken: string }): Promise<TokenSet> {
		const request = buildTokenRequest(p.tokenEndpoint, {
			grant_type: 'refresh_token',
			refresh_token: p.refreshToken,
			client_id: p.clientId,
			client_secret: p.clientSecret,
		});
		return this.send('refresh_token', request, 'safe');
	}

	/** Client credentials grant (no user); retried after network errors, 5xx and 429. */
	clientCredentials(p: { tokenEndpoint: string; clientId: string; clientSecret: string; scopes: string[] }): Promise<TokenSet> {
		const request = buildTokenRequest(p.tokenEndpoint, {
			grant_type: 'client_credentials',
			scope: p.scopes.join(' '),
			client_id: p.clientId,
			client_secret: p.clientSecret,
		});
		return this.send('client_credentials', request, 'safe');
	}

	private async send(grant: string, request: HttpRequest, policy: RetryPolicy): Promise<TokenSet> {
		for (let attempt = 1; ; attempt++) {
			try {
				const response = await this.http.send(request);
				const tokens = parseTokenResponse(response, this.clock.now(), this.clock);
				this.logger.debug(`Token request (${grant}) succeeded on attempt ${attempt}.`);
				return tokens;
			} catch (error) {
				const failure = isLwaError(error) ? error : new LwaError('network', { reason: 'unexpected', cause: error });
				if (attempt >= this.maxAttempts || !this.mayRetry(failure, policy)) {
					this.logger.warn(`Token request (${grant}) failed on attempt ${attempt}: ${failure.code}${failure.status !== undefined ? ` (HTTP ${failure.status})` : ''}${failure.requestId ? `, request id ${forLog(failure.requestId)}` : ''}.`);
					throw failure;
				}
				const delay = this.retryDelay(failure, attempt);
				this.logger.info(`Token request (${grant}) attempt ${attempt} failed: ${failure.code}; retrying in ${delay} ms.`);
				await this.sleep(delay);
			}
		}
	}

	private mayRetry(error: LwaError, policy: RetryPolicy): boolean {
		if (needsNetworkSettingsChange(error)) {
			return false;
		}
		if (policy === 'only-if-not-sent') {
			return error.code === 'network' && error.requestSent === false;
		}
		return error.code === 'network' || error.code === 'server_error' || error.code === 'rate_limited';
	}

	private retryDelay(error: LwaError, attempt: number): number {
		const delay = error.code === 'rate_limited' && error.retryAfterSeconds !== undefined
			? error.retryAfterSeconds * 1000
			: this.baseRetryDelayMs * 2 ** (attempt - 1);
		return Math.min(delay, this.maxRetryDelayMs);
	}
}
