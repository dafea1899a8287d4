// Per-file progress: bytes the server confirmed (the number shown, which a pause keeps) and, apart, bytes of
// chunks in flight (the lighter part of the bar), with a smoothed speed and an ETA. Totals are derived from files.

export interface FileProgress {
  fileId: number
  size: number
  /** Bytes the server acknowledged. */
  confirmedBytes: number
  /** Bytes of chunks handed to the network and not yet acknowledged; at most size minus confirmed. */
  inFlightBytes: number
  /** Bytes per second, smoothed; 0 when idle. */
  speed: number
  /** Seconds until the rest is confirmed at the current speed; null when unknown. */
  etaSeconds: number | null
}

/** Exponential moving average with a half-life, as Uppy's status bar uses (2 s). */
const HALF_LIFE_MS = 2000

interface ChunkInFlight {
  /** Bytes of the part handed to the connection. */
  handedOff: number
  startedAt: number
}

/**
 * Bytes handed to a socket are not bytes on the wire: the OS buffers megabytes. Once a few chunks have been
 * acknowledged, a chunk in flight is credited with what the measured per-connection rate says it has sent by now,
 * never more than it handed off; before that, with what it handed off.
 */
export class ProgressTracker {
  private confirmed = 0
  private readonly inFlight = new Map<number, ChunkInFlight>()
  private shown = 0
  private speed = 0
  private chunkRate = 0
  private lastSampleAt: number | null = null
  private lastSampleBytes = 0
  private confirmedListener: ((bytes: number) => void) | null = null

  constructor(readonly fileId: number, readonly size: number, private readonly now: () => number = Date.now) {}

  /** Sets the confirmed bytes from the server or journal (may go down after the server lost data). */
  setConfirmed(bytes: number): void {
    this.confirmed = Math.min(this.size, Math.max(0, bytes))
  }

  /** Bytes the server newly acknowledged go to `listener` too: the batch's speed is measured from them. */
  reportConfirmedTo(listener: (bytes: number) => void): void {
    this.confirmedListener = listener
  }

  /** A chunk identified by its offset has handed `bytes` of its part to the connection so far. */
  setInFlight(offset: number, bytes: number): void {
    const chunk = this.inFlight.get(offset)
    if (chunk) chunk.handedOff = bytes
    else this.inFlight.set(offset, { handedOff: bytes, startedAt: this.now() })
  }

  /** The server acknowledged the chunk at `offset`: its bytes are confirmed and its pace is learned. */
  chunkAcked(offset: number, bytes: number): void {
    const chunk = this.inFlight.get(offset)
    this.inFlight.delete(offset)
    const before = this.confirmed
    this.setConfirmed(this.confirmed + bytes)
    if (this.confirmed > before) this.confirmedListener?.(this.confirmed - before)
    if (!chunk || bytes < 64 * 1024) return
    const seconds = Math.max(0.001, (this.now() - chunk.startedAt) / 1000)
    const rate = bytes / seconds
    this.chunkRate = this.chunkRate === 0 ? rate : this.chunkRate * 0.7 + rate * 0.3
  }

  /** The chunk failed or was abandoned: its bytes were not confirmed. */
  endInFlight(offset: number): void {
    this.inFlight.delete(offset)
  }

  /** The run stopped (paused, failed, suspended): what was in flight is gone; what the server has stays. */
  settle(): void {
    this.inFlight.clear()
    this.shown = this.confirmed
    this.speed = 0
    this.lastSampleAt = null
  }

  complete(): void {
    this.inFlight.clear()
    this.confirmed = this.size
  }

  snapshot(): FileProgress {
    const now = this.now()
    let inFlight = 0
    for (const chunk of this.inFlight.values()) {
      const estimate = this.chunkRate > 0 ? ((now - chunk.startedAt) / 1000) * this.chunkRate : chunk.handedOff
      inFlight += Math.min(chunk.handedOff, estimate)
    }
    inFlight = Math.min(this.size - this.confirmed, Math.floor(inFlight))
    // The speed follows bytes on the wire too, so it moves between acknowledgements; only it uses `shown`.
    this.shown = Math.max(this.shown, this.confirmed + inFlight)
    if (this.lastSampleAt === null) {
      this.lastSampleAt = now
      this.lastSampleBytes = this.shown
    } else if (now > this.lastSampleAt) {
      const dt = now - this.lastSampleAt
      const rate = (Math.max(0, this.shown - this.lastSampleBytes) / dt) * 1000
      const alpha = 1 - 0.5 ** (dt / HALF_LIFE_MS)
      this.speed = this.speed + alpha * (rate - this.speed)
      this.lastSampleAt = now
      this.lastSampleBytes = this.shown
    }
    const remaining = this.size - this.confirmed
    return {
      fileId: this.fileId,
      size: this.size,
      confirmedBytes: this.confirmed,
      inFlightBytes: inFlight,
      speed: this.speed < 1 ? 0 : this.speed,
      etaSeconds: remaining === 0 ? 0 : this.speed >= 1 ? Math.ceil(remaining / this.speed) : null
    }
  }
}
