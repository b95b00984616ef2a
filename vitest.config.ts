import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';

/** Tests that talk to the real engines (integration, e2e); the rest need none. */
const ENGINE_TIERS = ['test/integration/**/*.test.{ts,tsx}', 'test/e2e/**/*.test.{ts,tsx}'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Pure and in-memory: their files run side by side, all before the first engine test, so
        // no engine test shares the machine with them. Vitest's default leaves one core free,
        // which on two cores is no parallelism at all (two workers: 100 -> 67 s).
        extends: true,
        test: {
          name: 'unit',
          maxWorkers: Math.max(2, availableParallelism()),
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ENGINE_TIERS,
          sequence: {groupOrder: 0},
        },
      },
      {
        // Integration and e2e tests share the real engines; running their files in parallel would
        // make event and size assertions race each other, so these files run one at a time.
        extends: true,
        test: {
          name: 'engines',
          include: ENGINE_TIERS,
          fileParallelism: false,
          // Within a file, cases marked concurrent (the crash harness's kill points) run this many
          // at a time. Their work is mostly CPU (the engine, runc, volscope): on two cores three at
          // a time took four crash files from 431 to 327 s, and each case two to three times longer.
          maxConcurrency: 3,
          sequence: {groupOrder: 1},
        },
      },
    ],
  },
});
