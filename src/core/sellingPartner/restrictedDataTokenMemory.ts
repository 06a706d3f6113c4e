// Restricted Data Tokens in this window's memory, and nowhere else: an RDT unlocks buyer data (names,
// addresses, tax ids), so it is never written to the secret storage, a file, globalState or a log.
// One RDT per (slot, method, path template): getting another for the same template replaces it. The
// real path (an order id) is kept beside it, in memory only, so an RDT is handed out again only for
// the very path and data elements it was issued for. Pure apart from the clock it is given.
import type { Slot } from '../credentials/accounts';
import { slotKey } from '../credentials/accounts';
import type { Clock } from '../ports';
import type { RestrictedDataToken } from './restrictedDataToken';
import type { DataElement, RestrictedMethod } from './restrictedOperations';

/** What an RDT was issued for; `template` is what a log or a label may show. */
export interface RestrictedResourceKey {
	method: RestrictedMethod;
	/** The real path (memory only). */
	path: string;
	/** The listed operation's template, or the masked path of an unlisted one. */
	template: string;
	dataElements: readonly DataElement[];
}

/** A remembered RDT with what it covers. */
export interface RememberedRestrictedDataToken {
	slot: Slot;
	resource: RestrictedResourceKey;
	token: RestrictedDataToken;
}

/** The memory key: slot, method and template (never the real path). */
export function restrictedDataTokenKey(slot: Slot, method: RestrictedMethod, template: string): string {
	return `${slotKey(slot)}\u001e${method}\u001e${template}`;
}

function sameElements(a: readonly DataElement[], b: readonly DataElement[]): boolean {
	return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

export class RestrictedDataTokenMemory {
	private readonly entries = new Map<string, RememberedRestrictedDataToken>();

	constructor(private readonly clock: Clock) {}

	/** Keeps an RDT, replacing the one of the same slot, method and template. */
	remember(slot: Slot, resource: RestrictedResourceKey, token: RestrictedDataToken): void {
		this.entries.set(restrictedDataTokenKey(slot, resource.method, resource.template), { slot, resource: { ...resource, dataElements: [...resource.dataElements] }, token });
	}

	/**
	 * The RDT for exactly this method, path and data elements when it has more than `aheadMs` left;
	 * an expired one is forgotten on the way.
	 */
	find(slot: Slot, resource: RestrictedResourceKey, aheadMs: number): RememberedRestrictedDataToken | undefined {
		const key = restrictedDataTokenKey(slot, resource.method, resource.template);
		const entry = this.entries.get(key);
		if (entry === undefined) {
			return undefined;
		}
		const now = this.clock.now();
		if (entry.token.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		const same = entry.resource.path === resource.path && sameElements(entry.resource.dataElements, resource.dataElements);
		return same && entry.token.expiresAt - now > aheadMs ? entry : undefined;
	}

	/** The unexpired RDTs, the one that expires last first (expired ones are forgotten). */
	live(): RememberedRestrictedDataToken[] {
		const now = this.clock.now();
		for (const [key, entry] of this.entries) {
			if (entry.token.expiresAt <= now) {
				this.entries.delete(key);
			}
		}
		return [...this.entries.values()].sort((a, b) => b.token.expiresAt - a.token.expiresAt);
	}

	/** Forgets the RDTs of a slot (its partner signed out), or of every slot of a profile when no account is given. */
	forget(profile: string, account?: Slot['account']): number {
		const prefix = account === undefined ? undefined : `${slotKey({ profile, account })}\u001e`;
		let removed = 0;
		for (const [key, entry] of this.entries) {
			if (prefix !== undefined ? key.startsWith(prefix) : entry.slot.profile === profile) {
				this.entries.delete(key);
				removed++;
			}
		}
		return removed;
	}

	/** Forgets everything (the extension is disposed). */
	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
