// Keeps one `NAME="token"` line of a variable file (default `.env` in the workspace folder) current,
// or removes it. The threats and the defences, in the order they are checked:
// - a workspace nobody vetted: nothing happens unless the workspace is trusted (git would run its
//   configuration's programs, and the file is the workspace's);
// - a value that would break out of its quotes or add a line: refused (variableLine.ts);
// - a path into `.git` (the repository's own configuration): refused;
// - a symlink, at the file or at any folder between the workspace folder and it, that would send the
//   token elsewhere: refused (lstat each part; the file is opened with O_NOFOLLOW);
// - a directory, FIFO or device in the file's place: refused (a FIFO would block the read);
// - a huge file: refused above MAX_VARIABLE_FILE_BYTES, never read whole;
// - a commit of the token: in a git repository the file must be ignored and untracked (git.ts);
//   a tracked file is never written, and git missing means nothing is written;
// - a half-written file or one readable by others: the new content goes to a new 0600 temporary file
//   (O_EXCL, so it cannot be a planted symlink) in the same folder, then a rename replaces the file
//   (a rename replaces a symlink put there meanwhile rather than following it).
// Other lines are kept byte for byte (variableLine.ts).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { constants } from 'node:fs';
import * as path from 'node:path';
import type { GitRunner, GitStanding } from './git';
import { gitStandingOf } from './git';
import { isSafeVariableValue, withVariable } from './variableLine';

/** A variable file larger than this is not read (a .env file is a few hundred bytes). */
export const MAX_VARIABLE_FILE_BYTES = 1024 * 1024;

/** Why a variable file was not written; the VS Code layer words each. */
export type VariableFileRefusal =
	| 'untrusted' | 'unsafe_value' | 'bad_path' | 'inside_git_folder' | 'no_folder' | 'symlinked_folder'
	| 'symlink' | 'not_a_file' | 'too_large' | 'write_failed'
	| Exclude<GitStanding, 'outside' | 'ignored'>;

export type VariableFileOutcome =
	| { status: 'written' | 'removed' | 'unchanged' | 'absent'; file: string }
	| { status: 'refused'; file: string; reason: VariableFileRefusal; systemCode?: string; gitRoot?: string };

export interface VariableFileChange {
	/** The workspace folder (absolute). */
	folder: string;
	/** The file, relative to the folder, `/`-separated (profiles.ts checked it stays inside). */
	file: string;
	name: string;
	/** The access token; undefined removes the variable's lines. */
	value: string | undefined;
	/** The workspace's trust: nothing is read, run or written without it. */
	trusted: boolean;
	git?: GitRunner;
}

function systemCodeOf(error: unknown): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : undefined;
}

/** The file's path parts, or a refusal. */
function pathParts(file: string): string[] | 'bad_path' | 'inside_git_folder' {
	const parts = file.split('/');
	if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0'))) {
		return 'bad_path';
	}
	if (parts.some((part) => part.toLowerCase() === '.git')) {
		return 'inside_git_folder';
	}
	return parts;
}

/** Checks every folder between `folder` and the file: each a real folder, none a symlink. */
async function checkFolders(folder: string, parts: readonly string[]): Promise<VariableFileRefusal | undefined> {
	let current = folder;
	for (const part of parts.slice(0, -1)) {
		current = path.join(current, part);
		let stats;
		try {
			stats = await fs.lstat(current);
		} catch {
			return 'no_folder';
		}
		if (stats.isSymbolicLink()) {
			return 'symlinked_folder';
		}
		if (!stats.isDirectory()) {
			return 'no_folder';
		}
	}
	return undefined;
}

type Existing = { content: string | undefined } | { refusal: VariableFileRefusal; systemCode?: string };

/** The file's content (latin1: one character per byte), undefined when it does not exist, or a refusal. */
async function readExisting(target: string): Promise<Existing> {
	let stats;
	try {
		stats = await fs.lstat(target);
	} catch (error) {
		return systemCodeOf(error) === 'ENOENT' ? { content: undefined } : { refusal: 'write_failed', systemCode: systemCodeOf(error) };
	}
	if (stats.isSymbolicLink()) {
		return { refusal: 'symlink' };
	}
	if (!stats.isFile()) {
		return { refusal: 'not_a_file' };
	}
	if (stats.size > MAX_VARIABLE_FILE_BYTES) {
		return { refusal: 'too_large' };
	}
	let handle;
	try {
		// O_NOFOLLOW and O_NONBLOCK: something swapped in after the lstat is neither followed nor waited on.
		handle = await fs.open(target, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
	} catch (error) {
		const code = systemCodeOf(error);
		return code === 'ELOOP' || code === 'EMLINK' ? { refusal: 'symlink' } : { refusal: 'write_failed', systemCode: code };
	}
	try {
		const opened = await handle.stat();
		if (!opened.isFile()) {
			return { refusal: 'not_a_file' };
		}
		if (opened.size > MAX_VARIABLE_FILE_BYTES) {
			return { refusal: 'too_large' };
		}
		const buffer = Buffer.alloc(MAX_VARIABLE_FILE_BYTES + 1);
		let length = 0;
		for (;;) {
			const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) {
				break;
			}
			length += bytesRead;
			if (length > MAX_VARIABLE_FILE_BYTES) {
				return { refusal: 'too_large' };
			}
		}
		return { content: buffer.subarray(0, length).toString('latin1') };
	} catch (error) {
		return { refusal: 'write_failed', systemCode: systemCodeOf(error) };
	} finally {
		await handle.close();
	}
}

