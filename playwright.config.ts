// Browser tests: the built renderer in Chromium (Debian's /usr/bin/chromium here; CHROMIUM_PATH elsewhere), served
// by a harness that runs the real main-process handlers and engine; plus the Electron launch test, which runs only
// where an Electron binary exists.
import { defineConfig } from '@playwright/test'

const chromiumPath = process.env['CHROMIUM_PATH'] || undefined

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    // Progress bars animate; screenshots should show the value, not a frame of the animation.
    reducedMotion: 'reduce',
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-quic', '--no-first-run']
    }
  }
})
