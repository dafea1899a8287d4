// Every main state of the window, at 800×600 and at 1920×1080: empty, the scan summary, uploading, an outage (one
// window-wide banner, cleared by itself), failed files, a refused account, finished. In each, the page never scrolls,
// axe-core finds no violation, and a screenshot is written. Real renderer, handlers, engine, journal, test server.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'

const MiB = 1024 * 1024
let harness: Harness
test.beforeEach(async () => {
  harness = await startHarness()
})
test.afterEach(async () => harness.close())

async function setUpAccount(page: Page, secret: string): Promise<void> {
  await fillAccountForm(page, harness, secret)
  await page.getByRole('button', { name: 'Save account' }).click()
  // Saving tests the account first: a wrong secret is saved only when the user insists.
  if (secret !== harness.kaltura.adminSecret) await page.getByRole('button', { name: 'Save anyway' }).click()
  await expect(page.getByRole('button', { name: 'Add folder…' })).toBeEnabled()
}

const row = (page: Page, name: string) => page.getByRole('row', { name, exact: true })

test('every state fits 800×600 and 1920×1080 without page scroll and passes axe; an outage is one banner that clears by itself', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 800, height: 600 })
  await page.goto(harness.url)
  await expect(page.getByRole('heading', { name: /Set up your Kaltura account/ })).toBeVisible()
  await checkWindowState(page, 'layout-01-empty')
  await setUpAccount(page, harness.kaltura.adminSecret)

  for (let i = 1; i <= 14; i++) await harness.makeFile(`Lecture series/Lecture 2026-03-${String(i).padStart(2, '0')} Advanced topics in distributed systems-part ${i}.mp4`, (i <= 3 ? 3 : 1) * MiB)
  harness.kaltura.faults.setLinkRate(1 * MiB)
  harness.answerNextPick([join(harness.mediaDir, 'Lecture series')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toContainText('14')
  await checkWindowState(page, 'layout-02-scan-summary')
  await summary.getByRole('button', { name: 'Start upload' }).click()

  const first = 'Lecture 2026-03-01 Advanced topics in distributed systems-part 1.mp4'
  await expect(row(page, first)).toContainText(/Uploading/)
  // The name is cut in the middle: its end (the part number and the extension) stays in view.
  await expect(row(page, first).locator('.middle-cut-tail')).toHaveText('s-part 1.mp4')
  await expect(row(page, first).locator('.middle-cut-tail')).toBeInViewport()
  await checkWindowState(page, 'layout-03-uploading')

  await harness.kaltura.faults.down()
  const banner = page.getByRole('region', { name: 'The Kaltura server cannot be reached.' })
  await expect(banner).toBeVisible({ timeout: 30_000 })
  await expect(banner).toHaveCount(1)
  await expect(banner).toContainText(/Next try in \d+ s|Trying again now/)
  // The rows say only that they wait; the technical reason is behind the banner's Details.
  await expect(row(page, first)).toContainText('Waiting for network')
  await expect(page.getByRole('grid', { name: 'Upload queue' })).not.toContainText('ECONNREFUSED')
  await banner.getByText('Details').click()
  await expect(banner).toContainText(/ECONNREFUSED|network/)
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'cannot be reached' })).toHaveCount(1)
  await checkWindowState(page, 'layout-04-outage')

  // Back up: the banner goes by itself once bytes flow, and no row still says it waits.
  harness.kaltura.faults.setLinkRate(4 * MiB)
  await harness.kaltura.faults.up()
  await banner.getByRole('button', { name: 'Retry now' }).click()
  await expect(banner).toHaveCount(0, { timeout: 30_000 })
  await expect(page.getByRole('grid', { name: 'Upload queue' })).not.toContainText('Waiting for network')

  harness.kaltura.faults.setLinkRate(null)
  await expect(page.getByRole('status').filter({ hasText: /Batch finished: 14 done/ })).toBeVisible({ timeout: 60_000 })
  await checkWindowState(page, 'layout-05-finished')

  // Failures: entries refused from now on.
  harness.kaltura.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'http', status: 500 }, times: -1 })
  for (let i = 1; i <= 3; i++) await harness.makeFile(`day2/b-roll-${i}.mp4`, 100 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'day2')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('button', { name: 'Failed 3' })).toBeVisible({ timeout: 30_000 })
  await checkWindowState(page, 'layout-06-failed')
})

test('an account Kaltura refuses is one banner whose Edit account opens that account; saved right, its files finish', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 })
  await page.goto(harness.url)
  await setUpAccount(page, 'definitely-wrong')
  for (let i = 1; i <= 3; i++) await harness.makeFile(`set/clip-${i}.mp4`, 200 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'set')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  const banner = page.getByRole('region', { name: 'Kaltura refused the account Test server' })
  await expect(banner).toBeVisible({ timeout: 30_000 })
  await expect(banner).toHaveCount(1)
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Kaltura refused the account Test server.' })).toHaveCount(1)
  await checkWindowState(page, 'layout-07-account-refused')

  await banner.getByRole('button', { name: 'Edit account' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Test server' })
  await edit.getByLabel('Admin secret').fill(harness.kaltura.adminSecret)
  await edit.getByRole('button', { name: 'Save account' }).click()
  await expect(banner).toHaveCount(0, { timeout: 30_000 })
  for (let i = 1; i <= 3; i++) await expect(row(page, `clip-${i}.mp4`)).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
})
