// Playwright runs the real UI in Debian's Chromium against the Node host (test/e2e/fixtures.ts).
// Never `npx playwright install`: the browser comes from the system (apt-get install chromium).
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test/artifacts/playwright',
  timeout: 60_000,
  workers: 1,
  // One retry: a walk that fails once and passes on the retry is reported as flaky by name (scripts/test.mjs),
  // not hidden; a real failure fails twice.
  retries: 1,
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 820 },
    locale: 'zh-CN',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
  },
});
