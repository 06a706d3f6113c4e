// The Data Portability query ids created here, per profile and scope id, kept in globalState (ids are
// not secret) so that a conflict ("a conflicting request in progress", which carries no id) can
// continue the running query. The newest 100 are kept.
import type * as vscode from 'vscode';
import type { QueryIdMemory } from '../../core/portability/transfer';
import { safeId } from '../../core/portability/ids';

const KEY = 'lwa.dataPortability.queries';
const KEEP = 100;

interface Entry {
	profile: string;
	scopeId: string;
	queryId: string;
	createdAt: number;
}

function entries(state: vscode.Memento): Entry[] {
	const value = state.get<unknown>(KEY);
	return Array.isArray(value) ? value.filter((entry): entry is Entry => typeof entry === 'object' && entry !== null
		&& typeof (entry as Entry).profile === 'string' && typeof (entry as Entry).scopeId === 'string'
		&& safeId((entry as Entry).queryId) !== undefined && typeof (entry as Entry).createdAt === 'number') : [];
}

/** The memory of one profile's queries. */
export function queryMemory(state: vscode.Memento, profile: string, now: () => number): QueryIdMemory {
	return {
		lastQueryId: (scopeId) => entries(state).filter((entry) => entry.profile === profile && entry.scopeId === scopeId).sort((a, b) => b.createdAt - a.createdAt)[0]?.queryId,
		remember: async (scopeId, queryId) => {
			const kept = [{ profile, scopeId, queryId, createdAt: now() }, ...entries(state)].slice(0, KEEP);
			await state.update(KEY, kept);
		},
	};
}
