#!/usr/bin/env node
// `npm start`: installs what is missing, builds, starts the Entra ID emulator and a real VS Code (code-server)
// with the extension loaded and pointed at the emulator, prints the URL to open, and runs until Ctrl-C.
//   npm start [-- --no-emulator]     (--no-emulator: the extension's own settings, e.g. the real cloud)
import { parseArgs } from 'node:util';
import { cleanupAll, isInterrupted } from './host/cleanup.mjs';
import { workbenchUrl } from './host/codeServer.mjs';
import { prepareRepository, startDevStack } from './host/devStack.mjs';

const { values } = parseArgs({ options: { emulator: { type: 'boolean', default: true }, 'no-emulator': { type: 'boolean' } } });
const withEmulator = values.emulator && !values['no-emulator'];

try {
  await prepareRepository();
  const stack = await startDevStack({ emulator: withEmulator });
  const url = workbenchUrl(stack.server);
  console.log('');
  console.log(`VS Code (code-server ${stack.server.url}) is running with Azure Identity loaded from this folder.`);
  if (stack.emulator) console.log(`It signs in against the local Entra ID emulator at ${stack.emulator.url}.`);
  console.log(`Logs and settings: ${stack.server.runDir}`);
  console.log('');
  console.log(`  Open: ${url}`);
  console.log('');
  console.log('Press Ctrl-C to stop everything.');
  // Runs until interrupted (cleanup.mjs stops everything on SIGINT/SIGTERM) or until code-server dies.
  const code = await stack.server.exited;
  if (!isInterrupted()) {
    console.error(`code-server exited (${code ?? 'signal'}); stopping.`);
    await stack.stop();
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
