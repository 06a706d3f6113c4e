// The Data Portability query ids kept in globalState (src/core/portability/queryMemory.ts), over an
// in-memory Memento: per profile and scope, the newest answers, the newest 100 kept, bad entries dropped.
import * as assert from 'node:assert/strict';
import type { KeyValueState } from '../../../../src/core/portability/queryMemory';
import { queryMemory } from '../../../../src/core/portability/queryMemory';

const KEY = 'lwa.dataPortability.queries';
const SCOPE = 'portability-customer-profile';

class MemoryMemento implements KeyValueState {
	readonly values = new Map<string, unknown>();
	get<T>(key: string): T | undefined {
		return this.values.get(key) as T | undefined;
	}
	async update(key: string, value: unknown): Promise<void> {
		this.values.set(key, value);
	}
}

function queryId(n: number): string {
	return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('Data Portability query memory', () => {
	it('answers the newest id remembered for the profile and scope, and nothing for others', async () => {
		const state = new MemoryMemento();
		let now = 1000;
		const a = queryMemory(state, 'a', () => now);
		const b = queryMemory(state, 'b', () => now);
		assert.equal(a.lastQueryId(SCOPE), undefined);
		await a.remember(SCOPE, queryId(1));
		now += 1;
		await a.remember(SCOPE, queryId(2));
		await b.remember(SCOPE, queryId(3));
		await a.remember('portability-physical-orders', queryId(4));
		assert.equal(a.lastQueryId(SCOPE), queryId(2));
		assert.equal(b.lastQueryId(SCOPE), queryId(3));
		assert.equal(a.lastQueryId('portability-physical-orders'), queryId(4));
		assert.equal(b.lastQueryId('portability-physical-orders'), undefined);
	});

	it('keeps the newest 100 entries, each only profile, scope id, query id and time', async () => {
		const state = new MemoryMemento();
		let now = 0;
		const memory = queryMemory(state, 'a', () => now++);
		for (let n = 1; n <= 105; n++) {
			await memory.remember(SCOPE, queryId(n));
		}
		const kept = state.get<Record<string, unknown>[]>(KEY)!;
		assert.equal(kept.length, 100);
		assert.equal(memory.lastQueryId(SCOPE), queryId(105));
		assert.ok(kept.every((entry) => Object.keys(entry).sort().join() === 'createdAt,profile,queryId,scopeId'));
	});

	it('ignores entries that are not well formed or whose id is not a safe id', async () => {
		const state = new MemoryMemento();
		state.values.set(KEY, [
			{ profile: 'a', scopeId: SCOPE, queryId: '../../etc', createdAt: 9 },
			{ profile: 'a', scopeId: SCOPE, queryId: 42, createdAt: 8 },
			'junk',
			null,
			{ profile: 'a', scopeId: SCOPE, queryId: queryId(7), createdAt: 1 },
		]);
		assert.equal(queryMemory(state, 'a', () => 0).lastQueryId(SCOPE), queryId(7));
		state.values.set(KEY, { not: 'a list' });
		assert.equal(queryMemory(state, 'a', () => 0).lastQueryId(SCOPE), undefined);
	});
});
