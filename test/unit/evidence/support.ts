// Shared pieces of the evidence tests: planted sentinel strings, a credential service over a seeded
// in-memory store and a real undici client, and the checks every case makes (no sentinel in any
// visible text, the stored credential of every seeded profile unchanged).
import * as assert from 'node:assert/strict';
import { parseCredential } from '../../../src/core/credentials/model';
import type { StoredCredential } from '../../../src/core/credentials/model';
import { CredentialService } from '../../../src/core/credentials/service';
import { credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import type { UndiciHttpClientOptions } from '../../../src/core/http/undiciHttpClient';
import { regionalEndpoints } from '../../../src/core/lwa/endpoints';
import { isLwaError } from '../../../src/core/lwa/errors';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { Clock, HttpClient } from '../../../src/core/ports';
import type { Grant, Profile } from '../../../src/core/profiles';
import { ManualClock, MemorySecretStore, RecordingLogger } from '../core/support/fakes';

/** Every planted value contains this marker; no visible text may. */
export const SENTINEL = 'SENTINEL';
export const SECRET_SENTINEL = 'client-secret-SENTINEL-9f1';
export const ACCESS_SENTINEL = 'Atza|access-SENTINEL-c3';
export const REFRESH_SENTINEL = 'Atzr|refresh-SENTINEL-d4';
export const CODE_SENTINEL = 'ANcodeSENTINEL5e';
export const VERIFIER_SENTINEL = 'verifier-SENTINEL-0123456789-0123456789-abcdef';
export const SERVER_TEXT_SENTINEL = 'server says SENTINEL <b>internal</b> trace';

/**
 * What a user or log reader could see of a thrown value: its message, and for an LwaError the facts
 * the VS Code layer puts into the user's sentence and the request id.
 */
export function visibleTextsOf(error: unknown): string[] {
	const texts: string[] = [];
	if (error instanceof Error) {
		texts.push(error.message);
	}
	if (isLwaError(error)) {
		texts.push(JSON.stringify(error.facts));
		if (error.requestId !== undefined) {
			texts.push(error.requestId);
		}
	}
	return texts;
}

/** Fails when any text contains the sentinel marker. */
export function assertNoSentinel(texts: readonly string[], where: string): void {
	for (const text of texts) {
		assert.ok(!text.toUpperCase().includes(SENTINEL), `${where} leaks a planted value: ${JSON.stringify(text.slice(0, 200))}`);
	}
}

/** A profile whose endpoints point at `baseUrl` (a loopback test server or the emulator). */
export function profileAt(baseUrl: string, grant: Grant = 'authorization_code', name = 'evidence'): Profile {
	return {
		name,
		region: 'NA',
		clientId: 'amzn1.application-oa2-client.sandbox',
		scopes: grant === 'client_credentials' ? ['advertising::campaign_management'] : ['profile'],
		redirectUri: grant === 'client_credentials' ? '' : 'http://127.0.0.1:53682/lwa/callback',
		grant,
		pkce: true,
		api: 'lwa',
		apiEndpoints: {},
		endpoints: {
			...regionalEndpoints('NA'),
			authorization: `${baseUrl}/ap/oa`,
			token: `${baseUrl}/auth/o2/token`,
			tokeninfo: `${baseUrl}/auth/o2/tokeninfo`,
			profile: `${baseUrl}/user/profile`,
		},
	};
}

/** The credential planted in the store before a case runs. */
export function seededCredential(profile: Profile, clock: Clock, overrides: Partial<StoredCredential> = {}): StoredCredential {
	const credential: StoredCredential = {
		v: 1,
		profile: profile.name,
		grant: profile.grant,
		accessToken: ACCESS_SENTINEL,
		tokenType: 'bearer',
		expiresAt: clock.now() + 3600_000,
		obtainedAt: clock.now(),
		scopes: [...profile.scopes],
		...overrides,
	};
	if (profile.grant === 'authorization_code' && !('refreshToken' in overrides)) {
		credential.refreshToken = REFRESH_SENTINEL;
	}
	return credential;
}

export interface Rig {
	clock: ManualClock;
	secrets: MemorySecretStore;
	store: CredentialStore;
	logger: RecordingLogger;
	http: HttpClient & { close(): Promise<void> };
	tokenClient: TokenClient;
	service: CredentialService;
	/** Waits requested by the token client (it does not really wait). */
	delays: number[];
	/** The seeded credential's stored text, as it was before the case (of `options.profile`). */
	seededText?: string;
	/** Every seeded credential's stored text by profile name, as it was before the case. */
	seededTexts: Map<string, string>;
	close(): Promise<void>;
}

/** A credential service on a real undici client and an in-memory store holding a seeded credential and client secret. */
export async function createRig(options: {
	profile?: Profile;
	seed?: boolean;
	/** Changes to the seeded credential (for example an expired one). */
	seedOverrides?: Partial<StoredCredential>;
	http?: UndiciHttpClientOptions;
	maxAttempts?: number;
	clock?: ManualClock;
} = {}): Promise<Rig> {
	const clock = options.clock ?? new ManualClock(Date.now());
	const secrets = new MemorySecretStore();
	const logger = new RecordingLogger();
	const store = new CredentialStore(secrets, logger);
	const http = createUndiciHttpClient({ connectTimeoutMs: 1000, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, maxResponseBytes: 64 * 1024, ...options.http });
	const delays: number[] = [];
	const tokenClient = new TokenClient({
		http,
		clock,
		logger,
		sleep: async (ms) => {
			delays.push(ms);
		},
		...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
	});
	const service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds: () => 120 });
	const rig: Rig = { clock, secrets, store, logger, http, tokenClient, service, delays, seededTexts: new Map(), close: () => http.close() };
	if (options.profile && options.seed !== false) {
		await seedProfile(rig, options.profile, options.seedOverrides);
		rig.seededText = rig.seededTexts.get(options.profile.name);
	}
	return rig;
}

