// The Data Portability query ids created here, per profile and scope id, kept in the extension's
// globalState (ids are not secret) so that a conflict ("a conflicting request in progress", which
// carries no id) can continue the running query. The newest 100 are kept.
import { safeId } from './ids';
import type { QueryIdMemory } from './transfer';

/** The part of VS Code's Memento (globalState) the memory uses. */
export interface KeyValueState {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'lwa.dataPortability.queries';
const KEEP = 100;

interface Entry {
	profile: string;
	scopeId: string;
	queryId: string;
	createdAt: number;
}

function entries(state: KeyValueState): Entry[] {
	const value = state.get<unknown>(KEY);
	return Array.isArray(value) ? value.filter((entry): entry is Entry => typeof entry === 'object' && entry !== null
		&& typeof (entry as Entry).profile === 'string' && typeof (entry as Entry).scopeId === 'string'
		&& safeId((entry as Entry).queryId) !== undefined && typeof (entry as Entry).createdAt === 'number') : [];
}

/** The memory of one profile's queries. */
export function queryMemory(state: KeyValueState, profile: string, now: () => number): QueryIdMemory {
	return {
		lastQueryId: (scopeId) => entries(state).filter((entry) => entry.profile === profile && entry.scopeId === scopeId).sort((a, b) => b.createdAt - a.createdAt)[0]?.queryId,
		remember: async (scopeId, queryId) => {
			const kept = [{ profile, scopeId, queryId, createdAt: now() }, ...entries(state)].slice(0, KEEP);
			await state.update(KEY, kept);
		},
	};
}
