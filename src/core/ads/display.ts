// Advertiser profiles as the quick pick shows them. Every text comes from the Ads API's answer, so it
// is the server's choice: control, line-separator and bidi characters are escaped (forLog), lengths
// are bounded, and "$(" is broken up so that a name cannot draw the editor's icons ($(name) syntax in
// quick pick labels). Country and currency codes must look like codes, or show as "?".
import { forLog } from '../logText';
import type { AdvertisingAccountType, AdvertisingProfile } from './profileList';

/** Server text made safe for a quick pick label or description, at most `maxLength` characters (plus a note). */
export function displayText(value: string, maxLength = 80): string {
	return forLog(value, maxLength).replace(/\$\(/g, '$\u200a(');
}

/** A two-letter country code (Amazon writes UK for the United Kingdom), else "?". */
export function displayCountry(code: string): string {
	return /^[A-Z]{2}$/.test(code) ? code : '?';
}

/** A three-letter currency code, else "?". */
export function displayCurrency(code: string): string {
	return /^[A-Z]{3}$/.test(code) ? code : '?';
}

/** The profile's lines in the picker, in English-free parts the VS Code layer arranges: id, codes, type, name. */
export interface AdvertisingProfileDisplay {
	profileId: string;
	country: string;
	currency: string;
	type: AdvertisingAccountType;
	/** '' when the API gave none. */
	name: string;
	timezone: string;
	marketplace: string;
}

export function advertisingProfileDisplay(profile: AdvertisingProfile): AdvertisingProfileDisplay {
	return {
		profileId: profile.profileId,
		country: displayCountry(profile.countryCode),
		currency: displayCurrency(profile.currencyCode),
		type: profile.type,
		name: displayText(profile.name),
		timezone: displayText(profile.timezone, 40),
		marketplace: displayText(profile.marketplaceStringId, 40),
	};
}

/**
 * The order of the picker: the profile already chosen first, then sellers and vendors (advertisers
 * whose id goes into the scope header of campaign calls), agencies last (calls with an agency
 * profile's id fail where an advertiser is needed), each by country and name.
 */
export function sortForPicker(profiles: readonly AdvertisingProfile[], chosen?: string): AdvertisingProfile[] {
	const rank = (profile: AdvertisingProfile): number => (profile.profileId === chosen ? 0 : profile.type === 'agency' ? 2 : profile.type === 'other' ? 3 : 1);
	return [...profiles].sort((a, b) => rank(a) - rank(b) || a.countryCode.localeCompare(b.countryCode) || a.name.localeCompare(b.name) || (a.profileId < b.profileId ? -1 : 1));
}
