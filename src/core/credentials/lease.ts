// A refresh lease per profile in the shared secret store, so that two windows never spend the same
// refresh token at once. SecretStorage has no compare-and-swap, so a window writes its lease only
// when no live one is there, waits a short settle delay for concurrent writers to land, reads the
// lease back and goes ahead only if it is still the owner. Everyone else waits (bounded) for the
// owner's result to appear in the store. A lease carries an expiry, so the lease of a window that
// crashed mid-refresh is taken over once it has expired.
//
// The settle delay is paid only when another window could be writing a lease at the same moment.
// Windows that renew tokens list themselves in a roster (ROSTER_KEY). A window joins before its first
// renewal and renews nothing until its entry has stood for a settle delay and is still there, so every
// window that looks at the roster after that sees it. A window that finds only itself in the roster
// takes the lease without the settle delay: a window that joins meanwhile is not yet allowed to renew,
// and by the time it is, this window's lease has reached it (see the proof before `presence`).
import { randomBytes } from 'node:crypto';
import { LwaError } from '../lwa/errors';
import type { Clock, Disposable, Logger, SecretStore } from '../ports';
import { silentLogger, systemClock } from '../ports';

/**
 * Secret store key of a slot's refresh lease: `lwa.refreshLease:<slot key>`, where the slot key is
 * the profile name for a plain profile (as always) and the profile and account joined by U+001F for
 * a selling partner or a grantless scope (src/core/credentials/accounts.ts): each partner's refresh
 * token has its own lease.
 */
export function leaseKey(slot: string): string {
	return `lwa.refreshLease:${slot}`;
}

/**
 * Secret store key of the roster of windows that renew tokens: `{ v: 1, windows: { <window id>:
 * <epoch ms until which the entry counts> } }`, no secret in it. Only membership matters.
 */
export const ROSTER_KEY = 'lwa.refreshWindows';

/** The live entries of a stored roster (window id -> expiry); empty for anything unreadable. */
export function parseRoster(raw: string | undefined, now: number): Map<string, number> {
	const entries = new Map<string, number>();
	if (raw === undefined) {
		return entries;
	}
	try {
		const value = JSON.parse(raw) as Record<string, unknown> | null;
		if (typeof value === 'object' && value !== null && value.v === 1 && typeof value.windows === 'object' && value.windows !== null) {
			for (const [owner, expiresAt] of Object.entries(value.windows as Record<string, unknown>)) {
				if (owner !== '' && typeof expiresAt === 'number' && Number.isFinite(expiresAt) && expiresAt > now) {
					entries.set(owner, expiresAt);
				}
			}
		}
	} catch {
		// Unreadable: nobody listed. Every window then joins again, and settles before it renews.
	}
	return entries;
}

/** The stored lease (no secrets in it). */
export interface Lease {
	v: 1;
	/** The random id of the window that holds it. */
	owner: string;
	/** Epoch ms after which the lease is void (its holder is presumed gone). */
	expiresAt: number;
}

/** Reads a stored lease; undefined for anything unreadable (treated as no lease). */
export function parseLease(raw: string | undefined): Lease | undefined {
	if (raw === undefined) {
		return undefined;
	}
	try {
		const value = JSON.parse(raw) as Record<string, unknown> | null;
		if (typeof value === 'object' && value !== null && value.v === 1 && typeof value.owner === 'string' && value.owner !== ''
			&& typeof value.expiresAt === 'number' && Number.isFinite(value.expiresAt)) {
			return { v: 1, owner: value.owner, expiresAt: value.expiresAt };
		}
	} catch {
		// Unreadable: no lease.
	}
	return undefined;
}

