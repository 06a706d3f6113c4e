// "LWA: Import Credentials…" as a person runs it, on real sources: code-server's home folder holds an
// ASK CLI config (~/.ask/cli_config, profile "default", tokens of the ASK CLI's own client) and its
// environment LWA_CLIENT_ID / LWA_CLIENT_SECRET / LWA_REFRESH_TOKEN (test/harness/e2eFixtures.ts). The
// preview shows tokens masked, the questions are answered by keyboard, and a taken name is skipped,
// renamed or replaced. What was stored is read from what the user sees: the settings file, the
// Profiles view, and Sign Out, which offers to remove a client secret only when one is stored.
import * as assert from 'node:assert';
import type { Locator, Page } from 'playwright-core';
import { IMPORT_OLD_CLIENT_SECRET, IMPORT_SOURCES } from '../harness/e2eFixtures';
import {
	chooseQuickPickRowByKeyboard, clearNotifications, readUserSettings, restoreUserSettings, runCommand, screenshot,
	setClientSecretOf, switchToProfile, toast, waitFor, workbench,
} from './workbench';

const IMPORT_COMMAND = 'LWA: Import Credentials…';
const ASK_PROFILE = 'ask-default';
const ENV_PROFILE = 'env-lwa';
const FIRST_ASK_CLIENT_ID = 'amzn1.application-oa2-client.e2e-import-first';
const SECOND_ASK_CLIENT_ID = 'amzn1.application-oa2-client.e2e-import-second';
/** Every secret value of the sources, and the one the Replace test sets; none may ever show whole. */
const SECRETS: Record<string, string> = {
	'ASK CLI access token': IMPORT_SOURCES.askAccessToken,
	'ASK CLI refresh token': IMPORT_SOURCES.askRefreshToken,
	'LWA_CLIENT_SECRET': IMPORT_SOURCES.envClientSecret,
	'LWA_REFRESH_TOKEN': IMPORT_SOURCES.envRefreshToken,
	'old client secret': IMPORT_OLD_CLIENT_SECRET,
};

type ProfileSetting = Record<string, unknown> & { name: string };

function profilesSetting(): ProfileSetting[] {
	return (readUserSettings()['lwa.profiles'] as ProfileSetting[] | undefined) ?? [];
}

/** Fails naming the secret (never printing it) when any secret shows whole in the workbench's text or markup. */
async function assertNoWholeSecretShown(page: Page, when: string): Promise<void> {
	const text = `${await page.evaluate('document.body.innerText') as string}\n${await page.content()}`;
	for (const [name, value] of Object.entries(SECRETS)) {
		assert.ok(!text.includes(value), `${when}: the whole ${name} shows in the workbench`);
	}
	// Every token the workbench shows is a prefix, an ellipsis and at most four characters.
	const unmasked = /Atz[a-z]\|(?!…([A-Za-z0-9-]{4})?(?![A-Za-z0-9-]))/.exec(text);
	assert.strictEqual(unmasked, null, `${when}: a token shows more than its last four characters (at ${unmasked?.index})`);
}

/** Waits for the question titled `title`; types `value` when given (else keeps what the box holds, checked against `expected`); Enter. */
async function answerInputBox(page: Page, title: string, answer: { value?: string; expected?: string }): Promise<void> {
	await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 20_000 });
	const input = page.locator('.quick-input-widget input');
	if (answer.value !== undefined) {
		await input.fill(answer.value);
	}
	const expected = answer.value ?? answer.expected;
	if (expected !== undefined) {
		await waitFor(async () => (await input.inputValue()) === expected, 10_000, `the box "${title}" holds ${expected}`);
	}
	await page.keyboard.press('Enter');
}

/** Waits for the quick pick titled `title` and picks the row labelled `label` by keyboard. */
async function answerQuickPick(page: Page, title: string, label: string): Promise<void> {
	await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 20_000 });
	await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 20_000 });
	await chooseQuickPickRowByKeyboard(page, label);
}

/** The text of the row among `rows` whose label (its first label, not its description or detail) is exactly `label`. */
async function rowTextByLabel(rows: Locator, label: string, where: string): Promise<string> {
	let found: string | undefined;
	await waitFor(async () => {
		for (const row of await rows.all()) {
			if ((await row.locator('.label-name').first().innerText().catch(() => '')).trim() === label) {
				found = await row.innerText();
				return true;
			}
		}
		return false;
	}, 20_000, `${where} shows a row "${label}"`);
	return found ?? '';
}

