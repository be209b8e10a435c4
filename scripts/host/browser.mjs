// Debian's chromium driven by playwright-core, with a throwaway profile and no background traffic: inside the
// test namespace only loopback exists, and outside it nothing but the workbench should be talked to.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.mjs';
import { onCleanup } from './cleanup.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=MediaRouter,OptimizationHints,Translate',
];

/**
 * Launches chromium with a persistent profile inside `runDir`. Returns the context and a `close()` that is
 * also run if this process is interrupted. `ignoreHttpsErrors` lets pages load from the Entra ID emulator,
 * whose certificate comes from a CA made at test time that chromium does not know (only tests opt in).
 */
export async function launchBrowser(runDir, { viewport = { width: 1400, height: 900 }, ignoreHttpsErrors = false } = {}) {
  const profileDir = path.join(runDir, 'chromium');
  const xdg = path.join(profileDir, 'xdg');
  mkdirSync(xdg, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    ignoreHTTPSErrors: ignoreHttpsErrors,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: path.join(xdg, 'cache') },
    timeout: 60_000,
  });
  let closing;
  const close = () => {
    closing ??= context.close().catch(() => undefined).finally(() => unregister());
    return closing;
  };
  const unregister = onCleanup({ sync: () => undefined, async: close });
  return { context, close };
}
