/**
 * Prints one plain closing line, "N passed, N failed", as the very last output (on exit, after
 * jest's own summary), so any CI that reads closing lines — not only jest-aware ones — sees
 * how many tests ran.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
