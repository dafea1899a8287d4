// The window under load: 10,000 rows in the queue while the real engine uploads them to the test server and its
// coalesced progress events flow to the page. Measures the longest animation frame and the worst input delay
// while the user scrolls and opens a dialog, in Chromium, through the same harness the browser tests use.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../test/e2e/harness/harness'
import { enqueueFiles } from '../src/main/engine/enqueue'
import { scanDropped } from '../src/main/engine/scanner'

export interface UiResult {
  rows: number
  seconds: number
  frames: number
  longestFrameMs: number
  longestAnimationFrameMs: number
  worstInputDelayMs: number
  inputs: number
  updates: number
}

const PERF_PROBE = `
  window.__perf = { on: false, frames: 0, maxFrame: 0, loaf: 0, inputDelay: 0, inputs: 0 };
  let last = performance.now();
  const tick = (t) => { const p = window.__perf; if (p.on) { p.frames++; p.maxFrame = Math.max(p.maxFrame, t - last); } last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (window.__perf.on) window.__perf.loaf = Math.max(window.__perf.loaf, e.duration); }).observe({ type: 'long-animation-frame' }); } catch {}
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (window.__perf.on) { window.__perf.inputs++; window.__perf.inputDelay = Math.max(window.__perf.inputDelay, e.processingStart - e.startTime); } }).observe({ type: 'event', durationThreshold: 16 });
`

export async function uiUnderLoad(count: number, seconds: number, executablePath: string | undefined): Promise<UiResult> {
  const harness = await startHarness()
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  try {
    harness.journal.saveProfile({ id: 'bench', name: 'Bench', serviceUrl: harness.kaltura.url, partnerId: harness.kaltura.partnerId, userId: '', authKind: 'admin-secret' })
    await harness.secrets.set('bench', harness.kaltura.adminSecret)
    const media = join(harness.mediaDir, 'many')
    for (let folder = 0; folder < 100; folder++) {
      await mkdir(join(media, `f${folder}`), { recursive: true })
      await Promise.all(Array.from({ length: count / 100 }, (_, i) => writeFile(join(media, `f${folder}`, `clip-${i}.mp4`), `clip ${folder} ${i}`)))
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.addInitScript(PERF_PROBE)
    let updates = 0
    await page.exposeFunction('__countUpdate', () => updates++)
    await page.goto(harness.url)
    await page.evaluate(() => (globalThis as unknown as { uploader: { onEvent(c: string, l: () => void): void } }).uploader.onEvent('files:update', () => (globalThis as unknown as { __countUpdate(): void }).__countUpdate()))
    await page.getByLabel('Drop zone').waitFor()

    const scan = await scanDropped([media])
    const { fileIds } = await enqueueFiles(harness.journal, { files: scan.files, profileId: 'bench', metadata: {}, duplicatePolicy: 'upload' })
    harness.engine.add(fileIds)
    await page.getByText(`${count.toLocaleString('en-US')} files`).or(page.getByText(`${count} files`)).first().waitFor({ timeout: 60_000 })

    updates = 0
    await page.evaluate(() => ((globalThis as unknown as { __perf: { on: boolean } }).__perf.on = true))
    const body = page.getByRole('rowgroup', { name: 'Files' })
    const box = await body.boundingBox()
    const started = Date.now()
    for (let i = 0; Date.now() - started < seconds * 1000; i++) {
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
      await page.mouse.wheel(0, i % 10 < 5 ? 1200 : -900)
      if (i % 8 === 7) {
        await page.getByRole('button', { name: 'Settings…' }).click()
        await page.keyboard.press('Escape')
      }
      await page.waitForTimeout(150)
    }
    const perf = await page.evaluate(() => (globalThis as unknown as { __perf: { frames: number; maxFrame: number; loaf: number; inputDelay: number; inputs: number } }).__perf)
    return {
      rows: count,
      seconds,
      frames: perf.frames,
      longestFrameMs: Math.round(perf.maxFrame),
      longestAnimationFrameMs: Math.round(perf.loaf),
      worstInputDelayMs: Math.round(perf.inputDelay),
      inputs: perf.inputs,
      updates
    }
  } finally {
    await browser.close()
    await harness.close()
  }
}
