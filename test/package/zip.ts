// Lists the entry names of a zip file (a .vsix) from its central directory; no dependency needed.
import * as fs from 'node:fs';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

export function listZipEntries(file: string): string[] {
	return readZipEntries(file).map((entry) => entry.name);
}

/** The entries with their Unix file mode (the high half of the external attributes; 0 when none was recorded). */
export function readZipEntries(file: string): { name: string; mode: number }[] {
	const data = fs.readFileSync(file);
	// The end record is 22 bytes plus a comment of at most 64 KiB, at the end of the file.
	let end = -1;
	for (let offset = data.length - 22; offset >= Math.max(0, data.length - 22 - 0xffff); offset--) {
		if (data.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
			end = offset;
			break;
		}
	}
	if (end < 0) {
		throw new Error(`${file} is not a zip file`);
	}
	const count = data.readUInt16LE(end + 10);
	let offset = data.readUInt32LE(end + 16);
	const names: { name: string; mode: number }[] = [];
	for (let index = 0; index < count; index++) {
		if (data.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
			throw new Error(`${file}: corrupt central directory`);
		}
		const nameLength = data.readUInt16LE(offset + 28);
		const extraLength = data.readUInt16LE(offset + 30);
		const commentLength = data.readUInt16LE(offset + 32);
		const externalAttributes = data.readUInt32LE(offset + 38);
		names.push({ name: data.toString('utf8', offset + 46, offset + 46 + nameLength), mode: externalAttributes >>> 16 });
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return names;
}
