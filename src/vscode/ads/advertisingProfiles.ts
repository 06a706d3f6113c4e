// "LWA: Choose Advertising Profile": lists the advertiser profiles the signed-in user may use in the
// profile's Ads region (GET /v2/profiles with the bearer token and the ClientId header), shows each
// with its country, currency, account type and name, and keeps the chosen id with the LWA profile
// (advertisingProfileId in lwa.profiles, user settings: an id, not a secret). The list is the Ads
// API's answer, so every text in the picker is escaped and bounded (src/core/ads/display.ts).
import vscode = require('vscode');
import type { AdvertisingProfileDisplay } from '../../core/ads/display';
import { advertisingProfileDisplay, sortForPicker } from '../../core/ads/display';
import { ADVERTISING_API_HOSTS, advertisingApiBase, hostOf, requestsAdvertisingScope } from '../../core/ads/hosts';
import type { AdvertisingAccountType, AdvertisingProfileList } from '../../core/ads/profileList';
import { listAdvertisingProfiles } from '../../core/ads/profileList';
import type { CredentialService } from '../../core/credentials/service';
import type { HttpClient, Logger } from '../../core/ports';
import type { Profile } from '../../core/profiles';
import type { Notifier } from '../platform/notifier';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { reportAdvertisingApiError, validCredentialOrReport } from '../ui/errorMessages';
import { profileProblemText } from '../ui/problemTexts';
import type { ProfileResolver } from '../ui/profilePicker';

/** What a quick pick showed, for the test hooks (none in production). */
export interface ShownQuickPick {
	title: string;
	/** Each item's label and description, in order. */
	items: readonly { label: string; description: string }[];
}

/** Told when a quick pick of this feature is shown. */
export type QuickPickObserver = (shown: ShownQuickPick) => void;

/** What lwa.chooseAdvertisingProfile resolves to. */
export interface AdvertisingProfileChoice {
	profile: string;
	advertisingProfileId: string;
}

/** The localized word for an account type. */
export function accountTypeLabel(type: AdvertisingAccountType): string {
	switch (type) {
		case 'seller':
			return vscode.l10n.t('seller');
		case 'vendor':
			return vscode.l10n.t('vendor');
		case 'agency':
			return vscode.l10n.t('agency');
		case 'other':
			return vscode.l10n.t('other account type');
	}
}

interface ProfileItem extends vscode.QuickPickItem {
	profileId: string;
	shown: AdvertisingProfileDisplay;
}

/** Runs lwa.chooseAdvertisingProfile. */
export class AdvertisingProfiles {
	constructor(private readonly deps: {
		service: CredentialService;
		http: HttpClient;
		registry: ProfileRegistry;
		profiles: ProfileResolver;
		notifier: Notifier;
		logger: Logger;
		/** None in production; in ExtensionMode.Test the test hooks' recorder. */
		quickPickObserver?: QuickPickObserver;
	}) {}

	/** The command this feature adds. */
	handlers() {
		return {
			'lwa.chooseAdvertisingProfile': (arg: unknown) => this.choose(arg),
		};
	}

