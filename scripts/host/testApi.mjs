// What the TypeScript e2e tests (test/e2e) use from the host scripts; typed by testApi.d.mts.
export { startWorkbenchSession } from './workbenchSession.mjs';
export { accountsMenuEntries, activityBarEntry, dismiss, openViewContainer, quickPickEntries, runCommand } from './workbench.mjs';
export { codeServerCli } from './codeServer.mjs';
export { readActivation } from './activation.mjs';
export { packageVsix } from './vsix.mjs';
export { REPO_ROOT, extensionId, makeRunDir, readManifest } from './paths.mjs';
export { parseStartOutput, startNpmStart } from './npmStart.mjs';
export { launchBrowser } from './browser.mjs';
export { openWorkbench } from './workbench.mjs';
