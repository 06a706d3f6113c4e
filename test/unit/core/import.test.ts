import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { ImportFileReader } from '../../../src/core/import/askCliConfig';
import { ASK_CLI_DEFAULT_SCOPES, parseAskCliConfig, readAskCliConfig } from '../../../src/core/import/askCliConfig';
import {
	describeCandidateContents, ImportSourceError, MAX_IMPORT_FILE_BYTES, maskSecret, sanitizeProfileName, uniqueProfileName,
} from '../../../src/core/import/candidate';
import type { ImportProblemFacts, ImportSourceProblem } from '../../../src/core/import/candidate';
import { candidatesFromEnvironment } from '../../../src/core/import/environment';
import { PENDING_REFRESH_ACCESS_TOKEN, planImport } from '../../../src/core/import/plan';
import { parseCredential, serializeCredential } from '../../../src/core/credentials/model';
import { validateProfile } from '../../../src/core/profiles';

const PATH = '/home/dev/.ask/cli_config';
const ACCESS = 'Atza|IwEBIAccessTokenValueThatIsLongEnough0a1b';
const REFRESH = 'Atzr|IwEBIRefreshTokenValueThatIsLongEnough9f3c';
const now = Date.UTC(2025, 5, 1, 12);

function config(profiles: unknown): string {
	return JSON.stringify({ profiles });
}

function askProfile(token: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		aws_profile: 'default',
		vendor_id: 'M1ABCDEF',
		token: { access_token: ACCESS, refresh_token: REFRESH, token_type: 'bearer', expires_in: 3600, expires_at: '2025-06-01T12:30:00.000Z', ...token },
		...extra,
	};
}

function refusal(text: string, environment: Record<string, string> = {}): ImportSourceError {
	try {
		parseAskCliConfig(text, PATH, environment);
	} catch (error) {
		assert.ok(error instanceof ImportSourceError, 'the refusal is an ImportSourceError');
		return error;
	}
	assert.fail('the config was accepted');
}

function fakeReader(files: Record<string, string | { size: number; isFile?: boolean } | 'unreadable'>): ImportFileReader {
	return {
		stat: async (path) => {
			const file = files[path];
			if (file === undefined) {
				return undefined;
			}
			if (file === 'unreadable') {
				throw new Error('EACCES');
			}
			return typeof file === 'string' ? { size: Buffer.byteLength(file), isFile: true } : { size: file.size, isFile: file.isFile ?? true };
		},
		readText: async (path) => {
			const file = files[path];
			if (typeof file !== 'string') {
				throw new Error('read must not be called for this file');
			}
			return file;
		},
	};
}

