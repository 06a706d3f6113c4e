// What other windows do to the credentials in the shared secret store, as the credential service
// sees it: their sign-ins, refreshes and sign-outs (told apart from the echoes of this window's own
// writes by the access token last seen per slot), and what a renewal waiting on another window's
// lease finds once that window is done.
import { isLwaError, LwaError } from '../lwa/errors';
import type { Logger } from '../ports';
import type { Profile } from '../profiles';
import type { Account, Slot } from './accounts';
import { slotForLog, slotForLogStart, slotKey } from './accounts';
import type { StoredCredential } from './model';
import type { CredentialStore } from './store';

export class OtherWindowChanges {
	/** The access token last seen per slot key ('' = none), so that echoes of our own writes are not reported twice. */
	private readonly lastSeen = new Map<string, string>();

	constructor(private readonly deps: {
		store: CredentialStore;
		logger: Logger;
		/** Voids the slot's token requests running here (their late result must not land). */
		supersede: (slot: Slot) => void;
		/** Tells the service's listeners. */
		fire: (profile: string, account?: Account) => void;
	}) {}

	/** Notes what this window wrote (or deleted: '') for the slot, so that the store's echo is not reported again. */
	wrote(slot: Slot, accessToken: string): void {
		this.lastSeen.set(slotKey(slot), accessToken);
	}

	/**
	 * A change reported by the secret store: the echo of our own write (already reported), or another
	 * window's sign-in, refresh or sign-out. Another window's change also supersedes a token request
	 * running here, so that its late result never overwrites (or brings back) what that window stored.
	 */
	async noticeStoreChange(slot: Slot): Promise<void> {
		const { store, logger } = this.deps;
		let seen: string;
		try {
			seen = (await store.readCredential(slot.profile, slot.account))?.accessToken ?? '';
		} catch {
			// Unreadable: not a sign-out. The next readable change is noticed as usual.
			logger.debug(`A change of ${slotForLog(slot)} in the secret storage could not be read.`);
			return;
		}
		const key = slotKey(slot);
		if (this.lastSeen.get(key) === seen) {
			return;
		}
		this.lastSeen.set(key, seen);
		this.deps.supersede(slot);
		if (seen !== '' && slot.account !== undefined) {
			// Two windows adding accounts at once may each have written the index without the other's.
			await store.ensureIndexed(slot.profile, slot.account);
		}
		logger.debug(`The stored credential of ${slotForLog(slot)} changed in another window.`);
		this.deps.fire(slot.profile, slot.account);
	}

	/**
	 * The credential another window stored since `before` was read (a refresh, a new sign-in), or
	 * undefined when nothing changed. A credential signed out meanwhile ends the renewal.
	 */
	async renewedElsewhere(profile: Profile, slot: Slot, before: StoredCredential | undefined): Promise<StoredCredential | undefined> {
		let now: StoredCredential | undefined;
		try {
			now = await this.deps.store.readCredential(slot.profile, slot.account);
		} catch (error) {
			if (isLwaError(error, 'secret_storage_unavailable')) {
				// Nothing can be learnt from an unreadable store; certainly not a sign-out.
				return undefined;
			}
			throw error;
		}
		if (!now) {
			if (before && profile.grant === 'authorization_code') {
				this.deps.logger.info(`${slotForLogStart(slot)} was signed out in another window while its token was being renewed.`);
				throw new LwaError('not_signed_in');
			}
			return undefined;
		}
		return now.grant === profile.grant && now.accessToken !== before?.accessToken ? now : undefined;
	}
}
