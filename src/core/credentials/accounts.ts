// What a profile holds tokens for. A plain LWA or Ads profile holds one set (today's keys, unchanged).
// An SP-API profile holds one set per selling partner that authorized the app (consent or
// self-authorization), and an SP-API grantless profile one token per scope (Amazon documents one scope
// per client_credentials request; several scopes in one token is unconfirmed, so each gets its own).
// A slot is (profile, account): everything keyed per profile before (the stored blob, single-flight
// refresh, the refresh lease, change events, sessions) is keyed by slot.
//
// Secret store keys join the parts with U+001F (the unit separator). A profile name can never hold it
// (profiles.ts refuses every control character in names), a selling partner id is checked against
// its shape (letters, digits and dots only), and scopes with control characters are refused, so
// `<profile>` alone (a plain profile's key, exactly as before) and `<profile>\u001f<kind>\u001f<value>`
// can never be the same text, and no two slots share a key.
import { isSellingPartnerId } from '../sellingPartner/identifiers';
import { forLog } from '../logText';
import type { Profile } from '../profiles';

/** A selling partner (its id, shape-checked) or a grantless scope. */
export type Account =
	| { readonly kind: 'partner'; readonly id: string }
	| { readonly kind: 'scope'; readonly scope: string };

/** What a profile's tokens are keyed by, besides its name. */
export type AccountMode = 'single' | 'partner' | 'scope';

/** A profile, and for SP-API profiles the partner or scope. */
export interface Slot {
	readonly profile: string;
	readonly account?: Account;
}

/** Joins the parts of a slot's key; no profile name, partner id or scope can hold it. */
export const SLOT_SEPARATOR = '\u001f';

const MAX_SCOPE_LENGTH = 256;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const SCOPE_UNSAFE = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** True for a scope that can be part of a key and a label: printable, no white space, bounded. */
export function isKeyableScope(scope: unknown): scope is string {
	return typeof scope === 'string' && scope !== '' && scope.length <= MAX_SCOPE_LENGTH && !SCOPE_UNSAFE.test(scope);
}

/** True when `value` is a well-formed account (a partner id of a known shape, or a keyable scope). */
export function isAccount(value: unknown): value is Account {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const record = value as Record<string, unknown>;
	return (record.kind === 'partner' && isSellingPartnerId(record.id)) || (record.kind === 'scope' && isKeyableScope(record.scope));
}

/** A partner account; undefined when the id is not of a known shape. */
export function partnerAccount(id: unknown): Account | undefined {
	return isSellingPartnerId(id) ? { kind: 'partner', id } : undefined;
}

/** A scope account; undefined when the scope cannot be a key. */
export function scopeAccount(scope: unknown): Account | undefined {
	return isKeyableScope(scope) ? { kind: 'scope', scope } : undefined;
}

/**
 * Which accounts a profile has: one per selling partner for an SP-API authorization_code profile, one
 * per scope for an SP-API grantless profile, one in all for everything else (whose keys stay as they
 * were before accounts existed).
 */
export function accountModeOf(profile: Pick<Profile, 'api' | 'grant' | 'secretsManager'>): AccountMode {
	if (profile.api !== 'sp-api') {
		return 'single';
	}
	if (profile.grant === 'client_credentials') {
		return 'scope';
	}
	// A team profile's secret holds one refresh token, of one selling partner: one account in all.
	return profile.secretsManager ? 'single' : 'partner';
}

/** True when the account fits the profile's mode (none for a single profile). */
export function accountFits(profile: Pick<Profile, 'api' | 'grant' | 'scopes' | 'secretsManager'>, account: Account | undefined): boolean {
	switch (accountModeOf(profile)) {
		case 'single':
			return account === undefined;
		case 'partner':
			return account?.kind === 'partner';
		case 'scope':
			return account?.kind === 'scope' && profile.scopes.includes(account.scope);
	}
}

/** The text of an account inside a key or an id: `p\u001f<id>` or `s\u001f<scope>`. */
function accountPart(account: Account): string {
	return account.kind === 'partner' ? `p${SLOT_SEPARATOR}${account.id}` : `s${SLOT_SEPARATOR}${account.scope}`;
}

/** The key of a slot: the profile name alone, or `<profile>\u001fp\u001f<partner>` / `<profile>\u001fs\u001f<scope>`. */
export function slotKey(slot: Slot): string {
	return slot.account === undefined ? slot.profile : `${slot.profile}${SLOT_SEPARATOR}${accountPart(slot.account)}`;
}

/** Reads a slot key back; undefined for anything no slot produces (an unknown kind, a malformed account). */
export function parseSlotKey(key: string): Slot | undefined {
	const first = key.indexOf(SLOT_SEPARATOR);
	if (first < 0) {
		return key === '' ? undefined : { profile: key };
	}
	const profile = key.slice(0, first);
	const rest = key.slice(first + 1);
	const second = rest.indexOf(SLOT_SEPARATOR);
	if (profile === '' || second !== 1) {
		return undefined;
	}
	const value = rest.slice(2);
	const account = rest[0] === 'p' ? partnerAccount(value) : rest[0] === 's' ? scopeAccount(value) : undefined;
	return account === undefined ? undefined : { profile, account };
}

/** True when two accounts (either possibly absent) are the same. */
export function sameAccount(a: Account | undefined, b: Account | undefined): boolean {
	if (a === undefined || b === undefined) {
		return a === b;
	}
	return a.kind === 'partner' ? b.kind === 'partner' && a.id === b.id : b.kind === 'scope' && a.scope === b.scope;
}

/** The account's own text: the partner id or the scope. */
export function accountName(account: Account): string {
	return account.kind === 'partner' ? account.id : account.scope;
}

/**
 * The slot for the log: `profile "x"`, `profile "x" (selling partner A1…)`, `profile "x" (scope s)`. The
 * partner id is an identifier, not a secret, but it came from a redirect: it reaches the log only
 * through forLog (escaped and bounded), like every outside value.
 */
export function slotForLog(slot: Slot): string {
	// Profile names are checked when the settings are read (no controls); the log has always named them as they are.
	const profile = `profile "${slot.profile}"`;
	return slot.account === undefined ? profile : `${profile} (${accountForLog(slot.account)})`;
}

/** slotForLog at the start of a sentence: `Profile "x" (selling partner A1…)`. */
export function slotForLogStart(slot: Slot): string {
	const text = slotForLog(slot);
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `selling partner A1…` or `scope s`, the value through forLog. */
export function accountForLog(account: Account): string {
	return account.kind === 'partner' ? `selling partner ${forLog(account.id, 80)}` : `scope ${forLog(account.scope, 80)}`;
}
