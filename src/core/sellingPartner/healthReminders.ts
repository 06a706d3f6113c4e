// When to warn about client secret health and the 365-day re-authorization: for each SP-API profile,
// its client secret's deadline and each consent-authorized selling partner's, warned once a day at
// most while due (within the lead time) or past, and one timer (the Timers port) for the next moment
// anything changes, never a tick. The words and the button are the VS Code layer's (`warn`).
import type { Clock, Disposable, Logger } from '../ports';
import type { Profile } from '../profiles';
import type { TimerHandle, Timers } from '../time/timers';
import type { HealthRecord } from './healthRecords';
import type { ReauthorizationHealth, SecretHealth } from './secretHealth';
import { clientSecretHealth, DAY_MS, reauthorizationHealth } from './secretHealth';

/** Something to warn about now. */
export type HealthWarning =
	| { kind: 'secret'; profile: string; health: SecretHealth }
	| { kind: 'reauthorization'; profile: string; partnerId: string; health: Extract<ReauthorizationHealth, { applies: true }> };

/** The lead times, in days (the lwa.sellingPartner.* settings). */
export interface WarningLeadTimes {
	secretDays: number;
	reauthorizationDays: number;
}

/** The health of one profile now, for the Profiles view and the inspect panel as well. */
export function profileHealth(record: HealthRecord, clock: Clock, lead: WarningLeadTimes): { secret?: SecretHealth; partners: Record<string, ReauthorizationHealth> } {
	const partners: Record<string, ReauthorizationHealth> = {};
	for (const [id, authorization] of Object.entries(record.partners)) {
		partners[id] = reauthorizationHealth(authorization, clock, lead.reauthorizationDays);
	}
	return { ...(record.secret ? { secret: clientSecretHealth(record.secret, clock, lead.secretDays) } : {}), partners };
}

/** Per warning key, the UTC day (epoch days) it was last shown; kept in globalState by the VS Code layer. */
export interface WarnedDays {
	get(): Record<string, number>;
	set(value: Record<string, number>): Promise<void>;
}

export class HealthReminders implements Disposable {
	private timer: TimerHandle | undefined;
	private running: Promise<void> | undefined;
	private disposed = false;

	constructor(private readonly deps: {
		clock: Clock;
		timers: Timers;
		logger: Logger;
		/** The SP-API profiles (others have no 180-day rule). */
		profiles: () => readonly Profile[];
		read: (profile: string) => Promise<HealthRecord>;
		leadTimes: () => WarningLeadTimes;
		warned: WarnedDays;
		warn: (warning: HealthWarning) => void;
		/** Tests: when the next check is scheduled (epoch ms), undefined for none. */
		onScheduled?: (at: number | undefined) => void;
	}) {}

	/** Checks now (after a check in progress) and schedules the next one. */
	check(): Promise<void> {
		const previous = this.running ?? Promise.resolve();
		const next = previous.then(() => this.run()).catch(() => this.deps.logger.error('The client secret health check failed.'));
		this.running = next;
		return next;
	}

	dispose(): void {
		this.disposed = true;
		this.timer?.cancel();
	}

	private async run(): Promise<void> {
		this.timer?.cancel();
		this.timer = undefined;
		if (this.disposed) {
			return;
		}
		const now = this.deps.clock.now();
		const today = Math.floor(now / DAY_MS);
		const lead = this.deps.leadTimes();
		const warned = { ...this.deps.warned.get() };
		const moments: number[] = [];
		const due: { key: string; warning: HealthWarning }[] = [];
		for (const profile of this.deps.profiles()) {
			if (profile.api !== 'sp-api') {
				continue;
			}
			const health = profileHealth(await this.deps.read(profile.name), this.deps.clock, lead);
			if (health.secret) {
				moments.push(health.secret.nextChangeAt);
				if (health.secret.state !== 'ok') {
					due.push({ key: `secret\u001f${profile.name}`, warning: { kind: 'secret', profile: profile.name, health: health.secret } });
				}
			}
			for (const [partnerId, reauthorization] of Object.entries(health.partners)) {
				if (reauthorization.applies) {
					moments.push(reauthorization.nextChangeAt);
					if (reauthorization.state !== 'ok') {
						due.push({ key: `reauthorization\u001f${profile.name}\u001f${partnerId}`, warning: { kind: 'reauthorization', profile: profile.name, partnerId, health: reauthorization } });
					}
				}
			}
		}
		let changed = false;
		for (const { key, warning } of due) {
			if (warned[key] === today) {
				continue;
			}
			warned[key] = today;
			changed = true;
			this.deps.warn(warning);
		}
		if (due.length > 0) {
			// The next day's warning.
			moments.push((today + 1) * DAY_MS);
		}
		if (changed) {
			await this.deps.warned.set(warned);
		}
		const next = moments.filter((moment) => moment > now).reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
		if (Number.isFinite(next) && !this.disposed) {
			this.timer = this.deps.timers.setTimeout(() => void this.check(), next - now);
			this.deps.onScheduled?.(next);
		} else {
			this.deps.onScheduled?.(undefined);
		}
	}
}
