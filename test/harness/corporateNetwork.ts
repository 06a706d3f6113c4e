// A corporate network on loopback, for the tests of proxies and certificates: a test certificate
// authority (made with openssl, which scripts/setup.js installs), an HTTPS front that serves a local
// server under a name only the proxy can resolve (`*.corp.test`) with a certificate from that CA, and
// a real forward proxy (proxy-chain) with CONNECT, optional Basic authentication and refusals, that
// keeps its own log of every tunnel asked for. Nothing here is shipped.
import * as childProcess from 'node:child_process';
import type * as dns from 'node:dns';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type * as ProxyChain from 'proxy-chain' with { 'resolution-mode': 'import' };

/** The domain the proxy resolves to 127.0.0.1; nothing else on the machine can resolve it. */
export const CORP_DOMAIN = 'corp.test';

/** The name of the integration run's test CA (test/harness/runIntegration.ts makes it, the extension host's system store holds it). */
export const CORPORATE_CA_NAME = 'LWA Test Corp Inspection CA';

/** Reads a CA made by makeTestCa from its folder. */
export function readTestCa(dir: string, name: string): TestCa {
	return {
		caPem: fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
		caFile: path.join(dir, 'ca.pem'),
		serverCert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
		serverKey: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
		name,
	};
}

export interface TestCa {
	/** The CA certificate (PEM) and its file. */
	caPem: string;
	caFile: string;
	/** A server certificate for `*.corp.test` and `corp.test` signed by the CA, and its key. */
	serverCert: string;
	serverKey: string;
	/** The CA's common name, as the extension should name it. */
	name: string;
}

function openssl(args: string[], cwd: string): void {
	childProcess.execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes a CA named `name` and a server certificate for *.corp.test in `dir` (EC keys: fast). */
export function makeTestCa(dir: string, name: string): TestCa {
	fs.mkdirSync(dir, { recursive: true });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/O=LWA Test/CN=${name}`,
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
	openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=lwa.${CORP_DOMAIN}`], dir);
	fs.writeFileSync(path.join(dir, 'server.ext'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:*.${CORP_DOMAIN},DNS:${CORP_DOMAIN}\n`);
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
	return readTestCa(dir, name);
}

/**
 * Issues one more certificate from a CA that makeTestCa made (its key is in the same folder), for the
 * subject alternative names given (e.g. `IP:127.0.0.1`): the certificate of an https: proxy.
 */
export function issueTestCertificate(ca: TestCa, label: string, subjectAltName: string): { cert: string; key: string } {
	const dir = path.dirname(ca.caFile);
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl(['req', '-new', ...ec, '-keyout', `${label}.key`, '-out', `${label}.csr`, '-subj', `/CN=${label}`], dir);
	fs.writeFileSync(path.join(dir, `${label}.ext`), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${subjectAltName}\n`);
	openssl(['x509', '-req', '-in', `${label}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${label}.pem`, '-days', '2', '-extfile', `${label}.ext`], dir);
	return { cert: fs.readFileSync(path.join(dir, `${label}.pem`), 'utf8'), key: fs.readFileSync(path.join(dir, `${label}.key`), 'utf8') };
}

export interface HttpsFront {
	/** `https://<host>.corp.test:<port>`: the origin the extension is pointed at. */
	origin(host?: string): string;
	port: number;
	/** TLS connections completed so far. */
	readonly connections: number;
	close(): Promise<void>;
}

/** Serves the plain HTTP server at 127.0.0.1:`targetPort` over TLS with the CA's server certificate. */
export async function startHttpsFront(ca: TestCa, targetPort: number): Promise<HttpsFront> {
	const sockets = new Set<net.Socket>();
	let connections = 0;
	const server = tls.createServer({ key: ca.serverKey, cert: ca.serverCert }, (socket) => {
		connections++;
		const upstream = net.connect(targetPort, '127.0.0.1');
		sockets.add(upstream);
		socket.pipe(upstream).pipe(socket);
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
		upstream.on('close', () => sockets.delete(upstream));
	});
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// Handshakes that the client refuses (an untrusted CA) end here, quietly.
	server.on('tlsClientError', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		origin: (host = 'lwa') => `https://${host}.${CORP_DOMAIN}:${port}`,
		port,
		get connections() {
			return connections;
		},
		close: () => new Promise<void>((resolve) => {
			for (const socket of sockets) {
				socket.destroy();
			}
			server.close(() => resolve());
		}),
	};
}

