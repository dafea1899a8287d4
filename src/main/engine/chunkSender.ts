// Sends one file's pending byte ranges into its upload token: several chunks at once within the shared pool, each
// read from a handle opened and checked for that chunk alone, journaled before it leaves and after the server
// acknowledges it, and retried through the one retry loop. The server's reported size can lower what counts as
// arrived, never raise it past the chunks this file saw acknowledged.
import type { FileHandle } from 'node:fs/promises'
import type { FileRow, Journal } from '../journal/journal'
import { KalturaTransportError, minimumChunkOf, UploadTokenStatus, type UploadToken } from '../kaltura'
import { openUnchanged } from '../intake/fileIdentity'
import type { Settings } from '../../shared/uploads'
import { pieceBytesFor, type Parallelism } from './adaptiveConnections'
import type { BandwidthLimiter } from './bandwidthLimiter'
import { tailBalancedChunk, type ChunkSizer } from './chunkSizer'
import type { KalturaApi } from './kalturaApi'
import type { ProgressTracker } from './progress'
import type { ByteRange, RangeSet } from './rangeSet'
import { withRetries, type RetryHooks, type RetryScope } from './retry'
import { fileFailure, FileFailure } from './runErrors'

export interface ChunkSenderDeps {
  api: KalturaApi
  journal: Journal
  /** How many chunks may be in flight now; told the bytes sent and the round trips seen. */
  parallelism: Parallelism
  limiter: BandwidthLimiter
  sizer: ChunkSizer
  progress: ProgressTracker
  settings(): Settings
  /** A chunk that sends nothing and gets no reply for this long is abandoned and re-verified. */
  stallMs: number
  /** The run's scope: its signal stops every chunk. */
  scope: RetryScope
}

interface ChunkMode {
  resume: boolean
  final: boolean
}

const MIDDLE_CHUNK: ChunkMode = { resume: true, final: false }

/** A part this small waits on no link: its reply time is a round trip (plus the server's own time). */
const ROUND_TRIP_PROBE_BYTES = 64 * 1024

/** Lane `lane` of `lanes` sends chunks of this share of the sizer's figure: from 3/4 to 5/4, evenly spread. */
function laneSpread(lane: number, lanes: number): number {
  return lanes <= 1 ? 1 : 0.75 + (0.5 * Math.min(lane, lanes - 1)) / (lanes - 1)
}

interface ChunkInFlight {
  bytes: number
  startedAt: number
}

export class ChunkSender {
  /** This file's chunks on the wire now, by offset: the tail's share counts what they still have to send. */
  private readonly inFlight = new Map<number, ChunkInFlight>()

  constructor(
    private readonly deps: ChunkSenderDeps,
    private readonly file: FileRow,
    private readonly tokenId: string
  ) {}

  /**
   * The first call, which replaces whatever the token held (resume=false) and must land before any other. Returns
   * false when the server refused it as too large or too small and it went back into `pending` to be sent resized.
   */
  async sendOpening(range: ByteRange, pending: RangeSet, whole: boolean): Promise<boolean> {
    return withRetries(this.deps.scope, 'uploadToken.upload (opening part)', (signal) => this.sendChunk(range, { resume: false, final: whole }, signal).then(() => true), this.hooksFor(() => range, pending, false))
  }

  /** Sends every pending range, as many at once as the connection setting allows, until none is left. */
  async sendAll(pending: RangeSet): Promise<void> {
    const run = this.deps.scope.signal
    if (run.aborted) throw run.reason
    // One chunk's fatal failure stops its siblings at once, without stopping the run itself.
    const controller = new AbortController()
    const onStop = (): void => controller.abort(run.reason)
    run.addEventListener('abort', onStop, { once: true })
    const scope: RetryScope = { ...this.deps.scope, signal: controller.signal }
    const workers = new Set<Promise<void>>()
    const lanes = new Set<number>()
    let fatal: unknown = null
    const connections = (): number => Math.max(1, this.deps.parallelism.connections)
    const spawn = (): void => {
      while (fatal === null && !pending.isEmpty && workers.size < connections()) {
        let lane = 0
        while (lanes.has(lane)) lane++
        lanes.add(lane)
        const worker: Promise<void> = this.worker(pending, scope, lane, () => workers.size > connections(), spawn)
          .catch((err: unknown) => {
            fatal ??= err
            controller.abort(err)
          })
          .finally(() => {
            workers.delete(worker)
            lanes.delete(lane)
          })
        workers.add(worker)
      }
    }
    // More connections allowed (connectionTuner.ts): they start at once, not when a running chunk ends.
    const unsubscribe = this.deps.parallelism.onRaise(spawn)
    try {
      spawn()
      while (workers.size > 0) {
        await Promise.race(workers)
        spawn()
      }
    } finally {
      unsubscribe()
      run.removeEventListener('abort', onStop)
    }
    if (fatal !== null) throw run.aborted ? run.reason : fatal
  }

