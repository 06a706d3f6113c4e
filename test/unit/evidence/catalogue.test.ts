// Drives the bad-input catalogue: one test per case, every case checked the same way, and a table of
// all outcomes printed at the end.
import * as assert from 'node:assert/strict';
import { CATALOGUE } from './catalogue';
import type { InputClass } from './catalogue';
import type { Delivery } from './signInRig';
import { LOOPBACK_PATH, WaitingSignIn } from './signInRig';
import { ACCESS_SENTINEL, assertNoSentinel, formatTable, rawStoredCredential, storedState } from './support';

/** Input that arrives as a redirect: none of it may reach the token endpoint when it is refused. */
const REDIRECT_CLASSES: readonly InputClass[] = ['callback URL', 'pasted input', 'relay page'];

describe('Evidence: the bad-input catalogue', () => {
	const rows: string[][] = [];

	after(() => {
		const classes = [...new Set(CATALOGUE.map((entry) => entry.inputClass))];
		const summary = classes.map((inputClass) => `${inputClass}: ${CATALOGUE.filter((entry) => entry.inputClass === inputClass).length}`).join(', ');
		console.log(`\n${formatTable(['case', 'input class', 'outcome', 'stored credential'], rows)}\n${rows.length} of ${CATALOGUE.length} cases ran (${summary}).\n`);
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
			rows.push([entry.name, entry.inputClass, outcome.label, String(outcome.stored)]);
			assert.equal(outcome.label, entry.expected, 'a clear, coded refusal');
			assert.ok(outcome.visible.length > 0, 'there is something to show the user');
			assertNoSentinel(outcome.visible, 'a message, action, page or log line');
			assert.ok(outcome.stored !== undefined, 'the case reports what became of the stored credential');
			assert.equal(outcome.stored, entry.expectedStored ?? 'unchanged', 'the stored credential is as the case documents (unchanged unless stated)');
			if (REDIRECT_CLASSES.includes(entry.inputClass)) {
				assert.equal(outcome.tokenRequests, 0, 'a refused redirect never reaches the token endpoint');
			}
		});
	}
});

// The catalogue's refusals mean something only if the same paths accept good input: each way a
// redirect travels, given a good one, signs in and replaces the stored credential.
describe('Evidence: the paths the catalogue sends bad input along sign in with good input', () => {
	const CODE = 'ANgoodCode123';
	const webRoute = { kind: 'web-vscode', reqid: '7' };
	const ways: { name: string; start: Parameters<typeof WaitingSignIn.start>[0]; send(signIn: WaitingSignIn): Promise<Delivery> | Delivery }[] = [
		{ name: 'a GET to the loopback listener', start: { way: 'loopback', listen: true }, send: (signIn) => signIn.sendToListener(`${LOOPBACK_PATH}?code=${CODE}&scope=profile&state=${signIn.request.state}`) },
		{ name: 'an editor URI to the URI handler', start: { way: 'relay' }, send: (signIn) => signIn.routeUri(`vscode://lwa-tools.lwa-credentials/callback?code=${CODE}&state=${signIn.request.state}`) },
		{ name: 'a pasted redirected URL', start: { way: 'loopback' }, send: (signIn) => signIn.paste(`${signIn.profile.redirectUri}?code=${CODE}&state=${signIn.request.state}`) },
		{ name: 'a pasted bare code', start: { way: 'loopback' }, send: (signIn) => signIn.paste(CODE) },
		{ name: 'the relay page, for a desktop editor', start: { way: 'relay' }, send: (signIn) => signIn.openRelayPage(`?code=${CODE}&scope=profile&state=${signIn.request.state}`) },
		{ name: 'the relay page, for a browser-hosted editor', start: { way: 'relay', relayRoute: webRoute }, send: (signIn) => signIn.openRelayPage(`?code=${CODE}&state=${signIn.request.state}`, 'https://editor.example.com') },
	];

	for (const way of ways) {
		it(`${way.name} reaches the waiting sign-in, which exchanges the code and stores the new tokens`, async () => {
			const signIn = await WaitingSignIn.start(way.start);
			try {
				const delivery = await way.send(signIn);
				assert.equal(delivery.delivered, true, delivery.delivered ? '' : delivery.label);
				await signIn.complete();
				assert.equal(signIn.tokenServer.requests.length, 1);
				assert.equal(signIn.tokenServer.requests[0].form.get('code'), CODE);
				assert.equal(storedState(signIn.rig, signIn.profile.name), 'changed');
				assert.notEqual(rawStoredCredential(signIn.rig.secrets, signIn.profile.name)?.accessToken, ACCESS_SENTINEL);
			} finally {
				await signIn.close();
			}
		});
	}
});
