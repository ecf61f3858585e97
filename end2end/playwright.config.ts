import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';

// Debian's Chromium: Playwright may not download a browser of its own on these machines.
const chromium = process.env.CHROMIUM_PATH || execSync('command -v chromium').toString().trim();
const port = Number(process.env.E2E_PORT || 3210);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // Under CI a test that fails is run again, up to three times: on a loaded two-core machine a page now
  // and then never hydrates (a form's data-ready never appears; seen in messages, catalogs and
  // routing specs, never twice in a row, cause not found yet). A failure that repeats still fails;
  // the report lists every retried test as flaky. Locally a failure is final.
  retries: process.env.CI ? 3 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'es-CO',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `bash ./serve-for-tests.sh ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
