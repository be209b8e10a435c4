// The provider as other extensions and VS Code's MCP client meet it, in the real extension host against the
// emulator: sessions per account, claims challenges answered through vscode.authentication.getSession with a
// WWW-Authenticate value (from another extension, the challenge consumer fixture), CAE readiness and revocation,
// and MCP servers protected by Entra ID in the public and US Government clouds (the MCP fixture server).
// The runner (scripts/host/providerTestSetup.mjs) stored the consent a person would click, and wrote the
// workspace's mcp.json naming the fixture servers on the ports in AZID_TEST_MCP_PORTS.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EmulatorClient, readReadyFile } from '../emulator/client';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, PROTECTED_RESOURCE_PATH } from '../emulator/defaults';
import { startMcpFixtureServer, type McpFixtureServer } from '../fixtures/mcp/mcpFixtureServer';
import { ARM_SCOPE, PROVIDER_ID, activateOurExtension } from './support';
import { signInWithDeviceCode, within } from './providerSupport';

const CONSUMER_COMMAND = 'azureIdentityChallengeConsumer.callResource';
const MCP_AUDIENCE = 'api://azure-identity-mcp-fixture';
const isolated = process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';

interface ConsumerResult {
  outcome: string;
  error?: string;
  firstStatus?: number;
  retryStatus?: number;
  challenge?: string;
  firstClaims?: { aud?: string; acrs?: string[]; xms_cc?: string[]; upn?: string };
  retryClaims?: { aud?: string; acrs?: string[]; xms_cc?: string[]; upn?: string };
  firstSessionId?: string;
  retrySessionId?: string;
}

/**
 * Asks VS Code to start the workspace's MCP servers (mcp.json was written before the workbench opened; the
 * MCP registry reads it once AI features are on) until `server` has listed its tools.
 */
async function startUntilListed(server: McpFixtureServer, what: string): Promise<McpFixtureEventLike> {
  let listed: McpFixtureEventLike | undefined;
  void server.toolsListed.then((event) => (listed = event));
  for (let attempt = 0; attempt < 30 && !listed; attempt++) {
    await within(vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true }), 20_000, `starting ${what}`).catch(() => undefined);
    if (!listed) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!listed) throw new Error(`${what} never listed its tools; it saw ${JSON.stringify(server.events)}`);
  return listed;
}

type McpFixtureEventLike = Awaited<McpFixtureServer['toolsListed']>;

async function tokenRequestsSince(client: EmulatorClient, afterSeq: number): Promise<number> {
  return (await client.requests({ endpoint: 'token', afterSeq })).length;
}

async function lastSeq(client: EmulatorClient): Promise<number> {
  const all = await client.requests({});
  return all.length ? all[all.length - 1].seq : 0;
}

