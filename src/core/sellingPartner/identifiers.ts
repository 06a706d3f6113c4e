// The shapes of the identifiers an SP-API developer handles: the app's ID (application_id of the
// consent URI), the LWA client id (the token endpoint's client_id), and the selling partner id that
// comes back, unsigned, in the consent redirect. People confuse the first two (MD1000); the third is
// chosen by whoever sends the redirect, so it is checked before it becomes a key, a label or a log value.

/** An SP-API app ID: amzn1.sp.solution.<id> (Solution Provider Portal) or amzn1.sellerapps.app.<id>. */
export const APPLICATION_ID_PATTERN = /^amzn1\.(?:sp\.solution|sellerapps\.app)\.[A-Za-z0-9-]{1,64}$/;

/** An LWA client id: amzn1.application-oa2-client.<hex>. */
export const CLIENT_ID_PATTERN = /^amzn1\.application-oa2-client\.[A-Za-z0-9]{1,64}$/;

/**
 * A selling partner id. No Amazon page documents its shape; what is known comes from third parties:
 * a seller's id is the merchant token (upper-case letters and digits, such as A3EXAMPLE1234), a
 * vendor's looks like amzn1.vg.<digits>. The pattern admits both with room to spare and nothing else:
 * no separators, no controls, nothing that could split a storage key or forge a log line. A real id
 * it refuses is reported as 'selling_partner_id_shape' (never silently accepted).
 */
export const SELLING_PARTNER_ID_PATTERN = /^(?:[A-Z0-9]{6,32}|amzn1\.vg\.[A-Za-z0-9]{1,64})$/;

export type IdentifierKind = 'application_id' | 'client_id' | 'unknown';

/** What an identifier looks like (after trimming surrounding white space). */
export function identifierKind(text: unknown): IdentifierKind {
	if (typeof text !== 'string') {
		return 'unknown';
	}
	const trimmed = text.trim();
	if (APPLICATION_ID_PATTERN.test(trimmed)) {
		return 'application_id';
	}
	if (CLIENT_ID_PATTERN.test(trimmed)) {
		return 'client_id';
	}
	return 'unknown';
}

/** True when `value` has the shape of a selling partner id (exactly, no trimming). */
export function isSellingPartnerId(value: unknown): value is string {
	return typeof value === 'string' && SELLING_PARTNER_ID_PATTERN.test(value);
}

/** The kind of selling partner an id's shape suggests. */
export function sellingPartnerKindOf(id: string): 'seller' | 'vendor' | undefined {
	if (!isSellingPartnerId(id)) {
		return undefined;
	}
	return id.startsWith('amzn1.vg.') ? 'vendor' : 'seller';
}
