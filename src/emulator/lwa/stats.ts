// Counters of the LWA service, for tests that check how many requests a client made. No secrets.

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

export class LwaCounters {
	private counts: EmulatorStats = emptyStats();

	authorizeRequestArrived(): void {
		this.counts.authorizeRequests++;
	}

	tokenRequestArrived(grantType: string): void {
		this.counts.tokenRequests++;
		this.counts.byGrant[grantType] = (this.counts.byGrant[grantType] ?? 0) + 1;
	}

	tokenRequestAnswered(outcome: string): void {
		this.counts.byOutcome[outcome] = (this.counts.byOutcome[outcome] ?? 0) + 1;
	}

	/** A copy. */
	snapshot(): EmulatorStats {
		return {
			tokenRequests: this.counts.tokenRequests,
			byGrant: { ...this.counts.byGrant },
			byOutcome: { ...this.counts.byOutcome },
			authorizeRequests: this.counts.authorizeRequests,
		};
	}

	reset(): void {
		this.counts = emptyStats();
	}
}

function emptyStats(): EmulatorStats {
	return { tokenRequests: 0, byGrant: {}, byOutcome: {}, authorizeRequests: 0 };
}
