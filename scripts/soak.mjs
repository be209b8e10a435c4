#!/usr/bin/env node
// `npm run soak`: the long soak, apart from `npm test` (which runs the same test for 3 s): the terminal
// endpoint under 200 keep-alive clients for AZID_SOAK_SECONDS (default 60), inside the test namespace and
// against the emulator, through the unit runner. Prints requests served, heap and RSS growth, descriptors left.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = process.env.AZID_SOAK_SECONDS ?? '60';
const result = spawnSync(
  process.execPath,
  [path.join(root, 'scripts', 'test.mjs'), '--no-install', '--no-lint', '--suite', 'unit', '--grep', 'terminal endpoint soak', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, AZID_SOAK_SECONDS: seconds } },
);
process.exit(result.status ?? 1);
