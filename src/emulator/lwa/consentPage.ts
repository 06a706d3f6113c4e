// The consent page LWA shows at /ap/oa: the app, the requested scopes, Allow and Deny.
import { escapeHtml, pageDocument } from '../pages';

/** Human descriptions of the profile scopes; other scopes are shown by name. */
const SCOPE_DESCRIPTIONS: Record<string, string> = {
	'profile': 'Your name and email address',
	'profile:user_id': 'Your Amazon account identifier (user ID)',
	'postal_code': 'Your postal code',
};

/** What the consent page shows. */
export interface ConsentPageInput {
	requestId: string;
	appName: string;
	scopes: readonly string[];
	essential: ReadonlyMap<string, boolean>;
	userName: string;
	userEmail: string;
	returnHost: string;
}

/**
 * The consent page: app name, requested scopes, Allow (#allow) and Deny (#deny) posting to /ap/oa/decision.
 * The form action is relative (oa/decision from /ap/oa) because the page may be reached through a path
 * prefix: code-server opens http://127.0.0.1:P/ap/oa as http://<host>/proxy/P/ap/oa.
 */
export function consentPage(input: ConsentPageInput): string {
	const items = input.scopes.map((scope) => {
		const description = SCOPE_DESCRIPTIONS[scope];
		const essential = input.essential.get(scope);
		const tag = essential === undefined ? '' : ` <span class="tag">(${essential ? 'essential' : 'voluntary'})</span>`;
		const text = description === undefined
			? `<code>${escapeHtml(scope)}</code>`
			: `${escapeHtml(description)} <span class="tag">(<code>${escapeHtml(scope)}</code>)</span>`;
		return `<li>${text}${tag}</li>`;
	}).join('\n');
	return pageDocument('Sign in - LWA emulator', 'consent', `<span class="badge">LWA emulator</span>
<h1><strong>${escapeHtml(input.appName)}</strong> would like to access:</h1>
<ul id="scopes">
${items}
</ul>
<p class="muted">Signed in as ${escapeHtml(input.userName)} (${escapeHtml(input.userEmail)}). You will be returned to <code>${escapeHtml(input.returnHost)}</code>.</p>
<p class="muted">This is a local emulator of Login with Amazon for trying things out. It is not Amazon and no Amazon account is used.</p>
<form method="post" action="oa/decision">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<div class="actions">
<button type="submit" id="allow" name="decision" value="allow">Allow</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
</div>
</form>`);
}
