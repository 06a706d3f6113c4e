// The bad-input catalogue: one named case per kind of bad input the extension can meet, across the
// six places input comes from. Each case sends its input along the path a real one takes and reports
// what became of it; the driver (catalogue.test.ts) checks every outcome the same way: the expected
// coded refusal, no planted sentinel in any visible text or log line, the stored credential as the
// case expects it (unchanged, unless the case documents otherwise), and for redirects and the relay
// page, no request to the token endpoint.
import { callbackUrlCases, pastedInputCases } from './redirectCases';
import { relayPageCases } from './relayCases';
import { tokenCases, tokenInfoCases } from './responseCases';
import { settingsCases } from './settingsCases';
import type { StoredState } from './support';

/** Where a bad input comes from. */
export type InputClass = 'callback URL' | 'pasted input' | 'relay page' | 'token response' | 'tokeninfo response' | 'settings';

/** What became of one bad input. */
export interface Outcome {
	/**
	 * The LwaError code the input ended in; 'ignored: <why>' for a redirect no waiting sign-in took;
	 * 'field: <name>' for a profile problem; 'relay: refused (…)' for a page that forwarded nothing.
	 */
	label: string;
	/** Every text a user or a log reader could see (messages, actions, pages, log lines, refusal reasons). */
	visible: string[];
	/** What became of the credential seeded before the case (of every seeded profile). Every case reports it. */
	stored: StoredState;
	/** For redirect and relay cases: requests that reached the token endpoint. */
	tokenRequests?: number;
}

export interface CatalogueCase {
	name: string;
	inputClass: InputClass;
	/** The outcome label the case must produce. */
	expected: string;
	/** What must become of the stored credential; 'unchanged' unless the case says otherwise. */
	expectedStored?: StoredState;
	run(): Promise<Outcome>;
}

/** Every case of the catalogue, grouped by input class. */
export const CATALOGUE: readonly CatalogueCase[] = [
	...callbackUrlCases, ...pastedInputCases, ...relayPageCases, ...tokenCases, ...tokenInfoCases, ...settingsCases,
];
