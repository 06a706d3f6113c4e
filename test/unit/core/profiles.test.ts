import * as assert from 'node:assert/strict';
import { isLoopbackHost, regionalEndpoints, resolveEndpoints } from '../../../src/core/lwa/endpoints';
import type * as ErrorsModule from '../../../src/core/lwa/errors';
import { isLwaError, isRetryableCode, LWA_ERROR_CODES, LwaError } from '../../../src/core/lwa/errors';
import { loopbackTarget, parseProfiles, redirectWay, validateProfile } from '../../../src/core/profiles';

const good = {
	name: 'adp',
	region: 'EU',
	clientId: 'amzn1.application-oa2-client.abc',
	scopes: ['portability::customer_profile'],
	redirectUri: 'http://127.0.0.1:53682/lwa/callback',
};

describe('regional endpoints', () => {
	it('knows the authorization, token, tokeninfo and profile URLs of NA, EU and FE', () => {
		assert.deepEqual(regionalEndpoints('NA'), {
			authorization: 'https://www.amazon.com/ap/oa', token: 'https://api.amazon.com/auth/o2/token',
			tokeninfo: 'https://api.amazon.com/auth/o2/tokeninfo', profile: 'https://api.amazon.com/user/profile',
		});
		assert.equal(regionalEndpoints('EU').authorization, 'https://eu.account.amazon.com/ap/oa');
		assert.equal(regionalEndpoints('EU').token, 'https://api.amazon.co.uk/auth/o2/token');
		assert.equal(regionalEndpoints('FE').authorization, 'https://apac.account.amazon.com/ap/oa');
		assert.equal(regionalEndpoints('FE').token, 'https://api.amazon.co.jp/auth/o2/token');
		assert.throws(() => regionalEndpoints('XX' as never), (error: unknown) => isLwaError(error, 'invalid_profile'));
	});

	it('applies https and loopback http overrides and refuses other http overrides naming the field', () => {
		const endpoints = resolveEndpoints('NA', { token: 'http://127.0.0.1:8080/auth/o2/token', profile: 'https://gateway.example.com/profile' });
		assert.equal(endpoints.token, 'http://127.0.0.1:8080/auth/o2/token');
		assert.equal(endpoints.profile, 'https://gateway.example.com/profile');
		assert.equal(endpoints.authorization, 'https://www.amazon.com/ap/oa');
		assert.deepEqual(resolveEndpoints('FE'), regionalEndpoints('FE'));
		assert.throws(() => resolveEndpoints('NA', { tokeninfo: 'http://gateway.example.com/tokeninfo' }), (error: unknown) => {
			assert.ok(isLwaError(error, 'invalid_profile'));
			assert.equal(error.facts.field, 'endpoints.tokeninfo');
			return true;
		});
	});

	it('recognises loopback hosts', () => {
		for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST']) {
			assert.equal(isLoopbackHost(host), true, host);
		}
		for (const host of ['127.0.0.1.example.com', 'example.com', '10.0.0.1', '128.0.0.1', '127.0.0.256']) {
			assert.equal(isLoopbackHost(host), false, host);
		}
	});
});