  /**
   * Takes the next range when a slot is free, sends it, and goes on until nothing is left (or too many run). Each
   * worker's chunks are a little larger or smaller than the sizer's figure, by its lane: chunks of one size, started
   * together after the opening part, would all end together, and every connection would then wait out the same
   * idle round trip, leaving the link empty for it, at every boundary.
   */
  private async worker(pending: RangeSet, scope: RetryScope, lane: number, tooMany: () => boolean, onChunkDone: () => void): Promise<void> {
    while (!tooMany()) {
      let range: ByteRange | null = null
      const sent = await withRetries(
        scope,
        'uploadToken.upload',
        async (signal) => {
          if (range) return this.sendTaken(range, signal)
          // Taken only once a slot is free, so the size fits what is left when it can actually go.
          const { sizer, settings } = this.deps
          const connections = Math.max(1, this.deps.parallelism.connections)
          const floor = Math.max(settings().minChunkBytes, sizer.floor)
          const staggered = sizer.scaled(laneSpread(lane, connections))
          range = pending.take(tailBalancedChunk(staggered, pending.bytes, connections, floor, this.inFlightLeft()))
          if (!range) return false
          // In flight from now on for the tail's sums, so the next worker's share already counts it.
          this.inFlight.set(range.start, { bytes: range.end - range.start, startedAt: Date.now() })
          return this.sendTaken(range, signal)
        },
        this.hooksFor(() => range, pending, true)
      ).finally(() => {
        if (range) this.inFlight.delete(range.start)
      })
      if (!sent && pending.isEmpty) return
      onChunkDone()
    }
  }

  private async sendTaken(range: ByteRange, signal: AbortSignal): Promise<boolean> {
    await this.sendChunk(range, MIDDLE_CHUNK, signal)
    return true
  }

  /**
   * What the chunks in flight still have to send, estimated from one connection's measured pace (bytes handed to a
   * socket say little: the OS buffers megabytes); before any pace is known, half of each.
   */
  private inFlightLeft(): number {
    const rate = this.deps.sizer.connectionRate
    const now = Date.now()
    let left = 0
    for (const chunk of this.inFlight.values()) {
      left += rate > 0 ? Math.max(0, chunk.bytes - (rate * (now - chunk.startedAt)) / 1000) : chunk.bytes / 2
    }
    return left
  }

  private hooksFor(range: () => ByteRange | null, pending: RangeSet, afterRefusal: boolean): RetryHooks<boolean> {
    return {
      // A chunk whose reply was lost is sent again, whatever uploadedFileSize says: that size is one request's reading
      // of the end of file, which can count bytes another request is still writing, and a reply lost with the
      // connection may be of a write that never finished (kUploadTokenMgr.php:545-548, :648-652; README "Harsher modes").
      // Sending it again is safe: it lands at resumeAt over the same bytes.
      beforeRetry: async () => {
        this.deps.sizer.recordFailure()
        return undefined
      },
      tooLarge: () => {
        const r = range()
        if (!r) return undefined
        this.deps.sizer.recordTooLarge(r.end - r.start)
        if (r.end - r.start <= this.deps.sizer.bytes) return undefined
        pending.putBack(r)
        return { value: afterRefusal }
      },
      tooSmall: (err) => {
        const r = range()
        if (!r) return undefined
        const wire = this.onTheWire(r, !afterRefusal)
        this.deps.sizer.recordTooSmall(wire.end - wire.start, minimumChunkOf(err))
        pending.putBack(r)
        return { value: afterRefusal }
      }
    }
  }

  /**
   * The bytes that go for `range`: the range itself, or, when it is under the server's minimum chunk size (a file's
   * last pending bytes, a gap left by earlier chunks), widened over neighbouring bytes to the minimum, backwards
   * first. Bytes the server holds already are written again at the same place, unchanged (resumeAt ≤ size < resumeAt +
   * part: written at resumeAt, kUploadTokenMgr.php:448-452); the opening part (resume=false) can only grow forwards.
   */
  private onTheWire(range: ByteRange, opening: boolean): ByteRange {
    const floor = this.deps.sizer.floor
    if (range.end - range.start >= floor) return range
    const start = opening ? range.start : Math.max(0, range.end - floor)
    return { start, end: Math.min(this.file.size, Math.max(range.end, start + floor)) }
  }

