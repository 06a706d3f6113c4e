// The profiles from the lwa.profiles setting: parsed with the core's rules (their problems worded and
// reported by profileProblems.ts, in the features bundle), and the active profile.
import vscode = require('vscode');
import type { Profile, ProfileProblem } from '../../core/profiles';
import { parseProfiles, validateProfile } from '../../core/profiles';
import type { Logger } from '../../core/ports';
import { activeProfileSetting, CONFIG_SECTION, rawProfilesSetting, updateSetting } from './settings';

export class ProfileRegistry implements vscode.Disposable {
	private parsed: { profiles: Profile[]; problems: ProfileProblem[] } | undefined;
	private readonly changed = new vscode.EventEmitter<void>();
	private readonly subscriptions: vscode.Disposable[] = [];

	/** Fires when lwa.profiles or lwa.activeProfile changes. */
	readonly onDidChange = this.changed.event;

	constructor(private readonly logger: Logger) {
		this.subscriptions.push(this.changed, vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(`${CONFIG_SECTION}.profiles`) || event.affectsConfiguration(`${CONFIG_SECTION}.activeProfile`)) {
				this.parsed = undefined;
				this.changed.fire();
			}
		}));
	}

	/** Every valid profile, in settings order. */
	all(): readonly Profile[] {
		return this.parse().profiles;
	}

	/** The problems of the current setting. */
	problems(): readonly ProfileProblem[] {
		return this.parse().problems;
	}

	find(name: string): Profile | undefined {
		return this.all().find((profile) => profile.name === name);
	}

	/** The active profile: lwa.activeProfile when it names a valid profile, else the only profile there is. */
	active(): Profile | undefined {
		const name = activeProfileSetting();
		if (name !== undefined) {
			return this.find(name);
		}
		const profiles = this.all();
		return profiles.length === 1 ? profiles[0] : undefined;
	}

	async setActive(name: string | undefined): Promise<void> {
		await updateSetting('activeProfile', name ?? '');
		this.parsed = undefined;
	}

	/**
	 * Validates a profile as typed (wizard or command argument) against the existing names and, when
	 * valid, appends it to lwa.profiles in user settings. Returns the problems instead when invalid.
	 */
	async add(raw: unknown): Promise<{ profile?: Profile; problems: ProfileProblem[] }> {
		const entries = this.rawEntries();
		const names = entries
			.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined))
			.filter((name): name is string => typeof name === 'string')
			.map((name) => name.trim());
		const result = validateProfile(raw, names);
		if (!result.profile) {
			return result;
		}
		await updateSetting('profiles', [...entries, raw]);
		this.parsed = undefined;
		this.logger.info(`Added profile "${result.profile.name}" (${result.profile.region}, ${result.profile.grant}).`);
		return result;
	}

	/**
	 * Sets fields of the lwa.profiles entry with this name in user settings (the Ads advertiser profile
	 * id, the API kind), keeping every other field as the user wrote it. Returns the problems instead,
	 * and writes nothing, when the entry is missing or the result would not be a valid profile.
	 */
	async updateFields(name: string, fields: Readonly<Record<string, unknown>>): Promise<{ profile?: Profile; problems: ProfileProblem[] }> {
		const entries = this.rawEntries();
		const index = entries.findIndex((entry) => typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string'
			&& (entry as { name: string }).name.trim() === name);
		if (index < 0) {
			return { problems: [{ index: -1, name, field: 'name', kind: 'not_an_object', message: `"${name}": no such entry.` }] };
		}
		const updated = { ...(entries[index] as Record<string, unknown>), ...fields };
		const otherNames = entries.filter((_, other) => other !== index)
			.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined))
			.filter((other): other is string => typeof other === 'string')
			.map((other) => other.trim());
		const result = validateProfile(updated, otherNames);
		if (!result.profile) {
			return result;
		}
		entries[index] = updated;
		await updateSetting('profiles', entries);
		this.parsed = undefined;
		this.logger.info(`Updated profile "${name}" (${Object.keys(fields).join(', ')}).`);
		return result;
	}

	/** Removes every lwa.profiles entry with this name; returns whether one was there. */
	async remove(name: string): Promise<boolean> {
		const entries = this.rawEntries();
		const kept = entries.filter((entry) => !(typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string'
			&& ((entry as { name: string }).name.trim() === name)));
		if (kept.length === entries.length) {
			return false;
		}
		await updateSetting('profiles', kept);
		if (activeProfileSetting() === name) {
			await updateSetting('activeProfile', '');
		}
		this.parsed = undefined;
		return true;
	}

	dispose(): void {
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}

	private rawEntries(): unknown[] {
		const raw = rawProfilesSetting();
		return Array.isArray(raw) ? [...raw] : [];
	}

	private parse(): { profiles: Profile[]; problems: ProfileProblem[] } {
		if (!this.parsed) {
			this.parsed = parseProfiles(rawProfilesSetting());
		}
		return this.parsed;
	}
}
