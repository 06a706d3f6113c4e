// Where a streamed download may go, without undici, so the core can check a URL before it asks the
// lazily loaded client (src/core/http/download.ts) to fetch it.
import { isLoopbackHost } from '../lwa/endpoints';

/**
 * Why a URL may not be downloaded from, or undefined when it may: https only, or http to a loopback
 * address (tests, an emulator); no user name or password in it.
 */
export function downloadUrlProblem(url: string): 'not_https' | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'not_https';
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return 'not_https';
	}
	if (parsed.protocol === 'https:') {
		return undefined;
	}
	return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname) ? undefined : 'not_https';
}
