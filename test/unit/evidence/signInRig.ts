// A sign-in waiting for the browser, set up the way the sign-in flow sets one up, so that a bad
// redirect can travel the path a real one takes: the loopback listener (a real HTTP request to a
// real listener on a free loopback port), the URI handler's routing, or "LWA: Complete Sign-In"
// (pasted text), then, when the sign-in receives something, what the sign-in does with it: state
// and code validation, then the code exchange against a token endpoint that would issue tokens.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { StoredCredential } from '../../../src/core/credentials/model';
import type { AuthorizationRequest } from '../../../src/core/lwa/authorize';
import { createAuthorizationRequest } from '../../../src/core/lwa/authorize';
import { validateCallback } from '../../../src/core/lwa/callback';
import type { Profile } from '../../../src/core/profiles';
import type { RelayRoute } from '../../../src/core/lwa/relayRoute';
import { PUBLISHED_RELAY_PAGE_URL } from '../../../src/core/lwa/relayRoute';
import { loopbackTarget } from '../../../src/core/profiles';
import { deliverPastedInput, routeCallbackUri } from '../../../src/core/signIn/callbackRouting';
import type { PastedInputOutcome } from '../../../src/core/signIn/callbackRouting';
import type { LoopbackLease } from '../../../src/core/signIn/loopbackListener';
import { ENGLISH_PAGE_TEXTS, escapeHtml } from '../../../src/core/signIn/loopbackPages';
import { ENGLISH_LOOPBACK_TEXTS, LoopbackServers } from '../../../src/core/signIn/loopbackListener';
import type { DeliveryOutcome, ReceivedCallback } from '../../../src/core/signIn/pendingSignIns';
import { PendingSignIns } from '../../../src/core/signIn/pendingSignIns';
import type { TestServer } from '../core/support/servers';
import { relay } from '../relay/relayModule';
import { closedPort, replyJson, startServer, tokenBody } from '../core/support/servers';
import type { Outcome } from './catalogue';
import type { Rig } from './support';
import { createRig, labelOf, profileAt, storedState, thrownBy, visibleTextsOf } from './support';

/** The redirect path of the waiting sign-in's loopback redirect URI. */
export const LOOPBACK_PATH = '/lwa/callback';

/** The real registry of waiting sign-ins, remembering what became of each delivery (to name why a redirect was ignored). */
class RecordingPendingSignIns extends PendingSignIns {
	readonly outcomes: DeliveryOutcome[] = [];

	override deliver(...args: Parameters<PendingSignIns['deliver']>): DeliveryOutcome {
		const outcome = super.deliver(...args);
		this.outcomes.push(outcome);
		return outcome;
	}
}

/**
 * What a delivery attempt came to before the sign-in's own checks: the waiting sign-in received the
 * redirect, or it did not and `label` says why ('ignored: unknown', 'ignored: HTTP 431',
 * 'relay: refused', ...). `visible`: what the sender could see (the listener's page, an error's
 * texts, the relay page's reason).
 */
export type Delivery = { delivered: true; visible: string[] } | { delivered: false; label: string; visible: string[] };

/** A delivery the waiting sign-in did not take, and why. */
function ignored(why: string, visible: string[] = []): Delivery {
	return { delivered: false, label: `ignored: ${why}`, visible };
}

export class WaitingSignIn {
	readonly pending = new RecordingPendingSignIns();
	private registration?: { received: Promise<ReceivedCallback>; dispose(): void };
	private loopback?: { servers: LoopbackServers; lease: LoopbackLease };

	private constructor(
		readonly rig: Rig,
		readonly profile: Profile,
		readonly tokenServer: TestServer,
		readonly request: AuthorizationRequest,
	) {}

