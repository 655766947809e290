import { defineConfig } from '@playwright/test';
import { isolateRunData } from './test/helpers/run-data-dir.js';

// The servers the specs start keep their data in a temp folder of this run (the workers inherit it).
isolateRunData();

/**
 * Browser tests against the built app: each spec starts `demo-desktop serve` itself (a real child
 * process) and drives the Debian Chromium. Never `npx playwright install`: the browser comes from
 * apt (`apt-get install chromium`), or CHROMIUM_PATH points at another one.
 * Run `npm run build` first; `npm run test:e2e` then runs the specs.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Two spec files at once (each starts its own servers on free ports, with its own data where it
  // reads it back): most of a spec's time is spent waiting on the page and the server, so two
  // overlap on a 2-core machine. 65 specs at load 8: 158 s, against 250 s one at a time.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    // A failed test keeps its trace (every action with the DOM before and after it) and a screenshot
    // of the end. The trace's screencast is left out: its frames cost a tenth of the CPU of a run
    // and a sixth of its time on a 2-core machine, for every test, passing or not.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
