// The copy formats as pure functions (the same ones lwa.copyAs uses).
import * as assert from 'node:assert/strict';
import { COPY_FORMATS, formatToken, isCopyFormat } from '../../../src/core/copyFormats';

describe('Copy formats', () => {
	const token = 'Atza|IwEBIabc\'def';

	it('shapes the token for each use', () => {
		assert.equal(formatToken('raw', token), token);
		assert.equal(formatToken('bearer', token), `Bearer ${token}`);
		assert.equal(formatToken('authorizationHeader', token), `Authorization: Bearer ${token}`);
		assert.equal(formatToken('amzAccessTokenHeader', token), `x-amz-access-token: ${token}`);
		assert.equal(formatToken('dotenv', token), `LWA_ACCESS_TOKEN=${token}`);
		assert.equal(formatToken('restClientVariable', token), `@lwaToken = ${token}`);
	});

	it('quotes the token in the curl command so a shell does not read | as a pipe', () => {
		assert.equal(formatToken('curl', token), `curl -H 'Authorization: Bearer Atza|IwEBIabc'\\''def' https://api.amazon.com/user/profile`);
	});

	it('lists every format once, each with a label and description', () => {
		const formats = COPY_FORMATS.map((entry) => entry.format);
		assert.equal(new Set(formats).size, formats.length);
		assert.equal(formats.length, 7);
		for (const entry of COPY_FORMATS) {
			assert.ok(entry.label && entry.description);
			assert.ok(isCopyFormat(entry.format));
		}
		assert.equal(isCopyFormat('yaml'), false);
	});

	it('refuses to shape a token in a format it does not know, without repeating the token', () => {
		assert.throws(() => formatToken('yaml' as never, token), (error: Error) => error.message === 'Unknown copy format: yaml');
	});
});
