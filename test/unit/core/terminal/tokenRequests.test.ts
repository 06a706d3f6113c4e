// What the extension host does with a keyed lwa-token request: the gates in order (trusted workspace,
// profile, opt-in, one account), the failures' exit codes, and the formats. The trust gate is tested
// here because the integration harness runs code-server with workspace trust turned off.
import * as assert from 'node:assert/strict';
import type { Account } from '../../../../src/core/credentials/accounts';
import type { StoredCredential } from '../../../../src/core/credentials/model';
import { LwaError } from '../../../../src/core/lwa/errors';
import { regionalEndpoints } from '../../../../src/core/lwa/endpoints';
import type { Profile } from '../../../../src/core/profiles';
import type { TokenRequest } from '../../../../src/core/terminal/protocol';
import { EXIT } from '../../../../src/core/terminal/protocol';
import type { TokenOutcome, TokenRequestContext } from '../../../../src/core/terminal/tokenRequests';
import { answerTokenRequest } from '../../../../src/core/terminal/tokenRequests';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function profile(overrides: Partial<Profile> = {}): Profile {
	return {
		name: 'dev', region: 'NA', clientId: 'amzn1.application-oa2-client.abc', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/cb',
		grant: 'authorization_code', pkce: true, api: 'lwa', apiEndpoints: {}, endpoints: regionalEndpoints('NA'), terminal: true, ...overrides,
	};
}

function credential(overrides: Partial<StoredCredential> = {}): StoredCredential {
	return { v: 1, profile: 'dev', grant: 'authorization_code', accessToken: 'Atza|fresh', tokenType: 'bearer', expiresAt: NOW + 3_000_000, obtainedAt: NOW, scopes: ['profile'], ...overrides };
}

