// Token lines of .http documents and the hashes of issued tokens (src/core/tokenLines/).
import * as assert from 'node:assert/strict';
import { IssuedTokens, MAX_ISSUED_TOKENS } from '../../../../src/core/tokenLines/issuedTokens';
import { dotenvReference, tokenOnLine } from '../../../../src/core/tokenLines/tokenLines';
import { withTokenReference } from '../../../../src/core/tokenLines/tokenReference';
import { buildAdsRequestDocument } from '../../../../src/core/ads/requestDocument';
import { buildCustomerProfileDocument } from '../../../../src/core/customerProfileRequest';
import { buildDataPortabilityDocument } from '../../../../src/core/dataPortability';
import { buildSellingPartnerRequestDocument } from '../../../../src/core/sellingPartner/requestDocument';

describe('token lines of .http documents (tokenLines)', () => {
	it('finds the token of a file variable, an Authorization: Bearer header and an x-amz-access-token header, with its offsets', () => {
		for (const [line, prefix] of [['@accessToken = Atza|abc', '@accessToken = '], ['Authorization: Bearer Atza|abc', 'Authorization: Bearer '], ['x-amz-access-token: Atza|abc  ', 'x-amz-access-token: ']]) {
			assert.deepEqual(tokenOnLine(line), { start: prefix.length, end: prefix.length + 'Atza|abc'.length, token: 'Atza|abc' }, line);
		}
	});

	it('finds nothing in a variable reference, a request line, an over-long line or a header with two values', () => {
		for (const line of ['Authorization: Bearer {{accessToken}}', '@accessToken = {{$dotenv LWA_ACCESS_TOKEN}}', 'GET https://example.com', `@x = ${'a'.repeat(9001)}`, 'Authorization: Bearer a b']) {
			assert.equal(tokenOnLine(line), undefined, line.slice(0, 40));
		}
	});

	it('writes REST Client\'s dotenv reference', () => {
		assert.equal(dotenvReference('LWA_ACCESS_TOKEN'), '{{$dotenv LWA_ACCESS_TOKEN}}');
	});
});

describe('issued tokens (IssuedTokens)', () => {
	it('knows a remembered token with its profile, account and expiry, and not a look-alike', () => {
		const issued = new IssuedTokens();
		issued.remember('Atza|one', { profile: 'p', account: { kind: 'partner', id: 'A1' }, expiresAt: 5 });
		assert.deepEqual(issued.lookup('Atza|one'), { profile: 'p', account: { kind: 'partner', id: 'A1' }, expiresAt: 5 });
		assert.equal(issued.lookup('Atza|one '), undefined);
		assert.equal(issued.lookup('Atza|two'), undefined);
	});

	it('keeps no token: nothing it holds contains the token text', () => {
		const issued = new IssuedTokens();
		issued.remember('Atza|secret-value', { profile: 'p', expiresAt: 1 });
		const held = JSON.stringify([...(issued as unknown as { known: Map<string, unknown> }).known]);
		assert.equal(held.includes('secret-value'), false);
	});

	it('two windows (two instances) hash the same token differently', () => {
		const a = new IssuedTokens();
		const b = new IssuedTokens();
		a.remember('Atza|x', { profile: 'p', expiresAt: 1 });
		b.remember('Atza|x', { profile: 'p', expiresAt: 1 });
		assert.notDeepEqual([...(a as unknown as { known: Map<string, unknown> }).known.keys()], [...(b as unknown as { known: Map<string, unknown> }).known.keys()]);
	});

	it('forgets the oldest beyond its limit', () => {
		const issued = new IssuedTokens();
		for (let index = 0; index <= MAX_ISSUED_TOKENS; index++) {
			issued.remember(`Atza|${index}`, { profile: 'p', expiresAt: index });
		}
		assert.equal(issued.lookup('Atza|0'), undefined);
		assert.equal(issued.lookup(`Atza|${MAX_ISSUED_TOKENS}`)?.expiresAt, MAX_ISSUED_TOKENS);
	});
});

describe('documents that name the variable file (withTokenReference)', () => {
	const token = 'Atza|document-token';
	const variable = { file: '.env', name: 'LWA_ACCESS_TOKEN' };
	const documents: Record<string, string> = {
		customerProfile: buildCustomerProfileDocument({ profileName: 'p', profileUrl: 'https://api.amazon.com/user/profile', scopes: ['profile'], accessToken: token, expiresAt: 3_600_000, now: 0 }),
		dataPortability: buildDataPortabilityDocument({ profileName: 'p', host: 'intake.us-east-1.portability.data.amazon', scopeId: 'portability-customer-profile', accessToken: token, expiresAt: 3_600_000, now: 0 }),
		ads: buildAdsRequestDocument({ profileName: 'p', host: 'https://advertising-api.amazon.com', clientId: 'c', accessToken: token, expiresAt: 3_600_000, now: 0 }),
		sellingPartner: buildSellingPartnerRequestDocument({ profileName: 'p', partner: 'A1', apiBase: 'https://sellingpartnerapi-na.amazon.com', hostKind: 'production', accessToken: token, expiresAt: 3_600_000, now: 0, userAgent: 'x/1 (Language=http)' }),
	};
	for (const [kind, content] of Object.entries(documents)) {
		it(`the ${kind} document holds no token, only the reference, and no comment about a token in it`, () => {
			const changed = withTokenReference(content, token, variable);
			assert.equal(changed.includes(token), false);
			assert.equal(changed.includes('{{$dotenv LWA_ACCESS_TOKEN}}'), true);
			assert.equal(/expires at|holds (a bearer|an access) token/.test(changed), false);
			assert.match(changed.split('\n')[1], /LWA_ACCESS_TOKEN of \.env/);
		});
	}
});
