// Where a redirect goes once it reaches the extension by the URI handler or by paste. Pure: the VS
// Code layer turns URI events and pasted text into these calls and the outcomes into UI, so the
// evidence suites can send every redirect the way a real one travels without an editor.
import { parseCallbackInput } from '../lwa/callback';
import { forLog } from '../logText';
import { isLwaError, LwaError } from '../lwa/errors';
import type { Logger } from '../ports';
import { MAX_CALLBACK_INPUT_BYTES } from '../lwa/callback';
import { parseConsentCallback } from '../sellingPartner/callback';
import { consentCallbackError } from '../sellingPartner/errors';
import type { DeliveryOutcome, PendingSignInInfo, PendingSignIns } from './pendingSignIns';

/** The path of the sign-in callback URI (`<scheme>://lwa-tools.lwa-credentials/callback`). */
export const CALLBACK_PATH = '/callback';

/** What became of a URI the editor handed to the extension. */
export type UriRouteOutcome = DeliveryOutcome | 'unknown_path' | 'malformed';

/**
 * Delivers a `/callback` URI (its path and its raw query) to the waiting sign-in whose state it
 * carries. Anything else is logged and ignored: a web page can open any URI of ours, so nothing here
 * may end or disturb a waiting sign-in.
 */
export function routeCallbackUri(path: string, query: string, pending: PendingSignIns, logger: Logger): UriRouteOutcome {
	if (path !== CALLBACK_PATH) {
		// A web page chooses this path: a line break in it must not write a second log line.
		logger.warn(`Ignored a URI with an unknown path (${forLog(path, 64)}).`);
		return 'unknown_path';
	}
	try {
		const { outcome } = pending.deliverQuery(new URLSearchParams(query), 'uri');
		if (outcome === 'delivered') {
			logger.info('URI handler received the redirect for a waiting sign-in.');
		} else {
			logger.warn(`URI handler ignored a callback that matches no waiting sign-in (${outcome}).`);
		}
		return outcome;
	} catch (error) {
		logger.warn(`URI handler ignored a malformed callback (${isLwaError(error) ? error.code : 'error'}).`);
		return 'malformed';
	}
}

/** How a pasted bare code finds its sign-in when the state cannot say. */
export interface PastedInputOptions {
	/** The profile the code is for, when the caller knows it (a command argument). */
	profileName?: string;
	/** Asks the user which of the waiting sign-ins a bare code is for; undefined when none was chosen. */
	chooseSignIn(waiting: readonly PendingSignInInfo[]): Promise<PendingSignInInfo | undefined>;
	logger: Logger;
}

/** What became of pasted input; the command turns each into a message. */
export type PastedInputOutcome =
	/** A waiting sign-in took it; the sign-in itself finishes and reports. */
	| { kind: 'delivered' }
	/** The text is not a redirect URL or a code; `error` is an LwaError with a safe message. */
	| { kind: 'unreadable'; error: unknown }
	/** A redirect URL whose state belongs to no waiting sign-in here. */
	| { kind: 'no_matching_state'; outcome: Exclude<DeliveryOutcome, 'delivered'> }
	/** Neither a code nor a state: an `error=` redirect or one without a code. */
	| { kind: 'no_code'; error: LwaError }
	/** A bare code for a named profile that has no waiting sign-in. */
	| { kind: 'no_sign_in_of_profile'; profileName: string }
	/** A bare code, several sign-ins waiting, none chosen. */
	| { kind: 'none_chosen' }
	/** The chosen sign-in stopped waiting before the code arrived. */
	| { kind: 'no_longer_waiting' };

/**
 * Hands a pasted redirected URL (state checked) or bare code to the waiting sign-in it belongs to. A
 * code without state cannot be matched by state: it goes to the only waiting sign-in, or the newest
 * one of the given profile, or the one the user picks.
 */
