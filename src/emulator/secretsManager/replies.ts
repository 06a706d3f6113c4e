// What the Secrets Manager stand-in answers, in AWS's JSON 1.1 shapes: a success body with
// Content-Type application/x-amz-json-1.1, and errors as `{"__type": ..., "Message"|"message": ...}`
// with AWS's HTTP status. The service's own errors (the ones its API reference lists for each
// operation, and AccessDeniedException) carry "Message"; the errors of AWS's request front end
// (signature, serialization, input validation, unknown operation) carry "message". The SDK reads either. Every __type
// is sent as the bare shape name (AWS sometimes prefixes a namespace, `...#Name`, which the SDK
// strips).
import { randomUUID } from 'node:crypto';
import type { Reply } from '../http/replies';

export const JSON_1_1 = 'application/x-amz-json-1.1';

/** The error types the stand-in answers with; `outcome` of a Reply is one of these or 'success'. */
export type SecretsManagerErrorType =
	| 'AccessDeniedException' | 'DecryptionFailure' | 'InvalidParameterException' | 'InvalidRequestException'
	| 'ResourceExistsException' | 'ResourceNotFoundException' | 'ValidationException'
	| 'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'InvalidSignatureException'
	| 'UnrecognizedClientException' | 'ExpiredTokenException' | 'UnknownOperationException' | 'SerializationException'
	| 'RequestEntityTooLargeException';

const FRONT_END_ERRORS: ReadonlySet<SecretsManagerErrorType> = new Set<SecretsManagerErrorType>([
	'MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException',
	'UnrecognizedClientException', 'UnknownOperationException', 'SerializationException', 'RequestEntityTooLargeException',
	'ValidationException', 'ExpiredTokenException',
]);

/** Thrown by the store and the operations; turned into a reply by {@link errorReply}. */
export class SecretsManagerError extends Error {
	constructor(readonly type: SecretsManagerErrorType, message: string | undefined, readonly status = 400) {
		super(message ?? type);
		this.hasMessage = message !== undefined;
	}
	readonly hasMessage: boolean;
}

function headers(): Record<string, string> {
	return { 'Content-Type': JSON_1_1, 'x-amzn-RequestId': randomUUID() };
}

export function successReply(body: unknown): Reply {
	return { status: 200, headers: headers(), body: JSON.stringify(body), outcome: 'success' };
}

export function errorReply(error: SecretsManagerError): Reply {
	const body: Record<string, string> = { __type: error.type };
	if (error.hasMessage) {
		body[FRONT_END_ERRORS.has(error.type) ? 'message' : 'Message'] = error.message;
	}
	return { status: error.status, headers: headers(), body: JSON.stringify(body), outcome: error.type };
}

/** AWS's JSON protocols carry timestamps as epoch seconds (fractional). */
export function epochSeconds(milliseconds: number): number {
	return milliseconds / 1000;
}
