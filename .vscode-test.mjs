// @vscode/test-cli configuration, for people who run the in-host suite in desktop VS Code:
//   npm install --no-save @vscode/test-electron && npx tsc -p . && npx webpack --mode production && npx vscode-test
// (test-cli downloads VS Code). On machines without that download, the same suite runs in code-server:
//   node scripts/host/runSuite.mjs --suite extension
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';

const root = path.dirname(fileURLToPath(import.meta.url));
const userDataDir = path.join(root, '.vscode-test', 'user-data');

export default defineConfig({
  label: 'extension',
  files: 'out/test/extension/**/*.test.js',
  version: 'stable',
  extensionDevelopmentPath: root,
  // The in-host tests read the extension's output channel from the host's log folder.
  launchArgs: [`--user-data-dir=${userDataDir}`, '--disable-extensions'],
  env: { AZID_TEST_LOGS_ROOT: path.join(userDataDir, 'logs') },
  mocha: { ui: 'bdd', timeout: 30_000, color: true },
});
