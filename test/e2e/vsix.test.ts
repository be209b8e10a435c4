// The release artifact: `npm run package` gives a VSIX that code-server installs, that carries only what the
// extension needs, and whose bundle activates without node_modules next to it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_ID, REPO_ROOT, VIEW_CONTAINER_TITLE, host, welcomeFirstLine, type Host } from './support/host';

describe('the packaged extension (VSIX)', function () {
  this.timeout(300_000);
  let h: Host;
  let runDir: string;
  let vsixPath: string;
  let cli: { extensionsDir: string; userDataDir: string; runDir: string };
  let version: string;
  let packaged = false;
  let installed = false;

  before(async () => {
    h = await host();
    runDir = h.makeRunDir('e2e-vsix');
    vsixPath = path.join(runDir, 'azure-identity.vsix');
    cli = { extensionsDir: path.join(runDir, 'extensions'), userDataDir: path.join(runDir, 'user-data'), runDir };
    version = h.readManifest().version;
  });

  it('is produced by npm run package', async () => {
    await h.packageVsix(vsixPath);
    assert.ok(fs.statSync(vsixPath).size > 0, 'the VSIX is empty');
    packaged = true;
  });

  it('installs with code-server --install-extension and is listed with its version', async function () {
    if (!packaged) this.skip(); // The packaging test above has already failed and said why.
    const installResult = await h.codeServerCli(['--install-extension', vsixPath], cli);
    assert.match(installResult.stdout, /was successfully installed/);
    const listed = await h.codeServerCli(['--list-extensions', '--show-versions'], cli);
    assert.ok(listed.stdout.split('\n').includes(`${EXTENSION_ID}@${version}`), `listed: ${listed.stdout.trim()}`);
    installed = true;
  });

  it('carries the bundle, manifest, icons and license, and no sources, tests or node_modules', function () {
    if (!installed) this.skip();
    const folder = path.join(cli.extensionsDir, `${EXTENSION_ID}-${version}`);
    assert.ok(fs.existsSync(folder), `not installed at ${folder}`);
    for (const wanted of ['package.json', 'package.nls.json', 'dist/extension.js', 'media/icon.png', 'media/view-container.svg', 'LICENSE.txt']) {
      assert.ok(fs.existsSync(path.join(folder, wanted)), `${wanted} is missing from the VSIX`);
    }
    // The bundle loads most of its code from chunks next to it (each credential's, MSAL's, ...): every one
    // `npm run package` built must be in the VSIX, or the extension fails when it first needs that code.
    const chunks = fs.readdirSync(path.join(REPO_ROOT, 'dist')).filter((file) => file.endsWith('.js') && file !== 'extension.js');
    assert.ok(chunks.some((file) => file.startsWith('identity-')), `the build made no credential chunks: ${chunks.join(', ')}`);
    const missing = chunks.filter((file) => !fs.existsSync(path.join(folder, 'dist', file)));
    assert.deepEqual(missing, [], 'chunks missing from the VSIX');
    for (const unwanted of ['src', 'test', 'out', 'node_modules', 'scripts', 'bench', '.tools', '.run']) {
      assert.ok(!fs.existsSync(path.join(folder, unwanted)), `${unwanted}/ should not be in the VSIX`);
    }
  });

  it('activates from the installed VSIX, without node_modules (at start-up, or when its view is opened)', async function () {
    if (!installed) this.skip();
    const session = await h.startWorkbenchSession({ label: 'e2e-vsix-workbench', extensionsDir: cli.extensionsDir });
    try {
      const sidebar = await h.openViewContainer(session.page, VIEW_CONTAINER_TITLE);
      const welcome = sidebar.locator('.welcome-view-content');
      await welcome.waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok((await welcome.innerText()).includes(welcomeFirstLine(h)));
      assert.match(await session.waitForActivation(EXTENSION_ID), /^(onStartupFinished|onAuthenticationRequest:azure-identity|onView:azureIdentity\.accounts)$/);
    } finally {
      await session.stop();
    }
  });
});
