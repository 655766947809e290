import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { isolateRunData } from './test/helpers/run-data-dir.js';

// What the tests start keeps its data in a temp folder of this run, not in the developer's own.
const runData = isolateRunData();

/**
 * Pure unit tests: no child process, server, worker thread, mock or environment change, nothing
 * left behind for the next file. They share a worker process (`isolate: false`), so the modules
 * they import are loaded once per worker instead of once per file: a fresh fork and module graph
 * cost about half a CPU second a file, more than most of these files' tests take.
 * A file that starts anything, mocks anything or touches process.env belongs in `integration`.
 */
const UNIT = [
  'test/bench/**/*.test.ts',
  'test/blobs/file-refs.test.ts',
  'test/cli/units.test.ts',
  'test/common/package-root.test.ts',
  'test/common/websocket.test.ts',
  'test/editor/documents.test.ts',
  'test/editor/editor-files.test.ts',
  'test/editor/event-cost.test.ts',
  'test/home/**/*.test.ts',
  'test/metrics-history/**/*.test.ts',
  'test/models/**/*.test.ts',
  'test/project/**/*.test.ts',
  'test/renderer/**/*.test.ts',
  'test/runtimes/hot-messages.test.ts',
  'test/runtimes/worker-codec.test.ts',
  'test/runtimes/worker-entry.test.ts',
  'test/server/page-csp.test.ts',
  'test/server/plain-json.test.ts',
  'test/server/quick-join-body.test.ts',
  'test/server/stream-limits.test.ts',
  'test/server/upload-ledger.test.ts',
  'test/sharing/share-activity.test.ts',
  'test/tune/capacity-text.test.ts',
  'test/shell-policy/**/*.test.ts',
];

/**
 * `vitest run --mode dist` (npm test, right after its build): the tests start the CLI and the
 * engine's workers from dist/ (DEMO_DESKTOP_FROM_DIST, main/runtimes/worker-process.ts) instead of through
 * tsx, 0.4 s of CPU a process instead of 1.1 s, hundreds of times. Only when asked: `npx vitest run
 * x.test.ts` runs everything from the sources, and dist-fresh.ts refuses a dist/ older than them.
 */
export default defineConfig(({ mode }) => ({
  test: {
    env: { DEMO_DESKTOP_DATA: runData, ...(mode === 'dist' ? { DEMO_DESKTOP_FROM_DIST: '1' } : {}) },
    ...(mode === 'dist' ? { globalSetup: ['test/helpers/dist-fresh.ts'] } : {}),
    pool: 'forks',
    // Most test files spend their time waiting on the child processes they start (servers, workers,
    // Chromium, sshd), not on their own CPU: vitest's default (cores - 1) runs them one by one on a
    // 2-core CI machine. Two at once overlap those waits (docs/architecture.md, "Tests").
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state, not against a clock: vitest's 1 s default failed on a CI
    // machine at load 8. A poll that is about speed says so with its own timeout.
    expect: { poll: { timeout: 20_000 } },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        // Each file in a fresh process: what one file starts or changes cannot reach the next.
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...UNIT, 'test/e2e/**', 'node_modules/**'] },
      },
    ],
  },
}));