describe('parseAskCliConfig', () => {
	it('offers one candidate per ASK CLI profile with its tokens, expiry and the ASK CLI defaults', () => {
		const { candidates, skipped } = parseAskCliConfig(config({ default: askProfile(), work: askProfile({ access_token: undefined }) }), PATH, {});
		assert.deepEqual(skipped, []);
		assert.equal(candidates.length, 2);
		const [first, second] = candidates;
		assert.equal(first.id, 'ask-cli:default');
		assert.equal(first.source, 'ask-cli');
		assert.equal(first.suggestedName, 'ask-default');
		assert.equal(first.accessToken, ACCESS);
		assert.equal(first.refreshToken, REFRESH);
		assert.equal(first.accessTokenExpiresAt, Date.UTC(2025, 5, 1, 12, 30));
		assert.deepEqual(first.scopes, [...ASK_CLI_DEFAULT_SCOPES]);
		assert.equal(first.region, 'NA');
		assert.equal(second.accessToken, undefined);
		assert.equal(second.refreshToken, REFRESH);
	});

	it('says that tokens belong to the ASK CLI\'s own client when no custom client is configured', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile() }), PATH, {}).candidates;
		assert.equal(candidate.issuedForAskCliClient, true);
		assert.equal(candidate.clientId, undefined);
		assert.ok(candidate.notes.some((note) => note.includes('ASK CLI\'s own client')));
	});

	it('takes a custom client from ASK_LWA_CLIENT_ID and ASK_LWA_CLIENT_CONFIRMATION', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile() }), PATH, {
			ASK_LWA_CLIENT_ID: 'amzn1.application-oa2-client.custom',
			ASK_LWA_CLIENT_CONFIRMATION: 'custom-secret',
		}).candidates;
		assert.equal(candidate.issuedForAskCliClient, false);
		assert.equal(candidate.clientId, 'amzn1.application-oa2-client.custom');
		assert.equal(candidate.clientSecret, 'custom-secret');
	});

	it('prefers a client id and secret kept in the profile over the environment', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile({}, { client_id: 'amzn1.application-oa2-client.inprofile', client_confirmation: 'profile-secret' }) }), PATH, {
			ASK_LWA_CLIENT_ID: 'amzn1.application-oa2-client.env',
		}).candidates;
		assert.equal(candidate.clientId, 'amzn1.application-oa2-client.inprofile');
		assert.equal(candidate.clientSecret, 'profile-secret');
	});

	it('turns ASK_LWA_TOKEN_HOST and ASK_LWA_AUTHORIZE_HOST into endpoint overrides', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile() }), PATH, {
			ASK_LWA_TOKEN_HOST: 'http://127.0.0.1:4011',
			ASK_LWA_AUTHORIZE_HOST: 'https://auth.example.com/',
		}).candidates;
		assert.deepEqual(candidate.endpoints, { token: 'http://127.0.0.1:4011/auth/o2/token', authorization: 'https://auth.example.com/ap/oa' });
	});

	it('skips profiles without tokens and says why', () => {
		const { candidates, skipped } = parseAskCliConfig(config({
			empty: { aws_profile: 'x' },
			nullToken: { token: null },
			noValues: { token: { token_type: 'bearer' } },
			__ENVIRONMENT_ASK_PROFILE__: {},
		}), PATH, {});
		assert.equal(candidates.length, 0);
		assert.equal(skipped.length, 4);
		assert.ok(skipped[0].reason.includes('no access or refresh token'));
		assert.ok(skipped[0].sourceLabel.includes(PATH));
	});

	it('counts an access token without a known expiry as expired', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile({ expires_at: undefined }) }), PATH, {}).candidates;
		assert.equal(candidate.accessTokenExpiresAt, 0);
	});

	it('reads expires_at given as epoch seconds or milliseconds', () => {
		const seconds = parseAskCliConfig(config({ a: askProfile({ expires_at: 1_750_000_000 }) }), PATH, {}).candidates[0];
		const millis = parseAskCliConfig(config({ a: askProfile({ expires_at: 1_750_000_000_000 }) }), PATH, {}).candidates[0];
		assert.equal(seconds.accessTokenExpiresAt, 1_750_000_000_000);
		assert.equal(millis.accessTokenExpiresAt, 1_750_000_000_000);
	});

	it('accepts a byte order mark', () => {
		assert.equal(parseAskCliConfig(`\uFEFF${config({ default: askProfile() })}`, PATH, {}).candidates.length, 1);
	});

	/** What a refusal carries: the problem and its facts. */
	type Expected = { problem: ImportSourceProblem } & ImportProblemFacts;
	const malformed: [string, string, Expected][] = [
		['empty text', '', { problem: 'empty' }],
		['only spaces', '   \n', { problem: 'empty' }],
		['bad JSON', '{"profiles": {', { problem: 'not_json' }],
		['JSON with a trailing comma', '{"profiles": {},}', { problem: 'not_json' }],
		['a JSON array', '[]', { problem: 'not_an_object', found: 'array' }],
		['a JSON string', '"profiles"', { problem: 'not_an_object', found: 'string' }],
		['JSON null', 'null', { problem: 'not_an_object', found: 'null' }],
		['no profiles', '{}', { problem: 'no_profiles' }],
		['profiles as an array', '{"profiles": []}', { problem: 'profiles_not_an_object', found: 'array' }],
		['profiles as a string', '{"profiles": "default"}', { problem: 'profiles_not_an_object', found: 'string' }],
		['a profile that is a number', config({ default: 5 }), { problem: 'wrong_type', field: 'profiles["default"]', found: 'number', expected: 'object' }],
		['a profile that is null', config({ default: null }), { problem: 'wrong_type', field: 'profiles["default"]', found: 'null', expected: 'object' }],
		['a token that is a string', config({ default: { token: 'Atza|x' } }), { problem: 'wrong_type', field: 'profiles["default"].token', found: 'string', expected: 'object' }],
		['a token that is an array', config({ default: { token: [] } }), { problem: 'wrong_type', field: 'profiles["default"].token', found: 'array', expected: 'object' }],
		['an access token that is a number', config({ default: askProfile({ access_token: 42 }) }), { problem: 'wrong_type', field: 'profiles["default"].token.access_token', found: 'number', expected: 'text' }],
		['a refresh token that is an object', config({ default: askProfile({ refresh_token: {} }) }), { problem: 'wrong_type', field: 'profiles["default"].token.refresh_token', found: 'object', expected: 'text' }],
		['a refresh token with a space', config({ default: askProfile({ refresh_token: 'Atzr|a b' }) }), { problem: 'value_with_spaces', field: 'profiles["default"].token.refresh_token' }],
		['a refresh token with a newline', config({ default: askProfile({ refresh_token: 'Atzr|a\nb' }) }), { problem: 'value_with_spaces', field: 'profiles["default"].token.refresh_token' }],
		['a huge refresh token', config({ default: askProfile({ refresh_token: `Atzr|${'x'.repeat(5000)}` }) }), { problem: 'value_too_long', field: 'profiles["default"].token.refresh_token', limit: 4096 }],
		['a token type that is not bearer', config({ default: askProfile({ token_type: 'mac' }) }), { problem: 'token_type_not_bearer', field: 'profiles["default"].token.token_type' }],
		['a token type that is a number', config({ default: askProfile({ token_type: 1 }) }), { problem: 'wrong_type', field: 'profiles["default"].token.token_type', found: 'number', expected: 'text' }],
		['expires_in as text', config({ default: askProfile({ expires_in: '3600' }) }), { problem: 'wrong_type', field: 'profiles["default"].token.expires_in', found: 'string', expected: 'number' }],
		['expires_at that is not a date', config({ default: askProfile({ expires_at: 'tomorrow' }) }), { problem: 'not_a_date', field: 'profiles["default"].token.expires_at' }],
		['expires_at that is negative', config({ default: askProfile({ expires_at: -1 }) }), { problem: 'not_a_date', field: 'profiles["default"].token.expires_at' }],
		['expires_at that is a boolean', config({ default: askProfile({ expires_at: true }) }), { problem: 'not_a_date', field: 'profiles["default"].token.expires_at' }],
		['vendor_id that is a number', config({ default: askProfile({}, { vendor_id: 7 }) }), { problem: 'wrong_type', field: 'profiles["default"].vendor_id', found: 'number', expected: 'text' }],
		['a client id that is a number', config({ default: askProfile({}, { client_id: 7 }) }), { problem: 'wrong_type', field: 'profiles["default"].client_id', found: 'number', expected: 'text' }],
		['a client secret with spaces', config({ default: askProfile({}, { client_confirmation: 'a secret' }) }), { problem: 'value_with_spaces', field: 'profiles["default"].client_confirmation' }],
		['an empty profile name', config({ '': askProfile() }), { problem: 'empty_profile_name' }],
	];
	for (const [what, text, expected] of malformed) {
		it(`refuses the whole file for ${what}, naming the file, the problem and the field`, () => {
			const error = refusal(text);
			assert.deepEqual(error.origin, { file: PATH });
			assert.deepEqual({ problem: error.problem, ...error.facts }, expected);
			assert.ok(error.message.startsWith(`Nothing was imported: the ASK CLI config ${PATH}`), 'the log text names the file and says nothing changed');
		});
	}

	it('never puts a token or secret into its error message', () => {
		const secretLooking = 'Atzr|SECRET-VALUE-THAT-MUST-NOT-LEAK';
		for (const text of [
			config({ default: askProfile({ refresh_token: `${secretLooking} x` }) }),
			config({ default: askProfile({ token_type: secretLooking }) }),
			config({ default: askProfile({ expires_at: secretLooking }) }),
			config({ default: askProfile({}, { client_confirmation: `${secretLooking} y` }) }),
			`{"profiles": {"default": {"token": {"refresh_token": "${secretLooking}"}}`,
		]) {
			const error = refusal(text);
			assert.ok(!`${error.message} ${JSON.stringify(error.facts)}`.includes('SECRET-VALUE'), `no value in: ${error.message}`);
		}
	});

	it('refuses a bad ASK_LWA_TOKEN_HOST naming the variable', () => {
		const error = refusal(config({ default: askProfile() }), { ASK_LWA_TOKEN_HOST: 'not a url' });
		assert.deepEqual([error.origin, error.problem], [{ variable: 'ASK_LWA_TOKEN_HOST' }, 'not_a_url']);
	});

	it('never throws anything but an ImportSourceError, whatever the text', () => {
		fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify({ profiles: value }))), (text) => {
			try {
				parseAskCliConfig(text, PATH, {});
			} catch (error) {
				return error instanceof ImportSourceError && 'file' in error.origin && error.origin.file === PATH;
			}
			return true;
		}), { numRuns: 300 });
	});
});

