// From a drop of 10,000 small files to the first upload byte at the server, and to every row in the update events:
// through the real handlers (scan:dropped, then batch:start the moment the summary answers: the user's click on
// Start counts as instant), the real engine and journal, against the Kaltura test server replying after 40 ms. And
// the same from the user's side, in Chromium: pick the folder, click Start, every row in the window.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../test/e2e/harness/harness'
import { startKalturaTestServer } from '../test/kaltura-server/index'
import { MemorySecretStore } from '../test/main/accounts/memorySecretStore'
import { clientForProfile } from '../src/main/accounts/accounts'
import { UploadEngine } from '../src/main/engine/engine'
import { forwardEngineEvents } from '../src/main/ipc/engineEvents'
import { createHandlers } from '../src/main/ipc/handlers'
import { openJournal } from '../src/main/journal/openJournal'
import { silentLogger } from '../src/main/logging/logger'

export interface FirstByteResult {
  files: number
  /** From the drop until the summary answered (the walk, and whatever else the summary waits for). */
  summaryMs: number
  /** From the drop until batch:start answered. */
  startMs: number
  /** From the drop until the first bytes of the first upload request reached the server. */
  firstByteMs: number
  /** From the drop until the update events had named every file. */
  allRowsMs: number
  serverLatencyMs: number
}

const SERVER_LATENCY_MS = 40

export async function dropToFirstByte(count: number): Promise<FirstByteResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kbu-bench-firstbyte-'))
  const server = await startKalturaTestServer({ dataDir: join(dir, 'server') })
  const journal = openJournal(join(dir, 'journal.db')).journal
  const profile = { id: 'bench', name: 'Bench', serviceUrl: server.url, partnerId: server.partnerId, userId: '', authKind: 'admin-secret' as const }
  const engine = new UploadEngine({ journal, logger: silentLogger, apiFor: async () => clientForProfile(profile, server.adminSecret) })
  try {
    server.faults.setLatency(SERVER_LATENCY_MS)
    journal.saveProfile(profile)
    const secrets = new MemorySecretStore()
    await secrets.set('bench', server.adminSecret, profile)
    const media = join(dir, 'media')
    for (let folder = 0; folder < 100; folder++) {
      await mkdir(join(media, `f${folder}`), { recursive: true })
      await Promise.all(Array.from({ length: count / 100 }, (_, i) => writeFile(join(media, `f${folder}`, `clip-${i}.mp4`), `clip ${folder} ${i}`)))
    }
    const handlers = createHandlers({
      journal,
      engine,
      secrets,
      logger: silentLogger,
      dialogs: { pickPaths: async () => null, saveReportPath: async () => null, locateFile: async () => null },
      openExternal: async () => undefined,
      appInfo: () => ({ name: 'bench', version: '0', dataDir: dir, journalNotice: null }),
      onProfileChanged: () => undefined
    })
    engine.start()

    let dropped = 0
    let droppedAt = 0
    const since = (): number => performance.now() - dropped
    // The hook runs once the request has arrived in full; its record says when its first bytes arrived.
    const firstByte = new Promise<number>((resolve) => {
      server.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, run: (request) => resolve(request.at - droppedAt) })
    })
    const seen = new Set<number>()
    const allRows = new Promise<number>((resolve) => {
      forwardEngineEvents(engine, (channel, payload) => {
        if (channel !== 'files:update') return
        for (const f of (payload as { files: Array<{ id: number }> }).files) seen.add(f.id)
        if (seen.size === count) resolve(since())
      })
    })

    dropped = performance.now()
    droppedAt = Date.now()
    const summary = await handlers['scan:dropped']({ paths: [media] })
    if (!summary.ok) throw new Error(summary.message)
    const summaryMs = since()
    const started = await handlers['batch:start']({ scanId: summary.value.scanId, profileId: 'bench', metadata: {}, duplicatePolicy: 'upload' })
    if (!started.ok) throw new Error(started.message)
    const startMs = since()
    if (started.value.queued !== count) throw new Error(`queued ${started.value.queued} of ${count}`)
    const [firstByteMs, allRowsMs] = await Promise.all([firstByte, allRows])
    return { files: count, summaryMs, startMs, firstByteMs, allRowsMs, serverLatencyMs: SERVER_LATENCY_MS }
  } finally {
    await engine.shutdown()
    journal.close()
    await server.close()
    await rm(dir, { recursive: true, force: true })
  }
}

export interface WindowFirstByte {
  files: number
  /** From the click on "Add folder…" until the first upload byte reached the server, the user's time on Start left out. */
  firstByteMs: number
  /** From that click until the window's queue had every row, the user's time on Start left out. */
  allRowsMs: number
  /** Left out: from the summary reaching the page until its Start request left (rendering, and the click itself). */
  clickMs: number
}

/**
 * The same in the window, in Chromium, through the harness the browser tests use: the user picks the folder (the
 * scan a drop runs), clicks Start upload as soon as the summary shows, and waits for every row in the queue.
 */
export async function pickToRowsInWindow(count: number, executablePath: string | undefined): Promise<WindowFirstByte> {
  const harness = await startHarness()
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
  try {
    harness.kaltura.faults.setLatency(SERVER_LATENCY_MS)
    const account = { serviceUrl: harness.kaltura.url, partnerId: harness.kaltura.partnerId, authKind: 'admin-secret' as const }
    harness.journal.saveProfile({ id: 'bench', name: 'Bench', userId: '', ...account })
    await harness.secrets.set('bench', harness.kaltura.adminSecret, account)
    const media = join(harness.mediaDir, 'term')
    for (let folder = 0; folder < 100; folder++) {
      await mkdir(join(media, `f${folder}`), { recursive: true })
      await Promise.all(Array.from({ length: count / 100 }, (_, i) => writeFile(join(media, `f${folder}`, `clip-${i}.mp4`), `clip ${folder} ${i}`)))
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(harness.url)
    await page.getByLabel('Drop zone').waitFor()
    let picked = 0
    let pickedAt = 0
    const firstByte = new Promise<number>((resolve) => {
      harness.kaltura.faults.onRequest({ match: { service: 'uploadtoken', action: 'upload' }, run: (request) => resolve(request.at - pickedAt) })
    })
    // The harness carries each request over HTTP: the summary's answer and the Start request show when the user's
    // part began and ended.
    const answered = page.waitForResponse((r) => decodeURIComponent(r.url()).endsWith('/ipc/scan:pick'), { timeout: 60_000 }).then(() => performance.now())
    const clicked = page.waitForRequest((r) => decodeURIComponent(r.url()).endsWith('/ipc/batch:start'), { timeout: 60_000 }).then(() => performance.now())
    harness.answerNextPick([media])
    picked = performance.now()
    pickedAt = Date.now()
    await page.getByRole('button', { name: 'Add folder…' }).click()
    await page.getByRole('dialog', { name: 'Scan summary' }).getByRole('button', { name: 'Start upload' }).click()
    await page.locator(`[aria-label="Upload queue"][aria-rowcount="${count + 1}"]`).waitFor({ timeout: 60_000 })
    const allRowsMs = performance.now() - picked
    const clickMs = (await clicked) - (await answered)
    return { files: count, firstByteMs: (await firstByte) - clickMs, allRowsMs: allRowsMs - clickMs, clickMs }
  } finally {
    await browser.close()
    await harness.close()
  }
}
