// What client secret health and the re-authorization reminder need to know, per profile: the dates
// of the client secret (when it was set, Amazon's issue date or expiry when the user gave one) and,
// per selling partner, when and how it authorized the app (consent or self-authorization). None of it
// is secret. It lives in the secret store under `lwa.secretHealth:<profile>` beside the account index,
// for the same reasons: every window sees the same record and hears of its changes (globalState does
// not tell other windows), nothing of it syncs or shows in settings, and it goes with the profile's
// secrets. The core reads it without VS Code. Anything unreadable in it is dropped, never trusted.
import { isSellingPartnerId } from './identifiers';
import { KeyedQueue } from '../credentials/keyedQueue';
import type { Disposable, Logger, SecretStore } from '../ports';
import type { AuthorizationKind, ClientSecretDates } from './secretHealth';

export const SECRET_HEALTH_KEY_PREFIX = 'lwa.secretHealth:';

export function secretHealthKey(profile: string): string {
	return `${SECRET_HEALTH_KEY_PREFIX}${profile}`;
}

/** One selling partner's authorization: how, and when (epoch ms). */
export interface PartnerAuthorization {
	kind: AuthorizationKind;
	authorizedAt: number;
}

export interface HealthRecord {
	secret?: ClientSecretDates;
	/** By selling partner id. */
	partners: Record<string, PartnerAuthorization>;
}

const MAX_PARTNERS = 100;

function time(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Reads a stored record leniently: unknown or malformed parts are left out. */
export function parseHealthRecord(raw: string | undefined): HealthRecord {
	const record: HealthRecord = { partners: {} };
	if (raw === undefined) {
		return record;
	}
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return record;
	}
	if (typeof value !== 'object' || value === null || (value as { v?: unknown }).v !== 1) {
		return record;
	}
	const { secret, partners } = value as { secret?: Record<string, unknown>; partners?: Record<string, unknown> };
	const setAt = time(secret?.setAt);
	if (setAt !== undefined) {
		const issuedAt = time(secret?.issuedAt);
		const amazonExpiresAt = time(secret?.amazonExpiresAt);
		record.secret = { setAt, ...(issuedAt !== undefined ? { issuedAt } : {}), ...(amazonExpiresAt !== undefined ? { amazonExpiresAt } : {}) };
	}
	if (typeof partners === 'object' && partners !== null) {
		for (const [id, entry] of Object.entries(partners).slice(0, MAX_PARTNERS)) {
			const { kind, authorizedAt } = (entry ?? {}) as Record<string, unknown>;
			const at = time(authorizedAt);
			if (isSellingPartnerId(id) && (kind === 'consent' || kind === 'self') && at !== undefined) {
				record.partners[id] = { kind, authorizedAt: at };
			}
		}
	}
	return record;
}

export function serializeHealthRecord(record: HealthRecord): string {
	return JSON.stringify({ v: 1, ...(record.secret ? { secret: record.secret } : {}), partners: record.partners });
}

/** The health records of profiles in the secret store. Failures are logged, never thrown. */
export class HealthRecords {
	private readonly updates = new KeyedQueue();

	constructor(private readonly secrets: SecretStore, private readonly logger: Logger) {}

	async read(profile: string): Promise<HealthRecord> {
		try {
			return parseHealthRecord(await this.secrets.get(secretHealthKey(profile)));
		} catch {
			this.logger.debug(`The client secret dates of profile "${profile}" could not be read.`);
			return { partners: {} };
		}
	}

	/** Records the dates of a client secret just set (replacing the earlier secret's). */
	setSecretDates(profile: string, dates: ClientSecretDates): Promise<void> {
		return this.update(profile, (record) => ({ ...record, secret: { ...dates } }));
	}

	/** Forgets the client secret's dates (the secret was removed). */
	clearSecretDates(profile: string): Promise<void> {
		return this.update(profile, (record) => ({ partners: record.partners }));
	}

	/** Records a selling partner's authorization (a consent sign-in or a pasted self-authorized refresh token). */
	recordAuthorization(profile: string, partnerId: string, authorization: PartnerAuthorization): Promise<void> {
		if (!isSellingPartnerId(partnerId)) {
			return Promise.resolve();
		}
		return this.update(profile, (record) => ({ ...record, partners: { ...record.partners, [partnerId]: { ...authorization } } }));
	}

	/** Deletes the whole record (the profile was removed). */
	async forget(profile: string): Promise<void> {
		await this.updates.run(profile, async () => {
			try {
				await this.secrets.delete(secretHealthKey(profile));
			} catch {
				this.logger.warn(`The client secret dates of profile "${profile}" could not be deleted.`);
			}
		});
	}

	/** Calls `listener` with the profile name when its record changes (here or in another window). */
	onDidChange(listener: (profile: string) => void): Disposable {
		return this.secrets.onDidChange?.((key) => {
			if (key.startsWith(SECRET_HEALTH_KEY_PREFIX)) {
				listener(key.slice(SECRET_HEALTH_KEY_PREFIX.length));
			}
		}) ?? { dispose: () => undefined };
	}

	private async update(profile: string, mutate: (record: HealthRecord) => HealthRecord): Promise<void> {
		await this.updates.run(profile, async () => {
			const after = mutate(await this.read(profile));
			try {
				await this.secrets.store(secretHealthKey(profile), serializeHealthRecord(after));
			} catch {
				this.logger.warn(`The client secret dates of profile "${profile}" could not be saved; its health is counted from what was saved before.`);
			}
		});
	}
}
