// AWS failures as LwaError('team_secret', reason). Mapped from the error's name, its HTTP status in
// $metadata and a Node system error code only: an SDK error's message can quote the service's answer
// or a credentials file, so it is never shown, logged or passed on (the only look at it is whether a
// credentials error is about an SSO session, and nothing of it is kept).
import { isLwaError, LwaError } from '../lwa/errors';
import type { TeamSecretReason } from '../lwa/errors';
import type { SecretsManagerOperation } from './secretsManagerApi';

/** Node's codes for a connection that could not be made or broke off. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
/** AWS error names for credentials (or a signature: its key, clock or region scope) the service did not accept. */
const REFUSED_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException', 'IncompleteSignature', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'MissingAuthenticationTokenException', 'MissingAuthenticationToken']);
/** AWS error names for temporary credentials that ran out. */
const EXPIRED_CREDENTIALS = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired']);

interface AwsErrorShape {
	name?: unknown;
	code?: unknown;
	message?: unknown;
	$metadata?: { httpStatusCode?: unknown };
	$fault?: unknown;
}

function reasonOf(error: AwsErrorShape): TeamSecretReason {
	const name = typeof error.name === 'string' ? error.name : '';
	const status = typeof error.$metadata?.httpStatusCode === 'number' ? error.$metadata.httpStatusCode : undefined;
	if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
		// The SSO providers say an expired session in their message only; it is tested, never kept.
		const message = typeof error.message === 'string' ? error.message : '';
		return name === 'TokenProviderError' || (/\bSSO\b/i.test(message) && /expired|invalid|refresh/i.test(message)) ? 'aws_session_expired' : 'aws_no_credentials';
	}
	if (EXPIRED_CREDENTIALS.has(name)) {
		return 'aws_session_expired';
	}
	if (REFUSED_CREDENTIALS.has(name)) {
		return 'aws_credentials_refused';
	}
	switch (name) {
		case 'AccessDeniedException':
			return 'aws_access_denied';
		case 'ResourceNotFoundException':
			return 'secret_not_found';
		case 'DecryptionFailure':
		case 'EncryptionFailure':
			return 'secret_decryption_failed';
		case 'InternalServiceError':
		case 'InternalFailure':
		case 'ServiceUnavailable':
		case 'ThrottlingException':
			return 'aws_service_error';
		case 'TimeoutError':
		case 'RequestTimeout':
		case 'RequestTimeoutException':
			return 'aws_network';
	}
	if (status === undefined && typeof error.code === 'string' && NETWORK_CODES.has(error.code)) {
		return 'aws_network';
	}
	if (status !== undefined && status >= 500) {
		return 'aws_service_error';
	}
	return 'aws_unexpected';
}

/**
 * The LwaError for an AWS failure of `operation` on the secret. An LwaError passes through unchanged.
 * facts: secretId and region (from the profile), action for an access denied, and for an unexpected
 * error its AWS name when that is a plain identifier (never its message).
 */
export function teamSecretError(error: unknown, p: { operation: SecretsManagerOperation; secretId: string; region: string }): LwaError {
	if (isLwaError(error)) {
		return error;
	}
	const shape: AwsErrorShape = typeof error === 'object' && error !== null ? error as AwsErrorShape : {};
	const reason = reasonOf(shape);
	const name = typeof shape.name === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(shape.name) ? shape.name : undefined;
	const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
	return new LwaError('team_secret', {
		reason,
		facts: {
			secretId: p.secretId,
			region: p.region,
			...(reason === 'aws_access_denied' ? { action: `secretsmanager:${p.operation}` } : {}),
			...(reason === 'aws_unexpected' && name !== undefined ? { field: name } : {}),
		},
		...(status !== undefined ? { status } : {}),
	});
}
