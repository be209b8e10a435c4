// Looks a program up on PATH the way a shell would, without starting anything: "az is not installed" is then
// known in microseconds instead of after a failed spawn through a shell.
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';

/** The full path of `name` on the PATH of `env`, or undefined when no executable file of that name exists. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    return (await isExecutableFile(name)) ? name : undefined;
  }
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = process.platform === 'win32' ? windowsExtensions(name, env) : [''];
  for (const dir of pathValue.split(path.delimiter)) {
    // An empty PATH entry means the current directory to a shell; a credential must never run a program
    // that happens to sit in the working directory, so it is skipped on purpose.
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function windowsExtensions(name: string, env: NodeJS.ProcessEnv): string[] {
  if (path.extname(name)) return [''];
  const pathExt = env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD';
  return pathExt.split(';').filter(Boolean).map((e) => e.toLowerCase());
}

async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    const stat = await fs.stat(candidate);
    if (!stat.isFile()) return false;
    if (process.platform === 'win32') return true;
    await fs.access(candidate, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
