// The words for what the user typed or keeps that the extension cannot use: a profile setting's
// problems (field by field) and an import source refused as a whole. Like errorTexts.ts beside it, it
// words the core's kinds and facts; the user's own text (an unknown key, a file's profile name) is
// shown escaped and bounded.
import vscode = require('vscode');
import type { ImportSourceError, JsonKind } from '../../core/import/candidate';
import { forLog } from '../../core/logText';
import type { ProfileProblem } from '../../core/profiles';

/** One line naming the setting entry, the profile and what is wrong with the field. */
export function profileProblemText(problem: ProfileProblem): string {
	const which = problem.index >= 0 ? `lwa.profiles[${problem.index}]` : 'lwa.profiles';
	const name = problem.name ? ` ("${problem.name}")` : '';
	return `${which}${name}: ${profileFieldProblemText(problem)}`;
}

/** What is wrong with the field, in a sentence that names it (for a notification or an input box). */
export function profileFieldProblemText(problem: Pick<ProfileProblem, 'field' | 'kind' | 'limit' | 'index' | 'name'>): string {
	// The field of an unknown key is the user's text: escaped and bounded like a log value.
	const field = forLog(problem.field, 80);
	switch (problem.kind) {
		case 'not_an_array':
			return vscode.l10n.t('"lwa.profiles" must be an array of profiles.');
		case 'not_an_object':
			return vscode.l10n.t('Profile {0} must be an object with "name", "region", "clientId", "scopes" and "redirectUri".', problem.index + 1);
		case 'unknown_field':
			return vscode.l10n.t('"{0}" is not a profile field (known fields: {1}).', field, 'name, region, clientId, scopes, redirectUri, grant, pkce, scopeData, endpoints');
		case 'name_empty':
			return vscode.l10n.t('"name" must be a non-empty text.');
		case 'name_too_long':
			return vscode.l10n.t('"name" is longer than {0} characters.', problem.limit ?? 64);
		case 'name_unsafe_characters':
			return vscode.l10n.t('"name" must not contain control characters, line breaks or text-direction marks.');
		case 'name_taken':
			return vscode.l10n.t('"name": another profile is already called "{0}".', problem.name ?? '');
		case 'region_invalid':
			return vscode.l10n.t('"region" must be "NA", "EU" or "FE".');
		case 'grant_invalid':
			return vscode.l10n.t('"grant" must be "authorization_code" or "client_credentials".');
		case 'pkce_not_boolean':
			return vscode.l10n.t('"pkce" must be true or false.');
		case 'scope_data_invalid':
			return vscode.l10n.t('"scopeData" must map scope names to { "essential": true | false }.');
		case 'client_id_empty':
			return vscode.l10n.t('"clientId" must not be empty (it looks like amzn1.application-oa2-client.…).');
		case 'client_id_too_long':
			return vscode.l10n.t('"clientId" is longer than {0} bytes.', problem.limit ?? 100);
		case 'client_id_not_printable_ascii':
			return vscode.l10n.t('"clientId" must be printable ASCII without spaces (it looks like amzn1.application-oa2-client.…).');
		case 'scopes_not_an_array':
			return vscode.l10n.t('"scopes" must be an array of scope names.');
		case 'scopes_bad_entry':
			return vscode.l10n.t('"scopes" must contain only non-empty scope names without spaces.');
		case 'scopes_empty':
			return vscode.l10n.t('"scopes" must list at least one scope.');
		case 'scopes_required_for_client_credentials':
			return vscode.l10n.t('"scopes" must list at least one scope (client_credentials requires a scope).');
		case 'redirect_uri_missing':
			return vscode.l10n.t('"redirectUri" must be the redirect URL registered in the security profile\'s Allowed Return URLs.');
		case 'redirect_uri_invalid':
			return vscode.l10n.t('"redirectUri" is not a valid absolute URL.');
		case 'redirect_uri_fragment':
			return vscode.l10n.t('"redirectUri" must not contain a fragment (#…).');
		case 'redirect_uri_userinfo':
			return vscode.l10n.t('"redirectUri" must not contain a user name or password.');
		case 'redirect_uri_loopback_without_port':
			return vscode.l10n.t('"redirectUri" on localhost must name a port, for example http://127.0.0.1:53682/lwa/callback.');
		case 'redirect_uri_not_https':
			return vscode.l10n.t('"redirectUri" must use https: (http: only for 127.0.0.1, localhost or [::1] with a port).');
		case 'endpoints_not_an_object':
			return vscode.l10n.t('"endpoints" must be an object with optional "authorization", "token", "tokeninfo" and "profile" URLs.');
		case 'endpoint_unknown':
			return vscode.l10n.t('"{0}" is not an endpoint (known: authorization, token, tokeninfo, profile).', field);
		case 'endpoint_not_a_url':
			return vscode.l10n.t('"{0}" must be a URL.', field);
		case 'endpoint_invalid_url':
			return vscode.l10n.t('"{0}" is not a valid URL.', field);
		case 'endpoint_userinfo':
			return vscode.l10n.t('"{0}" must not contain a user name or password.', field);
		case 'endpoint_not_https':
			return vscode.l10n.t('"{0}" must use https: (http: is allowed only for localhost, 127.0.0.1 or [::1]).', field);
		case 'api_invalid':
			return vscode.l10n.t('"api" must be "lwa", "sp-api" or "ads".');
		case 'field_needs_api':
			return vscode.l10n.t('"{0}" belongs to another kind of profile: set "api" to "{1}" or remove the field.', field, field === 'advertisingProfileId' ? 'ads' : 'sp-api');
		case 'application_id_missing':
			return vscode.l10n.t('"applicationId" is needed for an SP-API profile: the app ID from Seller Central\'s Develop Apps page (amzn1.sp.solution.… or amzn1.sellerapps.app.…).');
		case 'application_id_is_client_id':
			return vscode.l10n.t('"applicationId" holds an LWA client id (amzn1.application-oa2-client.…). The consent page needs the app ID (amzn1.sp.solution.… or amzn1.sellerapps.app.…); the client id belongs in "clientId". Mixing them up is what Amazon reports as MD1000.');
		case 'application_id_invalid':
			return vscode.l10n.t('"applicationId" does not look like an SP-API app ID (amzn1.sp.solution.… or amzn1.sellerapps.app.…).');
		case 'partner_type_invalid':
			return vscode.l10n.t('"partnerType" must be "seller" or "vendor".');
		case 'draft_not_boolean':
			return vscode.l10n.t('"draft" must be true or false.');
		case 'advertising_profile_id_invalid':
			return vscode.l10n.t('"advertisingProfileId" must be the profile id as text (in quotes: ids are larger than JSON numbers can hold exactly).');
		case 'terminal_not_boolean':
			return vscode.l10n.t('"terminal" must be true or false.');
		case 'variable_file_invalid':
			return vscode.l10n.t('"variableFile" must be true, false, or an object with optional "file" and "name".');
		case 'variable_file_path_invalid':
			return vscode.l10n.t('"variableFile.file" must be a path inside the workspace folder, such as .env or config/.env (no absolute path, "..", backslash or control character).');
		case 'variable_name_invalid':
			return vscode.l10n.t('"variableFile.name" must be a variable name: letters, digits and _, not starting with a digit.');
		case 'secrets_manager_invalid':
			return vscode.l10n.t('"secretsManager" must be {0}.', '{ "secretId", "region", "awsProfile"?, "format"? }');
		case 'secrets_manager_secret_id_invalid':
			return vscode.l10n.t('"secretsManager.secretId" must be a secret name or a Secrets Manager ARN.');
		case 'secrets_manager_region_invalid':
			return vscode.l10n.t('"secretsManager.region" must be an AWS region such as us-east-1.');
		case 'secrets_manager_region_mismatch':
			return vscode.l10n.t('"secretsManager.secretId" is an ARN of another region.');
		case 'secrets_manager_aws_profile_invalid':
			return vscode.l10n.t('"secretsManager.awsProfile" must be the name of an AWS profile.');
		case 'secrets_manager_format_invalid':
			return vscode.l10n.t('"secretsManager.format" must be {0}.', '"sp-api-samples" | "python-amazon-sp-api"');
	}
}

