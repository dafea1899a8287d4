// The category picker and the scan summary's per-file details, in a real browser with the real handlers, engine and
// journal, against the Kaltura test server: categories are searched as the user types and picked by keyboard, an unknown
// one is offered for creation only to an account that may create it, folders are previewed as categories before Start,
// and a queued file's details are edited from its row before its entry exists.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'
import { adminKs } from '../kaltura-server/freshServer'
import { RawApi } from '../kaltura-server/rawApi'

let harness: Harness
test.beforeEach(async ({ page }) => {
  harness = await startHarness()
  await page.setViewportSize({ width: 800, height: 600 })
  const admin = new RawApi(harness.kaltura.url, adminKs(harness.kaltura))
  const add = async (name: string, parentId?: number): Promise<number> =>
    Number((await admin.ok('category', 'add', { category: { objectType: 'KalturaCategory', name, ...(parentId ? { parentId } : {}) } })).id)
  const lectures = await add('Lectures')
  await add('Physics', await add('2026', lectures))
  await add('Events')
})
// A story that holds a request releases it here too, so a failed story does not leave the server waiting.
let releaseHeld: () => void = () => undefined
test.afterEach(async () => {
  releaseHeld()
  await harness.close()
})

/** The account as a user saves it; with a user id its session is a USER one, which may not create categories. */
async function setUpAccount(page: Page, userId = ''): Promise<void> {
  await page.goto(harness.url)
  await fillAccountForm(page, harness, harness.kaltura.adminSecret)
  if (userId) await page.getByLabel('User ID (optional)').fill(userId)
  await page.getByRole('button', { name: 'Save account' }).click()
  await expect(page.getByRole('button', { name: 'Add folder…' })).toBeVisible()
}

async function scanFolder(page: Page, folder: string) {
  harness.answerNextPick([join(harness.mediaDir, folder)])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toBeVisible()
  return summary
}

test('the batch categories are searched as the user types, picked by keyboard as chips, and a new one is offered where the account may create it', async ({ page }) => {
  await harness.makeFile('course/talk.mp4', 64 * 1024)
  await setUpAccount(page)
  const summary = await scanFolder(page, 'course')
  const box = summary.getByRole('combobox', { name: 'Categories' })
  await box.fill('lect')
  const suggestions = summary.getByRole('listbox', { name: 'Categories: suggestions' })
  // What the user typed is a name of its own too: offered last, after the categories that exist.
  await expect(suggestions.getByRole('option')).toHaveText(['Lectures', 'Lectures>2026', 'Lectures>2026>Physics', 'Create lect'])
  await box.press('ArrowDown')
  await box.press('ArrowDown')
  await expect(box).toHaveAttribute('aria-activedescendant', /option-1$/)
  await expect(suggestions.getByRole('option', { name: 'Lectures>2026', exact: true })).toHaveAttribute('aria-selected', 'true')
  await box.press('Enter')
  const chosen = summary.getByRole('list', { name: 'Categories: chosen' })
  await expect(chosen.locator('.chip-text')).toHaveText(['Lectures>2026'])
  await expect(box).toHaveValue('')

  // A name typed in part of the way down finds the category by its own name.
  await box.fill('Phys')
  await expect(suggestions.getByRole('option')).toHaveText(['Lectures>2026>Physics', 'Create Phys'])
  await box.fill('Seminars>Spring')
  await expect(suggestions.getByRole('option')).toHaveText(['Create Seminars>Spring'])
  await checkWindowState(page, 'picker-create-offered')
  await box.press('Enter')
  await expect(chosen.locator('.chip-text')).toHaveText(['Lectures>2026', 'Seminars>Spring'])

  // Escape closes the suggestions, then clears the text; the summary stays.
  await box.fill('ev')
  await expect(suggestions.getByRole('option')).toHaveText(['Events', 'Create ev'])
  await box.press('Escape')
  await expect(suggestions).toBeHidden()
  await expect(summary).toBeVisible()
  await box.fill('Q<A')
  await expect(summary.getByText('"Q<A" cannot be a category')).toBeVisible()
  await expect(suggestions.getByRole('option')).toHaveCount(0)

  await summary.getByRole('button', { name: 'Remove Lectures>2026' }).click()
  await expect(chosen.locator('.chip-text')).toHaveText(['Seminars>Spring'])
})