describe('readAskCliConfig', () => {
	it('reports a missing file as missing, not as an error', async () => {
		assert.deepEqual(await readAskCliConfig(PATH, fakeReader({}), {}), { kind: 'missing' });
	});

	it('reads and parses a file that is there', async () => {
		const result = await readAskCliConfig(PATH, fakeReader({ [PATH]: config({ default: askProfile() }) }), {});
		assert.equal(result.kind, 'found');
		assert.equal(result.kind === 'found' ? result.candidates.length : -1, 1);
	});

	it('refuses a file over 1 MiB without reading it', async () => {
		await assert.rejects(readAskCliConfig(PATH, fakeReader({ [PATH]: { size: MAX_IMPORT_FILE_BYTES + 1 } }), {}), (error: Error) =>
			error instanceof ImportSourceError && error.problem === 'too_large' && error.facts.size === MAX_IMPORT_FILE_BYTES + 1 && error.facts.limit === MAX_IMPORT_FILE_BYTES);
	});

	it('refuses text over 1 MiB even when the size looked small', () => {
		const error = refusal(`{"profiles": {}, "padding": "${'x'.repeat(MAX_IMPORT_FILE_BYTES)}"}`);
		assert.deepEqual([error.problem, error.facts.limit], ['too_large', MAX_IMPORT_FILE_BYTES]);
	});

	it('refuses a folder at the path', async () => {
		await assert.rejects(readAskCliConfig(PATH, fakeReader({ [PATH]: { size: 64, isFile: false } }), {}), (error: Error) => error instanceof ImportSourceError && error.problem === 'not_a_file');
	});

	it('refuses an unreadable file naming it', async () => {
		await assert.rejects(readAskCliConfig(PATH, fakeReader({ [PATH]: 'unreadable' }), {}), (error: Error) =>
			error instanceof ImportSourceError && error.message.includes(PATH) && error.problem === 'unreadable');
	});

	it('refuses a file whose reading fails after the size check', async () => {
		const reader: ImportFileReader = { stat: async () => ({ size: 10, isFile: true }), readText: async () => { throw new Error('EIO'); } };
		await assert.rejects(readAskCliConfig(PATH, reader, {}), (error: Error) => error instanceof ImportSourceError && error.problem === 'unreadable');
	});
});

