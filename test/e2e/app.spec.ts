// The desktop app's story in a real browser, with the real preload API, main-process handlers and engine behind
// it and the Kaltura test server at the far end: set up an account, pick a folder, read the summary, upload,
// pause and resume, survive a server outage, recover from a wrong secret, quit and come back.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'

const shots = resolve(__dirname, '../../reports/screenshots')
mkdirSync(shots, { recursive: true })
const MiB = 1024 * 1024

let harness: Harness
test.beforeEach(async () => {
  harness = await startHarness()
})
test.afterEach(async () => harness.close())

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
}

async function setUpAccount(page: Page, secret: string): Promise<void> {
  await fillAccountForm(page, harness, secret)
  await page.getByRole('button', { name: 'Save account' }).click()
}

function row(page: Page, name: string) {
  return page.getByRole('row', { name, exact: true })
}

test('a folder goes from the drop to ready entries, with pause and resume along the way', async ({ page }) => {
  await page.goto(harness.url)
  await expect(page.getByRole('heading', { name: /Set up your Kaltura account/ })).toBeVisible()
  await shot(page, '01-empty-window')

  await page.getByLabel('Account name').fill('Test server')
  await page.getByLabel('Service URL').fill(harness.kaltura.url)
  await page.getByLabel('Partner ID').fill(String(harness.kaltura.partnerId))
  await page.getByLabel('Sign in with').selectOption('admin-secret')
  await page.getByLabel('Admin secret').fill('not-the-secret')
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Kaltura refused these details.' })).toBeVisible()
  await page.getByLabel('Admin secret').fill(harness.kaltura.adminSecret)
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByRole('status').filter({ hasText: /connect/i }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Save account' }).click()

  const folder = join(harness.mediaDir, 'Holiday')
  for (const [name, size] of [['beach.mp4', 3 * MiB], ['dinner.mov', 2 * MiB], ['sunset.mkv', 2 * MiB], ['notes.txt', 100]] as const) {
    await harness.makeFile(`Holiday/${name}`, size)
  }
  harness.kaltura.faults.setLinkRate(3 * MiB)
  harness.answerNextPick([folder])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toContainText('3')
  await expect(summary).toContainText(/Skipped 1 item/)
  await summary.getByLabel('Tags').fill('holiday')
  await shot(page, '02-scan-summary')
  await summary.getByRole('button', { name: 'Start upload' }).click()

  await expect(row(page, 'beach.mp4')).toBeVisible()
  await page.getByRole('button', { name: 'Pause beach.mp4' }).click()
  await expect(row(page, 'beach.mp4')).toContainText(/Paused/)
  // The bar's number waits for the server's first acknowledgement; the row says at once that bytes are on their way.
  await expect(row(page, 'dinner.mov')).toContainText(/Uploading/)
  await shot(page, '03-in-progress-one-paused')

  await page.getByRole('button', { name: 'Pause all' }).click()
  for (const name of ['dinner.mov', 'sunset.mkv']) await expect(row(page, name)).toContainText(/Paused|Ready|Processing/)
  harness.kaltura.faults.setLinkRate(null)
  await page.getByRole('button', { name: 'Resume all' }).click()
  for (const name of ['beach.mp4', 'dinner.mov', 'sunset.mkv']) await expect(row(page, name)).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
  await expect(page.getByRole('status').filter({ hasText: /Batch finished: 3 done/ })).toBeVisible()
  await shot(page, '04-finished')

  const entries = harness.kaltura.inspect.entries()
  expect(entries.map((e) => e.name).sort()).toEqual(['beach', 'dinner', 'sunset'])
  expect(entries.every((e) => e.status === 2 && e.tags === 'holiday')).toBe(true)
  await page.getByRole('link', { name: 'Open beach.mp4 in Kaltura' }).click()
  await expect.poll(() => harness.opened.length).toBe(1)
  expect(harness.opened[0]).toMatch(/\/index\.php\/kmcng\/content\/entries\/entry\/0_[0-9a-z]{8}\/metadata$/)
})

test('a server outage shows as waiting for the network, and the upload finishes when it is back', async ({ page }) => {
  await page.goto(harness.url)
  await setUpAccount(page, harness.kaltura.adminSecret)
  await harness.makeFile('trip/long.mp4', 4 * MiB)
  harness.kaltura.faults.setLinkRate(2 * MiB)
  harness.answerNextPick([join(harness.mediaDir, 'trip')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  // The bar's number waits for the server's first acknowledgement; the row says at once that bytes are on their way.
  await expect(row(page, 'long.mp4')).toContainText(/Uploading/)
  await harness.kaltura.faults.down()
  await expect(row(page, 'long.mp4')).toContainText(/Waiting for network/, { timeout: 30_000 })
  await shot(page, '05-waiting-for-network')
  harness.kaltura.faults.setLinkRate(null)
  await harness.kaltura.faults.up()
  await expect(row(page, 'long.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
})

test('a wrong secret is shown plainly, holds the account\'s files, and once the account is fixed they finish by themselves', async ({ page }) => {
  await page.goto(harness.url)
  await setUpAccount(page, 'definitely-wrong')
  // Save tests the account first; saving it as typed is the user's explicit choice.
  await page.getByRole('button', { name: 'Save anyway' }).click()
  await harness.makeFile('set/a.mp4', 500 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'set')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  // Kaltura's refusal is said once, in the account's banner; the row says what it waits for.
  await expect(page.getByRole('region', { name: 'Kaltura refused the account Test server' })).toContainText(/refused the session/, { timeout: 30_000 })
  await expect(row(page, 'a.mp4')).toContainText('Waiting for its account')
  await expect(row(page, 'a.mp4')).toContainText('Paused')
  await expect(page.locator('body')).not.toContainText('definitely-wrong')
  await shot(page, '06-wrong-secret')

  await page.getByRole('button', { name: 'Accounts…' }).click()
  // Escape leaves the edit form for the list, and a second Escape closes the list.
  await page.getByRole('dialog', { name: 'Accounts' }).getByRole('button', { name: 'Edit Test server' }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Accounts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.getByRole('button', { name: 'Accounts…' }).click()
  await page.getByRole('dialog', { name: 'Accounts' }).getByRole('button', { name: 'Edit Test server' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Test server' })
  await edit.getByLabel('Admin secret').fill(harness.kaltura.adminSecret)
  await edit.getByRole('button', { name: 'Save account' }).click()
  await expect(edit).toBeHidden()
  // Back on the list, focus is inside it again, so Escape closes it like any dialog.
  await expect(page.getByRole('dialog', { name: 'Accounts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(row(page, 'a.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
})

test('closing and reopening the app restores the queue from the journal and it finishes', async ({ page }) => {
  await page.goto(harness.url)
  await setUpAccount(page, harness.kaltura.adminSecret)
  await harness.makeFile('show/ep1.mp4', 3 * MiB)
  await harness.makeFile('show/ep2.mp4', 3 * MiB)
  harness.kaltura.faults.setLinkRate(1 * MiB)
  harness.answerNextPick([join(harness.mediaDir, 'show')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  // The bar's number waits for the server's first acknowledgement; the row says at once that bytes are on their way.
  await expect(row(page, 'ep1.mp4')).toContainText(/Uploading/)
  await page.getByRole('button', { name: 'Pause ep2.mp4' }).click()
  await expect(row(page, 'ep2.mp4')).toContainText(/Paused/)

  await page.close()
  await harness.restart()
  harness.kaltura.faults.setLinkRate(null)
  const reopened = await page.context().newPage()
  await reopened.goto(harness.url)
  await expect(row(reopened, 'ep2.mp4')).toContainText(/Paused/)
  await expect(row(reopened, 'ep1.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
  await reopened.getByRole('button', { name: 'Resume ep2.mp4' }).click()
  await expect(row(reopened, 'ep2.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
  expect(harness.kaltura.inspect.entries()).toHaveLength(2)
})

test('files dropped on the window are scanned and uploaded; a dropped file that is not media is reported as skipped', async ({ page }) => {
  await page.goto(harness.url)
  await setUpAccount(page, harness.kaltura.adminSecret)
  const clip = await harness.makeFile('dropped/clip.mp4', 400 * 1024)
  const notes = await harness.makeFile('dropped/notes.txt', 10)
  // Chromium has no webUtils.getPathForFile: the harness's stand-in maps dropped names to the real paths.
  // Runs in the page (a string, as this file is compiled without the DOM types).
  await page.evaluate(`
    window.__harnessDropPaths = ${JSON.stringify({ 'clip.mp4': clip, 'notes.txt': notes })};
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], 'clip.mp4', { type: 'video/mp4' }));
    transfer.items.add(new File(['y'], 'notes.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  `)
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toContainText(/Skipped 1 item/)
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await expect(row(page, 'clip.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
  expect(harness.kaltura.inspect.entries().map((e) => e.name)).toEqual(['clip'])
})

test('an account set up with an application token, the way offered first, uploads a folder to ready entries', async ({ page }) => {
  const tokenId = harness.kaltura.appTokens.add({ token: 'e2e-app-token-value-0123', hashType: 'SHA256', sessionType: 0, sessionUserId: 'uploader' })
  await page.goto(harness.url)
  await page.getByLabel('Account name').fill('With a token')
  await page.getByLabel('Service URL').fill(harness.kaltura.url)
  await page.getByLabel('Partner ID').fill(String(harness.kaltura.partnerId))
  await expect(page.getByLabel('Sign in with')).toHaveValue('app-token')
  await page.getByLabel('Token ID').fill(tokenId)
  await page.getByLabel('Application token').fill('e2e-app-token-value-0123')
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByRole('status').filter({ hasText: /connect/i }).first()).toBeVisible()
  await shot(page, '07-app-token-account')
  await page.getByRole('button', { name: 'Save account' }).click()
  await harness.makeFile('tokened/a.mp4', 300 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'tokened')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  await expect(row(page, 'a.mp4')).toContainText(/0_[0-9a-z]{8}/, { timeout: 30_000 })
  expect(harness.kaltura.inspect.entries().map((e) => e.userId)).toEqual(['uploader'])
  await expect(page.locator('body')).not.toContainText('e2e-app-token-value-0123')
})

test('failed files are found with the Failed chip among finished ones, searched, sorted first, and retried', async ({ page }) => {
  await page.goto(harness.url)
  await setUpAccount(page, harness.kaltura.adminSecret)
  for (let i = 1; i <= 6; i++) await harness.makeFile(`day1/take-${i}.mp4`, 200 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'day1')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('button', { name: 'Done 6' })).toBeVisible({ timeout: 30_000 })

  // Kaltura refuses to create entries from now on: the next folder's files fail once their retries run out.
  harness.kaltura.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'http', status: 500 }, times: -1 })
  for (let i = 1; i <= 3; i++) await harness.makeFile(`day2/b-roll-${i}.mp4`, 200 * 1024)
  harness.answerNextPick([join(harness.mediaDir, 'day2')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
  const failedChip = page.getByRole('button', { name: 'Failed 3' })
  await expect(failedChip).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('status').filter({ hasText: /Batch finished: 3 failed/ })).toBeVisible()

  const rows = page.getByRole('rowgroup', { name: 'Files' }).getByRole('row')
  await failedChip.click()
  await expect(failedChip).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByText('Showing 3 of 9')).toBeVisible()
  await expect(rows).toHaveCount(3)
  for (const r of await rows.all()) await expect(r).toContainText('Failed')
  await shot(page, '08-failed-filter')

  // The chip toggles off; the banner's Show failed turns the same filter on in one click.
  await failedChip.click()
  await expect(failedChip).toHaveAttribute('aria-pressed', 'false')
  await expect(rows).toHaveCount(9)
  await page.getByRole('button', { name: 'Show failed' }).click()
  await expect(failedChip).toHaveAttribute('aria-pressed', 'true')
  await page.getByLabel('Search files by name or folder').fill('B-ROLL-2')
  await expect(page.getByText('Showing 1 of 9')).toBeVisible()
  await expect(rows).toHaveCount(1)
  await page.getByRole('button', { name: 'Clear filter' }).click()
  await expect(page.getByLabel('Search files by name or folder')).toHaveValue('')
  await expect(failedChip).toHaveAttribute('aria-pressed', 'false')
  await expect(rows).toHaveCount(9)

  // Sorting by status brings the failures to the top of the whole queue.
  await page.getByRole('button', { name: 'Status' }).click()
  await expect(page.getByRole('columnheader', { name: 'Status' })).toHaveAttribute('aria-sort', 'ascending')
  for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText('Failed')
  await expect(rows.nth(3)).toContainText('Done')

  harness.kaltura.faults.clear()
  await failedChip.click()
  await page.getByRole('button', { name: 'Retry failed' }).click()
  await expect(page.getByText('Showing 0 of 9')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Done 9' })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Clear filter' }).click()
  for (let i = 1; i <= 3; i++) await expect(row(page, `b-roll-${i}.mp4`)).toContainText(/0_[0-9a-z]{8}/)
  expect(harness.kaltura.inspect.entries()).toHaveLength(9)
})
