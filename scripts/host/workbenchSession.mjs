// code-server plus chromium showing its workbench: what the e2e tests, `npm run screenshot` and the VSIX test
// look at. One session at a time on these machines (code-server ~850 MiB, chromium ~1.2 GiB).
import { launchBrowser } from './browser.mjs';
import { waitForActivation } from './activation.mjs';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { makeRunDir } from './paths.mjs';
import { openWorkbench, recordRequestsLeavingLoopback } from './workbench.mjs';

/**
 * Starts a server (options as startCodeServer's; the smoke-test driver is off so notifications show, and the
 * extension comes from `linkExtension`/`extraExtensions`/`extensionsDir`) and opens its workbench. With
 * `server`, opens that running server's workbench instead; stop() then stops it too. `ignoreHttpsErrors`: the
 * browser accepts the Entra ID emulator's test-time certificate (for the browser sign-in).
 */
export async function startWorkbenchSession(options = {}) {
  const server = options.server ?? (await startCodeServer({ smokeTestDriver: false, ...options, runDir: options.runDir ?? makeRunDir(options.label ?? 'workbench') }));
  const runDir = server.runDir;
  let browser;
  try {
    browser = await launchBrowser(runDir, {
      ...(options.viewport ? { viewport: options.viewport } : {}),
      ignoreHttpsErrors: options.ignoreHttpsErrors === true,
    });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const requestsLeavingLoopback = recordRequestsLeavingLoopback(browser.context);
    await openWorkbench(page, workbenchUrl(server));
    return {
      server,
      context: browser.context,
      page,
      requestsLeavingLoopback,
      waitForActivation: (extensionId, waitOptions) => waitForActivation(server.userDataDir, extensionId, waitOptions),
      stop: async () => {
        await browser.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
