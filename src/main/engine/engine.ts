// The upload engine: restores the queue from the journal, runs a bounded number of files at once over a shared
// connection pool, follows entries until Kaltura has them ready, and hands the user's commands (pause, resume,
// cancel with undo, retry, upload again, locate, remove, re-queue) to userCommands.ts. Every state change goes
// through stateChanges.ts. Power events and keep-awake come in through ports; nothing here imports Electron.
import { EventEmitter } from 'node:events'
import type { Journal, FileRow } from '../journal/journal'
import { RUNNABLE_STATES, type ActionReport, type FileAction } from '../../shared/fileStates'
import { FINISHED_STATES, type FileError, type FileView, type Settings, type Totals } from '../../shared/uploads'
import { UserCommands, type UserCommandDeps } from './userCommands'
import { BandwidthLimiter } from './bandwidthLimiter'
import { BatchRate } from './batchRate'
import { Batches } from './batches'
import { busySignal, type EngineEvents, type EngineOptions } from './engineOptions'
import { AdaptiveConnections } from './adaptiveConnections'
import { EntryFollowing } from './entryFollowing'
import { FileRun, RunStopped, type RunOutcome, type StopReason } from './fileRun'
import { Identification, type UnreadFiles } from './identification'
import type { ProgressTracker } from './progress'
import { DEFAULT_RETRY_POLICY } from './retryPolicy'
import { describe } from './runErrors'
import { RunQueue } from './runQueue'
import { watchSleep } from './sleepWatch'
import { changeState, changeStates } from './stateChanges'
import { UpdateBatcher } from './updates'
import { fileView, heldAccountsOf, totalsOf } from './views'

export class UploadEngine extends EventEmitter<EngineEvents> {
  private readonly journal: Journal
  private readonly connections: AdaptiveConnections
  private readonly limiter: BandwidthLimiter
  private readonly updates: UpdateBatcher
  private readonly queue = new RunQueue()
  private settingsValue: Settings
  private readonly runs = new Map<number, { run: FileRun; done: Promise<void> }>()
  private readonly following: EntryFollowing
  private readonly trackers = new Map<number, ProgressTracker>()
  /** The batch's speed, from bytes as the server confirms them. */
  private readonly rate = new BatchRate()
  private readonly batches: Batches
  /** Accounts Kaltura refused (with why), whose files wait paused; and why a running file is being paused, for its row. */
  private readonly heldAccounts = new Map<string, string>()
  private readonly pauseReasons = new Map<number, FileError>()
  private stopSleepWatch: (() => void) | null = null
  private suspended = false
  private closed = false
  private wasBusy = false
  private readonly commands: UserCommands
  private readonly identification: Identification

  constructor(private readonly opts: EngineOptions) {
    super()
    this.journal = opts.journal
    this.commands = new UserCommands(this.commandsDeps)
    this.batches = new Batches(this.journal, (batchId, summary) => this.emit('batch-finished', batchId, summary))
    this.settingsValue = this.journal.settings()
    this.identification = new Identification(this.journal, opts.logger, {
      policyOf: (batchId) => this.batches.get(batchId).duplicatePolicy,
      runnable: (id) => this.queue.add(id),
      touch: (id) => this.updates.touch(id),
      batchChanged: (batchId) => this.batches.check(batchId),
      pump: () => this.pump()
    })
    this.connections = new AdaptiveConnections(() => this.settingsValue, busySignal, opts.logger)
    this.limiter = new BandwidthLimiter(this.settingsValue.bandwidthLimit)
    this.following = new EntryFollowing({
      journal: this.journal,
      pool: this.connections.pool,
      logger: opts.logger,
      policy: opts.retry ?? DEFAULT_RETRY_POLICY,
      poll: opts.processingPoll ?? { initialMs: 2000, maxMs: 30_000 },
      apiFor: (batchId) => this.opts.apiFor(this.batches.get(batchId).profileId),
      onSettled: (id, batchId, outcome) => {
        // The journal counts a done file whole: its tracker would only cost the totals a lookup per tick.
        if (outcome === 'done') {
          this.trackers.delete(id)
          this.commands.finished(id)
        }
        if (outcome === 'requeued') this.queue.add(id)
        this.updates.touch(id)
        this.batches.check(batchId)
        this.pump()
      },
      onCountChange: () => this.checkIdle()
    })
    this.updates = new UpdateBatcher(
      {
        running: () => this.runs.keys(),
        view: (id) => {
          const row = this.journal.getFile(id)
          return row ? this.view(row) : null
        },
        totals: () => this.totals(),
        emit: (files, totals) => this.emit('update', files, totals)
      },
      opts.updateIntervalMs ?? 250
    )
  }

