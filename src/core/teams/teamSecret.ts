// The value of a team's AWS Secrets Manager secret: which of the two formats SP-API teams already use
// it is in, and the client id, client secret, refresh token and selling partner it holds. The secret
// is JSON; parsing never lets JSON.parse's message out (it quotes the input), and every problem is an
// LwaError('team_secret') whose facts name a key, never a value.
//
// The two formats:
// - 'sp-api-samples': Amazon's samples (github.com/amzn/selling-partner-api-samples). The CDK stacks of
//   its use-case samples create a secret named `SPAPIAppCredentials-<suffix>` holding
//   `{"AppClientId": …, "AppClientSecret": …}` and pass refresh tokens in each Lambda's input; its
//   multi-seller secrets script writes one secret per seller, `SPAPIAppCredentials-<sellerId>-<suffix>`,
//   holding `clientId`, `clientSecret`, `refreshToken`, `sellerId` (and regionCode, marketplaceId,
//   mail). Both spellings of the client pair are read; the refresh token and seller id keys are the
//   script's.
// - 'python-amazon-sp-api': the library's FromSecrets credential provider reads the secret named by
//   SP_API_AWS_SECRET_ID with `LWA_APP_ID`, `LWA_CLIENT_SECRET`, `SP_API_REFRESH_TOKEN` (optional
//   there) and AWS keys (sp_api/base/credential_provider.py). The library names no selling partner
//   key: `SP_API_SELLING_PARTNER_ID` is this extension's own addition, written only next to a refresh
//   token it writes back, and ignored by the library (it reads keys one by one).
// Both were read from public source code, not confirmed against Amazon's documentation; a secret in
// another shape is refused (secret_format_unknown) rather than guessed at.
import { LwaError } from '../lwa/errors';
import type { TeamSecretReason } from '../lwa/errors';
import type { TeamSecretFormat } from '../profiles';
import { TEAM_SECRET_FORMATS } from '../profiles';
import { isSellingPartnerId } from '../sellingPartner/identifiers';

/** The key names of a format. */
interface FormatKeys {
	clientId: readonly string[];
	clientSecret: readonly string[];
	refreshToken: string;
	sellingPartnerId: string;
}

const KEYS: Readonly<Record<TeamSecretFormat, FormatKeys>> = {
	// AppClientId/AppClientSecret first: the CDK stacks' spelling; clientId/clientSecret: the multi-seller script's.
	'sp-api-samples': { clientId: ['AppClientId', 'clientId'], clientSecret: ['AppClientSecret', 'clientSecret'], refreshToken: 'refreshToken', sellingPartnerId: 'sellerId' },
	'python-amazon-sp-api': { clientId: ['LWA_APP_ID'], clientSecret: ['LWA_CLIENT_SECRET'], refreshToken: 'SP_API_REFRESH_TOKEN', sellingPartnerId: 'SP_API_SELLING_PARTNER_ID' },
};

/** AWS caps a secret value at 65,536 bytes; anything longer is not a secret this extension reads. */
export const MAX_SECRET_STRING_LENGTH = 65_536;
/** A client id, client secret or refresh token longer than this is not one. */
const MAX_VALUE_LENGTH = 4_096;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const VALUE_UNSAFE = /[\s\u0000-\u001f\u007f-\u009f]/;

/** What the extension uses from a team's secret. */
export interface TeamCredentials {
	format: TeamSecretFormat;
	clientId: string;
	clientSecret: string;
	refreshToken?: string;
	/** The selling partner the refresh token belongs to, when the secret says. */
	sellingPartnerId?: string;
}

/** A parsed secret: what is used, and the whole JSON object (kept in memory only, for a write-back's merge). */
export interface ParsedTeamSecret {
	credentials: TeamCredentials;
	/** The secret's JSON object as read, other keys included (AWS keys, marketplace ids): merged into on write-back. */
	object: Readonly<Record<string, unknown>>;
}

function refuse(reason: TeamSecretReason, field?: string): LwaError {
	return new LwaError('team_secret', { reason, ...(field !== undefined ? { facts: { field } } : {}) });
}

