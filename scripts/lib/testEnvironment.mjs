// What `npm test` and `npm run bench` run inside: the private namespace (when we may make one), the emulator
// on the real default endpoints, and the environment variables that make every client trust it.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ARC_TOKENS_DIRECTORY, IMDS_ADDRESS, assertOnlyLoopback, configureNamespace, trustCaInsideNamespace } from './isolation.mjs';
import { startEmulatorProcess } from './emulatorProcess.mjs';

/**
 * Runs `body(env, emulator)` with the emulator up. `isolated` means we are inside the namespace made by
 * runInsideNamespace(): the emulator then takes 127.0.0.1:443 and 169.254.169.254:80 themselves.
 */
export async function withEmulatorEnvironment({ root, runDir: parentDir, isolated }, body) {
  // One folder per run, so runs side by side (a developer's and a helper's) never share a ready file; the CA
  // is kept across runs, in the parent folder.
  const caDir = path.join(parentDir, 'ca');
  const runDir = path.join(parentDir, `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  if (isolated) {
    configureNamespace(runDir);
    assertOnlyLoopback();
  }
  const emulator = await startEmulatorProcess(root, isolated
    ? { runDir, caDir, host: '127.0.0.1', port: 443, imdsHost: IMDS_ADDRESS, imdsPort: 80, arcKeyDirectory: ARC_TOKENS_DIRECTORY }
    : { runDir, caDir, host: '127.0.0.1', port: 0, imdsHost: '127.0.0.1', imdsPort: 0 });
  if (isolated) trustCaInsideNamespace(emulator.info.caCertPath, runDir);
  const env = {
    ...process.env,
    AZURE_IDENTITY_TEST_EMULATOR: emulator.readyFile,
    AZURE_IDENTITY_TEST_ISOLATED: isolated ? '1' : '0',
    NODE_EXTRA_CA_CERTS: emulator.info.caCertPath,
    // The Azure CLI is Python (requests): it trusts the emulator through this bundle.
    REQUESTS_CA_BUNDLE: emulator.info.caCertPath,
  };
  if (!isolated) {
    // No namespace: point the product's defaults at the emulator by the libraries' own variables instead.
    env.AZURE_AUTHORITY_HOST = emulator.info.url;
    env.AZURE_POD_IDENTITY_AUTHORITY_HOST = emulator.info.imdsUrl;
  }
  try {
    return await body(env, emulator);
  } finally {
    await emulator.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

export const NO_NAMESPACE_NOTICE = [
  'WITHOUT a private namespace: unshare needs root here. The authority host and IMDS are pointed at the',
  'emulator through AZURE_AUTHORITY_HOST and AZURE_POD_IDENTITY_AUTHORITY_HOST instead.',
].join('\n   ');
