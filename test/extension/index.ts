// Entry point the extension host loads in test mode (`extensionTestsPath`, the @vscode/test-electron contract):
// runs mocha over every compiled in-host test next to this file and rejects when any of them failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { SuiteResultReporter } from './suiteResultReporter';

/** Compiled test files under `dir`, in a stable order. */
function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const grep = process.env.AZID_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: SuiteResultReporter,
    ...(grep ? { grep: new RegExp(grep) } : {}),
  });
  const files = findTestFiles(__dirname);
  if (files.length === 0) throw new Error(`No in-host tests (*.test.js) found under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host test(s) failed.`)) : resolve()));
  });
}
