#!/usr/bin/env node
// `npm run bench`: builds, then runs bench/ inside the same private network namespace as the tests, against
// the same emulator, for ours and for @azure/identity side by side. `npm run bench -- --quick` is the smoke
// run `npm test` does; `--only=cachedToken,refresh` picks benchmarks.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canIsolate, runInsideNamespace } from './lib/isolation.mjs';
import { withEmulatorEnvironment } from './lib/testEnvironment.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (args[0] === '--inside-namespace') {
  const code = await withEmulatorEnvironment({ root, runDir: path.join(root, '.run', 'bench'), isolated: true }, (env) =>
    spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'run.js'), ...args.slice(1)], { cwd: root, env, stdio: 'inherit' }).status ?? 1,
  );
  process.exit(code);
}
if (!canIsolate()) {
  console.error('npm run bench needs root: it measures inside a private network namespace (unshare --net --mount),');
  console.error('where IMDS and the authority are at their real addresses. Run it as root.');
  process.exit(1);
}
for (const [cmd, cmdArgs] of [['node_modules/typescript/bin/tsc', ['-p', '.']], ['node_modules/webpack-cli/bin/cli.js', ['--mode', 'production']]]) {
  const r = spawnSync(process.execPath, [cmd, ...cmdArgs], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const code = runInsideNamespace(fileURLToPath(import.meta.url), ['--inside-namespace', ...args], process.env);
if (!args.includes('--quick') && !args.some((a) => a.startsWith('--only'))) {
  spawnSync(process.execPath, [path.join(root, 'scripts', 'host', 'renderChart.mjs')], { cwd: root, stdio: 'inherit' });
}
process.exit(code);
