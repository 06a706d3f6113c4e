// The one module that words errors (src/vscode/ui/errorTexts.ts), run in the real extension host with
// vscode.l10n: every code and every reason the core can give has a sentence and an action with its
// facts filled in, and nothing but the facts reaches the text.
import * as assert from 'node:assert/strict';
import type { LwaErrorCode, LwaErrorDetails, LwaErrorReason } from '../../src/core/lwa/errors';
import { LWA_ERROR_CODES, LwaError } from '../../src/core/lwa/errors';
import { describeFailure, failureText, inspectionFailureText } from '../../src/vscode/ui/errorTexts';

/** The reasons each code is thrown with (see LwaErrorReason). */
const REASONS: Partial<Record<LwaErrorCode, readonly LwaErrorReason[]>> = {
	malformed_response: ['too_large', 'not_json', 'not_an_object', 'no_error_body', 'unexpected_status', 'bad_field'],
	network: ['connect_timeout', 'tls', 'broke_off', 'unexpected'],
	timeout: ['lease_busy'],
	malformed_callback: ['nothing_given', 'too_long', 'empty', 'not_a_url', 'not_a_redirect', 'repeated_parameter', 'code_shape'],
	invalid_scope: ['at_authorization'],
	unauthorized_client: ['at_authorization'],
	invalid_request: ['at_authorization'],
	server_error: ['at_authorization'],
	invalid_profile: ['region', 'endpoint_override', 'empty_redirect_uri'],
	port_in_use: ['address_in_use', 'cannot_listen'],
};

const FACTS: LwaErrorDetails['facts'] = {
	field: 'endpoints.tokeninfo', parameter: 'state', port: 53682, address: '[::1]', systemCode: 'EACCES',
	seconds: 300, redirectUri: 'http://127.0.0.1:53682/lwa/callback', profile: 'sandbox', operation: 'save', entry: 'tokens',
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
});
