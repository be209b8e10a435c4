// A user signed in to an AccountService the way the sign-in flow does it, in plain Node against the emulator: a
// browser sign-in (a stand-in browser follows the emulator's redirect) whose MSAL cache is the service's, then
// addAccount with that credential; or the service principal of the environment variables (a ClientSecretCredential
// for the emulator's default app). For the tests of the service and of what is built on it.
import { ClientSecretCredential } from '../../../../src/identity/credentials/clientSecretCredential';
import { InteractiveBrowserCredential } from '../../../../src/identity/credentials/interactiveBrowserCredential';
import { commonCredentialOptions, userCacheOptions } from '../../../../src/vscode/accounts/accountCredentials';
import type { AccountService } from '../../../../src/vscode/accounts/accountService';
import type { Account, SignedInAccount } from '../../../../src/vscode/accounts/accountServiceContract';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, DEFAULT_USERNAME, VSCODE_CLIENT_ID } from '../../../emulator/defaults';
import type { TestEmulator } from '../../msalCredentials/support/emulator';
import { fakeBrowser } from '../../msalCredentials/support/fakeBrowser';

/** Resource Manager as the service's accounts reach it: the real name inside the test namespace, else the emulator. */
export function emulatorResourceManager(emulator: TestEmulator): string {
  return emulator.isolated ? 'https://management.azure.com' : emulator.url;
}

export async function signInUser(service: AccountService, emulator: TestEmulator, username = DEFAULT_USERNAME): Promise<Account> {
  const armEndpoint = emulatorResourceManager(emulator);
  const credential = new InteractiveBrowserCredential({
    ...commonCredentialOptions(emulator.authorityHost),
    ...userCacheOptions(service.userTokenCache),
    ...emulator.authorityOptions,
    tenantId: 'organizations',
    clientId: VSCODE_CLIENT_ID,
    loginHint: username,
    disableAutomaticAuthentication: true,
    browserOpener: fakeBrowser().open,
  });
  const record = await credential.authenticate([`${armEndpoint}/.default`]);
  const account: SignedInAccount = {
    id: record.homeAccountId,
    label: record.username,
    kind: 'user',
    method: 'interactiveBrowser',
    cloud: emulator.isolated ? 'AzureCloud' : 'custom',
    authorityHost: emulator.authorityHost,
    resourceManagerEndpoint: armEndpoint,
    homeTenantId: record.tenantId,
    clientId: record.clientId,
    signedInAt: Date.now(),
    record: { authority: record.authority, homeAccountId: record.homeAccountId, clientId: record.clientId, tenantId: record.tenantId, username: record.username },
  };
  return service.addAccount(account, credential);
}

/** The id the environment sign-in gives the emulator's default service principal. */
export const SERVICE_PRINCIPAL_ACCOUNT_ID = `environment:${DEFAULT_CLIENT_ID}.${DEFAULT_TENANT_ID}`;

/**
 * Signs the emulator's default service principal in as the environment sign-in does (a ClientSecretCredential,
 * then addAccount). Returns the account and its credential (a test may compare the tokens it hands out).
 */
export async function signInServicePrincipal(
  service: AccountService,
  emulator: TestEmulator,
  label = 'service principal (environment)',
): Promise<{ account: Account; credential: ClientSecretCredential }> {
  const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, emulator.authorityOptions);
  const account = await service.addAccount(
    {
      id: SERVICE_PRINCIPAL_ACCOUNT_ID,
      label,
      kind: 'servicePrincipal',
      method: 'environment',
      cloud: 'AzureCloud',
      authorityHost: emulator.authorityHost,
      homeTenantId: DEFAULT_TENANT_ID,
      clientId: DEFAULT_CLIENT_ID,
      signedInAt: Date.now(),
      resourceManagerEndpoint: 'https://management.azure.com',
    },
    credential,
  );
  return { account, credential };
}
