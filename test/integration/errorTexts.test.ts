// The one module that words errors (src/vscode/ui/errorTexts.ts), run in the real extension host with
// vscode.l10n: every code and every reason the core can give has a sentence and an action with its
// facts filled in, and nothing but the facts reaches the text.
import * as assert from 'node:assert/strict';
import type { LwaErrorCode, LwaErrorDetails, LwaErrorReason } from '../../src/core/lwa/errors';
import { LWA_ERROR_CODES, LwaError } from '../../src/core/lwa/errors';
import type { ImportSourceProblem } from '../../src/core/import/candidate';
import { ImportSourceError } from '../../src/core/import/candidate';
import type { ProfileProblemKind } from '../../src/core/profiles';
import { parseProfiles } from '../../src/core/profiles';
import { describeFailure, failureText, inspectionFailureText } from '../../src/vscode/ui/errorTexts';
import { importSourceErrorText, profileFieldProblemText, profileProblemText } from '../../src/vscode/ui/problemTexts';

/** The reasons each code is thrown with (see LwaErrorReason). */
const REASONS: Partial<Record<LwaErrorCode, readonly LwaErrorReason[]>> = {
	malformed_response: ['too_large', 'not_json', 'not_an_object', 'no_error_body', 'unexpected_status', 'bad_field'],
	network: ['connect_timeout', 'tls', 'broke_off', 'unexpected'],
	timeout: ['lease_busy'],
	malformed_callback: [
		'nothing_given', 'too_long', 'empty', 'not_a_url', 'not_a_redirect', 'repeated_parameter', 'code_shape',
		// The SP-API consent redirect's refusals (src/core/sellingPartner/callback.ts, consentSignIn.ts).
		'control_character', 'userinfo', 'wrong_redirect_uri', 'bare_code', 'login_uri_step', 'missing_selling_partner_id', 'selling_partner_id_shape',
	],
	invalid_scope: ['at_authorization'],
	unauthorized_client: ['at_authorization'],
	invalid_request: ['at_authorization'],
	server_error: ['at_authorization'],
	invalid_profile: [
		'region', 'endpoint_override', 'empty_redirect_uri',
		// An SP-API profile's checks before the sign-in (src/core/sellingPartner/errors.ts) and its consent address.
		'application_id_shape', 'client_id_as_application_id', 'application_id_as_client_id', 'client_id_shape',
		'draft_without_beta', 'redirect_uri_fragment', 'redirect_uri_not_https', 'consent_base',
	],
	// An expired or reused spapi_oauth_code, a refused pasted refresh token (SP-API).
	invalid_grant: ['consent_code', 'pasted_refresh_token'],
	// A consent sign-in that timed out: Seller Central shows MD errors on its own page.
	sign_in_timeout: ['consent_page'],
	// A selling partner or grantless scope the SP-API profile holds no tokens for.
	not_signed_in: ['unknown_account'],
	port_in_use: ['address_in_use', 'cannot_listen'],
	team_secret: [
		'aws_no_credentials', 'aws_session_expired', 'aws_credentials_refused', 'aws_access_denied', 'secret_not_found',
		'aws_wrong_region', 'secret_decryption_failed', 'secret_binary', 'secret_not_json', 'secret_not_an_object',
		'secret_format_unknown', 'secret_format_ambiguous', 'secret_key_missing', 'secret_key_invalid', 'aws_network',
		'aws_service_error', 'aws_unexpected', 'client_id_mismatch', 'rotation_enabled', 'partner_mismatch', 'write_conflict',
	],
};

const FACTS: LwaErrorDetails['facts'] = {
	field: 'endpoints.tokeninfo', parameter: 'state', port: 53682, address: '[::1]', systemCode: 'EACCES',
	seconds: 300, redirectUri: 'http://127.0.0.1:53682/lwa/callback', profile: 'sandbox', operation: 'save', entry: 'tokens',
	secretId: 'SPAPIAppCredentials-team', region: 'eu-west-1', action: 'secretsmanager:GetSecretValue',
};

function variants(): { label: string; error: LwaError }[] {
	const all: { label: string; error: LwaError }[] = [];
	for (const code of LWA_ERROR_CODES) {
		all.push({ label: code, error: new LwaError(code, { facts: FACTS, status: 418 }) });
		for (const reason of REASONS[code] ?? []) {
			all.push({ label: `${code}/${reason}`, error: new LwaError(code, { reason, facts: FACTS, status: 418 }) });
		}
	}
	return all;
}

