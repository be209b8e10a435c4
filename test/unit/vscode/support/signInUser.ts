// A user signed in to an AccountService the way the sign-in flow does it, in plain Node against the emulator: a
// browser sign-in (a stand-in browser follows the emulator's redirect) whose MSAL cache is the service's, then
// addAccount with that credential. For the tests of the service and of what is built on it.
import { InteractiveBrowserCredential } from '../../../../src/identity/credentials/interactiveBrowserCredential';
import { commonCredentialOptions, userCacheOptions } from '../../../../src/vscode/accounts/accountCredentials';
import type { AccountService } from '../../../../src/vscode/accounts/accountService';
import type { Account, SignedInAccount } from '../../../../src/vscode/accounts/accountServiceContract';
import { DEFAULT_USERNAME, VSCODE_CLIENT_ID } from '../../../emulator/defaults';
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
