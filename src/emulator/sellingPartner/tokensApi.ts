// The Tokens API: POST /tokens/2021-03-01/restrictedDataToken. It takes a selling partner's LWA access
// token and up to 50 restricted resources, and answers {"restrictedDataToken","expiresIn"} at the top
// level (the Tokens API model). Path rules (Amazon's Tokens API use case guide): a specific path covers
// that resource only, a generic path ({orderId}, {shipmentId}) covers any id, getReportDocument takes
// specific paths only, dataElements only for Orders getOrders, getOrder and getOrderItems.
//
// The emulator refuses at creation (400 InvalidInput) any path that is no restricted resource, a
// trailing slash included. Amazon was reported to issue such an RDT and refuse it at use (403); either
// way the call fails, the emulator says so earlier.
import type { Reply } from '../http/replies';
import { jsonReply } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import type { RestrictedGrant, SellingPartnerState } from './apps';
import { RDT_LIFETIME_SECONDS } from './apps';
import { callerOf, spApiError, spApiMethodNotAllowed, unauthorized } from './replies';
import { MARKETPLACE_PARTICIPATIONS_PATH } from './resources';

export const RESTRICTED_DATA_TOKEN_PATH = '/tokens/2021-03-01/restrictedDataToken';

interface RestrictedTemplate { method: string; template: string; dataElements?: true; specificOnly?: true; }

/** Restricted operations, and the emulator's sample resource (so a test can see an RDT at work on it). */
const TEMPLATES: readonly RestrictedTemplate[] = [
	{ method: 'GET', template: '/orders/v0/orders', dataElements: true },
	{ method: 'GET', template: '/orders/v0/orders/{orderId}', dataElements: true },
	{ method: 'GET', template: '/orders/v0/orders/{orderId}/orderItems', dataElements: true },
	{ method: 'GET', template: '/orders/v0/orders/{orderId}/buyerInfo' },
	{ method: 'GET', template: '/orders/v0/orders/{orderId}/address' },
	{ method: 'GET', template: '/orders/v0/orders/{orderId}/orderItems/buyerInfo' },
	{ method: 'GET', template: '/mfn/v0/shipments/{shipmentId}' },
	{ method: 'DELETE', template: '/mfn/v0/shipments/{shipmentId}' },
	{ method: 'PUT', template: '/mfn/v0/shipments/{shipmentId}/cancel' },
	{ method: 'POST', template: '/mfn/v0/shipments' },
	{ method: 'GET', template: '/shipping/v1/shipments/{shipmentId}' },
	{ method: 'GET', template: '/reports/2021-06-30/documents/{reportDocumentId}', specificOnly: true },
	{ method: 'GET', template: MARKETPLACE_PARTICIPATIONS_PATH },
];
const DATA_ELEMENTS = new Set(['buyerInfo', 'shippingAddress', 'buyerTaxInformation']);
const ID = /^[A-Za-z0-9._~-]{1,128}$/;
const APP_ID = /^amzn1\.(?:sp\.solution|sellerapps\.app)\.[A-Za-z0-9-]{1,64}$/;
const MAX_RESOURCES = 50;

export function tokensApiRoute(state: SellingPartnerState): Route {
	return {
		path: RESTRICTED_DATA_TOKEN_PATH,
		handle: (request) => request.method === 'POST' ? createRestrictedDataToken(state, request) : spApiMethodNotAllowed('POST'),
	};
}

const invalid = (message: string): Reply => spApiError(400, 'InvalidInput', message);

function createRestrictedDataToken(state: SellingPartnerState, request: EmulatorRequest): Reply {
	if (request.url.pathname !== RESTRICTED_DATA_TOKEN_PATH) {
		return spApiError(404, 'NotFound', 'Resource not found.');
	}
	const caller = callerOf(state, request);
	if (caller.kind === 'refused') {
		return caller.reply;
	}
	if (caller.kind === 'rdt') {
		return unauthorized('A Restricted Data Token cannot get another one.');
	}
	const contentType = request.headers['content-type'] ?? '';
	if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
		return spApiError(415, 'UnsupportedMediaType', 'The request body must be application/json.');
	}
	let body: unknown;
	try {
		body = JSON.parse(request.body);
	} catch {
		return invalid('The request body is not valid JSON.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return invalid('The request body is not a JSON object.');
	}
	const { restrictedResources, targetApplication } = body as Record<string, unknown>;
	if (!Array.isArray(restrictedResources) || restrictedResources.length === 0) {
		return invalid('restrictedResources is required.');
	}
	if (restrictedResources.length > MAX_RESOURCES) {
		return invalid(`restrictedResources has more than ${MAX_RESOURCES} items.`);
	}
	if (targetApplication !== undefined && (typeof targetApplication !== 'string' || !APP_ID.test(targetApplication))) {
		return invalid('targetApplication is not an application ID.');
	}
	const grants: RestrictedGrant[] = [];
	for (const resource of restrictedResources) {
		const problem = resourceProblem(resource);
		if (problem !== undefined) {
			return invalid(problem);
		}
		const { method, path } = resource as { method: string; path: string };
		grants.push({ method, path });
	}
	if (state.appOfClient(caller.clientId)?.restrictedRole === false) {
		return invalid('Application do not have access to some or all requested resource');
	}
	const token = state.issueRestrictedDataToken(caller.clientId, caller.sellingPartnerId, grants);
	return { ...jsonReply(200, { restrictedDataToken: token, expiresIn: RDT_LIFETIME_SECONDS }), outcome: 'success' };
}

/** Why a restricted resource is refused, or undefined. */
function resourceProblem(resource: unknown): string | undefined {
	if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
		return 'A restricted resource is not an object.';
	}
	const { method, path, dataElements } = resource as Record<string, unknown>;
	if (typeof method !== 'string' || !['GET', 'PUT', 'POST', 'DELETE'].includes(method)) {
		return 'A restricted resource has an invalid method.';
	}
	if (typeof path !== 'string') {
		return 'A restricted resource has no path.';
	}
	const template = TEMPLATES.find((candidate) => candidate.method === method && matches(candidate.template, path) !== undefined);
	if (template === undefined) {
		return 'A restricted resource is not a restricted operation.';
	}
	if (template.specificOnly && matches(template.template, path) === 'generic') {
		return 'This operation accepts only a specific path.';
	}
	if (dataElements !== undefined) {
		if (!Array.isArray(dataElements) || !dataElements.every((element) => typeof element === 'string' && DATA_ELEMENTS.has(element))) {
			return 'A restricted resource has invalid dataElements.';
		}
		if (dataElements.length > 0 && !template.dataElements) {
			return 'dataElements is only for getOrders, getOrder and getOrderItems.';
		}
	}
	return undefined;
}

/** 'specific' or 'generic' when the path fits the template, else undefined. Exact: no trailing slash, same case. */
export function matches(template: string, path: string): 'specific' | 'generic' | undefined {
	const parts = template.split('/');
	const segments = path.split('/');
	if (parts.length !== segments.length) {
		return undefined;
	}
	let generic = false;
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index];
		const segment = segments[index];
		if (part.startsWith('{')) {
			if (segment === part) {
				generic = true;
			} else if (!ID.test(segment) || segment === '.' || segment === '..') {
				return undefined;
			}
		} else if (segment !== part) {
			return undefined;
		}
	}
	return generic ? 'generic' : 'specific';
}
