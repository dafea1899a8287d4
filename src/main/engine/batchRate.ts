// The batch's speed as a person would time it: bytes the server confirmed over the last half minute, the gaps
// between files included, and whether bytes are flowing at all (so time left is shown only while they are).
import type { TransferFlow } from '../../shared/uploads'

/** Long enough to span several chunks and the pauses between files, short enough to follow a change of link. */
const WINDOW_MS = 30_000
/** No confirmation for this long while files run means an outage or a stall, not a slow chunk. */
const QUIET_MS = 20_000
/** A speed over a shorter span is a guess from one or two chunks. */
const MIN_SPAN_MS = 3_000

export interface RateReading {
  /** Confirmed bytes per second over the window; null until a few seconds have been measured. */
  speed: number | null
  flow: TransferFlow
}

export class BatchRate {
  private samples: Array<{ at: number; bytes: number }> = []
  private activeSince: number | null = null
  private lastConfirmedAt: number | null = null

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = WINDOW_MS,
    private readonly quietMs = QUIET_MS
  ) {}

  /** The server acknowledged `bytes` just now. */
  confirmed(bytes: number): void {
    if (bytes <= 0) return
    const at = this.now()
    this.samples.push({ at, bytes })
    this.lastConfirmedAt = at
    this.prune(at)
  }

  /**
   * Whether files are being sent. The span starts again when sending starts after a stop, so a pause is not
   * counted as slowness, while an outage (files still running) is.
   */
  setActive(active: boolean): void {
    if (active && this.activeSince === null) {
      this.activeSince = this.now()
      this.samples = []
      this.lastConfirmedAt = null
    } else if (!active) this.activeSince = null
  }

  /** `stuck`: every running file already says it cannot reach the server, so there is no need to wait QUIET_MS. */
  reading(stuck = false): RateReading {
    if (this.activeSince === null) return { speed: null, flow: 'idle' }
    const now = this.now()
    this.prune(now)
    const start = Math.max(now - this.windowMs, this.activeSince)
    const span = now - start
    const bytes = this.samples.reduce((sum, s) => sum + s.bytes, 0)
    const speed = span >= MIN_SPAN_MS ? (bytes * 1000) / span : null
    const lastSign = Math.max(this.lastConfirmedAt ?? this.activeSince, this.activeSince)
    const flow: TransferFlow = stuck || now - lastSign > this.quietMs ? 'waiting' : 'moving'
    return { speed, flow }
  }

  private prune(now: number): void {
    const from = now - this.windowMs
    let drop = 0
    while (drop < this.samples.length && this.samples[drop]!.at <= from) drop++
    if (drop > 0) this.samples.splice(0, drop)
  }
}
