#!/usr/bin/env node
// `node scripts/measureManagedIdentity.mjs` (after `npx tsc -p .`): runs bench/managedIdentityMsal.ts inside the
// test namespace against the emulator, comparing msal-node's ManagedIdentityApplication with ours. The figures
// are in docs/ARCHITECTURE.md ("Managed identity").
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canIsolate, runInsideNamespace } from './lib/isolation.mjs';
import { withEmulatorEnvironment } from './lib/testEnvironment.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[2] === '--inside-namespace') {
  const code = await withEmulatorEnvironment({ root, runDir: path.join(root, '.run', 'measure-mi'), isolated: true }, (env) =>
    spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'managedIdentityMsal.js')], { cwd: root, env, stdio: 'inherit', timeout: 5 * 60_000 }).status ?? 1,
  );
  process.exit(code);
}
if (!canIsolate()) {
  console.error('The measurement needs root: IMDS must be at 169.254.169.254 inside a private network namespace.');
  process.exit(1);
}
process.exit(runInsideNamespace(fileURLToPath(import.meta.url), ['--inside-namespace'], process.env));
