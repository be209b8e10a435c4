// A client assertion read from a federated token file (Kubernetes workload identity rotates it, so it is read
// for every request), handed to MSAL as the confidential client's `clientAssertion` through
// `ClientCredentialConfig { kind: 'assertion' }`. Never logged. The one reader of that file: the standalone
// WorkloadIdentityCredential and ManagedIdentityCredential's workload identity source both use it, so both
// fail alike, before any request to the authority.
import { promises as fs } from 'node:fs';
import { CredentialUnavailableError, errorMessage } from '../errors';
import type { ClientAssertionSource } from './msalClient';

/** A service-account token is a few KB; anything past this is not one (and is not read into memory). */
export const MAX_FEDERATED_TOKEN_BYTES = 64 * 1024;

const SETUP_HINT = 'Check the workload identity setup of the pod: the projected service account token volume and AZURE_FEDERATED_TOKEN_FILE.';

/** Where the path came from, as the error names it: the option or the environment variable. */
export type FederatedTokenFileSetting = 'AZURE_FEDERATED_TOKEN_FILE' | 'tokenFilePath';

/**
 * The token in `tokenFilePath`, trimmed. A missing file, one that cannot be read (a directory, no permission),
 * one too large to be a token, or an empty one each makes the credential unavailable with its own message,
 * naming the credential, the file and where its path came from. Never includes the file's content.
 */
export async function readFederatedTokenFile(tokenFilePath: string, credentialName: string, setting: FederatedTokenFileSetting = 'AZURE_FEDERATED_TOKEN_FILE'): Promise<string> {
  const file = `the federated token file ${tokenFilePath} (${setting})`;
  const unavailable = (what: string, cause?: unknown) => new CredentialUnavailableError(`${credentialName}: ${file} ${what}. ${SETUP_HINT}`, cause === undefined ? undefined : { cause });
  let text: string;
  try {
    const stat = await fs.stat(tokenFilePath);
    if (!stat.isFile()) throw unavailable('is not a file');
    if (stat.size > MAX_FEDERATED_TOKEN_BYTES) throw unavailable(`is larger than ${MAX_FEDERATED_TOKEN_BYTES} bytes: it is not a service account token`);
    text = (await fs.readFile(tokenFilePath, 'utf8')).trim();
  } catch (error) {
    if (error instanceof CredentialUnavailableError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw unavailable('does not exist', error);
    throw unavailable(`could not be read: ${errorMessage(error)}`, error);
  }
  if (!text) throw unavailable('is empty');
  return text;
}

/** An assertion source that reads `tokenFilePath` on every call (see readFederatedTokenFile for its errors). */
export function federatedTokenFileAssertion(tokenFilePath: string, credentialName: string, setting: FederatedTokenFileSetting = 'AZURE_FEDERATED_TOKEN_FILE'): ClientAssertionSource {
  return () => readFederatedTokenFile(tokenFilePath, credentialName, setting);
}
