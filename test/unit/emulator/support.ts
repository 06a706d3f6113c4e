// Shared helpers for the emulator tests: a controllable clock, authorization URLs and token requests
// over real HTTP (Node's global fetch).
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorOptions } from '../../../src/emulator/lwaEmulator';
import { LwaEmulator, SANDBOX_CLIENT } from '../../../src/emulator/lwaEmulator';

export const CLIENT_ID = SANDBOX_CLIENT.clientId;
export const CLIENT_SECRET = 'sandbox-secret';
export const REDIRECT_URI = 'http://127.0.0.1:53682/lwa/callback';

/** A clock the test moves by hand. */
export class ManualClock {
	constructor(public current = Date.UTC(2026, 0, 1, 12, 0, 0)) {}
	readonly now = (): number => this.current;
	advanceSeconds(seconds: number): void {
		this.current += seconds * 1000;
	}
}

/** Starts an emulator on a free port with a manual clock; remember to close it. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<{ emulator: LwaEmulator; clock: ManualClock }> {
	const clock = new ManualClock();
	const emulator = await LwaEmulator.start({ now: clock.now, ...options });
	return { emulator, clock };
}

export function createVerifier(): string {
	return randomBytes(32).toString('base64url');
}

export function challengeS256(verifier: string): string {
	return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The /ap/oa URL with the sandbox client's defaults; a value of undefined removes that parameter. */
export function authorizeUrl(emulator: LwaEmulator, params: Record<string, string | undefined> = {}): string {
	const all: Record<string, string | undefined> = {
		client_id: CLIENT_ID,
		redirect_uri: REDIRECT_URI,
		response_type: 'code',
		scope: 'profile',
		state: 'state-123',
		...params,
	};
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(all)) {
		if (value !== undefined) {
			query.append(name, value);
		}
	}
	return `${emulator.endpoints.authorization}?${query.toString()}`;
}

/** GET /ap/oa without following the redirect. */
export function getAuthorize(emulator: LwaEmulator, params: Record<string, string | undefined> = {}): Promise<Response> {
	return fetch(authorizeUrl(emulator, params), { redirect: 'manual' });
}

/** The parameters of a 302 Location. */
export function redirectParams(response: Response): URLSearchParams {
	const location = response.headers.get('location');
	if (location === null) {
		throw new Error(`expected a redirect, got status ${response.status}`);
	}
	return new URL(location).searchParams;
}

/** Runs /ap/oa with auto-approval (the emulator must have autoApprove) and returns the code. */
export async function obtainCode(emulator: LwaEmulator, params: Record<string, string | undefined> = {}): Promise<string> {
	const response = await getAuthorize(emulator, params);
	const code = redirectParams(response).get('code');
	if (response.status !== 302 || code === null) {
		throw new Error(`no code (status ${response.status})`);
	}
	return code;
}

/** POST /auth/o2/token with a form body; undefined values are left out. */
export function postToken(emulator: LwaEmulator, params: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<Response> {
	const form = new URLSearchParams();
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined) {
			form.append(name, value);
		}
	}
	return fetch(emulator.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
		body: form.toString(),
	});
}

/** Code exchange with the sandbox client's secret by default. */
export function exchangeCode(emulator: LwaEmulator, code: string, extra: Record<string, string | undefined> = {}): Promise<Response> {
	return postToken(emulator, {
		grant_type: 'authorization_code',
		code,
		redirect_uri: REDIRECT_URI,
		client_id: CLIENT_ID,
		client_secret: CLIENT_SECRET,
		...extra,
	});
}

export interface TokenBody { access_token: string; token_type: string; expires_in: number; refresh_token?: string; scope?: string; }
export interface ErrorBody { error: string; error_description: string; error_index: string; request_id: string; }

/** Signs in through auto-approval and returns the token response body. */
export async function signIn(emulator: LwaEmulator, scope = 'profile'): Promise<TokenBody> {
	const code = await obtainCode(emulator, { scope });
	const response = await exchangeCode(emulator, code);
	if (response.status !== 200) {
		throw new Error(`sign-in failed with status ${response.status}`);
	}
	return await response.json() as TokenBody;
}

export function basic(clientId: string, secret: string): string {
	return 'Basic ' + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
}
