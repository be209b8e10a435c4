// Mocha reporter for the in-host suite: mocha's usual "spec" output, then one marked JSON line with the counts.
// The extension host's console reaches the runner only through the workbench log (codeAutomationLog), mixed
// with the workbench's own messages, so every line this reporter prints carries a marker the runner
// (scripts/host/extensionSuite.mjs) looks for, and the counts come as JSON rather than parsed spec text.
import { format } from 'node:util';
import Mocha from 'mocha';

/** Prefix of every line of the spec output. */
export const SUITE_OUTPUT_MARKER = 'AZID_SUITE_OUTPUT ';
/** Prefix of the one line with the counts. */
export const SUITE_RESULT_MARKER = 'AZID_SUITE_RESULT ';

export interface SuiteResult {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

// The spec reporter prints through Base.consoleLog with printf-style arguments; the workbench log does not
// format them, so format here and mark the result as ours.
Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(SUITE_OUTPUT_MARKER + format(...args));

export class SuiteResultReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const failures: string[] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test) => failures.push(test.fullTitle()));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = this.stats;
      const result: SuiteResult = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures };
      console.log(`${SUITE_RESULT_MARKER}${JSON.stringify(result)}`);
    });
  }
}
