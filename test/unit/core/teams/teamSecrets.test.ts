// Team profiles' secrets read and written through the real AWS SDK, against the Secrets Manager
// stand-in (src/emulator/secretsManager) on a loopback port: the SDK finds it through
// AWS_ENDPOINT_URL_SECRETS_MANAGER and signs with static test credentials from the environment, as
// the standard chain would give it. The machine's own AWS files are never read (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE point at files that do not exist).
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialService } from '../../../../src/core/credentials/service';
import { credentialKey, CredentialStore } from '../../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../../src/core/http/undiciHttpClient';
import { isLwaError } from '../../../../src/core/lwa/errors';
import type { TeamSecretReason } from '../../../../src/core/lwa/errors';
import { TokenClient } from '../../../../src/core/lwa/tokenClient';
import type { Profile } from '../../../../src/core/profiles';
import { parseProfiles } from '../../../../src/core/profiles';
import { createSecretsManagerApi } from '../../../../src/core/teams/awsSecretsClient';
import type { SecretsManagerApi } from '../../../../src/core/teams/secretsManagerApi';
import { teamCredentialSource } from '../../../../src/core/teams/teamCredentials';
import type { TeamSecretSource } from '../../../../src/core/teams/teamSecrets';
import { TeamSecrets, WRITE_BACK_STAGE } from '../../../../src/core/teams/teamSecrets';
import { LwaEmulator } from '../../../../src/emulator/lwaEmulator';
import { startSecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import type { SecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import { rejection } from '../support/assertions';
import { ManualClock, MemorySecretStore, RecordingLogger } from '../support/fakes';
import { closedPort } from '../support/servers';

const REGION = 'eu-west-1';
const CLIENT_ID = 'amzn1.application-oa2-client.teamtest';
const CLIENT_SECRET = 'SENTINEL-team-client-secret';

const AWS_VARIABLES = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'];

/** The environment the standard chain reads, pointed at the stand-in; restored after each test. */
function useStandInEnvironment(standIn: SecretsManagerStandIn, options: { credentials?: boolean; endpoint?: string } = {}): void {
	for (const key of AWS_VARIABLES) {
		delete process.env[key];
	}
	const missing = path.join(os.tmpdir(), `lwa-no-aws-files-${process.pid}`);
	process.env.AWS_CONFIG_FILE = path.join(missing, 'config');
	process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(missing, 'credentials');
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = options.endpoint ?? standIn.url;
	if (options.credentials !== false) {
		process.env.AWS_ACCESS_KEY_ID = standIn.credentials.accessKeyId;
		process.env.AWS_SECRET_ACCESS_KEY = standIn.credentials.secretAccessKey;
	}
}

function refusedWith(reason: TeamSecretReason) {
	return (error: unknown): boolean => {
		assert.ok(isLwaError(error, 'team_secret'), `expected team_secret/${reason}, got ${String(error)}`);
		assert.equal(error.reason, reason);
		assert.doesNotMatch(`${error.message} ${JSON.stringify(error.facts)}`, /SENTINEL/);
		return true;
	};
}

describe('team secrets through the AWS SDK and the Secrets Manager stand-in', () => {
	let standIn: SecretsManagerStandIn;
	let clock: ManualClock;
	let logger: RecordingLogger;
	let secrets: TeamSecrets;
	const saved: Record<string, string | undefined> = {};
	let names = 0;

	/** A fresh secret of the stand-in, and where a profile finds it. */
	function seed(value: Record<string, unknown> | string, options: { rotationEnabled?: boolean } = {}): TeamSecretSource {
		const name = `team/lwa-${++names}`;
		standIn.createSecret(name, typeof value === 'string' ? value : JSON.stringify(value), options);
		return { secretId: name, region: REGION };
	}

	/** GetSecretValue requests the stand-in answered so far. */
	function gets(): number {
		return standIn.requests.filter((request) => request.target === 'GetSecretValue' && request.outcome === 'success').length;
	}

	function teamSecrets(connect: (location: { region: string; awsProfile?: string }) => SecretsManagerApi = createSecretsManagerApi, cacheSeconds = 300): TeamSecrets {
		return new TeamSecrets({ clock, logger, cacheSeconds: () => cacheSeconds, connect });
	}

	before(async () => {
		for (const key of AWS_VARIABLES) {
			saved[key] = process.env[key];
		}
		standIn = await startSecretsManagerStandIn({ region: REGION });
	});
	after(async () => {
		await standIn.close();
		for (const key of AWS_VARIABLES) {
			if (saved[key] === undefined) {
				delete process.env[key];
			} else {
				process.env[key] = saved[key];
			}
		}
	});
	beforeEach(() => {
		useStandInEnvironment(standIn);
		clock = new ManualClock();
		logger = new RecordingLogger();
		secrets = teamSecrets();
	});
	afterEach(() => {
		assert.doesNotMatch(logger.text, /SENTINEL/, 'no secret value in the log');
	});

	describe('reading', () => {
		it('reads the SP-API samples format with a GetSecretValue signed for the secret\'s region', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			const read = await secrets.read(source);
			assert.deepEqual(read.credentials, { format: 'sp-api-samples', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
			assert.equal(read.versionId, standIn.current(source.secretId).versionId);
			assert.deepEqual(standIn.requests.at(-1), { target: 'GetSecretValue', region: REGION, signature: 'valid', outcome: 'success', status: 200 });
		});

		it('reads the python-amazon-sp-api format with its refresh token', async () => {
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET, SP_API_REFRESH_TOKEN: 'Atzr|SENTINEL-refresh', SP_API_ACCESS_KEY: 'AKIA' });
			const read = await secrets.read(source);
			assert.equal(read.credentials.format, 'python-amazon-sp-api');
			assert.equal(read.credentials.refreshToken, 'Atzr|SENTINEL-refresh');
		});

		it('keeps the secret in memory for cacheSeconds, then reads it again (fake clock)', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			secrets = teamSecrets(createSecretsManagerApi, 60);
			const before = gets();
			const reads = (): number => gets() - before;
			await secrets.read(source);
			await secrets.read(source);
			clock.advance(59_000);
			await secrets.read(source);
			assert.equal(reads(), 1, 'read once within the minute');
			standIn.writeAsTeammate(source.secretId, JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: 'SENTINEL-rotated' }));
			clock.advance(1_000);
			const again = await secrets.read(source);
			assert.equal(reads(), 2, 'read again once the minute is over');
			assert.equal(again.credentials.clientSecret, 'SENTINEL-rotated');
		});

		it('reads on every use when cacheSeconds is 0', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			secrets = teamSecrets(createSecretsManagerApi, 0);
			const before = gets();
			await secrets.read(source);
			await secrets.read(source);
			assert.equal(gets() - before, 2);
		});
	});

	describe('failures, each worded from the error\'s name, never its text or the secret', () => {
		it('no AWS credentials anywhere in the chain -> aws_no_credentials, without waiting on the metadata service', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			useStandInEnvironment(standIn, { credentials: false });
			await assert.rejects(secrets.read(source), refusedWith('aws_no_credentials'));
		});

		it('temporary credentials whose session ran out (a lapsed SSO or role session) -> aws_session_expired', async () => {
			const temporary = await startSecretsManagerStandIn({ region: REGION, sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
			try {
				temporary.createSecret('team/temporary', JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET }));
				useStandInEnvironment(temporary);
				process.env.AWS_SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE';
				assert.equal((await secrets.read({ secretId: 'team/temporary', region: REGION })).credentials.clientId, CLIENT_ID, 'read while the session lasts');
				temporary.expireSessionToken();
				await assert.rejects(secrets.read({ secretId: 'team/temporary', region: REGION }, { fresh: true }), refusedWith('aws_session_expired'));
			} finally {
				await temporary.close();
			}
		});

		it('credentials the service does not know -> aws_credentials_refused', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			process.env.AWS_ACCESS_KEY_ID = 'AKIASENTINELUNKNOWN';
			await assert.rejects(secrets.read(source), refusedWith('aws_credentials_refused'));
		});

		it('access denied -> aws_access_denied naming secretsmanager:GetSecretValue', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			standIn.denyAction('secretsmanager:GetSecretValue');
			try {
				const error = await rejection(secrets.read(source));
				refusedWith('aws_access_denied')(error);
				assert.equal(error.facts.action, 'secretsmanager:GetSecretValue');
			} finally {
				standIn.allowAllActions();
			}
		});

		it('a secret that does not exist -> secret_not_found, with the region', async () => {
			const error = await rejection(secrets.read({ secretId: 'team/missing', region: REGION }));
			refusedWith('secret_not_found')(error);
			assert.equal(error.facts.region, REGION);
		});

		it('a secret of another region is not found in the profile\'s region -> secret_not_found naming the region asked', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			const error = await rejection(secrets.read({ ...source, region: 'us-east-1' }));
			refusedWith('secret_not_found')(error);
			assert.equal(error.facts.region, 'us-east-1');
		});

		it('an endpoint that serves another region refuses the signature -> aws_credentials_refused', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			useStandInEnvironment(standIn, { endpoint: standIn.regionalUrl('us-east-1') });
			await assert.rejects(secrets.read(source), refusedWith('aws_credentials_refused'));
		});

		it('a KMS decryption failure -> secret_decryption_failed', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			standIn.failDecryption(source.secretId);
			await assert.rejects(secrets.read(source), refusedWith('secret_decryption_failed'));
		});

		it('a value that is not JSON -> secret_not_json, and nothing of it in the error or the log', async () => {
			const source = seed('{"AppClientId": "SENTINEL-half');
			await assert.rejects(secrets.read(source), refusedWith('secret_not_json'));
		});

		it('a value in neither format -> secret_format_unknown', async () => {
			const source = seed({ client_id: 'SENTINEL', client_secret: 'SENTINEL' });
			await assert.rejects(secrets.read(source), refusedWith('secret_format_unknown'));
		});

		it('nothing listening at the endpoint -> aws_network', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			useStandInEnvironment(standIn, { endpoint: `http://127.0.0.1:${await closedPort()}` });
			await assert.rejects(secrets.read(source), refusedWith('aws_network'));
		});
	});

	describe('writing back', () => {
		it('merges into the value read, puts it under the custom stage, then moves AWSCURRENT from the version read', async () => {
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET, SP_API_ACCESS_KEY: 'AKIA' });
			const before = standIn.current(source.secretId);
			const written = await secrets.writeBack(source, { refreshToken: 'Atzr|new', sellingPartnerId: 'A3EXAMPLE1234' });
			const now = standIn.current(source.secretId);
			assert.notEqual(now.versionId, before.versionId);
			assert.equal(written.versionId, now.versionId);
			assert.deepEqual(JSON.parse(now.secretString), { LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET, SP_API_ACCESS_KEY: 'AKIA', SP_API_REFRESH_TOKEN: 'Atzr|new', SP_API_SELLING_PARTNER_ID: 'A3EXAMPLE1234' });
			const operations = standIn.requests.map((request) => request.target);
			assert.deepEqual(operations.slice(-4), ['DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage']);
			const put = standIn.versions(source.secretId).find((version) => version.versionId === now.versionId);
			assert.ok(standIn.versions(source.secretId).find((version) => version.versionId === before.versionId)?.stages.includes('AWSPREVIOUS'), 'the version read is AWSPREVIOUS now');
			assert.ok(put?.stages.includes(WRITE_BACK_STAGE), 'the new version carries the custom stage');
			assert.ok(put?.stages.includes('AWSCURRENT'));
			// The next read comes from memory and holds what was written.
			assert.equal((await secrets.read(source)).credentials.refreshToken, 'Atzr|new');
		});

		it('loses a race to a teammate\'s write: write_conflict, the teammate\'s value stays current, and the secret is read again', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			const teammateValue = JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: 'SENTINEL-teammate' });
			// The teammate writes while our PutSecretValue is on its way: after our read, before our move.
			const racing = teamSecrets((location) => {
				const api = createSecretsManagerApi(location);
				return { ...api, putSecretValue: async (p) => { standIn.writeAsTeammate(source.secretId, teammateValue); return api.putSecretValue(p); } };
			});
			await assert.rejects(racing.writeBack(source, { clientSecret: 'SENTINEL-ours' }), refusedWith('write_conflict'));
			assert.equal(standIn.current(source.secretId).secretString, teammateValue);
			assert.equal((await racing.read(source)).credentials.clientSecret, 'SENTINEL-teammate', 'what is in memory now is the teammate\'s');
			assert.match(logger.text, /lost a race/);
		});

		it('refuses a secret with rotation enabled and writes nothing', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET }, { rotationEnabled: true });
			const versions = standIn.versions(source.secretId).length;
			await assert.rejects(secrets.writeBack(source, { clientSecret: 'SENTINEL-new' }), refusedWith('rotation_enabled'));
			assert.equal(standIn.versions(source.secretId).length, versions);
		});

		it('refuses a refresh token of another selling partner and writes nothing', async () => {
			const source = seed({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'Atzr|SENTINEL-held', sellerId: 'A3EXAMPLE1234' });
			const versions = standIn.versions(source.secretId).length;
			await assert.rejects(secrets.writeBack(source, { refreshToken: 'Atzr|SENTINEL-other', sellingPartnerId: 'B9OTHERPARTNER' }), refusedWith('partner_mismatch'));
			assert.equal(standIn.versions(source.secretId).length, versions);
		});

		it('names secretsmanager:PutSecretValue when writing is denied', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			standIn.denyAction('secretsmanager:PutSecretValue');
			try {
				const error = await rejection(secrets.writeBack(source, { clientSecret: 'SENTINEL-new' }));
				refusedWith('aws_access_denied')(error);
				assert.equal(error.facts.action, 'secretsmanager:PutSecretValue');
			} finally {
				standIn.allowAllActions();
			}
		});
	});

	describe('the credential service with a team profile', () => {
		let emulator: LwaEmulator;
		const http = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 2000 });
		before(async () => {
			emulator = await LwaEmulator.start({ autoApprove: true });
			emulator.registerClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: ['http://127.0.0.1:53682/cb'] });
		});
		after(async () => {
			await emulator.close();
			await http.close();
		});

		function teamProfile(source: TeamSecretSource, clientId = CLIENT_ID): Profile {
			const { profiles, problems } = parseProfiles([{ name: 'team', region: 'NA', clientId, scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/cb', endpoints: emulator.endpoints, secretsManager: source }]);
			assert.deepEqual(problems, []);
			return profiles[0];
		}

		function service(store: CredentialStore): CredentialService {
			return new CredentialService({ store, clock, logger, refreshAheadSeconds: () => 120, tokenClient: new TokenClient({ http }), teamCredentials: teamCredentialSource(secrets) });
		}

		it('gets an access token with the secret\'s client secret and refresh token, and stores the access token only', async () => {
			const refreshToken = emulator.issueRefreshToken(CLIENT_ID, ['profile']);
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET, SP_API_REFRESH_TOKEN: refreshToken });
			const secretStore = new MemorySecretStore();
			const store = new CredentialStore(secretStore, logger);
			clock.time = Date.now();
			const credential = await service(store).getValidCredential(teamProfile(source));
			assert.match(credential.accessToken, /^Atza\|/);
			assert.equal(credential.refreshToken, undefined);
			const stored = secretStore.values.get(credentialKey('team')) ?? '';
			assert.ok(stored.includes(credential.accessToken));
			assert.ok(!stored.includes(refreshToken), 'the team\'s refresh token is not stored on this machine');
			assert.ok(![...secretStore.values.values()].some((value) => value.includes(CLIENT_SECRET)), 'nor its client secret');
			assert.ok(!logger.text.includes(refreshToken));
		});

		it('refuses a secret whose client id is not the profile\'s, before asking LWA', async () => {
			const refreshToken = emulator.issueRefreshToken(CLIENT_ID, ['profile']);
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET, SP_API_REFRESH_TOKEN: refreshToken });
			emulator.resetStats();
			const store = new CredentialStore(new MemorySecretStore(), logger);
			await assert.rejects(service(store).getValidCredential(teamProfile(source, 'amzn1.application-oa2-client.other')), refusedWith('client_id_mismatch'));
			assert.equal(emulator.stats.tokenRequests, 0);
		});

		/** A consent the emulator approves at once: its authorization code. */
		async function consentCode(): Promise<string> {
			const authorize = new URL(emulator.endpoints.authorization);
			authorize.search = new URLSearchParams({ client_id: CLIENT_ID, scope: 'profile', response_type: 'code', redirect_uri: 'http://127.0.0.1:53682/cb', state: 'unit' }).toString();
			const response = await fetch(authorize, { redirect: 'manual' });
			const code = new URL(response.headers.get('location') ?? 'http://127.0.0.1/').searchParams.get('code');
			assert.ok(code, 'the emulator redirected with a code');
			return code;
		}

		it('holds a team profile\'s consent refresh token in memory, storing the access token only, until it is kept on this machine', async () => {
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET });
			const secretStore = new MemorySecretStore();
			const store = new CredentialStore(secretStore, logger);
			const credentials = service(store);
			const profile = teamProfile(source);

			credentials.holdConsentRefreshToken('team');
			const signedIn = await credentials.completeAuthorization(profile, { code: await consentCode(), redirectUri: 'http://127.0.0.1:53682/cb' });
			const held = credentials.releaseConsentRefreshToken('team');

			assert.ok(held !== undefined && signedIn.refreshToken === held, 'the sign-in\'s caller gets the held refresh token');
			const stored = await store.readCredential('team');
			assert.equal(stored?.accessToken, signedIn.accessToken);
			assert.equal(stored?.refreshToken, undefined);
			assert.ok(![...secretStore.values.values()].some((value) => value.includes(held)), 'the held refresh token was never stored');
			assert.equal(credentials.releaseConsentRefreshToken('team'), undefined, 'released once');

			await credentials.keepRefreshToken(profile, held);
			assert.ok((await store.readCredential('team'))?.refreshToken === held, 'kept on this machine when asked (not shown)');
			assert.ok(!logger.text.includes(held));
		});

		it('stores a team profile\'s consent refresh token as usual when no hold was asked for', async () => {
			const source = seed({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: CLIENT_SECRET });
			const store = new CredentialStore(new MemorySecretStore(), logger);
			const credentials = service(store);

			const signedIn = await credentials.completeAuthorization(teamProfile(source), { code: await consentCode(), redirectUri: 'http://127.0.0.1:53682/cb' });

			assert.ok(signedIn.refreshToken !== undefined && (await store.readCredential('team'))?.refreshToken === signedIn.refreshToken, 'stored (not shown)');
			assert.equal(credentials.releaseConsentRefreshToken('team'), undefined);
		});

		it('a secret without a refresh token leaves the profile signed out (sign in by consent)', async () => {
			const source = seed({ AppClientId: CLIENT_ID, AppClientSecret: CLIENT_SECRET });
			const store = new CredentialStore(new MemorySecretStore(), logger);
			await assert.rejects(service(store).getValidCredential(teamProfile(source)), (error: unknown) => isLwaError(error, 'not_signed_in'));
		});
	});
});