describe('lwa-token requests', () => {
	let asked: { profile: string; account?: Account }[];

	function context(overrides: Partial<TokenRequestContext> = {}): TokenRequestContext {
		return {
			isTrusted: () => true,
			profiles: () => [profile(), profile({ name: 'closed', terminal: undefined })],
			activeProfile: () => 'dev',
			partnersOf: async () => [],
			validCredential: async (chosen, account) => {
				asked.push({ profile: chosen.name, ...(account ? { account } : {}) });
				return credential();
			},
			now: () => NOW,
			...overrides,
		};
	}

	async function ask(request: Partial<TokenRequest>, overrides: Partial<TokenRequestContext> = {}): Promise<{ kind: string; exit?: number; refusal?: string; output?: string }> {
		const outcome: TokenOutcome = await answerTokenRequest({ format: 'raw', ...request }, context(overrides));
		return outcome.kind === 'token' ? { kind: 'token', output: outcome.output } : outcome.kind === 'refused' ? { kind: 'refused', exit: outcome.exit, refusal: outcome.refusal } : { kind: 'failed', exit: outcome.exit };
	}

	beforeEach(() => {
		asked = [];
	});

	it('hands the active profile\'s valid token to a request that names no profile', async () => {
		assert.deepEqual({ outcome: await ask({}), asked }, { outcome: { kind: 'token', output: 'Atza|fresh' }, asked: [{ profile: 'dev' }] });
	});

	it('refuses everything in an untrusted workspace with exit 7, before reading any token', async () => {
		assert.deepEqual({ outcome: await ask({ profile: 'dev' }, { isTrusted: () => false }), asked }, {
			outcome: { kind: 'refused', exit: EXIT.notAllowed, refusal: 'untrusted_workspace' }, asked: [],
		});
	});

	it('refuses a profile that did not opt in with "terminal": true (exit 7), an unknown one and a missing active one (exit 5)', async () => {
		assert.deepEqual({
			closed: await ask({ profile: 'closed' }),
			unknown: await ask({ profile: 'nobody' }),
			noActive: await ask({}, { activeProfile: () => undefined }),
			activeClosed: await ask({}, { activeProfile: () => 'closed' }),
			asked,
		}, {
			closed: { kind: 'refused', exit: EXIT.notAllowed, refusal: 'not_opted_in' },
			unknown: { kind: 'refused', exit: EXIT.noSuchProfile, refusal: 'no_such_profile' },
			noActive: { kind: 'refused', exit: EXIT.noSuchProfile, refusal: 'no_active_profile' },
			activeClosed: { kind: 'refused', exit: EXIT.notAllowed, refusal: 'not_opted_in' },
			asked: [],
		});
	});

	it('an SP-API profile with several selling partners and none chosen is ambiguous (exit 6); a named partner is used', async () => {
		const sp = profile({ name: 'sp', api: 'sp-api' });
		const partners: Account[] = [{ kind: 'partner', id: 'A1AAAAAAAAAAAA' }, { kind: 'partner', id: 'A2BBBBBBBBBBBB' }];
		const overrides = { profiles: () => [sp], partnersOf: async () => partners };
		assert.deepEqual({
			ambiguous: await ask({ profile: 'sp' }, overrides),
			named: await ask({ profile: 'sp', partner: 'A2BBBBBBBBBBBB' }, overrides),
			scopeOnPartnerProfile: await ask({ profile: 'sp', scope: 'profile' }, overrides),
			only: await ask({ profile: 'sp' }, { ...overrides, partnersOf: async () => [partners[0]] }),
			asked,
		}, {
			ambiguous: { kind: 'refused', exit: EXIT.ambiguous, refusal: 'ambiguous_partner' },
			named: { kind: 'token', output: 'Atza|fresh' },
			scopeOnPartnerProfile: { kind: 'refused', exit: EXIT.usage, refusal: 'not_an_account_of_profile' },
			only: { kind: 'token', output: 'Atza|fresh' },
			asked: [{ profile: 'sp', account: partners[1] }, { profile: 'sp', account: partners[0] }],
		});
	});

	it('a grantless profile with several scopes and none chosen is ambiguous (exit 6); a scope it does not have is refused', async () => {
		const grantless = profile({ name: 'gl', api: 'sp-api', grant: 'client_credentials', scopes: ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'] });
		const overrides = { profiles: () => [grantless] };
		assert.deepEqual({
			ambiguous: await ask({ profile: 'gl' }, overrides),
			named: await ask({ profile: 'gl', scope: 'sellingpartnerapi::notifications' }, overrides),
			foreign: await ask({ profile: 'gl', scope: 'profile' }, overrides),
			partner: await ask({ profile: 'gl', partner: 'A1AAAAAAAAAAAA' }, overrides),
			asked,
		}, {
			ambiguous: { kind: 'refused', exit: EXIT.ambiguous, refusal: 'ambiguous_scope' },
			named: { kind: 'token', output: 'Atza|fresh' },
			foreign: { kind: 'refused', exit: EXIT.usage, refusal: 'not_an_account_of_profile' },
			partner: { kind: 'refused', exit: EXIT.usage, refusal: 'not_an_account_of_profile' },
			asked: [{ profile: 'gl', account: { kind: 'scope', scope: 'sellingpartnerapi::notifications' } }],
		});
	});

	it('maps not signed in to exit 3, a refused refresh to exit 4, and trouble on the way to exit 1', async () => {
		const failing = (error: unknown) => ({ validCredential: async () => Promise.reject(error) });
		assert.deepEqual({
			notSignedIn: await ask({}, failing(new LwaError('not_signed_in'))),
			revoked: await ask({}, failing(new LwaError('invalid_grant'))),
			noRefreshToken: await ask({}, failing(new LwaError('no_refresh_token'))),
			network: await ask({}, failing(new LwaError('network'))),
			unexpected: await ask({}, failing(new Error('boom'))),
		}, {
			notSignedIn: { kind: 'failed', exit: EXIT.notSignedIn },
			revoked: { kind: 'failed', exit: EXIT.refreshRefused },
			noRefreshToken: { kind: 'failed', exit: EXIT.refreshRefused },
			network: { kind: 'failed', exit: EXIT.failed },
			unexpected: { kind: 'failed', exit: EXIT.failed },
		});
	});

	it('shapes the token as raw, bearer, header, amz and json', async () => {
		const outputs: Record<string, string | undefined> = {};
		for (const format of ['raw', 'bearer', 'header', 'amz', 'json'] as const) {
			outputs[format] = (await ask({ format })).output;
		}
		assert.deepEqual(outputs, {
			raw: 'Atza|fresh',
			bearer: 'Bearer Atza|fresh',
			header: 'Authorization: Bearer Atza|fresh',
			amz: 'x-amz-access-token: Atza|fresh',
			json: JSON.stringify({ access_token: 'Atza|fresh', token_type: 'bearer', expires_at: new Date(NOW + 3_000_000).toISOString(), expires_in: 3000, profile: 'dev' }),
		});
	});

	it('gives the three Ads headers for an Ads profile with an advertiser profile, and refuses the ads format otherwise (exit 2)', async () => {
		const ads = profile({ name: 'ads', api: 'ads', advertisingProfileId: '1234567890123' });
		const adsWithout = profile({ name: 'ads0', api: 'ads' });
		const overrides = { profiles: () => [ads, adsWithout, profile()] };
		assert.deepEqual({
			ads: await ask({ profile: 'ads', format: 'ads' }, overrides),
			without: await ask({ profile: 'ads0', format: 'ads' }, overrides),
			plain: await ask({ profile: 'dev', format: 'ads' }, overrides),
		}, {
			ads: { kind: 'token', output: 'Authorization: Bearer Atza|fresh\nAmazon-Advertising-API-ClientId: amzn1.application-oa2-client.abc\nAmazon-Advertising-API-Scope: 1234567890123' },
			without: { kind: 'refused', exit: EXIT.usage, refusal: 'no_advertising_profile' },
			plain: { kind: 'refused', exit: EXIT.usage, refusal: 'ads_format_not_for_profile' },
		});
	});
});
