// Looks a program up on PATH the way a shell would, without starting anything: "az is not installed" is then
// known in microseconds instead of after a failed spawn through a shell. The checks are synchronous on
// purpose: a dozen stat calls on local directories take tens of microseconds, while the same calls through
// the thread pool cost one round trip each, 5-30 ms in all before az's first token on a busy machine.
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';

/** The full path of `name` on the PATH of `env`, or undefined when no executable file of that name exists. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    return isExecutableFile(name) ? name : undefined;
  }
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = process.platform === 'win32' ? windowsExtensions(name, env) : [''];
  for (const dir of pathValue.split(path.delimiter)) {
    // An empty PATH entry means the current directory to a shell; a credential must never run a program
    // that happens to sit in the working directory, so it is skipped on purpose.
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function windowsExtensions(name: string, env: NodeJS.ProcessEnv): string[] {
  if (path.extname(name)) return [''];
  const pathExt = env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD';
  return pathExt.split(';').filter(Boolean).map((e) => e.toLowerCase());
}

function isExecutableFile(candidate: string): boolean {
  try {
    // Missing is the common case (most PATH entries): answered without building an exception.
    if (!statSync(candidate, { throwIfNoEntry: false })?.isFile()) return false;
    if (process.platform === 'win32') return true;
    accessSync(candidate, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