export async function deliverPastedInput(pending: PendingSignIns, input: string, options: PastedInputOptions): Promise<PastedInputOutcome> {
	const consent = consentSignInOf(pending, input);
	if (consent) {
		return deliverPastedConsent(pending, input, consent, options.logger);
	}
	let parsed;
	try {
		parsed = parseCallbackInput(input);
	} catch (error) {
		return { kind: 'unreadable', error };
	}
	if (!parsed.bareCode && parsed.params.state !== undefined) {
		const outcome = pending.deliver(parsed.params, 'paste');
		if (outcome !== 'delivered') {
			options.logger.warn(`A pasted redirect matched no waiting sign-in (${outcome}).`);
			return { kind: 'no_matching_state', outcome };
		}
		return { kind: 'delivered' };
	}
	if (!parsed.bareCode && parsed.params.code) {
		// A redirected URL always carries the state the sign-in sent: one with a code and no state cannot be checked.
		options.logger.warn('A pasted redirect carries a code but no state.');
		return { kind: 'no_matching_state', outcome: 'unknown' };
	}
	const code = parsed.params.code;
	if (code === undefined) {
		return { kind: 'no_code', error: parsed.params.error !== undefined ? new LwaError('authorization_failed') : new LwaError('missing_code') };
	}
	const waiting = pending.list().filter((entry) => entry.kind !== 'consent');
	if (waiting.length === 0 && pending.size > 0) {
		// Only consent sign-ins wait: a spapi_oauth_code alone cannot say which selling partner it is for.
		return { kind: 'unreadable', error: new LwaError('malformed_callback', { reason: 'bare_code' }) };
	}
	const { profileName } = options;
	let target = profileName !== undefined ? waiting.filter((entry) => entry.profileName === profileName).pop() : waiting.length === 1 ? waiting[0] : undefined;
	if (!target && profileName === undefined) {
		target = await options.chooseSignIn(waiting);
	}
	if (!target) {
		return profileName !== undefined ? { kind: 'no_sign_in_of_profile', profileName } : { kind: 'none_chosen' };
	}
	return pending.deliverBareCode(target.nonce, code) === 'delivered' ? { kind: 'delivered' } : { kind: 'no_longer_waiting' };
}

/** The waiting consent sign-in a pasted URL or query names by its state; undefined for anything else. */
function consentSignInOf(pending: PendingSignIns, input: string): PendingSignInInfo | undefined {
	if (typeof input !== 'string' || Buffer.byteLength(input, 'utf8') > MAX_CALLBACK_INPUT_BYTES) {
		return undefined;
	}
	const text = input.trim();
	let query: URLSearchParams | undefined;
	try {
		query = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) ? new URL(text).searchParams : text.startsWith('?') || text.includes('=') ? new URLSearchParams(text) : undefined;
	} catch {
		return undefined;
	}
	const entry = pending.findByState(query?.get('state'));
	return entry?.kind === 'consent' ? entry : undefined;
}

/**
 * A pasted consent redirect: read as Seller Central sends it, at the sign-in's own redirect URI
 * (another host, scheme, port or path, a user name, a backslash, controls and amazon_callback_uri are
 * refused, and the sign-in keeps waiting), then handed to the sign-in, which checks the state.
 */
function deliverPastedConsent(pending: PendingSignIns, input: string, entry: PendingSignInInfo, logger: Logger): PastedInputOutcome {
	const parsed = parseConsentCallback(input, entry.redirectUri);
	if (!parsed.ok) {
		logger.warn(`A pasted consent redirect was refused (${parsed.reason}).`);
		return { kind: 'unreadable', error: consentCallbackError(parsed) };
	}
	const outcome = pending.deliverConsent(parsed.params, 'paste');
	if (outcome !== 'delivered') {
		logger.warn(`A pasted consent redirect matched no waiting sign-in (${outcome}).`);
		return { kind: 'no_matching_state', outcome };
	}
	return { kind: 'delivered' };
}
