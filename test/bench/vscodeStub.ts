// A stand-in for the 'vscode' module in plain Node, for two benchmark figures:
//   - loading dist/extension.js cold (only module evaluation is timed, so every exported name of the
//     real API must exist, and classes must be extendable: `class X extends vscode.EventEmitter`);
//   - driving the real StatusBarController with a fake clock (so the status bar item, settings,
//     MarkdownString and ThemeColor behave enough like the real ones and count what is shown).
// Names come from @types/vscode, so the stub never lags behind what the bundle may touch.
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';

/** What the fake status bar items have shown: every text assignment while visible counts. */
export const statusBarLog: { texts: string[] } = { texts: [] };

/** A class that accepts any constructor arguments. */
function dummyClass(name: string): new (...args: unknown[]) => object {
	const holder = {
		[name]: class {
			constructor(..._args: unknown[]) {
				// Nothing: module evaluation only needs the class to exist.
			}
		},
	};
	return holder[name];
}

/** An object whose every property is a no-op function returning a disposable-like value. */
function dummyNamespace(): Record<string, unknown> {
	return new Proxy({}, {
		get: (_target, property) => (property === 'then' ? undefined : () => ({ dispose: () => undefined })),
	});
}

class EventEmitter<T> {
	private readonly listeners = new Set<(value: T) => unknown>();
	readonly event = (listener: (value: T) => unknown): { dispose(): void } => {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	};
	fire(value: T): void {
		for (const listener of [...this.listeners]) {
			listener(value);
		}
	}
	dispose(): void {
		this.listeners.clear();
	}
}

class MarkdownString {
	supportThemeIcons = false;
	constructor(public value = '') {}
}

class ThemeColor {
	constructor(public readonly id: string) {}
}

function createStatusBarItem(): Record<string, unknown> {
	let text = '';
	let visible = false;
	return {
		get text(): string {
			return text;
		},
		set text(value: string) {
			text = value;
			statusBarLog.texts.push(value);
		},
		get visible(): boolean {
			return visible;
		},
		show: () => {
			visible = true;
		},
		hide: () => {
			visible = false;
		},
		dispose: () => undefined,
	};
}

/** A log channel that writes nowhere (activation's first render logs a line). */
function createOutputChannel(): Record<string, unknown> {
	return new Proxy({}, { get: () => () => undefined });
}

function configuration(): Record<string, unknown> {
	return {
		// Every setting at its default: the code under test applies its own defaults for undefined.
		get: (_key: string, fallback?: unknown) => fallback,
		inspect: () => undefined,
		update: async () => undefined,
		has: () => false,
	};
}

function exportedNames(): { classes: string[]; namespaces: string[]; enums: string[]; values: string[] } {
	const typings = fs.readFileSync(path.join(path.dirname(require.resolve('@types/vscode/package.json')), 'index.d.ts'), 'utf8');
	const found = { classes: [] as string[], namespaces: [] as string[], enums: [] as string[], values: [] as string[] };
	for (const match of typings.matchAll(/^\texport (class|namespace|enum|const|let|function) (\w+)/gm)) {
		const kind = match[1];
		const list = kind === 'class' ? found.classes : kind === 'namespace' ? found.namespaces : kind === 'enum' ? found.enums : found.values;
		list.push(match[2]);
	}
	return found;
}

/** Builds the stub's exports. */
export function createVscodeStub(): Record<string, unknown> {
	const names = exportedNames();
	const stub: Record<string, unknown> = {};
	for (const name of names.classes) {
		stub[name] = dummyClass(name);
	}
	for (const name of names.namespaces) {
		stub[name] = dummyNamespace();
	}
	for (const name of names.enums) {
		// Enum members are numbers; the exact values do not matter to the code measured here.
		stub[name] = new Proxy({}, { get: () => 1 });
	}
	for (const name of names.values) {
		stub[name] = name === 'version' ? '1.101.0' : () => undefined;
	}
	stub.EventEmitter = EventEmitter;
	stub.MarkdownString = MarkdownString;
	stub.ThemeColor = ThemeColor;
	stub.StatusBarAlignment = { Left: 1, Right: 2 };
	// The status bar's texts are localized ('{0}m'): the English message with its arguments put in.
	stub.l10n = { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole)) };
	stub.window = new Proxy({ createStatusBarItem, createOutputChannel }, {
		get: (target, property) => (property in target ? target[property as keyof typeof target] : () => ({ dispose: () => undefined })),
	});
	stub.workspace = new Proxy({ getConfiguration: configuration }, {
		get: (target, property) => (property in target ? target[property as keyof typeof target] : () => ({ dispose: () => undefined })),
	});
	return stub;
}

/** Makes `require('vscode')` return the stub in this process (loaded before anything is timed). */
export function installVscodeStub(): Record<string, unknown> {
	const stub = createVscodeStub();
	// The Module class itself (not the namespace copy), whose _load every require goes through.
	const moduleClass = nodeModule.Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
	const originalLoad = moduleClass._load;
	moduleClass._load = function load(request: string, ...rest: unknown[]): unknown {
		return request === 'vscode' ? stub : originalLoad.call(this, request, ...rest);
	};
	return stub;
}
