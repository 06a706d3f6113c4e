// A stand-in for AWS Secrets Manager, for tests: a local HTTP server that speaks Secrets Manager's
// JSON 1.1 protocol, checks each request's SigV4 signature, and keeps secrets with versions and
// staging labels per region, so the real AWS SDK can be driven against it. Written from AWS's API
// reference and SigV4 documentation, apart from the SDK and the extension; nothing was checked
// against AWS itself from here.
//
// For tests (unit and integration):
//
//   const sm = await startSecretsManagerStandIn({ region: 'us-east-1' });   // all options optional
//   // Point the SDK at it, in-process:
//   new SecretsManagerClient({ endpoint: sm.url, region: sm.region, credentials: sm.credentials });
//   // or through the standard environment (a child process, the extension host):
//   //   AWS_ENDPOINT_URL_SECRETS_MANAGER=sm.url  AWS_REGION=sm.region  AWS_EC2_METADATA_DISABLED=true
//   //   AWS_ACCESS_KEY_ID=sm.credentials.accessKeyId  AWS_SECRET_ACCESS_KEY=sm.credentials.secretAccessKey
//   const { arn, versionId } = sm.createSecret('SPAPIAppCredentials-Team', JSON.stringify({ ... }),
//   	{ rotationEnabled?: boolean, region?: string });          // region: default sm.region
//   sm.current('SPAPIAppCredentials-Team')   // { secretString, versionId } of AWSCURRENT (name or ARN)
//   sm.versions('SPAPIAppCredentials-Team')  // [{ versionId, stages, secretString, createdDate }], oldest first
//   sm.writeAsTeammate(name, secretString)   // a new AWSCURRENT version (the old one AWSPREVIOUS): a lost race
//   sm.setRotationEnabled(name, true)
//   sm.denyAction('secretsmanager:PutSecretValue', ...)   // then AccessDeniedException naming the action
//   sm.allowAllActions()
//   sm.failDecryption(name)                  // GetSecretValue answers DecryptionFailure (failDecryption(name, false) ends it)
//   sm.expireSessionToken()                  // with startSecretsManagerStandIn({ sessionToken }): ExpiredTokenException
//   sm.requests                              // [{ target, region, signature, outcome, status }], never a value
//   sm.regionalUrl('eu-west-1')              // an endpoint that answers only requests signed for that region
//   await sm.close();
//
// Every request must be signed for service `secretsmanager`, a real AWS region, the stand-in's access
// key, within 5 minutes of the stand-in's clock (`now`). Secrets live per region: the root URL reads
// the region from the credential scope, so a secret made in us-east-1 is not found by a client of
// eu-west-1. Names take a region as a last argument where a test needs another one.
//
// To run it alone (by hand): `node out/src/emulator/secretsManager/cli.js --secret-file NAME=PATH`
// prints its URL and the environment to export (cli.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { isLoopbackAddress } from '../http/server';
import type { RecordedRequest } from './server';
import { StandInServer } from './server';
import type { SecretVersion, StoredSecret } from './store';
import { AWSCURRENT, partitionOf, SecretStore } from './store';

export type { RecordedRequest } from './server';
export { AWSCURRENT, AWSPREVIOUS } from './store';

/** Options of {@link startSecretsManagerStandIn}. */
export interface SecretsManagerStandInOptions {
	/** The region `createSecret` and `current` use by default; default 'us-east-1'. */
	region?: string;
	/** Default 'AKIAEXAMPLESTANDIN01' (not a real key). */
	accessKeyId?: string;
	/** Default: 40 random characters, new for each start. */
	secretAccessKey?: string;
	/** Temporary credentials (as from SSO or an assumed role): every request must carry this session token. Default: none (long-term keys). */
	sessionToken?: string;
	/** The 12-digit account in ARNs; default '123456789012'. */
	accountId?: string;
	/** Clock in epoch milliseconds for signature dates and timestamps; default Date.now. */
	now?: () => number;
	/** 0 = any free port (default). */
	port?: number;
	/** Loopback only; default '127.0.0.1'. */
	host?: string;
}

/** A version as tests see it (values included: this is the test side). */
export interface StandInVersion {
	versionId: string;
	stages: string[];
	secretString: string;
	createdDate: Date;
}

