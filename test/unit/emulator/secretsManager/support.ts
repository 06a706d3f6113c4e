// Shared helpers for the Secrets Manager stand-in's tests: the real SDK client pointed at a stand-in,
// and raw requests signed by the SDK's own SigV4 signer (@smithy/signature-v4, which the stand-in
// does not use) so a test can sign for another service, region, key or time, or break one part.
import { createHash, createHmac } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SecretsManagerStandIn, SecretsManagerStandInOptions } from '../../../../src/emulator/secretsManager/standIn';
import { startSecretsManagerStandIn } from '../../../../src/emulator/secretsManager/standIn';

export const TEAM_SECRET = JSON.stringify({ lwaClientId: 'amzn1.application-oa2-client.team', lwaClientSecret: 'team-client-secret', refreshToken: 'Atzr|team-refresh-token' });

/** A stand-in on a free loopback port; remember to close it. */
export async function startStandIn(options: SecretsManagerStandInOptions = {}): Promise<SecretsManagerStandIn> {
	return startSecretsManagerStandIn(options);
}

/** The real SDK client for the stand-in, one attempt (so an error is the stand-in's first answer). */
export function clientFor(standIn: SecretsManagerStandIn, overrides: { region?: string; endpoint?: string; secretAccessKey?: string; accessKeyId?: string; sessionToken?: string | null; systemClockOffset?: number; maxAttempts?: number } = {}): SecretsManagerClient {
	const sessionToken = overrides.sessionToken === null ? undefined : overrides.sessionToken ?? standIn.credentials.sessionToken;
	return new SecretsManagerClient({
		endpoint: overrides.endpoint ?? standIn.url,
		region: overrides.region ?? standIn.region,
		credentials: {
			accessKeyId: overrides.accessKeyId ?? standIn.credentials.accessKeyId,
			secretAccessKey: overrides.secretAccessKey ?? standIn.credentials.secretAccessKey,
			...(sessionToken === undefined ? {} : { sessionToken }),
		},
		maxAttempts: overrides.maxAttempts ?? 1,
		systemClockOffset: overrides.systemClockOffset,
	});
}

/** node:crypto as the signer's hash: SHA-256, or HMAC-SHA256 with a key. */
class NodeSha256 {
	private readonly hash;
	constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
		this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
	}
	update(data: string | ArrayBuffer | ArrayBufferView): void {
		this.hash.update(bytes(data));
	}
	digest(): Promise<Uint8Array> {
		return Promise.resolve(new Uint8Array(this.hash.digest()));
	}
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
	if (typeof data === 'string') {
		return data;
	}
	return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

export interface RawSigning {
	service?: string;
	region?: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	signingDate?: Date;
}

/** The headers of a JSON 1.1 request for `target` with `body`, signed as `signing` says (by default as the SDK would). */
export async function signedHeaders(standIn: SecretsManagerStandIn, target: string, body: string, signing: RawSigning = {}, path = '/'): Promise<Record<string, string>> {
	const url = new URL(path, standIn.url);
	const signer = new SignatureV4({
		service: signing.service ?? 'secretsmanager',
		region: signing.region ?? standIn.region,
		credentials: {
			accessKeyId: signing.accessKeyId ?? standIn.credentials.accessKeyId,
			secretAccessKey: signing.secretAccessKey ?? standIn.credentials.secretAccessKey,
		},
		sha256: NodeSha256,
	});
	const signed = await signer.sign({
		method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {},
		headers: { 'host': url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
		body,
	}, { signingDate: signing.signingDate });
	return signed.headers;
}

/** Sends a raw request to the stand-in; `headers` as given (the fetch adds none that are signed). */
export async function rawPost(standIn: SecretsManagerStandIn, headers: Record<string, string>, body: string | Buffer, path = '/'): Promise<{ status: number; json: Record<string, unknown> | undefined; text: string }> {
	const sent = { ...headers };
	delete sent.host;
	const response = await fetch(new URL(path, standIn.url), { method: 'POST', headers: sent, body });
	const text = await response.text();
	let json: Record<string, unknown> | undefined;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text };
}
