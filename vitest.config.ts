import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    // Most test files spend their time waiting on the child processes they start (servers, workers,
    // Chromium, sshd), not on their own CPU: vitest's default (cores - 1) runs them one by one on a
    // 2-core CI machine. Two at once overlap those waits (docs/architecture.md, "Tests").
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
