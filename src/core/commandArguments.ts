// Command arguments that carry a secret or skip a confirmation. Any extension can run any command
// with any argument and no UI, so these are honoured only in ExtensionMode.Test (the extension's own
// tests drive the commands with them). Elsewhere they are dropped before the command sees them, the
// drop is logged (the field's name, never its value), and the command asks the user as it would from
// the palette.
import type { Logger } from './ports';

/** Per command, the argument fields honoured only in ExtensionMode.Test. */
export const TEST_ONLY_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
	// A secret.
	// A secret; for a team profile, also the answer to writing it back to the AWS secret.
	'lwa.setClientSecret': ['clientSecret', 'writeBack'],
	'lwa.addProfile': ['clientSecret'],
	// Answers whether a team profile's new refresh token is written back to its AWS secret.
	'lwa.signIn': ['writeBack'],
	// Skips the question before a team secret's values are copied into this machine's secret storage.
	'lwa.importTeamSecret': ['confirm'],
	// A redirected URL or code: a sign-in's authorization code.
	'lwa.completeSignIn': ['input'],
	// A refresh token (self-authorization).
	'lwa.setRefreshToken': ['refreshToken'],
	// What a Restricted Data Token unlocks (buyer data): outside tests the user picks it, so no other
	// extension puts such a token on the clipboard without the user choosing what it is for.
	'lwa.getRestrictedDataToken': ['method', 'path', 'dataElements'],
	// Skips the question whether to remove the client secret too.
	'lwa.signOut': ['removeClientSecret'],
	// Skip the preview and the collision questions, or bring secrets (environment) and files of the caller's choosing.
	// Skip the scope and folder questions and the conflict question, or cancel from the test.
	'lwa.fetchDataPortabilityRecords': ['targetFolder', 'scopeIds', 'onConflict', 'cancellation'],
	'lwa.importCredentials': ['askConfigPath', 'environment', 'accept', 'region', 'scopes', 'redirectUri', 'clientId', 'endpoints', 'onCollision'],
};

/**
 * The argument a command may act on: as given in ExtensionMode.Test; elsewhere without the command's
 * test-only fields. Arguments that are not plain objects pass unchanged (a Uri, a tree element).
 */
export function honouredArgument(command: string, arg: unknown, testMode: boolean, logger: Logger): unknown {
	const testOnly = TEST_ONLY_ARGUMENTS[command];
	if (testMode || !testOnly || typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
		return arg;
	}
	// A command gets its argument by reference from the extension that ran it, so the caller's object
	// could answer differently on a second read (a getter, a Proxy). Read it once, into a plain copy,
	// and hand the command only that copy, never the caller's object.
	const given = Object.fromEntries(Object.entries(arg));
	const dropped = testOnly.filter((field) => Object.hasOwn(given, field));
	if (dropped.length > 0) {
		logger.warn(`${command}: ignored the argument field(s) ${dropped.join(', ')}; fields that carry a secret or skip a confirmation are accepted only in tests.`);
	}
	return Object.fromEntries(Object.entries(given).filter(([field]) => !dropped.includes(field)));
}
