// Requests behind a corporate network, against real servers on loopback: a real forward proxy
// (proxy-chain) with CONNECT and Basic authentication, an HTTPS server whose certificate comes from a
// test CA that only the (stand-in) system store knows, a second CA nobody trusts, and raw TCP
// servers playing hostile proxies. Failures are checked as the HTTP client reports them: an LwaError
// whose cause is a ConnectionFailure with a kind and safe facts, and no credential anywhere in it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { ConnectionFailure } from '../../../src/core/http/connectionFailure';
import type { ProxySettingsInput } from '../../../src/core/http/proxy';
import { parseProxyUrl, resolveProxySettings } from '../../../src/core/http/proxy';
import { challengeSchemes } from '../../../src/core/http/tunnel';
import { printableName, trustedCertificates } from '../../../src/core/http/tlsTrust';
import { CredentialService } from '../../../src/core/credentials/service';
import { credentialKey, CredentialStore } from '../../../src/core/credentials/store';
import { createUndiciHttpClient } from '../../../src/core/http/undiciHttpClient';
import { isTransientFailure, LwaError } from '../../../src/core/lwa/errors';
import { TokenClient } from '../../../src/core/lwa/tokenClient';
import type { HttpClient } from '../../../src/core/ports';
import type { HttpsFront, TestCa, TestProxy } from '../../harness/corporateNetwork';
import { CORP_DOMAIN, issueTestCertificate, makeTestCa, startHttpsFront, startTestProxy } from '../../harness/corporateNetwork';
import { profileAt, seededCredential } from '../evidence/support';
import { ManualClock, MemorySecretStore, RecordingLogger } from './support/fakes';
import type { TestServer } from './support/servers';
import { replyJson, startServer } from './support/servers';

const USER = 'build agent@corp';
const PASSWORD = 'p:ss w%rd-8d1f7c';
const PROXY_USERINFO = `${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}`;

/** Every text that would give the credentials away: as is, percent-encoded, and as the Basic header value. */
const CREDENTIAL_FORMS = [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(`${USER}:${PASSWORD}`).toString('base64')];

function assertNoCredentials(value: unknown, what: string): void {
	const texts = [String(value), JSON.stringify(value) ?? ''];
	if (value instanceof Error) {
		texts.push(value.message, value.stack ?? '', JSON.stringify((value as { cause?: unknown }).cause ?? null), String((value as { cause?: unknown }).cause));
	}
	for (const text of texts) {
		for (const form of CREDENTIAL_FORMS) {
			// Never print the text itself: it might hold the credential.
			assert.ok(!text.includes(form), `${what} holds no proxy credential`);
		}
	}
}

/** Sends one GET and returns the failure it ends with (the test fails if it succeeds). */
async function failureOf(client: ReturnType<typeof createUndiciHttpClient>, url: string): Promise<{ error: LwaError; failure: ConnectionFailure | undefined }> {
	try {
		await client.send({ method: 'GET', url, headers: {} });
	} catch (error) {
		assert.ok(error instanceof LwaError, 'the client rejects with an LwaError');
		assertNoCredentials(error, 'the error');
		const cause = (error as { cause?: unknown }).cause;
		return { error, failure: cause instanceof ConnectionFailure ? cause : undefined };
	}
	assert.fail('the request should have failed');
}

