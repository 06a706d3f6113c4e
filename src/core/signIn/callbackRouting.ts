// Where a redirect goes once it reaches the extension by the URI handler or by paste. Pure: the VS
// Code layer turns URI events and pasted text into these calls and the outcomes into UI, so the
// evidence suites can send every redirect the way a real one travels without an editor.
import { callbackParamsFromQuery, parseCallbackInput } from '../lwa/callback';
import { forLog } from '../logText';
import { isLwaError, LwaError } from '../lwa/errors';
import type { Logger } from '../ports';
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
		const params = callbackParamsFromQuery(new URLSearchParams(query));
		const outcome = pending.deliver(params, 'uri');
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
	const waiting = pending.list();
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
