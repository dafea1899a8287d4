// Browser tests: the built renderer in Chromium (Debian's /usr/bin/chromium here; CHROMIUM_PATH elsewhere),
// plus the Electron launch test that runs only where an Electron binary exists.
import { defineConfig } from '@playwright/test'

const chromiumPath = process.env['CHROMIUM_PATH'] || undefined
const port = Number(process.env['E2E_PORT'] ?? 4173)

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-quic', '--no-first-run']
    }
  },
  webServer: {
    command: `npx vite preview --outDir out/renderer --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 60_000
  }
})
