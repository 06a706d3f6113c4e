// Drives the bad-input catalogue: one test per case, every case checked the same way, and a table of
// all outcomes printed at the end.
import * as assert from 'node:assert/strict';
import { CATALOGUE } from './catalogue';
import type { InputClass } from './catalogue';
import { assertNoSentinel, formatTable } from './support';

const REDIRECT_CLASSES: readonly InputClass[] = ['callback URL', 'pasted input'];

describe('Evidence: the bad-input catalogue', () => {
	const rows: string[][] = [];

	after(() => {
		const classes = [...new Set(CATALOGUE.map((entry) => entry.inputClass))];
		const summary = classes.map((inputClass) => `${inputClass}: ${CATALOGUE.filter((entry) => entry.inputClass === inputClass).length}`).join(', ');
		console.log(`\n${formatTable(['case', 'input class', 'outcome'], rows)}\n${rows.length} of ${CATALOGUE.length} cases ran (${summary}).\n`);
	});

	it('has at least 60 cases, uniquely named, covering all six input classes', () => {
		assert.ok(CATALOGUE.length >= 60, `${CATALOGUE.length} cases`);
		const names = CATALOGUE.map((entry) => `${entry.inputClass}: ${entry.name}`);
		assert.equal(new Set(names).size, names.length, 'case names are unique within their class');
		assert.equal(new Set(CATALOGUE.map((entry) => entry.inputClass)).size, 6);
	});

	for (const entry of CATALOGUE) {
		it(`${entry.inputClass}: ${entry.name} -> ${entry.expected}`, async () => {
			const outcome = await entry.run();
			rows.push([entry.name, entry.inputClass, outcome.label]);
			assert.equal(outcome.label, entry.expected, 'a clear, coded refusal');
			assert.ok(outcome.visible.length > 0, 'there is something to show the user');
			assertNoSentinel(outcome.visible, 'a message, action or log line');
			if (outcome.stored !== undefined) {
				assert.equal(outcome.stored, 'unchanged', 'the stored credential survives the bad input');
			}
			if (REDIRECT_CLASSES.includes(entry.inputClass)) {
				assert.equal(outcome.tokenRequests, 0, 'a refused redirect never reaches the token endpoint');
			}
		});
	}
});
