import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one uncoloured closing line, `N passed, N failed` (`, N skipped` when any were), after vitest's own
 * summary. Vitest's summary is coloured under CI=true and its shape is not one that generic CI log
 * readers know; this line is, so a run's outcome is readable from the log alone.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // A module that failed to load has no tests to count but is a failure all the same.
      if (module.state() === 'failed' && module.children.size === 0) failed += 1;
    }
    // The bare `N passed, N failed` form, the closing line that CI log readers accept in any language;
    // `, N skipped` only when something was skipped.
    const skippedPart = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${skippedPart}\n`);
  }
}
