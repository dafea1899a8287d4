// Adaptive chunk size for one file: aims at a target number of seconds per chunk within bounds (longer where the
// round trip is long), shrinks after failures and when a part is refused as too large, grows when one is refused as
// too small, keeps between the account's remembered limits, and shares out the last bytes of a file so that every
// connection's last chunk ends at about the same time.
import type { ChunkLimitMemory } from './chunkLimitMemory'
import { FileFailure } from './runErrors'

export interface ChunkSizerOptions {
  minBytes: number
  maxBytes: number
  targetSeconds: number
  initialBytes?: number
  /** The account's limit as shown by earlier refusals, shared with its other files and kept across restarts. */
  limits?: ChunkLimitMemory
}

const ALIGN = 256 * 1024

/**
 * Each chunk costs its connection one idle round trip: the next chunk's request starts only when the reply to the
 * previous one arrives. A chunk lasting at least this many round trips keeps that idle time near 1 %: on a 300 ms
 * link, 30 s chunks instead of the setting's 8 s (which left each connection idle 4 % of the time).
 */
const ROUND_TRIPS_PER_CHUNK = 100
/**
 * The most the round trip lengthens a chunk to. The "round trip" is the opening part's reply time, which includes the
 * server's own time for a request; a slow server must not turn chunks into minutes each, every one of which a crash
 * or a lost connection would cost in full.
 */
const LONGEST_ROUND_TRIP_TARGET_SECONDS = 30

export class ChunkSizer {
  private size: number
  private ceiling: number
  private roundTrip = Infinity
  private rate = 0

  constructor(private readonly opts: ChunkSizerOptions) {
    this.ceiling = opts.maxBytes
    // Clamped when read (`bytes`), not here: a file that fits in one part never asks, and never reads the limits.
    this.size = opts.initialBytes ?? Math.min(Math.max(5_000_000, opts.minBytes), opts.maxBytes)
  }

  /** Clamped again at each read: a refusal another file of the account just met applies here at once. */
  get bytes(): number {
    return this.clamp(this.size)
  }

  /** The size times `factor`, within the same bounds and remembered limits as the size itself. */
  scaled(factor: number): number {
    return this.clamp(this.size * factor)
  }

  /** A chunk of `bytes` took `seconds`: move toward the size that would take the target time, at most doubling. */
  recordSuccess(bytes: number, seconds: number): void {
    this.opts.limits?.accepted(bytes)
    if (seconds <= 0 || bytes < this.size / 2) return
    this.rate = this.rate === 0 ? bytes / seconds : this.rate * 0.7 + (bytes / seconds) * 0.3
    const ideal = (bytes / seconds) * this.targetSeconds
    const next = Math.min(this.size * 2, Math.max(this.size / 2, ideal))
    this.size = this.clamp(next)
  }

  /** A request too small to wait on the link (the opening part) was answered in `seconds`: a round trip, at most. */
  recordRoundTrip(seconds: number): void {
    if (seconds > 0) this.roundTrip = Math.min(this.roundTrip, seconds)
  }

  /** One connection's pace in bytes per second over the recent full-size chunks; 0 before the first. */
  get connectionRate(): number {
    return this.rate
  }

  private get targetSeconds(): number {
    if (!Number.isFinite(this.roundTrip)) return this.opts.targetSeconds
    return Math.max(this.opts.targetSeconds, Math.min(LONGEST_ROUND_TRIP_TARGET_SECONDS, this.roundTrip * ROUND_TRIPS_PER_CHUNK))
  }

  /** The smallest non-final chunk the account's server takes (0 when it never refused one as too small). */
  get floor(): number {
    return this.opts.limits?.floor() ?? 0
  }

  /** A part of `refusedBytes` was refused as under the server's minimum (`named`, when the refusal said it). */
  recordTooSmall(refusedBytes: number, named: number | null): void {
    this.opts.limits?.tooSmall(refusedBytes, named)
    this.size = Math.max(this.size, this.floor)
  }

  recordFailure(): void {
    this.size = this.clamp(this.size / 2)
  }

  /** HTTP 413, or Kaltura's answer to a part over PHP's limits: never go back above 3/4 of the refused size. */
  recordTooLarge(refusedBytes: number): void {
    this.opts.limits?.refused(refusedBytes)
    this.ceiling = Math.max(this.opts.minBytes, Math.floor((refusedBytes * 3) / 4))
    this.size = this.clamp(Math.min(this.size, this.ceiling) / 2)
  }

  private clamp(n: number): number {
    const conflict = this.opts.limits?.conflict()
    if (conflict) {
      throw new FileFailure({
        kind: 'api',
        message: `Kaltura refuses parts smaller than ${conflict.floor} bytes and parts of ${conflict.refused} bytes or more for this account, so no part size can work. Ask the Kaltura administrator to raise the upload size limit or lower the minimum chunk size.`
      })
    }
    const remembered = this.opts.limits?.ceiling() ?? null
    const top = remembered === null ? this.ceiling : Math.min(this.ceiling, remembered)
    const bounded = Math.max(this.opts.minBytes, Math.min(top, n))
    const aligned = Math.floor(bounded / ALIGN) * ALIGN
    // The server's minimum beats the size heuristics, and the user's bounds: under it nothing is taken at all.
    return Math.max(this.opts.minBytes, aligned || bounded, this.floor)
  }
}

/**
 * Near the end of a file, chunks shrink to a share of the work left, so the last chunks on every connection finish at
 * about the same time, instead of one full-size chunk running alone on an otherwise idle link while the final call
 * waits for it. The work left counts what the other connections still have to send of their chunks in flight
 * (`othersInFlightBytes`): a connection that frees up while the others are busy takes a fair share of everything left,
 * not of the pending bytes alone. Sharing out only the pending bytes made each freed connection take 1/connections of
 * them, so the tail shrank geometrically into a dozen small chunks, each costing its connection an idle round trip.
 */
export function tailBalancedChunk(chunkBytes: number, remainingBytes: number, connections: number, minChunkBytes: number, othersInFlightBytes = 0): number {
  const share = Math.ceil((remainingBytes + othersInFlightBytes) / Math.max(1, connections))
  return Math.min(chunkBytes, Math.max(minChunkBytes, share))
}
