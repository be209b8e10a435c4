import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startMcpFixtureServer } from '../fixtures/mcp/mcpFixtureServer';
import { activateOurExtension } from './support';

describe('mcp probe', () => {
  it('starts the workspace MCP server', async function () {
    this.timeout(90_000);
    await activateOurExtension();
    const server = await startMcpFixtureServer({ authorizationServer: 'https://login.microsoftonline.com/e1a70000-0000-4000-8000-000000000001/v2.0', audience: 'api://azure-identity-mcp-fixture', scopesSupported: ['api://azure-identity-mcp-fixture/.default'] });
    const folder = vscode.workspace.workspaceFolders?.[0];
    console.log('folder', folder?.uri.toString());
    if (!folder) return;
    fs.mkdirSync(path.join(folder.uri.fsPath, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(folder.uri.fsPath, '.vscode', 'mcp.json'), JSON.stringify({ servers: { 'azure-mcp-fixture': { type: 'http', url: server.url } } }));
    await vscode.workspace.getConfiguration('chat').update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 3000));
    const all = await vscode.commands.getCommands(true);
    console.log('mcp commands', all.filter((c) => c.includes('mcp')).join(','));
    const started = vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true }).then(() => 'done', (e: unknown) => `error ${String(e)}`);
    const result = await Promise.race([started, new Promise((r) => setTimeout(() => r('timeout'), 40_000))]);
    console.log('start result', result);
    console.log('events', JSON.stringify(server.events));
    await server.close();
  });
});
