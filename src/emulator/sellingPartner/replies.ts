// SP-API's answers: JSON with the `{"errors":[{"code","message","details"}]}` error shape, and the
// access token check every SP-API resource makes on `x-amz-access-token`.
import type { Reply } from '../http/replies';
import { jsonReply, withHeader } from '../http/replies';
import type { EmulatorRequest } from '../http/request';
import type { RestrictedDataTokenRecord, SellingPartnerState } from './apps';

export const ACCESS_DENIED = 'Access to requested resource is denied.';

/** An SP-API error answer; `outcome` is the SP-API error code. */
export function spApiError(status: number, code: string, message: string, details = ''): Reply {
	return { ...jsonReply(status, { errors: [{ code, message, details }] }), outcome: code };
}

export function spApiMethodNotAllowed(allowed: string): Reply {
	return withHeader(spApiError(405, 'MethodNotAllowed', 'The request method is not allowed.'), 'Allow', allowed);
}

export function unauthorized(details: string): Reply {
	return spApiError(403, 'Unauthorized', ACCESS_DENIED, details);
}

/** Who a request's x-amz-access-token speaks for. */
export type SpCaller =
	| { kind: 'lwa'; clientId: string; sellingPartnerId: string }
	| { kind: 'rdt'; record: RestrictedDataTokenRecord }
	| { kind: 'refused'; reply: Reply };

/**
 * Reads `x-amz-access-token` (the only place SP-API takes it): an unexpired RDT, or an unexpired LWA
 * access token the emulator issued to an SP-API app's client for a selling partner (not a grantless
 * one, not one of a plain LWA profile). Anything else is a 403 Unauthorized.
 */
export function callerOf(state: SellingPartnerState, request: EmulatorRequest): SpCaller {
	const header = request.headers['x-amz-access-token'];
	const token = typeof header === 'string' ? header : '';
	if (token === '') {
		return { kind: 'refused', reply: unauthorized('The request has no x-amz-access-token header.') };
	}
	if (state.isRestrictedDataToken(token)) {
		const record = state.validRestrictedDataToken(token);
		return record === undefined
			? { kind: 'refused', reply: unauthorized('The access token you provided has expired.') }
			: { kind: 'rdt', record };
	}
	const record = state.lwa.validAccessToken(token);
	if (record === undefined) {
		return { kind: 'refused', reply: unauthorized('The access token you provided is revoked, malformed or invalid.') };
	}
	if (record.userId === undefined || !state.isPartner(record.userId) || !state.isAppClient(record.clientId)) {
		return { kind: 'refused', reply: unauthorized('The access token was not issued for a selling partner of an SP-API application.') };
	}
	return { kind: 'lwa', clientId: record.clientId, sellingPartnerId: record.userId };
}
