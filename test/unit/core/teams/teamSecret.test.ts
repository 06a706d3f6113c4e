import * as assert from 'node:assert/strict';
import { isLwaError } from '../../../../src/core/lwa/errors';
import type { TeamSecretReason } from '../../../../src/core/lwa/errors';
import { validateProfile } from '../../../../src/core/profiles';
import { detectFormat, mergeTeamSecret, parseTeamSecret } from '../../../../src/core/teams/teamSecret';
import { teamSecretError } from '../../../../src/core/teams/teamSecretErrors';

const CLIENT_ID = 'amzn1.application-oa2-client.team';
const SECRET_VALUE = 'SENTINEL-client-secret-value';
const REFRESH = 'Atzr|SENTINEL-refresh';

function refusedWith(reason: TeamSecretReason, field?: string) {
	return (error: unknown): boolean => {
		assert.ok(isLwaError(error, 'team_secret'), String(error));
		assert.equal(error.reason, reason);
		if (field !== undefined) {
			assert.equal(error.facts.field, field);
		}
		assert.doesNotMatch(`${error.message} ${JSON.stringify(error.facts)}`, /SENTINEL/);
		return true;
	};
}

describe('team secret formats', () => {
	it('reads the SP-API samples format (AppClientId, AppClientSecret) and detects it', () => {
		const parsed = parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: SECRET_VALUE }));
		assert.deepEqual(parsed.credentials, { format: 'sp-api-samples', clientId: CLIENT_ID, clientSecret: SECRET_VALUE });
	});

	it('reads the samples\' per-seller spelling with its refresh token and seller id', () => {
		const parsed = parseTeamSecret(JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET_VALUE, refreshToken: REFRESH, sellerId: 'A3EXAMPLE1234', marketplaceId: 'ATVPDKIKX0DER' }));
		assert.deepEqual(parsed.credentials, { format: 'sp-api-samples', clientId: CLIENT_ID, clientSecret: SECRET_VALUE, refreshToken: REFRESH, sellingPartnerId: 'A3EXAMPLE1234' });
	});

	it('reads the python-amazon-sp-api format (LWA_APP_ID, LWA_CLIENT_SECRET, SP_API_REFRESH_TOKEN) and keeps its other keys for a merge', () => {
		const parsed = parseTeamSecret(JSON.stringify({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: SECRET_VALUE, SP_API_REFRESH_TOKEN: REFRESH, SP_API_ACCESS_KEY: 'AKIA' }));
		assert.deepEqual(parsed.credentials, { format: 'python-amazon-sp-api', clientId: CLIENT_ID, clientSecret: SECRET_VALUE, refreshToken: REFRESH });
		assert.equal(parsed.object.SP_API_ACCESS_KEY, 'AKIA');
	});

	it('uses a chosen format even when the keys would say otherwise', () => {
		assert.throws(() => parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: SECRET_VALUE }), 'python-amazon-sp-api'), refusedWith('secret_key_missing', 'LWA_APP_ID'));
	});

	it('refuses text that is not JSON without passing on JSON.parse\'s message, which quotes the secret', () => {
		assert.throws(() => parseTeamSecret('{"AppClientId": SENTINEL-not-json'), refusedWith('secret_not_json'));
		assert.throws(() => parseTeamSecret('SENTINEL'.repeat(9000)), refusedWith('secret_not_json'));
	});

	it('refuses JSON that is not an object, an unknown format and an ambiguous one', () => {
		assert.throws(() => parseTeamSecret('["SENTINEL"]'), refusedWith('secret_not_an_object'));
		assert.throws(() => parseTeamSecret('"SENTINEL"'), refusedWith('secret_not_an_object'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ client_id: 'SENTINEL' })), refusedWith('secret_format_unknown'));
		assert.throws(() => detectFormat({ AppClientId: 'x', LWA_APP_ID: 'y' }), refusedWith('secret_format_ambiguous'));
	});

	it('refuses a missing client secret and values that cannot be credentials, naming the key only', () => {
		assert.throws(() => parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID })), refusedWith('secret_key_missing', 'AppClientSecret'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: 'SENTINEL with space' })), refusedWith('secret_key_invalid', 'AppClientSecret'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: 'SENTINEL\nline' })), refusedWith('secret_key_invalid', 'AppClientSecret'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: 42 })), refusedWith('secret_key_invalid', 'AppClientSecret'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: SECRET_VALUE, SP_API_REFRESH_TOKEN: 'SENTINEL'.repeat(600) })), refusedWith('secret_key_invalid', 'SP_API_REFRESH_TOKEN'));
		assert.throws(() => parseTeamSecret(JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET_VALUE, sellerId: 'a\u001fb' })), refusedWith('secret_key_invalid', 'sellerId'));
	});
});

