// The sign-ins that wait for the browser. Each has its own nonce, state and PKCE verifier (kept by
// the flow, not here); a callback is delivered only to the sign-in whose state it carries, so two
// sign-ins waiting at once never mix.
import type { CallbackParams } from '../lwa/callback';
import { sameText } from '../lwa/callback';
import { decodeState } from '../lwa/authorize';

/** Which of the three ways back delivered a callback. */
export type CallbackSource = 'loopback' | 'uri' | 'paste';

/** What a waiting sign-in receives. `bareCode`: a pasted code without state (nothing to check it against). */
export interface ReceivedCallback {
	params: CallbackParams;
	bareCode: boolean;
	source: CallbackSource;
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
		return [...this.entries.values()].map(({ profileName, nonce, state, loopbackPath, startedAt }) => ({ profileName, nonce, state, loopbackPath, startedAt }));
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
		if (params.state === undefined) {
			return 'unknown';
		}
		const decoded = decodeState(params.state);
		const entry = decoded ? this.entries.get(decoded.nonce) : undefined;
		if (!entry) {
			return 'unknown';
		}
		if (!sameText(entry.state, params.state) || (accept && !accept(entry))) {
			return 'mismatch';
		}
		this.entries.delete(entry.nonce);
		entry.resolve({ params, bareCode: false, source });
		return 'delivered';
	}

	/** Delivers a pasted bare code to the waiting sign-in with this nonce. */
	deliverBareCode(nonce: string, code: string): DeliveryOutcome {
		const entry = this.entries.get(nonce);
		if (!entry) {
			return 'unknown';
		}
		this.entries.delete(nonce);
		entry.resolve({ params: { code }, bareCode: true, source: 'paste' });
		return 'delivered';
	}
}
