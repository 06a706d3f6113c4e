// `node emulatorProcess.js <clientId> <clientSecret> <redirectUri>...`: an auto-approving LWA emulator in
// a process of its own, for the heap figure: the emulator keeps every token it issues, so inside the
// extension host it would grow the very heap that is measured. Prints `{ "endpoints": {...} }` once it
// listens, and stops when its stdin closes (when the process that started it goes away).
import { LwaEmulator } from '../../src/emulator/lwaEmulator';

async function main(): Promise<void> {
	const [clientId, clientSecret, ...redirectUris] = process.argv.slice(2);
	if (!clientId || !clientSecret || redirectUris.length === 0) {
		throw new Error('usage: node emulatorProcess.js <clientId> <clientSecret> <redirectUri>...');
	}
	const emulator = await LwaEmulator.start({ autoApprove: true, clients: [{ clientId, clientSecret, redirectUris }] });
	process.stdout.write(`${JSON.stringify({ endpoints: emulator.endpoints })}\n`);
	process.stdin.on('end', () => {
		void emulator.close().finally(() => process.exit(0));
	});
	process.stdin.resume();
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
