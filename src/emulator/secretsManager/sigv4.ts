// Checks AWS Signature Version 4 on a request, written from AWS's SigV4 documentation ("Create a
// signed AWS API request"): the Authorization header's credential scope
// (<access key>/<yyyymmdd>/<region>/<service>/aws4_request), the canonical request (method, the
// path with each segment URI-encoded a second time, the sorted query, the signed headers with
// trimmed values, the SHA-256 of the body), the string to sign, and the HMAC chain of the signing
// key. It shares no code with the SDK's signer, so a signing mistake on either side shows.
//
// The error types and wordings are AWS's front end's as SDKs report them. The checks' order (scope,
// date, access key, signature) and the wording of the mis-scoped region are not confirmed against
// AWS itself; the 5-minute window is the one AWS's "Signature expired" messages name.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalRequest, headerValues, sha256Hex } from './canonicalRequest';
import type { SignedRequest } from './canonicalRequest';
import { SecretsManagerError } from './replies';

export const SIGNING_SERVICE = 'secretsmanager';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const MAX_SKEW_MS = 5 * 60 * 1000;

export type { SignedRequest } from './canonicalRequest';

/** Who may sign and for where: the service, the secret key of an access key id, and which scope regions the endpoint answers. */
export interface SigningPolicy {
	/** The scope's service; default {@link SIGNING_SERVICE}. */
	service?: string;
	now(): number;
	secretKeyOf(accessKeyId: string): string | undefined;
	/** The session token requests must carry (temporary credentials), and whether it has expired; undefined for long-term keys. */
	sessionToken?(): { value: string; expired: boolean } | undefined;
	acceptsRegion(region: string): boolean;
}

/** Who signed a request that passed. */
export interface SignedBy {
	accessKeyId: string;
	region: string;
}

/** The scope region of an Authorization header, read without any check (to record a refused request). */
export function claimedRegion(authorization: string | undefined): string | undefined {
	return /Credential=[^/,\s]*\/\d*\/([^/,\s]*)\//.exec(authorization ?? '')?.[1];
}

/** Verifies the request's signature; throws a {@link SecretsManagerError} saying what AWS would. */
export function verifySignature(request: SignedRequest, policy: SigningPolicy): SignedBy {
	const headers = headerValues(request.rawHeaders);
	const authorization = headers.get('authorization');
	if (authorization === undefined || authorization === '') {
		throw new SecretsManagerError('MissingAuthenticationTokenException', 'Missing Authentication Token');
	}
	const { credential, signedHeaders, signature } = parseAuthorization(authorization);
	const scope = credential.split('/');
	if (scope.length !== 5) {
		throw new SecretsManagerError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ${scope.length}.`);
	}
	const [accessKeyId, scopeDate, region, service, terminator] = scope;
	if (terminator !== TERMINATOR) {
		throw new SecretsManagerError('InvalidSignatureException', `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
	}
	const expectedService = policy.service ?? SIGNING_SERVICE;
	if (service !== expectedService) {
		throw new SecretsManagerError('InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'. `);
	}
	if (!policy.acceptsRegion(region)) {
		throw new SecretsManagerError('InvalidSignatureException', 'Credential should be scoped to a valid region. ');
	}
	const amzDate = headers.get('x-amz-date');
	if (amzDate === undefined) {
		throw new SecretsManagerError('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
	}
	const signedAt = parseAmzDate(amzDate);
	if (signedAt === undefined) {
		throw new SecretsManagerError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
	}
	if (scopeDate !== amzDate.slice(0, 8)) {
		throw new SecretsManagerError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
	}
	const now = policy.now();
	if (signedAt < now - MAX_SKEW_MS) {
		throw new SecretsManagerError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`);
	}
	if (signedAt > now + MAX_SKEW_MS) {
		throw new SecretsManagerError('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`);
	}
	const secretKey = policy.secretKeyOf(accessKeyId);
	if (secretKey === undefined) {
		throw new SecretsManagerError('UnrecognizedClientException', 'The security token included in the request is invalid.');
	}
	const signedNames = signedHeaders.split(';');
	if (!signedNames.includes('host') || !signedNames.every((name) => headers.has(name))) {
		throw new SecretsManagerError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
	}
	const canonical = canonicalRequest(request, headers, signedNames);
	const credentialScope = [scopeDate, region, service, terminator].join('/');
	const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonical)].join('\n');
	const expected = hmac(signingKey(secretKey, scopeDate, region, service), stringToSign).toString('hex');
	if (!sameHex(expected, signature)) {
		throw new SecretsManagerError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
	}
	const sessionToken = policy.sessionToken?.();
	if (headers.get('x-amz-security-token') !== sessionToken?.value) {
		throw new SecretsManagerError('UnrecognizedClientException', 'The security token included in the request is invalid.');
	}
	if (sessionToken?.expired === true) {
		throw new SecretsManagerError('ExpiredTokenException', 'The security token included in the request is expired');
	}
	return { accessKeyId, region };
}

function parseAuthorization(authorization: string): { credential: string; signedHeaders: string; signature: string } {
	const space = authorization.indexOf(' ');
	const algorithm = space < 0 ? authorization : authorization.slice(0, space);
	if (algorithm !== ALGORITHM) {
		throw new SecretsManagerError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm.slice(0, 40)}'`);
	}
	const fields = new Map<string, string>();
	for (const part of authorization.slice(space + 1).split(',')) {
		const equals = part.indexOf('=');
		if (equals > 0) {
			fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
		}
	}
	const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !fields.get(name));
	if (missing.length > 0) {
		throw new SecretsManagerError('IncompleteSignatureException', missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '));
	}
	return { credential: fields.get('Credential') ?? '', signedHeaders: fields.get('SignedHeaders') ?? '', signature: fields.get('Signature') ?? '' };
}

function signingKey(secretKey: string, date: string, region: string, service: string): Buffer {
	const dateKey = hmac(`AWS4${secretKey}`, date);
	return hmac(hmac(hmac(dateKey, region), service), TERMINATOR);
}

function hmac(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sameHex(expected: string, given: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** `yyyyMMddTHHmmssZ` as epoch milliseconds, or undefined when it is not that. */
function parseAmzDate(text: string): number | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
	if (match === null) {
		return undefined;
	}
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function formatAmzDate(milliseconds: number): string {
	return new Date(milliseconds).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
