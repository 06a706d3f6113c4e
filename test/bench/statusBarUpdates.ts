// Figure 4: how many times the status bar item is updated over one simulated hour of a fresh 3600 s
// token. The real StatusBarController (out/src/vscode/views/statusBar.js) runs in plain Node with the
// 'vscode' stand-in, a fake clock and fake timers: its own schedule() decides when the next update
// happens, and the simulation jumps straight to that moment, so an hour takes milliseconds and the
// count is exactly what the controller's rule produces (its 5 ms lateness included).
//
// An update is one render that shows the item (one text assignment). Updates are counted from the
// first timer after the initial render up to the end of the hour; the update at expiry (5 ms after
// the hour, when the item turns to "expired") is reported separately, since the token is no longer live.
import * as assert from 'node:assert/strict';
import type { Timers } from '../../src/core/time/timers';
import type { StatusBarController as StatusBarControllerClass, StatusBarSnapshot } from '../../src/vscode/views/statusBar';
import { installVscodeStub, statusBarLog } from './vscodeStub';

export interface StatusBarFigures {
	/** Updates whose timer fired within the live hour (after the initial render). */
	updatesInLiveHour: number;
	/** The update when the token expires (just after the hour). */
	updatesAtExpiry: number;
	/** Updates within the hour by the kind of text shown: minutes ('59m') or seconds ('45s'). */
	minuteTextUpdates: number;
	secondTextUpdates: number;
	/** Updates within the hour that changed neither the text nor the colour. */
	redundantUpdates: number;
	/** Distinct texts shown over the whole hour, the initial one included. */
	distinctTexts: number;
	refreshAheadSeconds: number;
}

interface FakeTimer {
	at: number;
	run: () => void;
	id: number;
}

const HOUR_MS = 60 * 60 * 1000;

/** Lets the controller's promise chains (the awaited store read) settle with the real event loop. */
async function settle(): Promise<void> {
	for (let index = 0; index < 5; index++) {
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}

/** Simulates one hour of a token that has just been obtained with expires_in 3600. */
export async function measureStatusBarUpdates(): Promise<StatusBarFigures> {
	installVscodeStub();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { StatusBarController } = require('../../src/vscode/views/statusBar') as { StatusBarController: typeof StatusBarControllerClass };

	const start = Date.UTC(2025, 0, 1, 12, 0, 0);
	let now = start;
	const expiresAt = start + HOUR_MS;
	const profile = { name: 'bench', region: 'NA', clientId: 'amzn1.application-oa2-client.bench', scopes: ['profile'], redirectUri: 'http://127.0.0.1:9/cb', grant: 'authorization_code', pkce: true, endpoints: {} };
	const credential = { v: 1, profile: 'bench', grant: 'authorization_code', accessToken: 'a', tokenType: 'bearer', expiresAt, obtainedAt: start, refreshToken: 'r', scopes: ['profile'] };
	const silent = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

	const timers: FakeTimer[] = [];
	let nextId = 1;
	const fakeTimers: Timers = {
		setTimeout: (run, delay) => {
			const timer = { at: now + Math.max(0, delay), run, id: nextId++ };
			timers.push(timer);
			return {
				cancel: () => {
					const index = timers.indexOf(timer);
					if (index >= 0) {
						timers.splice(index, 1);
					}
				},
			};
		},
	};
	/** What the item shows once the latest update is applied, as the controller's observer reports it. */
	let applied: Promise<StatusBarSnapshot> | undefined;
	const shownNow = async (): Promise<StatusBarSnapshot> => {
		assert.ok(applied, 'the controller reported an update');
		return applied;
	};

	const deps = {
		store: { getCredential: async () => credential },
		profiles: { active: () => profile, all: () => [profile] },
		clock: { now: () => now },
		timers: fakeTimers,
		logger: silent,
		observer: (update: Promise<StatusBarSnapshot>) => {
			applied = update;
		},
	};
	// The stand-ins have exactly the members the controller uses.
	const controller = new StatusBarController(deps as unknown as ConstructorParameters<typeof StatusBarControllerClass>[0]);
	try {
		statusBarLog.texts.length = 0;
		await controller.update();
		await settle();
		const texts = new Set(statusBarLog.texts);
		let last = await shownNow();
		let updatesInLiveHour = 0;
		let updatesAtExpiry = 0;
		let minuteTextUpdates = 0;
		let secondTextUpdates = 0;
		let redundantUpdates = 0;
		// Follow the controller's own timers until the one after expiry (it sets none once expired).
		for (let guard = 0; guard < 10_000 && timers.length > 0; guard++) {
			timers.sort((a, b) => a.at - b.at || a.id - b.id);
			const timer = timers.shift() as FakeTimer;
			now = timer.at;
			const shownBefore = statusBarLog.texts.length;
			timer.run();
			await settle();
			const shown = statusBarLog.texts.length - shownBefore;
			const snapshot = await shownNow();
			for (const text of statusBarLog.texts.slice(shownBefore)) {
				texts.add(text);
			}
			if (now <= start + HOUR_MS) {
				updatesInLiveHour += shown;
				if (/ \d+m$/.test(snapshot.text) || /\dh \d+m$/.test(snapshot.text)) {
					minuteTextUpdates += shown;
				} else if (/ \d+s$/.test(snapshot.text)) {
					secondTextUpdates += shown;
				}
				if (shown > 0 && snapshot.text === last.text && snapshot.background === last.background) {
					redundantUpdates += shown;
				}
			} else {
				updatesAtExpiry += shown;
			}
			last = snapshot;
		}
		return {
			updatesInLiveHour,
			updatesAtExpiry,
			minuteTextUpdates,
			secondTextUpdates,
			redundantUpdates,
			distinctTexts: texts.size,
			refreshAheadSeconds: 120,
		};
	} finally {
		controller.dispose();
	}
}