suite('Error texts', () => {
	test('every code and reason has a sentence and an action with no placeholder or undefined left in them', () => {
		for (const { label, error } of variants()) {
			const { message, action } = describeFailure(error);
			assert.ok(message.length > 10, `${label}: message`);
			assert.ok(action.length > 5, `${label}: action`);
			for (const text of [message, action]) {
				assert.doesNotMatch(text, /\{\d\}|undefined|\bnull\b|\[object/, `${label}: ${text}`);
			}
			assert.equal(failureText(error), `${message} ${action}`);
		}
	});

	test('reasons give their own sentence, not the code\'s general one', () => {
		for (const [code, reasons] of Object.entries(REASONS) as [LwaErrorCode, LwaErrorReason[]][]) {
			const general = describeFailure(new LwaError(code)).message;
			for (const reason of reasons) {
				assert.notEqual(describeFailure(new LwaError(code, { reason, facts: FACTS })).message, general, `${code}/${reason}`);
			}
		}
	});

	test('the facts the sentence names are filled in: port and address, seconds and redirect URI, field, parameter, profile, HTTP status', () => {
		const text = (code: LwaErrorCode, reason?: LwaErrorReason) => failureText(new LwaError(code, { ...(reason ? { reason } : {}), facts: FACTS, status: 418 }));
		assert.match(text('port_in_use', 'address_in_use'), /Port 53682 on \[::1\] is already in use/);
		assert.match(text('port_in_use', 'cannot_listen'), /port 53682 on \[::1\] \(EACCES\)/);
		assert.match(text('sign_in_timeout'), /within 300 seconds.*http:\/\/127\.0\.0\.1:53682\/lwa\/callback/);
		assert.match(text('invalid_profile', 'endpoint_override'), /"endpoints\.tokeninfo"/);
		assert.match(text('invalid_profile', 'empty_redirect_uri'), /Profile "sandbox": "redirectUri" is empty/);
		assert.match(text('malformed_callback', 'repeated_parameter'), /repeats the "state" parameter/);
		assert.match(text('malformed_response', 'bad_field'), /the field "endpoints\.tokeninfo"/);
		assert.match(text('malformed_response', 'unexpected_status'), /HTTP status 418/);
	});

	test('the SP-API reasons fill in their facts: a consent timeout\'s seconds and redirect URI, an unknown account\'s profile, a consent address override', () => {
		const text = (code: LwaErrorCode, reason: LwaErrorReason) => failureText(new LwaError(code, { reason, facts: FACTS }));
		assert.match(text('sign_in_timeout', 'consent_page'), /within 300 seconds\..*MD5101 \(the redirect URI http:\/\/127\.0\.0\.1:53682\/lwa\/callback is not one of the app's OAuth redirect URIs\)/);
		assert.match(text('not_signed_in', 'unknown_account'), /^Profile "sandbox" holds no tokens for that selling partner or scope/);
		assert.match(text('invalid_profile', 'consent_base'), /the "endpoints\.tokeninfo" override is not an https: URL/);
		assert.match(text('invalid_grant', 'consent_code'), /spapi_oauth_code .* lives 5 minutes and works once/);
	});

	test('a secret storage outage names the entry, the profile and what this window does, and how to fix the keyring', () => {
		const outage = (operation: 'read' | 'save' | 'delete', entry: 'tokens' | 'client_secret') =>
			failureText(new LwaError('secret_storage_unavailable', { facts: { operation, entry, profile: 'adp' } }));
		assert.match(outage('save', 'tokens'), /could not save the tokens of "adp"; this window keeps them in memory until it closes or reloads/);
		assert.match(outage('read', 'tokens'), /could not be read, so the tokens of "adp" are not available in this window/);
		assert.match(outage('delete', 'tokens'), /could not delete the tokens of "adp"; they are gone from this window, but may come back after a reload/);
		assert.match(outage('save', 'client_secret'), /could not save the client secret of "adp"; this window keeps it in memory/);
		assert.match(outage('read', 'client_secret'), /client secret of "adp" is not available/);
		const text = outage('save', 'tokens');
		assert.match(text, /gnome-keyring or KWallet/);
		assert.match(text, /--password-store=gnome-libsecret/);
		assert.match(text, /--password-store=basic also works, but keeps secrets on disk with weak encryption/);
	});

	test('a proxy refusal, a proxy that cannot reach the server and an untrusted certificate name the server the request went to: Data Portability, a record\'s file host, the Ads API host, else Login with Amazon', () => {
		const servers: { facts: LwaErrorDetails['facts']; name: string }[] = [
			{ facts: {}, name: 'Login with Amazon' },
			{ facts: { service: 'data_portability' }, name: 'Amazon Data Portability' },
			{ facts: { service: 'file_download' }, name: 'the host of a record\'s file' },
			{ facts: { service: 'advertising_api', host: 'advertising-api-eu.amazon.com' }, name: 'the Amazon Ads API at advertising-api-eu.amazon.com' },
		];
		for (const { facts, name } of servers) {
			for (const reason of ['proxy_refused', 'proxy_bad_gateway', 'untrusted_certificate'] as const) {
				const text = failureText(new LwaError('network', { reason, status: 403, facts }));
				assert.ok(text.includes(name), `${reason} for ${name}: ${text}`);
				if (name !== 'Login with Amazon') {
					assert.ok(!text.includes('Login with Amazon'), `${reason} for ${name} does not blame Login with Amazon: ${text}`);
				}
			}
		}
	});

	test('anything but an LwaError gets the generic text, never its own message', () => {
		const foreign = new Error('Atza|SENTINEL leaked');
		assert.equal(failureText(foreign), 'Something went wrong. The LWA log has details.');
		assert.doesNotMatch(inspectionFailureText(foreign, 'tokeninfo'), /SENTINEL/);
	});

	test('the inspect panel words an invalid token and a missing profile scope for the endpoint that refused', () => {
		assert.match(inspectionFailureText(new LwaError('invalid_grant'), 'tokeninfo'), /access token is not valid/);
		assert.match(inspectionFailureText(new LwaError('invalid_scope'), 'profile'), /not granted a customer profile scope/);
		assert.equal(inspectionFailureText(new LwaError('invalid_scope'), 'tokeninfo'), failureText(new LwaError('invalid_scope')));
	});

	// Every kind, checked by the compiler: a kind added to the core without a line here fails to build.
	const PROFILE_PROBLEM_KINDS: Record<ProfileProblemKind, true> = {
		not_an_array: true, not_an_object: true, unknown_field: true, name_empty: true, name_too_long: true,
		name_unsafe_characters: true, name_taken: true, region_invalid: true, grant_invalid: true, pkce_not_boolean: true,
		scope_data_invalid: true, client_id_empty: true, client_id_too_long: true, client_id_not_printable_ascii: true,
		scopes_not_an_array: true, scopes_bad_entry: true, scopes_empty: true, scopes_required_for_client_credentials: true,
		redirect_uri_missing: true, redirect_uri_invalid: true, redirect_uri_fragment: true, redirect_uri_userinfo: true,
		redirect_uri_loopback_without_port: true, redirect_uri_not_https: true, endpoints_not_an_object: true,
		endpoint_unknown: true, endpoint_not_a_url: true, endpoint_invalid_url: true, endpoint_userinfo: true, endpoint_not_https: true,
		api_invalid: true, field_needs_api: true, application_id_missing: true, application_id_is_client_id: true,
		application_id_invalid: true, partner_type_invalid: true, draft_not_boolean: true, advertising_profile_id_invalid: true,
		terminal_not_boolean: true, variable_file_invalid: true, variable_file_path_invalid: true, variable_name_invalid: true,
		secrets_manager_invalid: true, secrets_manager_secret_id_invalid: true, secrets_manager_region_invalid: true,
		secrets_manager_region_mismatch: true, secrets_manager_aws_profile_invalid: true, secrets_manager_format_invalid: true,
	};
	const IMPORT_PROBLEMS: Record<ImportSourceProblem, true> = {
		unreadable: true, not_a_file: true, too_large: true, empty: true, not_json: true, not_an_object: true, no_profiles: true,
		profiles_not_an_object: true, empty_profile_name: true, wrong_type: true, token_type_not_bearer: true,
		value_too_long: true, value_with_spaces: true, not_a_date: true, not_a_url: true, not_an_http_url: true,
	};

	test('every profile setting problem has its own sentence naming the field, with no placeholder left', () => {
		const seen = new Set<string>();
		for (const kind of Object.keys(PROFILE_PROBLEM_KINDS) as ProfileProblemKind[]) {
			const text = profileFieldProblemText({ index: 0, name: 'dev', field: 'endpoints.token', kind, limit: 64 });
			assert.ok(text.length > 10, kind);
			assert.doesNotMatch(text, /\{\d\}|undefined/, `${kind}: ${text}`);
			assert.ok(!seen.has(text), `${kind} shares its sentence with another kind: ${text}`);
			seen.add(text);
		}
	});

	test('a profile problem names the entry and the profile, and shows an unknown key escaped, not as a second line', () => {
		const [problem] = parseProfiles([{ name: 'dev', region: 'NA', clientId: 'amzn1.application-oa2-client.x', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/cb', 'odd\nkey': 1 }]).problems;
		const text = profileProblemText(problem);
		assert.match(text, /^lwa\.profiles\[0\] \("dev"\): "odd\\u000akey" is not a profile field/);
		assert.ok(!text.includes('\n'));
		assert.match(profileProblemText(parseProfiles([{ name: 'dev', region: 'XX', clientId: 'c', scopes: ['p'], redirectUri: 'https://x.example/cb' }]).problems[0]), /"region" must be "NA", "EU" or "FE"/);
	});

	test('every import refusal names the file or variable and says nothing was imported, with no value and no placeholder', () => {
		for (const problem of Object.keys(IMPORT_PROBLEMS) as ImportSourceProblem[]) {
			const text = importSourceErrorText(new ImportSourceError({ file: '/home/dev/.ask/cli_config' }, problem, { field: 'profiles["default"].token', found: 'array', expected: 'object', size: 2_000_000, limit: 1_048_576 }));
			assert.match(text, /^Nothing was imported: the ASK CLI config \/home\/dev\/\.ask\/cli_config /, problem);
			assert.doesNotMatch(text, /\{\d\}|undefined/, `${problem}: ${text}`);
		}
		assert.match(importSourceErrorText(new ImportSourceError({ variable: 'ASK_LWA_TOKEN_HOST' }, 'not_a_url')), /the environment variable ASK_LWA_TOKEN_HOST is not a URL/);
		assert.match(importSourceErrorText(new ImportSourceError({ file: 'f' }, 'wrong_type', { field: 'profiles["a"].token', found: 'array', expected: 'object' })), /has profiles\["a"\]\.token as an array; it must be an object/);
	});
});
