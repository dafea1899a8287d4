// One file's trip to Kaltura, from wherever the journal says it stands: upload token, chunks in parallel,
// verified final chunk, then the entry. Every step asks the server before trusting memory, and the journal is
// written before a chunk leaves and after the server acknowledges it.
import type { Journal, FileRow, BatchRow } from '../journal/journal'
import { UploadTokenStatus, type UploadToken } from '../kaltura'
import { checkUnchanged } from '../intake/fileIdentity'
import type { Logger } from '../logging/logger'
import type { FileError, FileState, Settings, WaitingReason } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import type { ConnectionPool } from './connectionPool'
import type { Parallelism } from './adaptiveConnections'
import type { BandwidthLimiter } from './bandwidthLimiter'
import { ChunkSender } from './chunkSender'
import { chunkLimitMemory } from './chunkLimitMemory'
import { ChunkSizer } from './chunkSizer'
import { attachEntry } from './entryCreation'
import { ProgressTracker } from './progress'
import { RangeSet } from './rangeSet'
import { withRetries, type RetryHooks, type RetryScope } from './retry'
import type { RetryPolicyOptions } from './retryPolicy'
import { describe, fileFailure, FileFailure, RunStopped, TokenLost, unexpectedError, untilStopped, VerifyAgain, type StopReason } from './runErrors'
import { changeState } from './stateChanges'
import { prepareToken } from './tokenSetup'

export { RunStopped, type StopReason } from './runErrors'

export interface FileRunDeps {
  /** The profile's Kaltura API; throws with a user-facing message when the profile cannot be used. */
  apiFor(): Promise<KalturaApi>
  journal: Journal
  pool: ConnectionPool
  /** How many chunks may be in flight now (adaptive parallelism). */
  parallelism: Parallelism
  limiter: BandwidthLimiter
  logger: Logger
  retry: RetryPolicyOptions
  settings(): Settings
  /** A chunk that sends nothing and gets no reply for this long is abandoned and re-verified. */
  stallMs: number
  /** The verified final chunk may wait ~45 s on the server for stragglers. */
  finalTimeoutMs: number
  /** Called whenever state, waiting or error changes (progress is polled). */
  onChange(fileId: number): void
}

/** How a run ended; an account Kaltura refused is not this file's failure: the engine holds the whole account. */
export type RunOutcome = 'entry-created' | 'failed' | 'stopped' | { accountRefused: FileError }

const MAX_TOKEN_RESTARTS = 3
const MAX_VERIFY_ROUNDS = 10

/**
 * The opening part of a multi-chunk file: small enough to go in TCP's initial window (10 segments) with the request's
 * headers, so it costs one round trip on a fresh connection. On a 300 ms link a 1 MB opening part took 2 s alone.
 */
export const OPENING_PART_BYTES = 8 * 1024

/**
 * FULL or CLOSED means the server checked the whole file, whatever uploadedFileSize now says: the engine's only finals
 * are a whole file in one part or an empty part at resumeAt = size, which turn FULL only when the assembled size is
 * resumeAt + part length (kUploadTokenMgr.php:417-422, :480-481). The stored uploadedFileSize can be stale: a
 * non-final request that loaded the token before it turned FULL saves its own size afterwards, and only the columns
 * it changed (BaseUploadToken.php:496-510, :565-579), so the status stays FULL beside a smaller size.
 */
function holdsWholeFile(token: UploadToken): boolean {
  return token.status === UploadTokenStatus.FULL_UPLOAD || token.status === UploadTokenStatus.CLOSED
}

export class FileRun {
  readonly progress: ProgressTracker
  waiting: WaitingReason = null
  /** Last transient problem, shown next to a waiting state. */
  waitingDetail: string | null = null
  private readonly controller = new AbortController()
  private readonly sizer: ChunkSizer
  private readonly scope: RetryScope
  private tokenRestarts = 0
  private apiValue: KalturaApi | null = null

