// The sign-ins that wait for the browser. Each has its own nonce, state and PKCE verifier (kept by
// the flow, not here); a callback is delivered only to the sign-in whose state it carries, so two
// sign-ins waiting at once never mix. An SP-API consent sign-in ('consent') reads its redirect as
// Seller Central sends it (spapi_oauth_code, selling_partner_id, state; never amazon_callback_uri),
// every other sign-in as Login with Amazon sends it (code, state, scope, error).
import type { CallbackParams } from '../lwa/callback';
import { callbackParamsFromQuery, sameText } from '../lwa/callback';
import { decodeState } from '../lwa/authorize';
import type { ConsentCallbackParams } from '../sellingPartner/callback';
import { consentCallbackParamsFromQuery } from '../sellingPartner/callback';
import { consentCallbackError } from '../sellingPartner/errors';

/** Which of the three ways back delivered a callback. */
export type CallbackSource = 'loopback' | 'uri' | 'paste';

/** What a waiting sign-in receives. `bareCode`: a pasted code without state (nothing to check it against). */
export interface ReceivedCallback {
	params: CallbackParams;
	bareCode: boolean;
	source: CallbackSource;
	/** A consent sign-in's redirect, read (not yet validated against the state: the flow does that). */
	consent?: ConsentCallbackParams;
}

/** What became of a redirect's query, with what a loopback page needs to say (no values). */
export interface QueryDelivery {
	outcome: DeliveryOutcome;
	/** The redirect carries an error. */
	error?: string;
	/** The redirect carries a code (code, or spapi_oauth_code for a consent sign-in). */
	hasCode: boolean;
}

/** What became of an attempt to deliver a callback. */
export type DeliveryOutcome =
	/** Handed to the waiting sign-in it belongs to. */
	| 'delivered'
	/** No waiting sign-in has this nonce (finished, timed out, or never ours). */
	| 'unknown'
	/** The nonce is known but the state (or where it arrived) does not match: refused, the sign-in keeps waiting. */
	| 'mismatch';

/** A waiting sign-in as others may see it: no secrets. */
export interface PendingSignInInfo {
	readonly profileName: string;
	readonly nonce: string;
	readonly state: string;
	/** The loopback path it expects the redirect on, for loopback redirect URIs. */
	readonly loopbackPath?: string;
	readonly startedAt: number;
	/** 'consent' for an SP-API consent sign-in; LWA's redirect otherwise. */
	readonly kind?: 'lwa' | 'consent';
	/** A consent sign-in's redirect URI: a pasted redirect must be at it (scheme, host, port, path). */
	readonly redirectUri?: string;
}

interface Entry extends PendingSignInInfo {
	resolve(callback: ReceivedCallback): void;
}

/** The registry of waiting sign-ins, keyed by nonce. */
export class PendingSignIns {
	private readonly entries = new Map<string, Entry>();

	/** Registers a waiting sign-in. `received` settles with the first matching callback; dispose() removes it. */
	register(info: PendingSignInInfo): { received: Promise<ReceivedCallback>; dispose(): void } {
		let resolve!: (callback: ReceivedCallback) => void;
		const received = new Promise<ReceivedCallback>((settle) => {
			resolve = settle;
		});
		const entry: Entry = { ...info, resolve };
		this.entries.set(info.nonce, entry);
		return {
			received,
			dispose: () => {
				if (this.entries.get(info.nonce) === entry) {
					this.entries.delete(info.nonce);
				}
			},
		};
	}

	/** The waiting sign-ins, oldest first. */
	list(): PendingSignInInfo[] {
		return [...this.entries.values()].map(({ profileName, nonce, state, loopbackPath, startedAt, kind, redirectUri }) => ({
			profileName, nonce, state, loopbackPath, startedAt,
			...(kind !== undefined ? { kind } : {}),
			...(redirectUri !== undefined ? { redirectUri } : {}),
		}));
	}

	/** The waiting sign-in a state's nonce names (the state itself is not checked here). */
	findByState(state: string | null | undefined): PendingSignInInfo | undefined {
		const decoded = typeof state === 'string' ? decodeState(state) : undefined;
		return decoded ? this.list().find((entry) => entry.nonce === decoded.nonce) : undefined;
	}

	/**
	 * Delivers a redirect's query (the URI handler's, the loopback listener's) to the sign-in whose
	 * state it carries, read the way that sign-in's redirect is sent. Throws a coded LwaError
	 * ('malformed_callback') for a query that cannot be read (repeated parameters, oversized values;
	 * for a consent sign-in also control characters and the Login URI step's amazon_callback_uri),
	 * which leaves the sign-in waiting.
	 */
	deliverQuery(query: URLSearchParams, source: CallbackSource, accept?: (pending: PendingSignInInfo) => boolean): QueryDelivery {
		if (this.findByState(query.get('state'))?.kind === 'consent') {
			const parsed = consentCallbackParamsFromQuery(query);
			if (!parsed.ok) {
				throw consentCallbackError(parsed);
			}
			const outcome = this.deliverConsent(parsed.params, source, accept);
			return { outcome, hasCode: (parsed.params.spapiOauthCode ?? '') !== '', ...(parsed.params.error !== undefined ? { error: parsed.params.error } : {}) };
		}
		const params = callbackParamsFromQuery(query);
		const outcome = this.deliver(params, source, accept);
		return { outcome, hasCode: (params.code ?? '') !== '', ...(params.error !== undefined ? { error: params.error } : {}) };
	}

	/** Delivers a consent redirect to the consent sign-in whose state it carries (exact match, as deliver). */
	deliverConsent(params: ConsentCallbackParams, source: CallbackSource, accept?: (pending: PendingSignInInfo) => boolean): DeliveryOutcome {
		const entry = this.entryFor(params.state);
		if (!entry || entry.kind !== 'consent') {
			return 'unknown';
		}
		if (!sameText(entry.state, params.state as string) || (accept && !accept(entry))) {
			return 'mismatch';
		}
		this.entries.delete(entry.nonce);
		entry.resolve({ params: { state: params.state }, bareCode: false, source, consent: params });
		return 'delivered';
	}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * Delivers a redirect that carries a state to the sign-in it belongs to. A callback whose state does
	 * not match exactly is refused and does not end that sign-in, so a forged request cannot cancel it.
	 * `accept` lets the loopback listener refuse a state that arrived on another sign-in's path.
	 */
	deliver(params: CallbackParams, source: CallbackSource, accept?: (pending: PendingSignInInfo) => boolean): DeliveryOutcome {
		const entry = this.entryFor(params.state);
		// A consent sign-in takes only a consent redirect (deliverQuery, deliverConsent).
		if (!entry || entry.kind === 'consent' || params.state === undefined) {
			return 'unknown';
		}
		if (!sameText(entry.state, params.state) || (accept && !accept(entry))) {
			return 'mismatch';
		}
		this.entries.delete(entry.nonce);
		entry.resolve({ params, bareCode: false, source });
		return 'delivered';
	}

	private entryFor(state: string | undefined): Entry | undefined {
		const decoded = state === undefined ? undefined : decodeState(state);
		return decoded ? this.entries.get(decoded.nonce) : undefined;
	}

	/** Delivers a pasted bare code to the waiting sign-in with this nonce (never to a consent sign-in: its code means nothing without the partner id). */
	deliverBareCode(nonce: string, code: string): DeliveryOutcome {
		const entry = this.entries.get(nonce);
		if (!entry || entry.kind === 'consent') {
			return 'unknown';
		}
		this.entries.delete(nonce);
		entry.resolve({ params: { code }, bareCode: true, source: 'paste' });
		return 'delivered';
	}
}
