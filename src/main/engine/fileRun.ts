// One file's trip to Kaltura, from wherever the journal says it stands: upload token, chunks in parallel,
// verified final chunk, then the entry. Every step asks the server before trusting memory, and the journal is
// written before a chunk leaves and after the server acknowledges it.
import type { Journal, FileRow, BatchRow } from '../journal/journal'
import { classifyKalturaError, KalturaTransportError, UploadTokenStatus, type UploadToken } from '../kaltura'
import type { FileError, FileState, Settings, WaitingReason } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import type { ConnectionPool } from './connectionPool'
import { sleep, type BandwidthLimiter } from './bandwidthLimiter'
import { ChunkSizer, tailBalancedChunk } from './chunkSizer'
import { attachEntry } from './entryCreation'
import { checkIdentity } from '../intake/fileIdentity'
import { assertTransition } from './fileStates'
import type { Logger } from '../logging/logger'
import { ProgressTracker } from './progress'
import { RangeSet, type ByteRange } from './rangeSet'
import { retryingCall, type CallContext } from './retryingCall'
import { decideRetry, type RetryPolicyOptions } from './retryPolicy'
import { describe, FileFailure, isOffline, retryAfter, RunStopped, TokenLost, unexpectedError, untilStopped, userError, VerifyAgain, type StopReason } from './runErrors'

export { RunStopped, type StopReason } from './runErrors'

export interface FileRunDeps {
  /** The profile's Kaltura API; throws with a user-facing message when the profile cannot be used. */
  apiFor(): Promise<KalturaApi>
  journal: Journal
  pool: ConnectionPool
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

export type RunOutcome = 'entry-created' | 'failed' | 'stopped'

const MAX_TOKEN_RESTARTS = 3
const MAX_VERIFY_ROUNDS = 10

/**
 * The opening part of a multi-chunk file: small enough to go in TCP's initial window (10 segments) with the request's
 * headers, so it costs one round trip on a fresh connection. On a 300 ms link a 1 MB opening part took 2 s alone.
 */
export const OPENING_PART_BYTES = 8 * 1024

export class FileRun {
  readonly progress: ProgressTracker
  waiting: WaitingReason = null
  /** Last transient problem, shown next to a waiting state. */
  waitingDetail: string | null = null
  private readonly controller = new AbortController()
  private readonly sizer: ChunkSizer
  private tokenRestarts = 0
  private apiValue: KalturaApi | null = null

  constructor(
    private readonly deps: FileRunDeps,
    readonly fileId: number,
    private readonly batch: BatchRow
  ) {
    const row = this.row()
    const s = deps.settings()
    this.sizer = new ChunkSizer({ minBytes: s.minChunkBytes, maxBytes: s.maxChunkBytes, targetSeconds: s.targetChunkSeconds })
    this.progress = new ProgressTracker(fileId, row.size)
    this.progress.setConfirmed(row.uploaded ? row.size : row.confirmedBytes)
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
          if (!row.uploaded) await this.uploadPhase()
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
      this.deps.logger.warn('upload', `file ${this.fileId} failed: ${fileError.message}`, { code: fileError.code })
      this.setState('failed', { error: fileError })
      return 'failed'
    }
  }

  // Upload phase

  private async uploadPhase(): Promise<void> {
    await this.checkFile()
    this.setState('uploading')
    const { tokenId, serverOffset, fresh } = await this.prepareToken()
    const row = this.row()
    if (row.uploaded) return
    const acked = this.deps.journal
      .chunksFor(this.fileId)
      .filter((c) => c.state === 'acked' && c.tokenId === tokenId && c.offset >= serverOffset)
      .map((c) => ({ start: c.offset, end: c.offset + c.length }))
    const pending = new RangeSet(serverOffset, row.size, acked)
    this.progress.setConfirmed(row.size - pending.bytes)

    if (fresh) {
      // The first call replaces whatever the token held (resume=false) and must land before any other. A file that
      // fits in one chunk goes whole; otherwise a tiny opening part (as Kaltura's own parallel clients do) gets the
      // parallel chunks going after one round trip instead of a slow start's worth of them.
      const fitsInOne = row.size <= this.sizer.bytes
      const first = pending.take(fitsInOne ? row.size : OPENING_PART_BYTES)!
      const whole = first.end === row.size
      const release = await this.deps.pool.acquire(this.signal)
      await this.sendChunkWithRetry(tokenId, first, pending, release, this.signal, { resume: false, final: whole })
      if (!pending.isEmpty && pending.bytes === row.size) throw new VerifyAgain() // the first chunk was put back (413)
      if (whole) return this.markUploaded()
    }

    for (let round = 0; ; round++) {
      await this.sendAll(tokenId, pending)
      if (await this.finalize(tokenId)) return
      // The server is missing bytes it had acknowledged: continue from its contiguous offset.
      if (round >= MAX_VERIFY_ROUNDS) throw new FileFailure({ kind: 'api', message: 'Kaltura could not assemble the file after repeated attempts.' })
      const token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
      const offset = token.uploadedFileSize ?? 0
      this.deps.journal.resetChunks(this.fileId, offset, false)
      pending.remove(0, row.size)
      pending.putBack({ start: offset, end: row.size })
      this.progress.setConfirmed(offset)
    }
  }

