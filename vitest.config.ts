import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: one fork per core keeps CPU-bound statistical tests from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    // The default reporter for people; a plain closing line for CI log readers.
    reporters: ['default', './test/reporters/plain-summary.ts'],
  },
});
