import * as assert from 'node:assert/strict';
import { CLIENT_SECRET, exchangeCode, getAuthorize, startEmulator } from '../support';

describe('LWA emulator debug log', () => {
	it('logs method, path and status only, never codes, tokens or secrets', async () => {
		const lines: string[] = [];
		const { emulator } = await startEmulator({ autoApprove: true, log: (line) => lines.push(line) });
		try {
			const location = new URL((await getAuthorize(emulator)).headers.get('location') ?? '');
			const code = location.searchParams.get('code') ?? '';
			const tokens = await (await exchangeCode(emulator, code)).text();
			assert.deepEqual(lines, ['GET /ap/oa -> 302', 'POST /auth/o2/token -> 200']);
			const logged = lines.join('\n');
			assert.ok(!logged.includes(code) && !logged.includes(CLIENT_SECRET) && !logged.includes('state-123') && !logged.includes('Atz'));
			assert.ok(tokens.includes('Atza|'));
		} finally {
			await emulator.close();
		}
	});
});
