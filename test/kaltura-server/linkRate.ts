// Shared link-rate limiter: paces request-body reads so all requests together stay under one byte rate.
import { setTimeout as sleep } from 'node:timers/promises'

/** Longest single wait, so a rate change takes effect quickly even at very low rates. */
const MAX_SLICE_SECONDS = 0.05
const UNLIMITED_SLICE_BYTES = 1024 * 1024

export class LinkRate {
  private bytesPerSecond: number | null = null
  private nextFreeAtMs = 0

  static of(bytesPerSecond: number): LinkRate {
    const rate = new LinkRate()
    rate.set(bytesPerSecond)
    return rate
  }

  set(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond !== null && bytesPerSecond > 0 ? bytesPerSecond : null
    this.nextFreeAtMs = Math.min(this.nextFreeAtMs, performance.now())
  }

  /** How many bytes to let through per take() at the current rate. */
  sliceBytes(): number {
    const rate = this.bytesPerSecond
    return rate === null ? UNLIMITED_SLICE_BYTES : Math.max(1, Math.floor(rate * MAX_SLICE_SECONDS))
  }

  /** Resolves once `bytes` (at most one slice) more bytes may pass under the current rate. */
  async take(bytes: number): Promise<void> {
    const rate = this.bytesPerSecond
    if (rate === null || bytes <= 0) return
    const now = performance.now()
    const startAt = Math.max(now, this.nextFreeAtMs)
    this.nextFreeAtMs = startAt + (bytes / rate) * 1000
    const waitMs = this.nextFreeAtMs - now
    if (waitMs >= 1) await sleep(waitMs)
  }
}
