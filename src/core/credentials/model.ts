// The stored credential: one versioned JSON blob per profile in the secret store.
import type { Grant } from '../profiles';
import type { Account } from './accounts';
import { isAccount } from './accounts';

/** Version 1 of the stored credential. A new shape gets a new `v`, never a silent change. */
export interface StoredCredential {
	v: 1;
	profile: string;
	grant: Grant;
	accessToken: string;
	tokenType: 'bearer';
	/** Epoch ms. */
	expiresAt: number;
	/** Epoch ms. */
	obtainedAt: number;
	refreshToken?: string;
	scopes: string[];
	/**
	 * The selling partner or grantless scope the tokens belong to (SP-API profiles); absent for a
	 * plain profile. Optional within version 1: a blob without it reads as before, and one with it is
	 * read only when it is well formed, so a token is never handed to another slot.
	 */
	account?: Account;
}

/** Thrown by parseCredential. The message says what is wrong, never what the value was. */
export class CredentialFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialFormatError';
	}
}

/** The JSON text stored for a credential (only the known fields, in a fixed order). */
export function serializeCredential(c: StoredCredential): string {
	const value: StoredCredential = {
		v: 1,
		profile: c.profile,
		grant: c.grant,
		accessToken: c.accessToken,
		tokenType: 'bearer',
		expiresAt: c.expiresAt,
		obtainedAt: c.obtainedAt,
		scopes: [...c.scopes],
	};
	if (c.refreshToken !== undefined) {
		value.refreshToken = c.refreshToken;
	}
	if (c.account !== undefined) {
		value.account = c.account.kind === 'partner' ? { kind: 'partner', id: c.account.id } : { kind: 'scope', scope: c.account.scope };
	}
	return JSON.stringify(value);
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Reads a stored credential; throws CredentialFormatError on corrupt data or an unknown version. */
export function parseCredential(json: string): StoredCredential {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		throw new CredentialFormatError('not JSON');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new CredentialFormatError('not a JSON object');
	}
	const record = value as Record<string, unknown>;
	if (record.v !== 1) {
		throw new CredentialFormatError(typeof record.v === 'number' ? `unknown version ${record.v}` : 'no version');
	}
	if (typeof record.profile !== 'string' || record.profile === '') {
		throw new CredentialFormatError('no profile name');
	}
	if (record.grant !== 'authorization_code' && record.grant !== 'client_credentials') {
		throw new CredentialFormatError('unknown grant');
	}
	if (typeof record.accessToken !== 'string' || record.accessToken === '') {
		throw new CredentialFormatError('no access token');
	}
	if (record.tokenType !== 'bearer') {
		throw new CredentialFormatError('token type is not bearer');
	}
	if (!isFiniteNumber(record.expiresAt) || !isFiniteNumber(record.obtainedAt)) {
		throw new CredentialFormatError('bad timestamps');
	}
	if (record.refreshToken !== undefined && (typeof record.refreshToken !== 'string' || record.refreshToken === '')) {
		throw new CredentialFormatError('bad refresh token field');
	}
	if (!Array.isArray(record.scopes) || record.scopes.some((scope) => typeof scope !== 'string')) {
		throw new CredentialFormatError('bad scopes');
	}
	if (record.account !== undefined && !isAccount(record.account)) {
		throw new CredentialFormatError('bad account');
	}
	const credential: StoredCredential = {
		v: 1,
		profile: record.profile,
		grant: record.grant,
		accessToken: record.accessToken,
		tokenType: 'bearer',
		expiresAt: record.expiresAt,
		obtainedAt: record.obtainedAt,
		scopes: [...record.scopes as string[]],
	};
	if (typeof record.refreshToken === 'string') {
		credential.refreshToken = record.refreshToken;
	}
	if (record.account !== undefined) {
		const account = record.account as Account;
		credential.account = account.kind === 'partner' ? { kind: 'partner', id: account.id } : { kind: 'scope', scope: account.scope };
	}
	return credential;
}
