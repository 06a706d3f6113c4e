// The LWA token host of SP-API, apart from the SP-API host tables (src/core/sellingPartner/endpoints.ts):
// profile parsing needs it at activation, and the activation bundle stays small.

/**
 * The LWA token endpoint for SP-API, whatever the region: the documentation names only api.amazon.com
 * for SP-API (api.amazon.co.uk / .co.jp for SP-API are UNCONFIRMED), and the sandbox takes its tokens
 * there too (the sandbox host itself answers 403 to a token request).
 */
export const SELLING_PARTNER_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';
