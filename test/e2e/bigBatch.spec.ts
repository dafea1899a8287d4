// A 2,000-file batch on a link held to 1 MiB/s by the test server: once it has run 30 s (the batch rate's window),
// the speed the window shows stays within 25 % of the byte rate the server really took over the same 30 s, gaps
// between files included. Checked at three moments, each at a real upload request, not after a sleep.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, type Harness } from './harness/harness'
import { checkWindowState } from './harness/windowChecks'

const MiB = 1024 * 1024
const WINDOW_MS = 30_000
let harness: Harness
test.beforeEach(async () => {
  harness = await startHarness()
  const account = { serviceUrl: harness.kaltura.url, partnerId: harness.kaltura.partnerId, authKind: 'admin-secret' as const }
  harness.journal.saveProfile({ id: 'big', name: 'Test server', userId: '', ...account })
  await harness.secrets.set('big', harness.kaltura.adminSecret, account)
})
test.afterEach(async () => harness.close())

const UNIT: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }

/** The speed the totals bar shows, in bytes per second; null while it says it is measuring or waiting. */
async function shownSpeed(page: Page): Promise<number | null> {
  const text = await page.getByRole('region', { name: 'Totals' }).innerText()
  const m = /Speed ([\d.]+) (B|KB|MB|GB)\/s/.exec(text)
  return m ? Number(m[1]) * UNIT[m[2]!]! : null
}

/** Bytes the server took and acknowledged over the last 30 s: upload requests answered in full in that span. */
function measuredRate(now: number): number {
  const since = now - WINDOW_MS
  const bytes = harness.kaltura.inspect
    .requests()
    .filter((r) => r.service === 'uploadtoken' && r.action === 'upload' && r.replied && r.endedAt !== undefined && r.endedAt > since && r.endedAt <= now)
    .reduce((sum, r) => sum + (r.partBytes ?? 0), 0)
  return (bytes * 1000) / WINDOW_MS
}

/** Resolves at the first upload request that arrives once `at` has passed. */
function uploadRequestAfter(at: number): Promise<void> {
  return new Promise((resolve) => {
    const hook = harness.kaltura.faults.onRequest({
      match: { service: 'uploadtoken', action: 'upload' },
      times: -1,
      run: () => {
        if (Date.now() < at) return
        hook.remove()
        resolve()
      }
    })
  })
}

test('2,000 files: after 30 s the speed shown is within 25 % of the bytes the server took per second', async ({ page }) => {
  test.setTimeout(150_000)
  for (let folder = 0; folder < 20; folder++) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => harness.makeFile(`big/day-${folder + 1}/clip-${folder * 100 + i + 1}.mp4`, 64 * 1024)))
  }
  harness.kaltura.faults.setLinkRate(1 * MiB)
  await page.goto(harness.url)
  harness.answerNextPick([join(harness.mediaDir, 'big')])
  await page.getByRole('button', { name: 'Add folder…' }).click()
  const summary = page.getByRole('dialog', { name: 'Scan summary' })
  await expect(summary).toContainText('2,000 files')
  await summary.getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('grid', { name: 'Upload queue' })).toHaveAttribute('aria-rowcount', '2001')
  const started = Date.now()

  const readings: Array<{ shown: number; measured: number }> = []
  for (const after of [WINDOW_MS + 1000, WINDOW_MS + 4000, WINDOW_MS + 7000]) {
    await uploadRequestAfter(started + after)
    // The window's totals come at most a tick (100 ms here) after the engine's: read both at the same moment.
    const shown = await shownSpeed(page)
    const measured = measuredRate(Date.now())
    expect(shown, 'the totals bar shows a speed while bytes move').not.toBeNull()
    readings.push({ shown: shown!, measured })
  }
  for (const { shown, measured } of readings) {
    expect(measured).toBeGreaterThan(0)
    expect(Math.abs(shown - measured) / measured, `shown ${shown} B/s, measured ${measured.toFixed(0)} B/s`).toBeLessThanOrEqual(0.25)
  }
  console.log(`speed shown vs measured (B/s): ${readings.map((r) => `${r.shown} vs ${r.measured.toFixed(0)}`).join('; ')}`)
  await checkWindowState(page, 'big-batch-2000-files-30s')
})
