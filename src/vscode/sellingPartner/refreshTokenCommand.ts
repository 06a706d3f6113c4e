// LWA: Set Refresh Token (lwa.setRefreshToken): self-authorization. A seller's "Authorize app" in
// Seller Central (a vendor's "Generate refresh token" in Vendor Central) shows a refresh token instead
// of redirecting; it is pasted in a password box, checked with one refresh (nothing is stored when
// Amazon refuses it), and from then on the profile (for SP-API: the selling partner) works like a
// signed-in one. Any authorization_code profile takes one. The token as an argument (`refreshToken`)
// is honoured only in the extension's own tests (src/core/commandArguments.ts).
import vscode = require('vscode');
import type { Account } from '../../core/credentials/accounts';
import { accountModeOf, partnerAccount } from '../../core/credentials/accounts';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { isLwaError } from '../../core/lwa/errors';
import type { Clock, Logger } from '../../core/ports';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { stringField } from '../ui/argumentFields';
import { formatRemaining } from '../ui/countdownText';
import { failureText } from '../ui/errorTexts';
import { pickProfile } from '../ui/profilePicker';

/** What lwa.setRefreshToken resolves to when the token works (no secrets). */
export interface RefreshTokenSummary {
	profile: string;
	partner?: string;
	expiresAt: number;
}

/** A refresh token is printable ASCII without spaces; LWA's begin with Atzr| and stay under 2 KiB. */
const REFRESH_TOKEN_SHAPE = /^[\x21-\x7e]{8,2048}$/;

export class RefreshTokenCommand {
	constructor(private readonly deps: {
		registry: ProfileRegistry;
		store: CredentialStore;
		service: CredentialService;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
	}) {}

	handlers() {
		return { 'lwa.setRefreshToken': (arg: unknown) => this.setRefreshToken(arg) };
	}

	async setRefreshToken(arg: unknown): Promise<RefreshTokenSummary | undefined> {
		const { registry, notifier } = this.deps;
		const candidates = registry.all().filter((profile) => profile.grant === 'authorization_code');
		const name = stringField(arg, 'profile');
		let profile = name !== undefined ? registry.find(name) : undefined;
		if (name !== undefined && (!profile || profile.grant !== 'authorization_code')) {
			notifier.error(profile
				? vscode.l10n.t('Profile "{0}" uses client credentials, which need no refresh token.', name)
				: vscode.l10n.t('There is no LWA profile named "{0}" in lwa.profiles.', name));
			return undefined;
		}
		if (!profile) {
			if (candidates.length === 0) {
				notifier.warn(vscode.l10n.t('No profile can take a refresh token yet: add an SP-API profile (or any profile with the authorization code grant) first.'), {
					[vscode.l10n.t('Add Profile')]: () => vscode.commands.executeCommand('lwa.addProfile'),
				});
				return undefined;
			}
			const active = registry.active();
			profile = await pickProfile(
				[...candidates].sort((a, b) => Number(b.api === 'sp-api') - Number(a.api === 'sp-api')),
				active?.name,
				vscode.l10n.t('Profile to store the refresh token for (Seller Central "Authorize app" / Vendor Central "Generate refresh token")'),
			);
			if (!profile) {
				return undefined;
			}
		}
		let account: Account | undefined;
		if (accountModeOf(profile) === 'partner') {
			const given = stringField(arg, 'partner') ?? await vscode.window.showInputBox({
				title: vscode.l10n.t('LWA: Set Refresh Token for "{0}"', profile.name),
				prompt: vscode.l10n.t('The selling partner id the token belongs to (Seller Central: Settings → Account Info → Merchant Token; a vendor\'s looks like amzn1.vg.…)'),
				placeHolder: 'A1EXAMPLE1234',
				ignoreFocusOut: true,
				validateInput: (value) => partnerAccount(value.trim()) ? undefined : vscode.l10n.t('A selling partner id is upper-case letters and digits (6 to 32), or amzn1.vg. followed by letters and digits.'),
			});
			if (given === undefined) {
				return undefined;
			}
			account = partnerAccount(given.trim());
			if (!account) {
				notifier.error(vscode.l10n.t('That is not a selling partner id: upper-case letters and digits (6 to 32), or amzn1.vg. followed by letters and digits.'));
				return undefined;
			}
		}
		const token = stringField(arg, 'refreshToken') ?? await vscode.window.showInputBox({
			title: vscode.l10n.t('LWA: Set Refresh Token for "{0}"', profile.name),
			prompt: vscode.l10n.t('Paste the refresh token (Atzr|…). It is checked with one refresh and kept only in the secret storage.'),
			password: true,
			ignoreFocusOut: true,
		});
		if (token === undefined) {
			return undefined;
		}
		const refreshToken = token.trim();
		if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) {
			notifier.error(vscode.l10n.t('That is not a refresh token: it should be one line of printable characters, such as Atzr|…, without spaces.'));
			return undefined;
		}
		if (!(await this.deps.store.getClientSecret(profile.name))) {
			notifier.warn(vscode.l10n.t('Profile "{0}" has no client secret: Amazon refuses a refresh without it. Set the client secret first.', profile.name), {
				[vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }),
			});
			return undefined;
		}
		try {
			const credential = await this.deps.service.adoptRefreshToken(profile, { refreshToken, ...(account ? { account } : {}) });
			const remaining = formatRemaining(credential.expiresAt, this.deps.clock.now());
			notifier.info(account?.kind === 'partner'
				? vscode.l10n.t('The refresh token works: selling partner {0} of "{1}" is signed in; the access token is valid for {2}.', account.id, profile.name, remaining)
				: vscode.l10n.t('The refresh token works: "{0}" is signed in; the access token is valid for {1}.', profile.name, remaining), {
				[vscode.l10n.t('Copy Token')]: () => vscode.commands.executeCommand('lwa.copyAccessToken', { profile: profile.name, ...(account?.kind === 'partner' ? { partner: account.id } : {}) }),
			});
			return { profile: profile.name, ...(account?.kind === 'partner' ? { partner: account.id } : {}), expiresAt: credential.expiresAt };
		} catch (error) {
			this.deps.logger.warn(`Setting a refresh token for profile "${profile.name}" failed (${isLwaError(error) ? error.code : 'unexpected error'}); nothing was stored.`);
			notifier.error(vscode.l10n.t('The refresh token for "{0}" was not stored: {1}', profile.name, failureText(error)), isLwaError(error, 'invalid_client')
				? { [vscode.l10n.t('Set Client Secret')]: () => vscode.commands.executeCommand('lwa.setClientSecret', { profile: profile.name }) }
				: {});
			return undefined;
		}
	}
}
