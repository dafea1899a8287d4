// The window with the keyboard only: focus goes back to what opened a dialog (Escape or close), moves to the control
// that replaced the one pressed (Start upload → Pause all, a row's Pause → its Resume), never falls to the page's
// body after saving an account; the queue (its header included) is one Tab stop, with the arrows, Home/End and
// Page Up/Down inside.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'

let harness: Harness
test.beforeEach(async () => {
  harness = await startHarness()
  const account = { serviceUrl: harness.kaltura.url, partnerId: harness.kaltura.partnerId, authKind: 'admin-secret' as const }
  harness.journal.saveProfile({ id: 'kbd', name: 'Test server', userId: '', ...account })
  await harness.secrets.set('kbd', harness.kaltura.adminSecret, account)
})
test.afterEach(async () => harness.close())

/** The focused element's accessible name as the tests use it: its aria-label, else its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate('(document.activeElement?.getAttribute("aria-label") || document.activeElement?.textContent || "").trim()')
}

/** Presses Tab until the focused element has this name; fails after `max` presses. */
async function tabTo(page: Page, name: string | RegExp, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab')
    const now = await focusedName(page)
    if (typeof name === 'string' ? now === name : name.test(now)) return presses
  }
  throw new Error(`no ${String(name)} within ${max} Tab presses (focus on "${await focusedName(page)}")`)
}

const inGrid = (page: Page): Promise<boolean> => page.evaluate('!!document.activeElement?.closest("[role=grid]")')
const focusedRow = (page: Page): Promise<string | null> => page.evaluate('document.activeElement?.closest("[role=row]")?.getAttribute("aria-label") ?? null')
const onBody = (page: Page): Promise<boolean> => page.evaluate('document.activeElement === document.body || document.activeElement === null')

test('a batch of 30 files, started, paused, inspected and its account saved, all with the keyboard', async ({ page }) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 800, height: 600 })
  const names = Array.from({ length: 30 }, (_, i) => `take-${String(i + 1).padStart(2, '0')}.mp4`)
  for (const n of names) await harness.makeFile(`shoot/${n}`, 300 * 1024)
  harness.kaltura.faults.setLinkRate(200 * 1024)
  await page.goto(harness.url)
  await expect(page.getByRole('button', { name: 'Add folder…' })).toBeEnabled()

  // Escape from a dialog gives the focus back to the button that opened it.
  await tabTo(page, 'Settings…')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Settings…' })).toBeFocused()

  // Start upload closes the summary; the control that takes its place is Pause all.
  harness.answerNextPick([join(harness.mediaDir, 'shoot')])
  await tabTo(page, 'Add folder…')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Scan summary' })).toBeVisible()
  await tabTo(page, 'Start upload')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Pause all' })).toBeFocused({ timeout: 15_000 })

  // The queue is one Tab stop: Tab enters it on one control, and the next Tab leaves it.
  await tabTo(page, /^take-01\.mp4$/)
  expect(await inGrid(page)).toBe(true)
  await page.keyboard.press('Tab')
  expect(await inGrid(page)).toBe(false)
  await page.keyboard.press('Shift+Tab')
  expect(await focusedRow(page)).toBe('take-01.mp4')
  // The header row's sort buttons are stops of the same grid: Up from the first row, Down back to the files.
  await page.keyboard.press('ArrowUp')
  expect(await focusedName(page)).toBe('Name')
  await page.keyboard.press('ArrowRight')
  expect(await focusedName(page)).toBe('Size')
  await page.keyboard.press('Shift+Tab')
  expect(await inGrid(page)).toBe(false)
  await page.keyboard.press('Tab')
  expect(await focusedName(page)).toBe('Size')
  await page.keyboard.press('ArrowDown')
  expect(await focusedRow(page)).toBe('take-01.mp4')
  await page.keyboard.press('Home')

  // Arrows move between rows in the same column and along a row; Home and End go to its ends.
  await page.keyboard.press('ArrowDown')
  expect(await focusedRow(page)).toBe('take-02.mp4')
  expect(await focusedName(page)).toBe('take-02.mp4')
  await page.keyboard.press('ArrowRight')
  expect(await focusedName(page)).toBe('307 KB')
  await page.keyboard.press('End')
  expect(await focusedName(page)).toBe('Cancel take-02.mp4')
  // Moving along a row moves the one Tab stop with it: Tab leaves, Shift+Tab comes back to the same control.
  await page.keyboard.press('Tab')
  expect(await inGrid(page)).toBe(false)
  await page.keyboard.press('Shift+Tab')
  expect(await focusedName(page)).toBe('Cancel take-02.mp4')
  await page.keyboard.press('Home')
  expect(await focusedName(page)).toBe('take-02.mp4')
  await page.keyboard.press('PageDown')
  const afterPage = await focusedRow(page)
  expect(names.indexOf(afterPage!)).toBeGreaterThan(1)
  // Ctrl+End reaches the last file, far below the rows on screen (the list is virtual).
  await page.keyboard.press('Control+End')
  expect(await focusedRow(page)).toBe('take-30.mp4')
  await page.keyboard.press('Control+Home')
  expect(await focusedRow(page)).toBe('take-01.mp4')
  await page.keyboard.press('PageUp')
  expect(await focusedRow(page)).toBe('take-01.mp4')

  // A row's Pause is replaced by its Resume: the focus goes there, not to the page.
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  for (let i = 0; i < 8 && (await focusedName(page)) !== 'Pause take-03.mp4'; i++) await page.keyboard.press('ArrowRight')
  expect(await focusedName(page)).toBe('Pause take-03.mp4')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Resume take-03.mp4' })).toBeFocused()

  // The row's detail panel opens from its name and gives the focus back to it on Escape.
  await page.keyboard.press('Home')
  await page.keyboard.press('Enter')
  const details = page.getByRole('dialog', { name: 'Details of take-03.mp4' })
  await expect(details).toContainText(join(harness.mediaDir, 'shoot', 'take-03.mp4'))
  await checkWindowState(page, 'keyboard-01-row-details')
  await page.keyboard.press('Escape')
  await expect(details).toHaveCount(0)
  expect(await focusedName(page)).toBe('take-03.mp4')

  // Saving an account from the Accounts dialog leaves the focus in the dialog, and closing it returns to Accounts….
  await tabTo(page, 'Accounts…')
  await page.keyboard.press('Enter')
  await tabTo(page, 'Edit Test server')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Edit Test server' })).toBeVisible()
  await tabTo(page, 'Save account')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Accounts' })).toBeVisible()
  expect(await onBody(page)).toBe(false)
  expect(await page.evaluate('!!document.activeElement?.closest("dialog")')).toBe(true)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Accounts…' })).toBeFocused()
})
