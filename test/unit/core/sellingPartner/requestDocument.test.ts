// The SP-API .http document and the "SP-API request" copy format: what they hold, and the inputs
// that would break them (a line break in a name, a token that cannot be a header, a host with a query).
import * as assert from 'node:assert/strict';
import { formatToken, isCopyFormat, isSellingPartnerCopyFormat } from '../../../../src/core/copyFormats';
import { buildSellingPartnerRequestDocument, MARKETPLACE_PARTICIPATIONS_PATH, sellingPartnerCurl, sellingPartnerUserAgent } from '../../../../src/core/sellingPartner/requestDocument';

const TOKEN = 'Atza|unit-test-token\'x';
const BASE = 'https://sellingpartnerapi-eu.amazon.com';
const UA = sellingPartnerUserAgent('0.1.0', 'http');

function document(overrides: Partial<Parameters<typeof buildSellingPartnerRequestDocument>[0]> = {}): string {
	return buildSellingPartnerRequestDocument({
		profileName: 'eu seller', partner: 'A1EXAMPLE1234', apiBase: BASE, hostKind: 'production',
		accessToken: TOKEN, expiresAt: Date.UTC(2030, 0, 1, 1), now: Date.UTC(2030, 0, 1), userAgent: UA, ...overrides,
	});
}

describe('SP-API request document', () => {
	it('holds the host, the token in x-amz-access-token, a user-agent and GET /sellers/v1/marketplaceParticipations', () => {
		const text = document();
		assert.match(text, /^@host = https:\/\/sellingpartnerapi-eu\.amazon\.com$/m);
		assert.match(text, /^@userAgent = lwa-credentials\/0\.1\.0 \(Language=http\)$/m);
		assert.ok(text.includes(`@accessToken = ${TOKEN}\n`));
		assert.ok(text.includes(`GET {{host}}${MARKETPLACE_PARTICIPATIONS_PATH}\nx-amz-access-token: {{accessToken}}\nuser-agent: {{userAgent}}\n`));
		assert.match(text, /^### /m, 'requests are separated as REST Client and httpyac expect');
		assert.match(text, /holds an access token: do not save it/);
	});

	it('names the sandbox host as such and drops a trailing slash of an override', () => {
		assert.match(document({ apiBase: 'https://sandbox.sellingpartnerapi-na.amazon.com', hostKind: 'sandbox' }), /static examples/);
		assert.match(document({ apiBase: 'http://127.0.0.1:4567/', hostKind: 'override' }), /^@host = http:\/\/127\.0\.0\.1:4567$/m);
	});

	it('keeps a profile name with line breaks on its comment line', () => {
		const text = document({ profileName: 'a\nGET https://evil.example/\r\n@accessToken = x' });
		assert.equal(text.split('\n').filter((line) => line.startsWith('@accessToken')).length, 1);
		assert.ok(!/^GET https:\/\/evil/m.test(text));
	});

	it('refuses a token that cannot be a header, a host with a query, user name or plain http, and an overlong user-agent', () => {
		assert.throws(() => document({ accessToken: 'Atza|a\nb' }));
		assert.throws(() => document({ accessToken: 'Atza|a b' }));
		assert.throws(() => document({ apiBase: 'https://example.com/?x=1' }));
		assert.throws(() => document({ apiBase: 'https://user@example.com' }));
		assert.throws(() => document({ apiBase: 'http://sellingpartnerapi-na.amazon.com' }));
		assert.throws(() => document({ userAgent: 'x'.repeat(501) }));
	});

	it('builds a user-agent of safe characters whatever the version says', () => {
		assert.equal(sellingPartnerUserAgent('1.2.3\r\nX: y', 'curl'), 'lwa-credentials/1.2.3Xy (Language=curl)');
	});
});

describe('SP-API request copy format', () => {
	it('is a copy format of its own, which needs the host', () => {
		assert.ok(isCopyFormat('spApiRequest'));
		assert.ok(isSellingPartnerCopyFormat('spApiRequest'));
		assert.throws(() => formatToken('spApiRequest', TOKEN));
	});

	it('is curl with the host, x-amz-access-token and user-agent, quoted for a shell', () => {
		assert.equal(formatToken('spApiRequest', TOKEN, undefined, { apiBase: BASE, userAgent: 'lwa-credentials/0.1.0 (Language=curl)' }),
			'curl -H \'x-amz-access-token: Atza|unit-test-token\'\\\'\'x\' -H \'user-agent: lwa-credentials/0.1.0 (Language=curl)\' -H \'accept: application/json\' \'https://sellingpartnerapi-eu.amazon.com/sellers/v1/marketplaceParticipations\'');
	});

	it('names the method and path of a Restricted Data Token, and refuses a path the path check refuses', () => {
		const curl = sellingPartnerCurl('Atz.sprdt|x', { apiBase: BASE, userAgent: UA, method: 'DELETE', path: '/mfn/v0/shipments/ABC-1' });
		assert.match(curl, /^curl -X DELETE /);
		assert.ok(curl.endsWith('\'https://sellingpartnerapi-eu.amazon.com/mfn/v0/shipments/ABC-1\''));
		for (const path of ['/orders/v0/orders/1/../2', '/orders/v0/orders/1%2F2', '/orders/v0/orders/1?x=\'$(id)\'', '/orders/v0/orders/1\u0000', `/orders/v0/orders/${'1'.repeat(600)}`]) {
			assert.throws(() => sellingPartnerCurl('Atz.sprdt|x', { apiBase: BASE, userAgent: UA, method: 'GET', path }), path.slice(0, 30));
		}
	});
});