describe('provider contract, challenges and MCP', function () {
  this.timeout(120_000);
  const client = EmulatorClient.fromEnv();

  before(async () => {
    await activateOurExtension();
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    if (!accounts.some((a) => a.label === DEFAULT_USERNAME)) await signInWithDeviceCode(client);
  });

  it('lists the signed-in account, one session per account, and serves a silent session with a CAE-capable token', async () => {
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    assert.ok(accounts.some((a) => a.label === DEFAULT_USERNAME), `accounts: ${accounts.map((a) => a.label).join(', ')}`);
    const session = await vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE], { silent: true });
    assert.ok(session, 'a silent session for the signed-in account');
    assert.equal(session.account.label, DEFAULT_USERNAME);
    assert.deepEqual(session.scopes, [ARM_SCOPE]);
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString('utf8')) as { aud: string; xms_cc?: string[] };
    assert.equal(claims.aud, 'https://management.azure.com');
    assert.deepEqual(claims.xms_cc?.map((c) => c.toLowerCase()), ['cp1'], 'the user sign-in declares CAE readiness');
  });

  it('rejects scopes of two resources with an error naming both', async () => {
    await assert.rejects(
      Promise.resolve(vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE, 'https://vault.azure.net/user_impersonation'], { silent: true })),
      /management\.azure\.com.*vault\.azure\.net|vault\.azure\.net.*management\.azure\.com/,
    );
  });

  it('answers another extension\'s claims challenge from ARM with a token ARM accepts, and the same challenge again from the cache', async () => {
    const url = `https://management.azure.com${PROTECTED_RESOURCE_PATH}?api-version=2022-12-01`;
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER_COMMAND, { url, scopes: [ARM_SCOPE] });
    assert.equal(result.outcome, 'retried', JSON.stringify(result));
    assert.equal(result.firstStatus, 401);
    assert.match(result.challenge ?? '', /insufficient_claims/);
    assert.equal(result.retryStatus, 200, 'ARM accepted the token the challenge got');
    assert.deepEqual(result.retryClaims?.acrs, ['c1']);

    const seq = await lastSeq(client);
    const again = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER_COMMAND, { url, scopes: [ARM_SCOPE] });
    assert.equal(again.retryStatus, 200, JSON.stringify(again));
    assert.equal(await tokenRequestsSince(client, seq), 0, 'the second challenge was served from the cache');
  });

  it('handles CAE\'s revocation challenge: a token issued after the revocation, silently', async () => {
    const url = 'https://management.azure.com/subscriptions?api-version=2022-12-01';
    const before = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER_COMMAND, { url, scopes: [ARM_SCOPE] });
    assert.equal(before.outcome, 'no challenge', JSON.stringify(before));
    await client.revokeSessions(DEFAULT_USERNAME);
    const after = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER_COMMAND, { url, scopes: [ARM_SCOPE] });
    assert.equal(after.firstStatus, 401, JSON.stringify(after));
    assert.equal(after.retryStatus, 200, 'ARM accepted the token issued after the revocation');
  });

  it('routes an authorization server it claims to its accounts, and VS Code refuses one it does not claim', async function () {
    const server = vscode.Uri.parse(`https://login.microsoftonline.com/${DEFAULT_TENANT_ID}/v2.0`);
    const options = { silent: true, authorizationServer: server } as vscode.AuthenticationGetSessionOptions;
    const session = await vscode.authentication.getSession(PROVIDER_ID, [`${MCP_AUDIENCE}/.default`], options);
    assert.ok(session, 'a session through the authorization server');
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString('utf8')) as { aud: string; tid: string };
    assert.equal(claims.aud, MCP_AUDIENCE);
    assert.equal(claims.tid, DEFAULT_TENANT_ID);
    const foreign = { silent: true, authorizationServer: vscode.Uri.parse('https://github.com/login/oauth') } as vscode.AuthenticationGetSessionOptions;
    await assert.rejects(Promise.resolve(vscode.authentication.getSession(PROVIDER_ID, ['x'], foreign)), /authorization server/);
  });

  it('fills a custom cloud from its Resource Manager metadata, and then claims its authority for MCP', async () => {
    // The authority as a cloud's metadata and an MCP server name it: no default port.
    const emulatorUrl = new URL(readReadyFile(String(process.env.AZURE_IDENTITY_TEST_EMULATOR)).url).origin;
    const server = vscode.Uri.parse(`${emulatorUrl}/${DEFAULT_TENANT_ID}/v2.0`);
    const options = { silent: true, authorizationServer: server } as vscode.AuthenticationGetSessionOptions;
    await assert.rejects(Promise.resolve(vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE], options)), /authorization server/, 'not claimed before');
    const configuration = vscode.workspace.getConfiguration('azureIdentity');
    try {
      const authority = await vscode.commands.executeCommand<string | undefined>('azureIdentity.configureCustomCloud', emulatorUrl);
      assert.equal(authority, emulatorUrl);
      assert.equal(vscode.workspace.getConfiguration('azureIdentity').get('cloud'), 'custom');
      assert.equal(vscode.workspace.getConfiguration('azureIdentity').get('customAuthorityHost'), emulatorUrl);
      // Claimed now: VS Code hands the request to the provider, which has no account in that cloud yet.
      let claimed: vscode.AuthenticationSession | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          claimed = await vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE], options);
          break;
        } catch (error) {
          if (!/authorization server/.test(String(error))) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.notEqual(attempt, 49, 'the custom authority was never claimed');
      }
      assert.equal(claimed, undefined);
    } finally {
      for (const key of ['cloud', 'customAuthorityHost', 'customResourceManagerEndpoint']) await configuration.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('MCP servers protected by Entra ID', () => {
    const ports = JSON.parse(process.env.AZID_TEST_MCP_PORTS ?? '{}') as Record<string, number>;
    const servers: McpFixtureServer[] = [];

    before(async function () {
      if (!isolated || !ports['azure-mcp-fixture']) this.skip();
      await vscode.workspace.getConfiguration('chat').update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    it('VS Code starts the workspace\'s MCP server and our provider supplies its token (public cloud)', async () => {
      const server = await startMcpFixtureServer({
        authorizationServer: `https://login.microsoftonline.com/${DEFAULT_TENANT_ID}/v2.0`, audience: MCP_AUDIENCE, port: ports['azure-mcp-fixture'],
        scopesSupported: [`${MCP_AUDIENCE}/.default`],
      });
      servers.push(server);
      const listed = await startUntilListed(server, 'the MCP server');
      assert.equal(listed.claims?.aud, MCP_AUDIENCE);
      assert.equal(listed.claims?.upn, DEFAULT_USERNAME);
      assert.equal(new URL(String(listed.claims?.iss)).host, 'login.microsoftonline.com');
    });

    it('the same for a server whose authority is login.chinacloudapi.cn, with an account of that cloud', async () => {
      await signInWithDeviceCode(client, 'AzureChinaCloud');
      const server = await startMcpFixtureServer({
        authorizationServer: `https://login.chinacloudapi.cn/${DEFAULT_TENANT_ID}/v2.0`, audience: MCP_AUDIENCE, port: ports['azure-mcp-fixture-china'],
        scopesSupported: [`${MCP_AUDIENCE}/.default`],
        // The China cloud's tokens are issued by its preferred network host, an alias of login.chinacloudapi.cn.
        issuerHosts: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
      });
      servers.push(server);
      const listed = await startUntilListed(server, 'the China MCP server');
      assert.equal(listed.claims?.aud, MCP_AUDIENCE);
      assert.ok(['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'].includes(new URL(String(listed.claims?.iss)).host));
    });

    it('the same for a server whose authority is login.microsoftonline.us, with a US Government account', async () => {
      await signInWithDeviceCode(client, 'AzureUSGovernment');
      const server = await startMcpFixtureServer({
        // No scopes_supported: the MCP client passes the authority's OIDC scopes and the resource, and the
        // provider asks for <resource>/.default (never sending the resource indicator itself).
        authorizationServer: `https://login.microsoftonline.us/${DEFAULT_TENANT_ID}/v2.0`, port: ports['azure-mcp-fixture-usgov'],
      });
      servers.push(server);
      const listed = await startUntilListed(server, 'the US Government MCP server');
      assert.equal(listed.claims?.aud, server.url);
      assert.equal(new URL(String(listed.claims?.iss)).host, 'login.microsoftonline.us');
    });
  });
});
