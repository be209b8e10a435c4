// The MCP fixture server against the emulator: what VS Code's MCP client meets (401 + resource_metadata, the
// protected resource metadata) and that it admits only emulator tokens for its audience.
import assert from 'node:assert/strict';
import type * as crypto from 'node:crypto';
import { DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME, VSCODE_CLIENT_ID } from '../../emulator/defaults';
import { startMcpFixtureServer, type McpFixtureServer } from '../../fixtures/mcp/mcpFixtureServer';
import { parseWwwAuthenticate, readBearerChallenge } from '../../../src/vscode/provider/challenges';
import { call, postForm, tokenUrl, useEmulator } from './helpers';

const AUDIENCE = 'api://azure-identity-mcp-fixture';

describe('MCP fixture server (Entra-protected, streamable HTTP)', function () {
  this.timeout(20_000);
  const emulator = useEmulator();
  let server: McpFixtureServer;

  beforeEach(async () => {
    const e = emulator();
    server = await startMcpFixtureServer({
      authorizationServer: `${e.url}/${DEFAULT_TENANT_ID}/v2.0`,
      audience: AUDIENCE,
      fetchJwks: async (url) => (await call(e, 'GET', url)).json.keys as (crypto.JsonWebKey & { kid?: string })[],
    });
  });
  afterEach(() => server.close());

  async function token(scope: string): Promise<string> {
    const response = await postForm(emulator(), tokenUrl(emulator(), DEFAULT_TENANT_ID), {
      grant_type: 'password', client_id: VSCODE_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope,
    });
    assert.equal(response.status, 200, response.text);
    return String(response.json.access_token);
  }

  const rpc = (method: string, authorization?: string) => fetch(server.url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: {} }), signal: AbortSignal.timeout(10_000),
  });

  it('answers 401 with resource_metadata, and metadata naming the authorization server', async () => {
    const refused = await rpc('initialize');
    assert.equal(refused.status, 401);
    const challenge = readBearerChallenge(parseWwwAuthenticate(refused.headers.get('www-authenticate') ?? ''));
    assert.equal(challenge?.resourceMetadata, server.metadataUrl);
    const metadata = (await (await fetch(server.metadataUrl)).json()) as { resource: string; authorization_servers: string[] };
    assert.equal(metadata.resource, server.url);
    assert.deepEqual(metadata.authorization_servers, [`${emulator().url}/${DEFAULT_TENANT_ID}/v2.0`]);
  });

  it('lists its tools to an emulator token for its audience, and refuses one for another audience', async () => {
    const wrong = await rpc('tools/list', `Bearer ${await token('https://management.azure.com/.default')}`);
    assert.equal(wrong.status, 401);
    assert.match(server.events.at(-1)?.rejection ?? '', /audience/);
    const listed = await rpc('tools/list', `Bearer ${await token(`${AUDIENCE}/.default`)}`);
    assert.equal(listed.status, 200);
    const body = (await listed.json()) as { result: { tools: { name: string }[] } };
    assert.deepEqual(body.result.tools.map((t) => t.name), ['whoami']);
    assert.equal((await server.toolsListed).claims?.upn, DEFAULT_USERNAME);
  });
});