/** Why an import source was refused as a whole: the file or variable, what is wrong, never a value. */
export function importSourceErrorText(error: ImportSourceError): string {
	const { origin, facts } = error;
	// Field paths hold the file's own profile names: escaped and bounded like log values.
	const field = forLog(facts.field ?? '', 120);
	const found = facts.found ? jsonKindText(facts.found) : '';
	const what = 'file' in origin
		? vscode.l10n.t('the ASK CLI config {0}', forLog(origin.file, 300))
		: vscode.l10n.t('the environment variable {0}', origin.variable);
	const problem = ((): string => {
		switch (error.problem) {
			case 'unreadable':
				return vscode.l10n.t('could not be read (check that it exists and that you may read it).');
			case 'not_a_file':
				return vscode.l10n.t('is not a file.');
			case 'too_large':
				return facts.size !== undefined
					? vscode.l10n.t('is {0} bytes, larger than the {1} bytes an ASK CLI config can sensibly be.', facts.size, facts.limit ?? 0)
					: vscode.l10n.t('is larger than {0} bytes.', facts.limit ?? 0);
			case 'empty':
				return vscode.l10n.t('is empty.');
			case 'not_json':
				return vscode.l10n.t('is not valid JSON.');
			case 'not_an_object':
				return vscode.l10n.t('must hold a JSON object, but holds {0}.', found);
			case 'no_profiles':
				return vscode.l10n.t('has no "profiles" object.');
			case 'profiles_not_an_object':
				return vscode.l10n.t('has "profiles" as {0}; it must be an object of named profiles.', found);
			case 'empty_profile_name':
				return vscode.l10n.t('has a profile with an empty name.');
			case 'wrong_type':
				switch (facts.expected) {
					case 'object':
						return vscode.l10n.t('has {0} as {1}; it must be an object.', field, found);
					case 'number':
						return vscode.l10n.t('has {0} as {1}; it must be a number of seconds.', field, found);
					default:
						return vscode.l10n.t('has {0} as {1}; it must be text.', field, found);
				}
			case 'token_type_not_bearer':
				return vscode.l10n.t('has {0} that is not "bearer".', field);
			case 'value_too_long':
				return vscode.l10n.t('has {0} longer than {1} characters.', field, facts.limit ?? 0);
			case 'value_with_spaces':
				return vscode.l10n.t('has {0} with spaces or control characters in it.', field);
			case 'not_a_date':
				return vscode.l10n.t('has {0} that is not a date.', field);
			case 'not_a_url':
				return vscode.l10n.t('is not a URL.');
			case 'not_an_http_url':
				return vscode.l10n.t('must be an http(s) URL.');
		}
	})();
	return vscode.l10n.t('Nothing was imported: {0} {1}', what, problem);
}

function jsonKindText(kind: JsonKind): string {
	switch (kind) {
		case 'null':
			return vscode.l10n.t('null');
		case 'array':
			return vscode.l10n.t('an array');
		case 'object':
			return vscode.l10n.t('an object');
		case 'string':
			return vscode.l10n.t('a string');
		case 'number':
			return vscode.l10n.t('a number');
		case 'boolean':
			return vscode.l10n.t('a boolean');
		case 'other':
			return vscode.l10n.t('another kind of value');
	}
}
