// Seller Central / Vendor Central consent: GET {central}/apps/authorize/consent checks the request and
// shows the consent page (or, with auto-approval, redirects at once); POST …/consent/decision takes
// Confirm or Cancel. Confirm redirects to the redirect URI with state, selling_partner_id and
// spapi_oauth_code (an LWA authorization code of the app's client: it expires with the emulator's code
// lifetime, 5 minutes by default, is single use, and is exchanged at /auth/o2/token). MD errors are
// shown on the central's own page, never sent by redirect.
//
// Each central is served under a path that names it: /sellercentral and /vendorcentral (for a
// profile's endpoints.sellerCentral / vendorCentral override), and /<host> for each real host
// (/sellercentral.amazon.de, /vendorcentral.amazon.co.jp, …).
import type { Reply } from '../http/replies';
import { htmlReply, methodNotAllowed, redirectReply } from '../http/replies';
import type { EmulatorRequest, Route } from '../http/request';
import { readForm } from '../http/request';
import { appendQuery } from '../lwa/consent';
import { PKCE_VALUE } from '../lwa/parameters';
import { formTargetOf } from '../pages';
import type { PartnerType, SellingPartnerConsent, SellingPartnerState } from './apps';
import type { MdErrorCode } from './pages';
import { cancelledPage, centralErrorPage, mdErrorPage, sellingPartnerConsentPage } from './pages';

export const CONSENT_PATH = '/apps/authorize/consent';

const SELLER_CENTRAL_HOSTS = [
	'sellercentral.amazon.com', 'sellercentral.amazon.ca', 'sellercentral.amazon.com.mx', 'sellercentral.amazon.com.br',
	'sellercentral-europe.amazon.com', 'sellercentral.amazon.nl', 'sellercentral.amazon.se', 'sellercentral.amazon.pl',
	'sellercentral.amazon.com.tr', 'sellercentral.amazon.ae', 'sellercentral.amazon.in', 'sellercentral.amazon.sg',
	'sellercentral.amazon.com.au', 'sellercentral.amazon.co.jp', 'sellercentral.amazon.com.be', 'sellercentral.amazon.eg',
	'sellercentral.amazon.sa', 'sellercentral.amazon.ie', 'sellercentral.amazon.co.za',
];
const VENDOR_CENTRAL_HOSTS = ['ca', 'com', 'com.mx', 'com.br', 'es', 'co.uk', 'fr', 'nl', 'de', 'it', 'se', 'pl', 'com.tr', 'in', 'com.sg', 'com.au', 'co.jp', 'me', 'com.be']
	.map((tld) => `vendorcentral.amazon.${tld}`);

/** Every central prefix the emulator serves, with the kind of partner it signs in. */
export const CENTRAL_PREFIXES: ReadonlyMap<string, PartnerType> = new Map<string, PartnerType>([
	['/sellercentral', 'seller'],
	['/vendorcentral', 'vendor'],
	...SELLER_CENTRAL_HOSTS.map((host): [string, PartnerType] => [`/${host}`, 'seller']),
	...VENDOR_CENTRAL_HOSTS.map((host): [string, PartnerType] => [`/${host}`, 'vendor']),
]);

/** The consent and decision routes of every central. `isAutoApproving` is read on every request. */
export function sellingPartnerConsentRoutes(state: SellingPartnerState, isAutoApproving: () => boolean): Route[] {
	const routes: Route[] = [];
	for (const [prefix, type] of CENTRAL_PREFIXES) {
		routes.push({
			path: `${prefix}${CONSENT_PATH}`,
			handle: (request) => request.method === 'GET' ? consent(state, type, request, isAutoApproving()) : methodNotAllowed('GET'),
		});
		routes.push({
			path: `${prefix}${CONSENT_PATH}/decision`,
			handle: (request) => request.method === 'POST' ? decide(state, type, readForm(request) ?? new URLSearchParams()) : methodNotAllowed('POST'),
		});
	}
	return routes;
}

