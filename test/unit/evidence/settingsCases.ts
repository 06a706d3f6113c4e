// Bad-input cases for the lwa.profiles setting, read the way the settings reader reads it
// (ProfileRegistry parses the raw value with parseProfiles, then commands, the status bar and the
// Accounts menu ask the credential service for each profile it kept). Every profile named in the
// setting has a stored credential first: a bad value must skip the entry and delete nothing.
import * as assert from 'node:assert/strict';
import type { Profile } from '../../../src/core/profiles';
import { parseProfiles } from '../../../src/core/profiles';
import { replyJson, startServer, tokenBody } from '../core/support/servers';
import type { CatalogueCase } from './catalogue';
import { allStoredStates, createRig, REFRESH_SENTINEL, SECRET_SENTINEL, seedProfile } from './support';

const GOOD_PROFILE = { name: 'good', region: 'NA', clientId: 'amzn1.application-oa2-client.good', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback' };

/** A valid profile with this name, to seed a credential under it. */
function validProfileNamed(name: string): Profile {
	const [profile] = parseProfiles([{ ...GOOD_PROFILE, name }]).profiles;
	assert.ok(profile, `a valid profile named "${name}"`);
	return profile;
}

/**
 * `entry` is the bad lwa.profiles entry placed after a good one; `raw`, when given, is the whole
 * setting instead. `seededNames` are the profiles with a stored credential before the setting is read.
 */
function settingsCase(name: string, field: string, entry: unknown, raw?: unknown, seededNames: readonly string[] = ['good', 'bad']): CatalogueCase {
	return {
		name, inputClass: 'settings', expected: `field: ${field}`,
		run: async () => {
			// Any token request would land here and be counted; a fresh stored token needs none.
			const tokenServer = await startServer((_request, response) => replyJson(response, 200, tokenBody({ access_token: 'Atza|new-SENTINEL' })));
			const rig = await createRig();
			try {
				for (const seeded of seededNames) {
					await seedProfile(rig, validProfileNamed(seeded));
				}
				const result = parseProfiles(raw ?? [GOOD_PROFILE, entry]);
				if (raw === undefined) {
					assert.deepEqual(result.profiles.map((profile) => profile.name), ['good'], 'the good profile is kept, the bad one skipped');
				}
				for (const problem of result.problems) {
					assert.ok(problem.message.toLowerCase().includes(problem.field.toLowerCase()), `the message names the field: ${problem.message}`);
				}
				for (const profile of result.profiles) {
					const credential = await rig.service.getValidCredential(profile);
					assert.ok(credential.accessToken.length > 0, 'the kept profile still has its token');
				}
				assert.equal(tokenServer.requests.length, 0, 'reading the setting sends no token request');
				return {
					label: result.problems.map((problem) => `field: ${problem.field}`).join(', ') || 'accepted',
					visible: [...result.problems.map((problem) => problem.message), ...rig.logger.lines],
					stored: allStoredStates(rig),
				};
			} finally {
				await rig.close();
				await tokenServer.close();
			}
		},
	};
}

const bad = (overrides: Record<string, unknown>): Record<string, unknown> => ({ ...GOOD_PROFILE, name: 'bad', ...overrides });

export const settingsCases: CatalogueCase[] = [
	settingsCase('lwa.profiles is an object, not an array', 'lwa.profiles', undefined, { name: 'good', clientSecret: SECRET_SENTINEL }),
	settingsCase('lwa.profiles is a string', 'lwa.profiles', undefined, `good ${SECRET_SENTINEL}`),
	settingsCase('an entry that is a string', 'profile', `profile ${SECRET_SENTINEL}`),
	settingsCase('no name', 'name', bad({ name: undefined })),
	settingsCase('a name that is only spaces', 'name', bad({ name: '   ' })),
	settingsCase('a duplicate name', 'name', bad({ name: 'good', clientId: 'amzn1.application-oa2-client.other' })),
	settingsCase('an unknown region', 'region', bad({ region: 'US' })),
	settingsCase('a lower-case region', 'region', bad({ region: 'na' })),
	settingsCase('an empty clientId', 'clientId', bad({ clientId: '' })),
	settingsCase('a clientId with spaces', 'clientId', bad({ clientId: 'amzn1 SENTINEL' })),
	settingsCase('a clientId over 100 bytes', 'clientId', bad({ clientId: `amzn1.${'SENTINEL'.repeat(20)}` })),
	settingsCase('a clientId of a megabyte', 'clientId', bad({ clientId: `amzn1.${'SENTINEL'.repeat(128 * 1024)}` })),
	settingsCase('a clientId with control characters', 'clientId', bad({ clientId: 'amzn1.application-oa2-client.\u0000\nSENTINEL' })),
	settingsCase('scopes as one string', 'scopes', bad({ scopes: 'profile postal_code' })),
	settingsCase('an empty scope name', 'scopes', bad({ scopes: ['profile', ''] })),
	settingsCase('a scope with a space', 'scopes', bad({ scopes: ['profile SENTINEL'] })),
	settingsCase('no scopes for client_credentials', 'scopes', bad({ grant: 'client_credentials', scopes: [], redirectUri: undefined })),
	settingsCase('a plain-http redirectUri on a public host', 'redirectUri', bad({ redirectUri: 'http://SENTINEL.example.com/callback' })),
	settingsCase('a redirectUri with a fragment', 'redirectUri', bad({ redirectUri: 'https://example.com/callback#SENTINEL' })),
	settingsCase('a redirectUri with a password in it', 'redirectUri', bad({ redirectUri: `https://user:${SECRET_SENTINEL}@example.com/callback` })),
	settingsCase('a loopback redirectUri without a port', 'redirectUri', bad({ redirectUri: 'http://127.0.0.1/lwa/callback' })),
	settingsCase('a redirectUri that is not a URL', 'redirectUri', bad({ redirectUri: 'callback SENTINEL' })),
	settingsCase('a custom-scheme redirectUri', 'redirectUri', bad({ redirectUri: 'vscode://lwa-tools.lwa-credentials/callback' })),
	settingsCase('an unknown grant', 'grant', bad({ grant: 'password' })),
	settingsCase('pkce as text', 'pkce', bad({ pkce: 'yes' })),
	settingsCase('scopeData without essential flags', 'scopeData', bad({ scopeData: { profile: true } })),
	settingsCase('a plain-http token endpoint on a public host', 'endpoints.token', bad({ endpoints: { token: 'http://SENTINEL.example.com/auth/o2/token' } })),
	settingsCase('a token endpoint with a password in it', 'endpoints.token', bad({ endpoints: { token: `https://u:${SECRET_SENTINEL}@example.com/t` } })),
	settingsCase('an unknown endpoint name', 'endpoints.revoke', bad({ endpoints: { revoke: 'https://example.com/revoke' } })),
	settingsCase('endpoints as a string', 'endpoints', bad({ endpoints: 'https://example.com' })),
	settingsCase('a client secret typed into settings', 'clientSecret', bad({ clientSecret: SECRET_SENTINEL })),
	settingsCase('a refresh token typed into settings', 'refreshToken', bad({ refreshToken: REFRESH_SENTINEL })),
];
