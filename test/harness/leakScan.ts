// Searches a run's files and captured output for secret values (sentinels): client secrets, codes,
// access and refresh tokens, PKCE verifiers. Used after the e2e run, when code-server has stopped and
// every log is flushed.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Sentinel {
	/** What the value is, for the report; the value itself is never printed. */
	label: string;
	value: string;
}

export interface LeakHit {
	/** Path relative to the scanned folder, or the name of a captured stream. */
	location: string;
	label: string;
	/** How the value was written: as is, URL-encoded, or UTF-16 (browser storage). */
	encoding: string;
}

export interface LeakScanResult {
	filesScanned: number;
	bytesScanned: number;
	/** Hits outside the allowed places: each one is a leak. */
	leaks: LeakHit[];
	/** Hits that `allow` accepted, with its reason. */
	allowed: (LeakHit & { reason: string })[];
}

/** The byte patterns one secret can appear as. */
function patternsOf(value: string): { encoding: string; bytes: Buffer }[] {
	const patterns = [
		{ encoding: 'utf8', bytes: Buffer.from(value, 'utf8') },
		{ encoding: 'utf16le', bytes: Buffer.from(value, 'utf16le') },
	];
	const urlEncoded = encodeURIComponent(value);
	if (urlEncoded !== value) {
		patterns.push({ encoding: 'url-encoded', bytes: Buffer.from(urlEncoded, 'utf8') });
	}
	return patterns;
}

function listFiles(dir: string): string[] {
	const files: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			files.push(...listFiles(full));
		} else if (entry.isFile()) {
			files.push(full);
		}
	}
	return files;
}

/**
 * Scans every regular file under `root` and every captured output text for every sentinel.
 * `allow(hit)` returns why a hit is acceptable (the secret store's own storage), or undefined for a leak.
 */
export function scanForLeaks(
	root: string,
	sentinels: readonly Sentinel[],
	capturedOutputs: Record<string, string>,
	allow: (hit: LeakHit, isFile: boolean) => string | undefined,
): LeakScanResult {
	const patterns = sentinels.flatMap((sentinel) => patternsOf(sentinel.value).map((pattern) => ({ ...pattern, label: sentinel.label })));
	const result: LeakScanResult = { filesScanned: 0, bytesScanned: 0, leaks: [], allowed: [] };
	const check = (location: string, data: Buffer, isFile: boolean): void => {
		result.bytesScanned += data.length;
		for (const pattern of patterns) {
			if (data.indexOf(pattern.bytes) >= 0) {
				const hit = { location, label: pattern.label, encoding: pattern.encoding };
				const reason = allow(hit, isFile);
				if (reason === undefined) {
					result.leaks.push(hit);
				} else {
					result.allowed.push({ ...hit, reason });
				}
			}
		}
	};
	for (const file of listFiles(root)) {
		result.filesScanned++;
		check(path.relative(root, file), fs.readFileSync(file), true);
	}
	for (const [name, text] of Object.entries(capturedOutputs)) {
		check(name, Buffer.from(text, 'utf8'), false);
	}
	return result;
}

/** Captures what this process writes to stdout and stderr, while still writing it. */
export function captureProcessOutput(): { text(): string; stop(): void } {
	const chunks: string[] = [];
	const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
	const tee = (original: typeof process.stdout.write) =>
		((chunk: string | Uint8Array, ...rest: unknown[]) => {
			chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
			return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof process.stdout.write;
	process.stdout.write = tee(originals.stdout);
	process.stderr.write = tee(originals.stderr);
	return {
		text: () => chunks.join(''),
		stop: () => {
			process.stdout.write = originals.stdout;
			process.stderr.write = originals.stderr;
		},
	};
}
