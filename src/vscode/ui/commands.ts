// The one way a feature's command runs. Every command id in package.json is registered once, at
// activation (src/extension.ts); its first call loads the features, and from then on each call comes
// here. A feature only hands over its handlers: this runner drops the argument fields that are
// honoured only in tests (core/commandArguments.ts) and reports a failure the handler did not report
// itself, so a command resolves to undefined instead of throwing into the editor.
import { honouredArgument } from '../../core/commandArguments';
import type { Logger } from '../../core/ports';
import type { Notifier } from '../platform/notifier';
import { reportUnexpectedCommandFailure } from './errorMessages';

/** The commands of package.json (contributes.commands). */
export type CommandId =
	| 'lwa.signIn' | 'lwa.signOut' | 'lwa.refresh' | 'lwa.completeSignIn'
	| 'lwa.copyAccessToken' | 'lwa.copyAuthorizationHeader' | 'lwa.copyAs'
	| 'lwa.addProfile' | 'lwa.removeProfile' | 'lwa.switchProfile' | 'lwa.setClientSecret'
	| 'lwa.showQuickActions' | 'lwa.showLog'
	| 'lwa.inspectToken' | 'lwa.showRedirectSetup' | 'lwa.newDataPortabilityRequest' | 'lwa.importCredentials'
	| 'lwa.setRefreshToken' | 'lwa.getRestrictedDataToken' | 'lwa.explainSellingPartnerError'
	| 'lwa.chooseAdvertisingProfile' | 'lwa.newApiRequest' | 'lwa.fetchDataPortabilityRecords'
	| 'lwa.views.removeProfile'
	| 'lwa.tokenLens.refresh' | 'lwa.tokenLens.useVariableFile';

/**
 * A command's implementation. It receives the argument it was run with (without the test-only fields
 * outside tests), reports what goes wrong on its way to the user itself, and resolves to its result.
 */
export type CommandHandler = (arg: unknown) => Promise<unknown>;

/** Runs the features' commands by id. */
export class CommandRunner {
	constructor(
		private readonly handlers: Readonly<Record<CommandId, CommandHandler>>,
		private readonly deps: { testMode: boolean; logger: Logger; notifier: Notifier },
	) {}

	/** Runs the command; an unexpected failure is logged and shown, and the command resolves to undefined. */
	async run(id: string, arg: unknown): Promise<unknown> {
		const handler = (this.handlers as Readonly<Record<string, CommandHandler | undefined>>)[id];
		if (!handler) {
			// A command declared in package.json without a handler: a mistake in this extension.
			throw new Error(`The command ${id} has no handler.`);
		}
		try {
			return await handler(honouredArgument(id, arg, this.deps.testMode, this.deps.logger));
		} catch (error) {
			reportUnexpectedCommandFailure(this.deps, id, error);
			return undefined;
		}
	}
}
