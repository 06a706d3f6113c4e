// A sample SP-API resource, GET /sellers/v1/marketplaceParticipations (Sellers API), so a request
// made with a copied header can be seen to work: it takes a selling partner's LWA access token in
// x-amz-access-token, or an RDT only when that RDT names exactly this method and path.
import type { Reply } from '../http/replies';
import { jsonReply } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import type { SellingPartnerState } from './apps';
import { callerOf, spApiError, spApiMethodNotAllowed, unauthorized } from './replies';

export const MARKETPLACE_PARTICIPATIONS_PATH = '/sellers/v1/marketplaceParticipations';

export function marketplaceParticipationsRoute(state: SellingPartnerState): Route {
	return {
		path: MARKETPLACE_PARTICIPATIONS_PATH,
		handle: (request) => request.method === 'GET' ? marketplaceParticipations(state, request) : spApiMethodNotAllowed('GET'),
	};
}

function marketplaceParticipations(state: SellingPartnerState, request: EmulatorRequest): Reply {
	// The server matches routes without case or a trailing slash; SP-API paths are exact.
	if (request.url.pathname !== MARKETPLACE_PARTICIPATIONS_PATH) {
		return spApiError(404, 'NotFound', 'Resource not found.');
	}
	const caller = callerOf(state, request);
	if (caller.kind === 'refused') {
		return caller.reply;
	}
	if (caller.kind === 'rdt' && !caller.record.resources.some((grant) => grant.method === request.method && grant.path === request.url.pathname)) {
		return unauthorized('The Restricted Data Token does not cover this method and path.');
	}
	return { ...jsonReply(200, { payload: [participation()] }), outcome: 'success' };
}

function participation(): Record<string, unknown> {
	return {
		marketplace: {
			id: 'ATVPDKIKX0DER',
			countryCode: 'US',
			name: 'Amazon.com',
			defaultCurrencyCode: 'USD',
			defaultLanguageCode: 'en_US',
			domainName: 'www.amazon.com',
		},
		participation: { isParticipating: true, hasSuspendedListings: false },
	};
}
