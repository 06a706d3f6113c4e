// The copy commands: Copy Access Token, Copy Authorization Header and Copy Access Token As…, which
// put a valid (refreshed first when stale) access token on the clipboard in the chosen shape.
import vscode = require('vscode');
import type { TokenIssuedListener } from '../variableFile/tokenDocumentOptions';
import type { CopyFormat } from '../../core/copyFormats';
import { ADS_COPY_FORMATS, COPY_FORMATS, formatToken, isAdsCopyFormat, isCopyFormat, isSellingPartnerCopyFormat, SELLING_PARTNER_COPY_FORMATS } from '../../core/copyFormats';
import { sellingPartnerUserAgent } from '../../core/sellingPartner/requestDocument';
import { advertisingApiBase } from '../../core/ads/hosts';
import type { Profile } from '../../core/profiles';
import type { CredentialService } from '../../core/credentials/service';
import type { Clock, Logger } from '../../core/ports';
import type { ClipboardWriter } from '../platform/clipboard';
import type { Notifier } from '../platform/notifier';
import { argumentFields } from '../ui/argumentFields';
import { validCredentialOrReport } from '../ui/errorMessages';
import type { ProfileResolver } from '../ui/profilePicker';
import type { AccountPicker } from '../sellingPartner/accountPicker';
import { formatRemaining } from '../ui/countdownText';
import { rememberedHost } from '../sellingPartner/sellingPartnerHost';

/** The localized label of a copy format (copyFormats.ts stays free of vscode, so its labels are English). */
export function copyFormatLabel(format: CopyFormat): string {
	switch (format) {
		case 'raw':
			return vscode.l10n.t('Access token');
		case 'bearer':
			return vscode.l10n.t('Bearer token');
		case 'authorizationHeader':
			return vscode.l10n.t('Authorization header');
		case 'amzAccessTokenHeader':
			return vscode.l10n.t('x-amz-access-token header');
		case 'curl':
			return vscode.l10n.t('curl command');
		case 'dotenv':
			return vscode.l10n.t('.env line');
		case 'restClientVariable':
			return vscode.l10n.t('REST Client / httpyac variable');
		case 'adsHeaders':
			return vscode.l10n.t('Ads headers');
		case 'adsCurl':
			return vscode.l10n.t('Ads curl command');
		case 'spApiRequest':
			return vscode.l10n.t('SP-API request');
	}
}

/** The copy commands. */
export class CopyCommands {
	constructor(private readonly deps: {
		profiles: ProfileResolver;
		service: CredentialService;
		clipboard: ClipboardWriter;
		notifier: Notifier;
		logger: Logger;
		clock: Clock;
		accounts: AccountPicker;
		/** Where the SP-API host last chosen is remembered (not a secret). */
		memento: vscode.Memento;
		version: string;
		/** Told of each token copied, so that the .http lens can recognise it where it is pasted. */
		onTokenIssued?: TokenIssuedListener;
	}) {}

	/** The commands this feature adds. */
	handlers() {
		return {
			'lwa.copyAccessToken': (arg: unknown) => this.copy(arg, 'raw'),
			'lwa.copyAuthorizationHeader': (arg: unknown) => this.copy(arg, 'authorizationHeader'),
			'lwa.copyAs': (arg: unknown) => this.copyAs(arg),
		};
	}

	async copy(arg: unknown, format: CopyFormat): Promise<boolean> {
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to copy a token of'));
		return profile ? this.copyOf(profile, format, arg) : false;
	}

