// Mocha reporter: mocha's usual "spec" output, plus the counts written to $AZID_SUITE_RESULT as JSON so the
// test runner can add every suite up into one closing line.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test) => failures.push(test.fullTitle()));
    runner.once('end', () => {
      const file = process.env.AZID_SUITE_RESULT;
      if (!file) return;
      const { passes, failures: failed, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, skipped: pending, failures }));
    });
  }
}
module.exports = CountingReporter;
