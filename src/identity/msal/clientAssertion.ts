// A client assertion read from a federated token file (Kubernetes workload identity rotates it, so it is read
// for every request), handed to MSAL as the confidential client's `clientAssertion` through
// `ClientCredentialConfig { kind: 'assertion' }`. Never logged.
import { promises as fs } from 'node:fs';
import { CredentialUnavailableError, errorMessage } from '../errors';
import type { ClientAssertionSource } from './msalClient';

const MAX_ASSERTION_BYTES = 64 * 1024;

/**
 * Reads the assertion from `tokenFilePath` on every call. A missing, oversized or empty file makes the
 * credential unavailable, naming the file and what to check (`setting` names where the path came from).
 */
export function federatedTokenFileAssertion(tokenFilePath: string, credentialName: string, setting = 'AZURE_FEDERATED_TOKEN_FILE'): ClientAssertionSource {
  return async () => {
    let text: string;
    try {
      const stat = await fs.stat(tokenFilePath);
      if (stat.size > MAX_ASSERTION_BYTES) throw new Error(`larger than ${MAX_ASSERTION_BYTES} bytes`);
      text = (await fs.readFile(tokenFilePath, 'utf8')).trim();
    } catch (error) {
      throw new CredentialUnavailableError(
        `${credentialName}: the federated token file ${setting} (${tokenFilePath}) could not be read: ${errorMessage(error)}. Check the workload identity setup of the pod.`,
        { cause: error },
      );
    }
    if (!text) throw new CredentialUnavailableError(`${credentialName}: the federated token file ${tokenFilePath} is empty.`);
    return text;
  };
}