describe('merging a write-back into the secret read', () => {
	const python = parseTeamSecret(JSON.stringify({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: SECRET_VALUE, SP_API_ACCESS_KEY: 'AKIA', SP_API_ROLE_ARN: 'arn:aws:iam::123456789012:role/x' }));

	it('replaces only the changed keys and keeps every other key as it was', () => {
		const merged = JSON.parse(mergeTeamSecret(python, { refreshToken: 'Atzr|new', sellingPartnerId: 'A3EXAMPLE1234' })) as Record<string, unknown>;
		assert.deepEqual(merged, { LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: SECRET_VALUE, SP_API_ACCESS_KEY: 'AKIA', SP_API_ROLE_ARN: 'arn:aws:iam::123456789012:role/x', SP_API_REFRESH_TOKEN: 'Atzr|new', SP_API_SELLING_PARTNER_ID: 'A3EXAMPLE1234' });
	});

	it('writes a rotated client secret under the key the secret already uses', () => {
		const perSeller = parseTeamSecret(JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET_VALUE }));
		assert.deepEqual(JSON.parse(mergeTeamSecret(perSeller, { clientSecret: 'rotated' })), { clientId: CLIENT_ID, clientSecret: 'rotated' });
		const cdk = parseTeamSecret(JSON.stringify({ AppClientId: CLIENT_ID, AppClientSecret: SECRET_VALUE }));
		assert.deepEqual(JSON.parse(mergeTeamSecret(cdk, { clientSecret: 'rotated' })), { AppClientId: CLIENT_ID, AppClientSecret: 'rotated' });
	});

	it('refuses a refresh token of another selling partner than the secret\'s', () => {
		const held = parseTeamSecret(JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET_VALUE, refreshToken: REFRESH, sellerId: 'A3EXAMPLE1234' }));
		assert.throws(() => mergeTeamSecret(held, { refreshToken: 'Atzr|other', sellingPartnerId: 'B9OTHERPARTNER' }), refusedWith('partner_mismatch'));
		assert.throws(() => mergeTeamSecret(held, { refreshToken: 'Atzr|plain' }), refusedWith('partner_mismatch'));
		assert.doesNotThrow(() => mergeTeamSecret(held, { refreshToken: 'Atzr|same', sellingPartnerId: 'A3EXAMPLE1234' }));
	});

	it('refuses a partner\'s refresh token over a refresh token whose partner the secret does not name', () => {
		const unnamed = parseTeamSecret(JSON.stringify({ LWA_APP_ID: CLIENT_ID, LWA_CLIENT_SECRET: SECRET_VALUE, SP_API_REFRESH_TOKEN: REFRESH }));
		assert.throws(() => mergeTeamSecret(unnamed, { refreshToken: 'Atzr|other', sellingPartnerId: 'B9OTHERPARTNER' }), refusedWith('partner_mismatch'));
	});
});

