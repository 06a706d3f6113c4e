// One sign-in: builds the authorization request, opens the browser, waits for the first of the
// three ways back (loopback listener, URI handler through the relay page, pasted URL or code),
// exchanges the code and stores the tokens. Everything a sign-in set up is released in `finally`.
// An SP-API profile signs in through Seller Central or Vendor Central consent instead
// (src/vscode/sellingPartner/consentSignIn.ts), waiting for its redirect the same way (awaitRedirect).
import vscode = require('vscode');
import type { RelayRoute } from '../../core/lwa/authorize';
import { createAuthorizationRequest, readExternalCallbackUri } from '../../core/lwa/authorize';
import { validateCallback } from '../../core/lwa/callback';
import { LwaError } from '../../core/lwa/errors';
import type { StoredCredential } from '../../core/credentials/model';
import type { CredentialService } from '../../core/credentials/service';
import type { Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { loopbackTarget, redirectWay } from '../../core/profiles';
import type { LoopbackServers } from '../../core/signIn/loopbackListener';
import type { PendingSignIns, ReceivedCallback } from '../../core/signIn/pendingSignIns';
import { signInTimeoutSeconds } from '../platform/settings';
import { ConsentSignIn } from '../sellingPartner/consentSignIn';
import type { SignInOptions } from '../sellingPartner/consentSignIn';
import { callbackUri } from './uriHandler';
import { forLog } from '../../core/logText';

/** Opens a URL in the user's browser; resolves false when it could not. */
export type UrlOpener = (url: string) => Promise<boolean>;

/** What the flow reports while it waits. */
export interface SignInProgress {
	report(message: string): void;
}

/** What a sign-in sends the browser to, and how its redirect is read. */
export interface BrowserRequest {
	url: string;
	nonce: string;
	state: string;
	/** 'consent': an SP-API consent, whose redirect carries spapi_oauth_code and selling_partner_id. */
	kind: 'lwa' | 'consent';
	/** The sign-in timed out: the error to reject with. */
	timeoutError: (seconds: number) => LwaError;
}

/** Runs sign-ins. */
export class SignInFlow {
	private readonly consent: ConsentSignIn;

	constructor(private readonly deps: {
		service: CredentialService;
		pending: PendingSignIns;
		loopback: LoopbackServers;
		logger: Logger;
		openUrl: UrlOpener;
		/** Called when the browser could not be opened, with the URL to offer for copying. */
		onOpenFailed: (url: string) => void;
		/** Where the marketplace last chosen for a consent sign-in is remembered (not a secret). */
		memento: vscode.Memento;
	}) {
		this.consent = new ConsentSignIn({ service: deps.service, logger: deps.logger, memento: deps.memento, browser: this });
	}

	/**
	 * Signs in to `profile` and returns the stored credential. Rejects with LwaError: 'cancelled',
	 * 'sign_in_timeout' (message names the redirect URI), 'port_in_use', a redirect error such as
	 * 'access_denied', or a token endpoint error.
	 */
	async signIn(profile: Profile, progress: SignInProgress, cancellation?: vscode.CancellationToken, options: SignInOptions = {}): Promise<StoredCredential> {
		const { service, logger } = this.deps;
		if (profile.grant === 'client_credentials') {
			progress.report(vscode.l10n.t('Requesting a client credentials token…'));
			logger.info(`Signing in profile "${profile.name}" with client credentials.`);
			if (profile.api === 'sp-api') {
				// Grantless: one token per scope, each with its own countdown; the first configured is returned.
				const tokens = [];
				for (const scope of profile.scopes) {
					tokens.push(await service.refresh(profile, { kind: 'scope', scope }));
				}
				return tokens[0];
			}
			return service.refresh(profile);
		}
		if (!profile.redirectUri) {
			throw new LwaError('invalid_profile', { reason: 'empty_redirect_uri', facts: { profile: profile.name, field: 'redirectUri' } });
		}
		if (profile.api === 'sp-api') {
			return this.consent.signIn(profile, progress, cancellation, options);
		}
		const way = redirectWay(profile.redirectUri);
		const relay = way === 'relay' ? await this.relayRoute(profile.name) : undefined;
		const request = createAuthorizationRequest({
			authorizationEndpoint: profile.endpoints.authorization,
			clientId: profile.clientId,
			scopes: profile.scopes,
			...(profile.scopeData ? { scopeData: profile.scopeData } : {}),
			redirectUri: profile.redirectUri,
			pkce: profile.pkce,
			...(relay ? { relay } : {}),
		});
		const browserRequest: BrowserRequest = {
			url: request.url, nonce: request.nonce, state: request.state, kind: 'lwa',
			timeoutError: (seconds) => new LwaError('sign_in_timeout', { facts: { seconds, redirectUri: profile.redirectUri } }),
		};
		return this.awaitRedirect(profile, browserRequest, progress, cancellation, async (received, cancelled) => {
			const { code } = validateCallback(received.params, received.bareCode ? undefined : request.state);
			progress.report(vscode.l10n.t('Exchanging the authorization code…'));
			// A cancel during the exchange returns at once; the request itself finishes in the background
			// (a sent code is spent either way), and the service then drops its tokens unstored. Once the
			// service has begun to store them, a cancel comes too late and the sign-in finishes.
			let storing = false;
			const exchange = service.completeAuthorization(profile, {
				code,
				...(request.codeVerifier !== undefined ? { codeVerifier: request.codeVerifier } : {}),
				redirectUri: profile.redirectUri,
				cancelled: () => {
					storing = cancellation?.isCancellationRequested !== true;
					return !storing;
				},
			});
			return Promise.race([exchange, cancelled.catch((error: unknown) => (storing ? exchange : Promise.reject(error)))]);
		});
	}

	/**
	 * Registers the sign-in as waiting, listens on a loopback redirect URI's port, opens the browser
	 * and waits for the first of the redirect, the timeout and the user's Cancel; then runs
	 * `onReceived` (with a promise that rejects on Cancel) and releases everything in `finally`.
	 */
	async awaitRedirect<T>(profile: Profile, request: BrowserRequest, progress: SignInProgress, cancellation: vscode.CancellationToken | undefined,
		onReceived: (received: ReceivedCallback, cancelled: Promise<never>) => Promise<T>): Promise<T> {
		const { logger } = this.deps;
		const way = redirectWay(profile.redirectUri);
		const loopback = way === 'loopback' ? loopbackTarget(profile.redirectUri) : undefined;
		const registration = this.deps.pending.register({
			profileName: profile.name,
			nonce: request.nonce,
			state: request.state,
			...(loopback ? { loopbackPath: loopback.path } : {}),
			startedAt: Date.now(),
			...(request.kind === 'consent' ? { kind: 'consent' as const, redirectUri: profile.redirectUri } : {}),
		});
		let lease: { dispose(): void } | undefined;
		let timer: NodeJS.Timeout | undefined;
		let cancelListener: vscode.Disposable | undefined;
		try {
			if (loopback) {
				lease = await this.deps.loopback.listen(loopback);
				await this.noteRemoteLoopback(loopback.port, loopback.path);
			}
			logger.info(`Sign-in started for profile "${profile.name}" (${way === 'loopback' ? 'loopback listener' : 'relay page and URI handler'}; paste also accepted).`);
			progress.report(way === 'loopback'
				? vscode.l10n.t('Waiting for the browser… (or paste the redirected URL with "LWA: Complete Sign-In")')
				: vscode.l10n.t('Waiting for the browser to return through the relay page… (or paste the redirected URL with "LWA: Complete Sign-In")'));
			if (!(await this.deps.openUrl(request.url))) {
				logger.warn('The browser could not be opened for the sign-in.');
				this.deps.onOpenFailed(request.url);
			}
			const timeoutSeconds = signInTimeoutSeconds();
			const timedOut = new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => reject(request.timeoutError(timeoutSeconds)), timeoutSeconds * 1000);
			});
			const cancelled = new Promise<never>((_resolve, reject) => {
				if (cancellation?.isCancellationRequested) {
					reject(new LwaError('cancelled'));
				}
				cancelListener = cancellation?.onCancellationRequested(() => reject(new LwaError('cancelled')));
			});
			const received: ReceivedCallback = await Promise.race([registration.received, timedOut, cancelled]);
			logger.info(`Sign-in for profile "${profile.name}" received the redirect (${received.source}).`);
			return await onReceived(received, cancelled);
		} finally {
			if (timer) {
				clearTimeout(timer);
			}
			cancelListener?.dispose();
			registration.dispose();
			lease?.dispose();
		}
	}

	/**
	 * Where the relay page should return this sign-in. The state carries no URL, only the editor's
	 * kind (and for a browser-hosted editor its callback request id and path segment): the page builds
	 * the address itself from fixed parts, and for a browser-hosted editor from the address written
	 * into the hosted page. asExternalUri tells which editor this is (code-server, for example, maps
	 * the callback URI to its /callback page). Undefined when the answer fits no route: the sign-in
	 * then runs with a plain state and the user pastes the redirected address.
	 */
	async relayRoute(profileName: string): Promise<RelayRoute | undefined> {
		const { logger } = this.deps;
		let external: string;
		try {
			// toString(true) keeps the query's '&' and '=' readable.
			external = (await vscode.env.asExternalUri(callbackUri())).toString(true);
		} catch {
			logger.warn(`Sign-in for profile "${profileName}": the editor could not say how a browser reaches it; the relay page cannot return this sign-in, paste the redirected address with "LWA: Complete Sign-In".`);
			return undefined;
		}
		const read = readExternalCallbackUri(external);
		if ('problem' in read) {
			logger.warn(`Sign-in for profile "${profileName}": the relay page cannot return this sign-in (${read.problem}); paste the redirected address with "LWA: Complete Sign-In".`);
			return undefined;
		}
		const { base, ...route } = read.route;
		if (base === undefined) {
			logger.info(`Sign-in for profile "${profileName}": the relay page will return to the desktop editor (${route.kind}).`);
		} else {
			logger.info(`Sign-in for profile "${profileName}": the relay page will return to a browser-hosted editor (${route.kind}); the hosted relay page must name it with <meta name="lwa-editor-base" content="${base}">.`);
		}
		return route;
	}

	/**
	 * In a remote window (SSH, a container, code-server) the loopback port lives next to the extension
	 * host, not the browser, so it is forwarded with asExternalUri. The forwarded address may differ
	 * (code-server maps http://localhost:P/x to http://<host>/proxy/P/x), and LWA only redirects to the
	 * exact registered URI: the mapping is logged, and the listener still listens for the cases where
	 * the browser does reach the port (same machine, or a tunnel that keeps the port).
	 */
	private async noteRemoteLoopback(port: number, path: string): Promise<void> {
		if (!vscode.env.remoteName) {
			return;
		}
		try {
			const local = vscode.Uri.parse(`http://localhost:${port}${path}`);
			const external = await vscode.env.asExternalUri(local);
			if (external.toString(true) !== local.toString(true)) {
				this.deps.logger.warn(`Remote window (${forLog(vscode.env.remoteName)}): the loopback port ${port} is forwarded as ${forLog(`${external.scheme}://${external.authority}${external.path}`, 200)}, which differs from the registered redirect URI; if the browser cannot reach port ${port} directly, paste the redirected URL with "LWA: Complete Sign-In".`);
			} else {
				this.deps.logger.info(`Remote window (${forLog(vscode.env.remoteName)}): loopback port ${port} is forwarded.`);
			}
		} catch {
			this.deps.logger.warn(`Remote window: forwarding loopback port ${port} failed; paste the redirected URL if the browser cannot reach it.`);
		}
	}
}
