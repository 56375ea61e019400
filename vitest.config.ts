import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Live tests share two cores with the services they drive: keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