describe('AWS failures as team_secret errors', () => {
	const where = { operation: 'GetSecretValue' as const, secretId: 'team/lwa', region: 'eu-west-1' };
	const cases: [string, Record<string, unknown>, TeamSecretReason][] = [
		['no credentials', { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers SENTINEL' }, 'aws_no_credentials'],
		['an expired SSO session', { name: 'CredentialsProviderError', message: 'The SSO session associated with this profile has expired. SENTINEL' }, 'aws_session_expired'],
		['an expired SSO token', { name: 'TokenProviderError', message: 'SENTINEL' }, 'aws_session_expired'],
		['expired temporary credentials', { name: 'ExpiredTokenException', message: 'SENTINEL', $metadata: { httpStatusCode: 400 } }, 'aws_session_expired'],
		['refused credentials', { name: 'UnrecognizedClientException', message: 'SENTINEL', $metadata: { httpStatusCode: 400 } }, 'aws_credentials_refused'],
		['access denied', { name: 'AccessDeniedException', message: 'User SENTINEL is not authorized', $metadata: { httpStatusCode: 400 } }, 'aws_access_denied'],
		['not found', { name: 'ResourceNotFoundException', message: 'SENTINEL', $metadata: { httpStatusCode: 400 } }, 'secret_not_found'],
		['a decryption failure', { name: 'DecryptionFailure', message: 'SENTINEL', $metadata: { httpStatusCode: 400 } }, 'secret_decryption_failed'],
		['a service error', { name: 'InternalServiceError', message: 'SENTINEL', $metadata: { httpStatusCode: 500 } }, 'aws_service_error'],
		['a refused connection', { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED SENTINEL' }, 'aws_network'],
		['a timeout', { name: 'TimeoutError', message: 'SENTINEL' }, 'aws_network'],
		['anything else', { name: 'SomethingNew', message: 'SENTINEL', $metadata: { httpStatusCode: 400 } }, 'aws_unexpected'],
	];
	for (const [what, error, reason] of cases) {
		it(`maps ${what} to ${reason} from the error's name and status, never its message`, () => {
			const mapped = teamSecretError(Object.assign(new Error(String(error.message)), error), where);
			refusedWith(reason)(mapped);
			assert.equal(mapped.facts.secretId, 'team/lwa');
			assert.equal(mapped.facts.region, 'eu-west-1');
		});
	}

	it('names the missing IAM action from the operation that was called', () => {
		const denied = { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } };
		assert.equal(teamSecretError(denied, where).facts.action, 'secretsmanager:GetSecretValue');
		assert.equal(teamSecretError(denied, { ...where, operation: 'PutSecretValue' }).facts.action, 'secretsmanager:PutSecretValue');
		assert.equal(teamSecretError(denied, { ...where, operation: 'UpdateSecretVersionStage' }).facts.action, 'secretsmanager:UpdateSecretVersionStage');
	});

	it('keeps an unexpected error\'s name only when it is a plain identifier', () => {
		assert.equal(teamSecretError({ name: 'SomethingNew' }, where).facts.field, 'SomethingNew');
		assert.equal(teamSecretError({ name: 'SENTINEL <b>\n' }, where).facts.field, undefined);
	});
});

describe('the secretsManager profile field', () => {
	const base = { name: 'team', region: 'NA', clientId: CLIENT_ID, scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/cb' };
	const kinds = (secretsManager: unknown): string[] => validateProfile({ ...base, secretsManager }).problems.map((problem) => `${problem.field}:${problem.kind}`);

	it('accepts a name or an ARN of the region, with an AWS profile and a format', () => {
		const { profile } = validateProfile({ ...base, secretsManager: { secretId: 'SPAPIAppCredentials-abc123', region: 'us-east-1', awsProfile: 'team-sso', format: 'sp-api-samples' } });
		assert.deepEqual(profile?.secretsManager, { secretId: 'SPAPIAppCredentials-abc123', region: 'us-east-1', awsProfile: 'team-sso', format: 'sp-api-samples' });
		assert.deepEqual(kinds({ secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/lwa-AbCdEf', region: 'eu-west-1' }), []);
		assert.deepEqual(kinds({ secretId: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x', region: 'us-gov-west-1' }), []);
	});

	it('refuses an ARN of another region, another service, or a malformed one', () => {
		assert.deepEqual(kinds({ secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', region: 'us-east-1' }), ['secretsManager.secretId:secrets_manager_region_mismatch']);
		assert.deepEqual(kinds({ secretId: 'arn:aws:ssm:us-east-1:123456789012:parameter/x', region: 'us-east-1' }), ['secretsManager.secretId:secrets_manager_secret_id_invalid']);
		assert.deepEqual(kinds({ secretId: 'arn:aws:secretsmanager:us-east-1:12345:secret:x', region: 'us-east-1' }), ['secretsManager.secretId:secrets_manager_secret_id_invalid']);
	});

	it('refuses hostile secret names: spaces, control characters, backslashes, URLs and huge values', () => {
		for (const secretId of ['team secret', 'team\nsecret', 'team\\secret', 'https://evil.example/secret', 'a'.repeat(513), '', 42]) {
			assert.deepEqual(kinds({ secretId, region: 'us-east-1' }), ['secretsManager.secretId:secrets_manager_secret_id_invalid'], String(secretId));
		}
	});

	it('refuses a malformed region, AWS profile, format and unknown keys', () => {
		assert.deepEqual(kinds({ secretId: 's', region: 'US-EAST-1' }), ['secretsManager.region:secrets_manager_region_invalid']);
		assert.deepEqual(kinds({ secretId: 's', region: 'us-east-1.evil.example' }), ['secretsManager.region:secrets_manager_region_invalid']);
		assert.deepEqual(kinds({ secretId: 's', region: 'us-east-1', awsProfile: 'a b' }), ['secretsManager.awsProfile:secrets_manager_aws_profile_invalid']);
		assert.deepEqual(kinds({ secretId: 's', region: 'us-east-1', awsProfile: '[default]' }), ['secretsManager.awsProfile:secrets_manager_aws_profile_invalid']);
		assert.deepEqual(kinds({ secretId: 's', region: 'us-east-1', format: 'json' }), ['secretsManager.format:secrets_manager_format_invalid']);
		assert.deepEqual(kinds({ secretId: 's', region: 'us-east-1', endpoint: 'http://x' }), ['secretsManager:secrets_manager_invalid']);
		assert.deepEqual(kinds('team/lwa'), ['secretsManager:secrets_manager_invalid']);
	});
});
