import * as assert from 'node:assert/strict';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import { clientFor, startStandIn, TEAM_SECRET } from './support';

/** The SDK's error for a call that must fail: its name, message, HTTP status and fault. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined; fault: string }> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof SecretsManagerServiceException, `a service error, not ${String(error)}`);
		return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode, fault: error.$fault };
	}
	assert.fail('the call succeeded');
}

describe('Secrets Manager stand-in: reading secrets with the real SDK', () => {
	let standIn: SecretsManagerStandIn;

	beforeEach(async () => {
		standIn = await startStandIn();
	});

	afterEach(async () => {
		await standIn.close();
	});

	it('GetSecretValue by name answers the AWSCURRENT version with ARN, name, stages and creation date', async () => {
		const { arn, versionId } = standIn.createSecret('SPAPIAppCredentials-Team', TEAM_SECRET);
		const answer = await clientFor(standIn).send(new GetSecretValueCommand({ SecretId: 'SPAPIAppCredentials-Team' }));
		assert.equal(answer.SecretString, TEAM_SECRET);
		assert.equal(answer.ARN, arn);
		assert.match(arn, /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:SPAPIAppCredentials-Team-[A-Za-z0-9]{6}$/);
		assert.equal(answer.Name, 'SPAPIAppCredentials-Team');
		assert.equal(answer.VersionId, versionId);
		assert.deepEqual(answer.VersionStages, ['AWSCURRENT']);
		assert.ok(answer.CreatedDate instanceof Date && Math.abs(answer.CreatedDate.getTime() - Date.now()) < 60_000, 'CreatedDate parses as a recent date');
	});

	it('GetSecretValue finds the secret by full ARN and by ARN without the random suffix', async () => {
		const { arn } = standIn.createSecret('team/sp-api', TEAM_SECRET);
		const client = clientFor(standIn);
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: arn }))).Name, 'team/sp-api');
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: arn.slice(0, -7) }))).Name, 'team/sp-api');
		const other = await failure(client.send(new GetSecretValueCommand({ SecretId: `${arn.slice(0, -6)}XXXXXX` })));
		assert.equal(other.name, 'ResourceNotFoundException', 'an ARN with another suffix is another secret');
	});

	it('GetSecretValue reads an older version by VersionId or VersionStage, and refuses a mismatched pair', async () => {
		const first = standIn.createSecret('rotated', 'one');
		const second = standIn.writeAsTeammate('rotated', 'two');
		const client = clientFor(standIn);
		const byId = await client.send(new GetSecretValueCommand({ SecretId: 'rotated', VersionId: first.versionId }));
		assert.equal(byId.SecretString, 'one');
		assert.deepEqual(byId.VersionStages, ['AWSPREVIOUS']);
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: 'rotated', VersionStage: 'AWSPREVIOUS' }))).VersionId, first.versionId);
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: 'rotated' }))).VersionId, second.versionId);
		const mismatched = await failure(client.send(new GetSecretValueCommand({ SecretId: 'rotated', VersionId: first.versionId, VersionStage: 'AWSCURRENT' })));
		assert.equal(mismatched.name, 'InvalidRequestException');
	});

	it('GetSecretValue answers ResourceNotFoundException (HTTP 400, client fault) for an unknown secret, stage or version', async () => {
		standIn.createSecret('known', 'value');
		const client = clientFor(standIn);
		const unknown = await failure(client.send(new GetSecretValueCommand({ SecretId: 'unknown' })));
		assert.deepEqual(unknown, { name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret.", status: 400, fault: 'client' });
		const stage = await failure(client.send(new GetSecretValueCommand({ SecretId: 'known', VersionStage: 'AWSPENDING' })));
		assert.equal(stage.name, 'ResourceNotFoundException');
		assert.match(stage.message, /staging label: AWSPENDING$/);
		const version = await failure(client.send(new GetSecretValueCommand({ SecretId: 'known', VersionId: '00000000-0000-4000-8000-000000000000' })));
		assert.equal(version.name, 'ResourceNotFoundException');
	});

	it('keeps secrets per region: a us-east-1 secret is not found by a client of eu-west-1, and an eu-west-1 one is', async () => {
		standIn.createSecret('regional', 'in us-east-1');
		const { arn } = standIn.createSecret('regional', 'in eu-west-1', { region: 'eu-west-1' });
		assert.match(arn, /^arn:aws:secretsmanager:eu-west-1:/);
		const ireland = clientFor(standIn, { region: 'eu-west-1' });
		assert.equal((await ireland.send(new GetSecretValueCommand({ SecretId: 'regional' }))).SecretString, 'in eu-west-1');
		assert.equal((await clientFor(standIn).send(new GetSecretValueCommand({ SecretId: 'regional' }))).SecretString, 'in us-east-1');
		const frankfurt = await failure(clientFor(standIn, { region: 'eu-central-1' }).send(new GetSecretValueCommand({ SecretId: 'regional' })));
		assert.equal(frankfurt.name, 'ResourceNotFoundException');
		assert.equal(standIn.requests.at(-1)?.region, 'eu-central-1', 'the request is recorded with its scope region');
	});

	it('DescribeSecret answers ARN, Name, VersionIdsToStages and dates, RotationEnabled only when rotation is on, and no value', async () => {
		const { arn, versionId } = standIn.createSecret('described', TEAM_SECRET);
		const client = clientFor(standIn);
		const plain = await client.send(new DescribeSecretCommand({ SecretId: arn }));
		assert.equal(plain.ARN, arn);
		assert.equal(plain.Name, 'described');
		assert.deepEqual(plain.VersionIdsToStages, { [versionId]: ['AWSCURRENT'] });
		assert.ok(plain.LastChangedDate instanceof Date && plain.CreatedDate instanceof Date);
		assert.equal(plain.RotationEnabled, undefined);
		assert.ok(!JSON.stringify(plain).includes('team-client-secret'), 'DescribeSecret carries no value');
		standIn.setRotationEnabled('described', true);
		assert.equal((await client.send(new DescribeSecretCommand({ SecretId: 'described' }))).RotationEnabled, true);
		const rotating = standIn.createSecret('rotating', 'x', { rotationEnabled: true });
		assert.equal((await client.send(new DescribeSecretCommand({ SecretId: rotating.arn }))).RotationEnabled, true);
	});

	it('DescribeSecret leaves versions without a label out of VersionIdsToStages', async () => {
		const first = standIn.createSecret('labels', 'one');
		standIn.writeAsTeammate('labels', 'two');
		const third = standIn.writeAsTeammate('labels', 'three');
		const described = await clientFor(standIn).send(new DescribeSecretCommand({ SecretId: 'labels' }));
		assert.equal(Object.keys(described.VersionIdsToStages ?? {}).length, 2);
		assert.deepEqual(described.VersionIdsToStages?.[third.versionId], ['AWSCURRENT']);
		assert.equal(described.VersionIdsToStages?.[first.versionId], undefined, 'the oldest version lost its labels');
	});

	it('ListSecrets answers the secrets of the caller\'s region whose names start with the name filter', async () => {
		standIn.createSecret('SPAPIAppCredentials-A', 'a');
		standIn.createSecret('SPAPIAppCredentials-B', 'b', { rotationEnabled: true });
		standIn.createSecret('other', 'c');
		standIn.createSecret('SPAPIAppCredentials-EU', 'd', { region: 'eu-west-1' });
		const listed = await clientFor(standIn).send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['SPAPIAppCredentials'] }] }));
		assert.deepEqual(listed.SecretList?.map((entry) => entry.Name).sort(), ['SPAPIAppCredentials-A', 'SPAPIAppCredentials-B']);
		assert.equal(listed.SecretList?.find((entry) => entry.Name === 'SPAPIAppCredentials-B')?.RotationEnabled, true);
		assert.ok(!JSON.stringify(listed).includes('"SecretString"'));
		const all = await clientFor(standIn).send(new ListSecretsCommand({}));
		assert.equal(all.SecretList?.length, 3);
	});

	it('answers AccessDeniedException naming the denied action and the secret as asked, before looking the secret up', async () => {
		const { arn } = standIn.createSecret('guarded', 'value');
		standIn.denyAction('secretsmanager:GetSecretValue');
		const client = clientFor(standIn);
		const byArn = await failure(client.send(new GetSecretValueCommand({ SecretId: arn })));
		assert.equal(byArn.name, 'AccessDeniedException');
		assert.equal(byArn.status, 400);
		assert.equal(byArn.message, `User: arn:aws:iam::123456789012:user/lwa-credentials-test is not authorized to perform: secretsmanager:GetSecretValue on resource: ${arn} because no identity-based policy allows the secretsmanager:GetSecretValue action`);
		const missing = await failure(client.send(new GetSecretValueCommand({ SecretId: 'does-not-exist' })));
		assert.equal(missing.name, 'AccessDeniedException', 'IAM answers first, so a denied caller cannot probe names');
		assert.equal((await client.send(new DescribeSecretCommand({ SecretId: arn }))).Name, 'guarded', 'other actions stay allowed');
		standIn.denyAction('secretsmanager:ListSecrets');
		const list = await failure(client.send(new ListSecretsCommand({})));
		assert.match(list.message, /not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows/);
		standIn.allowAllActions();
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString, 'value');
	});

	it('answers DecryptionFailure for a secret whose key cannot decrypt it, and the value again once that ends', async () => {
		standIn.createSecret('undecryptable', 'value');
		standIn.failDecryption('undecryptable');
		const client = clientFor(standIn);
		const failed = await failure(client.send(new GetSecretValueCommand({ SecretId: 'undecryptable' })));
		assert.deepEqual([failed.name, failed.status], ['DecryptionFailure', 400]);
		assert.match(failed.message, /can't decrypt/);
		assert.equal((await client.send(new DescribeSecretCommand({ SecretId: 'undecryptable' }))).Name, 'undecryptable', 'DescribeSecret needs no decryption');
		standIn.failDecryption('undecryptable', false);
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: 'undecryptable' }))).SecretString, 'value');
	});

	it('records each request\'s operation, region, signature verdict and outcome, never a secret value', async () => {
		standIn.createSecret('recorded', TEAM_SECRET);
		await clientFor(standIn).send(new GetSecretValueCommand({ SecretId: 'recorded' }));
		assert.deepEqual(standIn.requests, [{ target: 'GetSecretValue', region: 'us-east-1', signature: 'valid', outcome: 'success', status: 200 }]);
		assert.ok(!JSON.stringify(standIn.requests).includes('team-client-secret'));
	});
});