const page = (html: string, status = 400): Reply => htmlReply(status, html);

function consent(state: SellingPartnerState, type: PartnerType, request: EmulatorRequest, autoApprove: boolean): Reply {
	const query = request.url.searchParams;
	const md = (code: MdErrorCode): Reply => page(mdErrorPage(type, code));
	for (const name of ['application_id', 'state', 'version', 'redirect_uri', 'code_challenge', 'code_challenge_method']) {
		if (query.getAll(name).length > 1) {
			return page(centralErrorPage(type, `The request repeats the parameter ${name}.`));
		}
	}
	const applicationId = query.get('application_id') ?? '';
	if (applicationId === '') {
		return page(centralErrorPage(type, 'The request is missing the parameter application_id.'));
	}
	if (applicationId.startsWith('amzn1.application-oa2-client.')) {
		// Reported by developers: an LWA client id in application_id gives MD1000.
		return md('MD1000');
	}
	const app = state.app(applicationId);
	if (app === undefined) {
		return page(centralErrorPage(type, 'Unable to find application.'));
	}
	const version = query.get('version');
	if (app.draft && version !== 'beta') {
		return md('MD1000');
	}
	const given = query.get('redirect_uri');
	if (given !== null && given.includes('#')) {
		return md('MD5110');
	}
	if (app.redirectUris.length === 0) {
		return md('MD9100');
	}
	const redirectUri = given ?? app.redirectUris[0];
	if (!app.redirectUris.includes(redirectUri)) {
		return md('MD5101');
	}
	// PKCE on the SP-API consent URI is undocumented; the emulator honours it as LWA's /ap/oa does.
	const codeChallenge = query.get('code_challenge') ?? undefined;
	const method = query.get('code_challenge_method') ?? undefined;
	const pkceProblem = (codeChallenge === undefined && method !== undefined)
		|| (codeChallenge !== undefined && !PKCE_VALUE.test(codeChallenge))
		|| (method !== undefined && method !== 'S256' && method !== 'plain');
	if (pkceProblem) {
		return page(centralErrorPage(type, 'The request has an invalid PKCE parameter.'));
	}
	const consentRequest: SellingPartnerConsent = {
		app, partnerType: type, redirectUri, state: query.get('state') ?? undefined,
		codeChallenge, codeChallengeMethod: codeChallenge === undefined ? undefined : method === 'S256' ? 'S256' : 'plain',
	};
	if (autoApprove) {
		return confirm(state, consentRequest);
	}
	const html = sellingPartnerConsentPage({
		requestId: state.holdForConsent(consentRequest),
		type,
		appName: app.name ?? app.applicationId,
		sellingPartnerId: state.partnerId(type),
		draft: app.draft,
		returnHost: returnHostOf(redirectUri),
	});
	const target = formTargetOf(redirectUri);
	return htmlReply(200, html, target === undefined ? [] : [target]);
}

function confirm(state: SellingPartnerState, consentRequest: SellingPartnerConsent): Reply {
	const code = state.issueCode(consentRequest);
	return redirectReply(appendQuery(consentRequest.redirectUri, [
		['state', consentRequest.state],
		['selling_partner_id', state.partnerId(consentRequest.partnerType)],
		['spapi_oauth_code', code],
	]));
}

function decide(state: SellingPartnerState, type: PartnerType, form: URLSearchParams): Reply {
	const decision = form.get('decision');
	if (decision !== 'allow' && decision !== 'deny') {
		return page(centralErrorPage(type, 'The request has an invalid decision.'));
	}
	const consentRequest = state.takeConsent(form.get('request') ?? '');
	if (consentRequest === undefined || consentRequest.partnerType !== type) {
		return page(centralErrorPage(type, 'This authorization request has expired or was already answered. Start again from the application.'));
	}
	return decision === 'allow' ? confirm(state, consentRequest) : page(cancelledPage(type), 200);
}

function returnHostOf(redirectUri: string): string {
	try {
		return new URL(redirectUri).host;
	} catch {
		return redirectUri;
	}
}
