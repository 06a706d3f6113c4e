import * as assert from 'node:assert/strict';
import type { LwaError } from '../../../../src/core/lwa/errors';
import { deliverPastedInput, routeCallbackUri } from '../../../../src/core/signIn/callbackRouting';
import type { PastedInputOptions } from '../../../../src/core/signIn/callbackRouting';
import type { PendingSignInInfo } from '../../../../src/core/signIn/pendingSignIns';
import { PendingSignIns } from '../../../../src/core/signIn/pendingSignIns';
import { RecordingLogger } from '../support/fakes';
import { startWaitingSignIn } from './support';

describe('routeCallbackUri', () => {
	it('delivers a /callback URI to the sign-in whose state it carries', async () => {
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		const signIn = startWaitingSignIn(pending);

		const outcome = routeCallbackUri('/callback', new URLSearchParams({ code: 'c1', state: signIn.state }).toString(), pending, logger);

		assert.equal(outcome, 'delivered');
		assert.deepEqual(await signIn.received, { params: { code: 'c1', state: signIn.state }, bareCode: false, source: 'uri' });
		assert.match(logger.text, /URI handler received the redirect/);
	});

	it('ignores a URI with another path and leaves the sign-in waiting', () => {
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		const signIn = startWaitingSignIn(pending);

		assert.equal(routeCallbackUri('/other', `state=${signIn.state}&code=c`, pending, logger), 'unknown_path');

		assert.equal(pending.size, 1);
		assert.match(logger.text, /unknown path/);
	});

	it('logs a URI path with line breaks and line separators as one line', () => {
		const logger = new RecordingLogger();
		// vscode.Uri hands the handler a decoded path: %0A, %0D and %E2%80%A8 arrive as the characters.
		const path = decodeURIComponent('/x%0D%0A2025-01-01 [error] Profile "work" signed out.%0Aforged%E2%80%A8also forged');

		assert.equal(routeCallbackUri(path, '', new PendingSignIns(), logger), 'unknown_path');

		assert.equal(logger.lines.length, 1);
		assert.doesNotMatch(logger.lines[0], /[\r\n\u2028\u2029]/);
		assert.match(logger.lines[0], /unknown path \(\/x\\u000d\\u000a2025-01-01/);
	});

	it('ignores a callback with a state no sign-in waits for', () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending);

		assert.equal(routeCallbackUri('/callback', 'code=c&state=forged', pending, new RecordingLogger()), 'unknown');
		assert.equal(pending.size, 1);
	});

	it('ignores a callback that repeats a parameter, even with the right state, and leaves the sign-in waiting', () => {
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		const signIn = startWaitingSignIn(pending);

		assert.equal(routeCallbackUri('/callback', `code=a&code=b&state=${signIn.state}`, pending, logger), 'malformed');

		assert.equal(pending.size, 1);
		assert.match(logger.text, /malformed callback \(malformed_callback\)/);
	});
});

/** Options whose chooser fails the test: for cases where nobody should be asked. */
function noChoiceExpected(logger = new RecordingLogger()): PastedInputOptions {
	return {
		logger,
		chooseSignIn: () => assert.fail('the user should not be asked which sign-in'),
	};
}

