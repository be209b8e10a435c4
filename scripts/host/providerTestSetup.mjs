// What the in-host provider tests need set up before the workbench opens, because VS Code refuses every
// dialog while extension tests run: the consent a person would have clicked, stored where the workbench
// itself stores it after the click (IndexedDB `vscode-web-state-db-global`, object store `ItemTable`), for
//   - the challenge consumer fixture extension using the test account (`<provider>-<account label>`), and
//   - the fixture MCP servers using it (`mcpserver-<provider>-<account label>`, with their URLs) plus the
//     account preference of each server (`<server id>-<provider>`);
// and the workspace's `.vscode/mcp.json` naming the fixture MCP servers on ports chosen here, passed to the
// extension host as AZID_TEST_MCP_PORTS so the tests start the servers there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './codeServer.mjs';
import { REPO_ROOT } from './paths.mjs';

export const PROVIDER_ID = 'azure-identity';
/** The emulator's default user (test/emulator/defaults.ts), signed in by the tests with a device code. */
export const TEST_ACCOUNT_LABEL = 'alice@contoso.onmicrosoft.com';
export const CHALLENGE_CONSUMER_FOLDER = path.join(REPO_ROOT, 'test', 'fixtures', 'challenge-consumer');
/** The fixture MCP servers by name: the public cloud, US Government and China authorities. */
export const MCP_SERVER_NAMES = ['azure-mcp-fixture', 'azure-mcp-fixture-usgov', 'azure-mcp-fixture-china'];

function extensionIdOf(folder) {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  return { id: `${manifest.publisher}.${manifest.name}`, name: manifest.displayName ?? manifest.name };
}

/**
 * Writes mcp.json into the workspace and returns { env, storage } for the run: env for the extension host,
 * storage entries to seed before the workbench opens.
 */
export async function prepareProviderTests(workspaceDir) {
  const ports = {};
  for (const name of MCP_SERVER_NAMES) ports[name] = await freePort();
  const servers = Object.fromEntries(MCP_SERVER_NAMES.map((name) => [name, { type: 'http', url: `http://127.0.0.1:${ports[name]}/mcp` }]));
  mkdirSync(path.join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspaceDir, '.vscode', 'mcp.json'), JSON.stringify({ servers }, null, 2));

  const consumer = extensionIdOf(CHALLENGE_CONSUMER_FOLDER);
  // Server ids as the workbench makes them for a workspace folder's mcp.json (`mcp.config.ws<index>.<name>`);
  // the user-level form too, so the seed holds whichever the workbench uses.
  const mcpAccess = [];
  const storage = {
    // The consumer fixture, and the in-host tests themselves (they run as the extension under test).
    [`${PROVIDER_ID}-${TEST_ACCOUNT_LABEL}`]: JSON.stringify([{ id: consumer.id, name: consumer.name, allowed: true }, { ...extensionIdOf(REPO_ROOT), allowed: true }]),
  };
  for (const name of MCP_SERVER_NAMES) {
    for (const id of [`mcp.config.ws0.${name}`, `mcp.config.usrlocal.${name}`]) {
      mcpAccess.push({ id, name, allowed: true, url: servers[name].url });
      storage[`${id}-${PROVIDER_ID}`] = TEST_ACCOUNT_LABEL;
    }
  }
  storage[`mcpserver-${PROVIDER_ID}-${TEST_ACCOUNT_LABEL}`] = JSON.stringify(mcpAccess);
  return { env: { AZID_TEST_MCP_PORTS: JSON.stringify(ports) }, storage, extraExtensions: [CHALLENGE_CONSUMER_FOLDER] };
}

/** Stores entries in the workbench's global state from a same-origin page, before the workbench opens. */
export async function seedWorkbenchStorage(page, serverUrl, entries) {
  await page.goto(`${serverUrl}/healthz`, { timeout: 30_000 });
  await page.evaluate(async (items) => {
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('vscode-web-state-db-global');
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains('ItemTable')) open.result.createObjectStore('ItemTable');
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('ItemTable', 'readwrite');
        for (const [key, value] of items) tx.objectStore('ItemTable').put(value, key);
        tx.oncomplete = () => {
          db.close();
          resolve(undefined);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, Object.entries(entries));
}