/** The preview's row for `profile`, once the preview shows it: label, source and what would be stored. */
async function previewRow(page: Page, profile: string): Promise<string> {
	await page.locator('.quick-input-widget .quick-input-title', { hasText: 'LWA: Import Credentials' }).waitFor({ state: 'visible', timeout: 20_000 });
	return rowTextByLabel(page.locator('.quick-input-list .monaco-list-row'), profile, 'the preview');
}

/** Starts the import and accepts the preview with both candidates checked (as it opens). */
async function importBoth(page: Page): Promise<void> {
	await runCommand(page, IMPORT_COMMAND);
	await previewRow(page, ASK_PROFILE);
	await previewRow(page, ENV_PROFILE);
	await page.keyboard.press('Enter');
}

/** The questions for the ASK CLI profile once its name is settled: the client id (with the note), the redirect URI. */
async function answerAskQuestions(page: Page, name: string, clientId: string): Promise<void> {
	const title = `LWA: Import "${name}" — client id`;
	await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 20_000 });
	// The ASK-client note: these tokens belong to the ASK CLI's own client.
	await page.locator('.quick-input-widget', { hasText: 'These ASK CLI tokens were issued for the ASK CLI\'s own client.' }).waitFor({ state: 'visible' });
	await answerInputBox(page, title, { value: clientId });
	// Region and scopes come from the ASK CLI (NA, its own scopes); the redirect URI is its loopback one.
	await answerInputBox(page, `LWA: Import "${name}" — redirect URI`, { expected: 'http://127.0.0.1:9090/cb' });
}

/** The questions for the LWA_* variables under `name`: region, scopes, redirect URI (the client id is LWA_CLIENT_ID). */
async function answerEnvironmentQuestions(page: Page, name: string): Promise<void> {
	await answerQuickPick(page, `LWA: Import "${name}" — region`, 'NA');
	await answerInputBox(page, `LWA: Import "${name}" — scopes`, { expected: 'profile' });
	await answerInputBox(page, `LWA: Import "${name}" — redirect URI`, { expected: 'http://127.0.0.1:53682/lwa/callback' });
}

/** The Profiles view's row of `profile`, with its state and what is stored. */
async function profilesViewRow(page: Page, profile: string): Promise<string> {
	const rows = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row');
	// The activity bar's LWA item toggles the side bar: click it only while the view is not showing.
	if (!(await rows.filter({ hasText: 'Sandbox' }).first().isVisible())) {
		await page.locator('.activitybar [aria-label^="LWA"]').first().click();
	}
	return rowTextByLabel(rows, profile, 'the Profiles view');
}

/**
 * Signs `profile` out (it becomes the active one first) and returns the notice's text. Sign Out asks
 * whether to remove the client secret too exactly when one is stored: what the user sees of it.
 */
async function signOutNotice(page: Page, profile: string): Promise<string> {
	await switchToProfile(page, profile);
	await clearNotifications(page);
	await runCommand(page, 'LWA: Sign Out');
	const notice = toast(page, `Signed out of "${profile}".`);
	await notice.waitFor({ state: 'visible', timeout: 20_000 });
	return (await notice.locator('.notification-list-item-message').innerText()).trim();
}

const SECRET_KEPT = (profile: string): string => `Signed out of "${profile}". Remove its client secret from this machine too?`;

