// The built renderer loads in Chromium under its Content-Security-Policy; outside Electron (no preload) it says
// plainly that it is not connected.
import { expect, test } from '@playwright/test'
import { startHarness, type Harness } from './harness/harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness({ withoutBridge: true })
})
test.afterAll(async () => harness.close())

test('the window without the engine shows the drop zone and says it is not connected', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(harness.url)
  await expect(page.getByRole('status')).toHaveText('Not connected to the uploader engine.')
  await expect(page.getByLabel('Drop zone')).toBeVisible()
  expect(errors).toEqual([])
})
