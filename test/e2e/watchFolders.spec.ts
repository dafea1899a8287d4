// The Settings dialog, in the built renderer against the real handlers. Watch folders: a folder is added only through
// main's picker (the page names no path), listed with its account and time, edited and saved; removing it and saving
// empties the list. Connections: adding them while they help is switched off, saved and shown off again. The window
// is checked at 800×600 and 1920×1080 (no page scroll, axe) with screenshots.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { fillAccountForm } from './harness/accountForm'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'
import { ADAPTIVE_CONNECTIONS_CEILING } from '../../src/shared/settingsBounds'

let harness: Harness
test.beforeEach(async () => {
  harness = await startHarness()
})
test.afterEach(async () => harness.close())

test('the Settings list of watch folders: added with the picker, edited, saved and removed', async ({ page }) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 800, height: 600 })
  await page.goto(harness.url)
  await fillAccountForm(page, harness, harness.kaltura.adminSecret)
  await page.getByRole('button', { name: 'Save account' }).click()
  await expect(page.getByRole('button', { name: 'Add folder…' })).toBeEnabled()

  const folder = join(harness.mediaDir, 'Lecture capture', 'Room 101')
  await mkdir(folder, { recursive: true })
  await page.getByRole('button', { name: 'Settings…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await expect(dialog.getByText('No folder is watched.')).toBeVisible()
  // A cancelled picker adds nothing.
  harness.answerNextPick(null)
  await dialog.getByRole('button', { name: 'Watch a folder…' }).click()
  await expect(dialog.getByText('No folder is watched.')).toBeVisible()

  harness.answerNextPick([folder])
  await dialog.getByRole('button', { name: 'Watch a folder…' }).click()
  const list = dialog.getByRole('list', { name: 'Watched folders' })
  await expect(list.getByRole('listitem')).toHaveCount(1)
  await expect(list).toContainText(folder)
  await expect(list.getByLabel('Account')).toHaveValue(harness.engine.settings.watchFolders[0]!.profileId)
  await expect(list.getByLabel('Unchanged for (seconds)')).toHaveValue('10')
  // Main watches it from the moment it was picked.
  expect(harness.engine.settings.watchFolders.map((f) => f.path)).toEqual([folder])

  await list.getByLabel('Unchanged for (seconds)').fill('0')
  await dialog.getByRole('button', { name: 'Save settings' }).click()
  await expect(dialog.getByRole('alert')).toHaveText(/a whole number of seconds from 1 to 3600/)
  await list.getByLabel('Unchanged for (seconds)').fill('45')
  await list.getByLabel('Tags').fill('lectures, room 101')
  await dialog.getByRole('list', { name: 'Watched folders' }).scrollIntoViewIfNeeded()
  await checkWindowState(page, 'watch-folders-settings')
  await dialog.getByRole('button', { name: 'Save settings' }).click()
  await expect(dialog).toBeHidden()
  expect(harness.engine.settings.watchFolders).toMatchObject([{ path: folder, stableSeconds: 45, duplicatePolicy: 'skip', metadata: { tags: 'lectures, room 101' } }])

  await page.getByRole('button', { name: 'Settings…' }).click()
  await expect(dialog.getByLabel('Unchanged for (seconds)')).toHaveValue('45')
  await dialog.getByRole('button', { name: `Remove ${folder}` }).click()
  await expect(dialog.getByText('No folder is watched.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Save settings' }).click()
  await expect(dialog).toBeHidden()
  expect(harness.engine.settings.watchFolders).toEqual([])
})

test('the Connections toggle: on by default, switched off, saved, and off when the dialog opens again', async ({ page }) => {
  const account = { serviceUrl: harness.kaltura.url, partnerId: harness.kaltura.partnerId, authKind: 'admin-secret' as const }
  harness.journal.saveProfile({ id: 'conn', name: 'Test server', userId: '', ...account })
  await harness.secrets.set('conn', harness.kaltura.adminSecret, account)
  await page.setViewportSize({ width: 800, height: 600 })
  await page.goto(harness.url)
  await page.getByRole('button', { name: 'Settings…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  const adding = dialog.getByRole('checkbox', { name: 'Add connections while they speed up the upload' })
  await expect(adding).toBeChecked()
  await expect(dialog.getByText('1 to 32 requests in flight across all files, to start with.')).toBeVisible()
  await expect(dialog.getByText(new RegExp(`Up to ${ADAPTIVE_CONNECTIONS_CEILING} on a lossy or distant link`))).toBeVisible()
  // The hint is the checkbox's description, for a screen reader too.
  await expect(adding).toHaveAccessibleDescription(/where one connection cannot fill the line/)
  await checkWindowState(page, 'settings-connections')

  await adding.uncheck()
  await expect(dialog.getByText('1 to 32 requests in flight across all files.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Save settings' }).click()
  await expect(dialog).toBeHidden()
  expect(harness.engine.settings.adaptiveConnections).toBe(false)
  expect(harness.journal.settings().adaptiveConnections).toBe(false)

  await page.getByRole('button', { name: 'Settings…' }).click()
  await expect(adding).not.toBeChecked()
  await expect(dialog.getByLabel('Connections', { exact: true })).toHaveValue('6')
})
