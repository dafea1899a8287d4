// One file's trip to Kaltura, from wherever the journal says it stands: upload token, chunks in parallel,
// verified final chunk, then the entry. Every step asks the server before trusting memory, and the journal is
// written before a chunk leaves and after the server acknowledges it.
import { basename, extname } from 'node:path'
import type { Journal, FileRow, BatchRow } from '../journal/journal'
import { classifyKalturaError, KalturaTransportError, UploadTokenStatus, EntryStatus, type KalturaFailure, type UploadToken } from '../kaltura'
import type { FileError, FileState, WaitingReason } from '../../shared/uploads'
import type { KalturaApi } from './kalturaApi'
import type { ConnectionPool } from './connectionPool'
import { sleep, type BandwidthLimiter } from './bandwidthLimiter'
import { ChunkSizer } from './chunkSizer'
import { checkIdentity } from './fileIdentity'
import { assertTransition } from './fileStates'
import type { Logger } from './logger'
import { KALTURA_MEDIA_TYPE } from './mediaKinds'
import { ProgressTracker } from './progress'
import { RangeSet, type ByteRange } from './rangeSet'
import { decideRetry, type RetryPolicyOptions } from './retryPolicy'
import type { Settings } from '../../shared/uploads'

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

/** Why a run stopped early; the run's state in the journal stays resumable. */
export type StopReason = 'pause' | 'suspend' | 'shutdown' | 'cancel'

export class RunStopped extends Error {
  override readonly name = 'RunStopped'
  constructor(readonly reason: StopReason) {
    super(`stopped: ${reason}`)
  }
}

/** The file failed for good (until the user retries); the message is for the user. */
class FileFailure extends Error {
  override readonly name = 'FileFailure'
  constructor(readonly fileError: FileError) {
    super(fileError.message)
  }
}

/** The token can no longer be used: start over with a new one. */
class TokenLost extends Error {
  override readonly name = 'TokenLost'
}

/** The server's state must be read again before going on (a lost final reply, a chunk refused by status). */
class VerifyAgain extends Error {
  override readonly name = 'VerifyAgain'
}

export type RunOutcome = 'uploaded' | 'entry-created' | 'failed' | 'stopped'

/** media.list shows READY entries only unless told otherwise; ours may still be empty or processing. */
const ANY_LIVE_ENTRY_STATUS = [EntryStatus.ERROR_IMPORTING, EntryStatus.ERROR_CONVERTING, EntryStatus.IMPORT, EntryStatus.PRECONVERT, EntryStatus.READY, EntryStatus.PENDING, EntryStatus.MODERATE, EntryStatus.BLOCKED, EntryStatus.NO_CONTENT]