describe('candidatesFromEnvironment', () => {
	it('offers the LWA_* variables as one candidate', () => {
		const { candidates, skipped } = candidatesFromEnvironment({ LWA_CLIENT_ID: 'amzn1.application-oa2-client.env', LWA_CLIENT_SECRET: 's3cret', LWA_REFRESH_TOKEN: REFRESH, PATH: '/usr/bin' });
		assert.deepEqual(skipped, []);
		assert.equal(candidates.length, 1);
		assert.equal(candidates[0].id, 'env:lwa');
		assert.equal(candidates[0].clientId, 'amzn1.application-oa2-client.env');
		assert.equal(candidates[0].clientSecret, 's3cret');
		assert.equal(candidates[0].refreshToken, REFRESH);
		assert.equal(candidates[0].accessToken, undefined);
		assert.equal(candidates[0].scopes, undefined, 'scopes are asked for');
		assert.equal(candidates[0].region, undefined, 'the region is asked for');
	});

	it('offers the Selling Partner API variables as their own candidate', () => {
		const { candidates } = candidatesFromEnvironment({
			SELLING_PARTNER_APP_CLIENT_ID: 'amzn1.application-oa2-client.sp',
			SELLING_PARTNER_APP_CLIENT_SECRET: 'sp-secret',
			SELLING_PARTNER_REFRESH_TOKEN: REFRESH,
			LWA_CLIENT_ID: 'amzn1.application-oa2-client.lwa',
		});
		assert.deepEqual(candidates.map((candidate) => candidate.id), ['env:lwa', 'env:sp-api']);
		assert.equal(candidates[1].suggestedName, 'sp-api');
		assert.equal(candidates[1].clientSecret, 'sp-secret');
	});

	it('offers the ASK CLI token variables with the ASK CLI client note', () => {
		const { candidates } = candidatesFromEnvironment({ ASK_REFRESH_TOKEN: REFRESH, ASK_ACCESS_TOKEN: ACCESS });
		assert.equal(candidates[0].id, 'env:ask-cli');
		assert.equal(candidates[0].issuedForAskCliClient, true);
		assert.equal(candidates[0].accessTokenExpiresAt, 0, 'an access token of unknown age counts as expired');
		assert.ok(candidates[0].notes.some((note) => note.includes('ASK CLI\'s own client')));
	});

	it('offers nothing when no variable is set or all are empty', () => {
		assert.deepEqual(candidatesFromEnvironment({}), { candidates: [], skipped: [] });
		assert.deepEqual(candidatesFromEnvironment({ LWA_CLIENT_ID: '  ', LWA_REFRESH_TOKEN: '' }), { candidates: [], skipped: [] });
	});

	it('skips a set with a malformed value, naming the variable but not the value', () => {
		const { candidates, skipped } = candidatesFromEnvironment({ LWA_CLIENT_ID: 'amzn1.application-oa2-client.x', LWA_REFRESH_TOKEN: 'Atzr|with space SECRETPART' });
		assert.equal(candidates.length, 0);
		assert.equal(skipped.length, 1);
		assert.match(skipped[0].reason, /LWA_REFRESH_TOKEN has spaces/);
		assert.ok(!skipped[0].reason.includes('SECRETPART'));
	});

	it('skips a lone client secret, which cannot make a profile', () => {
		const { candidates, skipped } = candidatesFromEnvironment({ LWA_CLIENT_SECRET: 'alone' });
		assert.equal(candidates.length, 0);
		assert.match(skipped[0].reason, /neither LWA_CLIENT_ID nor LWA_REFRESH_TOKEN/);
	});

	it('skips an oversized value', () => {
		const { skipped } = candidatesFromEnvironment({ LWA_REFRESH_TOKEN: 'x'.repeat(5000) });
		assert.match(skipped[0].reason, /longer than 4096/);
	});
});