export interface ProxyBehaviour {
	/** Require Basic credentials (407 with `Proxy-Authenticate: <scheme> realm=...` otherwise). */
	credentials?: { user: string; password: string };
	/** The scheme named in the 407 challenge (default Basic). */
	challenge?: string;
	/** Answer every CONNECT with this status instead of opening the tunnel (403, 502). */
	refuseWith?: number;
}

export interface TestProxy {
	/** `http://127.0.0.1:<port>` (`https://` for a TLS proxy), without credentials. */
	url: string;
	port: number;
	/** The proxy's own log: one line per CONNECT (target, verdict), never a credential. */
	readonly log: string[];
	/** TLS proxy only: handshakes completed with a client, and those the client (or the proxy) broke off. */
	readonly handshakes: { completed: number; failed: number };
	/** Tunnels the proxy opened, as `host:port`. */
	tunnels(): string[];
	setBehaviour(behaviour: ProxyBehaviour): void;
	close(): Promise<void>;
}

function corpLookup(hostname: string, options: dns.LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void {
	if (hostname === CORP_DOMAIN || hostname.endsWith(`.${CORP_DOMAIN}`)) {
		if (options.all) {
			callback(null, [{ address: '127.0.0.1', family: 4 }]);
		} else {
			callback(null, '127.0.0.1', 4);
		}
		return;
	}
	callback(Object.assign(new Error(`the test proxy resolves only *.${CORP_DOMAIN}`), { code: 'ENOTFOUND' }), '', 4);
}

/**
 * Starts proxy-chain on 127.0.0.1 with the given behaviour (changeable later with setBehaviour). With
 * `tlsOptions`, it is an https: proxy: the client speaks TLS to the proxy itself, then CONNECT inside it.
 */
export async function startTestProxy(initial: ProxyBehaviour = {}, tlsOptions?: { cert: string; key: string }): Promise<TestProxy> {
	// proxy-chain is an ES module; Node 20.19 and later load it with require().
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Server, RequestError } = require('proxy-chain') as typeof ProxyChain;
	let behaviour = initial;
	const log: string[] = [];
	const handshakes = { completed: 0, failed: 0 };
	const prepareRequestFunction: ProxyChain.PrepareRequestFunction = ({ hostname, port, username, password, isHttp }) => {
		const target = `${hostname}:${port}`;
		const method = isHttp ? 'GET' : 'CONNECT';
		if (behaviour.credentials) {
			const sent = username !== '' || password !== '';
			const right = username === behaviour.credentials.user && password === behaviour.credentials.password;
			if (!right) {
				log.push(`${method} ${target} 407 ${sent ? 'wrong credentials' : 'no credentials'}`);
				throw new RequestError('Proxy credentials required.', 407, { 'Proxy-Authenticate': `${behaviour.challenge ?? 'Basic'} realm="LWA Test Proxy"` });
			}
		}
		if (behaviour.refuseWith !== undefined) {
			log.push(`${method} ${target} ${behaviour.refuseWith} refused`);
			throw new RequestError('Refused by the test proxy.', behaviour.refuseWith);
		}
		log.push(`${method} ${target} 200 tunnel opened${behaviour.credentials ? ' (authenticated)' : ''}`);
		return { dnsLookup: corpLookup as typeof dns.lookup };
	};
	const common = { port: 0, host: '127.0.0.1', authRealm: 'LWA Test Proxy', prepareRequestFunction };
	const server = tlsOptions
		? new Server({ ...common, serverType: 'https', httpsOptions: { cert: tlsOptions.cert, key: tlsOptions.key } })
		: new Server(common);
	if (tlsOptions) {
		server.server.on('secureConnection', () => handshakes.completed++);
		server.on('tlsError', () => handshakes.failed++);
	}
	await server.listen();
	return {
		url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${server.port}`,
		port: server.port,
		log,
		handshakes,
		tunnels: () => log.filter((line) => line.startsWith('CONNECT ') && line.includes(' 200 ')).map((line) => line.split(' ')[1]),
		setBehaviour: (next) => {
			behaviour = next;
		},
		close: () => server.close(true),
	};
}
