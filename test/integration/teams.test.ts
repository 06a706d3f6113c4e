// Team profiles in the real extension host: the extension's own AWS SDK bundle (dist/awsSecrets.js)
// reads the team's secret from the Secrets Manager stand-in the harness started (test/harness/
// awsStandIn.ts), found through the standard environment (AWS_ENDPOINT_URL_SECRETS_MANAGER, static
// keys, AWS_REGION). The secrets' values are put by the test itself through the AWS API, as a
// teammate's tool would, with the client and refresh token this host's LWA emulator issued.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import { TEAM_SECRET_NAMES, TEAM_SECRETS_REGION } from '../harness/awsStandIn';
import type { TestProfile } from './support/lwaTestKit';
import type { TokenSummary } from './support/lwaTestKit';
import { assertAccessTokenShape, emulatorProfile, extensionApi, followAuthorization, freePort, removeProfiles, setProfiles, startEmulator } from './support/lwaTestKit';

suite('Team profiles (AWS Secrets Manager)', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	let aws: SecretsManagerClient;

	/** Puts a new AWSCURRENT value into a secret of the stand-in, through the real API. */
	async function putSecret(secretId: string, value: Record<string, unknown>): Promise<void> {
		await aws.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(value), ClientRequestToken: randomUUID(), VersionStages: ['AWSCURRENT'] }));
	}

	async function readSecret(secretId: string): Promise<Record<string, unknown>> {
		return (await readSecretVersion(secretId)).value;
	}

	/** AWSCURRENT of a secret: its value, version id and stages. */
	async function readSecretVersion(secretId: string): Promise<{ value: Record<string, unknown>; versionId: string | undefined; stages: string[] }> {
		const answer = await aws.send(new GetSecretValueCommand({ SecretId: secretId }));
		return { value: JSON.parse(answer.SecretString ?? '{}') as Record<string, unknown>, versionId: answer.VersionId, stages: answer.VersionStages ?? [] };
	}

	/**
	 * lwa.signIn of a team profile whose secret holds no refresh token: the consent page (the emulator
	 * approves), the loopback redirect, and the write-back question answered by `writeBack`.
	 */
	async function signInByConsent(name: string, writeBack: boolean): Promise<TokenSummary | undefined> {
		const result = vscode.commands.executeCommand<TokenSummary | undefined>('lwa.signIn', { profile: name, writeBack });
		const authorizationUrl = await testing.nextOpenedUrl();
		assert.equal(new URL(authorizationUrl).origin, emulator.url, 'the consent page of the LWA emulator was opened');
		const page = await fetch(await followAuthorization(authorizationUrl));
		assert.equal(page.status, 200, 'the loopback listener took the consent redirect');
		return result;
	}

	/** A profile of the emulator reading `secretId`, in user settings and active. */
	async function teamProfile(name: string, secretId: string): Promise<TestProfile> {
		const profile = emulatorProfile(emulator, { name, redirectUri: `http://127.0.0.1:${await freePort()}/cb` });
		await setProfiles([{ ...profile.raw, secretsManager: { secretId, region: TEAM_SECRETS_REGION } }], name);
		return profile;
	}

	suiteSetup(async function () {
		assert.ok(process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER, 'the harness pointed the AWS SDK at the Secrets Manager stand-in');
		({ testing } = await extensionApi());
		emulator = await startEmulator();
		aws = new SecretsManagerClient({ region: TEAM_SECRETS_REGION });
	});

	suiteTeardown(async () => {
		aws?.destroy();
		await removeProfiles(['team', 'team-consent', 'team-declined']);
		await emulator?.close();
	});

	test('signs a team profile in with its AWS secret\'s refresh token, no browser, and keeps neither that token nor the client secret on this machine', async () => {
		const profile = await teamProfile('team', TEAM_SECRET_NAMES.python);
		const refreshToken = emulator.issueRefreshToken(profile.clientId, ['profile']);
		await putSecret(TEAM_SECRET_NAMES.python, { LWA_APP_ID: profile.clientId, LWA_CLIENT_SECRET: profile.clientSecret, SP_API_REFRESH_TOKEN: refreshToken, SP_API_ACCESS_KEY: 'AKIAKEPT' });
		const before = emulator.stats.authorizeRequests;

		const summary = await vscode.commands.executeCommand<{ profile: string; fromTeamSecret?: boolean } | undefined>('lwa.signIn', { profile: 'team' });

		assert.equal(summary?.fromTeamSecret, true, 'signed in with the team secret');
		assert.equal(emulator.stats.authorizeRequests, before, 'no consent page was asked for');
		assertAccessTokenShape(await testing.accessToken('team'), 'the team profile\'s access token');
		assert.equal(testing.secretStorageHolds(refreshToken), false, 'the team\'s refresh token is not in the secret storage');
		assert.equal(testing.secretStorageHolds(profile.clientSecret), false, 'nor its client secret');
		const log = testing.logLines().join('\n');
		assert.ok(!log.includes(refreshToken) && !log.includes(profile.clientSecret), 'no secret value in the log');
		assert.match(log, /Read the team secret "lwa-integration\/python-amazon-sp-api" \(eu-west-1\) \(python-amazon-sp-api format/);
	});

	test('a team profile whose AWS secret holds no refresh token signs in by consent; accepting the write-back makes the new refresh token the secret\'s new AWSCURRENT version, merged with its other keys, and that token never reaches this machine\'s secret storage', async () => {
		const profile = await teamProfile('team-consent', TEAM_SECRET_NAMES.python);
		const others = { LWA_APP_ID: profile.clientId, LWA_CLIENT_SECRET: profile.clientSecret, SP_API_ACCESS_KEY: 'AKIAKEPT' };
		await putSecret(TEAM_SECRET_NAMES.python, others);
		const before = await readSecretVersion(TEAM_SECRET_NAMES.python);
		const authorizeRequests = emulator.stats.authorizeRequests;

		const summary = await signInByConsent('team-consent', true);

		assert.equal(summary?.profile, 'team-consent');
		assert.equal(summary?.hasRefreshToken, true, 'the consent gave a refresh token');
		assert.equal(emulator.stats.authorizeRequests, authorizeRequests + 1, 'one consent page was asked for');
		const after = await readSecretVersion(TEAM_SECRET_NAMES.python);
		assert.notEqual(after.versionId, before.versionId, 'a new version of the secret');
		assert.ok(after.stages.includes('AWSCURRENT'), `the new version is AWSCURRENT (stages: ${after.stages.join(', ')})`);
		const { SP_API_REFRESH_TOKEN: written, ...kept } = after.value;
		assert.deepEqual(kept, others, 'the secret\'s other keys are kept as they were');
		assert.ok(typeof written === 'string' && /^Atzr\|/.test(written), 'the secret holds a refresh token (not shown)');
		assert.equal(testing.secretStorageHolds(written), false, 'the refresh token never went into this machine\'s secret storage');
		assertAccessTokenShape(await testing.accessToken('team-consent'), 'the team profile\'s access token');
		const log = testing.logLines().join('\n');
		assert.ok(!log.includes(written) && !log.includes(profile.clientSecret), 'no secret value in the log');
		assert.match(log, /Wrote a new refresh token back to the team secret "lwa-integration\/python-amazon-sp-api" \(eu-west-1\)/);

		const refreshed = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: 'team-consent' });
		assert.ok(refreshed, 'the profile refreshes');
		assert.match(testing.logLines().join('\n'), /"team-consent" refreshed with the team secret's refresh token/, 'with the refresh token it wrote to the team secret');
	});

	test('declining the write-back after a team profile\'s consent sign-in writes nothing to its AWS secret, and this machine keeps the refresh token', async () => {
		const profile = await teamProfile('team-declined', TEAM_SECRET_NAMES.python);
		await putSecret(TEAM_SECRET_NAMES.python, { LWA_APP_ID: profile.clientId, LWA_CLIENT_SECRET: profile.clientSecret });
		const before = await readSecretVersion(TEAM_SECRET_NAMES.python);

		const summary = await signInByConsent('team-declined', false);

		assert.equal(summary?.profile, 'team-declined', 'the sign-in itself succeeded');
		const after = await readSecretVersion(TEAM_SECRET_NAMES.python);
		assert.equal(after.versionId, before.versionId, 'no new version of the secret');
		assert.deepEqual(after.value, before.value);
		assert.match(testing.logLines().join('\n'), /Nothing was written back to the team secret "lwa-integration\/python-amazon-sp-api" \(eu-west-1\)/);
		assert.match(testing.logLines().join('\n'), /Profile "team-declined" keeps the refresh token of its consent on this machine\./);
		const refreshed = await vscode.commands.executeCommand<TokenSummary | undefined>('lwa.refresh', { profile: 'team-declined' });
		assert.ok(refreshed, 'the profile refreshes with the refresh token kept here');
		assert.ok(testing.logLines().some((line) => line.endsWith('Profile "team-declined" refreshed.')), 'not with a team secret\'s token');
	});

	test('Set Client Secret of a team profile writes the new client secret back to its AWS secret, keeping the other keys, and not to this machine', async () => {
		const profile = await teamProfile('team', TEAM_SECRET_NAMES.samples);
		await putSecret(TEAM_SECRET_NAMES.samples, { AppClientId: profile.clientId, AppClientSecret: profile.clientSecret, marketplaceId: 'ATVPDKIKX0DER' });
		const rotated = `rotated-${randomUUID()}`;

		const written = await vscode.commands.executeCommand<boolean>('lwa.setClientSecret', { profile: 'team', clientSecret: rotated, writeBack: true });

		assert.equal(written, true);
		assert.deepEqual(await readSecret(TEAM_SECRET_NAMES.samples), { AppClientId: profile.clientId, AppClientSecret: rotated, marketplaceId: 'ATVPDKIKX0DER' });
		assert.equal(testing.secretStorageHolds(rotated), false, 'the new client secret is not kept on this machine');
		assert.ok(!testing.logLines().join('\n').includes(rotated));
	});

	test('a secret with rotation enabled is not written back, and the error names the secret', async () => {
		const profile = await teamProfile('team', TEAM_SECRET_NAMES.rotated);
		await putSecret(TEAM_SECRET_NAMES.rotated, { AppClientId: profile.clientId, AppClientSecret: profile.clientSecret });
		const noticesBefore = testing.notices().length;

		const written = await vscode.commands.executeCommand<boolean>('lwa.setClientSecret', { profile: 'team', clientSecret: 'never-written', writeBack: true });

		assert.equal(written, false);
		assert.equal((await readSecret(TEAM_SECRET_NAMES.rotated)).AppClientSecret, profile.clientSecret);
		const shown = testing.notices().slice(noticesBefore).map((notice) => notice.text).join('\n');
		assert.match(shown, /"SPAPIAppCredentials-rotated" has rotation enabled/);
	});

	test('a profile whose client id is not the secret\'s is refused before any token request, with the offer to take the secret\'s client id', async () => {
		const profile = await teamProfile('team', TEAM_SECRET_NAMES.samples);
		await putSecret(TEAM_SECRET_NAMES.samples, { AppClientId: 'amzn1.application-oa2-client.someoneelse', AppClientSecret: profile.clientSecret });
		const noticesBefore = testing.notices().length;
		const tokenRequests = emulator.stats.tokenRequests;

		const summary = await vscode.commands.executeCommand('lwa.signIn', { profile: 'team' });

		assert.equal(summary, undefined);
		assert.equal(emulator.stats.tokenRequests, tokenRequests, 'nothing was sent to LWA');
		const refusal = testing.notices().slice(noticesBefore).find((notice) => /another client id/.test(notice.text));
		assert.ok(refusal, 'the refusal is shown');
		assert.deepEqual(refusal.actions, ['Use the Secret\'s Client Id']);
	});

	test('Copy Team Secret to This Machine stores the client secret and refresh token in the secret storage and makes the profile local', async () => {
		const profile = await teamProfile('team', TEAM_SECRET_NAMES.python);
		const refreshToken = emulator.issueRefreshToken(profile.clientId, ['profile']);
		await putSecret(TEAM_SECRET_NAMES.python, { LWA_APP_ID: profile.clientId, LWA_CLIENT_SECRET: profile.clientSecret, SP_API_REFRESH_TOKEN: refreshToken });

		const copied = await vscode.commands.executeCommand<boolean>('lwa.importTeamSecret', { profile: 'team', confirm: true });

		assert.equal(copied, true);
		const entry = (vscode.workspace.getConfiguration('lwa').get<Record<string, unknown>[]>('profiles') ?? []).find((raw) => raw.name === 'team');
		assert.ok(entry && entry.secretsManager === undefined, 'the profile no longer reads the team secret');
		assert.equal(testing.secretStorageHolds(profile.clientSecret), true, 'the client secret is in the secret storage');
		assert.equal(testing.secretStorageHolds(refreshToken), true, 'and so is the refresh token');
		assertAccessTokenShape(await testing.accessToken('team'), 'the local profile\'s access token');
	});
});
