import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", for logs that read closing
 * lines. A file that failed outside its tests (a hook that threw, an import that broke) skips its
 * tests but fails the run: it is counted too, so the line never reads "0 failed" on a failed run.
 */
export default class SummaryReporter implements Reporter {
  private line = '';

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].every((t) => t.result().state !== 'failed')) brokenFiles++;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const broken = brokenFiles ? `, ${brokenFiles} file${brokenFiles === 1 ? '' : 's'} failed outside its tests` : '';
    this.line = `${passed} passed, ${failed} failed, ${skipped} skipped${broken}`;
  }

  // Printed last, after the default reporter's summary, so it is the run's closing line.
  onFinished(): void {
    if (this.line) process.stdout.write(`\n${this.line}\n`);
  }
}