  constructor(
    private readonly deps: FileRunDeps,
    readonly fileId: number,
    private readonly batch: BatchRow
  ) {
    const row = this.row()
    const s = deps.settings()
    this.sizer = new ChunkSizer({
      minBytes: s.minChunkBytes,
      maxBytes: s.maxChunkBytes,
      targetSeconds: s.targetChunkSeconds,
      limits: chunkLimitMemory(deps.journal.chunkLimits, batch.profileId)
    })
    this.progress = new ProgressTracker(fileId, row.size)
    this.progress.setConfirmed(row.uploaded ? row.size : row.confirmedBytes)
    this.scope = {
      pool: deps.pool,
      policy: deps.retry,
      logger: deps.logger,
      signal: this.controller.signal,
      label: `file ${fileId}`,
      setWaiting: (waiting, detail) => this.setWaiting(waiting, detail)
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  stop(reason: StopReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(new RunStopped(reason))
  }

  /** Runs until the entry has its content (the engine then follows processing), the file fails, or it is stopped. */
  async run(): Promise<RunOutcome> {
    try {
      try {
        this.apiValue = await untilStopped(this.deps.apiFor(), this.signal)
      } catch (err) {
        if (this.signal.aborted) throw this.signal.reason
        throw new FileFailure({ kind: 'auth', message: describe(err) })
      }
      for (let round = 0; ; round++) {
        const row = this.row()
        if (row.entryId && row.contentAttached) return 'entry-created'
        try {
          if (!row.uploaded) await this.uploadPhase(row)
          await this.entryPhase()
          return 'entry-created'
        } catch (err) {
          if (err instanceof TokenLost) {
            if (++this.tokenRestarts > MAX_TOKEN_RESTARTS) throw new FileFailure({ kind: 'token-expired', message: 'Kaltura kept losing the partial upload; the file was not finished.' })
            this.startOverWithNewToken(err.message)
            continue
          }
          if (err instanceof VerifyAgain && round < MAX_VERIFY_ROUNDS) continue
          throw err
        }
      }
    } catch (err) {
      const stopped = this.stopReason(err)
      if (stopped) return 'stopped'
      const fileError = err instanceof FileFailure ? err.fileError : unexpectedError(err)
      if (fileError.kind === 'auth') return { accountRefused: fileError }
      this.deps.logger.warn('upload', `file ${this.fileId} failed: ${fileError.message}`, { code: fileError.code })
      this.setState('failed', { error: fileError })
      return 'failed'
    }
  }

  // Upload phase

  private async uploadPhase(start: FileRow): Promise<void> {
    await this.checkFile(start)
    this.setState('uploading')
    const { tokenId, serverOffset, fresh } = await prepareToken({
      api: this.api,
      journal: this.deps.journal,
      logger: this.deps.logger,
      fileId: this.fileId,
      row: () => this.row(),
      call: (what, fn, hooks) => this.call(what, fn, hooks),
      markUploaded: () => this.markUploaded()
    })
    const row = this.row()
    if (row.uploaded) return
    const acked = this.deps.journal
      .chunksFor(this.fileId)
      .filter((c) => c.state === 'acked' && c.tokenId === tokenId && c.offset >= serverOffset)
      .map((c) => ({ start: c.offset, end: c.offset + c.length }))
    const pending = new RangeSet(serverOffset, row.size, acked)
    this.progress.setConfirmed(row.size - pending.bytes)

    const sender = new ChunkSender(
      { api: this.api, journal: this.deps.journal, parallelism: this.deps.parallelism, limiter: this.deps.limiter, sizer: this.sizer, progress: this.progress, settings: this.deps.settings, stallMs: this.deps.stallMs, scope: this.scope },
      row,
      tokenId
    )
    if (fresh) {
      // The first call replaces whatever the token held (resume=false) and must land before any other. A file that
      // fits in one chunk goes whole; otherwise a tiny opening part (as Kaltura's own parallel clients do) gets the
      // parallel chunks going after one round trip instead of a slow start's worth of them.
      // No chunk size is under the minimum setting: a file within it goes whole without reading the account's limits.
      const fitsInOne = row.size <= this.deps.settings().minChunkBytes || row.size <= this.sizer.bytes
      const first = pending.take(fitsInOne ? row.size : Math.max(OPENING_PART_BYTES, this.sizer.floor))!
      const whole = first.end === row.size
      if (!(await sender.sendOpening(first, pending, whole))) throw new VerifyAgain() // refused as too large or small: resize
      if (whole) return this.markUploaded()
    }

    for (let round = 0; ; round++) {
      await sender.sendAll(pending)
      if (await this.finalize(tokenId)) return
      // The server is missing bytes it had acknowledged: continue from its contiguous offset.
      if (round >= MAX_VERIFY_ROUNDS) throw new FileFailure({ kind: 'api', message: 'Kaltura could not assemble the file after repeated attempts.' })
      const token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
      // A final that lost a race (or whose reply was cut) to one that finished: nothing is missing.
      if (holdsWholeFile(token)) return this.markUploaded()
      const offset = Math.min(token.uploadedFileSize ?? 0, this.row().confirmedBytes)
      this.deps.journal.resetChunks(this.fileId, offset, false)
      pending.remove(0, row.size)
      pending.putBack({ start: offset, end: row.size })
      this.progress.setConfirmed(offset)
    }
  }

  /** The closing call: resumeAt = size with an empty part, so the server checks the total. True when complete. */
  private async finalize(tokenId: string): Promise<boolean> {
    const row = this.row()
    await this.checkFile(row)
    this.setState('finalizing')
    const complete = await withRetries(
      this.scope,
      'uploadToken.upload (final)',
      async (signal) => {
        this.deps.journal.chunkSending(this.fileId, tokenId, row.size, 0)
        const token = await this.api.uploadToken.upload(
          { uploadTokenId: tokenId, filePath: row.path, fileName: row.name, start: row.size, end: row.size, resume: true, resumeAt: row.size, finalChunk: true },
          { signal, timeoutMs: this.deps.finalTimeoutMs }
        )
        return holdsWholeFile(token) || (token.uploadedFileSize ?? 0) === row.size
      },
      {
        intercept: async (failure) => {
          if (failure === 'final-size-mismatch') return { value: false }
          if (failure !== 'token-not-uploadable') return undefined
          // Often a final call whose reply was lost, or that a proxy cut while the server went on: already complete.
          const token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
          if (holdsWholeFile(token)) return { value: true }
          if (token.status === UploadTokenStatus.PARTIAL_UPLOAD) return { value: false }
          throw new TokenLost('The server refused to finish the partial upload, so it started again.')
        },
        // A final cut by a proxy (504) goes on on the server, which may have finished it: ask before sending it again.
        beforeRetry: async () => {
          const token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
          return holdsWholeFile(token) ? { value: true } : undefined
        }
      }
    )
    if (complete) this.markUploaded()
    return complete
  }

  private markUploaded(): void {
    this.deps.journal.markUploaded(this.fileId)
    this.progress.complete()
    this.setWaiting(null)
    this.deps.logger.info('upload', `file ${this.fileId}: upload complete`)
  }

  private startOverWithNewToken(notice: string): void {
    this.deps.logger.warn('upload', `file ${this.fileId}: ${notice}`)
    this.deps.journal.updateFile(this.fileId, { tokenId: null, uploaded: false, confirmedBytes: 0, notice })
    this.deps.journal.resetChunks(this.fileId, 0, false)
    this.progress.setConfirmed(0)
    this.progress.settle()
    this.deps.onChange(this.fileId)
  }

  // Entry phase

  private async entryPhase(): Promise<void> {
    this.setState('creating-entry')
    await attachEntry({
      api: this.api,
      journal: this.deps.journal,
      logger: this.deps.logger,
      batch: this.batch,
      fileId: this.fileId,
      call: (what, fn, hooks) => this.call(what, fn, hooks),
      signal: this.signal,
      retry: this.deps.retry
    })
    this.setState('processing')
  }

  private get api(): KalturaApi {
    if (!this.apiValue) throw new Error('the Kaltura API is used before run() resolved it')
    return this.apiValue
  }

  // Shared plumbing

  /** One Kaltura call under the run's retry loop. */
  private call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>): Promise<T> {
    return withRetries(this.scope, what, fn, hooks)
  }

  /** The file on disk is still the one journaled in `row` (read by the caller just before). */
  private async checkFile(row: FileRow): Promise<void> {
    const problem = await checkUnchanged(row.path, row)
    if (problem) throw fileFailure(problem)
  }

  private setState(state: FileState, extra: { error?: FileError | null } = {}): void {
    // The state alone, not the whole row: this runs several times per file.
    const current = this.deps.journal.fileState(this.fileId)
    if (current === undefined) throw new RunStopped('cancel')
    if (current === state && extra.error === undefined) return
    changeState(this.deps.journal, this.fileId, state, {
      ...(extra.error !== undefined ? { error: extra.error } : state !== 'failed' ? { error: null } : {}),
      ...(state === 'failed' ? { finishedAt: Date.now() } : {})
    })
    if (state !== 'failed') this.waiting = null
    this.deps.onChange(this.fileId)
  }

  private setWaiting(waiting: WaitingReason, detail: string | null = null): void {
    if (this.waiting === waiting && this.waitingDetail === detail) return
    this.waiting = waiting
    this.waitingDetail = detail
    this.deps.onChange(this.fileId)
  }

  private row(): FileRow {
    const row = this.deps.journal.getFile(this.fileId)
    if (!row) throw new RunStopped('cancel')
    return row
  }

  private stopReason(err: unknown): StopReason | null {
    if (err instanceof RunStopped) return err.reason
    const reason: unknown = this.signal.reason
    if (this.signal.aborted && reason instanceof RunStopped) return reason.reason
    return null
  }
}
