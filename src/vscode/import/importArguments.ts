// The argument of lwa.importCredentials: everything a test needs to run the import without UI. Its
// fields are honoured only in ExtensionMode.Test (core/commandArguments.ts drops them elsewhere).
import type { Endpoints, Region } from '../../core/lwa/endpoints';
import { REGIONS } from '../../core/lwa/endpoints';
import { argumentFields, stringField } from '../ui/argumentFields';

/** What to do when an imported profile's name is taken. */
export type CollisionChoice = 'replace' | 'rename' | 'skip';

/** The optional argument of lwa.importCredentials; everything a test needs to run it without UI (honoured only in ExtensionMode.Test). */
export interface ImportArguments {
	/** The cli_config to read; default ~/.ask/cli_config (from os.homedir()). */
	askConfigPath?: string;
	/** The variables to read instead of the process environment. */
	environment?: Record<string, string>;
	/** Candidate ids to import without the preview; with it, nothing is asked (defaults and the fields below answer). */
	accept?: string[];
	/** Answers for what a source lacks. */
	region?: Region;
	scopes?: string[];
	redirectUri?: string;
	clientId?: string;
	/** Endpoint overrides for every imported profile (a local emulator). */
	endpoints?: Partial<Endpoints>;
	/** Name collisions: replace the existing profile, or import under a new name (the default without UI), or skip. */
	onCollision?: CollisionChoice;
}

/** The fields of lwa.importCredentials' argument that have the right type; the others are ignored. */
export function parseImportArguments(arg: unknown): ImportArguments {
	const raw = argumentFields(arg);
	const result: ImportArguments = {};
	const askConfigPath = stringField(arg, 'askConfigPath');
	if (askConfigPath !== undefined) {
		result.askConfigPath = askConfigPath;
	}
	if (typeof raw.environment === 'object' && raw.environment !== null) {
		result.environment = Object.fromEntries(Object.entries(raw.environment).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
	}
	if (Array.isArray(raw.accept)) {
		result.accept = raw.accept.filter((id): id is string => typeof id === 'string');
	}
	if (typeof raw.region === 'string' && (REGIONS as readonly string[]).includes(raw.region)) {
		result.region = raw.region as Region;
	}
	if (Array.isArray(raw.scopes) && raw.scopes.every((scope) => typeof scope === 'string')) {
		result.scopes = raw.scopes as string[];
	}
	const redirectUri = stringField(arg, 'redirectUri');
	if (redirectUri !== undefined) {
		result.redirectUri = redirectUri;
	}
	const clientId = stringField(arg, 'clientId');
	if (clientId !== undefined) {
		result.clientId = clientId;
	}
	if (typeof raw.endpoints === 'object' && raw.endpoints !== null) {
		result.endpoints = raw.endpoints as Partial<Endpoints>;
	}
	if (raw.onCollision === 'replace' || raw.onCollision === 'rename' || raw.onCollision === 'skip') {
		result.onCollision = raw.onCollision;
	}
	return result;
}
