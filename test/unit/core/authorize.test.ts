import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { createAuthorizationRequest, decodeState, encodeState } from '../../../src/core/lwa/authorize';
import { callbackParamsFromQuery, parseCallbackInput, validateCallback } from '../../../src/core/lwa/callback';
import { isLwaError, LwaError } from '../../../src/core/lwa/errors';
import { codeChallengeS256, createCodeVerifier, createNonce } from '../../../src/core/lwa/pkce';

const base = {
	authorizationEndpoint: 'https://www.amazon.com/ap/oa',
	clientId: 'amzn1.application-oa2-client.abc',
	scopes: ['profile', 'postal_code'],
	redirectUri: 'http://127.0.0.1:53682/lwa/callback',
	pkce: true,
};

describe('PKCE', () => {
	it('computes the RFC 7636 appendix B challenge', () => {
		assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
	});

	it('creates verifiers of 43 unreserved characters and different each time', () => {
		const verifiers = new Set(Array.from({ length: 50 }, () => createCodeVerifier()));
		assert.equal(verifiers.size, 50);
		for (const verifier of verifiers) {
			assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/);
		}
	});

	it('creates 256-bit nonces', () => {
		assert.equal(Buffer.from(createNonce(), 'base64url').length, 32);
	});
});

describe('createAuthorizationRequest', () => {
	it('puts every LWA parameter into the URL with a space-separated scope and an S256 challenge', () => {
		const request = createAuthorizationRequest({ ...base, scopeData: { profile: { essential: true } } });
		const url = new URL(request.url);
		assert.equal(`${url.origin}${url.pathname}`, 'https://www.amazon.com/ap/oa');
		assert.equal(url.searchParams.get('client_id'), base.clientId);
		assert.equal(url.searchParams.get('scope'), 'profile postal_code');
		assert.ok(request.url.includes('scope=profile%20postal_code'));
		assert.deepEqual(JSON.parse(url.searchParams.get('scope_data') ?? ''), { profile: { essential: true } });
		assert.equal(url.searchParams.get('response_type'), 'code');
		assert.equal(url.searchParams.get('redirect_uri'), base.redirectUri);
		assert.equal(url.searchParams.get('state'), request.state);
		assert.equal(request.state, request.nonce);
		assert.ok(Buffer.from(request.nonce, 'base64url').length * 8 >= 128);
		assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
		assert.equal(url.searchParams.get('code_challenge'), codeChallengeS256(request.codeVerifier ?? ''));
	});

	it('leaves PKCE and scope_data out when not asked for', () => {
		const request = createAuthorizationRequest({ ...base, pkce: false });
		const url = new URL(request.url);
		assert.equal(request.codeVerifier, undefined);
		assert.equal(url.searchParams.has('code_challenge'), false);
		assert.equal(url.searchParams.has('code_challenge_method'), false);
		assert.equal(url.searchParams.has('scope_data'), false);
	});

	it('carries the relay route, not a URL, inside state', () => {
		const request = createAuthorizationRequest({ ...base, relay: { kind: 'vscode' } });
		assert.equal(request.state, `${request.nonce}.vscode`);
		assert.deepEqual(decodeState(request.state), { nonce: request.nonce, relay: { kind: 'vscode' } });
	});

	it('makes a fresh state and verifier for every request', () => {
		const first = createAuthorizationRequest(base);
		const second = createAuthorizationRequest(base);
		assert.notEqual(first.state, second.state);
		assert.notEqual(first.codeVerifier, second.codeVerifier);
	});
});

describe('state encoding', () => {
	it('round-trips any nonce with and without a relay route', () => {
		const routeArbitrary = fc.option(fc.oneof(
			fc.constantFrom({ kind: 'vscode' }, { kind: 'cursor' }),
			fc.record({ kind: fc.constant('web-code-oss'), reqid: fc.stringMatching(/^[0-9]{1,15}$/) }),
		), { nil: undefined });
		fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/), routeArbitrary, (nonce, relay) => {
			const decoded = decodeState(encodeState(nonce, relay));
			assert.deepEqual(decoded, relay ? { nonce, relay: { ...relay } } : { nonce });
		}));
	});

	it('refuses states it did not make', () => {
		for (const state of ['', 'a.b.c', 'ab cd', 'abc.***', 'abc.', 'AAAAAAAAAAAAAAAA.***', 'AAAAAAAAAAAAAAAA.']) {
			assert.equal(decodeState(state), undefined, state);
		}
	});
});

const codeArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

function simulateRedirect(redirectUri: string, params: Record<string, string>): string {
	const url = new URL(redirectUri);
	for (const [name, value] of Object.entries(params)) {
		url.searchParams.set(name, value);
	}
	return url.toString();
}

