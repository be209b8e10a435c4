#!/usr/bin/env node
// `npm run screenshot`: starts what `npm start` starts, opens the workbench in chromium, opens the Azure
// Identity view once the extension is active, writes screenshots/workbench.png and stops everything.
//   npm run screenshot [-- --no-emulator] [-- --out <file.png>]
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanupAll } from './host/cleanup.mjs';
import { prepareRepository, startDevStack } from './host/devStack.mjs';
import { REPO_ROOT, extensionId, readManifest } from './host/paths.mjs';
import { startWorkbenchSession } from './host/workbenchSession.mjs';
import { openViewContainer } from './host/workbench.mjs';

const { values } = parseArgs({
  options: {
    emulator: { type: 'boolean', default: true },
    'no-emulator': { type: 'boolean' },
    out: { type: 'string', default: path.join(REPO_ROOT, 'screenshots', 'workbench.png') },
  },
});

let stack;
let session;
try {
  await prepareRepository();
  stack = await startDevStack({ emulator: values.emulator && !values['no-emulator'], fresh: true });
  session = await startWorkbenchSession({ server: stack.server });
  const title = readManifest().contributes.viewsContainers.activitybar[0].title;
  const sidebar = await openViewContainer(session.page, title);
  const activationEvent = await session.waitForActivation(extensionId());
  await sidebar.locator('.welcome-view-content, .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  // Move the pointer off the activity bar (no tooltip), and let the layout settle after the view rendered.
  await session.page.mouse.move(700, 450);
  await session.page.waitForTimeout(1_000);
  mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  await session.page.screenshot({ path: values.out, timeout: 30_000 });
  console.log(`Extension active (${activationEvent}); wrote ${path.relative(process.cwd(), path.resolve(values.out))}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await session?.stop();
  await stack?.stop();
  await cleanupAll();
  // The run's logs are only worth keeping when something went wrong.
  if (stack && !process.exitCode) rmSync(stack.stateDir, { recursive: true, force: true });
}
