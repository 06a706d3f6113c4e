// The words for a team profile's AWS Secrets Manager secret: what went wrong reading, using or writing
// it back, and what to do. From the core's reason and facts only (the secret's name or ARN, the region,
// an IAM action, a key name): never the secret's value, an SDK error's message or AWS's answer.
import vscode = require('vscode');
import type { LwaError } from '../../core/lwa/errors';
import { forLog } from '../../core/logText';

function secretName(error: LwaError): string {
	return forLog(error.facts.secretId ?? '', 200);
}

function region(error: LwaError): string {
	return forLog(error.facts.region ?? '', 40);
}

/** What happened to the team's secret (code team_secret). */
export function teamSecretHappened(error: LwaError): string {
	const secret = secretName(error);
	switch (error.reason) {
		case 'aws_no_credentials':
			return vscode.l10n.t('No AWS credentials were found to read the team secret "{0}" (environment variables, the shared AWS config and credentials files, SSO profiles).', secret);
		case 'aws_session_expired':
			return vscode.l10n.t('The AWS session (SSO sign-in or temporary credentials) used to read the team secret "{0}" has expired.', secret);
		case 'aws_credentials_refused':
			return vscode.l10n.t('AWS did not accept the credentials or the signature of the request for the team secret "{0}" (an unknown access key, a wrong secret key, a clock far off, or a region the endpoint does not serve).', secret);
		case 'aws_access_denied':
			return vscode.l10n.t('AWS denied access to the team secret "{0}": your AWS identity lacks the permission {1}.', secret, forLog(error.facts.action ?? 'secretsmanager:*', 80));
		case 'secret_not_found':
			return vscode.l10n.t('AWS Secrets Manager has no secret "{0}" in region {1}.', secret, region(error));
		case 'aws_wrong_region':
			return vscode.l10n.t('The team secret "{0}" is not in region {1}.', secret, region(error));
		case 'secret_decryption_failed':
			return vscode.l10n.t('AWS could not decrypt or encrypt the team secret "{0}" with its KMS key.', secret);
		case 'secret_binary':
			return vscode.l10n.t('The team secret "{0}" holds binary data, not the JSON text of a secret with LWA credentials.', secret);
		case 'secret_not_json':
			return vscode.l10n.t('The team secret "{0}" is not JSON text.', secret);
		case 'secret_not_an_object':
			return vscode.l10n.t('The team secret "{0}" is JSON, but not an object of keys and values.', secret);
		case 'secret_format_unknown':
			return vscode.l10n.t('The team secret "{0}" has neither AppClientId (Amazon\'s SP-API samples) nor LWA_APP_ID (python-amazon-sp-api).', secret);
		case 'secret_format_ambiguous':
			return vscode.l10n.t('The team secret "{0}" has the keys of both formats, so it is not clear which client id to use.', secret);
		case 'secret_key_missing':
			return vscode.l10n.t('The team secret "{0}" has no value for "{1}".', secret, forLog(error.facts.field ?? '', 80));
		case 'secret_key_invalid':
			return vscode.l10n.t('The value of "{1}" in the team secret "{0}" cannot be used (not text, too long, or with spaces or control characters).', secret, forLog(error.facts.field ?? '', 80));
		case 'aws_network':
			return vscode.l10n.t('Could not reach AWS Secrets Manager in region {0} to read the team secret "{1}".', region(error), secret);
		case 'aws_service_error':
			return vscode.l10n.t('AWS Secrets Manager had a service error or limited requests for the team secret "{0}".', secret);
		case 'client_id_mismatch':
			return vscode.l10n.t('The team secret "{0}" holds another client id than the profile\'s "clientId", so its client secret and refresh token are not used with it.', secret);
		case 'rotation_enabled':
			return vscode.l10n.t('The team secret "{0}" has rotation enabled, so nothing is written back to it (the rotation function owns its value).', secret);
		case 'partner_mismatch':
			return vscode.l10n.t('The team secret "{0}" holds the refresh token of another selling partner (or does not say whose it is), so this refresh token was not written to it.', secret);
		case 'write_conflict':
			return vscode.l10n.t('Someone changed the team secret "{0}" after it was read, so nothing was replaced. It has been read again.', secret);
		default:
			return error.facts.field !== undefined
				? vscode.l10n.t('AWS Secrets Manager refused a request for the team secret "{0}" ({1}).', secret, forLog(error.facts.field, 64))
				: vscode.l10n.t('AWS Secrets Manager refused a request for the team secret "{0}".', secret);
	}
}

/** What to do about it. */
export function teamSecretToDo(error: LwaError): string {
	switch (error.reason) {
		case 'aws_no_credentials':
			return vscode.l10n.t('Configure AWS credentials the AWS CLI would use (for example "aws configure sso", or "awsProfile" in the profile\'s "secretsManager"), then try again. The extension never asks for AWS keys.');
		case 'aws_session_expired':
			return vscode.l10n.t('Sign in to AWS again (for example "aws sso login --profile <profile>"), then try again.');
		case 'aws_credentials_refused':
			return vscode.l10n.t('Check the AWS credentials of the environment or of the AWS profile in use, the computer\'s clock, and "secretsManager.region".');
		case 'aws_access_denied':
			return vscode.l10n.t('Ask your AWS administrator to allow {0} on this secret (and kms:Decrypt on its key when it uses a customer managed key).', forLog(error.facts.action ?? 'secretsmanager:*', 80));
		case 'secret_not_found':
		case 'aws_wrong_region':
			return vscode.l10n.t('Check "secretsManager.secretId" and "secretsManager.region" in the profile; a secret lives in one region.');
		case 'secret_decryption_failed':
			return vscode.l10n.t('Ask your AWS administrator to allow kms:Decrypt (and kms:GenerateDataKey to write) on the secret\'s KMS key.');
		case 'secret_binary':
		case 'secret_not_json':
		case 'secret_not_an_object':
		case 'secret_format_unknown':
		case 'secret_format_ambiguous':
		case 'secret_key_missing':
		case 'secret_key_invalid':
			return vscode.l10n.t('Fix the secret in AWS Secrets Manager, or set "secretsManager.format" in the profile. The README\'s "For teams" section lists the keys of each format.');
		case 'aws_network':
			return vscode.l10n.t('Check the network, then try again.');
		case 'aws_service_error':
			return vscode.l10n.t('Try again in a moment.');
		case 'client_id_mismatch':
			return vscode.l10n.t('Set the profile\'s "clientId" to the secret\'s client id, or point the profile at the secret of this client.');
		case 'rotation_enabled':
			return vscode.l10n.t('Change the secret through its rotation, or keep the new value on this machine only.');
		case 'partner_mismatch':
			return vscode.l10n.t('Use the team secret of this selling partner, or keep the new refresh token on this machine only.');
		case 'write_conflict':
			return vscode.l10n.t('Check the secret\'s new value, then try again if yours is still needed.');
		default:
			return vscode.l10n.t('The LWA log has details.');
	}
}