export interface RefreshLeasesOptions {
	secrets: SecretStore;
	clock?: Clock;
	logger?: Logger;
	/** This window's id; random by default. */
	owner?: string;
	/** How long a lease lives: longer than a refresh with its retries normally takes. Default 60 s. */
	leaseMs?: number;
	/**
	 * How long a write takes at most to reach every window sharing the store, twice over: after
	 * writing a lease a window waits this long before reading it back (when another window is
	 * listed), and after joining the roster before it renews anything. Default 300 ms.
	 */
	settleMs?: number;
	/** How long a roster entry counts without being renewed; renewed when half is left. Default 6 h. */
	presenceMs?: number;
	/** How long to wait for another window's refresh before giving up. Default 8 s. */
	waitMs?: number;
	/** How often to look at the store while waiting (a change notification wakes up sooner). Default 200 ms. */
	pollMs?: number;
	sleep?: (ms: number) => Promise<void>;
}

/** What a guarded renewal does; see RefreshLeases.run. */
export interface LeasedWork<T> {
	/** The result another window has produced since the caller looked, or undefined when there is none yet. May throw (signed out elsewhere). */
	doneElsewhere(): Promise<T | undefined>;
	/**
	 * The renewal itself; runs only while this window holds the lease. `waited`: another window held
	 * the lease first, so anything read before run() was called may be out of date.
	 */
	renew(waited: boolean): Promise<T>;
	/** Called when another window kept its lease beyond the wait. */
	gaveUp(): Promise<T>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Cross-window mutual exclusion of token renewals, one lease per slot (profile, or profile and account). */
export class RefreshLeases {
	readonly owner: string;
	private readonly secrets: SecretStore;
	private readonly clock: Clock;
	private readonly logger: Logger;
	private readonly leaseMs: number;
	private readonly settleMs: number;
	private readonly waitMs: number;
	private readonly pollMs: number;
	private readonly presenceMs: number;
	private readonly sleep: (ms: number) => Promise<void>;
	/** This window's join of the roster while it settles. */
	private joining: Promise<void> | undefined;
	/** Whether this window has ever listed itself (so it has something to take off when it stops). */
	private joined = false;
	/**
	 * Releases still being written, per slot. The caller has its result before its lease is deleted
	 * (one store call less to wait for); this window's next run for the slot waits for the release.
	 */
	private readonly releasing = new Map<string, Promise<void>>();

	constructor(options: RefreshLeasesOptions) {
		this.secrets = options.secrets;
		this.clock = options.clock ?? systemClock;
		this.logger = options.logger ?? silentLogger;
		this.owner = options.owner ?? randomBytes(12).toString('base64url');
		this.leaseMs = options.leaseMs ?? 60_000;
		this.settleMs = options.settleMs ?? 300;
		this.waitMs = options.waitMs ?? 8_000;
		this.pollMs = Math.max(1, options.pollMs ?? 200);
		this.presenceMs = options.presenceMs ?? 6 * 60 * 60_000;
		this.sleep = options.sleep ?? defaultSleep;
	}

	/**
	 * Runs `work.renew()` under the profile's lease. First takes the lease (or finds another
	 * window's live one), then asks `work.doneElsewhere()`: a result produced meanwhile by another
	 * window is returned instead of renewing. While another window holds a live lease, waits for its
	 * result (re-reading the store) up to `waitMs`, then calls `work.gaveUp()`. An expired lease is
	 * taken over. When the store itself fails, the renewal goes ahead without a lease. `slot` is the
	 * slot key (accounts.ts slotKey); `label` names it in the log (default: `profile "<slot>"`).
	 */
	async run<T>(slot: string, work: LeasedWork<T>, label = `profile "${slot}"`): Promise<T> {
		const profile = slot;
		const polls = Math.ceil(this.waitMs / this.pollMs);
		for (let poll = 0; ; poll++) {
			await this.releasing.get(profile);
			const taken = await this.tryAcquire(profile, label);
			if (taken !== 'held elsewhere') {
				const acquiredAt = this.clock.now();
				try {
					return (await work.doneElsewhere()) ?? await work.renew(poll > 0);
				} finally {
					if (taken === 'acquired alone' && this.clock.now() - acquiredAt < this.leaseMs / 2) {
						// Nobody else writes a lease while this one is live (see presence), so it is still ours.
						this.releaseAfterwards(profile, () => this.releaseOwn(profile, label));
					} else if (taken !== 'no store') {
						this.releaseAfterwards(profile, () => this.release(profile, label));
					}
				}
			}
			const done = await work.doneElsewhere();
			if (done !== undefined) {
				this.logger.debug(`The token of ${label} was renewed by another window; using it.`);
				return done;
			}
			if (poll >= polls) {
				this.logger.warn(`Another window has been renewing ${label} for more than ${Math.round(this.waitMs / 1000)} s; not renewing here.`);
				return work.gaveUp();
			}
			if (poll === 0) {
				this.logger.debug(`Another window is renewing ${label}; waiting for its token.`);
			}
			await this.waitForChange(profile);
		}
	}