  /** Restores the queue from the journal and starts whatever was running or queued. */
  start(): void {
    for (const row of this.journal.allFiles()) {
      if (RUNNABLE_STATES.includes(row.state)) this.queue.add(row.id)
      else if (row.state === 'processing') this.following.follow(row.id)
      // Held before a restart: the account is still refused until it is saved again.
      else if (row.state === 'paused' && row.error?.kind === 'auth') this.heldAccounts.set(this.batches.get(row.batchId).profileId, row.error.message)
    }
    this.stopSleepWatch = watchSleep({
      power: this.opts.power,
      gapMs: this.opts.sleepGapMs ?? 30_000,
      onSuspend: () => this.suspend(),
      onWake: (why) => this.resumeFromSleep(why)
    })
    this.pump()
  }

  /** True when nothing runs, waits in the queue or is being followed while Kaltura prepares it. */
  isIdle(): boolean {
    return this.runs.size === 0 && this.queue.size === 0 && this.following.size === 0 && this.identification.size === 0
  }

  get settings(): Settings {
    return this.settingsValue
  }

  /** Changes settings while uploads run: limits apply to the next request. */
  updateSettings(patch: Partial<Settings>): Settings {
    this.settingsValue = { ...this.settingsValue, ...patch }
    this.journal.saveSettings(this.settingsValue)
    this.connections.settingsChanged()
    this.limiter.setRate(this.settingsValue.bandwidthLimit)
    this.pump()
    return this.settingsValue
  }

  /** Hands newly journaled files to the scheduler; files journaled unread (at Start) are read first, in order. */
  add(fileIds: readonly number[], unread?: UnreadFiles): void {
    for (const f of unread?.files ?? []) this.updates.touch(f.id)
    if (unread) this.identification.want(unread.files, unread.scanReads)
    for (const row of this.journal.filesByIds(fileIds)) {
      if (row.fingerprint === null && row.state === 'queued') this.identification.want([row])
      else if (RUNNABLE_STATES.includes(row.state) && !this.runs.has(row.id)) this.queue.add(row.id)
      this.updates.touch(row.id)
    }
    this.pump()
  }

  // The user's commands, each split first by the shared action rule (userCommands.ts); the report says what was
  // done and why the rest was left.
  pause = (ids?: readonly number[]): ActionReport => this.commands.pause(ids)
  resume = (ids?: readonly number[]): ActionReport => this.commands.resume(ids)
  /** With a grace period (the window's), each file pauses at once and is canceled for good later, unless undone. */
  cancel = (ids?: readonly number[]): Promise<ActionReport> => this.commands.cancel(ids)
  undoCancel = (ids: readonly number[]): Promise<ActionReport> => this.commands.undoCancel(ids)
  /** Failed files back to work (all failed ones when no ids are given), where asking again can help. */
  retry = (ids?: readonly number[]): ActionReport => this.commands.retry(ids)
  /** Failed files Kaltura could not process go up again, each to a new entry. */
  reupload = (ids: readonly number[]): ActionReport => this.commands.reupload(ids)
  requeue = (ids: readonly number[]): ActionReport => this.commands.requeue(ids)
  /** Failed files leave the queue; the journal keeps them as history. */
  remove = (ids: readonly number[]): ActionReport => this.commands.remove(ids)
  /** A failed file whose source is missing or changed, pointed at a path the user chose in the app's own dialog. */
  locate = (id: number, path: string): Promise<ActionReport> => this.commands.locate(id, path)
  /** Failed files dropped again where they were: missing ones are located at their own path, others retried. */
  retryDropped = (ids: readonly number[]): Promise<ActionReport> => this.commands.retryDropped(ids)
  /** Why an action would be refused for this file, or null: asked before a dialog opens. */
  refusal = (action: FileAction, id: number): string | null => this.commands.refusal(action, id)

  /** "Retry now": every retry waiting out a back-off (an outage, a busy server) goes at once. */
  retryNow(): number {
    return this.connections.pool.wakeAll()
  }

