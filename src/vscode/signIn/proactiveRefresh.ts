// Optional background refresh (lwa.refresh.proactive): one timer per signed-in profile, at the
// moment its token becomes stale (expiresAt - lwa.refresh.ahead). A profile whose token may come from a
// one-time Data Portability transfer (portability:: scopes and lwa.dataPortability.assumeOneTimeTransfer,
// see src/core/credentials/oneTimeTransfer.ts) gets no timer: its token may be the only one.
import type * as vscode from 'vscode';
import type { StoredCredential } from '../../core/credentials/model';
import { mayBeOneTimeTransfer } from '../../core/credentials/oneTimeTransfer';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { isLwaError } from '../../core/lwa/errors';
import { needsNetworkSettingsChange } from '../../core/lwa/tokenClient';
import type { Clock, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { MAX_TIMER_MS } from '../../core/time/nextChangeTimer';
import type { TimerHandle, Timers } from '../../core/time/timers';
import { systemTimers } from '../../core/time/timers';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { assumeOneTimeTransfer } from '../portability/portabilitySettings';
import { proactiveRefreshEnabled, refreshAheadSeconds } from '../platform/settings';

/** After a failed background refresh, wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Sees every change of the scheduled background refreshes (a reschedule, a timer that fired):
 * `scheduled` resolves, once the reschedule in progress (if any) has set its timers, with the names of
 * the profiles that have one. A newer change is seen too.
 */
export type BackgroundRefreshObserver = (scheduled: Promise<readonly string[]>) => void;

/** Schedules background refreshes. */
export class ProactiveRefresher implements vscode.Disposable {
	private readonly timers = new Map<string, TimerHandle>();
	private readonly failedAt = new Map<string, number>();
	/**
	 * The access token whose background refresh LWA refused (a non-retryable error such as a wrong
	 * client secret), per profile: that credential is not tried again in the background, so the user
	 * is told once, not every minute. A new credential (sign-in, a refresh elsewhere) clears it.
	 */
	private readonly refusedToken = new Map<string, string>();
	/**
	 * Profiles whose background refresh is running. A reschedule meanwhile (the refresh lease and the
	 * new tokens change the secret store) leaves them alone: their refresh reschedules when it ends,
	 * once it knows whether LWA refused, so a refusal is neither tried nor reported twice.
	 */
	private readonly refreshing = new Set<string>();
	private generation = 0;
	private disposed = false;
	/** The last reschedule() in progress or done. */
	private rescheduled: Promise<void> = Promise.resolve();

	constructor(private readonly deps: {
		service: CredentialService;
		store: CredentialStore;
		profiles: ProfileRegistry;
		clock: Clock;
		/** The timers that go with `clock` (the real ones when absent). */
		timers?: Timers;
		logger: Logger;
		/** Reports a refresh failure that needs the user (a refused refresh token). */
		onRefreshRefused: (profile: Profile, error: unknown) => void;
		/** None in production; in ExtensionMode.Test the test hooks' recorder (src/testing). */
		observer?: BackgroundRefreshObserver;
	}) {}

	/** Recomputes every timer from the stored credentials and the settings. */
	reschedule(): Promise<void> {
		if (this.disposed) {
			return this.rescheduled;
		}
		this.rescheduled = this.setTimers();
		this.reportScheduled();
		return this.rescheduled;
	}

	dispose(): void {
		this.disposed = true;
		this.generation++;
		this.clearTimers();
	}

	private async setTimers(): Promise<void> {
		const generation = ++this.generation;
		this.clearTimers();
		if (!proactiveRefreshEnabled()) {
			return;
		}
		const ahead = refreshAheadSeconds();
		for (const profile of this.deps.profiles.all()) {
			const credential = await this.deps.store.getCredential(profile.name);
			if (generation !== this.generation) {
				return;
			}
			if (this.refreshing.has(profile.name)) {
				continue;
			}
			if (!credential || (profile.grant === 'authorization_code' && !credential.refreshToken && !profile.secretsManager)) {
				continue;
			}
			if (mayBeOneTimeTransfer(profile, credential, assumeOneTimeTransfer())) {
				continue;
			}
			if (this.refusedToken.get(profile.name) === credential.accessToken) {
				continue;
			}
			this.refusedToken.delete(profile.name);
			const now = this.deps.clock.now();
			const staleAt = backgroundRefreshAt(credential, ahead);
			const retryAt = (this.failedAt.get(profile.name) ?? -Infinity) + RETRY_AFTER_FAILURE_MS;
			const delay = Math.min(MAX_TIMER_MS, Math.max(0, staleAt - now, retryAt - now));
			this.timers.set(profile.name, (this.deps.timers ?? systemTimers).setTimeout(() => void this.refresh(profile, generation), delay));
		}
	}

	private async refresh(profile: Profile, generation: number): Promise<void> {
		if (generation !== this.generation) {
			return;
		}
		this.timers.delete(profile.name);
		this.reportScheduled();
		this.refreshing.add(profile.name);
		try {
			await this.refreshStale(profile);
		} finally {
			this.refreshing.delete(profile.name);
			void this.reschedule();
		}
	}

	private async refreshStale(profile: Profile): Promise<void> {
		const credential = await this.deps.store.getCredential(profile.name);
		const now = this.deps.clock.now();
		if (!credential || backgroundRefreshAt(credential, refreshAheadSeconds()) > now + 1000) {
			// Renewed elsewhere meanwhile (another window, a copy), or a long timer woke early.
			return;
		}
		if (mayBeOneTimeTransfer(profile, credential, assumeOneTimeTransfer())) {
			// Its scopes or the setting changed since the timer was set: never spend a one-time token.
			return;
		}
		this.deps.logger.info(`Background refresh of profile "${profile.name}".`);
		try {
			await this.deps.service.refresh(profile);
			this.failedAt.delete(profile.name);
		} catch (error) {
			this.failedAt.set(profile.name, this.deps.clock.now());
			// A proxy that refused the password (and the like) is not asked again in the background: the
			// next use of the token (a copy, a refresh) tries, once the user has changed the settings.
			const needsSettingsChange = isLwaError(error) && needsNetworkSettingsChange(error);
			if (isLwaError(error) && (!error.retryable || needsSettingsChange)) {
				this.refusedToken.set(profile.name, credential.accessToken);
			}
			if (isLwaError(error, 'invalid_grant') || isLwaError(error, 'no_refresh_token') || isLwaError(error, 'invalid_client') || needsSettingsChange) {
				this.deps.onRefreshRefused(profile, error);
			} else {
				this.deps.logger.warn(`Background refresh of profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'error'}); trying again later.`);
			}
		}
	}

	private clearTimers(): void {
		for (const timer of this.timers.values()) {
			timer.cancel();
		}
		this.timers.clear();
	}

	/** Tells the observer (if any) which profiles have a background refresh once the timers are set. */
	private reportScheduled(): void {
		this.deps.observer?.(this.rescheduled.then(() => [...this.timers.keys()]));
	}
}

/**
 * When a credential is refreshed in the background: once it is stale (expiresAt - ahead), but never
 * sooner than halfway through its life, or a token that lives shorter than lwa.refresh.ahead would be
 * stale from the start and refreshed in a loop.
 */
function backgroundRefreshAt(credential: StoredCredential, aheadSeconds: number): number {
	const halfLife = credential.obtainedAt + (credential.expiresAt - credential.obtainedAt) / 2;
	return Math.max(credential.expiresAt - aheadSeconds * 1000, halfLife);
}