describe('callback round trips (property-based)', () => {
	it('build URL -> redirect with code and state -> parse -> validate yields the same code', () => {
		fc.assert(fc.property(codeArbitrary, fc.boolean(), fc.option(fc.constantFrom({ kind: 'vscode' }, { kind: 'web-code-oss', reqid: '7' }), { nil: undefined }), (code, pkce, relay) => {
			const request = createAuthorizationRequest({ ...base, pkce, ...(relay !== undefined ? { relay } : {}) });
			const redirected = simulateRedirect(request.redirectUri, { code, state: request.state, scope: 'profile' });
			const { params, bareCode } = parseCallbackInput(redirected);
			assert.equal(bareCode, false);
			assert.deepEqual(validateCallback(params, request.state), { code, scope: 'profile' });
			// The same redirect pasted as a query string works too.
			assert.equal(validateCallback(parseCallbackInput(new URL(redirected).search).params, request.state).code, code);
		}));
	});

	it('refuses any state other than the expected one', () => {
		const request = createAuthorizationRequest(base);
		fc.assert(fc.property(codeArbitrary, fc.string(), (code, state) => {
			fc.pre(state !== request.state);
			const { params } = parseCallbackInput(simulateRedirect(request.redirectUri, { code, state }));
			assert.throws(() => validateCallback(params, request.state), (error: unknown) => isLwaError(error, 'state_mismatch'));
		}));
	});

	it('never throws anything but LwaError on arbitrary input', () => {
		fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true, withFragments: true })), fc.option(fc.string(), { nil: undefined }), (input, expected) => {
			try {
				validateCallback(parseCallbackInput(input).params, expected);
			} catch (error) {
				assert.ok(error instanceof LwaError, `threw ${String(error)}`);
			}
		}), { numRuns: 500 });
	});
});

describe('parseCallbackInput', () => {
	it('accepts a bare code, with no state check', () => {
		const { params, bareCode } = parseCallbackInput('  ANdNAVhyhqirUelHGEHA \n');
		assert.equal(bareCode, true);
		assert.deepEqual(validateCallback(params, undefined), { code: 'ANdNAVhyhqirUelHGEHA' });
	});

	it('accepts a query string with or without the question mark', () => {
		assert.equal(parseCallbackInput('?code=abc&state=s').params.code, 'abc');
		assert.equal(parseCallbackInput('code=abc&state=s').params.state, 's');
	});

	it('reads error and error_description', () => {
		assert.deepEqual(parseCallbackInput('https://example.com/cb?error=access_denied&error_description=User+denied&state=s').params,
			{ error: 'access_denied', errorDescription: 'User denied', state: 's' });
	});

	const refusals: [string, string][] = [
		['repeated code', 'https://example.com/cb?code=a&code=b&state=s'],
		['repeated state', '?code=a&state=s&state=t'],
		['oversized input', `https://example.com/cb?code=${'a'.repeat(9000)}`],
		['empty input', '   '],
		['junk', 'this is not a code!'],
		['an unparsable URL', 'http://[::1/cb?code=a'],
	];
	for (const [name, input] of refusals) {
		it(`refuses ${name} as malformed_callback`, () => {
			assert.throws(() => parseCallbackInput(input), (error: unknown) => isLwaError(error, 'malformed_callback'));
		});
	}

	it('refuses repeated parameters in a URLSearchParams too', () => {
		assert.throws(() => callbackParamsFromQuery(new URLSearchParams('error=a&error=b')), (error: unknown) => isLwaError(error, 'malformed_callback'));
	});
});

describe('validateCallback', () => {
	const errors: [string, string][] = [
		['access_denied', 'access_denied'],
		['invalid_scope', 'invalid_scope'],
		['unauthorized_client', 'unauthorized_client'],
		['invalid_request', 'invalid_request'],
		['unsupported_response_type', 'unsupported_response_type'],
		['server_error', 'server_error'],
		['temporarily_unavailable', 'temporarily_unavailable'],
		['something_else', 'authorization_failed'],
	];
	for (const [error, code] of errors) {
		it(`turns error=${error} into ${code} with a plain message and never the server text`, () => {
			const description = 'An unknown scope was requested Atza|SENTINEL';
			assert.throws(() => validateCallback({ error, errorDescription: description, state: 's' }, 's'), (thrown: unknown) => {
				assert.ok(isLwaError(thrown));
				assert.equal(thrown.code, code);
				assert.ok(!thrown.message.includes('SENTINEL'));
				assert.ok(!thrown.message.includes('unknown scope was requested'));
				assert.ok(!JSON.stringify(thrown.facts).includes('SENTINEL'));
				return true;
			});
		});
	}

	it('refuses a missing code', () => {
		assert.throws(() => validateCallback({ state: 's' }, 's'), (error: unknown) => isLwaError(error, 'missing_code'));
		assert.throws(() => validateCallback({ code: '', state: 's' }, 's'), (error: unknown) => isLwaError(error, 'missing_code'));
	});

	it('refuses a missing state when one is expected', () => {
		assert.throws(() => validateCallback({ code: 'abc' }, 's'), (error: unknown) => isLwaError(error, 'state_mismatch'));
	});

	it('treats an error for another sign-in as a state mismatch', () => {
		assert.throws(() => validateCallback({ error: 'access_denied', state: 'other' }, 's'), (error: unknown) => isLwaError(error, 'state_mismatch'));
	});

	it('refuses a code with unexpected characters', () => {
		assert.throws(() => validateCallback({ code: 'a b<script>', state: 's' }, 's'), (error: unknown) => isLwaError(error, 'malformed_callback'));
	});
});
