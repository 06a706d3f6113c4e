// Reading a command's argument. Commands take an optional object (`{ profile, ... }`) whose fields
// come from anyone who can run a command, so each field is checked for its type where it is read.

/**
 * The fields of a command's argument: an object's own fields (a Profiles view element is `{ profile }`,
 * so its menu actions act on it), and none for anything else (nothing, a string, an array).
 */
export function argumentFields(arg: unknown): Readonly<Record<string, unknown>> {
	return typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? arg as Record<string, unknown> : {};
}

/** A string field of a command's argument; undefined when absent or not a string. */
export function stringField(arg: unknown, key: string): string | undefined {
	const value = argumentFields(arg)[key];
	return typeof value === 'string' ? value : undefined;
}
