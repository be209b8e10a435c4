// Mocha hooks for the tests of a credential that runs a developer tool, against its stand-in under
// test/fixtures/<tool>/ (a script that keeps the real tool's command line and output, and logs each run as a
// JSON line). Before each test: remembered unavailability forgotten, a fresh folder, the stand-in first on
// PATH, its run log in that folder, plus the test's own variables; after it, all restored and removed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { forgetRememberedUnavailability } from '../../../../src/identity/unavailabilityMemory';
import { setEnv } from './environment';
import { makeTempDir, removeDir } from './tempDir';

export interface StandInTool<Run> {
  /** test/fixtures/<tool>, where the stand-in is. */
  readonly fixtureDir: string;
  /** This test's folder. */
  dir(): string;
  /** The stand-in's runs in this test so far, oldest first. */
  runs(): Run[];
}

/**
 * `logVariable` is the variable the stand-in appends its runs to; `variables(dir)` the test's others
 * (undefined deletes one, so a variable a test set earlier cannot leak into the next).
 */
export function useStandInTool<Run>(tool: string, logVariable: string, variables: (dir: string) => Record<string, string | undefined>): StandInTool<Run> {
  const fixtureDir = path.resolve(__dirname, '../../../../../test/fixtures', tool);
  let dir: string | undefined;
  let log: string | undefined;
  let restore: (() => void) | undefined;
  beforeEach(() => {
    forgetRememberedUnavailability();
    dir = makeTempDir(tool);
    log = path.join(dir, 'runs.jsonl');
    restore = setEnv({ PATH: `${fixtureDir}:/usr/bin:/bin`, [logVariable]: log, ...variables(dir) });
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
    removeDir(dir);
    dir = undefined;
  });
  return {
    fixtureDir,
    dir: () => {
      if (!dir) throw new Error('the stand-in folder exists only inside a test');
      return dir;
    },
    runs: () => {
      try {
        return readFileSync(log as string, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Run);
      } catch {
        return [];
      }
    },
  };
}
