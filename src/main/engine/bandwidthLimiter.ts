// A token bucket shared by all uploads: bytes per second across the app, changeable while uploads run; off by
// default. The Kaltura client awaits it before each piece of a chunk leaves.
import { sleep } from './sleep'

export class BandwidthLimiter {
  private rate: number | null
  private tokens = 0
  private last = Date.now()
  private queue: Promise<void> = Promise.resolve()

  constructor(bytesPerSecond: number | null) {
    this.rate = bytesPerSecond
  }

  setRate(bytesPerSecond: number | null): void {
    this.refill()
    this.rate = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : null
    if (this.rate !== null) this.tokens = Math.min(this.tokens, this.burst())
  }

  get bytesPerSecond(): number | null {
    return this.rate
  }

  /** Waits until `bytes` may be sent. Callers are served in order so one upload cannot starve the others. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.rate === null) return Promise.resolve()
    const turn = this.queue.then(() => this.wait(bytes, signal))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private burst(): number {
    // A quarter second of traffic, at least one 256 KiB piece, so pacing stays smooth.
    return Math.max(256 * 1024, (this.rate ?? 0) / 4)
  }

  private refill(): void {
    const now = Date.now()
    if (this.rate !== null) this.tokens = Math.min(this.burst(), this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      this.refill()
      if (this.rate === null) return
      if (this.tokens >= Math.min(bytes, this.burst())) {
        this.tokens -= bytes
        return
      }
      const missing = Math.min(bytes, this.burst()) - this.tokens
      await sleep(Math.max(5, Math.ceil((missing / this.rate) * 1000)), signal)
    }
  }
}
