// The operations the stand-in answers, by their X-Amz-Target (`secretsmanager.GetSecretValue`, ...):
// the request members each one reads and the response members it returns, as AWS's Secrets Manager
// API reference and the SDK's model (@aws-sdk/client-secrets-manager's schemas) name them. Only what
// team profiles use: GetSecretValue, DescribeSecret, PutSecretValue, UpdateSecretVersionStage, and
// ListSecrets with a name filter (no paging: every match comes in one page).
import type { SecretStore, SecretVersion, StoredSecret } from './store';
import { epochSeconds, SecretsManagerError } from './replies';

export const TARGET_PREFIX = 'secretsmanager.';

/** The stand-in's state an operation reads and changes, and who is calling from which region. */
export interface OperationContext {
	store: SecretStore;
	region: string;
	/** The caller's IAM ARN, named in AccessDeniedException. */
	callerArn: string;
	/** IAM actions (`secretsmanager:PutSecretValue`) the caller is denied. */
	deniedActions: ReadonlySet<string>;
}

type Input = Record<string, unknown>;
type Operation = (context: OperationContext, input: Input) => unknown;

export const OPERATIONS: Readonly<Record<string, Operation>> = {
	GetSecretValue(context, input) {
		const secretId = requiredText(input, 'SecretId', 1, 2048);
		const versionId = optionalText(input, 'VersionId', 32, 64);
		const versionStage = optionalText(input, 'VersionStage', 1, 256);
		const secret = authorize(context, 'GetSecretValue', secretId);
		const version = context.store.read(secret, versionId, versionStage);
		if (secret.decryptionFails) {
			throw new SecretsManagerError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
		}
		secret.lastAccessedDate = context.store.now();
		return {
			ARN: secret.arn, Name: secret.name, VersionId: version.versionId, SecretString: version.secretString,
			VersionStages: [...version.stages], CreatedDate: epochSeconds(version.createdDate),
		};
	},

	DescribeSecret(context, input) {
		const secret = authorize(context, 'DescribeSecret', requiredText(input, 'SecretId', 1, 2048));
		return {
			ARN: secret.arn, Name: secret.name,
			...rotation(secret),
			LastChangedDate: epochSeconds(secret.lastChangedDate),
			...(secret.lastAccessedDate === undefined ? {} : { LastAccessedDate: epochSeconds(startOfDay(secret.lastAccessedDate)) }),
			VersionIdsToStages: versionIdsToStages(secret.versions),
			CreatedDate: epochSeconds(secret.createdDate),
		};
	},

	PutSecretValue(context, input) {
		const secretId = requiredText(input, 'SecretId', 1, 2048);
		const token = optionalText(input, 'ClientRequestToken', 32, 64);
		const secretString = optionalText(input, 'SecretString', 1, 65536);
		const stages = optionalTextList(input, 'VersionStages', 1, 20);
		const secret = authorize(context, 'PutSecretValue', secretId);
		if (input.SecretBinary !== undefined) {
			throw new SecretsManagerError('InvalidRequestException', 'This stand-in keeps SecretString only.');
		}
		if (secretString === undefined) {
			throw new SecretsManagerError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
		}
		if (token === undefined) {
			// The SDK always fills the token in; AWS requires it of raw HTTP callers.
			throw new SecretsManagerError('InvalidParameterException', 'You must provide a ClientRequestToken.');
		}
		const version = context.store.put(secret, token, secretString, stages);
		return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
	},

	UpdateSecretVersionStage(context, input) {
		const secretId = requiredText(input, 'SecretId', 1, 2048);
		const stage = requiredText(input, 'VersionStage', 1, 256);
		const removeFrom = optionalText(input, 'RemoveFromVersionId', 32, 64);
		const moveTo = optionalText(input, 'MoveToVersionId', 32, 64);
		const secret = authorize(context, 'UpdateSecretVersionStage', secretId);
		context.store.updateStage(secret, stage, moveTo, removeFrom);
		return { ARN: secret.arn, Name: secret.name };
	},

	ListSecrets(context, input) {
		checkAccess(context, 'ListSecrets', undefined);
		const prefixes = nameFilterPrefixes(input.Filters);
		const secrets = context.store.list(context.region)
			.filter((secret) => prefixes === undefined || prefixes.some((prefix) => secret.name.startsWith(prefix)));
		return {
			SecretList: secrets.map((secret) => ({
				ARN: secret.arn, Name: secret.name, ...rotation(secret),
				LastChangedDate: epochSeconds(secret.lastChangedDate),
				SecretVersionsToStages: versionIdsToStages(secret.versions),
				CreatedDate: epochSeconds(secret.createdDate),
			})),
		};
	},
};