	/** The error for a caller whose token another window is still renewing. */
	static busyElsewhere(): LwaError {
		return new LwaError('timeout', { reason: 'lease_busy' });
	}

	private async tryAcquire(profile: string, label: string): Promise<'acquired' | 'acquired alone' | 'written, unconfirmed' | 'held elsewhere' | 'no store'> {
		let written = false;
		try {
			// Both read at once (in a browser-hosted editor each store call is a round trip to the page).
			const [others, current] = await Promise.all([this.presence(label), this.secrets.get(leaseKey(profile))]);
			// After a join's settle delay the lease read with it is old: read it again.
			const lease = others.joined ? parseLease(await this.secrets.get(leaseKey(profile))) : parseLease(current);
			if (others.state === 'not settled' || this.isHeldElsewhere(lease)) {
				return 'held elsewhere';
			}
			const mine: Lease = { v: 1, owner: this.owner, expiresAt: this.clock.now() + this.leaseMs };
			await this.secrets.store(leaseKey(profile), JSON.stringify(mine));
			written = true;
			if (others.state === 'alone') {
				return 'acquired alone';
			}
			// Another window may have written its lease at the same moment: the last write wins
			// everywhere, so once both writes have landed exactly one window reads itself back.
			await this.sleep(this.settleMs);
			const readBack = parseLease(await this.secrets.get(leaseKey(profile)));
			// Not ours: another window's lease, or one deleted under us; either way wait and look again.
			return readBack?.owner === this.owner ? 'acquired' : 'held elsewhere';
		} catch {
			this.logger.warn(`The refresh lease of ${label} could not be read or written; renewing without it.`);
			// A lease written but not read back may be stored: it is released after the renewal like
			// an acquired one, or other windows would wait for it to expire.
			return written ? 'written, unconfirmed' : 'no store';
		}
	}

	/**
	 * Whether another window that renews tokens is listed in the roster ('others') or not ('alone');
	 * 'not settled' while this window may not renew yet (it joined less than a settle delay ago, and
	 * looked again a few times). Joins the roster when this window is not listed, and renews the
	 * entry when half its time is gone.
	 *
	 * Why 'alone' allows a lease without the settle delay (S the settle delay, D the longest time a
	 * write takes to reach every window, S >= 2D plus a few store calls, as the lease itself assumes):
	 * window A reads the roster at moment a and finds only itself, then writes its lease at a + e.
	 * Any window B that renews is listed, and first joined at some moment j. A did not see B, so
	 * j > a - D. B renews nothing before j + S > a - D + 2D + e = a + e + D, and by then A's lease
	 * has reached B, which waits for it like for any live lease. Entries are only dropped by their
	 * own window, by expiry (a window renews while half the time is left, and counts itself listed
	 * only with more than `leaseMs` left), or by a write from a window that never saw the entry,
	 * which can only be within D of the entry's first write, so its owner, looking again a settle
	 * delay after joining, finds itself missing and joins again.
	 */
	private async presence(label: string): Promise<{ state: 'alone' | 'others' | 'not settled'; joined: boolean }> {
		let joined = false;
		for (let look = 0; look < 3; look++) {
			const now = this.clock.now();
			const roster = parseRoster(await this.secrets.get(ROSTER_KEY), now);
			const mine = roster.get(this.owner);
			if (mine === undefined || mine - now <= this.leaseMs) {
				joined = true;
				await this.join(roster, now, label);
				continue;
			}
			if (this.joining) {
				// Listed by a join of this window that has not settled yet.
				joined = true;
				await this.joining;
				continue;
			}
			if (mine - now < this.presenceMs / 2) {
				// Still listed for a while: renewing needs no wait (a lost renewal is retried next time).
				await this.writeRoster(roster, now + this.presenceMs);
			}
			return { state: [...roster.keys()].some((owner) => owner !== this.owner) ? 'others' : 'alone', joined };
		}
		return { state: 'not settled', joined };
	}

