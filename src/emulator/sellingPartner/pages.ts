// The Seller Central / Vendor Central pages of the emulator: the consent page (Confirm, Cancel) and
// the authorization error page on which Amazon shows an MD code. Amazon shows MD errors on its own
// page, never by redirecting to the app, so the emulator does the same. Built on the shared shell.
import { escapeHtml, pageDocument } from '../pages';
import type { PartnerType } from './apps';

/** The MD errors the emulator shows, with wording after Amazon's authorization-errors page. */
export const MD_ERRORS = {
	MD1000: 'This application is in draft status and can only be authorized with version=beta, or the application_id is not the ID of an SP-API application.',
	MD5101: 'The redirect_uri is not one of the OAuth Redirect URIs registered for this application.',
	MD5110: 'The redirect_uri contains a fragment (#), which is not allowed.',
	MD9100: 'This application has no OAuth Login URI or Redirect URI.',
} as const;

export type MdErrorCode = keyof typeof MD_ERRORS;

function centralName(type: PartnerType): string {
	return type === 'seller' ? 'Seller Central' : 'Vendor Central';
}

/** Amazon's authorization error page with its code (#md-code) and an explanation. */
export function mdErrorPage(type: PartnerType, code: MdErrorCode): string {
	return pageDocument(`Error - ${centralName(type)} emulator`, 'error', `<span class="badge">${escapeHtml(centralName(type))} emulator</span>
<h1>We're sorry</h1>
<p>An error occurred when we tried to authorize this application.</p>
<p>Error code: <code id="md-code">${escapeHtml(code)}</code></p>
<p class="muted" id="error-message">${escapeHtml(MD_ERRORS[code])}</p>`);
}

/** A page for failures without an MD code (unknown application, a bad or expired request). */
export function centralErrorPage(type: PartnerType, message: string): string {
	return pageDocument(`Error - ${centralName(type)} emulator`, 'error', `<span class="badge">${escapeHtml(centralName(type))} emulator</span>
<h1>Something went wrong</h1>
<p id="error-message">${escapeHtml(message)}</p>`);
}

export interface SellingPartnerConsentPageInput {
	requestId: string;
	type: PartnerType;
	appName: string;
	sellingPartnerId: string;
	draft: boolean;
	returnHost: string;
}

/**
 * The consent page: the app, the selling partner, Confirm (#allow) and Cancel (#deny), posting to the
 * relative `consent/decision` so the page also works behind a path prefix.
 */
export function sellingPartnerConsentPage(input: SellingPartnerConsentPageInput): string {
	const draftNote = input.draft ? '<p class="muted" id="draft-note">This is a draft application, authorized with version=beta.</p>\n' : '';
	return pageDocument(`Authorize - ${centralName(input.type)} emulator`, 'consent', `<span class="badge">${escapeHtml(centralName(input.type))} emulator</span>
<h1>Authorize <strong>${escapeHtml(input.appName)}</strong></h1>
<p>The application would like to access the Selling Partner API on behalf of <code id="selling-partner">${escapeHtml(input.sellingPartnerId)}</code>.</p>
${draftNote}<p class="muted">You will be returned to <code>${escapeHtml(input.returnHost)}</code>.</p>
<p class="muted">This is a local emulator of ${escapeHtml(centralName(input.type))} for trying things out. It is not Amazon and no Amazon account is used.</p>
<form method="post" action="consent/decision">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<div class="actions">
<button type="submit" id="allow" name="decision" value="allow">Confirm</button>
<button type="submit" id="deny" name="decision" value="deny">Cancel</button>
</div>
</form>`);
}

/** What Cancel shows: no redirect to the app, since no source says Amazon sends one. */
export function cancelledPage(type: PartnerType): string {
	return pageDocument(`Cancelled - ${centralName(type)} emulator`, 'consent', `<span class="badge">${escapeHtml(centralName(type))} emulator</span>
<h1>Authorization cancelled</h1>
<p id="cancelled">The application was not authorized. You can close this tab.</p>`);
}