  /** An account's details changed: the files held because Kaltura refused it go back to work. */
  accountChanged(profileId: string): void {
    this.heldAccounts.delete(profileId)
    void this.resume(this.journal.accountFilesInStates(profileId, ['paused']).filter((r) => r.error?.kind === 'auth').map((r) => r.id))
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
    const runs = [...this.runs.values()]
    this.rate.setActive(runs.length > 0)
    const stuck = runs.length > 0 && runs.every((a) => a.run.waiting === 'network')
    const busy = runs.length > 0 || this.following.size > 0
    if (!busy) this.connections.pool.waits.reset()
    return {
      ...totalsOf(this.journal, this.trackers.values(), this.rate.reading(stuck)),
      outage: busy ? this.connections.pool.waits.reading(this.connections.pool.holdEndsAt) : null,
      heldAccounts: heldAccountsOf(this.journal, this.heldAccounts)
    }
  }

  /** Stops every request and leaves everything resumable. */
  async shutdown(): Promise<void> {
    this.closed = true
    this.identification.stop()
    this.stopSleepWatch?.()
    this.following.stopAll(true)
    await this.stopAll('shutdown')
    this.commands.finishPendingCancels()
    this.updates.close()
    this.connections.close()
    this.opts.keepAwake?.setActive(false)
  }

  // Commands

  private get commandsDeps(): UserCommandDeps {
    return {
      journal: this.journal,
      logger: this.opts.logger,
      enqueue: (id) => {
        this.queue.add(id)
        this.updates.touch(id)
      },
      follow: (id) => this.following.follow(id),
      forgetProgress: (id) => this.trackers.delete(id),
      touch: (id) => this.updates.touch(id),
      removed: (ids) => {
        this.emit('removed', ids)
        // The totals without them, at once: no file of theirs will be in an update again.
        this.emit('update', [], this.totals())
      },
      apiFor: (batchId) => this.opts.apiFor(this.batches.get(batchId).profileId),
      metadataOf: (batchId) => this.batches.get(batchId).metadata,
      batchChanged: (batchId) => this.batches.check(batchId),
      pauseRows: (rows) => this.pauseRows(rows),
      stopRun: (id) => this.stopRun(id),
      runEnded: async (id) => this.runs.get(id)?.done,
      pump: () => this.pump(),
      accountHeld: (batchId) => this.heldAccounts.has(this.batches.get(batchId).profileId),
      cancelGraceMs: this.opts.cancelGraceMs ?? 0
    }
  }

  /** Takes a file out of the queue and stops its run, if any, until its requests have ended. */
  private async stopRun(id: number): Promise<void> {
    this.queue.remove(id)
    const active = this.runs.get(id)
    if (!active) return
    active.run.stop('cancel')
    await active.done
  }

  /** Pauses files; a running one is paused by its run once its requests have stopped (see afterRun). */
  private pauseRows(rows: readonly FileRow[], why: FileError | null = null): void {
    const idle: FileRow[] = []
    for (const row of rows) {
      this.queue.remove(row.id)
      const active = this.runs.get(row.id)
      if (active) {
        if (why) this.pauseReasons.set(row.id, why)
        active.run.stop('pause')
      } else idle.push(row)
      this.updates.touch(row.id)
    }
    changeStates(this.journal, idle.map((r) => ({ id: r.id, to: 'paused', patch: why ? { error: why } : {} })), idle)
  }

  /**
   * Kaltura refused an account's sign-in (a wrong or revoked secret, a disabled or expired app token): every one of
   * its files would fail the same way, so they all wait, paused, with one message, until the account is fixed.
   */
  private holdAccount(fileId: number, batchId: number, refusal: FileError): void {
    const profileId = this.batches.get(batchId).profileId
    const profile = this.journal.getProfile(profileId)
    const why: FileError = { ...refusal, message: `${refusal.message} The uploads of ${profile ? `"${profile.name}"` : 'this account'} wait until the account is fixed.` }
    changeState(this.journal, fileId, 'paused', { error: why })
    this.pauseRows(this.journal.accountFilesInStates(profileId, RUNNABLE_STATES), why)
    if (this.heldAccounts.has(profileId)) return
    this.heldAccounts.set(profileId, refusal.message)
    this.opts.logger.warn('engine', `account ${profileId} refused: ${refusal.message}; its files are paused`)
    this.emit('account-held', profileId, why.message)
  }

  // Sleep and wake

  private suspend(): void {
    this.opts.logger.info('engine', 'system suspending: checkpointing and stopping requests')
    this.suspended = true
    void this.stopAll('suspend')
    this.following.stopAll()
  }

