import * as assert from 'node:assert/strict';
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import { clientFor, rawPost, signedHeaders, startStandIn } from './support';

const TOKEN = 'a1b2c3d4-0000-4000-8000-000000000001';

describe('Secrets Manager stand-in: writing versions and moving labels with the real SDK', () => {
	let standIn: SecretsManagerStandIn;

	beforeEach(async () => {
		standIn = await startStandIn();
	});

	afterEach(async () => {
		await standIn.close();
	});

	it('PutSecretValue without VersionStages makes the new version AWSCURRENT and the old one AWSPREVIOUS', async () => {
		const first = standIn.createSecret('team', 'one');
		const put = await clientFor(standIn).send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two' }));
		assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
		assert.match(put.VersionId ?? '', /^[0-9a-f-]{36}$/, 'the SDK filled in a ClientRequestToken, which became the version id');
		assert.deepEqual(standIn.current('team'), { secretString: 'two', versionId: put.VersionId });
		assert.deepEqual(standIn.versions('team').map((version) => [version.versionId, version.stages]), [[first.versionId, ['AWSPREVIOUS']], [put.VersionId, ['AWSCURRENT']]]);
	});

	it('PutSecretValue with a repeated ClientRequestToken and the same value changes nothing; with another value it fails', async () => {
		standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const first = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', ClientRequestToken: TOKEN }));
		const again = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', ClientRequestToken: TOKEN }));
		assert.equal(first.VersionId, TOKEN);
		assert.deepEqual([again.VersionId, again.VersionStages], [TOKEN, ['AWSCURRENT']]);
		assert.equal(standIn.versions('team').length, 2, 'no third version');
		await assert.rejects(client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'three', ClientRequestToken: TOKEN })), { name: 'ResourceExistsException' });
		assert.equal(standIn.current('team').secretString, 'two');
	});

	it('PutSecretValue with a custom stage leaves AWSCURRENT where it was', async () => {
		const first = standIn.createSecret('team', 'one');
		const put = await clientFor(standIn).send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', VersionStages: ['LWA_PENDING'] }));
		assert.deepEqual(put.VersionStages, ['LWA_PENDING']);
		assert.deepEqual(standIn.current('team'), { secretString: 'one', versionId: first.versionId });
		const pending = await clientFor(standIn).send(new GetSecretValueCommand({ SecretId: 'team', VersionStage: 'LWA_PENDING' }));
		assert.equal(pending.SecretString, 'two');
	});

	it('a custom stage put again moves off the older version it was on', async () => {
		standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const older = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', VersionStages: ['LWA_PENDING'] }));
		const newer = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'three', VersionStages: ['LWA_PENDING'] }));
		const stages = new Map(standIn.versions('team').map((version) => [version.versionId, version.stages]));
		assert.deepEqual(stages.get(older.VersionId ?? ''), []);
		assert.deepEqual(stages.get(newer.VersionId ?? ''), ['LWA_PENDING']);
	});

	it('UpdateSecretVersionStage moves AWSCURRENT from the version read to the new one, and AWSPREVIOUS behind it', async () => {
		const read = standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const put = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', VersionStages: ['LWA_PENDING'] }));
		const moved = await client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'AWSCURRENT', MoveToVersionId: put.VersionId, RemoveFromVersionId: read.versionId }));
		assert.equal(moved.Name, 'team');
		assert.equal(standIn.current('team').secretString, 'two');
		const described = await client.send(new DescribeSecretCommand({ SecretId: 'team' }));
		assert.deepEqual(described.VersionIdsToStages, { [read.versionId]: ['AWSPREVIOUS'], [put.VersionId ?? '']: ['LWA_PENDING', 'AWSCURRENT'] });
	});

	it('UpdateSecretVersionStage refuses a stale RemoveFromVersionId after a teammate wrote, and changes nothing (the lost race)', async () => {
		const read = standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const put = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'mine', VersionStages: ['LWA_PENDING'] }));
		const teammate = standIn.writeAsTeammate('team', 'theirs');
		await assert.rejects(
			client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'AWSCURRENT', MoveToVersionId: put.VersionId, RemoveFromVersionId: read.versionId })),
			(error: Error & { $metadata: { httpStatusCode?: number } }) => {
				assert.equal(error.name, 'InvalidParameterException');
				assert.equal(error.$metadata.httpStatusCode, 400);
				assert.match(error.message, /RemoveFromVersionId, it must be set to the version that currently has the staging label AWSCURRENT/);
				assert.ok(!error.message.includes('theirs') && !error.message.includes('mine'), 'no value in the message');
				return true;
			},
		);
		assert.deepEqual(standIn.current('team'), { secretString: 'theirs', versionId: teammate.versionId });
	});

	it('UpdateSecretVersionStage refuses to move AWSCURRENT without RemoveFromVersionId, naming the version that holds it', async () => {
		const read = standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const put = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', VersionStages: ['LWA_PENDING'] }));
		await assert.rejects(
			client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'AWSCURRENT', MoveToVersionId: put.VersionId })),
			{ name: 'InvalidParameterException', message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${read.versionId}, so you must explicitly reference that version in RemoveFromVersionId.` },
		);
	});

	it('UpdateSecretVersionStage removes a custom stage, refuses to remove AWSCURRENT alone, and refuses an unknown version', async () => {
		const read = standIn.createSecret('team', 'one');
		const client = clientFor(standIn);
		const put = await client.send(new PutSecretValueCommand({ SecretId: 'team', SecretString: 'two', VersionStages: ['LWA_PENDING'] }));
		await client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'LWA_PENDING', RemoveFromVersionId: put.VersionId }));
		assert.deepEqual(standIn.versions('team').map((version) => version.stages), [['AWSCURRENT'], []]);
		await assert.rejects(client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'AWSCURRENT', RemoveFromVersionId: read.versionId })), { name: 'InvalidParameterException' });
		await assert.rejects(client.send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'LWA_PENDING', MoveToVersionId: '00000000-0000-4000-8000-000000000000' })), { name: 'InvalidParameterException' });
		assert.equal(standIn.current('team').versionId, read.versionId);
	});

	it('moving AWSCURRENT back to the previous version swaps AWSCURRENT and AWSPREVIOUS', async () => {
		const first = standIn.createSecret('team', 'one');
		const second = standIn.writeAsTeammate('team', 'two');
		await clientFor(standIn).send(new UpdateSecretVersionStageCommand({ SecretId: 'team', VersionStage: 'AWSCURRENT', MoveToVersionId: first.versionId, RemoveFromVersionId: second.versionId }));
		assert.deepEqual(standIn.versions('team').map((version) => version.stages), [['AWSCURRENT'], ['AWSPREVIOUS']]);
	});

	it('answers AccessDeniedException for a denied PutSecretValue or UpdateSecretVersionStage and writes nothing', async () => {
		const { arn, versionId } = standIn.createSecret('team', 'one');
		standIn.denyAction('secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage');
		const client = clientFor(standIn);
		await assert.rejects(client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two' })), {
			name: 'AccessDeniedException',
			message: `User: arn:aws:iam::123456789012:user/lwa-credentials-test is not authorized to perform: secretsmanager:PutSecretValue on resource: ${arn} because no identity-based policy allows the secretsmanager:PutSecretValue action`,
		});
		await assert.rejects(client.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, RemoveFromVersionId: versionId })), (error: Error) => error.name === 'AccessDeniedException' && error.message.includes('secretsmanager:UpdateSecretVersionStage'));
		assert.equal(standIn.versions('team').length, 1);
	});

	it('refuses a raw PutSecretValue without ClientRequestToken or value, and a SecretString over 65536 characters', async () => {
		standIn.createSecret('team', 'one');
		const target = 'secretsmanager.PutSecretValue';
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ SecretId: 'team', SecretString: 'two' }, 'InvalidParameterException'],
			[{ SecretId: 'team', ClientRequestToken: TOKEN }, 'InvalidRequestException'],
			[{ SecretId: 'team', ClientRequestToken: 'short', SecretString: 'two' }, 'ValidationException'],
			[{ SecretId: 'team', ClientRequestToken: TOKEN, SecretString: 'x'.repeat(65537) }, 'ValidationException'],
			[{ SecretId: 'team', ClientRequestToken: TOKEN, SecretString: 'two', VersionStages: 'AWSCURRENT' }, 'SerializationException'],
		];
		for (const [input, type] of cases) {
			const body = JSON.stringify(input);
			const answer = await rawPost(standIn, await signedHeaders(standIn, target, body), body);
			assert.equal(answer.json?.__type, type, body.slice(0, 120));
			assert.ok(!answer.text.includes('xxxxxxxx'), 'no value echoed');
		}
		assert.equal(standIn.versions('team').length, 1);
	});
});