function has(object: Readonly<Record<string, unknown>>, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** The format whose client id key the object holds; refused when none or both. */
export function detectFormat(object: Readonly<Record<string, unknown>>): TeamSecretFormat {
	const matches = TEAM_SECRET_FORMATS.filter((format) => KEYS[format].clientId.some((key) => has(object, key)));
	if (matches.length === 0) {
		throw refuse('secret_format_unknown');
	}
	if (matches.length > 1) {
		throw refuse('secret_format_ambiguous');
	}
	return matches[0];
}

function readValue(object: Readonly<Record<string, unknown>>, keys: readonly string[], required: boolean): { key: string; value?: string } {
	const key = keys.find((candidate) => has(object, candidate)) ?? keys[0];
	const value = object[key];
	if (value === undefined || value === null || value === '') {
		if (required) {
			throw refuse('secret_key_missing', key);
		}
		return { key };
	}
	if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH || VALUE_UNSAFE.test(value)) {
		throw refuse('secret_key_invalid', key);
	}
	return { key, value };
}

/**
 * Reads a secret's text in the given format, or the detected one. Refuses (LwaError 'team_secret')
 * text that is not a JSON object, an unknown or ambiguous format, a missing client id or client
 * secret, and values that cannot be credentials; the facts name the key, never its value.
 */
export function parseTeamSecret(secretString: string, format?: TeamSecretFormat): ParsedTeamSecret {
	if (secretString.length > MAX_SECRET_STRING_LENGTH) {
		throw refuse('secret_not_json');
	}
	let value: unknown;
	try {
		value = JSON.parse(secretString);
	} catch {
		// JSON.parse's message quotes the text around the error: a piece of the secret. Never passed on.
		throw refuse('secret_not_json');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw refuse('secret_not_an_object');
	}
	const object = value as Record<string, unknown>;
	const chosen = format ?? detectFormat(object);
	const keys = KEYS[chosen];
	const clientId = readValue(object, keys.clientId, true).value as string;
	const clientSecret = readValue(object, keys.clientSecret, true).value as string;
	const refreshToken = readValue(object, [keys.refreshToken], false).value;
	const partner = readValue(object, [keys.sellingPartnerId], false).value;
	if (partner !== undefined && !isSellingPartnerId(partner)) {
		throw refuse('secret_key_invalid', keys.sellingPartnerId);
	}
	const credentials: TeamCredentials = { format: chosen, clientId, clientSecret };
	if (refreshToken !== undefined) {
		credentials.refreshToken = refreshToken;
	}
	if (partner !== undefined) {
		credentials.sellingPartnerId = partner;
	}
	return { credentials, object };
}

/** What a write-back changes: a new consent's refresh token (and its selling partner), or a rotated client secret. */
export interface TeamSecretChange {
	refreshToken?: string;
	/** The selling partner the new refresh token belongs to (an SP-API consent); absent for plain LWA. */
	sellingPartnerId?: string;
	clientSecret?: string;
}

/**
 * The secret's new text: the JSON object that was read with the changed keys replaced, every other key
 * kept as it was. A refresh token for another selling partner than the one the secret holds is
 * refused (partner_mismatch), and so is one for a partner when the secret holds a refresh token without
 * saying whose it is: replacing it could take a working token away from a teammate.
 */
export function mergeTeamSecret(read: ParsedTeamSecret, change: TeamSecretChange): string {
	const keys = KEYS[read.credentials.format];
	const merged: Record<string, unknown> = { ...read.object };
	if (change.refreshToken !== undefined) {
		const held = read.credentials.sellingPartnerId;
		if (change.sellingPartnerId !== undefined) {
			if (held !== undefined ? held !== change.sellingPartnerId : read.credentials.refreshToken !== undefined) {
				throw refuse('partner_mismatch');
			}
			merged[keys.sellingPartnerId] = change.sellingPartnerId;
		} else if (held !== undefined) {
			// A plain LWA refresh token has no selling partner; it cannot replace one that has.
			throw refuse('partner_mismatch');
		}
		merged[keys.refreshToken] = change.refreshToken;
	}
	if (change.clientSecret !== undefined) {
		// The key the secret already uses (AppClientSecret or clientSecret in the samples' two spellings).
		const key = keys.clientSecret.find((candidate) => has(read.object, candidate)) ?? keys.clientSecret[0];
		merged[key] = change.clientSecret;
	}
	return JSON.stringify(merged);
}
