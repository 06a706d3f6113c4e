// Writing downloaded files: a per-run folder, each file written under a hidden temporary name (mode
// 0600) and renamed to its final name only once it arrived whole, free space asked of the file system
// first. A cancelled or failed file is removed, so the folder only ever holds complete files.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DownloadSink } from '../ports';
import { partialFileName, runFolderName } from './ids';

/** Creates `<target>/data-portability-<UTC stamp>[-n]` (mode 0700), never reusing an existing folder. */
export async function createRunFolder(target: string, now: number): Promise<string> {
	await fs.mkdir(target, { recursive: true, mode: 0o700 });
	const base = runFolderName(now);
	for (let suffix = 1; suffix < 100; suffix++) {
		const candidate = path.join(target, suffix === 1 ? base : `${base}-${suffix}`);
		try {
			await fs.mkdir(candidate, { mode: 0o700 });
			return candidate;
		} catch (error) {
			if ((error as { code?: unknown }).code !== 'EEXIST') {
				throw error;
			}
		}
	}
	throw Object.assign(new Error('No free run folder name.'), { code: 'EEXIST' });
}

/** Creates a sub-folder (mode 0700) for names already validated (src/core/portability/ids.ts). */
export async function createSubFolder(parent: string, ...names: string[]): Promise<string> {
	const folder = path.join(parent, ...names);
	// The names are validated ids; this check is a second wall against a mistake.
	if (path.relative(parent, folder).split(path.sep).some((part) => part === '..' || part === '') || !folder.startsWith(parent + path.sep)) {
		throw new RangeError('A sub-folder must stay inside its parent.');
	}
	await fs.mkdir(folder, { recursive: true, mode: 0o700 });
	return folder;
}

/** Free bytes for an unprivileged writer on the file system holding `folder`, or undefined when unknown. */
export async function freeBytes(folder: string): Promise<number | undefined> {
	try {
		const stats = await fs.statfs(folder);
		return Number(stats.bavail) * Number(stats.bsize);
	} catch {
		return undefined;
	}
}

/** A file being written: a DownloadSink over a temporary file, then commit() or discard(). */
export class PartialFile implements DownloadSink {
	private readonly hash = createHash('sha256');
	private bytes = 0;
	private done = false;

	private constructor(private readonly folder: string, private readonly tempPath: string, private readonly handle: fs.FileHandle) {}

	/** Opens a new hidden temporary file (exclusive, 0600) in `folder`, named after `finalName`. */
	static async open(folder: string, finalName: string): Promise<PartialFile> {
		const tempPath = path.join(folder, partialFileName(finalName, randomBytes(6).toString('hex')));
		const handle = await fs.open(tempPath, 'wx', 0o600);
		return new PartialFile(folder, tempPath, handle);
	}

	async write(chunk: Uint8Array): Promise<void> {
		let offset = 0;
		while (offset < chunk.length) {
			const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
			offset += bytesWritten;
		}
		this.hash.update(chunk);
		this.bytes += chunk.length;
	}

	/**
	 * Flushes, closes and renames the file to `finalName` (which must not exist: a link, not a rename,
	 * so nothing is overwritten; see placeWithoutOverwriting). Resolves with the final path, size and SHA-256.
	 */
	async commit(finalName: string): Promise<{ path: string; bytes: number; sha256: string }> {
		this.done = true;
		const finalPath = path.join(this.folder, finalName);
		try {
			await this.handle.sync();
			await this.handle.close();
			await placeWithoutOverwriting(this.tempPath, finalPath);
		} finally {
			await fs.rm(this.tempPath, { force: true });
		}
		return { path: finalPath, bytes: this.bytes, sha256: this.hash.digest('hex') };
	}

	/** Closes and removes the temporary file (safe to call more than once, and after commit). */
	async discard(): Promise<void> {
		if (this.done) {
			return;
		}
		this.done = true;
		await this.handle.close().catch(() => undefined);
		await fs.rm(this.tempPath, { force: true });
	}
}

/** Errors of a file system that has no hard links (FAT and exFAT drives, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Gives the whole file at `from` the name `to`, failing with EEXIST when `to` exists (never
 * overwriting). A hard link does it at once; where the file system has none, an exclusive copy
 * (COPYFILE_EXCL: the same refusal of an existing name; a copy that fails midway is removed).
 * `link` is the file system's, replaceable only to test the fallback.
 */
export async function placeWithoutOverwriting(from: string, to: string, link: (existing: string, created: string) => Promise<void> = fs.link): Promise<void> {
	try {
		await link(from, to);
	} catch (error) {
		if (!NO_HARD_LINKS.has(String((error as { code?: unknown }).code))) {
			throw error;
		}
		await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
	}
}

/** Writes a small text file atomically (temporary name, then rename over any older one), mode 0600. */
export async function writeFileAtomically(folder: string, name: string, text: string): Promise<void> {
	const tempPath = path.join(folder, partialFileName(name, randomBytes(6).toString('hex')));
	try {
		await fs.writeFile(tempPath, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
		await fs.rename(tempPath, path.join(folder, name));
	} finally {
		await fs.rm(tempPath, { force: true });
	}
}
