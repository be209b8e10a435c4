#!/usr/bin/env node
// `npm start`: installs what is missing, builds what changed, starts the Entra ID emulator and a real VS Code
// (code-server) with the extension loaded and every credential pointed at the emulator, prints the URL to open
// with the demo user's name and password, and runs until Ctrl-C. Accounts signed in survive the next start.
//   npm start [-- --no-emulator] [-- --state-dir <dir>]
//     --no-emulator   the extension's own settings (e.g. the real cloud)
//     --state-dir     keep code-server's user data, the emulator's keys and the ports there (default .run/dev)
import { parseArgs } from 'node:util';
import { cleanupAll, isInterrupted } from './host/cleanup.mjs';
import { workbenchUrl } from './host/codeServer.mjs';
import { prepareRepository, startDevStack } from './host/devStack.mjs';

const started = Date.now();
const { values } = parseArgs({
  options: {
    emulator: { type: 'boolean', default: true },
    'no-emulator': { type: 'boolean' },
    'state-dir': { type: 'string' },
  },
});
const withEmulator = values.emulator && !values['no-emulator'];

try {
  await prepareRepository();
  const stack = await startDevStack({ emulator: withEmulator, stateDir: values['state-dir'] });
  const url = workbenchUrl(stack.server);
  stack.announce(url);
  const lines = ['', `VS Code (code-server ${stack.server.url}) is running with Azure Identity loaded from this folder.`];
  if (stack.emulator && stack.defaults) {
    const [first, second] = stack.defaults.users;
    lines.push(
      `Every way of signing in talks to the local Entra ID emulator at ${stack.emulator.url} (managed identity: ${stack.emulator.imdsUrl}).`,
      '',
      '  Sign in as:',
      `    user name  ${first.username}`,
      `    password   ${first.password}`,
      `  (a second user: ${second.username} / ${second.password})`,
      '',
      `  Your browser will warn that the sign-in page's certificate is not trusted: it comes from the emulator's own`,
      `  test CA (${stack.emulator.caCertPath}). Continue to the page, or import that CA into the browser.`,
    );
  }
  lines.push(
    '',
    `  Open: ${url}`,
    '',
    `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. State kept for the next start: ${stack.stateDir}`,
    'Press Ctrl-C to stop everything.',
  );
  console.log(lines.join('\n'));
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
