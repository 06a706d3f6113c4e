// The entry of dist/lwaToken.js, which bin/lwa-token (bin/lwa-token.cmd on Windows) runs with the
// extension host's own runtime. Sets the exit code instead of calling process.exit, so that what was
// written to stdout and stderr reaches a pipe in full.
import { runHelper } from './helper';

void runHelper(process.argv.slice(2), process.env, {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
}).then((code) => {
	process.exitCode = code;
});