/** The running stand-in and its test controls. */
export interface SecretsManagerStandIn {
	/** The endpoint for AWS_ENDPOINT_URL_SECRETS_MANAGER or the client's `endpoint`: any AWS region, by the signature's scope. */
	readonly url: string;
	readonly region: string;
	readonly accountId: string;
	/** With `sessionToken` when the stand-in was started with one. */
	readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
	/** Every request so far, oldest first: operation, scope region, signature verdict, outcome. */
	readonly requests: readonly RecordedRequest[];
	regionalUrl(region: string): string;
	createSecret(name: string, secretString: string, options?: { rotationEnabled?: boolean; region?: string }): { arn: string; versionId: string };
	current(secretId: string, region?: string): { secretString: string; versionId: string };
	versions(secretId: string, region?: string): StandInVersion[];
	writeAsTeammate(secretId: string, secretString: string, region?: string): { versionId: string };
	setRotationEnabled(secretId: string, enabled: boolean, region?: string): void;
	denyAction(...actions: string[]): void;
	allowAllActions(): void;
	failDecryption(secretId: string, fail?: boolean, region?: string): void;
	/** From now on the session token is expired: ExpiredTokenException, as for a lapsed SSO or role session. */
	expireSessionToken(): void;
	close(): Promise<void>;
}

/**
 * The commercial, China and GovCloud regions a credential may be scoped to. A scope naming anything
 * else gets AWS's "Credential should be scoped to a valid region".
 */
export const AWS_REGIONS: readonly string[] = [
	'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
	'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
	'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
	'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
	'me-central-1', 'mx-central-1', 'sa-east-1', 'us-gov-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1',
];

export async function startSecretsManagerStandIn(options: SecretsManagerStandInOptions = {}): Promise<SecretsManagerStandIn> {
	const host = options.host ?? '127.0.0.1';
	if (!isLoopbackAddress(host)) {
		throw new Error(`The Secrets Manager stand-in listens on loopback only, not ${host}.`);
	}
	const region = options.region ?? 'us-east-1';
	if (!AWS_REGIONS.includes(region)) {
		throw new Error(`Not an AWS region: ${region}.`);
	}
	const accountId = options.accountId ?? '123456789012';
	const credentials = {
		accessKeyId: options.accessKeyId ?? 'AKIAEXAMPLESTANDIN01',
		secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString('base64'),
		...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken }),
	};
	let sessionExpired = false;
	const now = options.now ?? Date.now;
	const store = new SecretStore(accountId, now);
	const deniedActions = new Set<string>();
	const requests: RecordedRequest[] = [];
	const callerArn = `arn:${partitionOf(region)}:iam::${accountId}:user/lwa-credentials-test`;
	const server = await StandInServer.listen(host, options.port ?? 0, {
		signing: {
			now,
			secretKeyOf: (accessKeyId) => accessKeyId === credentials.accessKeyId ? credentials.secretAccessKey : undefined,
			sessionToken: () => options.sessionToken === undefined ? undefined : { value: options.sessionToken, expired: sessionExpired },
		},
		isRegion: (candidate) => AWS_REGIONS.includes(candidate),
		context: (requestRegion) => ({ store, region: requestRegion, callerArn, deniedActions }),
		record: (request) => requests.push(request),
	});
	const secretOf = (secretId: string, secretRegion = region): StoredSecret => store.resolve(secretRegion, secretId);
	const asVersion = (version: SecretVersion): StandInVersion => ({
		versionId: version.versionId, stages: [...version.stages], secretString: version.secretString, createdDate: new Date(version.createdDate),
	});
	return {
		url: server.url,
		region,
		accountId,
		credentials,
		requests,
		regionalUrl: (endpointRegion) => `${server.url}/region/${endpointRegion}/`,
		createSecret(name, secretString, { rotationEnabled = false, region: secretRegion = region } = {}) {
			if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
				throw new Error('A secret name is 1 to 512 of A-Z a-z 0-9 / _ + = . @ -.');
			}
			const secret = store.create(secretRegion, name, secretString, rotationEnabled);
			return { arn: secret.arn, versionId: secret.versions[0].versionId };
		},
		current(secretId, secretRegion) {
			const version = store.read(secretOf(secretId, secretRegion));
			return { secretString: version.secretString, versionId: version.versionId };
		},
		versions: (secretId, secretRegion) => secretOf(secretId, secretRegion).versions.map(asVersion),
		writeAsTeammate(secretId, secretString, secretRegion) {
			const version = store.put(secretOf(secretId, secretRegion), randomUUID(), secretString, [AWSCURRENT]);
			return { versionId: version.versionId };
		},
		setRotationEnabled(secretId, enabled, secretRegion) {
			secretOf(secretId, secretRegion).rotationEnabled = enabled;
		},
		denyAction(...actions) {
			for (const action of actions) {
				deniedActions.add(action);
			}
		},
		allowAllActions: () => deniedActions.clear(),
		failDecryption(secretId, fail = true, secretRegion) {
			secretOf(secretId, secretRegion).decryptionFails = fail;
		},
		expireSessionToken() {
			sessionExpired = true;
		},
		close: () => server.close(),
	};
}