  /** Finds or creates the upload token and learns the server's offset. */
  private async prepareToken(): Promise<{ tokenId: string; serverOffset: number; fresh: boolean }> {
    const row = this.row()
    if (row.tokenId) {
      const tokenId = row.tokenId
      let token: UploadToken
      try {
        token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
      } catch (err) {
        if (err instanceof TokenLost) throw new TokenLost('The server no longer had the partial upload, so it started again.')
        throw err
      }
      const uploaded = token.uploadedFileSize ?? 0
      switch (token.status) {
        case UploadTokenStatus.PENDING:
          this.deps.journal.resetChunks(this.fileId, 0, false)
          return { tokenId, serverOffset: 0, fresh: true }
        case UploadTokenStatus.PARTIAL_UPLOAD:
          this.deps.journal.resetChunks(this.fileId, uploaded, true)
          return { tokenId, serverOffset: uploaded, fresh: false }
        case UploadTokenStatus.FULL_UPLOAD:
        case UploadTokenStatus.CLOSED:
          if (uploaded === row.size || token.status === UploadTokenStatus.CLOSED) {
            this.markUploaded()
            return { tokenId, serverOffset: row.size, fresh: false }
          }
          throw new TokenLost(`The server's copy had the wrong size (${uploaded} of ${row.size} bytes), so it started again.`)
        default:
          throw new TokenLost('The server no longer had the partial upload, so it started again.')
      }
    }
    const token = await this.call('uploadToken.add', (signal) =>
      this.api.uploadToken.add({ fileName: row.name, fileSize: row.size }, { signal })
    )
    this.deps.journal.updateFile(this.fileId, { tokenId: token.id, confirmedBytes: 0 })
    this.deps.journal.resetChunks(this.fileId, 0, false)
    this.deps.logger.info('upload', `file ${this.fileId}: token ${token.id} created`)
    return { tokenId: token.id, serverOffset: 0, fresh: true }
  }

  /** Sends every pending range, several chunks at once within the shared connection pool. */
  private async sendAll(tokenId: string, pending: RangeSet): Promise<void> {
    const inFlight = new Set<Promise<void>>()
    const chunkController = new AbortController()
    const onStop = (): void => chunkController.abort(this.signal.reason)
    this.signal.addEventListener('abort', onStop, { once: true })
    let fatal: unknown = null
    try {
      while (fatal === null) {
        const limit = Math.max(1, this.deps.settings().maxConnections)
        if (!pending.isEmpty && inFlight.size < limit) {
          const release = await this.deps.pool.acquire(chunkController.signal).catch((e: unknown) => {
            fatal ??= e
            return null
          })
          if (!release) break
          const range = pending.take(tailBalancedChunk(this.sizer.bytes, pending.bytes, limit, this.deps.settings().minChunkBytes))
          if (!range) {
            release()
            continue
          }
          const task: Promise<void> = this.sendChunkWithRetry(tokenId, range, pending, release, chunkController.signal)
            .catch((e: unknown) => {
              fatal ??= e
              chunkController.abort(e)
            })
            .finally(() => inFlight.delete(task))
          inFlight.add(task)
          continue
        }
        if (inFlight.size === 0) break
        await Promise.race(inFlight)
      }
      await Promise.allSettled(inFlight)
    } finally {
      this.signal.removeEventListener('abort', onStop)
    }
    if (fatal !== null) throw this.signal.aborted ? this.signal.reason : fatal
  }

