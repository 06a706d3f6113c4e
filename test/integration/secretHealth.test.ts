// SP-API client secret health in the real extension host, against the emulator on the extension's
// test clock: the rotation's overlap (a refused new secret falls back to the old one until the
// overlap ends, then the old one is forgotten), the deadline warning and the re-authorization
// reminder as the clock moves, the Profiles view's badges, the Inspect panel's rows, and a sign-out
// that removes the client secret taking the old one and the dates along.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwaEmulator } from '../../src/emulator/lwaEmulator';
import type { LwaTestingApi } from '../../src/testing/testingApi';
import type { TokenInspection } from '../../src/vscode/inspect/tokenInspector';
import { extensionApi, noticesSince, setProfiles, startEmulator, uniqueClientId, waitFor } from './support/lwaTestKit';

const DAY_MS = 24 * 60 * 60 * 1000;
const RELAY_URI = 'https://relay.example.test/sp/relay.html';
const SELLER = 'A1EMULATORSELLER0';

interface Summary { profile: string; partner?: string; expiresAt: number }

suite('SP-API client secret health', () => {
	let testing: LwaTestingApi;
	let emulator: LwaEmulator;
	const profiles: Record<string, unknown>[] = [];
	const clients = new Map<string, { clientId: string; secret: string }>();

	suiteSetup(async () => {
		testing = (await extensionApi()).testing;
		// The emulator's clock is the extension's: a rotation's overlap ends for both at the same moment.
		emulator = await startEmulator({ now: () => testing.now() });
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		for (const name of clients.keys()) {
			await vscode.commands.executeCommand('lwa.removeProfile', { profile: name });
		}
		await setProfiles([]);
		await emulator?.close();
	});

	/** The day `days` before the extension's today, as typed (YYYY-MM-DD). */
	function daysAgo(days: number): string {
		return new Date(testing.now() - days * DAY_MS).toISOString().slice(0, 10);
	}

	/** An SP-API profile of its own emulator app and client, with the client secret set (and Amazon's issue date, when given). */
	async function spProfile(name: string, secretIssuedAt?: string): Promise<{ clientId: string; secret: string }> {
		const clientId = uniqueClientId(name.replace(/[^a-z]/g, ''));
		const secret = `secret-${Math.random().toString(36).slice(2)}`;
		const applicationId = `amzn1.sp.solution.${name}`;
		emulator.registerClient({ clientId, clientSecret: secret, redirectUris: [] });
		emulator.sellingPartner.registerApp({ applicationId, clientId, redirectUris: [RELAY_URI], draft: true });
		profiles.push({
			name, api: 'sp-api', applicationId, draft: true, region: 'NA', clientId, scopes: ['sellingpartnerapi::notifications'], redirectUri: RELAY_URI,
			endpoints: { token: emulator.endpoints.token, tokeninfo: emulator.endpoints.tokeninfo, sellerCentral: emulator.sellingPartner.endpoints.sellerCentral },
		});
		await setProfiles(profiles, name);
		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret: secret, ...(secretIssuedAt !== undefined ? { secretIssuedAt } : {}) }), true);
		clients.set(name, { clientId, secret });
		return { clientId, secret };
	}

	/** A consent sign-in through Seller Central (auto-approving), completed by paste. */
	async function consentSignIn(name: string): Promise<void> {
		emulator.autoApprove = true;
		const result = vscode.commands.executeCommand<Summary | undefined>('lwa.signIn', { profile: name });
		const response = await fetch(new URL(await testing.nextOpenedUrl()), { redirect: 'manual' });
		const location = response.headers.get('location');
		assert.ok(location, `Seller Central redirects (status ${response.status})`);
		assert.equal(await vscode.commands.executeCommand('lwa.completeSignIn', { input: location }), true);
		assert.equal((await result)?.partner, SELLER);
	}

	async function treeItem(element: { profile: string; partner?: string }): Promise<vscode.TreeItem> {
		return (await testing.profilesTree()).getTreeItem(element);
	}

	function inspect(name: string): Thenable<TokenInspection | undefined> {
		return vscode.commands.executeCommand<TokenInspection | undefined>('lwa.inspectToken', { profile: name });
	}

	function logSince(from: number): string[] {
		return testing.logLines().slice(from);
	}

	test('the Profiles view and the Inspect panel show the client secret\'s 180-day deadline from Amazon\'s issue date and the partner\'s consent age', async () => {
		const name = 'health-rows';
		await spProfile(name, daysAgo(170));
		await consentSignIn(name);
		const expiresAt = Date.parse(`${daysAgo(170)}T00:00:00Z`) + 180 * DAY_MS;
		const daysLeft = Math.floor((expiresAt - testing.now()) / DAY_MS);
		const expiryDay = new Date(expiresAt).toISOString().slice(0, 10);

		await waitFor(async () => String((await treeItem({ profile: name })).description).includes(`secret ${daysLeft}d left`), 'the profile\'s secret badge');
		const item = await treeItem({ profile: name });
		assert.match(String(item.tooltip), new RegExp(`Client secret expires ${expiryDay}, in ${daysLeft} days \\(180 days from Amazon's issue date\\)`));
		// A consent-authorized partner shows the days left of its 365.
		assert.match(String((await treeItem({ profile: name, partner: SELLER })).description), / · re-authorize in 364d$/);

		const model = await inspect(name);
		assert.ok(model?.secretHealth, 'an SP-API profile\'s inspection has secret health rows');
		assert.equal(model.secretHealth.secret?.state, 'due_soon');
		assert.equal(model.secretHealth.secret?.basis, 'issue_date');
		assert.equal(model.secretHealth.secret?.daysLeft, daysLeft);
		assert.equal(model.secretHealth.previousSecretUntil, undefined, 'no rotation is under way');
		assert.equal(model.secretHealth.partner?.id, SELLER);
		assert.equal(model.secretHealth.partner?.authorization?.kind, 'consent');
		assert.ok(Math.abs((model.secretHealth.partner?.authorization?.authorizedAt ?? 0) - testing.now()) < 60_000, 'authorized just now');
		const html = testing.panel('inspectToken')?.html ?? '';
		assert.match(html, /Client secret and authorization/);
		assert.match(html, new RegExp(`<span class="due">Client secret expires ${expiryDay}, in ${daysLeft} days`));
		assert.match(html, new RegExp(`<code>${SELLER}</code>`));
		assert.match(html, /Authorized by consent 0 days ago \(\d{4}-\d{2}-\d{2}\); renew within 365 days/);
		assert.ok(!html.includes(clients.get(name)?.secret ?? '<none>'), 'the client secret is not in the page');
	});

	test('the deadline warning comes once the test clock reaches the lead time (30 days), not before, with Set Client Secret', async () => {
		const name = 'health-deadline';
		await spProfile(name, daysAgo(145));
		const before = testing.notices().length;
		// 34 days left: 5 days before the warning's lead time. The check scheduled for that moment warns.
		testing.advanceClock(6 * DAY_MS);
		const warning = new RegExp(`^warning: The client secret of "${name}" expires in (\\d+) days, on \\d{4}-\\d{2}-\\d{2} \\(180 days from Amazon's issue date\\)`);
		await waitFor(() => noticesSince(testing, before).some((notice) => warning.test(notice)), 'the deadline warning');
		// Checks run one after another, so the one made when the secret was set (34 days left) is done:
		// had it warned, there would be two warnings.
		const warnings = testing.notices().filter((notice) => notice.text.includes(`The client secret of "${name}"`));
		assert.equal(warnings.length, 1, warnings.map((notice) => notice.text).join('\n'));
		assert.equal(Number(warning.exec(`warning: ${warnings[0].text}`)?.[1]), 28);
		assert.deepEqual(warnings[0].actions, ['Set Client Secret']);
		assert.match(String((await treeItem({ profile: name })).description), /secret 28d left/);
	});

	test('the re-authorization reminder and badge come 30 days before a consent authorization is 365 days old', async () => {
		const name = 'health-reauthorize';
		await spProfile(name);
		await consentSignIn(name);
		const before = testing.notices().length;
		testing.advanceClock(340 * DAY_MS);
		const reminder = new RegExp(`^warning: Selling partner ${SELLER} of "${name}" must authorize the app again within (\\d+) days`);
		await waitFor(() => noticesSince(testing, before).some((notice) => reminder.test(notice)), 'the re-authorization reminder');
		const days = Number(noticesSince(testing, before).map((notice) => reminder.exec(notice)?.[1]).find((found) => found !== undefined));
		assert.equal(days, 24);
		const shown = testing.notices().slice(before).find((notice) => reminder.test(`warning: ${notice.text}`));
		assert.deepEqual(shown?.actions, ['Sign In Again']);
		await waitFor(async () => String((await treeItem({ profile: name, partner: SELLER })).description).includes('re-authorize in 24d'), 'the partner\'s re-authorization badge');
		// The secret was set without Amazon's date: its 180 days count from the day it was set, and have passed.
		assert.match(String((await treeItem({ profile: name })).description), /secret expired/);
	});

	test('a refused new client secret falls back to the old one until the overlap ends; then the old one is forgotten', async () => {
		const name = 'health-rotation';
		const { clientId } = await spProfile(name);
		await consentSignIn(name);
		// Amazon rotates: the new secret works, the old one too for 7 days. The user mistypes the new one.
		const rotated = `rotated-${Math.random().toString(36).slice(2)}`;
		emulator.sellingPartner.rotateClientSecret(clientId, rotated);
		const setAt = testing.now();
		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret: `${rotated}-typo` }), true);

		let from = testing.logLines().length;
		const refreshed = await vscode.commands.executeCommand<Summary | undefined>('lwa.refresh', { profile: name, partner: SELLER });
		assert.equal(refreshed?.partner, SELLER, 'the refresh worked with the old secret');
		assert.ok(logSince(from).some((line) => line.includes(`The client secret of profile "${name}" was refused (invalid_client); trying the previous one`)), logSince(from).join('\n'));
		const during = await inspect(name);
		assert.ok(during?.secretHealth?.previousSecretUntil !== undefined, 'the Inspect panel shows the overlap');
		assert.ok(Math.abs(during.secretHealth.previousSecretUntil - (setAt + 7 * DAY_MS)) < 60_000, 'the overlap ends 7 days after the new secret was set');
		assert.match(testing.panel('inspectToken')?.html ?? '', /Previous client secret/);

		testing.advanceClock(8 * DAY_MS);
		from = testing.logLines().length;
		const before = testing.notices().length;
		assert.equal(await vscode.commands.executeCommand('lwa.refresh', { profile: name, partner: SELLER }), undefined, 'the mistyped secret alone is refused');
		assert.ok(logSince(from).some((line) => line.includes(`Forgot the previous client secret of profile "${name}" (its overlap ended)`)), logSince(from).join('\n'));
		assert.ok(!logSince(from).some((line) => line.includes('trying the previous one')), 'the old secret is not tried after the overlap');
		assert.ok(noticesSince(testing, before).some((notice) => notice.startsWith('error:')), 'the refusal is reported');
		assert.equal(await testing.hasCredential(name, { partner: SELLER }), true, 'the tokens are kept');

		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret: rotated }), true);
		assert.equal((await vscode.commands.executeCommand<Summary | undefined>('lwa.refresh', { profile: name, partner: SELLER }))?.partner, SELLER, 'the right new secret works');
	});

	test('Sign Out removing the client secret also deletes the old one kept for the overlap and the secret\'s dates', async () => {
		const name = 'health-signout';
		const { secret } = await spProfile(name, daysAgo(10));
		await consentSignIn(name);
		let from = testing.logLines().length;
		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret: `${secret}-next` }), true);
		assert.ok(logSince(from).some((line) => line.includes(`Kept the previous client secret of profile "${name}"`)), logSince(from).join('\n'));

		from = testing.logLines().length;
		assert.equal(await vscode.commands.executeCommand('lwa.signOut', { profile: name, removeClientSecret: true }), true);
		assert.ok(logSince(from).some((line) => line.includes(`Forgot the previous client secret of profile "${name}" (the client secret was removed)`)), logSince(from).join('\n'));
		await waitFor(async () => !String((await treeItem({ profile: name })).description).includes('secret'), 'the secret badge to go');

		// Setting the old secret again (nothing to keep: there is no current one) and signing in: had the
		// old secret survived the sign-out, it would still be within its overlap and shown.
		assert.equal(await vscode.commands.executeCommand('lwa.setClientSecret', { profile: name, clientSecret: secret }), true);
		await consentSignIn(name);
		const model = await inspect(name);
		assert.equal(model?.secretHealth?.previousSecretUntil, undefined, 'no old secret is kept');
		assert.equal(model?.secretHealth?.secret?.basis, 'set_date', 'Amazon\'s issue date went with the removed secret');
	});
});
