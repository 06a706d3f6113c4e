// Restricted operations (they return buyer data, so they need a Restricted Data Token) and the checks a
// restricted resource's path passes before it is sent to the Tokens API. A path may carry an order id:
// logs show the matched template (or a masked path), never the real path.
//
// Sources: Amazon's Tokens API use case guide (operations, specific and generic paths, getReportDocument
// specific-only) and the Tokens API model (dataElements only for getOrders, getOrder and getOrderItems).

export type RestrictedMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
export const RESTRICTED_METHODS: readonly RestrictedMethod[] = Object.freeze(['GET', 'PUT', 'POST', 'DELETE']);

export type DataElement = 'buyerInfo' | 'shippingAddress' | 'buyerTaxInformation';
export const DATA_ELEMENTS: readonly DataElement[] = Object.freeze(['buyerInfo', 'shippingAddress', 'buyerTaxInformation']);

export interface RestrictedOperation {
	/** API and operation, e.g. 'orders.getOrder'. */
	id: string;
	method: RestrictedMethod;
	/** Path template with `{name}` placeholders, as Amazon writes generic paths. */
	template: string;
	/** True for operations that take dataElements (Orders getOrders, getOrder, getOrderItems). */
	dataElements: boolean;
	/** True when the Tokens API accepts only a specific path (getReportDocument). */
	specificOnly: boolean;
}

const op = (id: string, method: RestrictedMethod, template: string, extra: Partial<Pick<RestrictedOperation, 'dataElements' | 'specificOnly'>> = {}): RestrictedOperation =>
	Object.freeze({ id, method, template, dataElements: extra.dataElements ?? false, specificOnly: extra.specificOnly ?? false });

export const RESTRICTED_OPERATIONS: readonly RestrictedOperation[] = Object.freeze([
	op('orders.getOrders', 'GET', '/orders/v0/orders', { dataElements: true }),
	op('orders.getOrder', 'GET', '/orders/v0/orders/{orderId}', { dataElements: true }),
	op('orders.getOrderItems', 'GET', '/orders/v0/orders/{orderId}/orderItems', { dataElements: true }),
	op('orders.getOrderBuyerInfo', 'GET', '/orders/v0/orders/{orderId}/buyerInfo'),
	op('orders.getOrderAddress', 'GET', '/orders/v0/orders/{orderId}/address'),
	op('orders.getOrderItemsBuyerInfo', 'GET', '/orders/v0/orders/{orderId}/orderItems/buyerInfo'),
	op('merchantFulfillment.getShipment', 'GET', '/mfn/v0/shipments/{shipmentId}'),
	op('merchantFulfillment.cancelShipment', 'DELETE', '/mfn/v0/shipments/{shipmentId}'),
	op('merchantFulfillment.cancelShipmentOld', 'PUT', '/mfn/v0/shipments/{shipmentId}/cancel'),
	op('merchantFulfillment.createShipment', 'POST', '/mfn/v0/shipments'),
	op('shipping.getShipment', 'GET', '/shipping/v1/shipments/{shipmentId}'),
	op('reports.getReportDocument', 'GET', '/reports/2021-06-30/documents/{reportDocumentId}', { specificOnly: true }),
]);

/** Longest path accepted (a real one is far shorter). */
export const MAX_RESTRICTED_PATH_LENGTH = 512;

/** One id segment of a specific path: what order, shipment and report document ids are made of. */
const ID_SEGMENT = /^[A-Za-z0-9._~-]{1,128}$/;
/** A literal segment of a path template or of an unlisted path. */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]{1,128}$/;
const PLACEHOLDER = /^\{[A-Za-z][A-Za-z0-9]{0,63}\}$/;

export type PathRefusal =
	| 'empty'
	| 'too_long'
	/** Does not start with '/', or starts with '//' (a host, to a URL parser). */
	| 'not_absolute'
	/** Ends with '/': the RDT would not match the call (a 403 reported by others). */
	| 'trailing_slash'
	/** A query string or fragment; the restricted resource is the path alone. */
	| 'query_or_fragment'
	/** A backslash, a percent escape (such as an encoded slash), a space or a control character. */
	| 'unsafe_character'
	/** An empty, '.' or '..' segment. */
	| 'dot_or_empty_segment'
	/** A generic `{placeholder}` where the operation accepts only a specific path (getReportDocument). */
	| 'generic_not_allowed'
	/** A placeholder in a path that matches no listed operation. */
	| 'placeholder_in_unlisted_path'
	/** The path matches a listed operation only with another method. */
	| 'method_mismatch'
	| 'unknown_method';

