// The stand-in's HTTP side: one node:http server on loopback that takes AWS JSON 1.1 requests
// (POST, X-Amz-Target, a JSON body), checks each one's SigV4 signature, runs the operation and
// records what happened (never a secret value). It is a server of its own, not a route of the LWA
// emulator: AWS's endpoint answers every path, and its error shapes and body limit are its own.
//
// The root path answers for every AWS region: with one AWS_ENDPOINT_URL_SECRETS_MANAGER for all
// regions, the credential scope's region says which regional endpoint the request was meant for,
// so a profile with the wrong region gets what AWS answers there (the secret is not found). A
// path /region/<region>/ is that one region's endpoint alone: a request signed for another region
// gets AWS's answer to a mis-scoped credential.
import type * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Reply } from '../http/replies';
import { listenHttp } from '../http/server';
import { OPERATIONS, TARGET_PREFIX } from './operations';
import type { OperationContext } from './operations';
import { errorReply, SecretsManagerError, successReply } from './replies';
import { claimedRegion, verifySignature } from './sigv4';
import type { SigningPolicy } from './sigv4';

/** A request body over this is refused with 413 before it is parsed (a SecretString is at most 64 KiB, 6 bytes per character escaped). */
export const MAX_BODY_BYTES = 512 * 1024;

const REGIONAL_PATH = /^\/region\/([a-z0-9-]{1,40})\/?$/;

/** One request as the stand-in saw it: no body, no header values, no secret. */
export interface RecordedRequest {
	/** The X-Amz-Target's operation (`GetSecretValue`), or the header as sent when it names none of the stand-in's. */
	target: string | undefined;
	/** The credential scope's region, when the Authorization header names one. */
	region: string | undefined;
	/** 'valid', or the error type that refused the signature. */
	signature: string;
	/** 'success' or the error type answered. */
	outcome: string;
	status: number;
}

/** What the server asks of the stand-in for each request. */
export interface RequestHandling {
	signing: Omit<SigningPolicy, 'acceptsRegion'>;
	isRegion(region: string): boolean;
	context(region: string): OperationContext;
	record(request: RecordedRequest): void;
}

export class StandInServer {
	private readonly sockets = new Set<Socket>();

	private constructor(private readonly server: http.Server, readonly url: string) {}

	static async listen(host: string, port: number, handling: RequestHandling): Promise<StandInServer> {
		const { server, port: boundPort } = await listenHttp(host, port);
		const standIn = new StandInServer(server, `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`);
		server.on('connection', (socket: Socket) => {
			standIn.sockets.add(socket);
			socket.once('close', () => standIn.sockets.delete(socket));
		});
		server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
			void readBody(request).then((body) => {
				const reply = body === undefined
					? errorReply(new SecretsManagerError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_BODY_BYTES} bytes.`, 413))
					: answer(request, body, handling);
				send(response, reply);
			}, () => response.destroy());
		});
		return standIn;
	}

	async close(): Promise<void> {
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) {
			socket.destroy();
		}
		await closing;
	}
}

function answer(request: http.IncomingMessage, body: Buffer, handling: RequestHandling): Reply {
	const targetHeader = request.headers['x-amz-target'];
	const target = typeof targetHeader === 'string' && targetHeader.startsWith(TARGET_PREFIX) ? targetHeader.slice(TARGET_PREFIX.length) : targetHeader?.toString();
	const path = (request.url ?? '/').split('?')[0];
	const endpointRegion = REGIONAL_PATH.exec(path)?.[1];
	const recorded: RecordedRequest = { target, region: claimedRegion(request.headers.authorization), signature: 'unchecked', outcome: '', status: 0 };
	let reply: Reply;
	try {
		if (request.method !== 'POST' || (path !== '/' && endpointRegion === undefined)) {
			throw new SecretsManagerError('UnknownOperationException', undefined, 404);
		}
		const signedBy = verifySignatureRecorded(request, body, handling, endpointRegion, recorded);
		const known = target !== undefined && targetHeader === TARGET_PREFIX + target && Object.hasOwn(OPERATIONS, target);
		const operation = known ? OPERATIONS[target] : undefined;
		if (operation === undefined) {
			throw new SecretsManagerError('UnknownOperationException', undefined);
		}
		reply = successReply(operation(handling.context(signedBy.region), parseInput(body)));
	} catch (error) {
		if (!(error instanceof SecretsManagerError)) {
			throw error;
		}
		reply = errorReply(error);
	}
	handling.record({ ...recorded, outcome: reply.outcome ?? '', status: reply.status });
	return reply;
}

function verifySignatureRecorded(request: http.IncomingMessage, body: Buffer, handling: RequestHandling, endpointRegion: string | undefined, recorded: RecordedRequest): { region: string } {
	try {
		const signedBy = verifySignature(
			{ method: request.method ?? 'POST', path: request.url ?? '/', rawHeaders: request.rawHeaders, body },
			{ ...handling.signing, acceptsRegion: (region) => handling.isRegion(region) && (endpointRegion === undefined || region === endpointRegion) },
		);
		recorded.signature = 'valid';
		return signedBy;
	} catch (error) {
		recorded.signature = error instanceof SecretsManagerError ? error.type : 'error';
		throw error;
	}
}

/** The body as a JSON object; anything else is AWS's SerializationException. */
function parseInput(body: Buffer): Record<string, unknown> {
	let input: unknown;
	try {
		input = JSON.parse(body.toString('utf8'));
	} catch {
		// Never the parser's message: it quotes the body, which may hold a secret value.
		throw new SecretsManagerError('SerializationException', undefined);
	}
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new SecretsManagerError('SerializationException', undefined);
	}
	return input as Record<string, unknown>;
}

/** The whole body, or undefined once it passes {@link MAX_BODY_BYTES} (the rest is read and dropped). */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) {
				chunks.push(chunk);
			}
		});
		request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function send(response: http.ServerResponse, reply: Reply): void {
	if (response.destroyed) {
		return;
	}
	response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
	response.end(reply.body);
}