	/**
	 * A sign-in with a credential from an earlier sign-in in the store and a token endpoint that
	 * issues tokens for any code. 'loopback': the profile's redirect URI is
	 * http://127.0.0.1:<free port>/lwa/callback and, with `listen`, the loopback listener listens as
	 * it does while such a sign-in waits. 'relay': the redirect URI is the published relay page and
	 * the state carries an editor route (`relayRoute`, by default a desktop editor's: `<nonce>.vscode`),
	 * as the flow builds it for the URI handler.
	 */
	static async start(options: { way: 'loopback' | 'relay'; listen?: boolean; relayRoute?: RelayRoute }): Promise<WaitingSignIn> {
		const tokenServer = await startServer((_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|new-SENTINEL', refresh_token: 'Atzr|new-SENTINEL' })));
		const redirectUri = options.way === 'relay' ? PUBLISHED_RELAY_PAGE_URL : `http://127.0.0.1:${await closedPort()}${LOOPBACK_PATH}`;
		const profile: Profile = { ...profileAt(tokenServer.url), redirectUri };
		const rig = await createRig({ profile });
		const request = createAuthorizationRequest({
			authorizationEndpoint: profile.endpoints.authorization,
			clientId: profile.clientId,
			scopes: profile.scopes,
			redirectUri: profile.redirectUri,
			pkce: profile.pkce,
			...(options.way === 'relay' ? { relay: options.relayRoute ?? { kind: 'vscode' } } : {}),
		});
		const signIn = new WaitingSignIn(rig, profile, tokenServer, request);
		const target = options.way === 'loopback' ? loopbackTarget(profile.redirectUri) : undefined;
		signIn.registration = signIn.pending.register({
			profileName: profile.name,
			nonce: request.nonce,
			state: request.state,
			...(target ? { loopbackPath: target.path } : {}),
			startedAt: Date.now(),
		});
		if (target && options.listen === true) {
			const servers = new LoopbackServers(signIn.pending, rig.logger, ENGLISH_LOOPBACK_TEXTS);
			signIn.loopback = { servers, lease: await servers.listen(target) };
		}
		return signIn;
	}

	/** The port the loopback listener listens on. */
	get port(): number {
		assert.ok(this.loopback, 'the loopback listener listens');
		return this.loopback.lease.port;
	}

	/** Whether the sign-in is still waiting for its redirect (an ignored redirect must not end it). */
	get waiting(): boolean {
		return this.pending.list().some((entry) => entry.nonce === this.request.nonce);
	}

	/** Sends a GET with this request target (and headers) to the loopback listener over real HTTP. */
	async sendToListener(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Delivery> {
		const response = await new Promise<{ status: number; body: string; fromListener: boolean }>((resolve, reject) => {
			const request = http.request({ host: '127.0.0.1', port: this.port, path: target, method, headers, agent: false }, (incoming) => {
				const chunks: Buffer[] = [];
				incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
				incoming.on('end', () => resolve({
					status: incoming.statusCode ?? 0,
					body: Buffer.concat(chunks).toString('utf8'),
					fromListener: incoming.headers['content-security-policy'] !== undefined,
				}));
				incoming.on('error', reject);
			});
			request.on('error', reject);
			request.end();
		});
		return this.listenerDelivery(response);
	}

	/** Writes these bytes (an HTTP/1.0 request no browser would send) to the loopback listener's port. */
	async sendRawToListener(requestText: string): Promise<Delivery> {
		const text = await new Promise<string>((resolve, reject) => {
			const socket = net.connect({ host: '127.0.0.1', port: this.port });
			const chunks: Buffer[] = [];
			socket.on('data', (chunk: Buffer) => chunks.push(chunk));
			socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
			socket.on('error', reject);
			socket.end(Buffer.from(requestText, 'latin1'));
		});
		const [head, ...rest] = text.split('\r\n\r\n');
		const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
		assert.ok(status > 0, 'the listener answered with an HTTP status');
		return this.listenerDelivery({ status, body: rest.join('\r\n\r\n'), fromListener: /^content-security-policy:/im.test(head) });
	}

	/** Hands `url` (an editor URI such as vscode://lwa-tools.lwa-credentials/callback?…) to the URI handler's routing. */
	routeUri(url: string): Delivery {
		const { path, query } = asEditorUri(url);
		const outcome = routeCallbackUri(path, query, this.pending, this.rig.logger);
		return outcome === 'delivered' ? { delivered: true, visible: [] } : ignored(outcome);
	}

	/**
	 * The relay page opened by LWA's redirect with this query string, on a copy of the page whose
	 * lwa-editor-base meta tag says `editorBase` (or that has none). media/relay.js decides where to
	 * forward; the forwarded address reaches the extension the way the editor hands it over: a
	 * desktop editor parses the URI it is opened with, a browser-hosted editor's /callback page makes
	 * the URI from its vscode-authority, vscode-path and vscode-query parameters (the query as it is).
	 * Then the URI handler's routing.
	 */
	openRelayPage(search: string, editorBase?: string): Delivery {
		const result = relay.buildForwardUrl(search, editorBase);
		if (!result.ok) {
			return { delivered: false, label: result.paste ? 'relay: refused, paste offered' : 'relay: refused', visible: [result.reason] };
		}
		const target = new URL(result.url);
		if (target.protocol === 'https:' || target.protocol === 'http:') {
			assert.ok(editorBase !== undefined && result.url.startsWith(`${relay.parseEditorBase(editorBase)}/`), 'a browser-hosted editor is reached only at the base the page was set up with');
			if (target.searchParams.get('vscode-authority') !== relay.EXTENSION_AUTHORITY) {
				return { delivered: false, label: 'relay: forwarded to another extension', visible: [] };
			}
			const outcome = routeCallbackUri(target.searchParams.get('vscode-path') ?? '', target.searchParams.get('vscode-query') ?? '', this.pending, this.rig.logger);
			return outcome === 'delivered' ? { delivered: true, visible: [] } : ignored(outcome);
		}
		assert.ok(relay.EDITOR_SCHEMES.includes(target.protocol.slice(0, -1)), 'a desktop editor is reached only by a listed scheme');
		if (target.host !== relay.EXTENSION_AUTHORITY) {
			return { delivered: false, label: 'relay: forwarded to another extension', visible: [] };
		}
		return this.routeUri(result.url);
	}

	/** Pastes `text` into "LWA: Complete Sign-In" (one sign-in waits, so nobody is asked which). */
	async paste(text: string): Promise<Delivery> {
		const outcome: PastedInputOutcome = await deliverPastedInput(this.pending, text, {
			logger: this.rig.logger,
			chooseSignIn: () => assert.fail('with one sign-in waiting, nobody is asked which sign-in a code is for'),
		});
		switch (outcome.kind) {
			case 'delivered':
				return { delivered: true, visible: [] };
			case 'unreadable':
			case 'no_code':
				return ignored(labelOf(outcome.error), visibleTextsOf(outcome.error));
			case 'no_matching_state':
				return ignored(outcome.outcome);
			default:
				return ignored(outcome.kind);
		}
	}

	/**
	 * What became of the redirect: when the sign-in received it, the sign-in's own steps (as in the
	 * sign-in flow: validateCallback against its state, then CredentialService.completeAuthorization
	 * with its PKCE verifier) and the coded error they end with; when it did not, 'ignored: <why>'
	 * and the sign-in must still be waiting.
	 */
	async outcome(delivery: Delivery): Promise<Outcome> {
		const visible = [...delivery.visible];
		let label: string;
		if (delivery.delivered) {
			const error = await thrownBy(() => this.complete());
			label = labelOf(error);
			visible.push(...visibleTextsOf(error));
		} else {
			assert.ok(this.waiting, 'an ignored redirect leaves the sign-in waiting, so a forged one cannot cancel it');
			label = delivery.label;
		}
		visible.push(...this.rig.logger.lines);
		return { label, visible, stored: storedState(this.rig, this.profile.name), tokenRequests: this.tokenServer.requests.length };
	}

	/** The sign-in's steps after it received a redirect, as in the sign-in flow: validation against its state, then the code exchange with its PKCE verifier. */
	async complete(): Promise<StoredCredential> {
		assert.ok(this.registration, 'a sign-in is registered');
		const received = await this.registration.received;
		const { code } = validateCallback(received.params, received.bareCode ? undefined : this.request.state);
		return this.rig.service.completeAuthorization(this.profile, {
			code,
			...(this.request.codeVerifier !== undefined ? { codeVerifier: this.request.codeVerifier } : {}),
			redirectUri: this.profile.redirectUri,
		});
	}

	/** Stops waiting (as the flow's `finally` does) and closes everything. */
	async close(): Promise<void> {
		this.registration?.dispose();
		this.loopback?.lease.dispose();
		this.loopback?.servers.dispose();
		await this.rig.close();
		await this.tokenServer.close();
	}

	private listenerDelivery(response: { status: number; body: string; fromListener: boolean }): Delivery {
		const last = this.pending.outcomes.at(-1);
		if (last === 'delivered') {
			assert.equal(response.status, 200, 'the listener answers a delivered redirect with its page');
			return { delivered: true, visible: [response.body] };
		}
		let why: string;
		if (!response.fromListener) {
			// Node's HTTP parser refused the request before the listener saw it.
			why = `HTTP ${response.status}`;
		} else if (last !== undefined) {
			why = last;
		} else {
			// The listener's page says why; a redirect it could not read shows the error's own message.
			why = pageReasonOf(response.body) ?? 'malformed';
		}
		assert.ok(response.status >= 400, `an ignored redirect is answered with an error status, not ${response.status}`);
		return ignored(why, [response.body]);
	}
}

/** The name of the reason a failure page shows ('otherHost', 'nothingWaiting', ...): a listener text that is not one of every page's own. */
function pageReasonOf(page: string): string | undefined {
	return Object.entries(ENGLISH_LOOPBACK_TEXTS).find(([name, text]) => !(name in ENGLISH_PAGE_TEXTS) && typeof text === 'string' && page.includes(escapeHtml(text)))?.[0];
}

/**
 * The path and query of a URI as the URI handler receives them: the editor parses the URI string
 * it is opened with (vscode.Uri.parse) and percent-decodes path and query, so `uri.query` is the
 * decoded text. This is the same split and the same graceful decoding.
 */
export function asEditorUri(url: string): { path: string; query: string } {
	const match = /^(([^:/?#]+?):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/.exec(url);
	assert.ok(match, 'a URI');
	return { path: percentDecode(match[5] ?? ''), query: percentDecode(match[7] ?? '') };
}

function decodeGracefully(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text.length > 3 ? text.slice(0, 3) + decodeGracefully(text.slice(3)) : text;
	}
}

function percentDecode(text: string): string {
	return text.replace(/(%[0-9A-Za-z][0-9A-Za-z])+/g, (encoded) => decodeGracefully(encoded));
}
