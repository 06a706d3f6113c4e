// lwa.importCredentials in the real extension host: credentials from a temporary ASK CLI config and
// from environment-style variables land in the secret storage (proved by refreshing them against
// the emulator), the profiles in lwa.profiles hold no secret, malformed input changes nothing, the
// source file is never written, and no secret reaches the log or a notice.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createAuthorizationRequest } from '../../src/core/lwa/authorize';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { ImportResult } from '../../src/vscode/import/credentialImporter';
import {
	assertAccessTokenShape, extensionApi, followAuthorization, noticesSince, removeProfiles,
	setProfiles, startEmulator, uniqueClientId,
} from './support/lwaTestKit';

const REDIRECT_URI = 'http://127.0.0.1:9/import/cb';

/** A client registered on the emulator and a refresh token it issued, obtained as a CLI would. */
async function issuedTokens(emulator: LwaEmulator, label: string): Promise<{ clientId: string; clientSecret: string; refreshToken: string; accessToken: string }> {
	const clientId = uniqueClientId(label);
	const clientSecret = `import-secret-${Math.random().toString(36).slice(2)}`;
	emulator.registerClient({ clientId, clientSecret, redirectUris: [REDIRECT_URI] });
	const request = createAuthorizationRequest({ authorizationEndpoint: emulator.endpoints.authorization, clientId, scopes: ['profile'], redirectUri: REDIRECT_URI, pkce: true });
	const redirect = await followAuthorization(request.url);
	const code = redirect.searchParams.get('code');
	assert.ok(code, 'the emulator issued a code');
	const response = await fetch(emulator.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: clientId, client_secret: clientSecret, code_verifier: request.codeVerifier ?? '',
		}).toString(),
	});
	assert.equal(response.status, 200, 'the code exchange worked');
	const body = await response.json() as { refresh_token?: string; access_token?: string };
	assert.ok(body.refresh_token && body.access_token, 'the emulator issued both tokens');
	return { clientId, clientSecret, refreshToken: body.refresh_token, accessToken: body.access_token };
}

function profilesSetting(): unknown[] {
	return vscode.workspace.getConfiguration('lwa').inspect<unknown[]>('profiles')?.globalValue ?? [];
}

function importCredentials(arg: Record<string, unknown>): Thenable<ImportResult | undefined> {
	return vscode.commands.executeCommand<ImportResult | undefined>('lwa.importCredentials', arg);
}

