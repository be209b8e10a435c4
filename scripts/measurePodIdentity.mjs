#!/usr/bin/env node
// `node scripts/measurePodIdentity.mjs` (after `npx tsc -p .`): runs bench/podIdentity.ts inside the test
// namespace (only loopback exists there), timing ours and @azure/identity 4.13.1 with
// AZURE_POD_IDENTITY_AUTHORITY_HOST at a refused and at a silent loopback port. The figures are in
// docs/RELIABILITY.md ("Faults").
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canIsolate, runInsideNamespace } from './lib/isolation.mjs';
import { withEmulatorEnvironment } from './lib/testEnvironment.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[2] === '--inside-namespace') {
  const code = await withEmulatorEnvironment({ root, runDir: path.join(root, '.run', 'measure-pod-identity'), isolated: true }, (env) =>
    spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'podIdentity.js')], { cwd: root, env, stdio: 'inherit', timeout: 5 * 60_000 }).status ?? 1,
  );
  process.exit(code);
}
if (!canIsolate()) {
  console.error('The measurement needs root: it runs inside a private network namespace, where nothing can leave loopback.');
  process.exit(1);
}
process.exit(runInsideNamespace(fileURLToPath(import.meta.url), ['--inside-namespace'], process.env));
