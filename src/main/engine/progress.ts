// Per-file progress that never goes backwards: bytes the server confirmed plus bytes of chunks in flight,
// with a smoothed speed and an ETA. Totals are derived from the files.

export interface FileProgress {
  fileId: number
  size: number
  /** Bytes the server acknowledged. */
  confirmedBytes: number
  /** Bytes of chunks handed to the network and not yet acknowledged. */
  inFlightBytes: number
  /** What a progress bar shows: monotonic, at most size. */
  shownBytes: number
  /** Bytes per second, smoothed; 0 when idle. */
  speed: number
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null
}

/** Exponential moving average with a half-life, as Uppy's status bar uses (2 s). */
const HALF_LIFE_MS = 2000

export class ProgressTracker {
  private confirmed = 0
  private readonly inFlight = new Map<number, number>()
  private shown = 0
  private speed = 0
  private lastSampleAt = 0
  private lastSampleBytes = 0

  constructor(readonly fileId: number, readonly size: number, private readonly now: () => number = Date.now) {}

  /** Sets the confirmed bytes from the server or journal (may go down after the server lost data). */
  setConfirmed(bytes: number): void {
    this.confirmed = Math.min(this.size, Math.max(0, bytes))
  }

  addConfirmed(bytes: number): void {
    this.setConfirmed(this.confirmed + bytes)
  }

  /** A chunk identified by its offset has sent `bytes` of its part so far. */
  setInFlight(offset: number, bytes: number): void {
    this.inFlight.set(offset, bytes)
  }

  endInFlight(offset: number): void {
    this.inFlight.delete(offset)
  }

  clearInFlight(): void {
    this.inFlight.clear()
  }

  complete(): void {
    this.inFlight.clear()
    this.confirmed = this.size
  }

  snapshot(): FileProgress {
    const now = this.now()
    let inFlight = 0
    for (const b of this.inFlight.values()) inFlight += b
    const current = Math.min(this.size, this.confirmed + inFlight)
    this.shown = Math.max(this.shown, current)
    if (this.lastSampleAt === 0) {
      this.lastSampleAt = now
      this.lastSampleBytes = current
    } else if (now > this.lastSampleAt) {
      const dt = now - this.lastSampleAt
      const rate = (Math.max(0, current - this.lastSampleBytes) / dt) * 1000
      const alpha = 1 - 0.5 ** (dt / HALF_LIFE_MS)
      this.speed = this.speed + alpha * (rate - this.speed)
      this.lastSampleAt = now
      this.lastSampleBytes = current
    }
    const remaining = this.size - this.shown
    return {
      fileId: this.fileId,
      size: this.size,
      confirmedBytes: this.confirmed,
      inFlightBytes: inFlight,
      shownBytes: this.shown,
      speed: this.speed < 1 ? 0 : this.speed,
      etaSeconds: remaining === 0 ? 0 : this.speed >= 1 ? Math.ceil(remaining / this.speed) : null
    }
  }
}
