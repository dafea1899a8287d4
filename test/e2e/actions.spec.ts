// The row actions and the checks before Start, in a real browser with the real preload API, handlers, engine and
// journal, against the Kaltura test server: each failure offers only what can help, a cancel can be undone, an
// account is tested before it is saved, and duplicates are counted before anything is queued.
import { copyFile, mkdir, rename } from 'node:fs/promises'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'

const shots = resolve(__dirname, '../../reports/screenshots')
mkdirSync(shots, { recursive: true })
const MiB = 1024 * 1024

let harness: Harness
test.beforeEach(async ({ page }) => {
  harness = await startHarness()
  await page.setViewportSize({ width: 800, height: 600 })
})
test.afterEach(async () => harness.close())

/** What the window shows at 800×600, the smallest size it supports. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

async function setUpAccount(page: Page): Promise<void> {
  await page.goto(harness.url)
  await fillAccountForm(page, harness, harness.kaltura.adminSecret)
  await page.getByRole('button', { name: 'Save account' }).click()
  await expect(page.getByRole('button', { name: 'Add folder…' })).toBeVisible()
}

async function upload(page: Page, folder: string): Promise<void> {
  harness.answerNextPick([join(harness.mediaDir, folder)])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
}

function row(page: Page, name: string) {
  return page.getByRole('row', { name, exact: true })
}

const ENTRY_ID = /0_[0-9a-z]{8}/

test('a conversion failure offers Upload again and ends ready; a deleted file offers Locate… and Remove, never a Retry that cannot help', async ({ page }) => {
  await setUpAccount(page)
  const gone = await harness.makeFile('card/gone.mp4', 400 * 1024)
  const lost = await harness.makeFile('card/lost.mp4', 400 * 1024)
  const found = join(harness.mediaDir, 'found.mp4')
  // The memory card is pulled as soon as the first upload token is made: both files vanish mid-batch.
  const pulled = harness.kaltura.faults.onRequest({
    match: { service: 'uploadtoken', action: 'add' },
    run: async () => {
      await rename(gone, found)
      await rename(lost, `${lost}.away`)
    }
  })
  await upload(page, 'card')
  for (const name of ['gone.mp4', 'lost.mp4']) await expect(row(page, name)).toContainText('deleted or moved', { timeout: 30_000 })
  expect(pulled.runs).toBe(1)

  await harness.makeFile('talk/talk.mp4', 300 * 1024)
  harness.kaltura.faults.setEntryOutcome('errorConverting')
  await upload(page, 'talk')
  await expect(row(page, 'talk.mp4')).toContainText('could not convert', { timeout: 30_000 })
  const failedEntry = harness.kaltura.inspect.entries()[0]!.id

  for (const name of ['gone.mp4', 'lost.mp4', 'talk.mp4']) await expect(page.getByRole('button', { name: `Retry ${name}` })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Locate gone.mp4…' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Remove lost.mp4' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Upload talk.mp4 again as a new entry' })).toBeVisible()
  await page.getByRole('rowgroup', { name: 'Files' }).scrollIntoViewIfNeeded()
  await shot(page, 'actions-01-failures-offer-what-helps')

  // Retry failed (the bulk button) retries nothing here, and says why for each kind.
  await page.getByRole('button', { name: 'Retry failed' }).click()
  await expect(page.getByRole('status').filter({ hasText: '3 files were left as they were.' })).toBeVisible()

  harness.kaltura.faults.setEntryOutcome('ready')
  await page.getByRole('button', { name: 'Upload talk.mp4 again as a new entry' }).click()
  await expect(row(page, 'talk.mp4')).toContainText('Done', { timeout: 30_000 })
  await expect(row(page, 'talk.mp4')).toContainText(`could not process entry ${failedEntry}`)

  harness.answerNextLocate(found)
  await page.getByRole('button', { name: 'Locate gone.mp4…' }).click()
  await expect(row(page, 'found.mp4')).toContainText('Done', { timeout: 30_000 })

  await page.getByRole('button', { name: 'Remove lost.mp4' }).click()
  await expect(row(page, 'lost.mp4')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: '1 file removed from the queue; the history keeps it.' })).toBeVisible()
  // The totals leave the removed file out at once.
  await expect(page.getByRole('button', { name: 'Done 2' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Failed/ })).toHaveCount(0)
  await page.getByRole('rowgroup', { name: 'Files' }).scrollIntoViewIfNeeded()
  await shot(page, 'actions-02-recovered')

  const entries = harness.kaltura.inspect.entries()
  expect(entries.filter((e) => e.status === 2).map((e) => e.name).sort()).toEqual(['found', 'talk'])
  expect(entries.find((e) => e.id === failedEntry)?.status).toBe(-1)
  expect(harness.journal.allFiles().find((f) => f.name === 'lost.mp4')).toMatchObject({ state: 'canceled', notice: 'Removed from the queue.' })
})

test('cancel shows Canceling… with Undo, Undo puts the file back, and a canceled file can be queued again', async ({ page }) => {
  await setUpAccount(page)
  await harness.makeFile('reel/long.mp4', 4 * MiB)
  await harness.makeFile('reel/other.mp4', 3 * MiB)
  harness.kaltura.faults.setLinkRate(1 * MiB)
  await upload(page, 'reel')
  await expect(row(page, 'long.mp4')).toContainText('Uploading')

  await page.getByRole('button', { name: 'Cancel long.mp4' }).click()
  await expect(row(page, 'long.mp4')).toContainText('Canceling…')
  // The pressed button is gone: focus moves to the one that took its place, not to the page.
  await expect(page.getByRole('button', { name: 'Undo cancel of long.mp4' })).toBeFocused()
  await expect(row(page, 'long.mp4')).toContainText('Paused')
  await shot(page, 'actions-03-canceling-with-undo')
  await page.getByRole('button', { name: 'Undo cancel of long.mp4' }).click()
  await expect(row(page, 'long.mp4')).not.toContainText('Canceling…')
  await expect(page.getByRole('button', { name: 'Pause long.mp4' })).toBeFocused()

  // Both at once from the queue's controls, and back again with one Undo.
  await page.getByRole('button', { name: 'Cancel all' }).click()
  await expect(page.getByText('Canceling 2 files…')).toBeVisible()
  await page.getByRole('button', { name: 'Undo', exact: true }).click()
  await expect(page.getByText('Canceling 2 files…')).toHaveCount(0)

  // Left alone, the cancel becomes final once the few seconds are over.
  await page.getByRole('button', { name: 'Cancel long.mp4' }).click()
  await expect(row(page, 'long.mp4')).toContainText('Canceled', { timeout: 15_000 })
  await expect(page.getByRole('button', { name: 'Re-queue long.mp4' })).toBeVisible()
  harness.kaltura.faults.setLinkRate(null)
  await page.getByRole('button', { name: 'Re-queue long.mp4' }).click()
  for (const name of ['long.mp4', 'other.mp4']) await expect(row(page, name)).toContainText(ENTRY_ID, { timeout: 30_000 })
  expect(harness.kaltura.inspect.entries()).toHaveLength(2)
})

test('an account saved with a wrong secret is tested first, saved only when asked, and once fixed its held files all finish', async ({ page }) => {
  await page.goto(harness.url)
  await fillAccountForm(page, harness, 'definitely-wrong')
  await page.getByRole('button', { name: 'Save account' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved. Kaltura refused these details.' })).toBeVisible()
  await page.getByRole('button', { name: 'Save anyway' }).click()

  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) await harness.makeFile(`set/${name}`, 300 * 1024)
  await upload(page, 'set')
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) await expect(row(page, name)).toContainText('Paused', { timeout: 30_000 })
  // Held by the account, not by the user: Resume would only be refused again, so it is not offered.
  await expect(page.getByRole('button', { name: 'Resume a.mp4' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Accounts…' }).click()
  await page.getByRole('dialog', { name: 'Accounts' }).getByRole('button', { name: 'Edit Test server' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Test server' })
  await edit.getByLabel('Admin secret').fill('still-wrong')
  await edit.getByRole('button', { name: 'Save account' }).click()
  await expect(edit.getByRole('alert')).toContainText('Kaltura refused these details.')
  await expect(edit.getByRole('button', { name: 'Save anyway' })).toBeVisible()
  await shot(page, 'actions-04-save-tests-first')
  await edit.getByLabel('Admin secret').fill(harness.kaltura.adminSecret)
  await expect(edit.getByRole('button', { name: 'Save anyway' })).toHaveCount(0)
  await edit.getByRole('button', { name: 'Save account' }).click()
  await expect(edit).toBeHidden()
  await page.keyboard.press('Escape')
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) await expect(row(page, name)).toContainText(ENTRY_ID, { timeout: 30_000 })
  expect(harness.kaltura.inspect.entries()).toHaveLength(3)
  await expect(page.locator('body')).not.toContainText('definitely-wrong')
})

test('the scan summary counts and lists duplicates before Start: uploaded before, and identical within the selection', async ({ page }) => {
  await setUpAccount(page)
  const old = await harness.makeFile('archive/interview.mp4', 300 * 1024)
  await upload(page, 'archive')
  await expect(row(page, 'interview.mp4')).toContainText(ENTRY_ID, { timeout: 30_000 })
  const entry = harness.kaltura.inspect.entries()[0]!.id

  const shoot = join(harness.mediaDir, 'shoot')
  await mkdir(shoot)
  const take = await harness.makeFile('shoot/take-1.mp4', 200 * 1024)
  await copyFile(take, join(shoot, 'take-1 (copy).mp4'))
  await copyFile(old, join(shoot, 'interview-final.mp4'))
  await harness.makeFile('shoot/take-2.mp4', 250 * 1024)
  harness.answerNextPick([shoot])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toContainText('4 files')
  await expect(summary).toContainText('2 duplicates')
  const uploaded = summary.getByRole('region', { name: 'Already uploaded' })
  await expect(uploaded).toContainText('Already uploaded (1)')
  await expect(uploaded).toContainText(`shoot/interview-final.mp4 = entry ${entry}`)
  const identical = summary.getByRole('region', { name: 'Identical files in this selection' })
  await expect(identical).toContainText('Identical files in this selection (1)')
  await expect(identical).not.toContainText('uploaded before')
  await expect(identical).toContainText('The first of each is uploaded; the copies are skipped.')
  await shot(page, 'actions-05-duplicates-before-start')

  await summary.getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('status').filter({ hasText: '2 files queued, 1 skipped as already uploaded or queued, 1 identical copy in this batch skipped.' })).toBeVisible()
  // One of the two identical takes is uploaded; the other says which it is identical to, not that it was uploaded.
  await expect(row(page, 'take-2.mp4')).toContainText(ENTRY_ID, { timeout: 30_000 })
  const takes = [row(page, 'take-1.mp4'), row(page, 'take-1 (copy).mp4')]
  await expect(page.getByRole('row').filter({ hasText: /^take-1.*Skipped: identical to .*take-1.* in this batch\./ })).toHaveCount(1)
  await expect(page.getByRole('row').filter({ hasText: /^take-1.*0_[0-9a-z]{8}/ })).toHaveCount(1, { timeout: 30_000 })
  for (const take of takes) await expect(take).not.toContainText('already uploaded')
  expect(harness.kaltura.inspect.entries()).toHaveLength(3)
})
