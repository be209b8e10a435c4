// Mocha reporter for the e2e suite (mocha in plain Node): mocha's usual "spec" output, and the counts written
// as JSON to $AZID_SUITE_RESULT_FILE for runSuite.mjs.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class MochaResultReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test) => failures.push(test.fullTitle()));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.AZID_SUITE_RESULT_FILE;
      if (!file) return;
      const { passes, failures: failed, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, skipped: pending, failures }));
    });
  }
}
module.exports = MochaResultReporter;