export type PathCheck =
	| {
		ok: true;
		/** The listed operation, or undefined for a typed path of an unlisted operation. */
		operation?: RestrictedOperation;
		/** True when the path names one resource (no placeholder). */
		specific: boolean;
		/** What the log may show: the template of a listed operation, else the path with id-like segments masked. */
		logPath: string;
	}
	| { ok: false; reason: PathRefusal };

/**
 * Checks a restricted resource before the Tokens API call: the shape of the path, then the listed
 * operation it matches (a segment matches its template's `{placeholder}` either literally, as a generic
 * path, or with one id). A path that matches no listed operation passes (the list may lag Amazon's)
 * with a masked log path, unless it carries a placeholder.
 */
export function checkRestrictedPath(method: string, path: string): PathCheck {
	if (!(RESTRICTED_METHODS as readonly string[]).includes(method)) {
		return { ok: false, reason: 'unknown_method' };
	}
	const shape = pathShapeRefusal(path);
	if (shape !== undefined) {
		return { ok: false, reason: shape };
	}
	const segments = path.slice(1).split('/');
	const matches = RESTRICTED_OPERATIONS.map((operation) => ({ operation, match: matchTemplate(operation.template, segments) }))
		.filter((candidate) => candidate.match !== undefined);
	const sameMethod = matches.find((candidate) => candidate.operation.method === method);
	if (sameMethod !== undefined) {
		const { operation, match } = sameMethod;
		if (!match!.specific && operation.specificOnly) {
			return { ok: false, reason: 'generic_not_allowed' };
		}
		return { ok: true, operation, specific: match!.specific, logPath: operation.template };
	}
	if (matches.length > 0) {
		return { ok: false, reason: 'method_mismatch' };
	}
	if (segments.some((segment) => PLACEHOLDER.test(segment))) {
		return { ok: false, reason: 'placeholder_in_unlisted_path' };
	}
	if (!segments.every((segment) => PLAIN_SEGMENT.test(segment))) {
		return { ok: false, reason: 'unsafe_character' };
	}
	return { ok: true, specific: true, logPath: maskedPath(segments) };
}

function pathShapeRefusal(path: unknown): PathRefusal | undefined {
	if (typeof path !== 'string' || path === '') {
		return 'empty';
	}
	if (path.length > MAX_RESTRICTED_PATH_LENGTH) {
		return 'too_long';
	}
	if (!path.startsWith('/') || path.startsWith('//')) {
		return 'not_absolute';
	}
	if (path.includes('?') || path.includes('#')) {
		return 'query_or_fragment';
	}
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	if (/[\\%\s\u0000-\u001f\u007f-\u009f]/.test(path) || /[^\x20-\x7e]/.test(path)) {
		return 'unsafe_character';
	}
	if (path.length > 1 && path.endsWith('/')) {
		return 'trailing_slash';
	}
	if (path.slice(1).split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
		return 'dot_or_empty_segment';
	}
	return undefined;
}

/** Matches path segments against a template; `specific` is false when any placeholder was given literally. */
export function matchTemplate(template: string, segments: readonly string[]): { specific: boolean } | undefined {
	const parts = template.slice(1).split('/');
	if (parts.length !== segments.length) {
		return undefined;
	}
	let specific = true;
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index];
		const segment = segments[index];
		if (PLACEHOLDER.test(part)) {
			if (segment === part) {
				specific = false;
			} else if (!ID_SEGMENT.test(segment) || PLACEHOLDER.test(segment)) {
				return undefined;
			}
		} else if (segment !== part) {
			return undefined;
		}
	}
	return { specific };
}

/** The template of the listed operation a real request path is for (what a log may show), if any. */
export function templateOfPath(method: string, path: string): string | undefined {
	const check = checkRestrictedPath(method, path);
	return check.ok && check.operation !== undefined ? check.operation.template : undefined;
}

/** Segments with a digit are ids as far as a log is concerned: `/x/v1/things/{id}`. */
function maskedPath(segments: readonly string[]): string {
	return '/' + segments.map((segment) => (/\d/.test(segment) && !/^v\d+$/.test(segment) && !/^\d{4}-\d{2}-\d{2}$/.test(segment) ? '{id}' : segment)).join('/');
}
