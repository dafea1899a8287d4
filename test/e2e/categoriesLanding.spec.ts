// What the summary's choices do on Kaltura, in a real browser against the test server: mirrored folders and the batch's
// categories land as the entries' categories, per-file edits and a metadata sheet's lines as their own details, an edit
// made in a row's detail before its entry exists lands on that entry, and a sheet's refused lines hold Start until the
// user chooses to start anyway.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'
import { adminKs } from '../kaltura-server/freshServer'
import { RawApi } from '../kaltura-server/rawApi'

let harness: Harness
let admin: RawApi
let releaseHeld: () => void = () => undefined
test.beforeEach(async ({ page }) => {
  harness = await startHarness()
  await page.setViewportSize({ width: 800, height: 600 })
  admin = new RawApi(harness.kaltura.url, adminKs(harness.kaltura))
  const add = async (name: string, parentId?: number): Promise<number> =>
    Number((await admin.ok('category', 'add', { category: { objectType: 'KalturaCategory', name, ...(parentId ? { parentId } : {}) } })).id)
  await add('2026', await add('Lectures'))
  await add('Events')
})
test.afterEach(async () => {
  releaseHeld()
  await harness.close()
})

async function setUpAccount(page: Page): Promise<void> {
  await page.goto(harness.url)
  await fillAccountForm(page, harness, harness.kaltura.adminSecret)
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

async function pick(scope: ReturnType<Page['getByRole']>, label: string, text: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).fill(text)
  await scope.getByRole('listbox', { name: `${label}: suggestions` }).getByRole('option', { name: option, exact: true }).click()
}

async function allDone(page: Page, names: string[]): Promise<void> {
  for (const name of names) await expect(page.getByRole('row', { name, exact: true })).toContainText('Done', { timeout: 30_000 })
}

/** The entry a file became, as Kaltura holds it (media.get answers its categories' full names). */
async function entryOf(name: string): Promise<{ name: unknown; description: unknown; tags: unknown; categories: string[] }> {
  const file = harness.journal.allFiles().find((f) => f.name === name)
  expect(file?.entryId, `${name} has an entry`).toBeTruthy()
  const entry = await admin.ok('media', 'get', { entryId: file!.entryId })
  const categories = typeof entry.categories === 'string' && entry.categories !== '' ? entry.categories.split(',').sort() : []
  return { name: entry.name, description: entry.description, tags: entry.tags, categories }
}

test('mirrored folders and the batch categories land as each entry’s categories, a per-file edit as its own details', async ({ page }) => {
  await harness.makeFile('Physics/Week 1/intro.mp4', 96 * 1024)
  await harness.makeFile('Physics/Week 2/waves.mp4', 96 * 1024)
  await setUpAccount(page)
  const summary = await scanFolder(page, 'Physics')
  await pick(summary, 'Categories', 'Ev', 'Events')
  await summary.getByRole('checkbox', { name: 'Mirror folders as categories under' }).check()
  await pick(summary, 'Parent category', 'Lectures>2', 'Lectures>2026')
  await summary.getByRole('button', { name: /Edit details of .*waves\.mp4/ }).click()
  const form = summary.getByRole('group', { name: 'Details of waves.mp4' })
  await form.getByLabel('Title').fill('Waves and oscillations')
  await form.getByLabel('Description').fill('Week 2')
  await form.getByLabel('Tags').fill('waves, week 2')
  await checkWindowState(page, 'scan-mirror-and-edit')
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await allDone(page, ['intro.mp4', 'waves.mp4'])

  // Mirrored categories add to the batch's; Kaltura made the missing levels (the account may create categories).
  expect(await entryOf('intro.mp4')).toMatchObject({ name: 'intro', categories: ['Events', 'Lectures>2026>Physics>Week 1'] })
  expect(await entryOf('waves.mp4')).toMatchObject({ name: 'Waves and oscillations', description: 'Week 2', tags: 'waves, week 2', categories: ['Events', 'Lectures>2026>Physics>Week 2'] })
  await checkWindowState(page, 'queue-mirrored-done')
})

test('a metadata sheet with a refused line holds Start until Start anyway; the good lines and a caption file land, the refused line’s file gets the batch’s details', async ({ page }) => {
  await harness.makeFile('talks/opening.mp4', 96 * 1024)
  await harness.makeFile('talks/closing.mp4', 96 * 1024)
  const longTitle = 'x'.repeat(300)
  await writeFile(
    join(harness.mediaDir, 'talks', 'kaltura-metadata.csv'),
    `file,title,description,categories\nopening.mp4,Opening keynote,Day one,Events\nclosing.mp4,${longTitle},Day two,Events\n`
  )
  await writeFile(join(harness.mediaDir, 'talks', 'opening.en.srt'), '1\n00:00:01,000 --> 00:00:02,000\nWelcome\n')
  await setUpAccount(page)
  const summary = await scanFolder(page, 'talks')
  await expect(summary.getByRole('list', { name: 'Files to upload' }).getByRole('listitem').filter({ hasText: 'opening.mp4' })).toContainText('Captions: English')
  const problems = summary.getByRole('list', { name: /Problems in .*kaltura-metadata\.csv/ })
  await expect(problems).toContainText('line 3')
  await expect(problems).toContainText('300 bytes')
  await expect(summary.getByRole('list', { name: 'Files to upload' }).getByRole('listitem').filter({ hasText: 'opening.mp4' })).toContainText('Sheet: title, description, categories')
  await summary.getByLabel('Description').last().fill('From the batch')
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await expect(summary.getByRole('alert')).toContainText('1 line of the metadata sheet was refused')
  await expect(summary.getByRole('button', { name: 'Start anyway' })).toBeVisible()
  await checkWindowState(page, 'scan-sheet-problems')
  await summary.getByRole('button', { name: 'Start anyway' }).click()
  await allDone(page, ['opening.mp4', 'closing.mp4'])
  expect(await entryOf('opening.mp4')).toMatchObject({ name: 'Opening keynote', description: 'Day one', categories: ['Events'] })
  // The row says which caption files went with it, compactly.
  await expect(page.getByRole('row', { name: 'opening.mp4', exact: true })).toContainText('Captions: English sent')
  await checkWindowState(page, 'queue-with-captions')
  expect(await entryOf('closing.mp4')).toMatchObject({ name: 'closing', description: 'From the batch', categories: [] })
})

test('an edit saved in a row’s detail before its entry exists lands on that entry', async ({ page }) => {
  await harness.makeFile('course/intro.mp4', 256 * 1024)
  await setUpAccount(page)
  const held = new Promise<void>((resolve) => (releaseHeld = resolve))
  harness.kaltura.faults.onRequest({ match: { service: 'uploadtoken', action: 'add' }, run: () => held })
  const summary = await scanFolder(page, 'course')
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await page.getByRole('button', { name: 'intro.mp4', exact: true }).click()
  const details = page.getByRole('dialog', { name: 'Details of intro.mp4' })
  await details.getByRole('button', { name: 'Edit details' }).click()
  await details.getByLabel('Title').fill('Introduction to waves')
  await details.getByLabel('Tags').fill('waves')
  await pick(details, 'Categories', 'Lectures>', 'Lectures>2026')
  await details.getByRole('button', { name: 'Save details' }).click()
  await expect(details.getByText('Introduction to waves')).toBeVisible()
  releaseHeld()
  await allDone(page, ['intro.mp4'])
  expect(await entryOf('intro.mp4')).toMatchObject({ name: 'Introduction to waves', tags: 'waves', categories: ['Lectures>2026'] })
})