describe('Import Credentials from the ASK CLI config in the home folder and the LWA_* variables of the environment', () => {
	let original: Record<string, unknown>;

	before(() => {
		original = readUserSettings();
	});

	afterEach(async () => {
		const { page } = workbench();
		await page.keyboard.press('Escape');
	});

	after(async () => {
		const { page } = workbench();
		await restoreUserSettings(page, original);
		await switchToProfile(page, workbench().fixtures.profileName);
		await clearNotifications(page);
		// The side bar goes back to the Explorer: the activity bar's LWA item toggles, so a later spec that
		// clicks it to open the LWA view would otherwise close it.
		await runCommand(page, 'View: Show Explorer');
	});

	it('the preview lists the ASK CLI profile and the LWA_* variables with each token as its prefix and last four characters, notes that the ASK CLI tokens belong to the ASK CLI\'s own client, shows no whole token or secret anywhere, and Escape writes nothing', async () => {
		const { page } = workbench();
		await runCommand(page, IMPORT_COMMAND);
		const ask = await previewRow(page, ASK_PROFILE);
		const env = await previewRow(page, ENV_PROFILE);
		await screenshot(page, 'e2e-import-preview');
		assert.ok(ask.includes('ASK CLI profile "default" in ') && ask.includes('/home/.ask/cli_config'), `the ASK row names its source: ${ask}`);
		assert.ok(ask.includes(`refresh token Atzr|…${IMPORT_SOURCES.askRefreshToken.slice(-4)}`), `the ASK row's refresh token: ${ask}`);
		assert.ok(ask.includes(`access token Atza|…${IMPORT_SOURCES.askAccessToken.slice(-4)} (valid)`), `the ASK row's access token: ${ask}`);
		assert.ok(ask.includes('no client id (you will be asked)'), `the ASK row has no client id: ${ask}`);
		assert.ok(ask.includes('These tokens were issued for the ASK CLI\'s own client, not yours'), `the ASK-client note: ${ask}`);
		assert.ok(env.includes('environment variables LWA_*'), `the LWA_* row names its source: ${env}`);
		assert.ok(env.includes(`client id ${IMPORT_SOURCES.envClientId}`), `the LWA_* row's client id: ${env}`);
		assert.ok(env.includes('client secret present'), `the LWA_* row says a client secret is there: ${env}`);
		assert.ok(env.includes(`refresh token Atzr|…${IMPORT_SOURCES.envRefreshToken.slice(-4)}`), `the LWA_* row's refresh token: ${env}`);
		await assertNoWholeSecretShown(page, 'the preview');
		const before = JSON.stringify(readUserSettings());
		await page.keyboard.press('Escape');
		await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
		// Nothing was imported: the command shows no notice and the settings are as they were.
		assert.strictEqual(JSON.stringify(readUserSettings()), before);
		assert.strictEqual(await toast(page, /Imported \d LWA profile/).isVisible(), false);
	});

	it('importing both asks what each source lacks (the ASK profile\'s client id, with the ASK-client note, the LWA_* profile\'s region, scopes and redirect URI) and adds two profiles; the Profiles view shows their tokens, and the LWA_* profile holds LWA_CLIENT_SECRET', async () => {
		const { page } = workbench();
		await clearNotifications(page);
		await importBoth(page);
		await answerAskQuestions(page, ASK_PROFILE, FIRST_ASK_CLIENT_ID);
		await answerEnvironmentQuestions(page, ENV_PROFILE);
		await toast(page, `Imported 2 LWA profiles: "${ASK_PROFILE}", "${ENV_PROFILE}".`).waitFor({ state: 'visible', timeout: 20_000 });
		await waitFor(() => profilesSetting().some((profile) => profile.name === ENV_PROFILE), 10_000, 'the settings file holds the imported profiles');
		const ask = profilesSetting().find((profile) => profile.name === ASK_PROFILE);
		const env = profilesSetting().find((profile) => profile.name === ENV_PROFILE);
		assert.deepStrictEqual(
			{ ask: { clientId: ask?.clientId, region: ask?.region, redirectUri: ask?.redirectUri }, env: { clientId: env?.clientId, region: env?.region, scopes: env?.scopes, redirectUri: env?.redirectUri } },
			{
				ask: { clientId: FIRST_ASK_CLIENT_ID, region: 'NA', redirectUri: 'http://127.0.0.1:9090/cb' },
				env: { clientId: IMPORT_SOURCES.envClientId, region: 'NA', scopes: ['profile'], redirectUri: 'http://127.0.0.1:53682/lwa/callback' },
			},
		);
		// No secret went to the settings.
		const settingsText = JSON.stringify(readUserSettings());
		for (const [name, value] of Object.entries(SECRETS)) {
			assert.ok(!settingsText.includes(value), `the ${name} is not in the settings`);
		}
		// The ASK profile's access token (valid for two hours) and both refresh tokens are stored.
		assert.match(await profilesViewRow(page, ASK_PROFILE), /expires in (\d+h )?\d+m · refresh token/);
		assert.match(await profilesViewRow(page, ENV_PROFILE), /refresh token/);
		await assertNoWholeSecretShown(page, 'after the import');
		// LWA_CLIENT_SECRET went to the secret storage (Sign Out offers to remove it); the ASK profile has none.
		assert.strictEqual(await signOutNotice(page, ENV_PROFILE), SECRET_KEPT(ENV_PROFILE));
		assert.strictEqual(await signOutNotice(page, ASK_PROFILE), `Signed out of "${ASK_PROFILE}".`);
	});

	it('importing again, "Skip this one" for both taken names imports nothing and changes no profile', async () => {
		const { page } = workbench();
		await clearNotifications(page);
		const before = profilesSetting();
		await runCommand(page, IMPORT_COMMAND);
		// The preview says which names are taken.
		assert.ok((await previewRow(page, ASK_PROFILE)).includes('name taken: you will be asked'));
		assert.ok((await previewRow(page, ENV_PROFILE)).includes('name taken: you will be asked'));
		await page.keyboard.press('Enter');
		await answerQuickPick(page, `LWA: Import — a profile named "${ASK_PROFILE}" exists`, 'Skip this one');
		await answerQuickPick(page, `LWA: Import — a profile named "${ENV_PROFILE}" exists`, 'Skip this one');
		await toast(page, 'Nothing was imported: every chosen profile was skipped.').waitFor({ state: 'visible', timeout: 20_000 });
		assert.deepStrictEqual(profilesSetting(), before);
	});

	it('importing again, "Import under another name" adds the LWA_* variables as env-lwa-2 beside env-lwa, and "Replace" puts the ASK profile in place of ask-default with its settings and tokens and without the client secret ask-default had', async () => {
		const { page } = workbench();
		// ask-default gets a client secret of its own, which Sign Out then offers to remove: it is stored.
		await switchToProfile(page, ASK_PROFILE);
		await setClientSecretOf(page, ASK_PROFILE, IMPORT_OLD_CLIENT_SECRET);
		assert.strictEqual(await signOutNotice(page, ASK_PROFILE), SECRET_KEPT(ASK_PROFILE));
		assert.doesNotMatch(await profilesViewRow(page, ASK_PROFILE), /expires in/, 'signed out: no access token');
		await clearNotifications(page);
		const envBefore = profilesSetting().find((profile) => profile.name === ENV_PROFILE);

		await importBoth(page);
		await answerQuickPick(page, `LWA: Import — a profile named "${ASK_PROFILE}" exists`, `Replace "${ASK_PROFILE}"`);
		await answerAskQuestions(page, ASK_PROFILE, SECOND_ASK_CLIENT_ID);
		await answerQuickPick(page, `LWA: Import — a profile named "${ENV_PROFILE}" exists`, 'Import under another name');
		await answerInputBox(page, 'LWA: Import — profile name', { expected: `${ENV_PROFILE}-2` });
		await answerEnvironmentQuestions(page, `${ENV_PROFILE}-2`);
		await toast(page, `Imported 2 LWA profiles: "${ASK_PROFILE}", "${ENV_PROFILE}-2".`).waitFor({ state: 'visible', timeout: 20_000 });
		await waitFor(() => profilesSetting().some((profile) => profile.name === `${ENV_PROFILE}-2`), 10_000, 'the settings file holds the imported profiles');

		const profiles = profilesSetting();
		// Rename: the old env-lwa is untouched, the new one sits beside it.
		assert.deepStrictEqual(profiles.find((profile) => profile.name === ENV_PROFILE), envBefore);
		assert.strictEqual(profiles.find((profile) => profile.name === `${ENV_PROFILE}-2`)?.clientId, IMPORT_SOURCES.envClientId);
		// Replace: one ask-default, with the settings of this import.
		const asks = profiles.filter((profile) => profile.name === ASK_PROFILE);
		assert.deepStrictEqual(asks.map((profile) => profile.clientId), [SECOND_ASK_CLIENT_ID]);
		// ...and the imported tokens (it was signed out before), once the view has heard of them...
		let row = '';
		await waitFor(async () => /expires in (\d+h )?\d+m · refresh token/.test(row = await profilesViewRow(page, ASK_PROFILE)), 20_000, `the Profiles view to show the imported tokens of ${ASK_PROFILE}`)
			.catch((error: unknown) => { throw new Error(`${String(error)}; its row says "${row}"`); });
		await assertNoWholeSecretShown(page, 'after Rename and Replace');
		// ...and no client secret: the ASK CLI source has none, and the old one is gone.
		assert.strictEqual(await signOutNotice(page, ASK_PROFILE), `Signed out of "${ASK_PROFILE}".`);
		// The renamed import holds LWA_CLIENT_SECRET under its new name.
		assert.strictEqual(await signOutNotice(page, `${ENV_PROFILE}-2`), SECRET_KEPT(`${ENV_PROFILE}-2`));
	});
});
