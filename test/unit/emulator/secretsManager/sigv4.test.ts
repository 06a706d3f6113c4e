import * as assert from 'node:assert/strict';
import { verifySignature } from '../../../../src/emulator/secretsManager/sigv4';

// AWS's SigV4 documentation works one request through by hand (IAM ListUsers, the example key
// AKIDEXAMPLE, 2015-08-30 12:36:00 UTC) and prints the signature it gets; the checker must agree with
// that worked example, not only with the SDK's signer.
const EXAMPLE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const EXAMPLE_SIGNATURE = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const EXAMPLE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);

function exampleRequest(signature = EXAMPLE_SIGNATURE, path = '/?Action=ListUsers&Version=2010-05-08') {
	return {
		method: 'GET',
		path,
		rawHeaders: [
			'Host', 'iam.amazonaws.com',
			'Content-Type', 'application/x-www-form-urlencoded; charset=utf-8',
			'X-Amz-Date', '20150830T123600Z',
			'Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`,
		],
		body: Buffer.alloc(0),
	};
}

const POLICY = {
	service: 'iam',
	now: () => EXAMPLE_TIME,
	secretKeyOf: (accessKeyId: string) => accessKeyId === 'AKIDEXAMPLE' ? EXAMPLE_SECRET_KEY : undefined,
	acceptsRegion: (region: string) => region === 'us-east-1',
};

describe('Secrets Manager stand-in: the SigV4 checker against AWS\'s worked example', () => {
	it('accepts the signature AWS\'s documentation computes for its example request', () => {
		assert.deepEqual(verifySignature(exampleRequest(), POLICY), { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1' });
	});

	it('accepts the example with its query parameters in another order (the canonical query is sorted)', () => {
		assert.equal(verifySignature(exampleRequest(EXAMPLE_SIGNATURE, '/?Version=2010-05-08&Action=ListUsers'), POLICY).region, 'us-east-1');
	});

	it('refuses the example with one character of the signature changed, or another query value', () => {
		assert.throws(() => verifySignature(exampleRequest(`${EXAMPLE_SIGNATURE.slice(0, -1)}8`), POLICY), { type: 'InvalidSignatureException' });
		assert.throws(() => verifySignature(exampleRequest(EXAMPLE_SIGNATURE, '/?Action=ListUsers&Version=2010-05-09'), POLICY), { type: 'InvalidSignatureException' });
	});
});
