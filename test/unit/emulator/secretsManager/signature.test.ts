import * as assert from 'node:assert/strict';
import type { SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';
import { MAX_BODY_BYTES } from '../../../../src/emulator/secretsManager/server';
import { clientFor, rawPost, signedHeaders, startStandIn } from './support';

const TARGET = 'secretsmanager.GetSecretValue';
const BODY = JSON.stringify({ SecretId: 'signed' });
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('Secrets Manager stand-in: SigV4 and hostile requests', () => {
	let standIn: SecretsManagerStandIn;

	beforeEach(async () => {
		standIn = await startStandIn();
		standIn.createSecret('signed', 'value');
	});

	afterEach(async () => {
		await standIn.close();
	});

	it('accepts a raw request signed by the SDK\'s signer and answers it in the JSON 1.1 shape', async () => {
		const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY), BODY);
		assert.equal(answer.status, 200);
		assert.equal(answer.json?.SecretString, 'value');
		assert.equal(typeof answer.json?.CreatedDate, 'number', 'timestamps are epoch seconds');
	});

	it('answers InvalidSignatureException to the SDK signing with the wrong secret key', async () => {
		const client = clientFor(standIn, { secretAccessKey: 'wrong-secret-key-wrong-secret-key-wrong00' });
		await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: 'signed' })), (error: SecretsManagerServiceException) => {
			assert.equal(error.name, 'InvalidSignatureException');
			assert.equal(error.message, SIGNATURE_MISMATCH);
			return true;
		});
		assert.equal(standIn.requests.at(-1)?.signature, 'InvalidSignatureException');
	});

	it('answers UnrecognizedClientException to an access key it does not know', async () => {
		const client = clientFor(standIn, { accessKeyId: 'AKIAUNKNOWNKEY000000' });
		await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: 'signed' })), { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
	});

	it('with temporary credentials: accepts their session token, refuses none or another, and answers ExpiredTokenException once the session lapses', async () => {
		const temporary = await startStandIn({ sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN' });
		try {
			temporary.createSecret('signed', 'value');
			const command = new GetSecretValueCommand({ SecretId: 'signed' });
			assert.equal((await clientFor(temporary).send(command)).SecretString, 'value');
			await assert.rejects(clientFor(temporary, { sessionToken: null }).send(command), { name: 'UnrecognizedClientException' });
			await assert.rejects(clientFor(temporary, { sessionToken: 'another-session-token' }).send(command), { name: 'UnrecognizedClientException' });
			await assert.rejects(clientFor(standIn, { sessionToken: 'a-token-long-term-keys-do-not-have' }).send(command), { name: 'UnrecognizedClientException' });
			temporary.expireSessionToken();
			await assert.rejects(clientFor(temporary).send(command), { name: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
		} finally {
			await temporary.close();
		}
	});

	it('answers MissingAuthenticationTokenException to a request without Authorization', async () => {
		const headers = await signedHeaders(standIn, TARGET, BODY);
		delete headers.authorization;
		const answer = await rawPost(standIn, headers, BODY);
		assert.deepEqual([answer.status, answer.json], [400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }]);
	});

	it('answers IncompleteSignatureException to an Authorization of another scheme or without its parts', async () => {
		const headers = await signedHeaders(standIn, TARGET, BODY);
		const other = await rawPost(standIn, { ...headers, authorization: 'Bearer Atza|token' }, BODY);
		assert.equal(other.json?.__type, 'IncompleteSignatureException');
		const partial = await rawPost(standIn, { ...headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLESTANDIN01/20260101/us-east-1/secretsmanager/aws4_request' }, BODY);
		assert.equal(partial.json?.__type, 'IncompleteSignatureException');
		assert.match(String(partial.json?.message), /requires 'Signature' parameter.*requires 'SignedHeaders' parameter/);
	});

	it('refuses a signature scoped to another service', async () => {
		const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { service: 'kms' }), BODY);
		assert.deepEqual([answer.status, answer.json?.__type, answer.json?.message], [400, 'InvalidSignatureException', "Credential should be scoped to correct service: 'secretsmanager'. "]);
	});

	it('refuses a signature scoped to a region AWS does not have', async () => {
		const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { region: 'us-east-7' }), BODY);
		assert.deepEqual([answer.json?.__type, answer.json?.message], ['InvalidSignatureException', 'Credential should be scoped to a valid region. ']);
	});

	it('a regional endpoint refuses a credential scoped to another region, and answers its own', async () => {
		const ireland = new URL(standIn.regionalUrl('eu-west-1')).pathname;
		const misScoped = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { region: 'us-east-1' }, ireland), BODY, ireland);
		assert.deepEqual([misScoped.json?.__type, misScoped.json?.message], ['InvalidSignatureException', 'Credential should be scoped to a valid region. ']);
		const own = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { region: 'eu-west-1' }, ireland), BODY, ireland);
		assert.equal(own.json?.__type, 'ResourceNotFoundException', 'the secret lives in us-east-1');
		const client = clientFor(standIn, { endpoint: standIn.regionalUrl('us-east-1') });
		assert.equal((await client.send(new GetSecretValueCommand({ SecretId: 'signed' }))).SecretString, 'value', 'the SDK works against a regional endpoint');
	});

	it('refuses a signature more than 5 minutes old or ahead, naming the window', async () => {
		const old = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { signingDate: new Date(Date.now() - 6 * 60_000) }), BODY);
		assert.equal(old.json?.__type, 'InvalidSignatureException');
		assert.match(String(old.json?.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
		const ahead = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { signingDate: new Date(Date.now() + 6 * 60_000) }), BODY);
		assert.match(String(ahead.json?.message), /^Signature not yet current: /);
		const recent = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, { signingDate: new Date(Date.now() - 4 * 60_000) }), BODY);
		assert.equal(recent.status, 200, 'four minutes is inside the window');
	});

	it('lets the SDK correct a skewed clock from the Date header and retry, as it does against AWS', async () => {
		const client = clientFor(standIn, { systemClockOffset: -20 * 60_000, maxAttempts: 2 });
		const answer = await client.send(new GetSecretValueCommand({ SecretId: 'signed' }));
		assert.equal(answer.SecretString, 'value');
		assert.deepEqual(standIn.requests.map((request) => request.signature), ['InvalidSignatureException', 'valid']);
	});

	it('refuses a body changed after signing, a changed signed header, and a signature without host', async () => {
		const headers = await signedHeaders(standIn, TARGET, BODY);
		const changedBody = await rawPost(standIn, headers, JSON.stringify({ SecretId: 'other' }));
		assert.deepEqual([changedBody.json?.__type, changedBody.json?.message], ['InvalidSignatureException', SIGNATURE_MISMATCH]);
		const changedTarget = await rawPost(standIn, { ...headers, 'x-amz-target': 'secretsmanager.DescribeSecret' }, BODY);
		assert.equal(changedTarget.json?.__type, 'InvalidSignatureException');
		const withoutHost = headers.authorization.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;');
		assert.notEqual(withoutHost, headers.authorization, 'the test removed host from SignedHeaders');
		assert.equal((await rawPost(standIn, { ...headers, authorization: withoutHost }, BODY)).json?.__type, 'InvalidSignatureException');
	});

	it('answers UnknownOperationException to an unknown or missing X-Amz-Target, after checking the signature', async () => {
		const unknown = await rawPost(standIn, await signedHeaders(standIn, 'secretsmanager.DeleteSecret', BODY), BODY);
		assert.deepEqual([unknown.status, unknown.json], [400, { __type: 'UnknownOperationException' }]);
		const prototypeName = await rawPost(standIn, await signedHeaders(standIn, 'secretsmanager.constructor', BODY), BODY);
		assert.equal(prototypeName.json?.__type, 'UnknownOperationException');
		const otherService = await rawPost(standIn, await signedHeaders(standIn, 'kms.GetSecretValue', BODY), BODY);
		assert.equal(otherService.json?.__type, 'UnknownOperationException');
		const unsigned = await rawPost(standIn, { 'x-amz-target': 'secretsmanager.DeleteSecret' }, BODY);
		assert.equal(unsigned.json?.__type, 'MissingAuthenticationTokenException');
	});

	it('answers SerializationException to a body that is not a JSON object, without quoting it', async () => {
		for (const body of ['{"SecretId": "signed", "SecretString": "hunter2', '[1,2]', 'null', '{"SecretId": 42}']) {
			const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, body), body);
			assert.deepEqual([answer.status, answer.json], [400, { __type: 'SerializationException' }], body);
			assert.ok(!answer.text.includes('hunter2'));
		}
	});

	it('answers ValidationException to a missing SecretId, not echoing values', async () => {
		const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, '{}'), '{}');
		assert.equal(answer.json?.__type, 'ValidationException');
		assert.match(String(answer.json?.message), /'secretId' failed to satisfy constraint: Member must not be null/);
	});

	it('refuses a body over the cap with 413 before signature or parsing', async () => {
		const huge = JSON.stringify({ SecretId: 'signed', padding: 'A'.repeat(MAX_BODY_BYTES) });
		const answer = await rawPost(standIn, await signedHeaders(standIn, TARGET, huge), huge);
		assert.deepEqual([answer.status, answer.json?.__type], [413, 'RequestEntityTooLargeException']);
		assert.equal(standIn.requests.length, 0, 'nothing past the cap reached the operations');
	});

	it('answers other methods and paths with UnknownOperationException 404', async () => {
		const get = await fetch(standIn.url);
		assert.equal(get.status, 404);
		const elsewhere = await rawPost(standIn, await signedHeaders(standIn, TARGET, BODY, {}, '/admin'), BODY, '/admin');
		assert.deepEqual([elsewhere.status, elsewhere.json?.__type], [404, 'UnknownOperationException']);
	});
});
