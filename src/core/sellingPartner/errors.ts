// The SP-API modules answer with reasons and data; where a flow needs to throw, these turn a refusal
// into the LwaError the VS Code layer words (src/vscode/ui/errorTexts.ts): a code, a reason and safe
// facts, never a value from the redirect.
import type { LwaErrorReason } from '../lwa/errors';
import { LwaError } from '../lwa/errors';
import type { ConsentCallbackParseRefusal, ConsentCallbackRefusal } from './callback';
import type { ConsentRequestRefusal } from './consent';
import type { PreSignInProblem } from './doctor';

/** The LwaError for a consent redirect that could not be read or was refused. */
export function consentCallbackError(refusal: { reason: ConsentCallbackParseRefusal | ConsentCallbackRefusal; parameter?: string; error?: string }): LwaError {
	switch (refusal.reason) {
		case 'missing_state':
		case 'state_mismatch':
			return new LwaError('state_mismatch');
		case 'authorization_error':
			return new LwaError(refusal.error === 'access_denied' ? 'access_denied' : 'authorization_failed');
		case 'missing_code':
			return new LwaError('missing_code');
		case 'repeated_parameter':
			return new LwaError('malformed_callback', { reason: 'repeated_parameter', ...(refusal.parameter !== undefined ? { facts: { parameter: refusal.parameter } } : {}) });
		default:
			return new LwaError('malformed_callback', { reason: refusal.reason });
	}
}

const PROFILE_REASONS: Partial<Record<PreSignInProblem['code'], LwaErrorReason>> = {
	application_id_shape: 'application_id_shape',
	client_id_as_application_id: 'client_id_as_application_id',
	application_id_as_client_id: 'application_id_as_client_id',
	client_id_shape: 'client_id_shape',
	draft_without_beta: 'draft_without_beta',
	redirect_uri_fragment: 'redirect_uri_fragment',
	redirect_uri_not_https: 'redirect_uri_not_https',
};

/** The invalid_profile LwaError for the first pre-sign-in error, or undefined when there are only warnings. */
export function preSignInError(problems: readonly PreSignInProblem[]): LwaError | undefined {
	const problem = problems.find((candidate) => candidate.severity === 'error');
	if (problem === undefined) {
		return undefined;
	}
	const reason = PROFILE_REASONS[problem.code];
	return new LwaError('invalid_profile', { ...(reason !== undefined ? { reason } : {}), facts: { field: problem.field } });
}

/** The invalid_profile LwaError for a consent URL that could not be built. */
export function consentRequestError(reason: ConsentRequestRefusal): LwaError {
	switch (reason) {
		case 'application_id_shape':
			return new LwaError('invalid_profile', { reason: 'application_id_shape', facts: { field: 'applicationId' } });
		case 'consent_base':
			return new LwaError('invalid_profile', { reason: 'consent_base', facts: { field: 'endpoints' } });
		case 'redirect_uri':
			return new LwaError('invalid_profile', { facts: { field: 'redirectUri' } });
	}
}