describe('deliverPastedInput', () => {
	it('delivers a pasted redirected URL to the sign-in whose state it carries, as paste', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);

		const outcome = await deliverPastedInput(pending, `http://127.0.0.1:53682/lwa/callback?code=c1&state=${signIn.state}`, noChoiceExpected());

		assert.deepEqual(outcome, { kind: 'delivered' });
		assert.deepEqual(await signIn.received, { params: { code: 'c1', state: signIn.state }, bareCode: false, source: 'paste' });
	});

	it('refuses a pasted URL whose state belongs to no waiting sign-in and logs it', async () => {
		const pending = new PendingSignIns();
		const logger = new RecordingLogger();
		startWaitingSignIn(pending);
		const elsewhere = startWaitingSignIn(new PendingSignIns());

		const outcome = await deliverPastedInput(pending, `https://example.com/cb?code=c&state=${elsewhere.state}`, noChoiceExpected(logger));

		assert.deepEqual(outcome, { kind: 'no_matching_state', outcome: 'unknown' });
		assert.equal(pending.size, 1);
		assert.match(logger.text, /pasted redirect matched no waiting sign-in \(unknown\)/);
	});

	it('reports text that is neither a URL nor a code as unreadable with a coded error', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending);

		const outcome = await deliverPastedInput(pending, 'not a code!', noChoiceExpected());

		assert.equal(outcome.kind, 'unreadable');
		assert.equal((outcome as { error: LwaError }).error.code, 'malformed_callback');
		assert.equal(pending.size, 1);
	});

	it('reports a pasted error redirect without state as authorization_failed and one without a code as missing_code', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending);

		const denied = await deliverPastedInput(pending, 'https://example.com/cb?error=access_denied', noChoiceExpected());
		const empty = await deliverPastedInput(pending, '?scope=profile', noChoiceExpected());

		assert.equal(denied.kind === 'no_code' && denied.error.code, 'authorization_failed');
		assert.equal(empty.kind === 'no_code' && empty.error.code, 'missing_code');
		assert.equal(pending.size, 1);
	});

	it('refuses a pasted redirected URL that carries a code but no state instead of treating it as a bare code', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending);

		const outcome = await deliverPastedInput(pending, 'http://127.0.0.1:53682/lwa/callback?code=ANcode', noChoiceExpected());

		assert.deepEqual(outcome, { kind: 'no_matching_state', outcome: 'unknown' });
		assert.equal(pending.size, 1);
	});

	it('gives a bare code to the only waiting sign-in without asking', async () => {
		const pending = new PendingSignIns();
		const signIn = startWaitingSignIn(pending);

		assert.deepEqual(await deliverPastedInput(pending, 'ANbareCode123', noChoiceExpected()), { kind: 'delivered' });

		assert.deepEqual(await signIn.received, { params: { code: 'ANbareCode123' }, bareCode: true, source: 'paste' });
	});

	it('gives a bare code for a named profile to that profile\'s newest waiting sign-in', async () => {
		const pending = new PendingSignIns();
		const older = startWaitingSignIn(pending, { profileName: 'A', startedAt: 1 });
		startWaitingSignIn(pending, { profileName: 'B', startedAt: 2 });
		const newer = startWaitingSignIn(pending, { profileName: 'A', startedAt: 3 });

		assert.deepEqual(await deliverPastedInput(pending, 'ANbareCode123', { ...noChoiceExpected(), profileName: 'A' }), { kind: 'delivered' });

		assert.equal((await newer.received).params.code, 'ANbareCode123');
		assert.equal(older.settled, false);
		assert.equal(pending.size, 2);
	});

	it('reports a bare code for a profile with no waiting sign-in', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending, { profileName: 'A' });

		assert.deepEqual(await deliverPastedInput(pending, 'ANbareCode123', { ...noChoiceExpected(), profileName: 'Z' }), { kind: 'no_sign_in_of_profile', profileName: 'Z' });
		assert.equal(pending.size, 1);
	});

	it('asks which sign-in a bare code is for when several wait, and delivers it to the chosen one', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending, { profileName: 'A' });
		const chosen = startWaitingSignIn(pending, { profileName: 'B' });
		let offered: readonly PendingSignInInfo[] = [];

		const outcome = await deliverPastedInput(pending, 'ANbareCode123', {
			logger: new RecordingLogger(),
			chooseSignIn: async (waiting) => {
				offered = waiting;
				return waiting.find((entry) => entry.profileName === 'B');
			},
		});

		assert.deepEqual(outcome, { kind: 'delivered' });
		assert.deepEqual(offered.map((entry) => entry.profileName), ['A', 'B']);
		assert.equal((await chosen.received).params.code, 'ANbareCode123');
	});

	it('reports a bare code when several wait and none is chosen, and delivers nothing', async () => {
		const pending = new PendingSignIns();
		startWaitingSignIn(pending, { profileName: 'A' });
		startWaitingSignIn(pending, { profileName: 'B' });

		const outcome = await deliverPastedInput(pending, 'ANbareCode123', { logger: new RecordingLogger(), chooseSignIn: async () => undefined });

		assert.deepEqual(outcome, { kind: 'none_chosen' });
		assert.equal(pending.size, 2);
	});

	it('reports a chosen sign-in that stopped waiting while the user chose', async () => {
		const pending = new PendingSignIns();
		const first = startWaitingSignIn(pending, { profileName: 'A' });
		startWaitingSignIn(pending, { profileName: 'B' });

		const outcome = await deliverPastedInput(pending, 'ANbareCode123', {
			logger: new RecordingLogger(),
			chooseSignIn: async (waiting) => {
				first.dispose();
				return waiting[0];
			},
		});

		assert.deepEqual(outcome, { kind: 'no_longer_waiting' });
	});
});
