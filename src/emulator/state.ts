// What the emulator remembers between requests: registered clients, consent requests waiting for
// Allow or Deny, authorization codes, access and refresh tokens, and every secret it handed out.
// It is shared by the services on purpose: LWA issues the access tokens, and tokeninfo, the profile and
// the coming Amazon APIs (SP-API, Ads, Data Portability) accept them.
import { createHash } from 'node:crypto';
import { randomAlphanumeric, randomToken } from './secrets';

/** A registered LWA security profile. */
export interface EmulatorClient {
	clientId: string;
	/** Absent: a public client (no refresh tokens, no client_credentials). */
	clientSecret?: string;
	/** After a rotation (SellingPartnerService.rotateClientSecret): the old secret, accepted until `previousSecretValidUntil`. */
	previousClientSecret?: string;
	previousSecretValidUntil?: number;
	/** Allowed Return URLs; matched exactly, query string included. */
	redirectUris: string[];
	/** The `app_id` reported by tokeninfo; derived from the client id when absent. */
	appId?: string;
	/** Shown on the consent page; defaults to the client id. */
	name?: string;
}

/** The Amazon customer the emulator signs in. */
export interface EmulatorUser { userId: string; name: string; email: string; postalCode: string; }

/** What an authorization request asked for; kept while the consent page waits, then carried by the code. */
export interface AuthorizationRequest {
	clientId: string;
	redirectUri: string;
	scopes: string[];
	state?: string;
	codeChallenge?: string;
	codeChallengeMethod?: 'S256' | 'plain';
}

export interface CodeRecord extends Omit<AuthorizationRequest, 'state'> { userId: string; expiresAt: number; }
export interface AccessTokenRecord { clientId: string; userId?: string; scopes: string[]; issuedAt: number; expiresAt: number; }
export interface RefreshTokenRecord { clientId: string; userId: string; scopes: string[]; revoked: boolean; }

/** How long what the emulator issues stays valid. */
export interface Lifetimes { accessTokenSeconds: number; codeSeconds: number; }

const PENDING_CONSENT_LIFETIME_MS = 10 * 60 * 1000;
/** Expired access tokens are pruned only past this many, so a long run does not grow without bound. */
const ACCESS_TOKENS_KEPT_BEFORE_PRUNING = 1000;

export class EmulatorState {
	readonly user: EmulatorUser;
	readonly lifetimes: Lifetimes;
	/** Clock in epoch milliseconds. */
	readonly now: () => number;

	private readonly clients = new Map<string, EmulatorClient>();
	private readonly pendingConsents = new Map<string, AuthorizationRequest & { expiresAt: number }>();
	private readonly codes = new Map<string, CodeRecord>();
	private readonly accessTokens = new Map<string, AccessTokenRecord>();
	private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
	/** Every secret value that crossed the emulator, kept for leak scans (see {@link secretsSeen}). */
	private readonly seenSecrets = new Set<string>();

	constructor(user: EmulatorUser, lifetimes: Lifetimes, now: () => number) {
		this.user = user;
		this.lifetimes = lifetimes;
		this.now = now;
	}

	/** Adds a client, or replaces the one with the same client id. */
	registerClient(client: EmulatorClient): void {
		this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
	}

	client(clientId: string): EmulatorClient | undefined {
		return this.clients.get(clientId);
	}

	/** The `app_id` tokeninfo reports for a client. */
	appIdOf(clientId: string): string {
		return this.clients.get(clientId)?.appId ?? derivedAppId(clientId);
	}

	// ---- consent requests ------------------------------------------------------------------------

	/** Keeps a request while its consent page is shown; returns the id the page posts back. */
	holdForConsent(request: AuthorizationRequest): string {
		const requestId = randomToken(32);
		this.prunePendingConsents();
		this.pendingConsents.set(requestId, { ...request, expiresAt: this.now() + PENDING_CONSENT_LIFETIME_MS });
		return requestId;
	}

