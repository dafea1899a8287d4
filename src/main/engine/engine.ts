// The upload engine: restores the queue from the journal, runs a bounded number of files at once over a shared
// connection pool, follows entries until Kaltura has them ready, and takes the user's pause, resume, cancel and
// retry. Power events and keep-awake come in through ports; nothing here imports Electron.
import { EventEmitter } from 'node:events'
import type { Journal, FileRow, BatchRow } from '../journal/journal'
import { FINISHED_STATES, type FileView, type Settings, type Totals, type FileState } from '../../shared/uploads'
import { BandwidthLimiter } from './bandwidthLimiter'
import { ConnectionPool } from './connectionPool'
import { FileRun, RunStopped, type RunOutcome, type StopReason } from './fileRun'
import { isCancelable, isPausable } from './fileStates'
import type { KalturaApi } from './kalturaApi'
import type { Logger } from '../logging/logger'
import type { KeepAwake, PowerEvents } from './ports'
import { ProgressTracker, type FileProgress } from './progress'
import { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retryPolicy'
import { watchEntry } from './entryWatcher'

export interface EngineOptions {
  journal: Journal
  /** The Kaltura API for a profile; throws with a user-facing message when the profile cannot be used. */
  apiFor(profileId: string): Promise<KalturaApi>
  logger: Logger
  power?: PowerEvents
  keepAwake?: KeepAwake
  retry?: RetryPolicyOptions
  stallMs?: number
  finalTimeoutMs?: number
  /** media.get polling while Kaltura prepares an entry. */
  processingPoll?: { initialMs: number; maxMs: number }
  /** How often coalesced updates go out. */
  updateIntervalMs?: number
  /** A gap this long between watchdog ticks means the machine slept. */
  sleepGapMs?: number
}

export interface EngineEvents {
  /** Coalesced: files whose state, waiting, error or progress changed since the last update, and the totals. */
  update: [files: FileView[], totals: Totals]
  /** Every file of the batch reached done, failed, canceled or skipped. */
  'batch-finished': [batchId: number, summary: Partial<Record<FileState, number>>]
  /** Nothing is running, queued or processing. */
  idle: []
}

const RUNNABLE: readonly FileState[] = ['queued', 'uploading', 'finalizing', 'creating-entry']
const TERMINAL: readonly FileState[] = ['done', 'failed', 'canceled', 'skipped']

/** At most this many file views in one update event; the rest follow SLICE_INTERVAL_MS later. */
export const MAX_VIEWS_PER_UPDATE = 1000
const SLICE_INTERVAL_MS = 40

export class UploadEngine extends EventEmitter<EngineEvents> {
  private readonly journal: Journal
  private readonly pool: ConnectionPool
  private readonly limiter: BandwidthLimiter
  private settingsValue: Settings
  private readonly runs = new Map<number, { run: FileRun; done: Promise<void> }>()
  private readonly watchers = new Map<number, AbortController>()
  private readonly trackers = new Map<number, ProgressTracker>()
  private readonly runnable: number[] = []
  private readonly runnableSet = new Set<number>()
  private readonly dirty = new Set<number>()
  private readonly batches = new Map<number, BatchRow>()
  private readonly finishedBatches = new Set<number>()
  private readonly unsubscribe: Array<() => void> = []
  private flushTimer: NodeJS.Timeout | null = null
  private watchdog: NodeJS.Timeout | null = null
  private lastTick = Date.now()
  private suspended = false
  private closed = false
  private wasBusy = false

  constructor(private readonly opts: EngineOptions) {
    super()
    this.journal = opts.journal
    this.settingsValue = this.journal.settings()
    this.pool = new ConnectionPool(this.settingsValue.maxConnections)
    this.limiter = new BandwidthLimiter(this.settingsValue.bandwidthLimit)
  }

  /** Restores the queue from the journal and starts whatever was running or queued. */
  start(): void {
    for (const row of this.journal.allFiles()) {
      if (RUNNABLE.includes(row.state)) this.markRunnable(row.id)
      else if (row.state === 'processing') this.watchProcessing(row.id)
    }
    if (this.opts.power) {
      this.unsubscribe.push(this.opts.power.onSuspend(() => this.suspend()))
      this.unsubscribe.push(this.opts.power.onResume(() => this.resumeFromSleep('power event')))
    }
    const gap = this.opts.sleepGapMs ?? 30_000
    this.watchdog = setInterval(() => {
      const now = Date.now()
      if (now - this.lastTick > gap) this.resumeFromSleep(`clock jumped ${Math.round((now - this.lastTick) / 1000)} s`)
      this.lastTick = now
    }, Math.min(5000, gap / 3))
    this.watchdog.unref()
    this.pump()
  }

  /** True when nothing runs, waits in the queue or is being followed while Kaltura prepares it. */
  isIdle(): boolean {
    return this.runs.size === 0 && this.runnable.length === 0 && this.watchers.size === 0
  }

  get settings(): Settings {
    return this.settingsValue
  }

  /** Changes settings while uploads run: limits apply to the next request. */
  updateSettings(patch: Partial<Settings>): Settings {
    this.settingsValue = { ...this.settingsValue, ...patch }
    this.journal.saveSettings(this.settingsValue)
    this.pool.setLimit(this.settingsValue.maxConnections)
    this.limiter.setRate(this.settingsValue.bandwidthLimit)
    this.pump()
    return this.settingsValue
  }

  /** Hands newly journaled files to the scheduler. */
  add(fileIds: readonly number[]): void {
    for (const id of fileIds) {
      const row = this.journal.getFile(id)
      if (row && RUNNABLE.includes(row.state)) this.markRunnable(id)
      this.touch(id)
    }
    this.pump()
  }

  pause(ids?: readonly number[]): void {
    const rows = ids ? ids.map((id) => this.journal.getFile(id)).filter((r): r is FileRow => !!r) : this.journal.filesInStates(['queued', 'uploading', 'finalizing'])
    const patches: Array<[number, { state: FileState }]> = []
    for (const row of rows) {
      if (!isPausable(row.state)) continue
      this.unmarkRunnable(row.id)
      const active = this.runs.get(row.id)
      if (active) active.run.stop('pause')
      else patches.push([row.id, { state: 'paused' }])
      this.touch(row.id)
    }
    this.journal.updateFiles(patches)
    this.pump()
  }

  resume(ids?: readonly number[]): void {
    const rows = ids ? ids.map((id) => this.journal.getFile(id)).filter((r): r is FileRow => !!r) : this.journal.filesInStates(['paused'])
    const resumed = rows.filter((r) => r.state === 'paused')
    this.journal.updateFiles(resumed.map((r) => [r.id, { state: 'queued' }]))
    for (const r of resumed) {
      this.markRunnable(r.id)
      this.touch(r.id)
    }
    this.pump()
  }

  /** Stops a file for good and removes its partial upload from the server (best effort). */
  async cancel(ids: readonly number[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const row = this.journal.getFile(id)
        if (!row || !isCancelable(row.state)) return
        this.unmarkRunnable(id)
        const active = this.runs.get(id)
        if (active) {
          active.run.stop('cancel')
          await active.done
        }
        const now = this.journal.getFile(id)!
        if (!isCancelable(now.state)) return
        this.journal.updateFile(id, { state: 'canceled', finishedAt: Date.now() })
        this.journal.resetChunks(id, 0, false)
        this.touch(id)
        if (now.tokenId && !now.entryId) void this.deleteToken(now)
        this.checkBatchFinished(now.batchId)
      })
    )
    this.pump()
  }

  /** Puts failed files back in the queue (all failed ones when no ids are given). */
  retry(ids?: readonly number[]): void {
    const rows = ids ? ids.map((id) => this.journal.getFile(id)).filter((r): r is FileRow => !!r) : this.journal.filesInStates(['failed'])
    for (const row of rows) {
      if (row.state !== 'failed' && row.state !== 'skipped') continue
      const startOver = row.error?.kind === 'file-changed' || row.error?.kind === 'token-expired'
      this.journal.updateFile(row.id, {
        state: 'queued',
        error: null,
        finishedAt: null,
        ...(startOver ? { tokenId: null, uploaded: false, confirmedBytes: 0 } : {})
      })
      if (startOver) this.journal.resetChunks(row.id, 0, false)
      this.trackers.delete(row.id)
      if (row.entryId && row.contentAttached) this.watchProcessing(row.id)
      else this.markRunnable(row.id)
      this.touch(row.id)
    }
    this.pump()
  }

  /** Every file in the list as the UI shows it. */
  files(): FileView[] {
    return this.journal.visibleFiles().map((row) => this.view(row))
  }

  /** Takes done, canceled and skipped files out of the list. */
  clearFinished(): void {
    this.journal.archiveFinished()
    for (const row of this.journal.allFiles()) if (FINISHED_STATES.includes(row.state)) this.trackers.delete(row.id)
  }

  totals(): Totals {
    const byState: Partial<Record<FileState, number>> = {}
    let files = 0
    let bytes = 0
    let shown = 0
    for (const c of this.journal.stateCounts()) {
      files += c.files
      byState[c.state] = c.files
      if (c.state === 'canceled' || c.state === 'skipped') continue
      bytes += c.bytes
      shown += c.confirmed
    }
    // Files in flight: their progress bars run ahead of what the journal has confirmed.
    let speed = 0
    for (const id of this.runs.keys()) {
      const tracker = this.trackers.get(id)
      const row = tracker && this.journal.getFile(id)
      if (!tracker || !row) continue
      const p = tracker.snapshot()
      shown += Math.max(0, p.shownBytes - (row.uploaded ? row.size : row.confirmedBytes))
      speed += p.speed
    }
    shown = Math.min(shown, bytes)
    return { files, byState, bytes, shownBytes: shown, speed, etaSeconds: speed >= 1 ? Math.ceil((bytes - shown) / speed) : null }
  }

  /** Stops every request and leaves everything resumable. */
  async shutdown(): Promise<void> {
    this.closed = true
    for (const u of this.unsubscribe.splice(0)) u()
    if (this.watchdog) clearInterval(this.watchdog)
    await this.stopAll('shutdown')
    for (const w of this.watchers.values()) w.abort()
    this.watchers.clear()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flush()
    this.pool.close()
    this.opts.keepAwake?.setActive(false)
  }

  // Sleep and wake

  private suspend(): void {
    this.opts.logger.info('engine', 'system suspending: checkpointing and stopping requests')
    this.suspended = true
    void this.stopAll('suspend')
    for (const w of this.watchers.values()) w.abort()
  }

  private resumeFromSleep(why: string): void {
    if (this.closed) return
    this.opts.logger.info('engine', `resuming after sleep (${why}): re-verifying active uploads`)
    this.suspended = false
    void this.stopAll('suspend').then(() => {
      for (const row of this.journal.filesInStates(['processing'])) this.watchProcessing(row.id)
      this.pump()
    })
  }

  private async stopAll(reason: StopReason): Promise<void> {
    const active = [...this.runs.values()]
    for (const a of active) a.run.stop(reason)
    await Promise.all(active.map((a) => a.done))
  }

  // Scheduling

  private markRunnable(id: number): void {
    if (this.runnableSet.has(id) || this.runs.has(id)) return
    this.runnableSet.add(id)
    this.runnable.push(id)
  }

  private unmarkRunnable(id: number): void {
    if (!this.runnableSet.delete(id)) return
    const i = this.runnable.indexOf(id)
    if (i >= 0) this.runnable.splice(i, 1)
  }

  private pump(): void {
    if (this.closed || this.suspended) return
    while (this.runs.size < Math.max(1, this.settingsValue.maxParallelFiles) && this.runnable.length > 0) {
      const id = this.runnable.shift()!
      this.runnableSet.delete(id)
      const row = this.journal.getFile(id)
      if (!row || !RUNNABLE.includes(row.state)) continue
      this.startRun(row)
    }
    this.updateKeepAwake()
    this.checkIdle()
  }

  private startRun(row: FileRow): void {
    const batch = this.batchOf(row.batchId)
    const run = new FileRun(
      {
        apiFor: () => this.opts.apiFor(batch.profileId),
        journal: this.journal,
        pool: this.pool,
        limiter: this.limiter,
        logger: this.opts.logger,
        retry: this.opts.retry ?? DEFAULT_RETRY_POLICY,
        settings: () => this.settingsValue,
        stallMs: this.opts.stallMs ?? 30_000,
        finalTimeoutMs: this.opts.finalTimeoutMs ?? 180_000,
        onChange: (id) => this.touch(id)
      },
      row.id,
      batch
    )
    this.trackers.set(row.id, run.progress)
    const done = run
      .run()
      .then((outcome) => this.afterRun(row.id, run, outcome))
      .catch((err: unknown) => {
        this.opts.logger.error('engine', `file ${row.id}: run crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        this.journal.updateFile(row.id, { state: 'failed', error: { kind: 'api', message: `Internal error: ${err instanceof Error ? err.message : String(err)}` } })
      })
      .finally(() => {
        this.runs.delete(row.id)
        this.touch(row.id)
        this.checkBatchFinished(row.batchId)
        this.pump()
      })
    this.runs.set(row.id, { run, done })
    this.touch(row.id)
  }

  private afterRun(id: number, run: FileRun, outcome: RunOutcome): void {
    if (outcome === 'entry-created') return this.watchProcessing(id)
    run.progress.settle()
    if (outcome !== 'stopped') return
    const reason = run.signal.reason instanceof RunStopped ? run.signal.reason.reason : null
    const now = this.journal.getFile(id)
    if (!now) return
    if (reason === 'pause' && RUNNABLE.includes(now.state)) {
      this.journal.updateFile(id, { state: 'paused' })
    } else if (reason === 'suspend' && RUNNABLE.includes(now.state)) {
      // Back to the front of the queue: it resumes first, after re-verifying with the server.
      this.runnable.unshift(id)
      this.runnableSet.add(id)
    }
  }

  // Processing: follow the entry until Kaltura says it is ready or failed.

  private watchProcessing(id: number): void {
    if (this.watchers.has(id) || this.closed) return
    const controller = new AbortController()
    this.watchers.set(id, controller)
    void this.followEntry(id, controller.signal).finally(() => {
      if (this.watchers.get(id) === controller) this.watchers.delete(id)
      this.checkIdle()
    })
  }

  private async followEntry(id: number, signal: AbortSignal): Promise<void> {
    const row = this.journal.getFile(id)
    if (!row?.entryId) return
    let api: KalturaApi
    try {
      api = await this.opts.apiFor(this.batchOf(row.batchId).profileId)
    } catch {
      return
    }
    const verdict = await watchEntry({
      api,
      pool: this.pool,
      entryId: row.entryId,
      signal,
      poll: this.opts.processingPoll ?? { initialMs: 2000, maxMs: 30_000 },
      onStatus: (status) => this.journal.updateFile(id, { entryStatus: status })
    })
    switch (verdict.kind) {
      case 'stopped':
        return
      case 'ready':
        this.journal.updateFile(id, { state: 'done', finishedAt: Date.now(), error: null })
        this.trackers.get(id)?.complete()
        this.opts.logger.info('entry', `file ${id}: entry ${row.entryId} is ready`)
        break
      case 'failed':
        this.journal.updateFile(id, { state: 'failed', finishedAt: Date.now(), error: verdict.error })
        break
      case 'no-content':
        // The content never reached the entry: attach it again through the normal run.
        this.journal.updateFile(id, { state: 'queued', contentAttached: false })
        this.markRunnable(id)
        this.pump()
        break
    }
    this.touch(id)
    this.checkBatchFinished(row.batchId)
  }

  private async deleteToken(row: FileRow): Promise<void> {
    try {
      const api = await this.opts.apiFor(this.batchOf(row.batchId).profileId)
      await api.uploadToken.delete(row.tokenId!, { timeoutMs: 15_000 })
    } catch (err) {
      this.opts.logger.info('engine', `file ${row.id}: could not delete token after cancel: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  // Views and updates

  private batchOf(id: number): BatchRow {
    let batch = this.batches.get(id)
    if (!batch) {
      batch = this.journal.getBatch(id)
      if (!batch) throw new Error(`batch ${id} is missing from the journal`)
      this.batches.set(id, batch)
    }
    return batch
  }

  private progressOf(row: FileRow): FileProgress {
    const tracker = this.trackers.get(row.id)
    if (tracker) return tracker.snapshot()
    const shown = row.state === 'done' || row.uploaded ? row.size : row.confirmedBytes
    return { fileId: row.id, size: row.size, confirmedBytes: shown, inFlightBytes: 0, shownBytes: shown, speed: 0, etaSeconds: null }
  }

  private view(row: FileRow): FileView {
    const p = this.progressOf(row)
    const run = this.runs.get(row.id)?.run
    return {
      id: row.id,
      batchId: row.batchId,
      name: row.name,
      relativePath: row.relativePath,
      size: row.size,
      state: row.state,
      waiting: run?.waiting ?? null,
      waitingDetail: run?.waitingDetail ?? null,
      error: row.error,
      notice: row.notice,
      entryId: row.entryId,
      duplicateOf: row.duplicateOf,
      confirmedBytes: p.confirmedBytes,
      inFlightBytes: p.inFlightBytes,
      shownBytes: p.shownBytes,
      speed: this.runs.has(row.id) ? p.speed : 0,
      etaSeconds: this.runs.has(row.id) ? p.etaSeconds : null
    }
  }

  /** Marks a file changed; changes go out together a few times a second. */
  private touch(id: number): void {
    this.dirty.add(id)
    this.scheduleFlush()
  }

  private scheduleFlush(delayMs = this.opts.updateIntervalMs ?? 250): void {
    if (this.flushTimer || this.closed) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      this.flush()
    }, delayMs)
    this.flushTimer.unref()
  }

  private flush(): void {
    if (this.runs.size === 0 && this.dirty.size === 0) return
    const views: FileView[] = []
    const send = (id: number): void => {
      this.dirty.delete(id)
      const row = this.journal.getFile(id)
      if (row) views.push(this.view(row))
    }
    // Running files change every tick (bytes, speed), so they always go out, and first. Other changes go out at most
    // MAX_VIEWS_PER_UPDATE at a time: a batch of 10,000 new files reaches the window in slices a frame or so apart,
    // not as one message it must parse and merge in a single long frame.
    for (const id of this.runs.keys()) send(id)
    for (const id of this.dirty) {
      if (views.length >= MAX_VIEWS_PER_UPDATE) break
      send(id)
    }
    this.emit('update', views, this.totals())
    if (this.dirty.size > 0) this.scheduleFlush(SLICE_INTERVAL_MS)
    else if (this.runs.size > 0) this.scheduleFlush()
  }

  private checkBatchFinished(batchId: number): void {
    const summary: Partial<Record<FileState, number>> = {}
    let open = 0
    for (const c of this.journal.batchStateCounts(batchId)) {
      summary[c.state] = c.files
      if (!TERMINAL.includes(c.state)) open += c.files
    }
    if (open === 0 && !this.finishedBatches.has(batchId)) {
      this.finishedBatches.add(batchId)
      this.emit('batch-finished', batchId, summary)
    } else if (open > 0) {
      this.finishedBatches.delete(batchId)
    }
  }

  private updateKeepAwake(): void {
    this.opts.keepAwake?.setActive(this.settingsValue.keepAwake && (this.runs.size > 0 || this.watchers.size > 0))
  }

  private checkIdle(): void {
    const busy = this.runs.size > 0 || this.runnable.length > 0 || this.watchers.size > 0
    if (!busy && this.wasBusy) this.emit('idle')
    this.wasBusy = busy
    this.updateKeepAwake()
  }
}