const MAX_TOKEN_RESTARTS = 3
const MAX_VERIFY_ROUNDS = 10

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
      // fits in one chunk goes whole; otherwise a small first chunk gets the parallel chunks going sooner.
      const fitsInOne = row.size <= this.sizer.bytes
      const first = pending.take(fitsInOne ? row.size : Math.min(this.sizer.bytes, this.deps.settings().minChunkBytes))!
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
          const range = pending.take(this.sizer.bytes)
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
    let row = this.row()
    this.setState('creating-entry')
    if (!row.entryId) {
      // A crash between media.add and the journal write must not make a second entry: look for ours first.
      const existing = await this.call('media.list', (signal) =>
        this.api.media.list({ referenceIdEqual: row.referenceId, statusIn: ANY_LIVE_ENTRY_STATUS }, undefined, { signal })
      )
      const entry = existing.objects.find((e) => e.status !== EntryStatus.DELETED) ??
        (await this.call('media.add', (signal) => this.api.media.add(this.newEntry(row), { signal })))
      this.deps.journal.updateFile(this.fileId, { entryId: entry.id, entryStatus: numericStatus(entry.status) })
      this.deps.logger.info('entry', `file ${this.fileId}: entry ${entry.id}`)
      row = this.row()
    }
    const entryId = row.entryId!
    const entry = await this.call('media.get', (signal) => this.api.media.get(entryId, { signal })).catch((err: unknown) => {
      if (err instanceof FileFailure && err.fileError.code === 'ENTRY_ID_NOT_FOUND') {
        this.deps.journal.updateFile(this.fileId, { entryId: null, notice: 'The entry was deleted on the server; a new one was created.' })
        throw new VerifyAgain()
      }
      throw err
    })
    if (entry.status === EntryStatus.NO_CONTENT) {
      try {
        await this.call('media.addContent', (signal) => this.api.media.addContent(entryId, row.tokenId!, { signal }))
      } catch (err) {
        if (!(err instanceof FileFailure && err.fileError.code === 'ENTRY_ALREADY_WITH_CONTENT')) throw err
      }
    }
    this.deps.journal.updateFile(this.fileId, { contentAttached: true })
    this.setState('processing')
  }

  private get api(): KalturaApi {
    if (!this.apiValue) throw new Error('the Kaltura API is used before run() resolved it')
    return this.apiValue
  }

  private newEntry(row: FileRow): Parameters<KalturaApi['media']['add']>[0] {
    const meta = this.batch.metadata
    return {
      name: basename(row.name, extname(row.name)) || row.name,
      mediaType: KALTURA_MEDIA_TYPE[row.kind],
      referenceId: row.referenceId,
      ...(meta.description ? { description: meta.description } : {}),
      ...(meta.tags ? { tags: meta.tags } : {}),
      ...(meta.categories ? { categories: meta.categories } : {})
    }
  }

  // Shared plumbing

  /** One call through the pool with the retry policy; API refusals become FileFailure, a lost token TokenLost. */
  private async call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let budgetUsed = 0
    for (let attempt = 1; ; attempt++) {
      let delayMs: number
      const release = await this.deps.pool.acquire(this.signal)
      try {
        const result = await fn(this.signal)
        this.setWaiting(null)
        return result
      } catch (err) {
        if (this.signal.aborted) throw this.signal.reason
        const failure = classifyKalturaError(err)
        if (failure === null) throw err
        const decision = decideRetry({ failure, attempt, budgetUsed, offline: isOffline(err), ...retryAfter(err) }, this.deps.retry)
        this.deps.logger.info('upload', `file ${this.fileId}: ${what} failed (${failure}); ${decision.action}`, { error: describe(err) })
        if (decision.action === 'new-token') throw new TokenLost('The server no longer had the partial upload, so it started again.')
        if (decision.action !== 'retry') throw new FileFailure(userError(failure, err))
        if (decision.countsAgainstBudget) budgetUsed++
        if (failure === 'server-busy') this.deps.pool.backOff()
        this.setWaiting(decision.waiting, describe(err))
        delayMs = decision.delayMs
      } finally {
        release()
      }
      await sleep(delayMs, this.signal)
    }
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

/** Resolves as `promise` does, or rejects with the signal's reason as soon as the run is stopped. */
function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT'])

/** True when a failure says the server cannot be reached at all, rather than that it misbehaved. */
export function isOffline(err: unknown): boolean {
  if (!(err instanceof KalturaTransportError) || err.reason !== 'network') return false
  for (let e: unknown = err; e instanceof Error || (e && typeof e === 'object'); e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && OFFLINE_CODES.has(code)) return true
    if (!(e as { cause?: unknown }).cause) break
  }
  return false
}

function retryAfter(err: unknown): { retryAfterSeconds?: number } {
  return err instanceof KalturaTransportError && err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function numericStatus(status: unknown): number | null {
  return typeof status === 'number' ? status : null
}

/** The message a user sees for a failure that will not be retried. */
function userError(failure: KalturaFailure, err: unknown): FileError {
  const code = (err as { code?: unknown }).code
  const withCode = typeof code === 'string' ? { code } : {}
  switch (failure) {
    case 'session':
    case 'credentials':
      return { kind: 'auth', message: `Kaltura refused the session: check the partner id and the admin secret or KS. (${describe(err)})`, ...withCode }
    case 'source-file':
      return { kind: 'file-unreadable', message: describe(err) }
    case 'transient':
      return { kind: 'retries-exhausted', message: `Gave up after repeated failures: ${describe(err)}`, ...withCode }
    default:
      return { kind: 'api', message: describe(err), ...withCode }
  }
}

function unexpectedError(err: unknown): FileError {
  return { kind: 'api', message: `Unexpected error: ${describe(err)}` }
}
