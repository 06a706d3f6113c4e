import * as assert from 'node:assert/strict';
import { honouredArgument, TEST_ONLY_ARGUMENTS } from '../../../src/core/commandArguments';
import { RecordingLogger } from './support/fakes';

const SECRET = 'client-secret-SENTINEL-1234';

describe('Command arguments that carry a secret or skip a confirmation', () => {
	it('drops a client secret given to lwa.setClientSecret outside tests, keeps the profile, and logs the field name but not the value', () => {
		const logger = new RecordingLogger();
		const honoured = honouredArgument('lwa.setClientSecret', { profile: 'dev', clientSecret: SECRET }, false, logger);
		assert.deepEqual(honoured, { profile: 'dev' });
		assert.equal(logger.lines.length, 1);
		assert.match(logger.lines[0], /lwa\.setClientSecret: ignored the argument field\(s\) clientSecret/);
		assert.ok(!logger.lines.some((line) => line.includes(SECRET)), 'the secret is not logged');
	});

	it('drops every test-only field of every listed command outside tests', () => {
		for (const [command, fields] of Object.entries(TEST_ONLY_ARGUMENTS)) {
			const given: Record<string, unknown> = { profile: 'dev' };
			for (const field of fields) {
				given[field] = field === 'accept' ? ['env:lwa'] : SECRET;
			}
			assert.deepEqual(honouredArgument(command, given, false, new RecordingLogger()), { profile: 'dev' }, command);
		}
	});

	it('names the fields that skip confirmations: remove client secret on sign-out, the import preview and collisions, the pasted redirect, the team secret write-back and copy', () => {
		assert.deepEqual(TEST_ONLY_ARGUMENTS['lwa.signOut'], ['removeClientSecret']);
		assert.deepEqual(TEST_ONLY_ARGUMENTS['lwa.completeSignIn'], ['input']);
		// The team profile questions: writing a secret back to AWS, copying a team secret to this machine.
		assert.deepEqual(TEST_ONLY_ARGUMENTS['lwa.signIn'], ['writeBack']);
		assert.ok(TEST_ONLY_ARGUMENTS['lwa.setClientSecret'].includes('writeBack'));
		assert.deepEqual(TEST_ONLY_ARGUMENTS['lwa.importTeamSecret'], ['confirm']);
		assert.ok(TEST_ONLY_ARGUMENTS['lwa.importCredentials'].includes('accept'));
		assert.ok(TEST_ONLY_ARGUMENTS['lwa.importCredentials'].includes('onCollision'));
		assert.ok(TEST_ONLY_ARGUMENTS['lwa.importCredentials'].includes('environment'));
		assert.ok(TEST_ONLY_ARGUMENTS['lwa.addProfile'].includes('clientSecret'));
	});

	it('passes every field through unchanged in ExtensionMode.Test, with nothing logged', () => {
		const logger = new RecordingLogger();
		const given = { profile: 'dev', clientSecret: SECRET };
		assert.equal(honouredArgument('lwa.setClientSecret', given, true, logger), given);
		assert.deepEqual(logger.lines, []);
	});

	it('passes arguments of other commands, and arguments that are not plain objects, unchanged', () => {
		const logger = new RecordingLogger();
		const copy = { profile: 'dev', format: 'curl' };
		assert.equal(honouredArgument('lwa.copyAs', copy, false, logger), copy);
		assert.equal(honouredArgument('lwa.setClientSecret', undefined, false, logger), undefined);
		assert.equal(honouredArgument('lwa.setClientSecret', 'text', false, logger), 'text');
		const list = [SECRET];
		assert.equal(honouredArgument('lwa.setClientSecret', list, false, logger), list);
		assert.deepEqual(logger.lines, []);
	});

	it('hands a command with test-only fields a plain copy of an argument without them, with nothing logged', () => {
		const logger = new RecordingLogger();
		const given = { profile: 'dev' };
		const honoured = honouredArgument('lwa.signOut', given, false, logger);
		assert.deepEqual(honoured, { profile: 'dev' });
		assert.notEqual(honoured, given, 'a copy, not the caller\'s object');
		assert.deepEqual(logger.lines, []);
	});

	it('reads the caller\'s object once: a getter that hides a client secret on the first read cannot bring it back on a later one', () => {
		let reads = 0;
		const given = { profile: 'dev', get clientSecret(): string | undefined { return reads++ === 0 ? undefined : SECRET; } };
		const honoured = honouredArgument('lwa.setClientSecret', given, false, new RecordingLogger()) as Record<string, unknown>;
		assert.equal(honoured.clientSecret, undefined);
		assert.equal(honoured.clientSecret, undefined, 'still nothing on a second read');
		assert.deepEqual(Object.keys(honoured), ['profile']);
	});

	it('reads a Proxy argument once: one that answers undefined only on the first read cannot pass a pasted redirect', () => {
		let reads = 0;
		const given = new Proxy({ profile: 'dev', input: 'https://x.example/?code=c' } as Record<string, unknown>, {
			get: (target, property) => (property === 'input' && reads++ === 0 ? undefined : target[property as string]),
		});
		const honoured = honouredArgument('lwa.completeSignIn', given, false, new RecordingLogger()) as Record<string, unknown>;
		assert.equal(honoured.input, undefined);
		assert.equal(honoured.profile, 'dev');
	});
});
