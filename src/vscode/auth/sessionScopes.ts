// Which scopes a session covers: shared by the provider's listing (activation) and its sign-in (features).

/** Whether `granted` includes every scope of `wanted`. */
export function includesScopes(granted: readonly string[], wanted: readonly string[]): boolean {
	return wanted.every((scope) => granted.includes(scope));
}
