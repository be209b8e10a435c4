// Can the Azure CLI in a terminal use the endpoint? The real `az` (Debian's azure-cli 2.45) against the real
// endpoint, whose tokens come from the emulator. Only inside the test namespace, where Resource Manager and the
// authority are the emulator. Findings (README "Terminal"): this az's `az login --identity` uses App Service's
// 2017-09-01 protocol with MSI_SECRET only when APPSETTING_WEBSITE_SITE_NAME says it runs in App Service;
// otherwise it POSTs to MSI_ENDPOINT without any secret (the Cloud Shell protocol), which the endpoint refuses.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { ClientSecretCredential } from '../../../src/identity/index';
import { endpointVariables } from '../../../src/vscode/terminal/terminalVariables';
import { startTokenEndpoint, type EndpointTokenRequest, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { newAzureConfigDir, realAzureCliInstalled, REAL_AZ } from '../chainCredentials/support/azureCli';
import { tokenClaims } from '../chainCredentials/support/assertions';
import { testEmulator } from '../msalCredentials/support/emulator';

const run = promisify(execFile);

describe('terminal token endpoint: the real Azure CLI (az login --identity)', function () {
  this.timeout(180_000);
  let endpoint: RunningTokenEndpoint;
  let variables: Record<string, string>;
  let configDir: string;
  const requests: EndpointTokenRequest[] = [];

  before(async function () {
    if (process.env.AZURE_IDENTITY_TEST_ISOLATED !== '1' || !realAzureCliInstalled()) this.skip();
    const emulator = testEmulator();
    await emulator.client.reset();
    const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, emulator.authorityOptions);
    endpoint = await startTokenEndpoint({
      getToken: async (request) => {
        requests.push(request);
        return credential.getToken([...request.scopes]);
      },
    });
    variables = endpointVariables(endpoint.urls, endpoint.addSecret({}));
    configDir = newAzureConfigDir();
  });
  after(async () => {
    await endpoint?.close();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  const az = (args: string[], extra: Record<string, string> = {}) =>
    run(REAL_AZ, [...args, '--output', 'json'], { env: { ...process.env, ...variables, ...extra, AZURE_CONFIG_DIR: configDir }, encoding: 'utf8', timeout: 90_000 });

  it('plain `az login --identity` gets nothing: this az sends no secret to MSI_ENDPOINT, and the endpoint refuses it', async () => {
    await assert.rejects(az(['login', '--identity', '--allow-no-subscriptions']), (error: { stderr?: string }) => {
      assert.match(String(error.stderr), /401|Unauthorized|MSI/i);
      return true;
    });
    assert.equal(requests.length, 0);
  });

  it('with APPSETTING_WEBSITE_SITE_NAME exported, az signs in through the endpoint and its later commands get tokens from it', async () => {
    const appService = { APPSETTING_WEBSITE_SITE_NAME: 'vscode' };
    const { stdout } = await az(['login', '--identity'], appService);
    const subscriptions = JSON.parse(stdout) as Array<{ id: string; tenantId: string; user: { type: string } }>;
    assert.deepEqual(subscriptions.map((s) => [s.id, s.tenantId, s.user.type]), [[DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, 'servicePrincipal']]);
    const { stdout: tokenOut } = await az(['account', 'get-access-token'], appService);
    const token = JSON.parse(tokenOut) as { accessToken: string };
    assert.equal(tokenClaims(token.accessToken).tid, DEFAULT_TENANT_ID);
    assert.equal(tokenClaims(token.accessToken).appid ?? tokenClaims(token.accessToken).azp, DEFAULT_CLIENT_ID);
    assert.ok(requests.length >= 2);
    assert.ok(requests.every((r) => r.protocol === 'appService2017'));
  });
});
