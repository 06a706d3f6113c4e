// Client secret health in the editor: the reminders, the dates asked when a client secret is set, the
// old secret kept for the overlap, and the Profiles view's badges. Built with the features, which
// activation loads when a profile is of the SP-API kind (src/extension.ts), so the reminders run
// without a command while the activation bundle holds none of this.
// Only SP-API profiles: the 180-day rotation and the 365-day renewal are SP-API's rules; Amazon
// documents neither for other LWA security profiles, so nothing is asked or warned for them.
import vscode = require('vscode');
import type { CredentialStore } from '../../core/credentials/store';
import { overlapToKeep, PreviousClientSecrets } from '../../core/credentials/previousClientSecret';
import type { Clock, Logger, SecretStore } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import { HealthRecords } from '../../core/sellingPartner/healthRecords';
import type { PartnerAuthorization } from '../../core/sellingPartner/healthRecords';
import { HealthReminders, profileHealth } from '../../core/sellingPartner/healthReminders';
import type { WarningLeadTimes } from '../../core/sellingPartner/healthReminders';
import type { ClientSecretDates, ReauthorizationHealth, SecretHealth } from '../../core/sellingPartner/secretHealth';
import { CLIENT_SECRET_LIFETIME_DAYS, clientSecretExpiry, parseUserDate } from '../../core/sellingPartner/secretHealth';
import type { Timers } from '../../core/time/timers';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { reauthorizationWarningDays, rotationOverlapDays, secretExpiryWarningDays } from '../platform/settings';
import type { HealthBadges } from '../views/profilesView';
import { healthWarningText, reauthorizationBadge, secretBadge, secretDatePrompt, secretExpiryLine, setClientSecretLabel, signInAgainLabel } from './secretHealthTexts';

/** The globalState key of the days each warning was last shown (not secret). */
export const WARNED_DAYS_KEY = 'lwa.secretHealth.warnedDays';

export function leadTimes(): WarningLeadTimes {
	return { secretDays: secretExpiryWarningDays(), reauthorizationDays: reauthorizationWarningDays() };
}

/** What the Inspect Access Token panel shows of an SP-API profile's secret health. No secret in it. */
export interface SecretHealthInspection {
	/** The client secret's 180-day deadline; none when no dates are recorded (no client secret set here). */
	secret?: SecretHealth;
	/** During a rotation's overlap: until when the old client secret is tried (epoch ms). */
	previousSecretUntil?: number;
	/** The selling partner of the inspected token: its authorization, when recorded, and its 365-day renewal. */
	partner?: { id: string; authorization?: PartnerAuthorization; reauthorization?: ReauthorizationHealth };
}

export class SecretHealthWatch implements vscode.Disposable, HealthBadges {
	readonly records: HealthRecords;
	readonly previous: PreviousClientSecrets;
	private readonly reminders: HealthReminders;
	private readonly subscription: { dispose(): void };

