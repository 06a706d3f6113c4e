// `node portabilityEmulatorProcess.js <records> <dataFileBytes>`: an auto-approving LWA emulator whose
// Data Portability intake serves `records` records per query with data files of `dataFileBytes`, in a
// process of its own, so that the memory the download figure reads is the downloader's alone. Signs
// the demo customer in with portability::customer_profile and writes one line to its stdout pipe,
// `{ "baseUrl": ..., "accessToken": ... }` (for the parent only; never printed), then serves until its
// stdin closes (when the process that started it goes away).
import { request } from 'undici';
import { LwaEmulator, SANDBOX_CLIENT } from '../../src/emulator/lwaEmulator';

async function accessToken(emulator: LwaEmulator): Promise<string> {
	const redirectUri = SANDBOX_CLIENT.redirectUris[0];
	const authorize = new URL(emulator.endpoints.authorization);
	authorize.search = new URLSearchParams({ client_id: SANDBOX_CLIENT.clientId, response_type: 'code', scope: 'portability::customer_profile', redirect_uri: redirectUri, state: 'bench' }).toString();
	const consent = await request(authorize, { method: 'GET' });
	await consent.body.dump();
	const code = new URL(String(consent.headers.location)).searchParams.get('code') ?? '';
	const token = await request(emulator.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: SANDBOX_CLIENT.clientId, client_secret: SANDBOX_CLIENT.clientSecret ?? '' }).toString(),
	});
	const body = (await token.body.json()) as { access_token?: unknown };
	if (token.statusCode !== 200 || typeof body.access_token !== 'string') {
		throw new Error(`the emulator issued no access token (status ${token.statusCode})`);
	}
	return body.access_token;
}

async function main(): Promise<void> {
	const [records, dataFileBytes] = process.argv.slice(2).map(Number);
	if (!Number.isSafeInteger(records) || !Number.isSafeInteger(dataFileBytes) || records < 1 || dataFileBytes < 1) {
		throw new Error('usage: node portabilityEmulatorProcess.js <records> <dataFileBytes>');
	}
	// Links live an hour: the slowest run must not meet an expired one (that path has its own tests).
	const emulator = await LwaEmulator.start({ autoApprove: true, dataPortability: { recordsPerQuery: records, dataFileBytes, recordDelayMs: 0, linkLifetimeSeconds: 3600 } });
	const baseUrl = emulator.dataPortability.endpoints['intake.us-east-1.portability.data.amazon'];
	process.stdout.write(`${JSON.stringify({ baseUrl, accessToken: await accessToken(emulator) })}\n`);
	process.stdin.on('end', () => {
		void emulator.close().finally(() => process.exit(0));
	});
	process.stdin.resume();
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