  /** Sends one chunk: opens and checks the file, journals the chunk, sends it, journals the acknowledgement. */
  private async sendChunk(range: ByteRange, mode: ChunkMode, signal: AbortSignal): Promise<void> {
    const opened = await openUnchanged(this.file.path, this.file)
    if (!opened.ok) throw fileFailure(opened.problem)
    try {
      // Stopped (pause, sleep, quit) while the file was being opened: nothing starts after a stop.
      signal.throwIfAborted()
      await this.upload(opened.handle, range, mode, signal)
    } finally {
      await opened.handle.close()
    }
  }

  private async upload(handle: FileHandle, range: ByteRange, mode: ChunkMode, signal: AbortSignal): Promise<void> {
    const { journal, progress, stallMs } = this.deps
    const fileId = this.file.id
    const length = range.end - range.start
    // The journal and progress count `range`; the wire may carry bytes before and after it (onTheWire).
    const wire = mode.final ? range : this.onTheWire(range, !mode.resume)
    const lead = range.start - wire.start
    const stall = new AbortController()
    let stalled = false
    let timer: NodeJS.Timeout | null = null
    const pauseStall = (): void => {
      if (timer) clearTimeout(timer)
      timer = null
    }
    const armStall = (waitMs = stallMs): void => {
      pauseStall()
      timer = setTimeout(() => {
        stalled = true
        stall.abort(new Error('stalled'))
      }, waitMs)
    }
    journal.chunkSending(fileId, this.tokenId, range.start, length)
    const started = Date.now()
    // Its pace counts from here: the chunk may have waited for a slot in the pool since it was taken.
    const inFlight = this.inFlight.get(range.start)
    if (inFlight) inFlight.startedAt = started
    armStall()
    let token: UploadToken
    try {
      token = await this.deps.api.uploadToken.upload(
        { uploadTokenId: this.tokenId, filePath: this.file.path, fileHandle: handle, fileName: this.file.name, start: wire.start, end: wire.end, resume: mode.resume, resumeAt: wire.start, finalChunk: mode.final },
        {
          signal: AbortSignal.any([signal, stall.signal]),
          timeoutMs: Math.max(120_000, stallMs * 4),
          pieceBytes: pieceBytesFor(this.deps.sizer.connectionRate, this.deps.parallelism.connections),
          // Time spent held back by the bandwidth limit is not a stall.
          bodyRateLimiter: async (bytes, s) => {
            pauseStall()
            await this.deps.limiter.take(bytes, s)
            this.deps.parallelism.sent(bytes)
            armStall()
          },
          onProgress: (sent) => {
            // Once the whole part sits in the socket's buffers, a slow link can take a while to drain it before the
            // server can answer: allow longer before calling that a stall.
            armStall(sent >= wire.end - wire.start ? stallMs * 3 : stallMs)
            progress.setInFlight(range.start, Math.min(length, Math.max(0, sent - lead)))
          }
        }
      )
    } catch (err) {
      progress.endInFlight(range.start)
      if (stalled && !signal.aborted) {
        throw new KalturaTransportError({ service: 'uploadtoken', action: 'upload' }, 'timeout', `no progress for ${Math.round(stallMs / 1000)} s`)
      }
      throw err
    } finally {
      pauseStall()
    }
    journal.chunkAcked(fileId, range.start, this.confirmedOffset(range, token.uploadedFileSize ?? 0))
    progress.chunkAcked(range.start, length)
    const seconds = (Date.now() - started) / 1000
    this.deps.sizer.recordSuccess(wire.end - wire.start, seconds)
    if (wire.end - wire.start <= ROUND_TRIP_PROBE_BYTES) {
      this.deps.sizer.recordRoundTrip(seconds)
      this.deps.parallelism.roundTrip(seconds)
    }
    const serverOffset = token.uploadedFileSize ?? 0
    if (mode.final && (token.status === UploadTokenStatus.FULL_UPLOAD || token.status === UploadTokenStatus.CLOSED) && serverOffset !== this.file.size) {
      throw new FileFailure({ kind: 'api', message: `Kaltura assembled ${serverOffset} bytes instead of ${this.file.size}.` })
    }
  }

  /**
   * The offset the journal may count as confirmed once `range` is acknowledged: the server's reported size, but never
   * past this file's own acknowledged chunks, contiguous from what the journal confirmed already. A size the engine
   * did not confirm itself skips nothing (see beforeRetry).
   */
  private confirmedOffset(range: ByteRange, reported: number): number {
    const { journal } = this.deps
    let confirmed = journal.confirmedBytes(this.file.id) ?? 0
    for (const chunk of journal.chunksFor(this.file.id)) {
      if (chunk.offset > confirmed) break
      if (chunk.state === 'acked' || chunk.offset === range.start) confirmed = Math.max(confirmed, chunk.offset + chunk.length)
    }
    return Math.min(reported, confirmed)
  }

}
