// Helpers for the SP-API emulator tests: consent URLs of the sandbox SP-API app, the code exchange at
// the LWA token endpoint, and SP-API calls with x-amz-access-token, all over real HTTP.
import type { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { SANDBOX_SP_APP, SANDBOX_SP_CLIENT } from '../../../../src/emulator/lwaEmulator';
import { postToken } from '../support';

export const APP_ID = SANDBOX_SP_APP.applicationId;
export const SP_CLIENT_ID = SANDBOX_SP_CLIENT.clientId;
export const SP_CLIENT_SECRET = 'sandbox-sp-secret';
export const SP_REDIRECT_URI = SANDBOX_SP_APP.redirectUris[0];

/** The sandbox app's consent URL under a central prefix; a value of undefined removes that parameter. */
export function consentUrl(emulator: LwaEmulator, params: Record<string, string | undefined> = {}, base = emulator.sellingPartner.endpoints.sellerCentral): string {
	const all: Record<string, string | undefined> = { application_id: APP_ID, state: 'sp-state-1', version: 'beta', ...params };
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(all)) {
		if (value !== undefined) {
			query.append(name, value);
		}
	}
	return `${base}/apps/authorize/consent?${query.toString()}`;
}

export function getConsent(emulator: LwaEmulator, params: Record<string, string | undefined> = {}, base?: string): Promise<Response> {
	return fetch(consentUrl(emulator, params, base), { redirect: 'manual' });
}

/** Runs consent with auto-approval (the emulator must have autoApprove) and returns the redirect's parameters. */
export async function consentRedirect(emulator: LwaEmulator, params: Record<string, string | undefined> = {}, base?: string): Promise<URLSearchParams> {
	const response = await getConsent(emulator, params, base);
	const location = response.headers.get('location');
	if (response.status !== 302 || location === null) {
		throw new Error(`no redirect (status ${response.status})`);
	}
	return new URL(location).searchParams;
}

export function exchangeSpCode(emulator: LwaEmulator, code: string, extra: Record<string, string | undefined> = {}): Promise<Response> {
	return postToken(emulator, {
		grant_type: 'authorization_code', code, redirect_uri: SP_REDIRECT_URI, client_id: SP_CLIENT_ID, client_secret: SP_CLIENT_SECRET, ...extra,
	});
}

/** A selling partner's access token through consent (auto-approved) and the code exchange. */
export async function sellerAccessToken(emulator: LwaEmulator): Promise<string> {
	const code = (await consentRedirect(emulator)).get('spapi_oauth_code') ?? '';
	const response = await exchangeSpCode(emulator, code);
	const body = await response.json() as { access_token: string };
	return body.access_token;
}

export function getParticipations(emulator: LwaEmulator, token: string | undefined, path = '/sellers/v1/marketplaceParticipations'): Promise<Response> {
	return fetch(`${emulator.url}${path}`, { headers: token === undefined ? {} : { 'x-amz-access-token': token } });
}

export function postRdt(emulator: LwaEmulator, token: string | undefined, body: unknown, contentType = 'application/json'): Promise<Response> {
	return fetch(`${emulator.url}/tokens/2021-03-01/restrictedDataToken`, {
		method: 'POST',
		headers: { 'content-type': contentType, ...(token === undefined ? {} : { 'x-amz-access-token': token }) },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

/** The SP-API error code of an error answer. */
export async function errorCode(response: Response): Promise<string> {
	const body = await response.json() as { errors: { code: string }[] };
	return body.errors[0].code;
}
