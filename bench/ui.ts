// The window under load: 10,000 rows in the queue while the real engine uploads them to the test server and its
// coalesced progress events flow to the page. Measures frame times (percentiles, frames over 50 ms, the longest),
// the longest animation frame and the worst input delay
// while the user scrolls and opens a dialog, in Chromium, through the same harness the browser tests use.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../test/e2e/harness/harness'
import { enqueueFiles } from '../src/main/intake/enqueue'
import { scanDropped } from '../src/main/intake/scanner'
import { startServerProcess } from './serverProcess'

export interface UiResult {
  rows: number
  /** From handing the batch to the engine until every row is in the window. */
  arrivalMs: number
  arrivalLongestFrameMs: number
  arrivalLongestAnimationFrameMs: number
  seconds: number
  serverLatencyMs: number
  frames: number
  longestFrameMs: number
  /** Frame-time percentiles: the maximum alone is noise on a shared machine, these say how the window feels. */
  p50FrameMs: number
  p95FrameMs: number
  p99FrameMs: number
  /** Frames that took longer than 50 ms (a visible hitch). */
  framesOver50Ms: number
  longestAnimationFrameMs: number
  worstInputDelayMs: number
  inputs: number
  updates: number
}

const PERF_PROBE = `
  window.__perf = { on: false, since: 0, frames: 0, maxFrame: 0, loaf: 0, inputDelay: 0, inputs: 0, durations: [] };
  let last = performance.now();
  const tick = (t) => { const p = window.__perf; if (p.on) { p.frames++; p.maxFrame = Math.max(p.maxFrame, t - last); p.durations.push(t - last); } last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  // Observers deliver entries late: count only those that started once measuring had begun.
  const during = (e) => window.__perf.on && e.startTime >= window.__perf.since;
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (during(e)) window.__perf.loaf = Math.max(window.__perf.loaf, e.duration); }).observe({ type: 'long-animation-frame' }); } catch {}
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (during(e)) { window.__perf.inputs++; window.__perf.inputDelay = Math.max(window.__perf.inputDelay, e.processingStart - e.startTime); } }).observe({ type: 'event', durationThreshold: 16 });
`

/**
 * The Kaltura server stands for a machine elsewhere: it runs in a process of its own at low priority, replying after
 * SERVER_LATENCY_MS as a real one would. In the harness's process, on a 2-core machine, a server answering 10,000 tiny
 * uploads over loopback as fast as it can took more than a core that the window competes for, which no user's laptop
 * pays for.
 */
const SERVER_LATENCY_MS = 40

export async function uiUnderLoad(count: number, seconds: number, executablePath: string | undefined): Promise<UiResult> {
  const harness = await startHarness()
  const server = await startServerProcess({ dataDir: join(harness.mediaDir, '..', 'bench-server'), nice: 10 })
  await server.control('faults.setLatency', { ms: SERVER_LATENCY_MS })
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  try {
    const account = { serviceUrl: server.url, partnerId: server.partnerId, authKind: 'admin-secret' as const }
    harness.journal.saveProfile({ id: 'bench', name: 'Bench', userId: '', ...account })
    await harness.secrets.set('bench', server.adminSecret, account)
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

    type Perf = { on: boolean; since: number; frames: number; maxFrame: number; loaf: number; inputDelay: number; inputs: number; durations: number[] }
    const measureFrom = (): Promise<void> =>
      page.evaluate(() => {
        const perf = (globalThis as unknown as { __perf: Perf }).__perf
        Object.assign(perf, { since: performance.now(), on: true, frames: 0, maxFrame: 0, loaf: 0, inputDelay: 0, inputs: 0, durations: [] })
      })
    const readPerf = (): Promise<Perf> => page.evaluate(() => ({ ...(globalThis as unknown as { __perf: Perf }).__perf }))

    // The batch arrives: 10,000 new rows reach the window (in slices) while the engine starts on them.
    const scan = await scanDropped([media])
    const { fileIds } = await enqueueFiles(harness.journal, { files: scan.files, profileId: 'bench', metadata: {}, duplicatePolicy: 'upload' })
    await measureFrom()
    const arrivalStarted = Date.now()
    harness.engine.add(fileIds)
    await page.locator(`[aria-label="Upload queue"][aria-rowcount="${count + 1}"]`).waitFor({ timeout: 60_000 })
    const arrivalMs = Date.now() - arrivalStarted
    const arrival = await readPerf()

    // Then the steady state: every row there, progress flowing, the user scrolling and opening a dialog.
    updates = 0
    await measureFrom()
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
    const perf = await readPerf()
    return {
      arrivalMs,
      arrivalLongestFrameMs: Math.round(arrival.maxFrame),
      arrivalLongestAnimationFrameMs: Math.round(arrival.loaf),
      rows: count,
      seconds,
      serverLatencyMs: SERVER_LATENCY_MS,
      frames: perf.frames,
      longestFrameMs: Math.round(perf.maxFrame),
      p50FrameMs: percentile(perf.durations, 50),
      p95FrameMs: percentile(perf.durations, 95),
      p99FrameMs: percentile(perf.durations, 99),
      framesOver50Ms: perf.durations.filter((d) => d > 50).length,
      longestAnimationFrameMs: Math.round(perf.loaf),
      worstInputDelayMs: Math.round(perf.inputDelay),
      inputs: perf.inputs,
      updates
    }
  } finally {
    await browser.close()
    await harness.close()
    await server.stop()
  }
}

/** The nearest-rank percentile of frame times, rounded to a tenth of a millisecond. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round(sorted[rank]! * 10) / 10
}