  private async sendChunkWithRetry(
    tokenId: string,
    range: ByteRange,
    pending: RangeSet,
    firstRelease: () => void,
    signal: AbortSignal,
    mode: { resume: boolean; final: boolean } = { resume: true, final: false }
  ): Promise<void> {
    let release: (() => void) | null = firstRelease
    let attempt = 0
    let budgetUsed = 0
    try {
      for (;;) {
        release ??= await this.deps.pool.acquire(signal)
        try {
          await this.sendChunk(tokenId, range, mode, signal, release)
          release = null
          this.setWaiting(null)
          return
        } catch (err) {
          release?.()
          release = null
          if (signal.aborted) throw signal.reason
          const failure = classifyKalturaError(err)
          if (failure === null) throw err
          attempt++
          const decision = decideRetry({ failure, attempt, budgetUsed, offline: isOffline(err), ...retryAfter(err) }, this.deps.retry)
          this.deps.logger.info('upload', `file ${this.fileId}: chunk at ${range.start} failed (${failure}); ${decision.action}`, { error: describe(err) })
          switch (decision.action) {
            case 'retry':
              if (decision.countsAgainstBudget) budgetUsed++
              if (failure === 'server-busy') this.deps.pool.backOff()
              this.sizer.recordFailure()
              this.setWaiting(decision.waiting, describe(err))
              await sleep(decision.delayMs, signal)
              // A lost reply may hide a stored chunk: ask the server before sending it again.
              if (await this.serverHas(tokenId, range, signal)) return
              continue
            case 'shrink-chunk':
              budgetUsed++
              this.sizer.recordTooLarge(range.end - range.start)
              if (range.end - range.start > this.sizer.bytes) {
                pending.putBack(range)
                return
              }
              continue
            case 'new-token':
              throw new TokenLost('The server no longer had the partial upload, so it started again.')
            case 'verify-token':
              throw new VerifyAgain()
            case 'fail':
              throw new FileFailure(userError(failure, err))
          }
        }
      }
    } finally {
      release?.()
    }
  }

  /** Sends one chunk: checks the file, journals the chunk, sends it, journals the acknowledgement. */
  private async sendChunk(
    tokenId: string,
    range: ByteRange,
    mode: { resume: boolean; final: boolean },
    signal: AbortSignal = this.signal,
    release?: () => void
  ): Promise<void> {
    if (!release) release = await this.deps.pool.acquire(signal)
    const row = this.row()
    const length = range.end - range.start
    const stall = new AbortController()
    let stalled = false
    let timer: NodeJS.Timeout | null = null
    const pauseStall = (): void => {
      if (timer) clearTimeout(timer)
      timer = null
    }
    const armStall = (waitMs = this.deps.stallMs): void => {
      pauseStall()
      timer = setTimeout(() => {
        stalled = true
        stall.abort(new Error('stalled'))
      }, waitMs)
    }
    try {
      await this.checkFile()
      this.deps.journal.chunkSending(this.fileId, tokenId, range.start, length)
      const started = Date.now()
      armStall()
      let token: UploadToken
      try {
        token = await this.api.uploadToken.upload(
          { uploadTokenId: tokenId, filePath: row.path, fileName: row.name, start: range.start, end: range.end, resume: mode.resume, resumeAt: range.start, finalChunk: mode.final },
          {
            signal: AbortSignal.any([signal, stall.signal]),
            timeoutMs: Math.max(120_000, this.deps.stallMs * 4),
            // Time spent held back by the bandwidth limit is not a stall.
            bodyRateLimiter: async (bytes, s) => {
              pauseStall()
              await this.deps.limiter.take(bytes, s)
              armStall()
            },
            onProgress: (sent) => {
              // Once the whole part sits in the socket's buffers, a slow link can take a while to drain it
              // before the server can answer: allow longer before calling that a stall.
              armStall(sent >= length ? this.deps.stallMs * 3 : this.deps.stallMs)
              this.progress.setInFlight(range.start, sent)
            }
          }
        )
      } catch (err) {
        this.progress.endInFlight(range.start)
        if (stalled && !signal.aborted) {
          throw new KalturaTransportError({ service: 'uploadtoken', action: 'upload' }, 'timeout', `no progress for ${Math.round(this.deps.stallMs / 1000)} s`)
        }
        throw err
      }
      const serverOffset = token.uploadedFileSize ?? 0
      this.deps.journal.chunkAcked(this.fileId, range.start, serverOffset)
      this.progress.chunkAcked(range.start, length)
      this.sizer.recordSuccess(length, (Date.now() - started) / 1000)
      if (mode.final && (token.status === UploadTokenStatus.FULL_UPLOAD || token.status === UploadTokenStatus.CLOSED)) {
        if (serverOffset !== row.size) throw new FileFailure({ kind: 'api', message: `Kaltura assembled ${serverOffset} bytes instead of ${row.size}.` })
      }
    } finally {
      if (timer) clearTimeout(timer)
      release()
    }
  }

