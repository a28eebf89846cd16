/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after jest's
 * own summary, so that CI logs state the count in a form any reader parses.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
