// Which slot a request is for, and the generations that let a sign-out or a new sign-in of a slot
// void token requests still running for it. See accounts.ts for what a slot is.
import { LwaError } from '../lwa/errors';
import type { Profile } from '../profiles';
import type { Account, Slot } from './accounts';
import { accountModeOf, isKeyableScope, sameAccount, slotKey } from './accounts';
import type { CredentialStore } from './store';

/**
 * The slot of `profile` that `account` names. Without an account: a plain profile's only slot; for
 * an SP-API profile with partners, the active partner (else the first listed); for an SP-API
 * grantless profile, the active scope (else the first configured). An account that does not fit the
 * profile (a partner of a plain profile, a scope it is not configured with) is refused with
 * not_signed_in (reason 'unknown_account'), never mapped to another slot. `newAccount`: the caller is
 * about to store tokens for the account (sign-in, pasted refresh token), so it need not be listed yet.
 */
export async function resolveSlot(store: CredentialStore, profile: Profile, account: Account | undefined, options: { newAccount?: boolean } = {}): Promise<Slot> {
	const unknown = (): LwaError => new LwaError('not_signed_in', { reason: 'unknown_account', facts: { profile: profile.name } });
	switch (accountModeOf(profile)) {
		case 'single':
			if (account !== undefined) {
				throw unknown();
			}
			return { profile: profile.name };
		case 'partner': {
			if (account !== undefined) {
				if (account.kind !== 'partner') {
					throw unknown();
				}
				return { profile: profile.name, account };
			}
			if (options.newAccount) {
				// Tokens of an SP-API profile always belong to a selling partner: one must be named.
				throw unknown();
			}
			const index = await store.readAccountIndex(profile.name);
			const chosen = index.active?.kind === 'partner' ? index.active : index.accounts.find((listed) => listed.kind === 'partner');
			if (chosen === undefined) {
				throw new LwaError('not_signed_in');
			}
			return { profile: profile.name, account: chosen };
		}
		case 'scope': {
			if (account !== undefined) {
				if (account.kind !== 'scope' || !profile.scopes.includes(account.scope)) {
					throw unknown();
				}
				return { profile: profile.name, account };
			}
			const index = await store.readAccountIndex(profile.name);
			const active = index.active?.kind === 'scope' && profile.scopes.includes(index.active.scope) ? index.active : undefined;
			const scope = active?.kind === 'scope' ? active.scope : profile.scopes.find(isKeyableScope);
			if (scope === undefined) {
				throw new LwaError('invalid_profile', { facts: { field: 'scopes' } });
			}
			return { profile: profile.name, account: { kind: 'scope', scope } };
		}
	}
}

/** The accounts of a profile for a list: partners as listed, scopes as configured. */
export async function accountsOf(store: CredentialStore, profile: Profile): Promise<{ accounts: Account[]; active?: Account }> {
	const mode = accountModeOf(profile);
	if (mode === 'single') {
		return { accounts: [] };
	}
	const index = await store.accountIndex(profile.name);
	if (mode === 'partner') {
		const accounts = index.accounts.filter((account) => account.kind === 'partner');
		const active = accounts.find((account) => sameAccount(account, index.active)) ?? accounts[0];
		return active ? { accounts, active } : { accounts };
	}
	const accounts: Account[] = profile.scopes.filter(isKeyableScope).map((scope) => ({ kind: 'scope', scope }));
	const active = accounts.find((account) => sameAccount(account, index.active)) ?? accounts[0];
	return active ? { accounts, active } : { accounts };
}

/**
 * Generations per slot and per profile. A sign-in or sign-out of a slot bumps the slot's; a sign-out
 * of every account bumps the profile's, which voids the requests of all its slots at once.
 */
export class Generations {
	private readonly slots = new Map<string, number>();
	private readonly profiles = new Map<string, number>();

	/** The generation a token request of the slot starts under. */
	of(slot: Slot): string {
		return `${this.profiles.get(slot.profile) ?? 0}.${this.slots.get(slotKey(slot)) ?? 0}`;
	}

	bump(slot: Slot): void {
		const key = slotKey(slot);
		this.slots.set(key, (this.slots.get(key) ?? 0) + 1);
	}

	bumpProfile(profile: string): void {
		this.profiles.set(profile, (this.profiles.get(profile) ?? 0) + 1);
	}
}