function corpLookup(hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void {
	if (hostname.endsWith(`.${CORP_DOMAIN}`)) {
		if (options.all) {
			callback(null, [{ address: '127.0.0.1', family: 4 }]);
		} else {
			callback(null, '127.0.0.1', 4);
		}
	} else {
		callback(Object.assign(new Error('not a test name'), { code: 'ENOTFOUND' }));
	}
}

describe('Behind a corporate network (real proxy, test CAs)', function () {
	this.timeout(20_000);
	let dir: string;
	let trustedCa: TestCa;
	let untrustedCa: TestCa;
	let api: TestServer;
	let front: HttpsFront;
	let untrustedFront: HttpsFront;
	let proxy: TestProxy;
	/** https: proxies (TLS to the proxy itself): one whose certificate the trusted CA issued, one from the untrusted CA. */
	let tlsProxy: TestProxy;
	let untrustedTlsProxy: TestProxy;
	const clients: { close(): Promise<void> }[] = [];
	/** A system store that holds the trusted test CA, beside Node's bundled CAs. */
	const systemStore = { getCACertificates: (type?: string): string[] => (type === 'system' ? [trustedCa.caPem] : [...tls.rootCertificates]) };

	function client(settings: ProxySettingsInput, extra: { env?: Record<string, string>; caSource?: object; connectTimeoutMs?: number } = {}): ReturnType<typeof createUndiciHttpClient> {
		const created = createUndiciHttpClient({
			proxy: resolveProxySettings(settings, extra.env ?? {}),
			caSource: extra.caSource ?? systemStore,
			lookup: corpLookup as net.LookupFunction,
			connectTimeoutMs: extra.connectTimeoutMs ?? 5000,
		});
		clients.push(created);
		return created;
	}

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwa-corp-'));
		trustedCa = makeTestCa(path.join(dir, 'trusted'), 'LWA Test Corp Inspection CA');
		untrustedCa = makeTestCa(path.join(dir, 'untrusted'), 'Unknown Inspection CA');
		api = await startServer((request, response) => replyJson(response, 200, { path: request.path }));
		front = await startHttpsFront(trustedCa, api.port);
		untrustedFront = await startHttpsFront(untrustedCa, api.port);
		proxy = await startTestProxy();
		tlsProxy = await startTestProxy({}, issueTestCertificate(trustedCa, 'proxy', 'IP:127.0.0.1'));
		untrustedTlsProxy = await startTestProxy({}, issueTestCertificate(untrustedCa, 'proxy', 'IP:127.0.0.1'));
	});

	afterEach(async () => {
		await Promise.all(clients.splice(0).map((each) => each.close()));
		for (const each of [proxy, tlsProxy, untrustedTlsProxy]) {
			each.setBehaviour({});
			each.log.length = 0;
			each.handshakes.completed = 0;
			each.handshakes.failed = 0;
		}
	});

	after(async () => {
		await proxy?.close();
		await tlsProxy?.close();
		await untrustedTlsProxy?.close();
		await front?.close();
		await untrustedFront?.close();
		await api?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('reaches an HTTPS server whose CA only the system store holds, through one CONNECT tunnel of the proxy', async () => {
		const response = await client({ proxy: proxy.url }).send({ method: 'GET', url: `${front.origin()}/auth/o2/token`, headers: {} });
		assert.deepEqual({ status: response.status, body: JSON.parse(response.body) as unknown, tunnels: proxy.tunnels() }, {
			status: 200,
			body: { path: '/auth/o2/token' },
			// The name resolves only inside the proxy, so the answer proves the tunnel carried it.
			tunnels: [`lwa.${CORP_DOMAIN}:${front.port}`],
		});
	});

	it('sends the percent-decoded user and password of the proxy URL as Basic credentials, which the proxy accepts', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const response = await client({ proxy: `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}` }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.equal(response.status, 200);
		assert.deepEqual(proxy.log, [`CONNECT lwa.${CORP_DOMAIN}:${front.port} 200 tunnel opened (authenticated)`]);
	});

	it('sends http.proxyAuthorization as Proxy-Authorization, instead of the URL\'s credentials', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const header = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
		const response = await client({ proxy: `http://someone:else@127.0.0.1:${proxy.port}`, proxyAuthorization: header }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.equal(response.status, 200);
		assert.equal(proxy.tunnels().length, 1);
	});

	it('takes the proxy and its credentials from HTTPS_PROXY when http.proxy is empty', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const response = await client({}, { env: { HTTPS_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}` } }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.equal(response.status, 200);
		assert.equal(proxy.tunnels().length, 1);
	});

	it('reports wrong proxy credentials as proxy_auth_required with the Basic scheme and credentials sent, with no credential in the error', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: 'the-right-one' } });
		const { error, failure } = await failureOf(client({ proxy: `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}` }), `${front.origin()}/x`);
		assert.deepEqual({ code: error.code, reason: error.reason, status: error.status, requestSent: error.requestSent, facts: error.facts, kind: failure?.kind }, {
			code: 'network', reason: 'proxy_auth_required', status: 407, requestSent: false,
			facts: { proxy: proxy.url, schemes: ['Basic'], credentialsSent: true },
			kind: 'proxy_auth_required',
		});
		assert.deepEqual(proxy.log, [`CONNECT lwa.${CORP_DOMAIN}:${front.port} 407 wrong credentials`]);
	});

	it('reports missing proxy credentials as proxy_auth_required with credentials not sent', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const { failure } = await failureOf(client({ proxy: proxy.url }), `${front.origin()}/x`);
		assert.deepEqual({ kind: failure?.kind, schemes: failure?.facts.schemes, credentialsSent: failure?.facts.credentialsSent }, { kind: 'proxy_auth_required', schemes: ['Basic'], credentialsSent: false });
	});

	it('names Negotiate when the proxy asks for Negotiate', async () => {
		proxy.setBehaviour({ credentials: { user: USER, password: PASSWORD }, challenge: 'Negotiate' });
		const { failure } = await failureOf(client({ proxy: proxy.url }), `${front.origin()}/x`);
		assert.deepEqual(failure?.facts.schemes, ['Negotiate']);
	});

	it('reports a 403 from the proxy as proxy_refused and a 502 as proxy_bad_gateway, each with its status', async () => {
		proxy.setBehaviour({ refuseWith: 403 });
		const refused = (await failureOf(client({ proxy: proxy.url }), `${front.origin()}/x`)).failure;
		proxy.setBehaviour({ refuseWith: 502 });
		const badGateway = (await failureOf(client({ proxy: proxy.url }), `${front.origin()}/x`)).failure;
		assert.deepEqual([refused?.kind, refused?.facts.status, badGateway?.kind, badGateway?.facts.status], ['proxy_refused', 403, 'proxy_bad_gateway', 502]);
	});

	it('reports a proxy nobody listens on as proxy_unreachable (ECONNREFUSED), request not sent', async () => {
		const closed = net.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as net.AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const { error, failure } = await failureOf(client({ proxy: `http://127.0.0.1:${port}` }), `${front.origin()}/x`);
		assert.deepEqual({ requestSent: error.requestSent, kind: failure?.kind, systemCode: failure?.facts.systemCode }, { requestSent: false, kind: 'proxy_unreachable', systemCode: 'ECONNREFUSED' });
	});

	it('connects directly, without the proxy, to a host that http.noProxy covers', async () => {
		const response = await client({ proxy: proxy.url, noProxy: [CORP_DOMAIN] }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.deepEqual({ status: response.status, log: proxy.log }, { status: 200, log: [] });
	});

	it('uses no proxy at all with http.proxySupport off, not even the environment\'s', async () => {
		const response = await client({ proxy: proxy.url, proxySupport: 'off' }, { env: { HTTPS_PROXY: proxy.url } }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.deepEqual({ status: response.status, log: proxy.log }, { status: 200, log: [] });
	});

	it('refuses a certificate from a CA the machine does not trust, naming that CA, through the proxy and directly', async () => {
		const throughProxy = (await failureOf(client({ proxy: proxy.url }), `${untrustedFront.origin()}/x`)).failure;
		const direct = (await failureOf(client({}), `${untrustedFront.origin()}/x`)).failure;
		const expected = { kind: 'untrusted_certificate', facts: { systemCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', issuer: 'Unknown Inspection CA', systemStoreUsed: true } };
		assert.deepEqual([{ kind: throughProxy?.kind, facts: throughProxy?.facts }, { kind: direct?.kind, facts: direct?.facts }], [expected, expected]);
		const { error } = await failureOf(client({}), `${untrustedFront.origin()}/x`);
		assert.deepEqual({ reason: error.reason, facts: error.facts }, { reason: 'untrusted_certificate', facts: expected.facts });
	});

	it('accepts the untrusted certificate when http.proxyStrictSSL is false', async () => {
		const response = await client({ proxy: proxy.url, strictSSL: false }).send({ method: 'GET', url: `${untrustedFront.origin()}/x`, headers: {} });
		assert.equal(response.status, 200);
	});

	it('does not trust the system store\'s CA with http.systemCertificates false, and says the store was not used', async () => {
		const { failure } = await failureOf(client({ proxy: proxy.url, systemCertificates: false }), `${front.origin()}/x`);
		assert.deepEqual({ kind: failure?.kind, issuer: failure?.facts.issuer, systemStoreUsed: failure?.facts.systemStoreUsed }, { kind: 'untrusted_certificate', issuer: trustedCa.name, systemStoreUsed: false });
	});

	it('keeps Node\'s default CAs where tls.getCACertificates is missing (older Node), reporting the system store as unavailable', async () => {
		assert.deepEqual(trustedCertificates(true, {}), { system: 'unavailable', systemCount: 0 });
		const { failure } = await failureOf(client({}, { caSource: {} }), `${front.origin()}/x`);
		assert.deepEqual({ kind: failure?.kind, systemStoreUsed: failure?.facts.systemStoreUsed }, { kind: 'untrusted_certificate', systemStoreUsed: false });
	});

	it('refuses a trusted CA\'s certificate that does not name the host asked for, as a TLS failure, not an untrusted CA', async () => {
		// The front's certificate names only *.corp.test; asked for as 127.0.0.1, the names differ.
		const { error, failure } = await failureOf(client({}), `https://127.0.0.1:${front.port}/x`);
		assert.deepEqual({ code: error.code, failure }, { code: 'network', failure: undefined });
	});

	it('speaks TLS to an https:// proxy whose certificate the system store\'s CA issued, and sends the URL\'s Basic credentials inside it', async () => {
		tlsProxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const response = await client({ proxy: `https://${PROXY_USERINFO}@127.0.0.1:${tlsProxy.port}` }).send({ method: 'GET', url: `${front.origin()}/auth/o2/token`, headers: {} });
		assert.deepEqual({ status: response.status, body: JSON.parse(response.body) as unknown, log: tlsProxy.log, handshakes: tlsProxy.handshakes.completed }, {
			status: 200,
			body: { path: '/auth/o2/token' },
			log: [`CONNECT lwa.${CORP_DOMAIN}:${front.port} 200 tunnel opened (authenticated)`],
			// The proxy listens for TLS only: its one completed handshake carried the CONNECT.
			handshakes: 1,
		});
	});

	it('refuses an https:// proxy whose certificate comes from an untrusted CA as untrusted_certificate, before any CONNECT or credential reaches it', async () => {
		untrustedTlsProxy.setBehaviour({ credentials: { user: USER, password: PASSWORD } });
		const { error, failure } = await failureOf(client({ proxy: `https://${PROXY_USERINFO}@127.0.0.1:${untrustedTlsProxy.port}` }), `${front.origin()}/x`);
		assert.deepEqual({ reason: error.reason, requestSent: error.requestSent, kind: failure?.kind, facts: failure?.facts, log: untrustedTlsProxy.log, handshakes: untrustedTlsProxy.handshakes.completed }, {
			reason: 'untrusted_certificate',
			requestSent: false,
			kind: 'untrusted_certificate',
			facts: { proxy: untrustedTlsProxy.url, systemCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
			log: [],
			handshakes: 0,
		});
	});

	it('accepts an https:// proxy\'s untrusted certificate when http.proxyStrictSSL is false', async () => {
		const response = await client({ proxy: untrustedTlsProxy.url, strictSSL: false }).send({ method: 'GET', url: `${front.origin()}/x`, headers: {} });
		assert.deepEqual({ status: response.status, tunnels: untrustedTlsProxy.tunnels() }, { status: 200, tunnels: [`lwa.${CORP_DOMAIN}:${front.port}`] });
	});

	describe('token requests: no retry where a retry cannot help, stored tokens kept', () => {
		/** A refresh of a seeded credential over a real undici client with these settings; counts the token client's sends and waits. */
		async function refreshThrough(settings: ProxySettingsInput, url = front.origin()): Promise<{ error: unknown; sends: number; delays: number[]; tokensKept: boolean }> {
			const http = client(settings, { connectTimeoutMs: 2000 });
			let sends = 0;
			const counting: HttpClient = { send: (request) => {
				sends++;
				return http.send(request);
			} };
			const clock = new ManualClock(Date.now());
			const secrets = new MemorySecretStore();
			const logger = new RecordingLogger();
			const store = new CredentialStore(secrets, logger);
			const delays: number[] = [];
			const tokenClient = new TokenClient({ http: counting, clock, logger, sleep: async (ms) => {
				delays.push(ms);
			} });
			const service = new CredentialService({ store, tokenClient, clock, logger, refreshAheadSeconds: () => 120 });
			const profile = profileAt(url);
			await store.setClientSecret(profile.name, 'client-secret-for-the-test');
			await store.setCredential(seededCredential(profile, clock));
			const stored = secrets.values.get(credentialKey(profile.name));
			let error: unknown;
			try {
				await service.refresh(profile);
			} catch (caught) {
				error = caught;
			}
			assert.ok(error !== undefined, 'the refresh failed');
			assertNoCredentials(error, 'the error');
			service.dispose();
			return { error, sends, delays, tokensKept: stored !== undefined && secrets.values.get(credentialKey(profile.name)) === stored };
		}

		function outcome(result: Awaited<ReturnType<typeof refreshThrough>>): object {
			const error = result.error as LwaError;
			return { reason: error.reason, transient: isTransientFailure(error), sends: result.sends, waits: result.delays.length, tokensKept: result.tokensKept };
		}

		const once = (reason: string): object => ({ reason, transient: true, sends: 1, waits: 0, tokensKept: true });
		const target = (): string => `lwa.${CORP_DOMAIN}:${front.port}`;

		it('a 407 for wrong proxy credentials: one CONNECT reaches the proxy, no retry', async () => {
			proxy.setBehaviour({ credentials: { user: USER, password: 'the-right-one' } });
			const result = await refreshThrough({ proxy: `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}` });
			assert.deepEqual({ ...outcome(result), log: proxy.log }, { ...once('proxy_auth_required'), log: [`CONNECT ${target()} 407 wrong credentials`] });
		});

		it('a 403 from the proxy: one CONNECT reaches the proxy, no retry', async () => {
			proxy.setBehaviour({ refuseWith: 403 });
			const result = await refreshThrough({ proxy: proxy.url });
			assert.deepEqual({ ...outcome(result), log: proxy.log }, { ...once('proxy_refused'), log: [`CONNECT ${target()} 403 refused`] });
		});

		it('an untrusted CA behind the proxy: one CONNECT reaches the proxy, no retry', async () => {
			const result = await refreshThrough({ proxy: proxy.url }, untrustedFront.origin());
			assert.deepEqual({ ...outcome(result), log: proxy.log }, { ...once('untrusted_certificate'), log: [`CONNECT lwa.${CORP_DOMAIN}:${untrustedFront.port} 200 tunnel opened`] });
		});

		it('an unusable proxy setting: one attempt, which contacts no one, no retry', async () => {
			const result = await refreshThrough({ proxy: `http://127.0.0.1:${proxy.port}/proxy.pac` });
			assert.deepEqual({ ...outcome(result), log: proxy.log }, { ...once('proxy_invalid'), log: [] });
		});

		it('a 502 from the proxy is retried: three CONNECTs reach the proxy', async () => {
			proxy.setBehaviour({ refuseWith: 502 });
			const result = await refreshThrough({ proxy: proxy.url });
			assert.deepEqual({ ...outcome(result), log: proxy.log }, {
				reason: 'proxy_bad_gateway', transient: true, sends: 3, waits: 2, tokensKept: true,
				log: [1, 2, 3].map(() => `CONNECT ${target()} 502 refused`),
			});
		});

		it('a proxy nobody listens on is retried: three attempts', async () => {
			const closed = net.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const port = (closed.address() as net.AddressInfo).port;
			await new Promise<void>((resolve) => closed.close(() => resolve()));
			const result = await refreshThrough({ proxy: `http://127.0.0.1:${port}` });
			assert.deepEqual(outcome(result), { reason: 'proxy_unreachable', transient: true, sends: 3, waits: 2, tokensKept: true });
		});
	});

	it('logs and describes the client without credentials', () => {
		const described = client({ proxy: `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}` }).describe();
		assert.deepEqual(described, { proxyUrl: proxy.url, proxyAuthorization: true, strictSSL: true, system: 'included', systemCount: 1 });
		assertNoCredentials(described, 'the description');
	});
});

describe('Hostile proxies (raw TCP servers answering CONNECT)', function () {
	this.timeout(10_000);
	const servers: net.Server[] = [];
	const clients: { close(): Promise<void> }[] = [];

	async function hostileProxy(answer: (socket: net.Socket) => void): Promise<string> {
		const server = net.createServer((socket) => {
			socket.on('error', () => undefined);
			socket.once('data', () => answer(socket));
		});
		servers.push(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	}

	async function kindFor(answer: (socket: net.Socket) => void): Promise<{ kind?: string; facts?: object }> {
		const proxyUrl = await hostileProxy(answer);
		const created = createUndiciHttpClient({ proxy: resolveProxySettings({ proxy: `http://${PROXY_USERINFO}@${proxyUrl.slice('http://'.length)}` }, {}), connectTimeoutMs: 1500 });
		clients.push(created);
		const { failure } = await failureOf(created, 'https://lwa.corp.test/x');
		return { kind: failure?.kind, facts: failure?.facts };
	}

	afterEach(async () => {
		await Promise.all(clients.splice(0).map((each) => each.close()));
		await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
	});

	it('answers that are not HTTP, headers without an end within 16 KiB, a silent proxy and a hang-up are proxy_bad_response', async () => {
		const results = [
			await kindFor((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')),
			await kindFor((socket) => socket.write(`HTTP/1.1 200 OK\r\nX-Filler: ${'a'.repeat(20_000)}`)),
			await kindFor(() => undefined),
			await kindFor((socket) => socket.destroy()),
			await kindFor((socket) => socket.end('HTTP/1.1 200 OK\r\nBad Header\r\n\r\n')),
			await kindFor((socket) => socket.end('HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n')),
		].map((result) => result.kind);
		assert.deepEqual(results, ['proxy_bad_response', 'proxy_bad_response', 'proxy_bad_response', 'proxy_bad_response', 'proxy_bad_response', 'proxy_bad_response']);
	});

	it('a 407 with hostile challenge text yields only names from the closed set of schemes', async () => {
		const result = await kindFor((socket) => socket.end('HTTP/1.1 407 Go away\r\nProxy-Authenticate: Basic realm="<a href=x>click</a>", Evil-[Scheme], NTLM\r\nProxy-Authenticate: \u00e9vil\r\n\r\n'));
		assert.deepEqual(result, { kind: 'proxy_auth_required', facts: { proxy: result.facts && (result.facts as { proxy: string }).proxy, status: 407, schemes: ['Basic', 'other', 'NTLM'], credentialsSent: true } });
	});

	it('challengeSchemes skips parameters and caps the list at five', () => {
		assert.deepEqual(challengeSchemes(['Digest realm="a", nonce="b", qop="auth"', 'Negotiate', 'Bearer error="x"']), ['Digest', 'Negotiate', 'Bearer']);
		assert.deepEqual(challengeSchemes(['Basic, Digest, Negotiate, NTLM, Kerberos, Bearer, X']).length, 5);
	});
});

describe('Proxy settings from hostile or odd input', () => {
	it('parses proxy URLs: scheme assumed, default ports, credentials percent-decoded into a Basic header', () => {
		assert.deepEqual(parseProxyUrl('proxy.corp:3128'), { proxyUrl: 'http://proxy.corp:3128' });
		assert.deepEqual(parseProxyUrl('https://proxy.corp'), { proxyUrl: 'https://proxy.corp:443' });
		assert.deepEqual(parseProxyUrl('http://[fd00::1]/'), { proxyUrl: 'http://[fd00::1]:80' });
		assert.deepEqual(parseProxyUrl('http://a%40b:c%3Ad@proxy:1'), { proxyUrl: 'http://proxy:1', basicAuthorization: `Basic ${Buffer.from('a@b:c:d').toString('base64')}` });
	});

	it('refuses unusable proxy URLs with a reason, and never echoes the value', () => {
		const cases: [string, string][] = [
			['http://proxy:3128\r\nX-Injected: 1', 'control_characters'],
			['http://pro xy:3128', 'control_characters'],
			['http://pro\u2028xy:3128', 'control_characters'],
			['socks5://proxy:1080', 'unsupported_scheme'],
			['file:///etc/passwd', 'unsupported_scheme'],
			['http://wpad/proxy.pac', 'has_path'],
			['http://proxy:3128/?x=1', 'has_path'],
			['http://proxy:3128#frag', 'has_path'],
			['http://proxy:99999', 'not_a_url'],
			['http://', 'not_a_url'],
			[`http://${'a'.repeat(3000)}:1`, 'not_a_url'],
			['http://us%zzer:pw@proxy:1', 'bad_credentials'],
			['http://user:p%0d%0aX-Injected:%201@proxy:1', 'bad_credentials'],
			['http://us%3Aer:pw@proxy:1', 'bad_credentials'],
			['http://user:%00@proxy:1', 'bad_credentials'],
		];
		for (const [raw, reason] of cases) {
			assert.deepEqual(parseProxyUrl(raw), { reason }, `case ${cases.findIndex(([value]) => value === raw)}`);
		}
	});

	it('names the setting to fix, and fails requests that would use it without contacting anyone or going direct', async () => {
		const settings = resolveProxySettings({ proxy: 'socks5://proxy:1080' }, {});
		assert.deepEqual(settings.problem, { reason: 'unsupported_scheme', setting: 'http.proxy' });
		assert.deepEqual(resolveProxySettings({}, { HTTPS_PROXY: 'http://wpad/proxy.pac' }).problem, { reason: 'has_path', setting: 'HTTPS_PROXY' });
		assert.deepEqual(resolveProxySettings({ proxy: 'http://proxy:1', proxyAuthorization: 'Basic x\r\nX-Injected: 1' }, {}).problem, { reason: 'bad_authorization', setting: 'http.proxyAuthorization' });
		const created = createUndiciHttpClient({ proxy: settings });
		try {
			const { error, failure } = await failureOf(created, 'https://api.amazon.com/auth/o2/token');
			assert.deepEqual({ requestSent: error.requestSent, kind: failure?.kind, facts: failure?.facts }, { requestSent: false, kind: 'invalid_proxy', facts: { problem: { reason: 'unsupported_scheme', setting: 'http.proxy' } } });
			assert.deepEqual({ reason: error.reason, facts: error.facts }, { reason: 'proxy_invalid', facts: { setting: 'http.proxy', proxyProblem: 'unsupported_scheme' } });
		} finally {
			await created.close();
		}
	});

	it('keeps certificate issuer names printable: no markup, links, controls or direction marks, at most 80 characters', () => {
		assert.equal(printableName('Corp [CA](https://evil.example) \u202eAC\u0007'), 'Corp CA https evil.example AC');
		assert.equal(printableName('Société Générale Root CA'), 'Société Générale Root CA');
		assert.equal(printableName('x'.repeat(200))?.length, 80);
		assert.equal(printableName(''), undefined);
		assert.equal(printableName(['First', 'Second']), 'First');
	});
});
