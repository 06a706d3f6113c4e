// What can be read from a presigned S3 URL without logging it: when it expires (X-Amz-Date plus
// X-Amz-Expires, SigV4 query parameters). The URL itself is a secret and never leaves this function.

/** Seconds before the stated expiry at which a link counts as expired (a download needs time to start). */
export const EXPIRY_MARGIN_MS = 5000;

/** True when the URL says it has expired (or will within the margin); false when it says nothing usable. */
export function linkExpired(url: string, now: number): boolean {
	const expiresAt = linkExpiresAt(url);
	return expiresAt !== undefined && now >= expiresAt - EXPIRY_MARGIN_MS;
}

/** Epoch ms at which a SigV4 presigned URL expires, or undefined when it does not say (or says it badly). */
export function linkExpiresAt(url: string): number | undefined {
	let query: URLSearchParams;
	try {
		query = new URL(url).searchParams;
	} catch {
		return undefined;
	}
	const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
	const expires = query.get('X-Amz-Expires') ?? '';
	if (!date || !/^\d{1,6}$/.test(expires)) {
		return undefined;
	}
	const signedAt = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(date[4]), Number(date[5]), Number(date[6]));
	return Number.isNaN(signedAt) ? undefined : signedAt + Number(expires) * 1000;
}
