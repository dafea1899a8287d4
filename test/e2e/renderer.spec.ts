// The built renderer loads in Chromium under its Content-Security-Policy and shows the empty window.
import { expect, test } from '@playwright/test'

test('the empty window shows the drop zone and says it is not connected outside Electron', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  await page.goto('/index.html')
  await expect(page.getByRole('heading', { name: 'Kaltura Batch Uploader' })).toBeVisible()
  await expect(page.getByLabel('Drop zone')).toContainText('Drop folders of videos here')
  await expect(page.getByRole('status')).toHaveText('Not connected to the uploader engine.')
  await page.screenshot({ path: test.info().outputPath('empty-window.png') })
  expect(errors).toEqual([])
})
