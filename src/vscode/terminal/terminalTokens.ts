// `lwa-token` in this window's terminals: while a profile has "terminal": true, a socket server in the
// extension host (src/core/terminal/socketServer.ts) and the environment variable collection that puts
// bin/lwa-token on the terminals' PATH with the socket's handle and a random secret. The collection is
// not persistent, so neither the handle nor the secret is written to disk, and a reloaded window has new
// ones. Trust is checked on every request, so granting it takes effect at once. Every token handed out
// is logged with the profile and the caller, never the token.
//
// Shaped after VS Code's git extension (extensions/git/src/askpass.ts, ipc/ipcServer.ts): a shell
// wrapper runs the extension host's own runtime with ELECTRON_RUN_AS_NODE=1 on a small script that asks
// the host over a socket named in the terminal's environment.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import { slotForLog } from '../../core/credentials/accounts';
import { accountsOf } from '../../core/credentials/slots';
import type { CredentialService } from '../../core/credentials/service';
import type { CredentialStore } from '../../core/credentials/store';
import { isLwaError } from '../../core/lwa/errors';
import type { Clock, Logger } from '../../core/ports';
import { describeCaller } from '../../core/terminal/caller';
import type { TokenAnswer, TokenRequest } from '../../core/terminal/protocol';
import { ENV, SECRET_BYTES } from '../../core/terminal/protocol';
import type { TokenServer } from '../../core/terminal/socketServer';
import { createSocketHandle, startTokenServer } from '../../core/terminal/socketServer';
import { answerTokenRequest } from '../../core/terminal/tokenRequests';
import type { ProfileRegistry } from '../platform/profileRegistry';
import { environmentDescription, refusalText, serverTexts, tokenFailureText } from './terminalTexts';

/** The collection as tests read it: whether it is persisted, and its variables (the secret among them: tests only). */
export interface TerminalEnvironment {
	persistent: boolean;
	variables: Record<string, { value: string; type: 'replace' | 'append' | 'prepend' }>;
}

export class TerminalTokens implements vscode.Disposable {
	private server: TokenServer | undefined;
	/** Starts and stops run one after the other. */
	private settled: Promise<void> = Promise.resolve();
	private readonly subscriptions: vscode.Disposable[] = [];
	private disposed = false;

	constructor(private readonly deps: {
		context: vscode.ExtensionContext;
		registry: ProfileRegistry;
		store: CredentialStore;
		service: CredentialService;
		logger: Logger;
		clock: Clock;
	}) {
		this.subscriptions.push(
			deps.registry.onDidChange(() => void this.update()),
			vscode.workspace.onDidGrantWorkspaceTrust(() => {
				if (this.server) {
					deps.logger.info('lwa-token: the workspace is trusted now; requests from terminals are answered.');
				}
			}),
		);
		void this.update();
	}

	/** Serves the terminals while some profile opts in, and stops when none does. */
	update(): Promise<void> {
		this.settled = this.settled.then(() => this.apply()).catch((error: unknown) => {
			this.deps.logger.error(`lwa-token: the terminal server could not start (${error instanceof Error ? error.message : 'unknown error'}).`);
		});
		return this.settled;
	}

	/** The collection's variables once the last start or stop is done. */
	async environment(): Promise<TerminalEnvironment> {
		await this.settled;
		const variables: TerminalEnvironment['variables'] = {};
		const collection = this.deps.context.environmentVariableCollection;
		collection.forEach((variable, mutator) => {
			const type = mutator.type === vscode.EnvironmentVariableMutatorType.Prepend ? 'prepend' : mutator.type === vscode.EnvironmentVariableMutatorType.Append ? 'append' : 'replace';
			variables[variable] = { value: mutator.value, type };
		});
		return { persistent: collection.persistent, variables };
	}

	private async apply(): Promise<void> {
		const wanted = !this.disposed && this.deps.registry.all().some((profile) => profile.terminal === true);
		if (wanted && !this.server) {
			await this.start();
		} else if (!wanted && this.server) {
			await this.stop();
		}
	}

	private async start(): Promise<void> {
		const { context, logger } = this.deps;
		const secret = crypto.randomBytes(SECRET_BYTES).toString('hex');
		const handle = createSocketHandle(crypto.randomBytes(8).toString('hex'));
		try {
			this.server = await startTokenServer({
				handle,
				secret,
				answer: (request) => this.answer(request),
				texts: serverTexts,
				onRejected: (why) => logger.warn(`lwa-token: a connection was closed without an answer (${why}).`),
			});
		} catch (error) {
			if (handle.folder !== undefined) {
				fs.rmSync(handle.folder, { recursive: true, force: true });
			}
			throw error;
		}
		const bin = path.join(context.extensionPath, 'bin');
		if (process.platform !== 'win32') {
			try {
				fs.accessSync(path.join(bin, 'lwa-token'), fs.constants.X_OK);
			} catch {
				logger.error('lwa-token: bin/lwa-token of the extension is not executable; terminals cannot run it.');
			}
		}
		const collection = context.environmentVariableCollection;
		// Nothing of this reaches the disk: the secret lives as long as this extension host.
		collection.persistent = false;
		collection.description = environmentDescription();
		collection.replace(ENV.handle, handle.path);
		collection.replace(ENV.secret, secret);
		collection.replace(ENV.node, process.execPath);
		collection.replace(ENV.main, path.join(context.extensionPath, 'dist', 'lwaToken.js'));
		collection.prepend('PATH', `${bin}${path.delimiter}`);
		logger.info('lwa-token: serving the terminals of this window (new terminals get it on their PATH).');
	}

	private async stop(): Promise<void> {
		this.deps.context.environmentVariableCollection.clear();
		const server = this.server;
		this.server = undefined;
		await server?.close();
		this.deps.logger.info('lwa-token: stopped (no profile has "terminal": true).');
	}

	/** Answers one keyed request, and logs what was handed to whom (never the token). */
	private async answer(request: TokenRequest): Promise<TokenAnswer> {
		const { registry, store, service, logger, clock } = this.deps;
		const outcome = await answerTokenRequest(request, {
			isTrusted: () => vscode.workspace.isTrusted,
			profiles: () => registry.all(),
			activeProfile: () => registry.active()?.name,
			partnersOf: async (profile) => (await accountsOf(store, profile)).accounts,
			validCredential: (profile, account) => service.getValidCredential(profile, account),
			now: () => clock.now(),
		});
		const caller = describeCaller(request.pid, request.ppid);
		switch (outcome.kind) {
			case 'token':
				logger.info(`lwa-token: handed an access token of ${slotForLog({ profile: outcome.profile.name, ...(outcome.account ? { account: outcome.account } : {}) })} (${request.format}) to ${caller}.`);
				return { ok: true, output: outcome.output };
			case 'refused':
				logger.warn(`lwa-token: refused ${caller} (${outcome.refusal}).`);
				return { ok: false, exit: outcome.exit, message: refusalText(outcome.refusal, outcome.profile?.name ?? outcome.named ?? '') };
			case 'failed':
				logger.warn(`lwa-token: no token of ${slotForLog({ profile: outcome.profile.name, ...(outcome.account ? { account: outcome.account } : {}) })} for ${caller} (${isLwaError(outcome.error) ? outcome.error.code : 'unexpected error'}).`);
				return { ok: false, exit: outcome.exit, message: tokenFailureText(outcome.profile.name, outcome.error) };
		}
	}

	dispose(): void {
		this.disposed = true;
		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
		void this.update();
	}
}