/**
 * IAM comes first, as at AWS: a denied caller learns nothing of whether the secret exists. The
 * resource is named as the caller gave it (AWS's messages show a name when a name was asked for).
 */
function authorize(context: OperationContext, operation: string, secretId: string): StoredSecret {
	checkAccess(context, operation, secretId);
	return context.store.resolve(context.region, secretId);
}

function checkAccess(context: OperationContext, operation: string, secretId: string | undefined): void {
	const action = `secretsmanager:${operation}`;
	if (context.deniedActions.has(action)) {
		const onResource = secretId === undefined ? '' : ` on resource: ${secretId}`;
		throw new SecretsManagerError('AccessDeniedException', `User: ${context.callerArn} is not authorized to perform: ${action}${onResource} because no identity-based policy allows the ${action} action`);
	}
}

function rotation(secret: StoredSecret): Record<string, unknown> {
	// Left out for a secret that never had rotation, as AWS's DescribeSecret answers show (unconfirmed
	// for every case; a reader must treat a missing RotationEnabled as false).
	return secret.rotationEnabled ? { RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } } : {};
}

function versionIdsToStages(versions: readonly SecretVersion[]): Record<string, string[]> {
	const map: Record<string, string[]> = {};
	for (const version of versions) {
		if (version.stages.length > 0) {
			map[version.versionId] = [...version.stages];
		}
	}
	return map;
}

/** AWS rounds LastAccessedDate down to the day. */
function startOfDay(milliseconds: number): number {
	return milliseconds - (milliseconds % 86_400_000);
}

function nameFilterPrefixes(filters: unknown): string[] | undefined {
	if (filters === undefined) {
		return undefined;
	}
	if (!Array.isArray(filters)) {
		throw validation('filters', 'Member must be a list');
	}
	const prefixes: string[] = [];
	for (const filter of filters as Input[]) {
		if (filter?.Key !== 'name' || !Array.isArray(filter.Values) || !filter.Values.every((value) => typeof value === 'string')) {
			throw new SecretsManagerError('InvalidParameterException', 'This stand-in filters by name only: Filters=[{Key: "name", Values: [...]}].');
		}
		prefixes.push(...filter.Values as string[]);
	}
	return prefixes;
}

function requiredText(input: Input, member: string, min: number, max: number): string {
	const value = optionalText(input, member, min, max);
	if (value === undefined) {
		throw validation(camel(member), 'Member must not be null', 'null');
	}
	return value;
}

function optionalText(input: Input, member: string, min: number, max: number): string | undefined {
	const value = input[member];
	if (value === undefined || value === null) {
		return undefined;
	}
	if (typeof value !== 'string') {
		throw new SecretsManagerError('SerializationException', undefined);
	}
	if (value.length < min) {
		throw validation(camel(member), `Member must have length greater than or equal to ${min}`);
	}
	if (value.length > max) {
		throw validation(camel(member), `Member must have length less than or equal to ${max}`);
	}
	return value;
}

function optionalTextList(input: Input, member: string, min: number, max: number): string[] | undefined {
	const value = input[member];
	if (value === undefined || value === null) {
		return undefined;
	}
	if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length >= 1 && item.length <= 256)) {
		throw new SecretsManagerError('SerializationException', undefined);
	}
	if (value.length < min || value.length > max) {
		throw validation(camel(member), `Member must have length between ${min} and ${max}`);
	}
	return value as string[];
}

/** AWS's validation wording never quotes the value (a SecretString must not reach an error text). */
function validation(member: string, constraint: string, shown = '(hidden)'): SecretsManagerError {
	return new SecretsManagerError('ValidationException', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

function camel(member: string): string {
	return member.charAt(0).toLowerCase() + member.slice(1);
}