describe('maskSecret', () => {
	it('shows the Atzr| prefix and the last 4 characters of a long token', () => {
		assert.equal(maskSecret('Atzr|IwEBIAbcdefghijklmnopqrstuvwx9f3c'), 'Atzr|…9f3c');
	});

	it('shows nothing of a short value', () => {
		assert.equal(maskSecret('short'), '…');
		assert.equal(maskSecret('Atza|short'), 'Atza|…');
	});

	it('never shows more than 4 characters after the prefix', () => {
		fc.assert(fc.property(fc.string({ minLength: 0, maxLength: 300 }), (value) => {
			const masked = maskSecret(value);
			const shown = masked.replace(/^Atz[a-z]\|/, '').replace('…', '');
			return shown.length <= 4 && (shown === '' || value.endsWith(shown));
		}));
	});
});

describe('describeCandidateContents', () => {
	it('lists what would be stored with masked tokens and no secret', () => {
		const [candidate] = candidatesFromEnvironment({ LWA_CLIENT_ID: 'amzn1.application-oa2-client.env', LWA_CLIENT_SECRET: 'client-secret-value', LWA_REFRESH_TOKEN: REFRESH }).candidates;
		const text = describeCandidateContents(candidate, now);
		assert.equal(text, 'client id amzn1.application-oa2-client.env · client secret present · refresh token Atzr|…9f3c');
		assert.ok(!text.includes('client-secret-value'));
	});

	it('says whether the access token is still valid', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile() }), PATH, {}).candidates;
		assert.match(describeCandidateContents(candidate, now), /access token Atza\|…0a1b \(valid\)/);
		assert.match(describeCandidateContents(candidate, Date.UTC(2026, 0, 1)), /\(expired\)/);
		assert.match(describeCandidateContents(candidate, now), /no client id \(you will be asked\)/);
	});
});