test('an account whose session may not create categories is never offered Create, and is told why', async ({ page }) => {
  await harness.makeFile('course/talk.mp4', 64 * 1024)
  await setUpAccount(page, 'lecturer')
  const summary = await scanFolder(page, 'course')
  const box = summary.getByRole('combobox', { name: 'Categories' })
  await box.fill('Seminars')
  await expect(summary.getByText('No category "Seminars". This account may not create categories; choose an existing one.')).toBeVisible()
  const suggestions = summary.getByRole('listbox', { name: 'Categories: suggestions' })
  await expect(suggestions.getByRole('option', { name: /Create/ })).toHaveCount(0)
  await checkWindowState(page, 'picker-create-not-allowed')
  // A trailing ">" lists what is under a category, with no complaint about an empty name.
  await box.fill('Lectures>2026>')
  await expect(suggestions.getByRole('option')).toHaveText(['Lectures>2026>Physics'])
  await expect(summary.getByText('cannot be a category')).toHaveCount(0)
})

test('mirrored folders are previewed as categories under the chosen parent, with the folders Kaltura cannot take and why', async ({ page }) => {
  await harness.makeFile('Physics/Week 1/intro.mp4', 64 * 1024)
  await harness.makeFile('Physics/Week 2/waves.mp4', 64 * 1024)
  await harness.makeFile('Physics/Q&A, live/questions.mp4', 64 * 1024)
  await setUpAccount(page)
  // The dropped folder is the first level: Physics/Week 1 under Lectures>2026 is Lectures>2026>Physics>Week 1.
  const summary = await scanFolder(page, 'Physics')
  await summary.getByRole('checkbox', { name: 'Mirror folders as categories under' }).check()
  const parent = summary.getByRole('combobox', { name: 'Parent category' })
  await parent.fill('Lectures>2026')
  await summary.getByRole('listbox', { name: 'Parent category: suggestions' }).getByRole('option', { name: 'Lectures>2026', exact: true }).click()
  const preview = summary.getByRole('list', { name: 'Folder to category' })
  await expect(preview.getByRole('listitem').filter({ hasText: 'Week 1' })).toContainText('Lectures>2026>Physics>Week 1')
  await expect(preview.getByRole('listitem').filter({ hasText: 'Week 2' })).toContainText('Lectures>2026>Physics>Week 2')
  await expect(preview.getByRole('listitem').filter({ hasText: 'Q&A, live' })).toContainText('Kaltura does not allow "," in a category name')
  await expect(summary.getByText('1 folder cannot be a category as named')).toBeVisible()
  // One parent only: choosing another replaces it.
  await parent.fill('Ev')
  await summary.getByRole('listbox', { name: 'Parent category: suggestions' }).getByRole('option', { name: 'Events' }).click()
  await expect(summary.getByRole('list', { name: 'Parent category: chosen' }).locator('.chip-text')).toHaveText(['Events'])
  await expect(preview.getByRole('listitem').filter({ hasText: 'Week 1' })).toContainText('Events>Physics>Week 1')
  await checkWindowState(page, 'scan-mirror-preview')
})

test("a file's own details are edited in the summary over the batch's, shown as placeholders", async ({ page }) => {
  await harness.makeFile('course/intro.mp4', 64 * 1024)
  await harness.makeFile('course/waves.mp4', 64 * 1024)
  await setUpAccount(page)
  const summary = await scanFolder(page, 'course')
  await summary.getByLabel('Tags', { exact: true }).fill('physics, 2026')
  await summary.getByRole('button', { name: /Edit details of .*intro\.mp4/ }).click()
  const form = summary.getByRole('group', { name: 'Details of intro.mp4' })
  await expect(form.getByLabel('Title')).toHaveAttribute('placeholder', 'intro')
  await expect(form.getByLabel('Tags')).toHaveAttribute('placeholder', 'physics, 2026')
  await form.getByLabel('Title').fill('Introduction to waves')
  await form.getByRole('combobox', { name: 'Categories' }).fill('Lectures>2026>P')
  await form.getByRole('option', { name: 'Lectures>2026>Physics' }).click()
  await expect(summary.getByRole('list', { name: 'Files to upload' }).getByRole('listitem').filter({ hasText: 'intro.mp4' })).toContainText('Edited')
  await checkWindowState(page, 'scan-file-edit')
  await form.getByRole('button', { name: 'Use the sheet’s and batch’s details' }).click()
  await expect(form.getByLabel('Title')).toHaveValue('')
  await expect(summary.getByText('Edited')).toHaveCount(0)
})

