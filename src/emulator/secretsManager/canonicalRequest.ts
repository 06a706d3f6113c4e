// SigV4's canonical request, from AWS's documentation ("Create a canonical request"): the method,
// the path with each segment URI-encoded a second time, the query sorted, the signed headers by
// lower-case name with trimmed values, the signed header names, and the hex SHA-256 of the body.
import { createHash } from 'node:crypto';

/** What the checker needs to know of one request: `rawHeaders` as node:http gives them, `path` with its query. */
export interface SignedRequest {
	method: string;
	path: string;
	rawHeaders: readonly string[];
	body: Buffer;
}

/** Header values by lower-case name; a repeated header's values joined with commas, as SigV4 canonicalizes them. */
export function headerValues(rawHeaders: readonly string[]): Map<string, string> {
	const values = new Map<string, string>();
	for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
		const name = rawHeaders[index].toLowerCase();
		const value = rawHeaders[index + 1].trim().replace(/\s+/g, ' ');
		const earlier = values.get(name);
		values.set(name, earlier === undefined ? value : `${earlier},${value}`);
	}
	return values;
}

export function canonicalRequest(request: SignedRequest, headers: Map<string, string>, signedNames: readonly string[]): string {
	const questionMark = request.path.indexOf('?');
	const path = questionMark < 0 ? request.path : request.path.slice(0, questionMark);
	const query = questionMark < 0 ? '' : request.path.slice(questionMark + 1);
	return [
		request.method,
		canonicalPath(path),
		canonicalQuery(query),
		signedNames.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join(''),
		signedNames.join(';'),
		sha256Hex(request.body),
	].join('\n');
}

/** RFC 3986 normalization (no empty, `.` or `..` segments), then each segment encoded once more. */
function canonicalPath(path: string): string {
	const segments: string[] = [];
	for (const segment of path.split('/')) {
		if (segment === '' || segment === '.') {
			continue;
		}
		if (segment === '..') {
			segments.pop();
		} else {
			segments.push(uriEncode(segment));
		}
	}
	const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
	return `/${segments.join('/')}${trailing}`;
}

function canonicalQuery(query: string): string {
	if (query === '') {
		return '';
	}
	const pairs = query.split('&').filter((pair) => pair !== '').map((pair) => {
		const equals = pair.indexOf('=');
		const name = equals < 0 ? pair : pair.slice(0, equals);
		const value = equals < 0 ? '' : pair.slice(equals + 1);
		return [uriEncode(decodeQueryPart(name)), uriEncode(decodeQueryPart(value))];
	});
	pairs.sort(([nameA, valueA], [nameB, valueB]) => nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0);
	return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function decodeQueryPart(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** SigV4's URI encoding: every byte but the RFC 3986 unreserved characters as %XX (upper case). */
function uriEncode(text: string): string {
	return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}