describe('profile names', () => {
	it('makes names from free text', () => {
		assert.equal(sanitizeProfileName('ask-my profile!'), 'ask-my-profile');
		assert.equal(sanitizeProfileName('  '), 'imported');
		assert.equal(sanitizeProfileName('x'.repeat(100)).length, 64);
	});

	it('finds the first free name on a collision', () => {
		assert.equal(uniqueProfileName('ask-default', []), 'ask-default');
		assert.equal(uniqueProfileName('ask-default', ['ask-default', 'ask-default-2']), 'ask-default-3');
	});
});

describe('planImport', () => {
	const answers = { name: 'imported', region: 'EU' as const, clientId: 'amzn1.application-oa2-client.env', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback' };

	it('puts only non-secret fields into the profile, and the profile validates', () => {
		const [candidate] = candidatesFromEnvironment({ LWA_CLIENT_ID: answers.clientId, LWA_CLIENT_SECRET: 'client-secret', LWA_REFRESH_TOKEN: REFRESH }).candidates;
		const write = planImport(candidate, answers, now);
		assert.deepEqual(write.rawProfile, { name: 'imported', region: 'EU', clientId: answers.clientId, scopes: ['profile'], redirectUri: answers.redirectUri });
		assert.ok(!JSON.stringify(write.rawProfile).includes('Atzr|'), 'no token in the profile');
		assert.ok(!JSON.stringify(write.rawProfile).includes('client-secret'), 'no secret in the profile');
		assert.deepEqual(validateProfile(write.rawProfile).problems, []);
		assert.equal(write.clientSecret, 'client-secret');
	});

	it('stores a refresh token without an access token as an expired credential, so the first use refreshes it', () => {
		const [candidate] = candidatesFromEnvironment({ LWA_CLIENT_ID: answers.clientId, LWA_REFRESH_TOKEN: REFRESH }).candidates;
		const { credential } = planImport(candidate, answers, now);
		assert.ok(credential);
		assert.equal(credential.refreshToken, REFRESH);
		assert.equal(credential.accessToken, PENDING_REFRESH_ACCESS_TOKEN);
		assert.equal(credential.expiresAt, 0);
		assert.equal(credential.profile, 'imported');
		assert.deepEqual(parseCredential(serializeCredential(credential)), credential, 'the stored form reads back');
	});

	it('keeps an ASK CLI access token with its expiry and merges endpoint overrides', () => {
		const [candidate] = parseAskCliConfig(config({ default: askProfile() }), PATH, { ASK_LWA_TOKEN_HOST: 'http://127.0.0.1:4011' }).candidates;
		const write = planImport(candidate, { ...answers, endpoints: { tokeninfo: 'http://127.0.0.1:4011/auth/o2/tokeninfo' } }, now);
		assert.equal(write.credential?.accessToken, ACCESS);
		assert.equal(write.credential?.expiresAt, Date.UTC(2025, 5, 1, 12, 30));
		assert.deepEqual(write.rawProfile.endpoints, { token: 'http://127.0.0.1:4011/auth/o2/token', tokeninfo: 'http://127.0.0.1:4011/auth/o2/tokeninfo' });
	});

	it('writes no credential when the candidate has no token', () => {
		const [candidate] = candidatesFromEnvironment({ LWA_CLIENT_ID: answers.clientId, LWA_CLIENT_SECRET: 'x' }).candidates;
		const write = planImport(candidate, answers, now);
		assert.equal(write.credential, undefined);
		assert.equal(write.clientSecret, 'x');
	});
});
