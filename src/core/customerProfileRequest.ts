// The .http document of "LWA: New API Request" for a plain LWA profile: the customer profile request
// (GET /user/profile), which answers for tokens granted profile, profile:user_id or postal_code.
// REST Client and httpyac syntax; pure.

export interface CustomerProfileDocumentInput {
	profileName: string;
	/** The profile endpoint (https://api.amazon.com/user/profile, or the profile's override). */
	profileUrl: string;
	scopes: readonly string[];
	accessToken: string;
	expiresAt: number;
	now: number;
}

const CUSTOMER_PROFILE_SCOPES = ['profile', 'profile:user_id', 'postal_code'];

/** Throws when an input would break the document. */
export function buildCustomerProfileDocument(input: CustomerProfileDocumentInput): string {
	if (!/^[\x21-\x7e]+$/.test(input.accessToken)) {
		throw new Error('The access token has characters that cannot go into a header.');
	}
	let url: URL;
	try {
		url = new URL(input.profileUrl);
	} catch {
		throw new Error('The profile endpoint must be a URL.');
	}
	if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/^[\x21-\x7e]+$/.test(input.profileUrl)) {
		throw new Error('The profile endpoint must be an http(s) URL.');
	}
	const profileName = input.profileName.replace(/[\r\n\u2028\u2029]+/g, ' ');
	const minutesLeft = Math.max(0, Math.floor((input.expiresAt - input.now) / 60_000));
	const granted = input.scopes.filter((scope) => CUSTOMER_PROFILE_SCOPES.includes(scope));
	return [
		`# Login with Amazon requests for the LWA profile "${profileName}".`,
		`# The access token below expires at ${new Date(input.expiresAt).toISOString()} (in about ${minutesLeft} minutes).`,
		'# For a fresh token, run "LWA: New API Request" again.',
		'# This document holds a bearer token: do not save it in a repository or share it. While it is open,',
		'# other extensions can read it and the editor may back it up to disk (hot exit): close it without saving when done.',
		granted.length > 0
			? `# The customer profile answers with what ${granted.join(', ')} allow${granted.length === 1 ? 's' : ''}.`
			: '# This profile asks for none of profile, profile:user_id and postal_code, so the customer profile answers 403 insufficient_scope.',
		'',
		`@profileUrl = ${input.profileUrl}`,
		`@accessToken = ${input.accessToken}`,
		'',
		'### The customer behind the token',
		'# @name customerProfile',
		'GET {{profileUrl}}',
		'Authorization: Bearer {{accessToken}}',
		'Accept: application/json',
		'',
	].join('\n');
}
