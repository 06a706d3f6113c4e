// The words for Amazon Data Portability's failures and its file downloads, beside errorTexts.ts
// (which calls these from its switches over every code, as it does problemTexts.ts). Facts are the
// extension's own data (a scope id, a query id, byte counts, a Node error code), never a presigned
// URL, a token or server text.
import vscode = require('vscode');
import type { LwaError } from '../../core/lwa/errors';

/** Bytes as the user reads them (KB, MB, GB; 1,000-based as file managers show them). */
export function bytesText(bytes: number): string {
	if (bytes < 1000) {
		return vscode.l10n.t('{0} bytes', bytes);
	}
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1000;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** What happened, for the codes data_portability and download_failed. */
export function dataPortabilityHappened(error: LwaError): string {
	const { facts } = error;
	const scope = facts.scopeId ?? '';
	if (error.code === 'download_failed') {
		return downloadHappened(error);
	}
	switch (error.reason) {
		case 'token_refused':
			return vscode.l10n.t('Amazon Data Portability refused the access token for {0} (HTTP 401).', scope);
		case 'forbidden':
			return vscode.l10n.t('Amazon Data Portability denied access to {0} (HTTP 403): the customer did not grant this scope, or the authorization has ended.', scope);
		case 'not_found':
			return vscode.l10n.t('Amazon Data Portability does not know the scope id or query of {0} (HTTP 404).', scope);
		case 'query_conflict':
			return facts.queryId !== undefined
				? vscode.l10n.t('A query for {0} is already running (query {1}), and it was not continued.', scope, facts.queryId)
				: vscode.l10n.t('A query for {0} is already running, and Amazon\'s answer does not say which: this editor did not start it, so it does not know its id.', scope);
		case 'throttled':
			return vscode.l10n.t('Amazon Data Portability kept limiting requests for {0} (HTTP 429), also after waiting as it asked.', scope);
		case 'service_error':
			return vscode.l10n.t('Amazon Data Portability had a server error for {0} (HTTP {1}), also after retrying.', scope, error.status ?? 500);
		case 'records_not_ready':
			return vscode.l10n.t('The query {0} for {1} had no records after {2} seconds.', facts.queryId ?? '', scope, facts.seconds ?? 0);
		case 'unsafe_id':
			return vscode.l10n.t('Amazon Data Portability answered for {0} with an id ("{1}" field) that cannot safely name a folder, so nothing was written for it.', scope, facts.field ?? 'id');
		case 'bad_field':
			return vscode.l10n.t('The answer from Amazon Data Portability for {0} could not be used: the field "{1}" is missing or has the wrong form.', scope, facts.field ?? '');
		default:
			return vscode.l10n.t('The answer from Amazon Data Portability for {0} could not be used: unexpected HTTP status {1}.', scope, error.status ?? 0);
	}
}

function downloadHappened(error: LwaError): string {
	const { facts } = error;
	switch (error.reason) {
		case 'not_https':
			return vscode.l10n.t('A record\'s file link is not an https address, so it was not downloaded.');
		case 'redirected_elsewhere':
			return vscode.l10n.t('A record\'s file link redirected to another host, so the file was not downloaded.');
		case 'authorization_header':
			return vscode.l10n.t('A file download was refused because it would have sent the Login with Amazon token to the file\'s host.');
		case 'too_large':
			return vscode.l10n.t('A record\'s file is larger than the limit of {0} per file.', bytesText(facts.limitBytes ?? 0));
		case 'run_limit':
			return vscode.l10n.t('The download reached the limit of {0} per run.', bytesText(facts.limitBytes ?? 0));
		case 'truncated':
			return vscode.l10n.t('A record\'s file arrived incomplete (the connection ended early).');
		case 'write_failed':
			return vscode.l10n.t('A record\'s file could not be written ({0}).', facts.systemCode ?? 'error');
		case 'no_space':
			return vscode.l10n.t('Not enough free space: {0} free, at least {1} needed.', bytesText(facts.availableBytes ?? 0), bytesText(facts.neededBytes ?? 0));
		case 'link_expired':
			return vscode.l10n.t('A record\'s file link kept expiring, also after listing the records of {0} again.', facts.scopeId ?? '');
		default:
			return vscode.l10n.t('The file host answered a download with HTTP {0}.', error.status ?? 0);
	}
}

/** What to do, for the codes data_portability and download_failed. */
export function dataPortabilityToDo(error: LwaError): string {
	if (error.code === 'download_failed') {
		switch (error.reason) {
			case 'too_large':
				return vscode.l10n.t('Raise lwa.dataPortability.maxFileMegabytes if the file is expected to be this large, then fetch again.');
			case 'run_limit':
				return vscode.l10n.t('Raise lwa.dataPortability.maxRunMegabytes, then fetch again.');
			case 'no_space':
				return vscode.l10n.t('Free some space or choose another folder, then fetch again.');
			case 'write_failed':
				return vscode.l10n.t('Check that the folder is writable, then fetch again.');
			case 'truncated':
			case 'link_expired':
			case 'unexpected_status':
				return vscode.l10n.t('Fetch again; the query\'s records can be listed again for a while.');
			default:
				return vscode.l10n.t('Do not open that link yourself; check the profile\'s Data Portability endpoint and any proxy.');
		}
	}
	switch (error.reason) {
		case 'token_refused':
			return vscode.l10n.t('Sign in again. After a one-time transfer, the customer has to authorize again.');
		case 'forbidden':
			return vscode.l10n.t('Check the profile\'s portability:: scopes and that the customer granted them, then sign in again.');
		case 'not_found':
			return vscode.l10n.t('Check the scope id (portability::customer_profile is portability-customer-profile).');
		case 'query_conflict':
			return error.facts.queryId !== undefined
				? vscode.l10n.t('Fetch again and choose to continue the running query, or wait until it has finished.')
				: vscode.l10n.t('Wait until the running query has finished (Amazon notifies the app\'s endpoint), then fetch again.');
		case 'throttled':
		case 'service_error':
			return vscode.l10n.t('Try again later.');
		case 'records_not_ready':
			return vscode.l10n.t('Fetch again later and choose to continue the running query; lwa.dataPortability.waitForRecordsMinutes sets how long to wait.');
		default:
			return vscode.l10n.t('Check the profile\'s Data Portability endpoint and any proxy or captive portal, then try again.');
	}
}

/**
 * A network or timeout failure on the way to Data Portability or a file host, worded with that
 * server; undefined for reasons whose own text (a proxy, a certificate) says more.
 */
export function dataPortabilityTransportText(error: LwaError): string | undefined {
	const download = error.facts.service === 'file_download';
	if (error.code === 'timeout') {
		return download ? vscode.l10n.t('The file host did not send a record\'s file in time.') : vscode.l10n.t('Amazon Data Portability did not answer in time.');
	}
	if (error.code === 'network' && (error.reason === undefined || ['connect_timeout', 'tls', 'broke_off', 'unexpected'].includes(error.reason))) {
		return download
			? vscode.l10n.t('Could not reach the host of a record\'s file (name lookup, connection or TLS failed).')
			: vscode.l10n.t('Could not reach Amazon Data Portability (name lookup, connection or TLS failed).');
	}
	return undefined;
}

/** What happened when a refresh of a possibly one-time grant was refused and the access token was kept. */
export function accessTokenKeptText(error: LwaError): string {
	const expiresAt = error.facts.expiresAt;
	return expiresAt !== undefined
		? vscode.l10n.t('Login with Amazon refused to renew the token (with a one-time Data Portability transfer it can be generated only once); the current access token was kept and stays usable until it expires at {0}.', new Date(expiresAt).toLocaleTimeString())
		: vscode.l10n.t('Login with Amazon refused to renew the token (with a one-time Data Portability transfer it can be generated only once); the current access token was kept and stays usable until it expires.');
}

/** What to do once the access token of a possibly one-time grant was kept. */
export function accessTokenKeptToDo(): string {
	return vscode.l10n.t('Fetch the data now, before it expires; after that, sign in again (the customer has to authorize another transfer).');
}

/**
 * The sign-in notice of a profile with portability:: scopes while lwa.dataPortability.assumeOneTimeTransfer
 * is on: the customer may have chosen a one-time transfer, whose token can be generated only once.
 */
export function oneTimeTransferSignInText(profile: string, remaining: string): string {
	return vscode.l10n.t('Signed in to "{0}". If the customer chose a one-time Data Portability transfer, this access token can be generated only once: fetch the data within its hour (it is valid for {1}). It is not renewed ahead of time or in the background.', profile, remaining);
}
