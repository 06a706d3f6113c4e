// Figure 3: a code exchange and a refresh through the extension's core (TokenClient over the undici
// HttpClient of src/core/http/undiciHttpClient.ts) against a raw undici.request with the same form
// body, both to the same in-process LWA emulator (autoApprove).
//
// Fairness: both sides use the same undici package, each its own keep-alive Agent, and both read and
// JSON-parse the answer; the raw side builds its form body inside the timed part as the core does.
// Core and raw requests alternate (and swap which goes first every round), so drift in the machine's
// load hits both alike. Authorization codes are fetched before the clock starts: only the token
// request is timed. The emulator shares the process with the clients, so its own work is part of
// both figures alike.
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { LwaEmulator } from '../../src/emulator/lwaEmulator';
import { createUndiciHttpClient } from '../../src/core/http/undiciHttpClient';
import { TokenClient } from '../../src/core/lwa/tokenClient';
import { median, percentile } from './stats';

/** Timings of one operation, in ms. */
export interface PairTimings {
	coreMedianMs: number;
	rawMedianMs: number;
	coreP90Ms: number;
	rawP90Ms: number;
	/** core median / raw median. */
	ratio: number;
	samples: number;
}

export interface ExchangeFigures {
	exchange: PairTimings;
	refresh: PairTimings;
	warmup: number;
}

const CLIENT_ID = 'amzn1.application-oa2-client.bench';
const CLIENT_SECRET = 'bench-secret-not-a-credential';
const REDIRECT_URI = 'http://127.0.0.1:9/bench/callback';
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' };

/** Gets a fresh authorization code the way a browser would (auto-approved consent, redirect not followed). */
async function authorizationCode(emulator: LwaEmulator, agent: Agent): Promise<string> {
	const url = new URL(emulator.endpoints.authorization);
	url.search = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'profile', redirect_uri: REDIRECT_URI }).toString();
	const response = await request(url, { method: 'GET', dispatcher: agent });
	await response.body.dump();
	const location = response.headers.location;
	const code = typeof location === 'string' ? new URL(location).searchParams.get('code') : null;
	if (!code) {
		throw new Error(`the emulator gave no authorization code (status ${response.statusCode})`);
	}
	return code;
}

/** The raw baseline: one undici.request with the form body, answer read and parsed. */
async function rawTokenRequest(agent: Agent, tokenEndpoint: string, params: Record<string, string>): Promise<void> {
	const response = await request(tokenEndpoint, {
		method: 'POST',
		headers: FORM_HEADERS,
		body: new URLSearchParams(params).toString(),
		dispatcher: agent,
	});
	const body = (await response.body.json()) as { access_token?: unknown };
	if (response.statusCode !== 200 || typeof body.access_token !== 'string') {
		throw new Error(`raw token request failed with status ${response.statusCode}`);
	}
}

async function timed(run: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await run();
	return performance.now() - start;
}

function summarise(core: number[], raw: number[]): PairTimings {
	const coreMedianMs = median(core);
	const rawMedianMs = median(raw);
	return {
		coreMedianMs,
		rawMedianMs,
		coreP90Ms: percentile(core, 0.9),
		rawP90Ms: percentile(raw, 0.9),
		ratio: coreMedianMs / rawMedianMs,
		samples: core.length,
	};
}

/** Runs `warmup` untimed and then `samples` timed rounds of both operations. */
export async function measureExchangeAndRefresh(samples: number, warmup: number): Promise<ExchangeFigures> {
	const emulator = await LwaEmulator.start({ autoApprove: true, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }] });
	const http = createUndiciHttpClient();
	const tokenClient = new TokenClient({ http });
	const rawAgent = new Agent();
	const codeAgent = new Agent();
	const tokenEndpoint = emulator.endpoints.token;
	try {
		const rounds = warmup + samples;
		// Codes live 300 s at the emulator; 2 x rounds of them are fetched in well under that.
		const coreCodes: string[] = [];
		const rawCodes: string[] = [];
		for (let index = 0; index < rounds; index++) {
			coreCodes.push(await authorizationCode(emulator, codeAgent));
			rawCodes.push(await authorizationCode(emulator, codeAgent));
		}

		const exchangeCore: number[] = [];
		const exchangeRaw: number[] = [];
		let refreshToken: string | undefined;
		for (let index = 0; index < rounds; index++) {
			const core = (): Promise<unknown> => tokenClient.exchangeCode({ tokenEndpoint, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: coreCodes[index], redirectUri: REDIRECT_URI })
				.then((tokens) => (refreshToken = tokens.refreshToken));
			const raw = (): Promise<void> => rawTokenRequest(rawAgent, tokenEndpoint, { grant_type: 'authorization_code', code: rawCodes[index], redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			const [first, second] = index % 2 === 0 ? [core, raw] : [raw, core];
			const firstMs = await timed(first);
			const secondMs = await timed(second);
			if (index >= warmup) {
				exchangeCore.push(index % 2 === 0 ? firstMs : secondMs);
				exchangeRaw.push(index % 2 === 0 ? secondMs : firstMs);
			}
		}
		if (!refreshToken) {
			throw new Error('the code exchange returned no refresh token');
		}

		// The emulator hands back the same refresh token, so one serves every refresh.
		const token = refreshToken;
		const refreshCore: number[] = [];
		const refreshRaw: number[] = [];
		for (let index = 0; index < rounds; index++) {
			const core = (): Promise<unknown> => tokenClient.refresh({ tokenEndpoint, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: token });
			const raw = (): Promise<void> => rawTokenRequest(rawAgent, tokenEndpoint, { grant_type: 'refresh_token', refresh_token: token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			const [first, second] = index % 2 === 0 ? [core, raw] : [raw, core];
			const firstMs = await timed(first);
			const secondMs = await timed(second);
			if (index >= warmup) {
				refreshCore.push(index % 2 === 0 ? firstMs : secondMs);
				refreshRaw.push(index % 2 === 0 ? secondMs : firstMs);
			}
		}
		return { exchange: summarise(exchangeCore, exchangeRaw), refresh: summarise(refreshCore, refreshRaw), warmup };
	} finally {
		await http.close();
		await rawAgent.close();
		await codeAgent.close();
		await emulator.close();
	}
}