	constructor(private readonly deps: { secrets: SecretStore; store: CredentialStore; profiles: ProfileRegistry; clock: Clock; timers: Timers; logger: Logger; notifier: Notifier; memento: vscode.Memento; onChange: () => void }) {
		this.records = new HealthRecords(deps.secrets, deps.logger);
		this.previous = new PreviousClientSecrets(deps.secrets, deps.clock, deps.logger);
		this.reminders = new HealthReminders({
			clock: deps.clock,
			timers: deps.timers,
			logger: deps.logger,
			profiles: () => deps.profiles.all(),
			read: (profile) => this.records.read(profile),
			leadTimes,
			warned: { get: () => deps.memento.get<Record<string, number>>(WARNED_DAYS_KEY) ?? {}, set: async (value) => { await deps.memento.update(WARNED_DAYS_KEY, value); } },
			warn: (warning) => deps.notifier.warn(healthWarningText(warning), warning.kind === 'secret'
				? { [setClientSecretLabel()]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: warning.profile }) }
				: { [signInAgainLabel()]: () => vscode.commands.executeCommand('lwa.signIn', { profile: warning.profile }) }),
		});
		this.subscription = this.records.onDidChange(() => deps.onChange());
	}

	/** Checks the deadlines now (on start and on every state change) and schedules the next check. */
	check(): Promise<void> {
		return this.reminders.check();
	}

	async secretBadge(profile: string): Promise<{ badge: string; line: string } | undefined> {
		const secret = profileHealth(await this.records.read(profile), this.deps.clock, leadTimes()).secret;
		return secret ? { badge: secretBadge(secret), line: secretExpiryLine(secret) } : undefined;
	}

	async reauthorizationBadge(profile: string, partnerId: string): Promise<string | undefined> {
		const reauthorization = profileHealth(await this.records.read(profile), this.deps.clock, leadTimes()).partners[partnerId];
		return reauthorization?.applies ? reauthorizationBadge(reauthorization.daysLeft) : undefined;
	}

	/** The secret health rows of the Inspect panel (SP-API profiles only; undefined for others). */
	async inspection(profile: Profile, partnerId: string | undefined): Promise<SecretHealthInspection | undefined> {
		if (profile.api !== 'sp-api') {
			return undefined;
		}
		const record = await this.records.read(profile.name);
		const health = profileHealth(record, this.deps.clock, leadTimes());
		const previous = await this.previous.read(profile.name);
		const inspection: SecretHealthInspection = {};
		if (health.secret) {
			inspection.secret = health.secret;
		}
		if (previous) {
			inspection.previousSecretUntil = previous.until;
		}
		if (partnerId !== undefined) {
			const authorization = record.partners[partnerId];
			inspection.partner = authorization ? { id: partnerId, authorization, reauthorization: health.partners[partnerId] } : { id: partnerId };
		}
		return inspection;
	}

	/**
	 * Asks Amazon's issue date or expiry of a client secret just typed (SP-API profiles only);
	 * undefined when the question was dismissed (the set date counts then), never blocks the secret.
	 */
	async askDates(profile: Profile): Promise<Omit<ClientSecretDates, 'setAt'>> {
		if (profile.api !== 'sp-api') {
			return {};
		}
		const words = secretDatePrompt();
		const parse = (text: string): Omit<ClientSecretDates, 'setAt'> | undefined | 'invalid' => parseDatesAnswer(text, this.deps.clock);
		const answer = await vscode.window.showInputBox({
			title: words.title, prompt: words.prompt, placeHolder: words.placeHolder, ignoreFocusOut: true,
			validateInput: (value) => (parse(value) === 'invalid' ? words.invalid : undefined),
		});
		const parsed = answer === undefined ? undefined : parse(answer);
		return parsed === undefined || parsed === 'invalid' ? {} : parsed;
	}

	/**
	 * Before `next` replaces the profile's client secret: keeps the current one for the overlap (SP-API
	 * profiles, while it is still valid) and records the new secret's dates. `dates` from askDates or a
	 * test's arguments.
	 */
	async secretChanging(profile: Profile, next: string, dates: Omit<ClientSecretDates, 'setAt'>): Promise<void> {
		if (profile.api !== 'sp-api') {
			return;
		}
		const now = this.deps.clock.now();
		const record = await this.records.read(profile.name);
		let current: string | undefined;
		try {
			current = await this.deps.store.readClientSecret(profile.name);
		} catch {
			current = undefined;
		}
		const kept = overlapToKeep({ current, next, overlapDays: rotationOverlapDays(), now, ...(record.secret ? { currentExpiresAt: clientSecretExpiry(record.secret).expiresAt } : {}) });
		if (kept) {
			await this.previous.keep(profile.name, kept.secret, kept.until);
		}
		await this.records.setSecretDates(profile.name, { setAt: now, ...dates });
	}

	/** The client secret was removed, or the profile: its dates and any old secret go too. */
	async secretRemoved(profile: string): Promise<void> {
		await this.previous.forget(profile, 'the client secret was removed');
		await this.records.clearSecretDates(profile);
	}

	dispose(): void {
		this.reminders.dispose();
		this.subscription.dispose();
	}
}

/** '2025-01-31' (issue date), 'expires 2025-07-30' (Amazon's expiry), '' (none), else 'invalid'. */
export function parseDatesAnswer(text: string, clock: Clock): Omit<ClientSecretDates, 'setAt'> | undefined | 'invalid' {
	const trimmed = text.trim();
	if (trimmed === '') {
		return undefined;
	}
	const expiry = /^expires\s+(.+)$/i.exec(trimmed);
	if (expiry) {
		const amazonExpiresAt = parseUserDate(expiry[1], clock, CLIENT_SECRET_LIFETIME_DAYS);
		return amazonExpiresAt === undefined ? 'invalid' : { amazonExpiresAt };
	}
	const issuedAt = parseUserDate(trimmed, clock, 0);
	return issuedAt === undefined ? 'invalid' : { issuedAt };
}
