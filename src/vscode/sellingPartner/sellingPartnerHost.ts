// Which SP-API host a request of a profile goes to: its endpoints.sellingPartnerApi override (no
// question), else the region's production host or its sandbox, by the command's `sandbox` argument
// or the user's pick (the last one first, remembered per profile in globalState: not a secret).
import vscode = require('vscode');
import type { Profile } from '../../core/profiles';
import { sellingPartnerApiEndpoint } from '../../core/sellingPartner/endpoints';
import { checkedApiBase } from '../../core/sellingPartner/requestDocument';
import { argumentFields } from '../ui/argumentFields';

export interface SellingPartnerHost {
	base: string;
	kind: 'production' | 'sandbox' | 'override';
}

/** The memento key of the host last chosen for a profile ('production' or 'sandbox'). */
export function hostMementoKey(profileName: string): string {
	return `lwa.sellingPartner.host:${profileName}`;
}

/** The host without asking: the override, the `sandbox` argument, else the last one chosen (production at first). */
export function rememberedHost(profile: Profile, memento: vscode.Memento, arg?: unknown): SellingPartnerHost | undefined {
	const override = profile.apiEndpoints.sellingPartnerApi;
	if (override !== undefined) {
		const base = checkedApiBase(override);
		return base === undefined ? undefined : { base, kind: 'override' };
	}
	const endpoint = sellingPartnerApiEndpoint(profile.region);
	if (endpoint === undefined) {
		return undefined;
	}
	const given = argumentFields(arg).sandbox;
	const sandbox = typeof given === 'boolean' ? given : memento.get<string>(hostMementoKey(profile.name)) === 'sandbox';
	return sandbox ? { base: endpoint.sandbox, kind: 'sandbox' } : { base: endpoint.production, kind: 'production' };
}

/** The host for a request: without an override or a `sandbox` argument, the user picks (undefined when dismissed). */
export async function chooseHost(profile: Profile, memento: vscode.Memento, arg: unknown, title: string): Promise<SellingPartnerHost | undefined> {
	const endpoint = sellingPartnerApiEndpoint(profile.region);
	if (profile.apiEndpoints.sellingPartnerApi !== undefined || typeof argumentFields(arg).sandbox === 'boolean' || endpoint === undefined) {
		return rememberedHost(profile, memento, arg);
	}
	const last = memento.get<string>(hostMementoKey(profile.name)) === 'sandbox' ? 'sandbox' : 'production';
	const items = [
		{ label: vscode.l10n.t('Production'), description: endpoint.production, detail: vscode.l10n.t('The selling partner\'s real data'), host: 'production' as const },
		{ label: vscode.l10n.t('Sandbox'), description: endpoint.sandbox, detail: vscode.l10n.t('Amazon\'s static examples, for trying calls'), host: 'sandbox' as const },
	].sort((a, b) => Number(b.host === last) - Number(a.host === last));
	const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which SP-API host of region {0}?', profile.region), ignoreFocusOut: true });
	if (!picked) {
		return undefined;
	}
	await memento.update(hostMementoKey(profile.name), picked.host);
	return { base: picked.host === 'sandbox' ? endpoint.sandbox : endpoint.production, kind: picked.host };
}