	private async copyOf(profile: Profile, format: CopyFormat, arg: unknown): Promise<boolean> {
		if (isAdsCopyFormat(format) && !this.adsReady(profile)) {
			return false;
		}
		// The SP-API request goes to the host last chosen for the profile (New API Request, Get Restricted Data Token), production at first.
		const host = isSellingPartnerCopyFormat(format) && profile.api === 'sp-api' ? rememberedHost(profile, this.deps.memento) : undefined;
		if (isSellingPartnerCopyFormat(format) && !host) {
			this.deps.notifier.error(profile.api === 'sp-api'
				? vscode.l10n.t('The SP-API host of "{0}" is not an https: URL without user name, query or fragment; check endpoints.sellingPartnerApi.', profile.name)
				: vscode.l10n.t('The SP-API request is for Selling Partner API profiles ("api": "sp-api"), and "{0}" is not one.', profile.name));
			return false;
		}
		// An SP-API profile's selling partner or grantless scope: `{ partner }` / `{ scope }`, else asked when several.
		const chosen = await this.deps.accounts.forUse(profile, arg);
		if (!chosen.ok) {
			return false;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile, chosen.account);
		if (!credential) {
			return false;
		}
		const ads = isAdsCopyFormat(format) && profile.advertisingProfileId !== undefined
			? { clientId: profile.clientId, advertisingProfileId: profile.advertisingProfileId, host: advertisingApiBase(profile) }
			: undefined;
		const spApi = host ? { apiBase: host.base, userAgent: sellingPartnerUserAgent(this.deps.version, 'curl') } : undefined;
		await this.deps.clipboard.write(formatToken(format, credential.accessToken, ads, spApi));
		this.deps.onTokenIssued?.(credential.accessToken, { profile: profile.name, expiresAt: credential.expiresAt, ...(chosen.account ? { account: chosen.account } : {}) });
		this.deps.logger.info(`Copied the access token of profile "${profile.name}" (${format}).`);
		this.deps.notifier.info(vscode.l10n.t('Copied: {0} of "{1}" (valid for {2}).', copyFormatLabel(format), profile.name, formatRemaining(credential.expiresAt, this.deps.clock.now())));
		return true;
	}

	/** The Ads formats need an Ads profile with an advertiser profile chosen; otherwise says so, with the way there. */
	private adsReady(profile: Profile): boolean {
		if (profile.api !== 'ads') {
			this.deps.notifier.error(vscode.l10n.t('The Ads headers are for Amazon Ads profiles ("api": "ads"), and "{0}" is not one.', profile.name));
			return false;
		}
		if (profile.advertisingProfileId === undefined) {
			this.deps.notifier.warn(vscode.l10n.t('"{0}" has no advertiser profile for the Amazon-Advertising-API-Scope header yet.', profile.name), {
				[vscode.l10n.t('Choose Advertising Profile')]: () => vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name }),
			});
			return false;
		}
		return true;
	}

	async copyAs(arg: unknown): Promise<boolean> {
		const requested = argumentFields(arg).format;
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to copy a token of'));
		if (!profile) {
			return false;
		}
		let format: CopyFormat | undefined;
		if (requested !== undefined) {
			if (!isCopyFormat(requested)) {
				this.deps.notifier.error(vscode.l10n.t('Unknown copy format "{0}". Known formats: {1}.', String(requested), [...COPY_FORMATS, ...ADS_COPY_FORMATS, ...SELLING_PARTNER_COPY_FORMATS].map((entry) => entry.format).join(', ')));
				return false;
			}
			format = requested;
		} else {
			const formats = profile.api === 'ads' ? [...ADS_COPY_FORMATS, ...COPY_FORMATS] : profile.api === 'sp-api' && profile.grant === 'authorization_code' ? [...SELLING_PARTNER_COPY_FORMATS, ...COPY_FORMATS] : COPY_FORMATS;
			const picked = await vscode.window.showQuickPick(formats.map((entry) => ({ label: copyFormatLabel(entry.format), description: entry.description, format: entry.format as CopyFormat })), {
				title: vscode.l10n.t('LWA: Copy Access Token As…'),
				placeHolder: vscode.l10n.t('How to copy the access token'),
			});
			format = picked?.format;
		}
		return format ? this.copyOf(profile, format, arg) : false;
	}
}
