// Benchmark probe (see ../activationBench.mjs). It runs in the same extension host as the extension under
// measurement, asks that extension's authentication provider for a session silently, as a consumer extension
// would, and reports the activation times the host itself recorded: the performance marks the extension host
// sets around loading an extension's code and around its activate() call (the same clock, Date.now(), that
// feeds "Developer: Show Running Extensions"). Nothing here times anything by itself.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

/** Where the benchmark put this run's request: { extensionId, providerId, scopes, resultFile, settleMs, timeoutMs }. */
const REQUEST_ENV = 'AZID_ACTIVATION_PROBE_REQUEST';
const POLL_MS = 5;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The extension host's performance marks (vs/base/common/performance keeps them on globalThis). */
function hostMarks() {
  const marks = globalThis.MonacoPerformanceMarks;
  if (!marks || typeof marks.getMarks !== 'function') {
    throw new Error('this VS Code does not keep its performance marks on globalThis.MonacoPerformanceMarks');
  }
  return marks.getMarks();
}

/** The host's mark `code/extHost/<kind>/<extensionId>`, in ms since the epoch, or undefined. */
function markTime(marks, kind, extensionId) {
  const name = `code/extHost/${kind}/${extensionId}`;
  return marks.find((m) => m.name === name)?.startTime;
}

/** Size of the module the host evaluated for the extension: its `main` (lazily loaded chunks are not in it). */
function mainModuleBytes(extension) {
  const main = path.resolve(extension.extensionPath, extension.packageJSON.main);
  return fs.statSync(fs.existsSync(main) ? main : `${main}.js`).size;
}

/**
 * The extension's own files this host has evaluated so far (its main module and the chunks it loaded), with
 * their sizes: the code activation actually cost, which `mainModuleBytes` alone undercounts once a bundle
 * loads chunks. Read from Node's module cache, where the host's loader puts every module it evaluates; a
 * host whose cache does not hold the extension's main module is not measured rather than measured wrong.
 */
function loadedModules(extension) {
  // Node keys its cache by real path: an extension installed as a link (ours, in the benchmark) is cached
  // under the link's target.
  const realRoot = fs.realpathSync(extension.extensionPath);
  const mainPath = path.resolve(extension.extensionPath, extension.packageJSON.main);
  const main = fs.realpathSync(fs.existsSync(mainPath) ? mainPath : `${mainPath}.js`);
  // What counts is the main bundle and the chunks beside it. Not the rest of the extension's folder: in a clone
  // that folder also holds the host's own install (.tools/code-server), node_modules the host itself loads, and
  // this probe.
  const root = `${path.dirname(main)}${path.sep}`;
  const files = Object.keys(require.cache).filter((file) => file.startsWith(root));
  if (!files.includes(main)) {
    throw new Error(`the module cache of this host does not hold ${main}: cannot tell which of its files were loaded`);
  }
  return files.map((file) => ({ file: path.relative(realRoot, file), bytes: fs.statSync(file).size }));
}

/** What the silent request returned, without anything from the session itself (it may hold a token). */
async function requestSession(providerId, scopes) {
  try {
    const session = await vscode.authentication.getSession(providerId, scopes, { silent: true });
    return session ? 'a session' : 'no session';
  } catch (error) {
    return `failed: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}`;
  }
}

async function measure(request) {
  // Let the host finish its own start-up activations first, so they do not share the CPU with the measurement.
  await sleep(request.settleMs);
  const extension = vscode.extensions.getExtension(request.extensionId);
  if (!extension) throw new Error(`${request.extensionId} is not installed in this extension host`);
  // An extension that activates at start-up (onStartupFinished) is already active here: the host's marks of
  // that activation are the same measurement (load its code, run activate()), so they are read as they are.

  const sessionOutcome = requestSession(request.providerId, request.scopes);
  const deadline = Date.now() + request.timeoutMs;
  let activated;
  for (;;) {
    const marks = hostMarks();
    activated = markTime(marks, 'didActivateExtension', request.extensionId);
    if (activated !== undefined) {
      // Read at once: what the activation loaded, before the session request's own work loads more.
      const loaded = loadedModules(extension);
      const willLoad = markTime(marks, 'willLoadExtensionCode', request.extensionId);
      const didLoad = markTime(marks, 'didLoadExtensionCode', request.extensionId);
      const willActivate = markTime(marks, 'willActivateExtension', request.extensionId);
      if ([willLoad, didLoad, willActivate].some((t) => t === undefined)) throw new Error(`the host recorded no code-loading marks for ${request.extensionId}`);
      return {
        extensionId: request.extensionId,
        extensionPath: extension.extensionPath,
        main: extension.packageJSON.main,
        mainBytes: mainModuleBytes(extension),
        loadedBytes: loaded.reduce((sum, m) => sum + m.bytes, 0),
        loadedFiles: loaded.map((m) => `${m.file} (${m.bytes} B)`),
        vscodeVersion: vscode.version,
        loadCodeMs: didLoad - willLoad,
        activateMs: activated - willActivate,
        // From the start of loading to activate() settling, including the host's own work in between.
        spanMs: activated - willLoad,
        sessionOutcome: await Promise.race([sessionOutcome, sleep(5_000).then(() => 'still pending after 5 s')]),
      };
    }
    if (Date.now() > deadline) throw new Error(`${request.extensionId} did not finish activating within ${request.timeoutMs} ms of the session request (see the extension host log)`);
    await sleep(POLL_MS);
  }
}

/** Writes the result (or the error) where the benchmark waits for it, all at once. */
function report(resultFile, result) {
  fs.writeFileSync(`${resultFile}.partial`, JSON.stringify(result));
  fs.renameSync(`${resultFile}.partial`, resultFile);
}

exports.activate = () => {
  const requestFile = process.env[REQUEST_ENV];
  if (!requestFile) return;
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
  measure(request).then(
    (result) => report(request.resultFile, { ok: true, result }),
    (error) => report(request.resultFile, { ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
};