/** Writes `content` to a new 0600 temporary file next to `target`, then renames it over `target`. */
async function replaceAtomically(target: string, content: string): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
	// 'wx' is O_CREAT | O_EXCL: a file (or symlink) already at the temporary name is never opened.
	const handle = await fs.open(temporary, 'wx', 0o600);
	try {
		try {
			await handle.writeFile(Buffer.from(content, 'latin1'));
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temporary, target);
	} catch (error) {
		await fs.rm(temporary, { force: true }).catch(() => undefined);
		throw error;
	}
}

/** Sets (or with `value` undefined removes) the variable in the file, after every check above. */
export async function updateVariableFile(change: VariableFileChange): Promise<VariableFileOutcome> {
	const { folder, file, name, value } = change;
	const refused = (reason: VariableFileRefusal, extra: { systemCode?: string; gitRoot?: string } = {}): VariableFileOutcome => ({
		status: 'refused', file, reason,
		...(extra.systemCode !== undefined ? { systemCode: extra.systemCode } : {}),
		...(extra.gitRoot !== undefined ? { gitRoot: extra.gitRoot } : {}),
	});
	if (!change.trusted) {
		return refused('untrusted');
	}
	if (value !== undefined && !isSafeVariableValue(value)) {
		return refused('unsafe_value');
	}
	const parts = pathParts(file);
	if (typeof parts === 'string') {
		return refused(parts);
	}
	const folderProblem = await checkFolders(folder, parts);
	if (folderProblem !== undefined) {
		// Nothing to remove from a file whose folder is gone.
		return value === undefined && folderProblem === 'no_folder' ? { status: 'absent', file } : refused(folderProblem);
	}
	const target = path.join(folder, ...parts);
	const existing = await readExisting(target);
	if ('refusal' in existing) {
		return refused(existing.refusal, { systemCode: existing.systemCode });
	}
	if (existing.content === undefined && value === undefined) {
		return { status: 'absent', file };
	}
	const next = withVariable(existing.content ?? '', name, value);
	if (existing.content !== undefined && next === existing.content) {
		return { status: 'unchanged', file };
	}
	const git = await gitStandingOf(target, change.git);
	// Removing the token from a file git would add only lowers the risk; writing a tracked file never happens.
	const writable = git.standing === 'outside' || git.standing === 'ignored' || (value === undefined && git.standing === 'not_ignored');
	if (!writable) {
		return refused(git.standing as VariableFileRefusal, { gitRoot: git.root });
	}
	try {
		await replaceAtomically(target, next);
	} catch (error) {
		return refused('write_failed', { systemCode: systemCodeOf(error) });
	}
	return { status: value === undefined ? 'removed' : 'written', file };
}

/** Escapes a path part for a .gitignore pattern (glob characters and a leading `#` or `!`). */
function gitignorePattern(file: string): string {
	return '/' + file.replace(/[\\[\]*?!# ]/g, (character) => `\\${character}`);
}

/**
 * Which .gitignore to add `file` (relative to the workspace `folder`) to: that of the repository
 * holding it when the repository's root is the folder or inside it (a nested repository does not read
 * its parents' .gitignore files), with the path relative to that root; else the folder's own, which an
 * enclosing repository reads.
 */
export function gitignoreFor(folder: string, file: string, gitRoot: string | undefined): { folder: string; file: string } {
	if (gitRoot === undefined || (gitRoot !== folder && !gitRoot.startsWith(folder + path.sep))) {
		return { folder, file };
	}
	const absolute = path.join(folder, ...file.split('/'));
	return { folder: gitRoot, file: path.relative(gitRoot, absolute).split(path.sep).join('/') };
}

export type GitignoreOutcome = { status: 'added' } | { status: 'refused'; reason: 'symlink' | 'not_a_file' | 'too_large' | 'bad_path' | 'inside_git_folder' | 'write_failed'; systemCode?: string };

/**
 * Appends an anchored pattern for `file` to the `.gitignore` of `folder` (created when missing), after
 * a line ending when the file lacks a trailing one. The user asked for it with a button.
 */
export async function addToGitignore(folder: string, file: string): Promise<GitignoreOutcome> {
	const parts = pathParts(file);
	if (typeof parts === 'string') {
		return { status: 'refused', reason: parts };
	}
	const target = path.join(folder, '.gitignore');
	const existing = await readExisting(target);
	if ('refusal' in existing) {
		const refusal = existing.refusal;
		const reason = refusal === 'symlink' || refusal === 'not_a_file' || refusal === 'too_large' ? refusal : 'write_failed';
		return { status: 'refused', reason, ...(existing.systemCode !== undefined ? { systemCode: existing.systemCode } : {}) };
	}
	const content = existing.content ?? '';
	const ending = /\r\n/.test(content) ? '\r\n' : '\n';
	const separator = content === '' || content.endsWith('\n') ? '' : ending;
	let handle;
	try {
		handle = await fs.open(target, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o644);
		await handle.writeFile(Buffer.from(`${separator}${gitignorePattern(parts.join('/'))}${ending}`, 'latin1'));
	} catch (error) {
		return { status: 'refused', reason: 'write_failed', ...(systemCodeOf(error) !== undefined ? { systemCode: systemCodeOf(error) } : {}) };
	} finally {
		await handle?.close();
	}
	return { status: 'added' };
}
