// Who asked for a token, for the log: the process ids the helper reports (claimed, not proven: the
// socket cannot tell), and on Linux the name of the parent process (the shell, or whatever ran
// `lwa-token`) as /proc shows it. Elsewhere no name is looked up.
import * as fs from 'node:fs';
import { forLog } from '../logText';

/** A short description such as `process 4242 (parent 4200 "bash")`, safe for a log line. */
export function describeCaller(pid: number | undefined, ppid: number | undefined, platform: NodeJS.Platform = process.platform, readFile: (path: string) => string = (path) => fs.readFileSync(path, 'utf8')): string {
	if (pid === undefined) {
		return 'an unnamed process';
	}
	if (ppid === undefined) {
		return `process ${pid}`;
	}
	let name: string | undefined;
	if (platform === 'linux') {
		try {
			name = readFile(`/proc/${ppid}/comm`).trim();
		} catch {
			// The parent may have ended already.
		}
	}
	return name ? `process ${pid} (parent ${ppid} "${forLog(name, 32)}")` : `process ${pid} (parent ${ppid})`;
}
