// The HTTP client's streamed download against real loopback servers: the body reaches the sink as it
// arrives and never past the cap; redirects stay on their origin; only https (or loopback http) is
// fetched; a body cut short, a stall and a cancellation leave no file behind.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createUndiciHttpClient } from '../../../../src/core/http/undiciHttpClient';
import { downloadUrlProblem } from '../../../../src/core/http/downloadPolicy';
import { isLwaError } from '../../../../src/core/lwa/errors';
import type { DownloadSink } from '../../../../src/core/ports';
import { PartialFile, placeWithoutOverwriting } from '../../../../src/core/portability/files';
import type { TestServer } from '../support/servers';
import { startServer } from '../support/servers';

class MemorySink implements DownloadSink {
	readonly chunks: Buffer[] = [];
	async write(chunk: Uint8Array): Promise<void> {
		this.chunks.push(Buffer.from(chunk));
	}
	get bytes(): number {
		return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
	}
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	assert.fail('expected a rejection');
}

describe('streamed download (HttpDownloader)', () => {
	let server: TestServer | undefined;
	let other: TestServer | undefined;
	const client = createUndiciHttpClient({ headersTimeoutMs: 2000, bodyTimeoutMs: 300 });
	let folder: string;

	beforeEach(async () => {
		folder = await fs.mkdtemp(path.join(os.tmpdir(), 'lwa-download-'));
	});
	afterEach(async () => {
		await server?.close();
		await other?.close();
		server = undefined;
		other = undefined;
		await fs.rm(folder, { recursive: true, force: true });
	});
	after(() => client.close());

	it('writes a 3 MiB body to the sink in chunks and reports its size and headers', async () => {
		const chunk = Buffer.alloc(64 * 1024, 7);
		server = await startServer(async (_request, response) => {
			response.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(48 * chunk.length) });
			for (let i = 0; i < 48; i++) {
				if (!response.write(chunk)) {
					await new Promise((resolve) => response.once('drain', resolve));
				}
			}
			response.end();
		});
		const sink = new MemorySink();
		const result = await client.download({ url: `${server.url}/file`, maxBytes: 4 * 1024 * 1024 }, sink);
		assert.deepEqual({ status: result.status, bytes: result.bytes, type: result.headers['content-type'], sinkBytes: sink.bytes, chunked: sink.chunks.length > 1 },
			{ status: 200, bytes: 48 * chunk.length, type: 'text/csv', sinkBytes: 48 * chunk.length, chunked: true });
	});

	it('refuses a body whose Content-Length passes the cap before reading any of it', async () => {
		server = await startServer((_request, response) => {
			response.writeHead(200, { 'content-length': '5000' });
			response.end(Buffer.alloc(5000));
		});
		const sink = new MemorySink();
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 4000 }, sink));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'too_large' && error.facts.limitBytes === 4000);
		assert.equal(sink.bytes, 0, 'nothing written');
	});

	it('stops an oversize chunked body (no Content-Length) at the cap: the sink never holds more than the cap', async () => {
		server = await startServer(async (_request, response) => {
			response.writeHead(200, { 'content-type': 'application/octet-stream' });
			for (let i = 0; i < 64 && !response.destroyed; i++) {
				response.write(Buffer.alloc(16 * 1024, 1));
				await new Promise((resolve) => setImmediate(resolve));
			}
			response.end();
		});
		const sink = new MemorySink();
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 100_000 }, sink));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'too_large');
		assert.ok(sink.bytes <= 100_000, `the sink got ${sink.bytes} bytes`);
	});

	it('reports a body cut short of its Content-Length as truncated', async () => {
		server = await startServer((_request, response) => {
			response.writeHead(200, { 'content-length': '10000' });
			response.write(Buffer.alloc(4000));
			setImmediate(() => response.socket?.destroy());
		});
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 1_000_000 }, new MemorySink()));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'truncated', String(error));
	});

	it('gives up on a body that stalls longer than the body timeout, naming the file server', async () => {
		server = await startServer((_request, response) => {
			response.writeHead(200, { 'content-length': '10000' });
			response.write(Buffer.alloc(100));
		});
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 1_000_000 }, new MemorySink()));
		assert.ok(isLwaError(error, 'timeout') && error.facts.service === 'file_download', String(error));
	});

	it('follows a redirect on the same origin', async () => {
		server = await startServer((request, response) => {
			if (request.path === '/first') {
				response.writeHead(302, { location: '/second' });
				response.end();
				return;
			}
			response.writeHead(200, { 'content-length': '2' });
			response.end('ok');
		});
		const sink = new MemorySink();
		const result = await client.download({ url: `${server.url}/first`, maxBytes: 10 }, sink);
		assert.deepEqual({ status: result.status, body: Buffer.concat(sink.chunks).toString() }, { status: 200, body: 'ok' });
	});

	it('refuses a redirect to another host (or port) without requesting it', async () => {
		other = await startServer((_request, response) => {
			response.end('stolen');
		});
		server = await startServer((_request, response) => {
			response.writeHead(307, { location: `${other!.url}/elsewhere` });
			response.end();
		});
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 10 }, new MemorySink()));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'redirected_elsewhere');
		assert.equal(other.requests.length, 0, 'the other host was never asked');
	});

	it('refuses a redirect to another scheme on the same host', async () => {
		server = await startServer((_request, response) => {
			response.writeHead(301, { location: `https://127.0.0.1:${server!.port}/f` });
			response.end();
		});
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 10 }, new MemorySink()));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'redirected_elsewhere');
	});

	it('refuses plain http to a host that is not loopback, ftp, file, and URLs with credentials, before any request', () => {
		assert.deepEqual(
			['http://example.com/f', 'ftp://127.0.0.1/f', 'file:///etc/passwd', 'https://user:pw@example.com/f', 'not a url', 'https://example.com/f', 'http://127.0.0.1:1/f', 'http://[::1]:1/f'].map(downloadUrlProblem),
			['not_https', 'not_https', 'not_https', 'not_https', 'not_https', undefined, undefined, undefined]);
	});

	it('never sends an Authorization header to a presigned URL: a caller that tries is refused', async () => {
		server = await startServer((_request, response) => {
			response.end('x');
		});
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 10, headers: { Authorization: 'Bearer Atza|x' } }, new MemorySink()));
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'authorization_header');
		assert.equal(server.requests.length, 0);
	});

	it('resolves a 403 with its status and writes nothing (the caller lists the records again)', async () => {
		server = await startServer((_request, response) => {
			response.writeHead(403, { 'content-type': 'application/xml' });
			response.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
		});
		const sink = new MemorySink();
		const result = await client.download({ url: `${server.url}/f`, maxBytes: 10 }, sink);
		assert.deepEqual({ status: result.status, bytes: result.bytes, sink: sink.bytes }, { status: 403, bytes: 0, sink: 0 });
	});

	it('a cancellation mid-body rejects with cancelled, and the partial file it was writing is removed', async () => {
		const controller = new AbortController();
		server = await startServer((_request, response) => {
			response.writeHead(200, { 'content-length': '100000' });
			response.write(Buffer.alloc(1000), () => controller.abort());
		});
		const file = await PartialFile.open(folder, 'record-00001.data.csv');
		const error = await rejection(client.download({ url: `${server.url}/f`, maxBytes: 1_000_000, signal: controller.signal }, file));
		await file.discard();
		assert.ok(isLwaError(error, 'cancelled'), String(error));
		assert.deepEqual(await fs.readdir(folder), [], 'no file, temporary or final, is left');
	});

	it('a truncated body written to a partial file leaves no file once discarded, and a whole one is committed 0600 under its final name only', async () => {
		server = await startServer((request, response) => {
			if (request.path === '/whole') {
				response.writeHead(200, { 'content-length': '5' });
				response.end('hello');
				return;
			}
			response.writeHead(200, { 'content-length': '10' });
			response.write('abc');
			setImmediate(() => response.socket?.destroy());
		});
		const broken = await PartialFile.open(folder, 'record-00001.data.csv');
		const error = await rejection(client.download({ url: `${server.url}/cut`, maxBytes: 100 }, broken));
		await broken.discard();
		assert.ok(isLwaError(error, 'download_failed') && error.reason === 'truncated');
		const whole = await PartialFile.open(folder, 'record-00002.data.csv');
		await client.download({ url: `${server.url}/whole`, maxBytes: 100 }, whole);
		const committed = await whole.commit('record-00002.data.csv');
		const stat = await fs.stat(committed.path);
		assert.deepEqual({ names: await fs.readdir(folder), mode: process.platform === 'win32' ? 0o600 : stat.mode & 0o777, text: await fs.readFile(committed.path, 'utf8') },
			{ names: ['record-00002.data.csv'], mode: 0o600, text: 'hello' });
	});

	// A file system without hard links (a FAT or exFAT drive, some network mounts) refuses link(2):
	// a real one cannot be mounted here, so its refusal is injected.
	it('on a file system without hard links the file is placed by an exclusive copy (0600 kept), and still never over an existing file', async () => {
		const noLinks = async (): Promise<void> => {
			throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
		};
		const from = path.join(folder, '.partial-a');
		await fs.writeFile(from, 'whole', { mode: 0o600 });
		await placeWithoutOverwriting(from, path.join(folder, 'record-00001.json'), noLinks);
		const stat = await fs.stat(path.join(folder, 'record-00001.json'));
		assert.deepEqual({ text: await fs.readFile(path.join(folder, 'record-00001.json'), 'utf8'), mode: process.platform === 'win32' ? 0o600 : stat.mode & 0o777 }, { text: 'whole', mode: 0o600 });

		await fs.writeFile(path.join(folder, 'record-00002.json'), 'older');
		const refused = await rejection(placeWithoutOverwriting(from, path.join(folder, 'record-00002.json'), noLinks));
		assert.equal((refused as { code?: string }).code, 'EEXIST');
		assert.equal(await fs.readFile(path.join(folder, 'record-00002.json'), 'utf8'), 'older', 'the existing file is untouched');

		const otherFailure = async (): Promise<void> => {
			throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
		};
		assert.equal(((await rejection(placeWithoutOverwriting(from, path.join(folder, 'record-00003.json'), otherFailure))) as { code?: string }).code, 'ENOSPC', 'other failures are not hidden behind a copy');
		assert.equal(await fs.stat(path.join(folder, 'record-00003.json')).then(() => true, () => false), false);
	});
});