/** Stores a client secret and a credential for `profile` and remembers the stored text. */
export async function seedProfile(rig: Rig, profile: Profile, overrides: Partial<StoredCredential> = {}): Promise<void> {
	await rig.store.setClientSecret(profile.name, SECRET_SENTINEL);
	await rig.store.setCredential(seededCredential(profile, rig.clock, overrides));
	const text = rig.secrets.values.get(credentialKey(profile.name));
	assert.ok(text !== undefined, 'the seeded credential is stored');
	rig.seededTexts.set(profile.name, text);
}

/** What became of a seeded credential. */
export type StoredState = 'unchanged' | 'changed' | 'deleted';

/** 'unchanged' when the seeded credential is stored byte for byte as before; else what became of it. */
export function storedState(rig: Rig, profileName: string): StoredState {
	const seeded = rig.seededTexts.get(profileName);
	assert.ok(seeded !== undefined, `profile "${profileName}" was seeded`);
	const text = rig.secrets.values.get(credentialKey(profileName));
	if (text === undefined) {
		return 'deleted';
	}
	return text === seeded ? 'unchanged' : 'changed';
}

/** 'unchanged' when every seeded credential is; else 'deleted' when any was deleted, else 'changed'. */
export function allStoredStates(rig: Rig): StoredState {
	const states = [...rig.seededTexts.keys()].map((name) => storedState(rig, name));
	assert.ok(states.length > 0, 'at least one profile was seeded');
	return states.includes('deleted') ? 'deleted' : states.includes('changed') ? 'changed' : 'unchanged';
}

/** The LwaError code of a thrown value, or what else it was. */
export function labelOf(error: unknown): string {
	return isLwaError(error) ? error.code : `uncoded error: ${error instanceof Error ? error.name : typeof error}`;
}

/** The stored credential parsed from the raw store (so a half-written value would fail here). */
export function rawStoredCredential(secrets: MemorySecretStore, profileName: string): StoredCredential | undefined {
	const text = secrets.values.get(credentialKey(profileName));
	return text === undefined ? undefined : parseCredential(text);
}

/** Runs `action` and returns what it threw; fails when it does not throw. */
export async function thrownBy(action: () => Promise<unknown> | unknown): Promise<unknown> {
	try {
		await action();
	} catch (error) {
		return error;
	}
	assert.fail('expected the input to be refused');
}

/** Formats rows as a plain text table with a header line. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
	const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd();
	return [line(headers), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n');
}
