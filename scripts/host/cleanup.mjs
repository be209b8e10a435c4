// One place that stops what a script started when it ends early: Ctrl-C, SIGTERM, an uncaught error, or exit.
const cleanups = new Set();
let installed = false;
let interrupted = false;

async function runAsyncCleanups() {
  await Promise.allSettled([...cleanups].map((c) => c.async()));
}

function install() {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (interrupted) return; // A second Ctrl-C while stopping: the exit handler still kills synchronously.
      interrupted = true;
      console.error(`\n${signal}: stopping everything that was started…`);
      const force = setTimeout(() => process.exit(130), 15_000);
      force.unref();
      runAsyncCleanups().finally(() => process.exit(130));
    });
  }
  // Last resort on any exit (including process.exit from elsewhere): synchronous SIGKILL of what is left.
  process.on('exit', () => {
    for (const c of cleanups) c.sync();
  });
}

/**
 * Registers something to stop on the way out. `sync` must be synchronous (used at process exit);
 * `async` is the graceful stop used on signals. Returns a function that unregisters it.
 */
export function onCleanup(cleanup) {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** True once a signal asked this process to stop (so a script can tell "stopped on purpose" from a crash). */
export function isInterrupted() {
  return interrupted;
}

/** Stops everything registered so far (graceful); used by scripts before they exit normally or on error. */
export function cleanupAll() {
  return runAsyncCleanups();
}