describe('parseProfiles', () => {
	it('parses a valid profile with defaults (authorization_code, pkce true, regional endpoints)', () => {
		const { profiles, problems } = parseProfiles([good]);
		assert.deepEqual(problems, []);
		assert.deepEqual(profiles, [{ ...good, region: 'EU', grant: 'authorization_code', pkce: true, endpoints: regionalEndpoints('EU'), api: 'lwa', apiEndpoints: {} }]);
	});

	it('keeps the terminal and variable file opt-ins off unless a profile turns them on', () => {
		const off = parseProfiles([good]).profiles[0];
		assert.equal(off.terminal, undefined);
		assert.equal(off.variableFile, undefined);
		assert.equal(parseProfiles([{ ...good, variableFile: false }]).profiles[0].variableFile, undefined);
		const on = parseProfiles([{ ...good, terminal: true, variableFile: true }]).profiles[0];
		assert.equal(on.terminal, true);
		assert.equal(parseProfiles([{ ...good, terminal: false }]).profiles[0].terminal, undefined);
		assert.deepEqual(on.variableFile, { file: '.env', name: 'LWA_ACCESS_TOKEN' });
		assert.deepEqual(parseProfiles([{ ...good, variableFile: { file: 'config/.env.local', name: 'SANDBOX_TOKEN' } }]).profiles[0].variableFile, { file: 'config/.env.local', name: 'SANDBOX_TOKEN' });
	});

	it('parses an SP-API profile: app ID, partner type, draft, PKCE off unless asked, consent and API host overrides without a trailing slash', () => {
		const { profiles, problems } = parseProfiles([{
			...good, api: 'sp-api', applicationId: 'amzn1.sp.solution.0a1b2c3d-1111-2222-3333-444455556666', partnerType: 'vendor', draft: true,
			endpoints: { sellerCentral: 'http://127.0.0.1:8080/sellercentral/', sellingPartnerApi: 'https://gateway.example.com/sp' },
		}]);
		assert.deepEqual(problems, []);
		assert.equal(profiles[0].api, 'sp-api');
		assert.deepEqual(profiles[0].sellingPartner, { applicationId: 'amzn1.sp.solution.0a1b2c3d-1111-2222-3333-444455556666', partnerType: 'vendor', draft: true });
		assert.equal(profiles[0].pkce, false, 'PKCE on the consent URI is unconfirmed: off unless the profile says so');
		assert.deepEqual(profiles[0].apiEndpoints, { sellerCentral: 'http://127.0.0.1:8080/sellercentral', sellingPartnerApi: 'https://gateway.example.com/sp' });
		assert.deepEqual(profiles[0].endpoints, { ...regionalEndpoints('EU'), token: 'https://api.amazon.com/auth/o2/token' }, 'SP-API takes its tokens from api.amazon.com in every region; the other LWA endpoints stay regional');
		assert.equal(parseProfiles([{ ...good, api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x1', pkce: true }]).profiles[0].pkce, true);
		assert.deepEqual(parseProfiles([{ ...good, api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x1' }]).profiles[0].sellingPartner, { applicationId: 'amzn1.sellerapps.app.x1', partnerType: 'seller', draft: false });
	});

	it('keeps an SP-API profile\'s endpoints.token override (an emulator, a gateway) instead of api.amazon.com', () => {
		const { profiles } = parseProfiles([{ ...good, api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x1', endpoints: { token: 'http://127.0.0.1:9/auth/o2/token' } }]);
		assert.equal(profiles[0].endpoints.token, 'http://127.0.0.1:9/auth/o2/token');
	});

	it('refuses a scope with a control character (it would become part of a grantless scope\'s secret key)', () => {
		const { profiles, problems } = parseProfiles([{ ...good, scopes: ['sellingpartnerapi::notifications\u001fs'] }]);
		assert.deepEqual(profiles, []);
		assert.deepEqual(problems.map((problem) => problem.kind), ['scopes_bad_entry']);
	});

	it('parses an Ads profile with an advertiser profile id above 2^53 kept exactly as text', () => {
		const { profiles, problems } = parseProfiles([{ ...good, api: 'ads', advertisingProfileId: '3512345678901234567' }]);
		assert.deepEqual(problems, []);
		assert.equal(profiles[0].advertisingProfileId, '3512345678901234567');
		assert.equal(profiles[0].sellingPartner, undefined);
	});

	it('parses a client_credentials profile without a redirect URI, with overrides and scope data', () => {
		const { profiles, problems } = parseProfiles([{ name: 'sp', region: 'NA', clientId: 'c', scopes: ['sellingpartnerapi::notifications'], grant: 'client_credentials', pkce: false, endpoints: { token: 'http://localhost:9999/auth/o2/token' }, scopeData: { 'sellingpartnerapi::notifications': { essential: true } } }]);
		assert.deepEqual(problems, []);
		assert.equal(profiles[0].redirectUri, '');
		assert.equal(profiles[0].pkce, false);
		assert.equal(profiles[0].endpoints.token, 'http://localhost:9999/auth/o2/token');
		assert.deepEqual(profiles[0].scopeData, { 'sellingpartnerapi::notifications': { essential: true } });
	});

	const bad: [string, Record<string, unknown>, string][] = [
		['an unknown region', { region: 'US' }, 'region'],
		['an empty client id', { clientId: '  ' }, 'clientId'],
		['a client id over 100 bytes', { clientId: 'x'.repeat(101) }, 'clientId'],
		['a client id with spaces', { clientId: 'a b' }, 'clientId'],
		['no scopes', { scopes: [] }, 'scopes'],
		['scopes that are not a list', { scopes: 'profile' }, 'scopes'],
		['a scope with a space', { scopes: ['profile postal_code'] }, 'scopes'],
		['client_credentials with no scopes', { grant: 'client_credentials', scopes: [] }, 'scopes'],
		['an unknown grant', { grant: 'implicit' }, 'grant'],
		['an unknown api', { api: 'mws' }, 'api'],
		['an SP-API profile without an app ID', { api: 'sp-api' }, 'applicationId'],
		['an SP-API profile with the client id as its app ID', { api: 'sp-api', applicationId: 'amzn1.application-oa2-client.abc' }, 'applicationId'],
		['an SP-API app ID of another shape', { api: 'sp-api', applicationId: 'amzn1.sp.solution.a/../b' }, 'applicationId'],
		['an unknown partner type', { api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x', partnerType: 'buyer' }, 'partnerType'],
		['a draft that is not a boolean', { api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x', draft: 'yes' }, 'draft'],
		['an app ID on a plain LWA profile', { applicationId: 'amzn1.sellerapps.app.x' }, 'applicationId'],
		['an Ads profile id given as a number (digits lost above 2^53)', { api: 'ads', advertisingProfileId: 3512345678901234 }, 'advertisingProfileId'],
		['an Ads profile id with a sign', { api: 'ads', advertisingProfileId: '-1' }, 'advertisingProfileId'],
		['an Ads profile id of 2^64', { api: 'ads', advertisingProfileId: '18446744073709551616' }, 'advertisingProfileId'],
		['an Ads profile id on an SP-API profile', { api: 'sp-api', applicationId: 'amzn1.sellerapps.app.x', advertisingProfileId: '1' }, 'advertisingProfileId'],
		['a terminal opt-in that is not a boolean', { terminal: 'yes' }, 'terminal'],
		['a variable file given as a string', { variableFile: '.env' }, 'variableFile'],
		['a variable file with an unknown field', { variableFile: { path: '.env' } }, 'variableFile'],
		['a variable file outside the workspace folder', { variableFile: { file: '../.env' } }, 'variableFile.file'],
		['a variable file with an absolute path', { variableFile: { file: '/etc/profile' } }, 'variableFile.file'],
		['a variable file with a backslash', { variableFile: { file: 'config\\..\\..\\.env' } }, 'variableFile.file'],
		['a variable file with a drive letter', { variableFile: { file: 'C:/Users/me/.env' } }, 'variableFile.file'],
		['a variable file with a line break', { variableFile: { file: '.env\nX' } }, 'variableFile.file'],
		['a variable file with an empty segment', { variableFile: { file: 'config//.env' } }, 'variableFile.file'],
		['a variable file path of 2,000 characters', { variableFile: { file: 'a/'.repeat(1000) + 'b' } }, 'variableFile.file'],
		['a variable name starting with a digit', { variableFile: { name: '1TOKEN' } }, 'variableFile.name'],
		['a variable name with a shell character', { variableFile: { name: 'TOKEN;rm' } }, 'variableFile.name'],
		['a Seller Central override over plain http to another host', { endpoints: { sellerCentral: 'http://sellercentral.example.com' } }, 'endpoints.sellerCentral'],
		['a Data Portability override with a user name', { endpoints: { dataPortability: 'https://u@dp.example.com' } }, 'endpoints.dataPortability'],
		['a malformed redirect URI', { redirectUri: 'not a url' }, 'redirectUri'],
		['a missing redirect URI', { redirectUri: undefined }, 'redirectUri'],
		['an http redirect URI that is not loopback', { redirectUri: 'http://example.com/cb' }, 'redirectUri'],
		['a loopback redirect URI without a port', { redirectUri: 'http://127.0.0.1/cb' }, 'redirectUri'],
		['a redirect URI with a fragment', { redirectUri: 'https://example.com/cb#x' }, 'redirectUri'],
		['a custom-scheme redirect URI', { redirectUri: 'vscode://lwa-tools.lwa-credentials/callback' }, 'redirectUri'],
		['a non-https endpoint override', { endpoints: { token: 'http://gateway.example.com/token' } }, 'endpoints.token'],
		['a malformed endpoint override', { endpoints: { authorization: 'nope' } }, 'endpoints.authorization'],
		['an unknown endpoint', { endpoints: { revoke: 'https://example.com' } }, 'endpoints.revoke'],
		['endpoints that are not an object', { endpoints: 'https://example.com' }, 'endpoints'],
		['a pkce that is not a boolean', { pkce: 'yes' }, 'pkce'],
		['malformed scope data', { scopeData: { profile: true } }, 'scopeData'],
		['an unknown field', { clientSecret: 'do-not-put-here' }, 'clientSecret'],
		['an empty name', { name: '' }, 'name'],
		['a name with a line break (a forged log line)', { name: 'dev\n[error] forged' }, 'name'],
		['a name with a NUL character', { name: 'dev\u0000x' }, 'name'],
		['a name with a text-direction override', { name: 'dev\u202egnp.exe' }, 'name'],
		['a name with a line separator', { name: 'dev\u2028x' }, 'name'],
		['a name over 64 characters', { name: 'n'.repeat(65) }, 'name'],
		['a client id with a NUL character', { clientId: 'amzn1.application-oa2-client.\u0000' }, 'clientId'],
		['a client id with non-ASCII letters', { clientId: 'amzn1.application-oa2-client.é' }, 'clientId'],
	];
	for (const [what, change, field] of bad) {
		it(`reports ${what} as a problem naming "${field}" and skips the profile`, () => {
			const { profiles, problems } = parseProfiles([{ ...good, ...change }]);
			assert.equal(profiles.length, 0);
			const problem = problems.find((entry) => entry.field === field);
			assert.ok(problem, `no problem for ${field}: ${JSON.stringify(problems)}`);
			assert.ok(problem.message.includes(`"${field}"`), problem.message);
			assert.equal(problem.index, 0);
		});
	}

	it('gives each problem its kind and, for a length, the limit, so the VS Code layer can word it', () => {
		const kindOf = (change: Record<string, unknown>) => parseProfiles([{ ...good, ...change }]).problems.map(({ field, kind, limit }) => ({ field, kind, limit }));
		assert.deepEqual(kindOf({ name: 'n'.repeat(65) }), [{ field: 'name', kind: 'name_too_long', limit: 64 }]);
		assert.deepEqual(kindOf({ clientId: 'c'.repeat(101) }), [{ field: 'clientId', kind: 'client_id_too_long', limit: 100 }]);
		assert.deepEqual(kindOf({ redirectUri: 'http://127.0.0.1/cb' }), [{ field: 'redirectUri', kind: 'redirect_uri_loopback_without_port', limit: undefined }]);
		assert.deepEqual(kindOf({ endpoints: { token: 'https://u:p@example.com/t' } }), [{ field: 'endpoints.token', kind: 'endpoint_userinfo', limit: undefined }]);
		assert.deepEqual(kindOf({ grant: 'client_credentials', scopes: [] }), [{ field: 'scopes', kind: 'scopes_required_for_client_credentials', limit: undefined }]);
		assert.deepEqual(kindOf({ 'odd\nkey': 1 }).map(({ kind }) => kind), ['unknown_field']);
		assert.ok(!parseProfiles([{ ...good, 'odd\nkey': 1 }]).problems[0].message.includes('\n'), 'the log text escapes a line break in an unknown key');
	});

	it('never repeats a refused name in a problem, so a line break in it cannot reach the log', () => {
		const { problems } = parseProfiles([{ ...good, name: 'dev\n[error] forged' }]);
		assert.ok(problems.length > 0);
		for (const problem of problems) {
			assert.equal(problem.name, undefined);
			assert.ok(!problem.message.includes('forged'), problem.message);
		}
	});

	it('never repeats a secret typed into the wrong field', () => {
		const { problems } = parseProfiles([{ ...good, clientSecret: 'SENTINEL-secret' }]);
		assert.ok(problems.every((problem) => !problem.message.includes('SENTINEL')));
	});

	it('reports the later of two profiles with the same name and keeps the first', () => {
		const { profiles, problems } = parseProfiles([good, { ...good, region: 'NA' }]);
		assert.equal(profiles.length, 1);
		assert.equal(profiles[0].region, 'EU');
		assert.deepEqual(problems.map((problem) => [problem.index, problem.field, problem.name]), [[1, 'name', 'adp']]);
	});

	it('keeps good profiles next to bad ones and reports entries that are not objects', () => {
		const { profiles, problems } = parseProfiles([42, good]);
		assert.equal(profiles.length, 1);
		assert.equal(problems[0].index, 0);
		assert.equal(problems[0].field, 'profile');
	});

	it('accepts a missing setting and reports a setting that is not an array', () => {
		assert.deepEqual(parseProfiles(undefined), { profiles: [], problems: [] });
		assert.equal(parseProfiles({ name: 'x' }).problems[0].field, 'lwa.profiles');
	});
});

describe('validateProfile', () => {
	it('refuses a name that already exists', () => {
		const { profile, problems } = validateProfile(good, ['adp']);
		assert.equal(profile, undefined);
		assert.equal(problems[0].field, 'name');
	});

	it('returns the profile when it is valid', () => {
		assert.equal(validateProfile(good, ['other']).profile?.name, 'adp');
	});
});

describe('redirect ways', () => {
	it('uses loopback for 127.0.0.1, localhost and [::1] with a port, relay for https elsewhere', () => {
		assert.deepEqual(loopbackTarget('http://127.0.0.1:53682/lwa/callback'), { hostname: '127.0.0.1', port: 53682, path: '/lwa/callback' });
		assert.deepEqual(loopbackTarget('http://[::1]:9090/cb'), { hostname: '::1', port: 9090, path: '/cb' });
		// The listener speaks plain http: an https loopback URI goes the relay or paste way.
		assert.equal(loopbackTarget('https://localhost:8443/cb'), undefined);
		assert.equal(redirectWay('https://127.0.0.1:8443/cb'), 'relay');
		assert.equal(redirectWay('http://localhost:3000/authresponse'), 'loopback');
		assert.equal(redirectWay('https://relay.example.com/lwa/'), 'relay');
		assert.equal(loopbackTarget('https://relay.example.com/lwa/'), undefined);
		assert.equal(loopbackTarget('not a url'), undefined);
		assert.equal(loopbackTarget('ftp://127.0.0.1/x'), undefined);
	});
});

describe('error catalogue', () => {
	it('gives every code a log summary as its message and the catalogue\'s retry flag, and carries reason and facts as data', () => {
		assert.equal(LWA_ERROR_CODES.length, 31);
		for (const code of LWA_ERROR_CODES) {
			const error = new LwaError(code);
			assert.ok(error.message.length > 10, code);
			assert.equal(error.retryable, isRetryableCode(code));
			assert.equal(error.reason, undefined);
			assert.deepEqual({ ...error.facts }, {});
		}
		assert.equal(isRetryableCode('server_error'), true);
		assert.equal(isRetryableCode('invalid_grant'), false);
		const withData = new LwaError('port_in_use', { reason: 'address_in_use', facts: { port: 53682, address: '127.0.0.1' } });
		assert.equal(withData.message, 'The loopback redirect port could not be used. (address_in_use)');
		assert.deepEqual({ ...withData.facts }, { port: 53682, address: '127.0.0.1' });
		assert.ok(Object.isFrozen(withData.facts));
	});

	it('keeps the cause off enumerable properties and out of JSON, and tells LwaErrors by code', () => {
		const error = new LwaError('network', { cause: new Error('secret detail'), status: 502, requestSent: false });
		assert.ok(!Object.keys(error).includes('cause'));
		assert.ok(!JSON.stringify(error).includes('secret detail'));
		assert.equal((error as { cause?: unknown }).cause instanceof Error, true);
		assert.equal(isLwaError(error, 'timeout'), false);
		assert.equal(isLwaError('network'), false);
	});
});

describe('LwaError across bundles', () => {
	it('recognises an LwaError made by another copy of the errors module, as the lazily loaded HTTP bundle has', () => {
		const modulePath = require.resolve('../../../src/core/lwa/errors');
		const cached = require.cache[modulePath];
		delete require.cache[modulePath];
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const otherCopy = require(modulePath) as typeof ErrorsModule;
			assert.notStrictEqual(otherCopy.LwaError, LwaError, 'a second copy of the class was loaded');
			const foreign = new otherCopy.LwaError('network', { requestSent: false });
			assert.ok(foreign instanceof LwaError);
			assert.ok(isLwaError(foreign, 'network'));
			assert.strictEqual(foreign.message, new LwaError('network').message);
			assert.ok(!(new Error('plain') instanceof LwaError));
			assert.ok(!({ code: 'network', name: 'LwaError' } instanceof LwaError), 'look-alike objects are not LwaErrors');
		} finally {
			require.cache[modulePath] = cached;
		}
	});
});