	/** Lists this window in the roster and waits a settle delay (one join at a time per window). */
	private join(roster: Map<string, number>, now: number, label: string): Promise<void> {
		this.joining ??= (async () => {
			try {
				this.joined = true;
				await this.writeRoster(roster, now + this.presenceMs);
				this.logger.debug(`This window joined the roster of windows that renew tokens (for ${label}).`);
				await this.sleep(this.settleMs);
			} finally {
				this.joining = undefined;
			}
		})();
		return this.joining;
	}

	private async writeRoster(roster: Map<string, number>, ownExpiry: number | undefined): Promise<void> {
		const windows: Record<string, number> = {};
		for (const [owner, expiresAt] of roster) {
			if (owner !== this.owner) {
				windows[owner] = expiresAt;
			}
		}
		if (ownExpiry !== undefined) {
			windows[this.owner] = ownExpiry;
		}
		await this.secrets.store(ROSTER_KEY, JSON.stringify({ v: 1, windows }));
	}

	/** Resolves once every lease this window has finished with is deleted (or could not be). */
	async released(): Promise<void> {
		while (this.releasing.size > 0) {
			await Promise.all(this.releasing.values());
		}
	}

	/** Takes this window off the roster (when the extension stops), so other windows stop settling for it. Best effort. */
	async leave(): Promise<void> {
		if (!this.joined) {
			return;
		}
		try {
			const roster = parseRoster(await this.secrets.get(ROSTER_KEY), this.clock.now());
			if (roster.has(this.owner)) {
				await this.writeRoster(roster, undefined);
			}
		} catch {
			// Its entry expires by itself.
		}
	}

	dispose(): void {
		void this.leave();
	}

	private isHeldElsewhere(lease: Lease | undefined): boolean {
		return lease !== undefined && lease.owner !== this.owner && lease.expiresAt > this.clock.now();
	}

	/** Starts a release (it never rejects); see `releasing`. */
	private releaseAfterwards(profile: string, release: () => Promise<void>): void {
		const done: Promise<void> = release().finally(() => {
			if (this.releasing.get(profile) === done) {
				this.releasing.delete(profile);
			}
		});
		this.releasing.set(profile, done);
	}

	private async releaseOwn(profile: string, label: string): Promise<void> {
		try {
			await this.secrets.delete(leaseKey(profile));
		} catch {
			this.logger.warn(`The refresh lease of ${label} could not be released; it expires by itself.`);
		}
	}

	private async release(profile: string, label: string): Promise<void> {
		try {
			if (parseLease(await this.secrets.get(leaseKey(profile)))?.owner === this.owner) {
				await this.secrets.delete(leaseKey(profile));
			}
		} catch {
			this.logger.warn(`The refresh lease of ${label} could not be released; it expires by itself.`);
		}
	}

	/** Resolves after `pollMs`, or sooner when the store reports a change of the slot's credential or lease. */
	private async waitForChange(slot: string): Promise<void> {
		let subscription: Disposable | undefined;
		const changed = new Promise<void>((resolve) => {
			subscription = this.secrets.onDidChange?.((key) => {
				// Exactly this slot's keys: a plain profile's wait is not woken by its partners' changes.
				if (key === `lwa.credential:${slot}` || key === leaseKey(slot)) {
					resolve();
				}
			});
		});
		try {
			await Promise.race([this.sleep(this.pollMs), changed]);
		} finally {
			subscription?.dispose();
		}
	}
}