  /** After a failed chunk: true when the server's contiguous bytes already cover it (the reply was lost). */
  private async serverHas(tokenId: string, range: ByteRange, signal: AbortSignal): Promise<boolean> {
    try {
      const release = await this.deps.pool.acquire(signal)
      try {
        const token = await this.api.uploadToken.get(tokenId, { signal })
        const offset = token.uploadedFileSize ?? 0
        if (offset >= range.end) {
          this.deps.journal.chunkAcked(this.fileId, range.start, offset)
          this.progress.chunkAcked(range.start, range.end - range.start)
          return true
        }
      } finally {
        release()
      }
    } catch (err) {
      if (signal.aborted) throw signal.reason
      // The check is an optimisation; sending again is always safe.
    }
    return false
  }

  /** The closing call: resumeAt = size with an empty part, so the server checks the total. True when complete. */
  private async finalize(tokenId: string): Promise<boolean> {
    const row = this.row()
    await this.checkFile()
    this.setState('finalizing')
    let budgetUsed = 0
    for (let attempt = 1; ; attempt++) {
      try {
        const release = await this.deps.pool.acquire(this.signal)
        let token: UploadToken
        try {
          this.deps.journal.chunkSending(this.fileId, tokenId, row.size, 0)
          token = await this.api.uploadToken.upload(
            { uploadTokenId: tokenId, filePath: row.path, fileName: row.name, start: row.size, end: row.size, resume: true, resumeAt: row.size, finalChunk: true },
            { signal: this.signal, timeoutMs: this.deps.finalTimeoutMs }
          )
        } finally {
          release()
        }
        if ((token.uploadedFileSize ?? 0) !== row.size) return false
        this.markUploaded()
        return true
      } catch (err) {
        if (this.signal.aborted) throw this.signal.reason
        const failure = classifyKalturaError(err)
        if (failure === null) throw err
        if (failure === 'final-size-mismatch') return false
        if (failure === 'token-not-uploadable') {
          // Often a final call whose reply was lost: the token is already complete.
          const token = await this.call('uploadToken.get', (signal) => this.api.uploadToken.get(tokenId, { signal }))
          const complete = (token.uploadedFileSize ?? 0) === row.size &&
            (token.status === UploadTokenStatus.FULL_UPLOAD || token.status === UploadTokenStatus.CLOSED)
          if (complete) {
            this.markUploaded()
            return true
          }
          if (token.status === UploadTokenStatus.PARTIAL_UPLOAD) return false
          throw new TokenLost('The server refused to finish the partial upload, so it started again.')
        }
        const decision = decideRetry({ failure, attempt, budgetUsed, offline: isOffline(err), ...retryAfter(err) }, this.deps.retry)
        if (decision.action === 'new-token') throw new TokenLost('The server no longer had the partial upload, so it started again.')
        if (decision.action !== 'retry') throw new FileFailure(userError(failure, err))
        if (decision.countsAgainstBudget) budgetUsed++
        if (failure === 'server-busy') this.deps.pool.backOff()
        this.setWaiting(decision.waiting, describe(err))
        await sleep(decision.delayMs, this.signal)
      }
    }
  }

  private markUploaded(): void {
    this.deps.journal.updateFile(this.fileId, { uploaded: true, confirmedBytes: this.row().size })
    this.deps.journal.resetChunks(this.fileId, this.row().size, false)
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
      call: (what, fn) => this.call(what, fn)
    })
    this.setState('processing')
  }

  private get api(): KalturaApi {
    if (!this.apiValue) throw new Error('the Kaltura API is used before run() resolved it')
    return this.apiValue
  }

  // Shared plumbing

  /** One call through the pool with the retry policy; API refusals become FileFailure, a lost token TokenLost. */
  private call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctx: CallContext = {
      pool: this.deps.pool,
      retry: this.deps.retry,
      logger: this.deps.logger,
      signal: this.signal,
      label: `file ${this.fileId}`,
      setWaiting: (waiting, detail) => this.setWaiting(waiting, detail)
    }
    return retryingCall(ctx, what, fn)
  }

  private async checkFile(): Promise<void> {
    const row = this.row()
    const check = await checkIdentity(row.path, row)
    if (!check.ok) {
      throw new FileFailure({ kind: check.reason === 'unreadable' ? 'file-unreadable' : 'file-changed', message: check.message })
    }
  }

  private setState(state: FileState, extra: { error?: FileError | null } = {}): void {
    const row = this.row()
    if (row.state === state && extra.error === undefined) return
    assertTransition(row.state, state)
    this.deps.journal.updateFile(this.fileId, {
      state,
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
