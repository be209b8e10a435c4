// The one reader of the federated token file (src/identity/msal/clientAssertion.ts): each way the file can be
// wrong has its own message naming the credential, the file and where its path came from, never the file's
// content; and the two credentials that read it (WorkloadIdentityCredential, and ManagedIdentityCredential's
// workload identity source) fail alike, before any request to the authority.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ManagedIdentityCredential } from '../../../src/identity/credentials/managedIdentityCredential';
import { WorkloadIdentityCredential } from '../../../src/identity/credentials/workloadIdentityCredential';
import { CredentialUnavailableError } from '../../../src/identity/errors';
import { MAX_FEDERATED_TOKEN_BYTES, readFederatedTokenFile } from '../../../src/identity/msal/clientAssertion';
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { expectError } from './support/assertions';
import { useSharedEmulator } from './support/emulator';
import { setEnv, useCleanEnvironment } from './support/environment';
import { makeTempDir, removeDir } from './support/tempDir';

const ARM = 'https://management.azure.com/.default';

describe('federated token file: one reader, one set of errors', function () {
  this.timeout(30_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  let dir: string;
  before(() => {
    dir = makeTempDir('federated-token-file');
  });
  after(() => removeDir(dir));

  async function unavailable(file: string, setting?: 'tokenFilePath'): Promise<string> {
    return (await expectError(readFederatedTokenFile(file, 'SomeCredential', setting), CredentialUnavailableError)).message;
  }

  it('returns the token without the surrounding white space', async () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, '\n  header.payload.signature \n');
    assert.equal(await readFederatedTokenFile(file, 'SomeCredential'), 'header.payload.signature');
  });

  it('names a missing file as missing, with the credential, the path and the variable it came from', async () => {
    const file = path.join(dir, 'absent');
    const message = await unavailable(file);
    assert.ok(message.startsWith(`SomeCredential: the federated token file ${file} (AZURE_FEDERATED_TOKEN_FILE) does not exist.`), message);
    assert.match(message, /Check the workload identity setup of the pod/);
    assert.match(await unavailable(file, 'tokenFilePath'), /\(tokenFilePath\) does not exist/);
  });

  it('names an empty (or blank) file as empty', async () => {
    const file = path.join(dir, 'blank');
    writeFileSync(file, ' \n\t\n');
    assert.match(await unavailable(file), /\(AZURE_FEDERATED_TOKEN_FILE\) is empty\./);
  });

  it('names a path it cannot read as unreadable, with the system’s reason', async () => {
    const underAFile = path.join(dir, 'token-as-parent');
    writeFileSync(underAFile, 'x');
    assert.match(await unavailable(path.join(underAFile, 'token')), /could not be read: ENOTDIR/);
    const directory = path.join(dir, 'a-directory');
    mkdirSync(directory);
    assert.match(await unavailable(directory), /\(AZURE_FEDERATED_TOKEN_FILE\) is not a file\./);
  });

  it('refuses a file too large to be a token without putting its content in the message', async () => {
    const file = path.join(dir, 'large');
    writeFileSync(file, 'secret-looking-content '.repeat(Math.ceil((MAX_FEDERATED_TOKEN_BYTES + 1) / 23)));
    const message = await unavailable(file);
    assert.match(message, new RegExp(`is larger than ${MAX_FEDERATED_TOKEN_BYTES} bytes`));
    assert.doesNotMatch(message, /secret-looking-content/);
  });

  // (useCleanEnvironment restores the variables this test sets.)
  it('gives WorkloadIdentityCredential and ManagedIdentityCredential the same message, asking the authority nothing', async () => {
    const file = path.join(dir, 'absent-for-both');
    // Both configured by the same environment, as in a pod.
    setEnv({ AZURE_FEDERATED_TOKEN_FILE: file, AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID });
    const workloadMessage = (await expectError(new WorkloadIdentityCredential().getToken(ARM), CredentialUnavailableError)).message;
    const managedMessage = (await expectError(new ManagedIdentityCredential().getToken(ARM), CredentialUnavailableError)).message;
    const detail = `the federated token file ${file} (AZURE_FEDERATED_TOKEN_FILE) does not exist.`;
    assert.ok(workloadMessage.startsWith(`WorkloadIdentityCredential: ${detail}`), workloadMessage);
    assert.ok(managedMessage.includes(`ManagedIdentityCredential: ${detail}`), managedMessage);
    assert.equal((await emulator().client.requests({ endpoint: 'token' })).length, 0);
  });
});