  private resumeFromSleep(why: string): void {
    if (this.closed) return
    this.opts.logger.info('engine', `resuming after sleep (${why}): re-verifying active uploads`)
    this.suspended = false
    void this.stopAll('suspend').then(() => {
      for (const row of this.journal.filesInStates(['processing'])) this.following.follow(row.id)
      this.pump()
    })
  }

  private async stopAll(reason: StopReason): Promise<void> {
    const active = [...this.runs.values()]
    for (const a of active) a.run.stop(reason)
    await Promise.all(active.map((a) => a.done))
  }

  // Scheduling

  private pump(): void {
    if (this.closed || this.suspended) return
    while (this.runs.size < Math.max(1, this.settingsValue.maxParallelFiles) && this.queue.size > 0) {
      const row = this.journal.getFile(this.queue.next()!)
      // No file runs before its content was read: a duplicate found late must not have started (identification.ts).
      if (row?.fingerprint === null) this.identification.want([row])
      else if (row && RUNNABLE_STATES.includes(row.state)) this.startRun(row)
    }
    this.checkIdle()
  }

  private startRun(row: FileRow): void {
    const batch = this.batches.get(row.batchId)
    const run = new FileRun(
      {
        apiFor: () => this.opts.apiFor(batch.profileId),
        journal: this.journal,
        pool: this.connections.pool,
        parallelism: this.connections,
        limiter: this.limiter,
        logger: this.opts.logger,
        retry: this.opts.retry ?? DEFAULT_RETRY_POLICY,
        settings: () => this.settingsValue,
        stallMs: this.opts.stallMs ?? 30_000,
        finalTimeoutMs: this.opts.finalTimeoutMs ?? 180_000,
        onChange: (id) => this.updates.touch(id)
      },
      row.id,
      batch
    )
    // A new run starts from the journal's contiguous offset until it has asked the server; meanwhile the row keeps
    // what the last run saw confirmed (chunks acknowledged out of order), so resuming never shows less.
    const before = this.trackers.get(row.id)?.snapshot().confirmedBytes ?? 0
    if (before > 0) run.progress.setConfirmed(Math.max(before, row.uploaded ? row.size : row.confirmedBytes))
    run.progress.reportConfirmedTo((bytes) => this.rate.confirmed(bytes))
    this.trackers.set(row.id, run.progress)
    const done = run
      .run()
      .then((outcome) => this.afterRun(row.id, row.batchId, run, outcome))
      .catch((err: unknown) => {
        this.opts.logger.error('engine', `file ${row.id}: run crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        const now = this.journal.getFile(row.id)
        if (now && now.state !== 'failed') changeState(this.journal, row.id, 'failed', { error: { kind: 'api', message: `Internal error: ${describe(err)}` }, finishedAt: Date.now() })
      })
      .finally(() => {
        this.runs.delete(row.id)
        this.updates.touch(row.id)
        this.batches.check(row.batchId)
        this.pump()
      })
    this.runs.set(row.id, { run, done })
    this.updates.touch(row.id)
  }

  private afterRun(id: number, batchId: number, run: FileRun, outcome: RunOutcome): void {
    if (outcome === 'entry-created') return this.following.follow(id)
    run.progress.settle()
    if (typeof outcome === 'object') return this.holdAccount(id, batchId, outcome.accountRefused)
    const why = this.pauseReasons.get(id) ?? null
    this.pauseReasons.delete(id)
    if (outcome !== 'stopped') return
    const reason = run.signal.reason instanceof RunStopped ? run.signal.reason.reason : null
    const now = this.journal.getFile(id)
    if (!now || !RUNNABLE_STATES.includes(now.state)) return
    if (reason === 'pause') changeState(this.journal, id, 'paused', why ? { error: why } : {})
    // Back to the front of the queue: it resumes first, after re-verifying with the server.
    else if (reason === 'suspend') this.queue.addFirst(id)
  }

  // Views and events

  private view(row: FileRow): FileView {
    const view = fileView(row, this.trackers.get(row.id), this.runs.get(row.id)?.run, this.journal)
    const until = this.commands.cancelingUntil(row.id)
    return until === null ? view : { ...view, cancelingUntil: until }
  }

  private checkIdle(): void {
    const busy = !this.isIdle()
    if (!busy && this.wasBusy) this.emit('idle')
    this.wasBusy = busy
    if (this.runs.size > 0) this.updates.keepTicking()
    // From Start on: reading the files for duplicates is part of the batch's work.
    this.opts.keepAwake?.setActive(this.settingsValue.keepAwake && (this.runs.size > 0 || this.following.size > 0 || this.identification.size > 0))
  }
}
