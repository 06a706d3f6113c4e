// What the e2e tier prepares before code-server starts: settings seeded into the user profile and
// values the specs need. The LWA emulator and the Sandbox profile join here once they exist.
export interface E2eFixtures {
	userSettings: Record<string, unknown>;
	values: Record<string, string>;
	dispose(): Promise<void>;
}

export async function e2eFixtures(): Promise<E2eFixtures> {
	return {
		userSettings: {},
		values: {},
		dispose: async () => undefined,
	};
}
