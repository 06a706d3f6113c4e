// The text shapes in which an access token can be copied. Pure: no 'vscode' import, so the unit tier
// tests them in plain Node (test/unit/core/copyFormats.test.ts); the picker's localized labels are
// the VS Code layer's (commands/copyCommands.ts).
import type { SellingPartnerRequestContext } from './sellingPartner/requestDocument';
import { sellingPartnerCurl } from './sellingPartner/requestDocument';

/** Identifiers of the copy formats, in the order the Copy As picker lists them. */
export type CopyFormat = 'raw' | 'bearer' | 'authorizationHeader' | 'amzAccessTokenHeader' | 'curl' | 'dotenv' | 'restClientVariable' | AdsCopyFormat | SellingPartnerCopyFormat;

/** The Selling Partner API's format, offered for profiles with api "sp-api" (and for a Restricted Data Token). */
export type SellingPartnerCopyFormat = 'spApiRequest';

/** The Amazon Ads API's formats, offered for profiles with api "ads": the three headers, and curl with them. */
export type AdsCopyFormat = 'adsHeaders' | 'adsCurl';

/** What the Ads formats add to the token: the client id, the advertiser profile id and the Ads host. */
export interface AdsCopyContext {
	clientId: string;
	advertisingProfileId: string;
	/** The Ads API base URL of the profile's region (or its override). */
	host: string;
}

/** One copy format: its label and description for the picker, and how it shapes a token. */
export interface CopyFormatDescription {
	format: CopyFormat;
	label: string;
	description: string;
	render(accessToken: string): string;
}

/** Where the curl example points: LWA's customer profile endpoint, which accepts any profile-scoped token. */
const CURL_EXAMPLE_URL = 'https://api.amazon.com/user/profile';

/** Every copy format, in picker order. */
export const COPY_FORMATS: readonly CopyFormatDescription[] = [
	{ format: 'raw', label: 'Access token', description: 'Atza|…', render: (token) => token },
	{ format: 'bearer', label: 'Bearer token', description: 'Bearer Atza|…', render: (token) => `Bearer ${token}` },
	{ format: 'authorizationHeader', label: 'Authorization header', description: 'Authorization: Bearer Atza|…', render: (token) => `Authorization: Bearer ${token}` },
	{ format: 'amzAccessTokenHeader', label: 'x-amz-access-token header', description: 'Selling Partner API', render: (token) => `x-amz-access-token: ${token}` },
	{ format: 'curl', label: 'curl command', description: `curl -H 'Authorization: Bearer …' ${CURL_EXAMPLE_URL}`, render: (token) => `curl -H ${shellSingleQuote(`Authorization: Bearer ${token}`)} ${CURL_EXAMPLE_URL}` },
	{ format: 'dotenv', label: '.env line', description: 'LWA_ACCESS_TOKEN=…', render: (token) => `LWA_ACCESS_TOKEN=${token}` },
	{ format: 'restClientVariable', label: 'REST Client / httpyac variable', description: '@lwaToken = …', render: (token) => `@lwaToken = ${token}` },
];

/** The Ads formats, in picker order (listed after COPY_FORMATS for an Ads profile). */
export const ADS_COPY_FORMATS: readonly { format: AdsCopyFormat; label: string; description: string }[] = [
	{ format: 'adsHeaders', label: 'Ads headers', description: 'Authorization, Amazon-Advertising-API-ClientId and -Scope' },
	{ format: 'adsCurl', label: 'Ads curl command', description: 'curl with the three headers, GET /v2/profiles' },
];

/** The SP-API format (listed first for an SP-API profile). */
export const SELLING_PARTNER_COPY_FORMATS: readonly { format: SellingPartnerCopyFormat; label: string; description: string }[] = [
	{ format: 'spApiRequest', label: 'SP-API request', description: 'curl with the SP-API host, x-amz-access-token and user-agent' },
];

/** True when `value` names a copy format. */
export function isCopyFormat(value: unknown): value is CopyFormat {
	return COPY_FORMATS.some((entry) => entry.format === value) || isAdsCopyFormat(value) || isSellingPartnerCopyFormat(value);
}

/** True when `value` names the SP-API format (which needs a SellingPartnerRequestContext). */
export function isSellingPartnerCopyFormat(value: unknown): value is SellingPartnerCopyFormat {
	return SELLING_PARTNER_COPY_FORMATS.some((entry) => entry.format === value);
}

/** True when `value` names one of the Ads formats (which need an AdsCopyContext). */
export function isAdsCopyFormat(value: unknown): value is AdsCopyFormat {
	return ADS_COPY_FORMATS.some((entry) => entry.format === value);
}

/** The token shaped as `format`; the Ads formats need `ads`, the SP-API format `spApi`. */
export function formatToken(format: CopyFormat, accessToken: string, ads?: AdsCopyContext, spApi?: SellingPartnerRequestContext): string {
	if (isSellingPartnerCopyFormat(format)) {
		if (!spApi) {
			throw new Error(`The copy format ${format} needs the SP-API host and user-agent.`);
		}
		return sellingPartnerCurl(accessToken, spApi);
	}
	if (isAdsCopyFormat(format)) {
		if (!ads) {
			throw new Error(`The copy format ${format} needs the client id and advertising profile id.`);
		}
		return formatAdsToken(format, accessToken, ads);
	}
	const entry = COPY_FORMATS.find((candidate) => candidate.format === format);
	if (!entry) {
		throw new Error(`Unknown copy format: ${String(format)}`);
	}
	return entry.render(accessToken);
}

/**
 * The Ads shapes: the three headers on three lines (for a REST client's header box), or a curl line
 * that lists the advertiser profiles with them (the scope header is harmless there and shows the
 * shape every other call needs). Values must be header-safe: printable ASCII without spaces.
 */
function formatAdsToken(format: AdsCopyFormat, accessToken: string, ads: AdsCopyContext): string {
	for (const value of [accessToken, ads.clientId, ads.advertisingProfileId, ads.host]) {
		if (!/^[\x21-\x7e]+$/.test(value)) {
			throw new Error('A value of the Ads headers has characters that cannot go into a header.');
		}
	}
	const headers = [
		`Authorization: Bearer ${accessToken}`,
		`Amazon-Advertising-API-ClientId: ${ads.clientId}`,
		`Amazon-Advertising-API-Scope: ${ads.advertisingProfileId}`,
	];
	if (format === 'adsHeaders') {
		return headers.join('\n');
	}
	return `curl ${headers.map((header) => `-H ${shellSingleQuote(header)}`).join(' ')} ${shellSingleQuote(`${ads.host}/v2/profiles`)}`;
}

/** Quotes a value for a POSIX shell. LWA tokens contain '|', which a shell would read as a pipe. */
function shellSingleQuote(value: string): string {
	return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}
