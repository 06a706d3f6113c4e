// The non-secret list of a profile's accounts (the selling partners and grantless scopes it holds
// tokens for) and which one is active. SecretStorage cannot list its keys, so without this list a
// profile's partners could not be shown, signed out or removed with the profile. It lives in the
// secret store under `lwa.accounts:<profile>` (not in settings, which sync and which workspaces can
// see; not in globalState, which does not tell other windows about changes): `{ v: 1, accounts,
// active? }`. It holds identifiers only. Anything unreadable in it is dropped, never trusted.
import type { Account } from './accounts';
import { isAccount, sameAccount } from './accounts';

export const ACCOUNT_INDEX_KEY_PREFIX = 'lwa.accounts:';

/** Secret store key of a profile's account index. */
export function accountIndexKey(profile: string): string {
	return `${ACCOUNT_INDEX_KEY_PREFIX}${profile}`;
}

/** A profile's accounts, in the order they were added, and the active one (always one of them). */
export interface AccountIndex {
	readonly accounts: readonly Account[];
	readonly active?: Account;
}

/** More accounts than this in one profile are not kept (the oldest are dropped from the list). */
export const MAX_ACCOUNTS = 100;

function copy(account: Account): Account {
	return account.kind === 'partner' ? { kind: 'partner', id: account.id } : { kind: 'scope', scope: account.scope };
}

/** The stored text of an index (known fields only, in a fixed order). */
export function serializeAccountIndex(index: AccountIndex): string {
	return JSON.stringify({ v: 1, accounts: index.accounts.map(copy), ...(index.active ? { active: copy(index.active) } : {}) });
}

/**
 * Reads a stored index: an empty one for nothing stored, undefined for text that is no version 1
 * index. Malformed entries are left out; an active account that is not listed is dropped.
 */
export function parseAccountIndex(raw: string | undefined): AccountIndex | undefined {
	if (raw === undefined) {
		return { accounts: [] };
	}
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null || (value as Record<string, unknown>).v !== 1 || !Array.isArray((value as Record<string, unknown>).accounts)) {
		return undefined;
	}
	const record = value as { accounts: unknown[]; active?: unknown };
	const accounts: Account[] = [];
	for (const entry of record.accounts.slice(0, MAX_ACCOUNTS)) {
		if (isAccount(entry) && !accounts.some((known) => sameAccount(known, entry))) {
			accounts.push(copy(entry));
		}
	}
	const active = isAccount(record.active) ? accounts.find((account) => sameAccount(account, record.active as Account)) : undefined;
	return active ? { accounts, active } : { accounts };
}

/** The index with `account` listed (at the end when new). */
export function withAccount(index: AccountIndex, account: Account): AccountIndex {
	if (index.accounts.some((known) => sameAccount(known, account))) {
		return index;
	}
	const accounts = [...index.accounts, copy(account)].slice(-MAX_ACCOUNTS);
	const active = index.active && accounts.some((known) => sameAccount(known, index.active)) ? index.active : undefined;
	return active ? { accounts, active } : { accounts };
}

/** The index without `account`; it stops being the active one. */
export function withoutAccount(index: AccountIndex, account: Account): AccountIndex {
	const accounts = index.accounts.filter((known) => !sameAccount(known, account));
	const active = index.active && !sameAccount(index.active, account) ? index.active : undefined;
	return active ? { accounts, active } : { accounts };
}