test("a queued file's details are edited from its row before its entry exists, and not once it does", async ({ page }) => {
  await harness.makeFile('course/intro.mp4', 256 * 1024)
  await setUpAccount(page)
  // The first upload token waits until the edit is saved: the file is queued and running, its entry not yet made.
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  harness.kaltura.faults.onRequest({ match: { service: 'uploadtoken', action: 'add' }, run: () => held })
  releaseHeld = release
  const summary = await scanFolder(page, 'course')
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await page.getByRole('button', { name: 'intro.mp4', exact: true }).click()
  const details = page.getByRole('dialog', { name: 'Details of intro.mp4' })
  await expect(details.getByRole('definition').filter({ hasText: /^intro$/ })).toBeVisible()
  await details.getByRole('button', { name: 'Edit details' }).click()
  await details.getByLabel('Title').fill('Introduction to waves')
  await details.getByLabel('Description').fill('Week 1, first lecture.')
  await details.getByRole('combobox', { name: 'Categories' }).fill('Ev')
  await details.getByRole('option', { name: 'Events' }).click()
  await checkWindowState(page, 'row-details-edit')
  await details.getByRole('button', { name: 'Save details' }).click()
  await expect(details.getByText('Introduction to waves')).toBeVisible()
  await expect(details.getByText('Week 1, first lecture.')).toBeVisible()
  const file = harness.journal.allFiles()[0]!
  expect(file.entryFields).toEqual({ title: 'Introduction to waves', description: 'Week 1, first lecture.', categories: 'Events' })
  await checkWindowState(page, 'row-details-saved')
  release()
  await expect(page.getByRole('row', { name: 'intro.mp4', exact: true })).toContainText('Done', { timeout: 30_000 })
  // The entry exists now: the panel offers no edit (main's refusal: test/main/ipc/fileFieldsEdit.test.ts).
  await details.getByRole('button', { name: 'Close', exact: true }).click()
  await page.getByRole('button', { name: 'intro.mp4', exact: true }).click()
  await expect(page.getByRole('dialog', { name: 'Details of intro.mp4' }).getByRole('button', { name: 'Edit details' })).toHaveCount(0)
})

test('a slow answer to an earlier search never replaces the answer to what the user typed last', async ({ page }) => {
  await harness.makeFile('course/talk.mp4', 64 * 1024)
  await setUpAccount(page)
  const summary = await scanFolder(page, 'course')
  const box = summary.getByRole('combobox', { name: 'Categories' })
  const suggestions = summary.getByRole('listbox', { name: 'Categories: suggestions' })
  // The two category.list calls answering "Lec" are held until the answer to "Ev" is on screen.
  let arrivedBoth: () => void = () => undefined
  const lecArrived = new Promise<void>((resolve) => (arrivedBoth = resolve))
  const lecHeld = new Promise<void>((resolve) => (releaseHeld = resolve))
  let arrived = 0
  const hook = harness.kaltura.faults.onRequest({
    match: { service: 'category', action: 'list' },
    times: 2,
    run: async () => {
      if (++arrived === 2) arrivedBoth()
      await lecHeld
    }
  })
  await box.fill('Lec')
  await lecArrived
  await box.fill('Ev')
  await expect(suggestions.getByRole('option')).toHaveText(['Events', 'Create Ev'])
  const lateAnswer = page.waitForResponse((response) => decodeURIComponent(response.url()).endsWith('/ipc/categories:search'))
  releaseHeld()
  await hook.finished
  await lateAnswer
  // A frame for the page to handle the late answer; it must change nothing.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
  await expect(suggestions.getByRole('option')).toHaveText(['Events', 'Create Ev'])
  await expect(box).toHaveValue('Ev')
})