	/** Argument: `{ profile?: string }`. Resolves to the choice kept, or undefined (cancelled, or reported). */
	async choose(arg: unknown): Promise<AdvertisingProfileChoice | undefined> {
		const { notifier, logger } = this.deps;
		const profile = await this.deps.profiles.resolve(arg, vscode.l10n.t('Choose the LWA profile to pick an advertiser profile for'));
		if (!profile || !(await this.isAdsProfile(profile))) {
			return undefined;
		}
		const credential = await validCredentialOrReport(this.deps.service, this.deps, profile);
		if (!credential) {
			return undefined;
		}
		const host = hostOf(advertisingApiBase(profile));
		let list: AdvertisingProfileList;
		try {
			list = await vscode.window.withProgress(
				{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing the advertiser profiles at {0}…', host) },
				() => listAdvertisingProfiles(this.deps.http, profile, credential.accessToken),
			);
		} catch (error) {
			reportAdvertisingApiError(this.deps, profile, error);
			return undefined;
		}
		logger.info(`Listed ${list.profiles.length} advertiser profile(s) for profile "${profile.name}" at ${host}${list.skipped > 0 ? `; ${list.skipped} entr${list.skipped === 1 ? 'y' : 'ies'} could not be read` : ''}.`);
		if (list.profiles.length === 0) {
			this.explainEmptyList(profile, host, list.skipped);
			return undefined;
		}
		const picked = await this.pick(profile, list);
		if (!picked) {
			return undefined;
		}
		const result = await this.deps.registry.updateFields(profile.name, { advertisingProfileId: picked.profileId });
		if (!result.profile) {
			notifier.error(vscode.l10n.t('The advertiser profile could not be kept with "{0}": {1}', profile.name, result.problems.map(profileProblemText).join(' ')));
			return undefined;
		}
		const { shown } = picked;
		notifier.info(shown.type === 'agency'
			? vscode.l10n.t('"{0}" now uses the agency profile {1} ({2}, {3}) as its Amazon-Advertising-API-Scope. Calls that need an advertiser refuse agency profiles; choose a seller or vendor profile for those.', profile.name, shown.profileId, shown.name, shown.country)
			: vscode.l10n.t('"{0}" now uses the advertiser profile {1} ({2}, {3}) as its Amazon-Advertising-API-Scope.', profile.name, shown.profileId, shown.name, shown.country), {
			[vscode.l10n.t('Copy Ads Headers')]: () => vscode.commands.executeCommand('lwa.copyAs', { profile: profile.name, format: 'adsHeaders' }),
		});
		return { profile: profile.name, advertisingProfileId: picked.profileId };
	}

	/** True for an Ads profile; otherwise says why not, and offers to make a plain LWA profile with Ads scopes one. */
	private async isAdsProfile(profile: Profile): Promise<boolean> {
		const { notifier } = this.deps;
		if (profile.grant === 'client_credentials') {
			notifier.error(vscode.l10n.t('Advertiser profiles belong to an Amazon user who signed in, and "{0}" uses client credentials. Use a profile with the authorization code grant and advertising::campaign_management.', profile.name));
			return false;
		}
		if (profile.api === 'ads') {
			return true;
		}
		if (profile.api === 'lwa' && requestsAdvertisingScope(profile.scopes)) {
			const makeAds = vscode.l10n.t('Use for Amazon Ads');
			notifier.warn(vscode.l10n.t('"{0}" asks for Ads scopes but is not marked as an Amazon Ads profile ("api": "ads" in lwa.profiles).', profile.name), {
				[makeAds]: async () => {
					const result = await this.deps.registry.updateFields(profile.name, { api: 'ads' });
					if (result.profile) {
						await vscode.commands.executeCommand('lwa.chooseAdvertisingProfile', { profile: profile.name });
					}
				},
			});
			return false;
		}
		notifier.error(vscode.l10n.t('"{0}" is not an Amazon Ads profile. Advertiser profiles need a profile with "api": "ads" and the scope advertising::campaign_management.', profile.name), {
			[vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettingsJson'),
		});
		return false;
	}

	/** An empty list is an answer, not an error: the profiles are in another region, or this user has none. */
	private explainEmptyList(profile: Profile, host: string, skipped: number): void {
		const regional = profile.apiEndpoints.advertisingApi === undefined;
		const otherRegions = (Object.keys(ADVERTISING_API_HOSTS) as Profile['region'][]).filter((region) => region !== profile.region);
		const region = ADVERTISING_API_HOSTS[profile.region];
		const message = skipped > 0
			? vscode.l10n.t('The Amazon Ads API at {0} listed {1} entries, none of which could be read as an advertiser profile. The log has the count; check the endpoint or proxy in between.', host, skipped)
			: regional
				? vscode.l10n.t('No advertiser profiles at {0} for this sign-in. That host lists only the {1} region ({2}). If the advertising account is in {3} or {4}, change the profile\'s region and sign in again; otherwise the Amazon user who signed in has no access to an advertising account (ask its administrator for View and Edit access), or a different Amazon user signed in.', host, profile.region, region.countries.join(', '), otherRegions[0], otherRegions[1])
				: vscode.l10n.t('No advertiser profiles at {0} (the profile\'s endpoints.advertisingApi, standing for region {1}: {2}) for this sign-in. Each Ads host lists only its own region\'s profiles. If the advertising account is in {3} or {4}, change the profile\'s region and endpoints and sign in again; otherwise the Amazon user who signed in has no access to an advertising account (ask its administrator for View and Edit access), or a different Amazon user signed in.', host, profile.region, region.countries.join(', '), otherRegions[0], otherRegions[1]);
		this.deps.notifier.warn(message, {
			[vscode.l10n.t('Open Settings')]: () => vscode.commands.executeCommand('workbench.action.openSettingsJson'),
			[vscode.l10n.t('Sign In Again')]: () => vscode.commands.executeCommand('lwa.signIn', { profile: profile.name }),
		});
	}

	private pick(profile: Profile, list: AdvertisingProfileList): Promise<ProfileItem | undefined> {
		const items: ProfileItem[] = sortForPicker(list.profiles, profile.advertisingProfileId).map((entry) => {
			const shown = advertisingProfileDisplay(entry);
			const notes = [vscode.l10n.t('profile id {0}', shown.profileId)];
			if (shown.marketplace !== '') {
				notes.push(shown.marketplace);
			}
			if (shown.timezone !== '') {
				notes.push(shown.timezone);
			}
			if (shown.type === 'agency') {
				notes.push(vscode.l10n.t('agency: calls that need an advertiser refuse it'));
			}
			return {
				label: shown.name !== '' ? shown.name : vscode.l10n.t('(no name)'),
				description: [shown.country, shown.currency, accountTypeLabel(shown.type)].join(' · ') + (entry.profileId === profile.advertisingProfileId ? ` · ${vscode.l10n.t('current')}` : ''),
				detail: notes.join(' · '),
				profileId: entry.profileId,
				shown,
			};
		});
		const quickPick = vscode.window.createQuickPick<ProfileItem>();
		quickPick.title = vscode.l10n.t('LWA: Advertiser profiles of "{0}" at {1}', profile.name, hostOf(advertisingApiBase(profile)));
		quickPick.placeholder = list.skipped > 0
			? vscode.l10n.t('Choose the profile for the Amazon-Advertising-API-Scope header ({0} unreadable entries left out)', list.skipped)
			: vscode.l10n.t('Choose the profile for the Amazon-Advertising-API-Scope header (type to filter by name, country or id)');
		quickPick.matchOnDescription = true;
		quickPick.matchOnDetail = true;
		quickPick.ignoreFocusOut = true;
		quickPick.items = items;
		return new Promise<ProfileItem | undefined>((resolve) => {
			let chosen: ProfileItem | undefined;
			const subscriptions = [
				quickPick.onDidAccept(() => {
					chosen = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
					quickPick.hide();
				}),
				quickPick.onDidHide(() => {
					for (const subscription of subscriptions) {
						subscription.dispose();
					}
					quickPick.dispose();
					resolve(chosen);
				}),
			];
			quickPick.show();
			this.deps.quickPickObserver?.({ title: quickPick.title ?? '', items: items.map((item) => ({ label: item.label, description: item.description ?? '' })) });
		});
	}
}