suite('Import credentials', () => {
	let emulator: LwaEmulator;
	let folder: string;
	const secrets: string[] = [];
	const names = ['ask-dev', 'env-lwa', 'env-lwa-2', 'sp-api'];

	suiteSetup(async () => {
		emulator = await startEmulator();
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-import-'));
		await setProfiles([]);
	});

	suiteTeardown(async () => {
		await removeProfiles(names);
		await emulator?.close();
		fs.rmSync(folder, { recursive: true, force: true });
	});

	test('an ASK CLI profile with a custom client is imported, and its refresh token works against the emulator', async () => {
		const { testing } = await extensionApi();
		const tokens = await issuedTokens(emulator, 'askcli');
		secrets.push(tokens.clientSecret, tokens.refreshToken, tokens.accessToken);
		const configPath = path.join(folder, 'cli_config');
		const text = JSON.stringify({
			profiles: {
				dev: {
					aws_profile: 'default',
					vendor_id: 'M1TESTVENDOR',
					token: { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: 'bearer', expires_in: 3600, expires_at: '2020-01-01T00:00:00.000Z' },
				},
			},
		}, null, 2);
		fs.writeFileSync(configPath, text, { mode: 0o600 });
		const before = fs.statSync(configPath).mtimeMs;
		emulator.resetStats();

		const result = await importCredentials({
			askConfigPath: configPath,
			environment: { ASK_LWA_CLIENT_ID: tokens.clientId, ASK_LWA_CLIENT_CONFIRMATION: tokens.clientSecret, ASK_LWA_TOKEN_HOST: emulator.url, ASK_LWA_AUTHORIZE_HOST: emulator.url },
			accept: ['ask-cli:dev'],
		});
		assert.deepEqual(result?.imported, [{ id: 'ask-cli:dev', profile: 'ask-dev', replaced: false, hasAccessToken: true, hasRefreshToken: true, hasClientSecret: true }]);
		assert.ok(await testing.hasCredential('ask-dev'), 'the tokens are in the secret storage');

		const entry = profilesSetting().find((profile) => (profile as { name?: string }).name === 'ask-dev') as Record<string, unknown>;
		assert.equal(entry.clientId, tokens.clientId);
		assert.equal(entry.region, 'NA');
		assert.equal(entry.redirectUri, 'http://127.0.0.1:9090/cb', 'the ASK CLI\'s redirect URI is the default');
		assert.deepEqual(entry.endpoints, { authorization: `${emulator.url}/ap/oa`, token: `${emulator.url}/auth/o2/token` });
		for (const secret of [tokens.clientSecret, tokens.refreshToken, tokens.accessToken]) {
			assert.ok(!JSON.stringify(profilesSetting()).includes(secret), 'no secret in lwa.profiles');
		}

		// The imported access token had expired, so the first use refreshes with the imported refresh token.
		const token = await testing.accessToken('ask-dev');
		secrets.push(token);
		assert.notEqual(token, tokens.accessToken);
		assert.equal(emulator.stats.byGrant.refresh_token, 1, 'one refresh against the emulator');
		assert.equal(fs.readFileSync(configPath, 'utf8'), text, 'the cli_config is unchanged');
		assert.equal(fs.statSync(configPath).mtimeMs, before, 'the cli_config was not written');
	});

	test('LWA_* and SELLING_PARTNER_* variables are imported; a refresh token without an access token refreshes on first use', async () => {
		const { testing } = await extensionApi();
		const lwa = await issuedTokens(emulator, 'envlwa');
		const sp = await issuedTokens(emulator, 'envsp');
		secrets.push(lwa.clientSecret, lwa.refreshToken, sp.clientSecret, sp.refreshToken);
		emulator.resetStats();

		const result = await importCredentials({
			askConfigPath: path.join(folder, 'missing', 'cli_config'),
			environment: {
				LWA_CLIENT_ID: lwa.clientId, LWA_CLIENT_SECRET: lwa.clientSecret, LWA_REFRESH_TOKEN: lwa.refreshToken,
				SELLING_PARTNER_APP_CLIENT_ID: sp.clientId, SELLING_PARTNER_APP_CLIENT_SECRET: sp.clientSecret, SELLING_PARTNER_REFRESH_TOKEN: sp.refreshToken,
			},
			accept: ['env:lwa', 'env:sp-api'],
			region: 'EU',
			scopes: ['profile'],
			endpoints: emulator.endpoints,
		});
		assert.deepEqual(result?.imported.map((entry) => [entry.profile, entry.hasAccessToken, entry.hasRefreshToken, entry.hasClientSecret]), [
			['env-lwa', false, true, true],
			['sp-api', false, true, true],
		]);
		assert.ok(await testing.hasCredential('env-lwa'));
		const entry = profilesSetting().find((profile) => (profile as { name?: string }).name === 'sp-api') as Record<string, unknown>;
		assert.equal(entry.region, 'EU');
		assert.deepEqual(entry.scopes, ['profile']);

		const lwaToken = await testing.accessToken('env-lwa');
		const spToken = await testing.accessToken('sp-api');
		secrets.push(lwaToken, spToken);
		assertAccessTokenShape(lwaToken, 'env-lwa');
		assertAccessTokenShape(spToken, 'sp-api');
		assert.equal(emulator.stats.byGrant.refresh_token, 2, 'each imported refresh token was used once');
		assert.equal(await testing.accessToken('env-lwa'), lwaToken, 'the refreshed token is kept');
	});

	test('a taken name is renamed, or replaced when asked', async () => {
		const { testing } = await extensionApi();
		const renamed = await importCredentials({
			askConfigPath: path.join(folder, 'missing', 'cli_config'),
			environment: { LWA_CLIENT_ID: 'amzn1.application-oa2-client.renamed', LWA_REFRESH_TOKEN: 'Atzr|renamed-refresh-token-value-0001' },
			accept: ['env:lwa'],
			onCollision: 'rename',
		});
		assert.equal(renamed?.imported[0].profile, 'env-lwa-2');

		const replaced = await importCredentials({
			askConfigPath: path.join(folder, 'missing', 'cli_config'),
			environment: { LWA_CLIENT_ID: 'amzn1.application-oa2-client.replaced' },
			accept: ['env:lwa'],
			onCollision: 'replace',
		});
		assert.deepEqual(replaced?.imported[0], { id: 'env:lwa', profile: 'env-lwa', replaced: true, hasAccessToken: false, hasRefreshToken: false, hasClientSecret: false });
		const entries = profilesSetting().filter((profile) => (profile as { name?: string }).name === 'env-lwa') as Record<string, unknown>[];
		assert.equal(entries.length, 1, 'still one profile of that name');
		assert.equal(entries[0].clientId, 'amzn1.application-oa2-client.replaced');
		assert.equal(await testing.hasCredential('env-lwa'), false, 'the replaced profile\'s tokens are gone');
	});

	test('malformed ASK CLI configs give an error naming the file and change nothing', async () => {
		const { testing } = await extensionApi();
		const cases: [string, (file: string) => void, RegExp][] = [
			['bad-json', (file) => fs.writeFileSync(file, '{"profiles": {"default": {"token": {"refresh_token": "Atzr|leak-me"'), /is not valid JSON/],
			['wrong-shape', (file) => fs.writeFileSync(file, JSON.stringify({ profiles: { default: { token: 'Atzr|leak-me' } } })), /profiles\["default"\]\.token as a string/],
			['profiles-array', (file) => fs.writeFileSync(file, JSON.stringify({ profiles: [] })), /"profiles" as an array/],
			['huge', (file) => fs.writeFileSync(file, `{"profiles": {}, "pad": "${'x'.repeat(1024 * 1024)}"}`), /larger than the 1048576 bytes/],
			['folder', (file) => fs.mkdirSync(file), /is not a file/],
		];
		for (const [label, create, expected] of cases) {
			const file = path.join(folder, `${label}-cli_config`);
			create(file);
			const settingsBefore = JSON.stringify(profilesSetting());
			const noticesBefore = testing.notices().length;
			const result = await importCredentials({
				askConfigPath: file,
				environment: { LWA_CLIENT_ID: 'amzn1.application-oa2-client.never', LWA_REFRESH_TOKEN: 'Atzr|never-imported-token-value' },
				accept: ['ask-cli:default', 'env:lwa'],
			});
			assert.equal(result, undefined, `${label}: the import was refused`);
			const notices = noticesSince(testing, noticesBefore);
			assert.equal(notices.length, 1, `${label}: one notice`);
			assert.match(notices[0], /^error: Nothing was imported: the ASK CLI config /);
			assert.ok(notices[0].includes(file), `${label}: the notice names the file`);
			assert.match(notices[0], expected);
			assert.ok(!notices[0].includes('leak-me'), `${label}: no value from the file in the notice`);
			assert.equal(JSON.stringify(profilesSetting()), settingsBefore, `${label}: lwa.profiles unchanged`);
			assert.equal(await testing.hasCredential('ask-default'), false);
		}
	});

	test('nothing is imported when the sources are empty, and unknown candidate ids are refused', async () => {
		const { testing } = await extensionApi();
		const from = testing.notices().length;
		const empty = await importCredentials({ askConfigPath: path.join(folder, 'missing', 'cli_config'), environment: {} });
		assert.deepEqual(empty, { imported: [], skipped: [] });
		const refused = await importCredentials({
			askConfigPath: path.join(folder, 'missing', 'cli_config'),
			environment: { LWA_CLIENT_ID: 'amzn1.application-oa2-client.x' },
			accept: ['ask-cli:nope'],
		});
		assert.equal(refused, undefined);
		const notices = noticesSince(testing, from);
		assert.match(notices[0], /^info: Nothing to import: no ASK CLI config at .*LWA_CLIENT_ID/);
		assert.match(notices[1], /^error: Nothing was imported: no candidate "ask-cli:nope" was found \(found: env:lwa\)/);
	});

	test('an imported profile without a client id is refused before anything is written', async () => {
		const settingsBefore = JSON.stringify(profilesSetting());
		const result = await importCredentials({
			askConfigPath: path.join(folder, 'missing', 'cli_config'),
			environment: { ASK_REFRESH_TOKEN: 'Atzr|ask-env-refresh-token-value-01' },
			accept: ['env:ask-cli'],
		});
		assert.equal(result, undefined);
		assert.equal(JSON.stringify(profilesSetting()), settingsBefore);
	});

	test('no imported secret appears in the log or in a notice', async () => {
		const { testing } = await extensionApi();
		assert.ok(secrets.length >= 6, 'the earlier tests handled secrets');
		const lines = testing.logLines();
		assert.ok(lines.some((line) => line.includes('Imported profile "ask-dev"')), 'the log recorded the import');
		const shown = testing.notices().map((notice) => notice.text);
		for (const text of [...lines, ...shown]) {
			for (const secret of secrets) {
				assert.ok(!text.includes(secret), `a log line or notice contains a secret: ${text.slice(0, 60)}…`);
			}
			assert.ok(!text.includes('Atzr|'), 'no refresh token prefix in the log or notices');
		}
	});
});
