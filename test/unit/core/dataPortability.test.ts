import * as assert from 'node:assert/strict';
import {
	buildDataPortabilityDocument, confirmedScopeId, defaultIntakeHost, INTAKE_HOSTS, isValidScopeId,
	portabilityScopes, QUERY_ID_PLACEHOLDER, scopeIdProblem, suggestedScopeId,
} from '../../../src/core/dataPortability';

const TOKEN = 'Atza|IwEBIExample-token_value';

function document(overrides: Partial<Parameters<typeof buildDataPortabilityDocument>[0]> = {}): string {
	return buildDataPortabilityDocument({
		profileName: 'adp',
		host: 'intake.eu-west-1.portability.data.amazon',
		scopeId: 'portability-customer-profile',
		accessToken: TOKEN,
		expiresAt: Date.UTC(2025, 0, 1, 13, 0, 0),
		now: Date.UTC(2025, 0, 1, 12, 1, 0),
		...overrides,
	});
}

describe('data portability documents', () => {
	it('defaults to the nearest intake host: EU Dublin, NA N. Virginia, FE Oregon', () => {
		assert.equal(defaultIntakeHost('EU').host, 'intake.eu-west-1.portability.data.amazon');
		assert.equal(defaultIntakeHost('NA').host, 'intake.us-east-1.portability.data.amazon');
		assert.equal(defaultIntakeHost('FE').host, 'intake.us-west-2.portability.data.amazon');
		assert.deepEqual(INTAKE_HOSTS.map((entry) => entry.awsRegion), ['eu-west-1', 'us-east-1', 'us-west-2']);
	});

	it('offers only the profile\'s portability:: scopes, once each', () => {
		assert.deepEqual(portabilityScopes(['profile', 'portability::customer_profile', 'portability::physical_orders', 'portability::customer_profile', 'portability::']),
			['portability::customer_profile', 'portability::physical_orders']);
		assert.deepEqual(portabilityScopes(['profile']), []);
	});

	it('maps only the confirmed scope and merely suggests the others', () => {
		assert.equal(confirmedScopeId('portability::customer_profile'), 'portability-customer-profile');
		assert.equal(confirmedScopeId('portability::physical_orders'), undefined);
		assert.equal(confirmedScopeId('toString'), undefined);
		assert.equal(suggestedScopeId('portability::physical_orders'), 'portability-physical-orders');
		assert.equal(suggestedScopeId('profile'), undefined);
	});

	it('accepts scope ids of the form portability-words-with-dashes only', () => {
		for (const good of ['portability-customer-profile', 'portability-physical-orders', 'portability-x']) {
			assert.equal(isValidScopeId(good), true, good);
			assert.equal(scopeIdProblem(good), undefined, good);
		}
		for (const bad of ['', 'portability-', 'portability::customer_profile', 'Portability-x', 'portability-a_b', 'portability-a/../b', 'portability-a\nb', 'x-portability-a']) {
			assert.equal(isValidScopeId(bad), false, JSON.stringify(bad));
			assert.ok(scopeIdProblem(bad), JSON.stringify(bad));
		}
	});

	it('says in its header that it holds a bearer token that other extensions and hot exit can reach', () => {
		const header = document().split('\n').filter((line) => line.startsWith('#')).join('\n');
		assert.match(header, /holds a bearer token/);
		assert.match(header, /other extensions can read it and the editor may back it up to disk \(hot exit\)/);
	});

	it('puts the variables at the top and both requests with the bearer token after them', () => {
		const text = document();
		const lines = text.split('\n');
		const hostLine = lines.indexOf('@host = intake.eu-west-1.portability.data.amazon');
		const scopeLine = lines.indexOf('@scopeId = portability-customer-profile');
		const queryLine = lines.indexOf(`@queryId = ${QUERY_ID_PLACEHOLDER}`);
		const create = lines.indexOf('POST https://{{host}}/{{scopeId}}/data-queries');
		const list = lines.indexOf('GET https://{{host}}/{{scopeId}}/data-queries/{{queryId}}/records?maxResults=10');
		assert.ok(hostLine >= 0 && scopeLine > hostLine && queryLine > scopeLine, 'variables in order');
		assert.ok(create > queryLine && list > create, 'requests after the variables');
		assert.equal(lines[create - 1], '# @name createDataQuery');
		assert.equal(lines[list - 1], '# @name listDataQueryRecords');
		assert.match(lines[create - 2], /^### createDataQuery/);
		assert.match(lines[list - 2], /^### listDataQueryRecords/);
		assert.equal(lines[create + 1], `Authorization: Bearer ${TOKEN}`);
		assert.equal(lines[list + 1], `Authorization: Bearer ${TOKEN}`);
		assert.ok(lines.slice(0, hostLine).every((line) => line === '' || line.startsWith('#')), 'only comments before the variables');
	});

	it('says when the token expires and that the document holds a secret', () => {
		const text = document();
		assert.match(text, /expires at 2025-01-01T13:00:00\.000Z \(in about 59 minutes\)/);
		assert.match(text, /do not save it in a repository/);
	});

	it('sends both requests to the profile\'s endpoints.dataPortability instead of the intake host when it is given', () => {
		const lines = document({ baseUrl: 'http://127.0.0.1:8123/intake.eu-west-1.portability.data.amazon/' }).split('\n');
		assert.ok(lines.includes('@baseUrl = http://127.0.0.1:8123/intake.eu-west-1.portability.data.amazon'), 'the override, without its trailing slash');
		assert.ok(!lines.some((line) => line.startsWith('@host')), 'no @host variable');
		assert.ok(lines.includes('POST {{baseUrl}}/{{scopeId}}/data-queries'));
		assert.ok(lines.includes('GET {{baseUrl}}/{{scopeId}}/data-queries/{{queryId}}/records?maxResults=10'));
		assert.ok(!lines.some((line) => /^(POST|GET) https:\/\/\{\{host\}\}/.test(line)), 'no request to the intake host');
		assert.ok(lines.indexOf('@baseUrl = http://127.0.0.1:8123/intake.eu-west-1.portability.data.amazon') < lines.indexOf('@scopeId = portability-customer-profile'), 'variables in order');
	});

	it('refuses a base URL that would break the document or is not http(s) without query and credentials', () => {
		for (const bad of ['http://127.0.0.1:1/x\nGET https://evil', 'http://127.0.0.1:1/{{host}}', 'file:///etc', 'https://gw.example/x?a=1', 'https://user:pw@gw.example', 'not a url', 'https://gw.example/a b']) {
			assert.throws(() => document({ baseUrl: bad }), Error, JSON.stringify(bad));
		}
	});

	it('refuses inputs that would break the document', () => {
		assert.throws(() => document({ scopeId: 'portability-x\nGET https://evil' }));
		assert.throws(() => document({ host: 'example.com' }));
		assert.throws(() => document({ accessToken: 'Atza|x\nX-Injected: 1' }));
		assert.doesNotMatch(document({ profileName: 'a\n@host = evil' }), /^@host = evil$/m);
	});
});