	/** The request waiting under `requestId`, if it has not expired (an expired one is forgotten). */
	waitingForConsent(requestId: string): AuthorizationRequest | undefined {
		const pending = this.pendingConsents.get(requestId);
		if (pending === undefined || pending.expiresAt <= this.now()) {
			this.pendingConsents.delete(requestId);
			return undefined;
		}
		return pending;
	}

	/** Forgets a request once Allow or Deny answered it. */
	endConsent(requestId: string): void {
		this.pendingConsents.delete(requestId);
	}

	// ---- codes and tokens ------------------------------------------------------------------------

	/** A new authorization code for an approved request, signed in as the emulator's user (or as `userId`: a selling partner). */
	issueCode(request: AuthorizationRequest, userId: string = this.user.userId): string {
		const code = 'AN' + randomAlphanumeric(30);
		this.seenSecrets.add(code);
		this.pruneCodes();
		this.codes.set(code, {
			clientId: request.clientId,
			redirectUri: request.redirectUri,
			scopes: request.scopes,
			userId,
			codeChallenge: request.codeChallenge,
			codeChallengeMethod: request.codeChallengeMethod,
			expiresAt: this.now() + this.lifetimes.codeSeconds * 1000,
		});
		return code;
	}

	/** Spends a code: it is single-use, so it is gone after this whatever the exchange's result. Undefined when unknown or expired. */
	takeCode(code: string): CodeRecord | undefined {
		const record = this.codes.get(code);
		this.codes.delete(code);
		return record !== undefined && record.expiresAt > this.now() ? record : undefined;
	}

	issueAccessToken(clientId: string, userId: string | undefined, scopes: string[]): string {
		const token = 'Atza|' + randomToken(270);
		this.seenSecrets.add(token);
		const issuedAt = this.now();
		this.pruneAccessTokens();
		this.accessTokens.set(token, { clientId, userId, scopes, issuedAt, expiresAt: issuedAt + this.lifetimes.accessTokenSeconds * 1000 });
		return token;
	}

	/** The record of an access token that exists and has not expired. */
	validAccessToken(token: string): AccessTokenRecord | undefined {
		const record = this.accessTokens.get(token);
		return record !== undefined && record.expiresAt > this.now() ? record : undefined;
	}

	issueRefreshToken(clientId: string, userId: string, scopes: string[]): string {
		const token = 'Atzr|' + randomToken(270);
		this.seenSecrets.add(token);
		this.refreshTokens.set(token, { clientId, userId, scopes, revoked: false });
		return token;
	}

	/** The record of a refresh token that exists and has not been revoked. */
	usableRefreshToken(token: string): RefreshTokenRecord | undefined {
		const record = this.refreshTokens.get(token);
		return record !== undefined && !record.revoked ? record : undefined;
	}

	/** Every refresh token issued so far is revoked (as when the user removes the app). */
	revokeRefreshTokens(): void {
		for (const record of this.refreshTokens.values()) {
			record.revoked = true;
		}
	}

	// ---- secrets seen ----------------------------------------------------------------------------

	/** Remembers a secret a client sent (a PKCE verifier), for leak scans. */
	rememberSecret(secret: string): void {
		this.seenSecrets.add(secret);
	}

	secretsSeen(): string[] {
		return [...this.seenSecrets];
	}

	// ---- pruning ---------------------------------------------------------------------------------

	private prunePendingConsents(): void {
		const now = this.now();
		for (const [id, record] of this.pendingConsents) {
			if (record.expiresAt <= now) {
				this.pendingConsents.delete(id);
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
		if (this.accessTokens.size < ACCESS_TOKENS_KEPT_BEFORE_PRUNING) {
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

function derivedAppId(clientId: string): string {
	return 'amzn1.application.' + createHash('sha256').update(clientId, 'utf8').digest('hex').slice(0, 32);
}
