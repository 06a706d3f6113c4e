// media/relay.js, loaded from Node as the tests see it (the browser runs the same file).
import * as path from 'node:path';

export type ForwardResult = { ok: true; url: string } | { ok: false; reason: string; paste: boolean };

export interface ParsedState {
	nonce: string;
	kind: string;
	scheme: string;
	web: boolean;
	reqid?: string;
	segment?: string;
}

/** The part of a browser window that run() uses. */
export interface RelayWindow {
	top: unknown;
	self: unknown;
	location: { href: string; search: string; pathname: string; replace(url: string): void };
	history: { replaceState(data: unknown, unused: string, url: string): void };
	navigator: { clipboard?: { writeText(text: string): Promise<void> } };
	document: {
		getElementById(id: string): unknown;
		querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
	};
}

export interface RelayModule {
	EDITOR_SCHEMES: readonly string[];
	EXTENSION_AUTHORITY: string;
	FORWARDED_PARAMETERS: readonly string[];
	parseState(state: unknown): ParsedState | undefined;
	parseEditorBase(content: unknown): string | undefined;
	buildForwardUrl(search: unknown, editorBase?: unknown): ForwardResult;
	run(page: RelayWindow): void;
}

/** The media folder, from out/test/unit/relay. */
export const MEDIA_DIR = path.join(__dirname, '..', '..', '..', '..', 'media');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const relay = require(path.join(MEDIA_DIR, 'relay.js')) as RelayModule;
